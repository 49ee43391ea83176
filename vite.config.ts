// Vite builds the React app and the engine worker; shaders/*.wgsl are imported as strings with ?raw, the wasm
// engine's builds (wasm/build/, compiled by scripts/build-wasm.ts first) as asset URLs with ?url.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { DEFAULT_DATA_DIR } from './src/cli/prepareData.ts';
import { serveData } from './src/cli/serveData.ts';

/**
 * Cross-origin isolation (COOP + COEP): what SharedArrayBuffer, and so the wasm engine's threads, need. Every
 * resource the app loads is its own, so requiring CORP of cross-origin ones costs nothing.
 */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react(), serveData(DEFAULT_DATA_DIR)],
  worker: { format: 'es' },
  server: { port: 5173, host: '127.0.0.1', headers: ISOLATION },
  preview: { port: 4173, host: '127.0.0.1', headers: ISOLATION },
  build: { target: 'es2022', sourcemap: true },
});
