// Builds the bench page (bench/index.html) on its own, out of the app bundle, and serves /data/ like the app's servers,
// cross-origin isolated (COOP/COEP) as the app is, so that ConvLab's and tfjs's wasm engines may run threads.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { DEFAULT_DATA_DIR } from '../src/cli/prepareData.ts';
import { serveData } from '../src/cli/serveData.ts';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export const BENCH_OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/convlab-bench/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [serveData(DEFAULT_DATA_DIR)],
  worker: { format: 'es' },
  // Not minified: tfjs-wasm's threaded build sends its Emscripten factory to its pthreads as source text
  // (factory.toString()), which must not name variables a minifier renamed outside it.
  build: { target: 'es2022', outDir: BENCH_OUT_DIR, emptyOutDir: true, chunkSizeWarningLimit: 4096, minify: false },
  server: { headers: ISOLATION },
  preview: { host: '127.0.0.1', port: 4186, headers: ISOLATION },
});
