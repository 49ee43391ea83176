// Builds the app once and serves it with `vite preview` for the e2e tests; the URL reaches tests via inject('baseUrl').
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Overridable so that two checkouts (or two sessions) can run their e2e suites at once.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist';
const BASE_URL = `http://127.0.0.1:${PORT}`;

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited early with code ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  // The app serves the prepared datasets from data/: convert them first (a no-op when they are current).
  const data = spawnSync('npx', ['tsx', 'scripts/prepare-data.ts'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (data.status !== 0) throw new Error(`preparing the bundled datasets failed with exit code ${data.status}`);
  // NODE_ENV=production: vitest sets NODE_ENV=test, which vite keeps, and that bundles React's much slower development build.
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', OUT_DIR], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error(`vite build failed with exit code ${build.status}`);

  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1', '--outDir', OUT_DIR], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
    detached: true,
  });
  server.stdout?.resume();
  const stop = () => {
    if (server.exitCode === null && server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM'); // the npx process group: npx and the vite it started
      } catch {
        // already gone
      }
    }
  };
  try {
    await waitForServer(BASE_URL, server, 60_000);
  } catch (e) {
    stop();
    throw e;
  }
  project.provide('baseUrl', BASE_URL);
  return stop;
}
