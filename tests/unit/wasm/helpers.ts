// Scaffolding for the wasm engine's suites: a runtime per thread count (the builds compiled first when missing),
// buffers filled from and read back into typed arrays, and the closeness check the GPU suites use.
import { afterAll, expect } from 'vitest';
import { nodeWasmHost } from '../../../src/cli/nodeWasm.ts';
import { WasmRuntime } from '../../../src/engine/wasm/runtime.ts';

export { rand32 } from '../../reference/helpers.ts';

/** Thread counts every kernel suite runs at: results may differ by float rounding only. */
export const THREAD_COUNTS = [1, 2, 3] as const;

const runtimes = new Map<number, Promise<WasmRuntime>>();

/** A runtime with `threads` threads, shared by the file's tests and destroyed after them. */
export function runtime(threads: number): Promise<WasmRuntime> {
  let r = runtimes.get(threads);
  if (!r) {
    r = WasmRuntime.create(nodeWasmHost(), { threads });
    runtimes.set(threads, r);
  }
  return r;
}

afterAll(async () => {
  for (const r of runtimes.values()) (await r).destroy();
  runtimes.clear();
});

/** A buffer holding `data` (or `count` zeroed floats); its byte address. */
export function upload(rt: WasmRuntime, data: Float32Array | Int32Array | Uint32Array | number): number {
  const count = typeof data === 'number' ? data : data.length;
  const at = rt.allocF32(count);
  if (typeof data === 'number') rt.heap.f32.fill(0, at >>> 2, (at >>> 2) + count);
  else if (data instanceof Float32Array) rt.heap.f32.set(data, at >>> 2);
  else rt.heap.i32.set(data, at >>> 2);
  return at;
}

export function read(rt: WasmRuntime, at: number, count: number): Float32Array {
  return rt.f32(at, count).slice();
}

/** Fails at the worst element outside |actual - expected| ≤ atol + rtol·|expected| (NaN never passes). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, atol = 1e-5, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) expect.fail(`${what} index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}
