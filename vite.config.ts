// Vite builds the React app and the engine worker; shaders/*.wgsl are imported as strings with ?raw.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { DEFAULT_DATA_DIR } from './src/cli/prepareData.ts';
import { serveData } from './src/cli/serveData.ts';

export default defineConfig({
  plugins: [react(), serveData(DEFAULT_DATA_DIR)],
  worker: { format: 'es' },
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  build: { target: 'es2022', sourcemap: true },
});
