// Vite builds the React app and the engine worker; shaders/*.wgsl are imported as strings with ?raw, the wasm
// engine's builds (wasm/build/, compiled by scripts/build-wasm.ts first) as asset URLs with ?url.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleData } from './src/cli/bundleData.ts';
import { DEFAULT_DATA_DIR } from './src/cli/prepareData.ts';
import { serveData } from './src/cli/serveData.ts';

/**
 * Cross-origin isolation (COOP + COEP): what SharedArrayBuffer, and so the wasm engine's threads, need. Every
 * resource the app loads is its own, so requiring CORP of cross-origin ones costs nothing.
 */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Where a built site fetches the datasets: CONVLAB_DATA_URL at build time, else its own data/ folder (bundleData). */
const DATA_URL = process.env.CONVLAB_DATA_URL ?? '';

export default defineConfig({
  // Relative URLs throughout: the same dist/ works at a host's root and under any sub-path.
  base: './',
  define: { 'import.meta.env.CONVLAB_DATA_URL': JSON.stringify(DATA_URL) },
  plugins: [react(), serveData(DEFAULT_DATA_DIR), bundleData(DEFAULT_DATA_DIR, DATA_URL || undefined)],
  worker: { format: 'es' },
  server: { port: 5173, host: '127.0.0.1', headers: ISOLATION },
  preview: { port: 4173, host: '127.0.0.1', headers: ISOLATION },
  build: { target: 'es2022', sourcemap: true },
});
