// shaders/conv2d_*.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/conv2d.ts): forward (with and
// without bias, ReLU fused or not), backward-input and backward-weights over a table of geometries that reaches every
// entry point, plus a GFLOP/s report.
import { describe, expect, it } from 'vitest';
import {
  conv2dBackwardInputEntryPoint,
  conv2dBackwardInputEntryPoints,
  conv2dBackwardWeightsEntryPoint,
  conv2dBackwardWeightsEntryPoints,
  conv2dBackwardWeightsSlices,
  conv2dForwardEntryPoint,
  conv2dForwardVariants,
  prepareConv2dBackwardInput,
  prepareConv2dBackwardWeights,
  prepareConv2dForward,
} from '../../src/engine/kernels/conv2d.ts';
import type { KernelDispatch } from '../../src/engine/kernels/kernel.ts';
import { conv2dBackwardInput, conv2dBackwardWeights, conv2dForward } from '../../src/model/reference/conv2d.ts';
import { makeWindow, type WindowOptions } from '../../src/model/reference/tensor.ts';
import type { WindowGeometry } from '../../src/model/geometry.ts';
import { CONV_CASES } from './geometries.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const CASES = CONV_CASES;

function sizes(g: WindowGeometry, batch: number): { x: number; w: number; y: number } {
  const [H, W, C] = g.input;
  const [OH, OW, F] = g.output;
  return { x: batch * H * W * C, w: g.kernel[0] * g.kernel[1] * (C / g.groups) * F, y: batch * OH * OW * F };
}

