// shaders/pool2d_forward.wgsl, pool2d_backward.wgsl and global_avg_pool.wgsl on Dawn/SwiftShader against the CPU
// reference (src/model/reference/pool.ts): values, exact argmax indices (ties included), and full dx coverage.
import { describe, expect, it } from 'vitest';
import type { KernelDispatch } from '../../src/engine/kernels/kernel.ts';
import { shaderSource } from '../../src/engine/shaders.ts';
import {
  poolEntryPoint,
  poolUniforms,
  prepareGlobalAvgPoolBackward,
  prepareGlobalAvgPoolForward,
  preparePoolBackward,
  preparePoolForward,
  type PoolKind,
} from '../../src/engine/kernels/pool2d.ts';
import type { WindowGeometry } from '../../src/model/geometry.ts';
import {
  avgPoolBackward,
  avgPoolForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  l2PoolBackward,
  l2PoolForward,
  maxPoolBackward,
  maxPoolForward,
} from '../../src/model/reference/pool.ts';
import { makeWindow, type WindowOptions } from '../../src/model/reference/tensor.ts';
import { POOL_CASES, type PoolCase } from './geometries.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

/** What the GPU leaves in output buffers before the kernel runs: any survivor is a missed write. */
const GARBAGE = 777;

type Case = PoolCase;
const cases = POOL_CASES;

function describeCase(c: Case, g: WindowGeometry): string {
  const extra = [
    g.padding.some((p) => p > 0) ? ` pad ${g.padding.join('x')}` : '',
    g.dilation.some((d) => d > 1) ? ` dil ${g.dilation.join('x')}` : '',
    c.values ? ` (${c.values})` : '',
  ].join('');
  return `${c.batch}x${g.input.join('x')} pool ${g.kernel.join('x')} stride ${g.stride.join('x')}${extra}`;
}

function inputValues(c: Case, n: number, seed: number): Float32Array {
  if (c.values === 'constant') return new Float32Array(n).fill(0.5);
  if (c.values === 'integers') return randomArray(n, seed, 0, 3).map(Math.floor);
  return randomArray(n, seed);
}

