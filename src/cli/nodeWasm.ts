// The wasm engine in Node: the builds read from wasm/build/ (compiled on first use when missing or older than the
// kernels' sources), helper threads as worker_threads, and every logical processor available.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HelperThread, WasmHost } from '../engine/wasm/runtime.ts';
import { WASM_VARIANTS } from '../engine/wasm/variants.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const buildDir = join(root, 'wasm', 'build');

/** Compiles the kernels when a build is missing (the build script itself skips work that is current). */
export function ensureWasmBuilt(): void {
  if (WASM_VARIANTS.every((v) => existsSync(join(buildDir, v.file)))) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-wasm.ts')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('building the wasm kernels failed (npx tsx scripts/build-wasm.ts shows why)');
}

function workerThread(source: string): HelperThread {
  const w = new Worker(source, { eval: true });
  // Helper threads wait on the memory forever; they must not keep the process alive.
  w.unref();
  return {
    post: (m) => w.postMessage(m),
    onMessage: (listener) => void w.on('message', listener),
    terminate: () => void w.terminate(),
  };
}

export function nodeWasmHost(): WasmHost {
  ensureWasmBuilt();
  return {
    load: async (file) => readFileSync(join(buildDir, file)),
    spawn: workerThread,
    sharedMemory: true,
    hardwareThreads: availableParallelism(),
  };
}