describe.skipIf(!gpuAvailable)('conv2d kernels on Dawn', () => {
  const gpu = useGpu('conv2d-test');

  async function runOne(dispatch: KernelDispatch, out: GPUBuffer, count: number): Promise<Float32Array> {
    await gpu.run([dispatch]);
    const result = await gpu.readF32(out, count);
    dispatch.destroy();
    return result;
  }

  for (const [ci, c] of CASES.entries()) {
    const g = makeWindow(c);
    const n = sizes(g, c.batch);
    const label = `${c.name}: ${g.input.join('x')} -> k${g.kernel.join('x')} s${g.stride.join(',')} p${g.padding.join(',')} d${g.dilation.join(',')} g${g.groups} F${g.output[2]} batch ${c.batch}`;
    const x = randomArray(n.x, 100 + ci);
    const w = randomArray(n.w, 200 + ci);
    const bias = randomArray(g.output[2], 300 + ci);
    const dy = randomArray(n.y, 400 + ci);

    for (const [withBias, relu] of [[true, false], [false, true], [true, true]] as const) {
      it(`forward (${conv2dForwardEntryPoint(g)}, bias ${withBias}, relu ${relu}) ${label}`, async () => {
        const y = gpu.buffer(n.y * 4);
        const dispatch = await prepareConv2dForward(gpu.cache, {
          geometry: g,
          batch: c.batch,
          x: gpu.buffer(x),
          w: gpu.buffer(w),
          bias: withBias ? gpu.buffer(bias) : null,
          y,
          relu,
        });
        let expected = conv2dForward(x, w, withBias ? bias : null, g, c.batch);
        if (relu) expected = expected.map((v) => Math.max(0, v));
        expectClose(await runOne(dispatch, y, n.y), expected, 1e-4, 1e-5, 'y');
      });
    }

    // The other tiles that fit (the build-time tuner may pick any of them), with bias and ReLU.
    for (const variant of conv2dForwardVariants(g).slice(1))
      it(`forward ${variant.entryPoint} (channel step ${variant.channelStep}): ${c.name}`, async () => {
        const y = gpu.buffer(new Float32Array(n.y).fill(NaN));
        const dispatch = await prepareConv2dForward(gpu.cache, { geometry: g, batch: c.batch, x: gpu.buffer(x), w: gpu.buffer(w), bias: gpu.buffer(bias), y, relu: true, variant });
        const expected = conv2dForward(x, w, bias, g, c.batch).map((v) => Math.max(0, v));
        expectClose(await runOne(dispatch, y, n.y), expected, 1e-4, 1e-5, 'y');
      });

    it(`backward input (${conv2dBackwardInputEntryPoint(g)}) ${label}`, async () => {
      // Prefilled with NaN: every element must be written.
      const dx = gpu.buffer(new Float32Array(n.x).fill(NaN));
      const dispatch = await prepareConv2dBackwardInput(gpu.cache, { geometry: g, batch: c.batch, dy: gpu.buffer(dy), w: gpu.buffer(w), dx });
      expectClose(await runOne(dispatch, dx, n.x), conv2dBackwardInput(dy, w, g, c.batch), 1e-4, 1e-5, 'dx');
    });

    for (const entryPoint of conv2dBackwardInputEntryPoints(g).slice(1))
      it(`backward input ${entryPoint}: ${c.name}`, async () => {
        const dx = gpu.buffer(new Float32Array(n.x).fill(NaN));
        const dispatch = await prepareConv2dBackwardInput(gpu.cache, { geometry: g, batch: c.batch, dy: gpu.buffer(dy), w: gpu.buffer(w), dx, entryPoint });
        expectClose(await runOne(dispatch, dx, n.x), conv2dBackwardInput(dy, w, g, c.batch), 1e-4, 1e-5, 'dx');
      });

    it(`backward weights (${conv2dBackwardWeightsEntryPoint(g)}) ${label}`, async () => {
      const dw = gpu.buffer(new Float32Array(n.w).fill(NaN));
      const dispatch = await prepareConv2dBackwardWeights(gpu.cache, { geometry: g, batch: c.batch, x: gpu.buffer(x), dy: gpu.buffer(dy), dw });
      // Sums of up to batch·OH·OW products of unit-range values: allow f32 rounding of that length.
      expectClose(await runOne(dispatch, dw, n.w), conv2dBackwardWeights(x, dy, g, c.batch), 1e-4, 1e-4, 'dw');
    });

    // Every entry point that fits, unsplit (one slice of the whole batch) and split into slices of 2 images (the last
    // one short when the batch is odd), each slice's partial block summed by sum_slices.wgsl.
    for (const entryPoint of conv2dBackwardWeightsEntryPoints(g))
      for (const sliceImages of [...new Set([c.batch, 2])])
        it(`backward weights ${entryPoint}, ${Math.ceil(c.batch / sliceImages)} slice(s) of ${sliceImages} image(s): ${c.name}`, async () => {
          const dw = gpu.buffer(new Float32Array(n.w).fill(NaN));
          const dispatch = await prepareConv2dBackwardWeights(gpu.cache, { geometry: g, batch: c.batch, x: gpu.buffer(x), dy: gpu.buffer(dy), dw, entryPoint, sliceImages });
          expectClose(await runOne(dispatch, dw, n.w), conv2dBackwardWeights(x, dy, g, c.batch), 1e-4, 1e-4, 'dw');
        });
  }

  it('splits a small dW over the batch until the dispatch is big enough, and never makes an empty slice', () => {
    const rgb = makeWindow({ input: [32, 32, 3], filters: 16, kernel: 3, padding: 1 });
    // 36 invocations unsplit (9 taps x 4 filter quads): 64 images give at most 64 slices of one image.
    expect(conv2dBackwardWeightsSlices(rgb, 64)).toEqual({ slices: 64, sliceImages: 1 });
    const wide = makeWindow({ input: [8, 8, 32], filters: 64, kernel: 3, padding: 1 });
    // main_vec4x8: 9 taps x 4 row octets x 16 filter quads = 576 invocations: 8 slices reach the 4096 target.
    expect(conv2dBackwardWeightsSlices(wide, 64, 'main_vec4x8')).toEqual({ slices: 8, sliceImages: 8 });
    expect(conv2dBackwardWeightsSlices(wide, 63, 'main_vec4x8')).toEqual({ slices: 8, sliceImages: 8 });
    expect(conv2dBackwardWeightsSlices(wide, 10, 'main_vec4x8')).toEqual({ slices: 5, sliceImages: 2 });
    // main_vec4x8_f8 has half the invocations: 288, so 15 slices wanted, 13 of 5 images made.
    expect(conv2dBackwardWeightsSlices(wide, 64, 'main_vec4x8_f8')).toEqual({ slices: 13, sliceImages: 5 });
    // main_vec4x8_f16 a quarter: 144, so 29 wanted, 22 of 3 images made.
    expect(conv2dBackwardWeightsSlices(wide, 64, 'main_vec4x8_f16')).toEqual({ slices: 22, sliceImages: 3 });
    // main_vec4x16_f16 an eighth: 72, so 57 wanted, 32 of 2 images made.
    expect(conv2dBackwardWeightsSlices(wide, 64, 'main_vec4x16_f16')).toEqual({ slices: 32, sliceImages: 2 });
    // main_row3_f8 (the default here): 3 kernel rows x 4 channel octets x 8 filter octets = 96, so 43 wanted, 32 of 2 made.
    expect(conv2dBackwardWeightsSlices(wide, 64)).toEqual({ slices: 32, sliceImages: 2 });
    const big = makeWindow({ input: [32, 32, 256], filters: 512, kernel: 3, padding: 1 });
    expect(conv2dBackwardWeightsSlices(big, 64)).toEqual({ slices: 1, sliceImages: 64 });
  });

  it('reaches every entry point through the table', () => {
    const seen = new Set<string>();
    for (const c of CASES) {
      const g = makeWindow(c);
      seen.add(`fwd ${conv2dForwardEntryPoint(g)}`);
      seen.add(`dx ${conv2dBackwardInputEntryPoint(g)}`);
      seen.add(`dw ${conv2dBackwardWeightsEntryPoint(g)}`);
    }
    expect([...seen].sort()).toEqual(['dw main', 'dw main_row3_f8', 'dw main_row3s_f16', 'dw main_row5p10_f8', 'dw main_row5p14s_f8', 'dw main_taps', 'dw main_taps_f16', 'dw main_taps_f8', 'dw main_vec4', 'dw main_vec4_f8', 'dw main_vec4x16_f16', 'dw main_vec4x4', 'dw main_vec4x8', 'dw main_vec4x8_f16', 'dw main_vec4x8_f8', 'dx main', 'dx main_row3_c16', 'dx main_row3p16_c8', 'dx main_row5_c6', 'dx main_row5_c8', 'dx main_vec4', 'dx main_vec4_c16', 'dx main_vec4_c32', 'dx main_vec4_c8', 'fwd main', 'fwd main_f8', 'fwd main_row3_f16', 'fwd main_row3p16_f8', 'fwd main_row3s_f16', 'fwd main_row5p10s_f8', 'fwd main_row5p14s_f8', 'fwd main_vec4', 'fwd main_vec4_f16', 'fwd main_vec4_f8', 'fwd main_vec4x4', 'fwd main_vec4x4_f16', 'fwd main_vec4x4_f8']);
  });

  it('reads and writes byte ranges of bigger buffers', async () => {
    const g = makeWindow({ input: [6, 5, 4], filters: 8, kernel: 3, padding: 1 });
    const batch = 2;
    const n = sizes(g, batch);
    const x = randomArray(n.x, 1);
    const w = randomArray(n.w, 2);
    const bias = randomArray(8, 3);
    const dy = randomArray(n.y, 4);
    // One buffer holding [pad 256 B][x][pad][w][pad][bias], each at a 256-byte aligned offset.
    const align = (b: number) => Math.ceil(b / 256) * 256;
    const offX = 256;
    const offW = offX + align(n.x * 4);
    const offB = offW + align(n.w * 4);
    const packed = new Float32Array((offB + align(8 * 4)) / 4);
    packed.set(x, offX / 4);
    packed.set(w, offW / 4);
    packed.set(bias, offB / 4);
    const big = gpu.buffer(packed);
    const xr = { buffer: big, offset: offX, size: n.x * 4 };
    const wr = { buffer: big, offset: offW, size: n.w * 4 };
    const out = gpu.buffer(256 + align(n.y * 4) + align(n.x * 4) + n.w * 4);
    const yOff = 256;
    const dxOff = yOff + align(n.y * 4);
    const dwOff = dxOff + align(n.x * 4);
    const fwd = await prepareConv2dForward(gpu.cache, { geometry: g, batch, x: xr, w: wr, bias: { buffer: big, offset: offB, size: 32 }, y: { buffer: out, offset: yOff, size: n.y * 4 } });
    const dyBuf = gpu.buffer(dy);
    const bx = await prepareConv2dBackwardInput(gpu.cache, { geometry: g, batch, dy: dyBuf, w: wr, dx: { buffer: out, offset: dxOff, size: n.x * 4 } });
    const bw = await prepareConv2dBackwardWeights(gpu.cache, { geometry: g, batch, x: xr, dy: dyBuf, dw: { buffer: out, offset: dwOff, size: n.w * 4 } });
    await gpu.run([fwd, bx, bw]);
    const all = await gpu.readF32(out);
    expectClose(all.subarray(yOff / 4, yOff / 4 + n.y), conv2dForward(x, w, bias, g, batch), 1e-4, 1e-5, 'y');
    expectClose(all.subarray(dxOff / 4, dxOff / 4 + n.x), conv2dBackwardInput(dy, w, g, batch), 1e-4, 1e-5, 'dx');
    expectClose(all.subarray(dwOff / 4, dwOff / 4 + n.w), conv2dBackwardWeights(x, dy, g, batch), 1e-4, 1e-4, 'dw');
    for (const d of [fwd, bx, bw]) d.destroy();
  });

  it('rejects groups that do not divide channels and filters', async () => {
    const g = makeWindow({ input: [4, 4, 6], filters: 8, kernel: 3, groups: 4 });
    const b = gpu.buffer(64);
    await expect(prepareConv2dForward(gpu.cache, { geometry: g, batch: 1, x: b, w: b, y: b })).rejects.toThrow(/groups 4 must divide/);
  });

  it('reports GFLOP/s on batch 64 (no timing assertions)', async () => {
    const { device } = gpu;
    const batch = 64;
    const layers: [string, WindowOptions & { filters: number }][] = [
      ['28x28x1 -> 5x5x6 pad 2', { input: [28, 28, 1], filters: 6, kernel: 5, padding: 2 }],
      ['14x14x6 -> 5x5x16', { input: [14, 14, 6], filters: 16, kernel: 5 }],
      ['32x32x16 -> 3x3x32 pad 1', { input: [32, 32, 16], filters: 32, kernel: 3, padding: 1 }],
    ];
    const time = async (dispatch: KernelDispatch): Promise<number> => {
      const once = async () => {
        device.pushErrorScope('validation');
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        dispatch.encode(pass);
        pass.end();
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
        expect((await device.popErrorScope())?.message).toBeUndefined();
      };
      await once();
      const t0 = performance.now();
      await once();
      return (performance.now() - t0) / 1000;
    };
    for (const [name, o] of layers) {
      const g = makeWindow(o);
      const n = sizes(g, batch);
      const x = gpu.buffer(randomArray(n.x, 1));
      const w = gpu.buffer(randomArray(n.w, 2));
      const y = gpu.buffer(n.y * 4);
      const flops = 2 * n.y * g.kernel[0] * g.kernel[1] * (g.input[2] / g.groups);
      const rate = (s: number) => `${(flops / s / 1e9).toFixed(2)} GFLOP/s (${(s * 1000).toFixed(0)} ms)`;
      const fwd = await prepareConv2dForward(gpu.cache, { geometry: g, batch, x, w, bias: gpu.buffer(randomArray(g.output[2], 3)), y, relu: true });
      const bx = await prepareConv2dBackwardInput(gpu.cache, { geometry: g, batch, dy: y, w, dx: x });
      const bw = await prepareConv2dBackwardWeights(gpu.cache, { geometry: g, batch, x, dy: y, dw: w });
      console.log(
        `conv2d ${name} batch ${batch}: forward ${rate(await time(fwd))}, backward input ${rate(await time(bx))}, backward weights ${rate(await time(bw))}`,
      );
      for (const d of [fwd, bx, bw]) d.destroy();
    }
  });
});