describe.skipIf(!gpuAvailable)('pooling kernels on Dawn', () => {
  const gpu = useGpu('pool2d-test');

  const garbage = (n: number) => gpu.buffer(new Float32Array(n).fill(GARBAGE));

  async function runAll(dispatches: KernelDispatch[]): Promise<void> {
    await gpu.run(dispatches);
    for (const d of dispatches) d.destroy();
  }

  cases.forEach((c, index) => {
    const g = makeWindow(c);
    const { batch } = c;
    const inSize = batch * g.input[0] * g.input[1] * g.input[2];
    const outSize = batch * g.output[0] * g.output[1] * g.output[2];
    const name = describeCase(c, g);
    const x = inputValues(c, inSize, 100 + index);
    const dy = randomArray(outSize, 200 + index);

    const entries = (kind: PoolKind) => `[${poolEntryPoint(kind, 'forward', g)}, ${poolEntryPoint(kind, 'backward', g)}]`;

    it(`maxpool2d forward + backward, ${name} ${entries('maxpool2d')}`, async () => {
      const ref = maxPoolForward(x, g, batch);
      const bufY = garbage(outSize);
      const bufArg = garbage(outSize);
      const bufDx = garbage(inSize);
      const bufX = gpu.buffer(x);
      await runAll([await preparePoolForward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch, x: bufX, y: bufY, argmax: bufArg })]);
      expect(await gpu.readF32(bufY, outSize)).toEqual(ref.y);
      expect(new Int32Array(await gpu.read(bufArg, outSize * 4))).toEqual(ref.argmax);
      // Backward from the reference's argmax so it is checked on its own.
      await runAll([await preparePoolBackward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch, dy: gpu.buffer(dy), dx: bufDx, argmax: gpu.buffer(ref.argmax), y: gpu.buffer(ref.y) })]);
      expectClose(await gpu.readF32(bufDx, inSize), maxPoolBackward(dy, ref.argmax, inSize), 1e-5, 1e-6, 'dx');
    });

    it(`maxpool2d backward with the ReLU before it folded in, ${name}`, async () => {
      // x is a ReLU's output (about half zeros); the result must be the ReLU's backward of the pool's backward.
      const xr = x.map((v) => Math.max(0, v));
      const ref = maxPoolForward(xr, g, batch);
      const bufDx = garbage(inSize);
      const dxPool = maxPoolBackward(dy, ref.argmax, inSize);
      await runAll([
        await preparePoolBackward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch, dy: gpu.buffer(dy), dx: bufDx, argmax: gpu.buffer(ref.argmax), y: gpu.buffer(ref.y), reluMask: true }),
      ]);
      expectClose(await gpu.readF32(bufDx, inSize), dxPool.map((v, i) => (xr[i]! > 0 ? v : 0)), 1e-5, 1e-6, 'dx');
    });

    if (c.values) return;

    it(`avgpool2d forward + backward, ${name} ${entries('avgpool2d')}`, async () => {
      const bufY = garbage(outSize);
      const bufDx = garbage(inSize);
      await runAll([
        await preparePoolForward(gpu.cache, { kind: 'avgpool2d', geometry: g, batch, x: gpu.buffer(x), y: bufY }),
        await preparePoolBackward(gpu.cache, { kind: 'avgpool2d', geometry: g, batch, dy: gpu.buffer(dy), dx: bufDx }),
      ]);
      expectClose(await gpu.readF32(bufY, outSize), avgPoolForward(x, g, batch), 1e-4, 1e-6, 'y');
      expectClose(await gpu.readF32(bufDx, inSize), avgPoolBackward(dy, g, batch), 1e-4, 1e-6, 'dx');
    });

    it(`l2pool2d forward + backward, ${name} ${entries('l2pool2d')}`, async () => {
      const refY = l2PoolForward(x, g, batch);
      const bufY = garbage(outSize);
      const bufDx = garbage(inSize);
      const bufX = gpu.buffer(x);
      await runAll([
        await preparePoolForward(gpu.cache, { kind: 'l2pool2d', geometry: g, batch, x: bufX, y: bufY }),
        // From the reference's y, so backward is checked on its own.
        await preparePoolBackward(gpu.cache, { kind: 'l2pool2d', geometry: g, batch, dy: gpu.buffer(dy), dx: bufDx, x: bufX, y: gpu.buffer(refY) }),
      ]);
      expectClose(await gpu.readF32(bufY, outSize), refY, 1e-4, 1e-6, 'y');
      expectClose(await gpu.readF32(bufDx, inSize), l2PoolBackward(dy, x, refY, g, batch), 1e-4, 1e-5, 'dx');
    });
  });

  it('l2pool2d backward gives no gradient through all-zero windows', async () => {
    const g = makeWindow({ input: [6, 6, 4], kernel: 2, stride: 2 });
    const x = randomArray(144, 7);
    x.fill(0, 0, 48); // the first two rows: the top row of windows is all zeros, y = 0 there
    const refY = l2PoolForward(x, g, 1);
    const dy = randomArray(36, 8);
    const bufDx = garbage(144);
    await runAll([await preparePoolBackward(gpu.cache, { kind: 'l2pool2d', geometry: g, batch: 1, dy: gpu.buffer(dy), dx: bufDx, x: gpu.buffer(x), y: gpu.buffer(refY) })]);
    const dx = await gpu.readF32(bufDx, 144);
    expect(Array.from(dx.subarray(0, 48)).every((v) => v === 0)).toBe(true);
    expectClose(dx, l2PoolBackward(dy, x, refY, g, 1), 1e-4, 1e-5, 'dx');
  });

  it('reads and writes byte ranges of bigger buffers', async () => {
    const g = makeWindow({ input: [5, 6, 8], kernel: 2, stride: 2 });
    const batch = 2;
    const [inSize, outSize] = [batch * 5 * 6 * 8, batch * 2 * 3 * 8];
    const x = randomArray(inSize, 9);
    const dy = randomArray(outSize, 10);
    // Ranges at 256-byte offsets of two buffers (one dispatch may not read and write the same buffer): x and dx in one,
    // y and argmax in the other; the first 256 bytes of each must stay untouched.
    const acts = gpu.buffer(new Float32Array(2048).fill(GARBAGE));
    const scratch = gpu.buffer(new Float32Array(512).fill(GARBAGE));
    const rx = { buffer: acts, offset: 256, size: inSize * 4 };
    const rdx = { buffer: acts, offset: 2304, size: inSize * 4 };
    const ry = { buffer: scratch, offset: 256, size: outSize * 4 };
    const rarg = { buffer: scratch, offset: 768, size: outSize * 4 };
    gpu.device.queue.writeBuffer(acts, rx.offset, x);
    await runAll([
      await preparePoolForward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch, x: rx, y: ry, argmax: rarg }),
      await preparePoolBackward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch, dy: gpu.buffer(dy), dx: rdx, argmax: rarg, y: ry }),
    ]);
    const [a, s] = [await gpu.read(acts), await gpu.read(scratch)];
    const ref = maxPoolForward(x, g, batch);
    expect(new Float32Array(s, ry.offset, outSize)).toEqual(ref.y);
    expect(new Int32Array(s, rarg.offset, outSize)).toEqual(ref.argmax);
    expectClose(new Float32Array(a, rdx.offset, inSize), maxPoolBackward(dy, ref.argmax, inSize), 1e-5, 1e-6, 'dx');
    for (const b of [a, s]) expect(new Float32Array(b, 0, 64).every((v) => v === GARBAGE)).toBe(true);
  });

  it('rejects max pooling without an argmax buffer (and its backward without y) and L2 backward without x and y', async () => {
    const g = makeWindow({ input: [4, 4, 4], kernel: 2, stride: 2 });
    const b = gpu.buffer(256);
    await expect(preparePoolForward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch: 1, x: b, y: b })).rejects.toThrow(/argmax/);
    await expect(preparePoolBackward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch: 1, dy: b, dx: b })).rejects.toThrow(/argmax buffer and the output y/);
    await expect(preparePoolBackward(gpu.cache, { kind: 'maxpool2d', geometry: g, batch: 1, dy: b, dx: b, argmax: b })).rejects.toThrow(/argmax buffer and the output y/);
    await expect(preparePoolBackward(gpu.cache, { kind: 'l2pool2d', geometry: g, batch: 1, dy: b, dx: b, x: b })).rejects.toThrow(/x and output y/);
  });

  it('packs uniforms in the order of the WGSL Params structs', () => {
    const fields = (shader: string) => {
      const body = /struct Params \{([^}]*)\}/.exec(shaderSource(shader))?.[1] ?? '';
      return [...body.matchAll(/^\s*(\w+)\s*:\s*u32/gm)].map((m) => m[1]);
    };
    const poolFields = ['count', 'lanes', 'channels', 'H', 'W', 'OH', 'OW', 'KH', 'KW', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW'];
    expect(fields('pool2d_forward')).toEqual(poolFields);
    expect(fields('pool2d_backward')).toEqual(poolFields);
    expect(fields('global_avg_pool')).toEqual(['count', 'lanes', 'pixels', 'channels']);
    const g = makeWindow({ input: [7, 9, 6], kernel: [3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2] });
    expect(poolUniforms(g, 3, true)).toEqual([3 * 4 * 7 * 2, 2, 6, 7, 9, 4, 7, 3, 2, 2, 1, 1, 0, 1, 2]);
    expect(poolUniforms(g, 3, false)[0]).toBe(3 * 7 * 9 * 2);
    // Every channel of a pixel per invocation in the scalar 2x2 entry points.
    const plain = makeWindow({ input: [8, 6, 6], kernel: 2, stride: 2 });
    expect(poolEntryPoint('maxpool2d', 'forward', plain)).toBe('maxpool2x2');
    expect(poolEntryPoint('maxpool2d', 'backward', plain)).toBe('maxgrad2x2');
    expect(poolUniforms(plain, 3, true, 'maxpool2x2').slice(0, 3)).toEqual([3 * 4 * 3, 1, 6]);
  });

  const globalShapes: [number, number, number, number][] = [
    // [batch, H, W, C]
    [1, 1, 1, 1],
    [3, 7, 9, 4],
    [1, 5, 5, 3],
    [3, 8, 8, 16],
    [2, 13, 11, 6],
    [4, 1, 1, 8],
  ];
  for (const [batch, H, W, C] of globalShapes) {
    it(`globalavgpool forward + backward, ${batch}x${H}x${W}x${C}`, async () => {
      const shape: [number, number, number] = [H, W, C];
      const x = randomArray(batch * H * W * C, H * 31 + C);
      const dy = randomArray(batch * C, W * 17 + C);
      const bufY = garbage(batch * C);
      const bufDx = garbage(batch * H * W * C);
      await runAll([
        await prepareGlobalAvgPoolForward(gpu.cache, { shape, batch, x: gpu.buffer(x), y: bufY }),
        await prepareGlobalAvgPoolBackward(gpu.cache, { shape, batch, dy: gpu.buffer(dy), dx: bufDx }),
      ]);
      expectClose(await gpu.readF32(bufY, batch * C), globalAvgPoolForward(x, shape, batch), 1e-4, 1e-6, 'y');
      expectClose(await gpu.readF32(bufDx, batch * H * W * C), globalAvgPoolBackward(dy, shape, batch), 1e-6, 0, 'dx');
    });
  }

  it('reports the time of pooling a 64x28x28x16 batch (no timing assertions)', async () => {
    const [batch, H, W, C] = [64, 28, 28, 16];
    const x = gpu.buffer(randomArray(batch * H * W * C, 11));
    const dx = gpu.buffer(batch * H * W * C * 4);
    const y = gpu.buffer(batch * H * W * C * 4);
    const dy = gpu.buffer(randomArray(batch * H * W * C, 12));
    const argmax = gpu.buffer(batch * H * W * C * 4);
    const variants: [string, PoolKind, WindowOptions][] = [
      ['max 2x2 s2', 'maxpool2d', { input: [H, W, C], kernel: 2, stride: 2 }],
      ['max 3x3 s2 pad 1', 'maxpool2d', { input: [H, W, C], kernel: 3, stride: 2, padding: 1 }],
      ['avg 2x2 s2', 'avgpool2d', { input: [H, W, C], kernel: 2, stride: 2 }],
      ['l2 2x2 s2', 'l2pool2d', { input: [H, W, C], kernel: 2, stride: 2 }],
      ['max 2x2 s2, C=15', 'maxpool2d', { input: [H, W, C - 1], kernel: 2, stride: 2 }],
    ];
    const time = async (d: KernelDispatch, reps: number): Promise<number> => {
      const t0 = performance.now();
      const encoder = gpu.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (let r = 0; r < reps; r++) d.encode(pass);
      pass.end();
      gpu.device.queue.submit([encoder.finish()]);
      await gpu.device.queue.onSubmittedWorkDone();
      return (performance.now() - t0) / reps;
    };
    for (const [label, kind, o] of variants) {
      const geometry = makeWindow(o);
      const fwd = await preparePoolForward(gpu.cache, { kind, geometry, batch, x, y, argmax });
      const bwd = await preparePoolBackward(gpu.cache, { kind, geometry, batch, dy, dx, argmax, x, y });
      await time(fwd, 1);
      await time(bwd, 1);
      const f = await time(fwd, 5);
      const b = await time(bwd, 5);
      console.log(`pool ${batch}x${H}x${W}x${o.input[2]} ${label}: forward ${f.toFixed(2)} ms, backward ${b.toFixed(2)} ms`);
      fwd.destroy();
      bwd.destroy();
    }
    const shape: [number, number, number] = [H, W, C];
    const gf = await prepareGlobalAvgPoolForward(gpu.cache, { shape, batch, x, y });
    const gb = await prepareGlobalAvgPoolBackward(gpu.cache, { shape, batch, dy, dx });
    await time(gf, 1);
    await time(gb, 1);
    console.log(`globalavgpool ${batch}x${H}x${W}x${C}: forward ${(await time(gf, 5)).toFixed(2)} ms, backward ${(await time(gb, 5)).toFixed(2)} ms`);
    gf.destroy();
    gb.destroy();
  });
});
