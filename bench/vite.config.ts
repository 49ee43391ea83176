// Builds the bench page (bench/index.html) on its own, out of the app bundle, and serves /data/ like the app's servers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { DEFAULT_DATA_DIR } from '../src/cli/prepareData.ts';
import { serveData } from '../src/cli/serveData.ts';

export const BENCH_OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/convlab-bench/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [serveData(DEFAULT_DATA_DIR)],
  build: { target: 'es2022', outDir: BENCH_OUT_DIR, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4186 },
});
