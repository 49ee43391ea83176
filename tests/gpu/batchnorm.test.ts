// shaders/batchnorm_forward.wgsl and shaders/batchnorm_backward.wgsl on Dawn/SwiftShader against the CPU reference
// (src/model/reference/batchnorm.ts): training forward and running statistics, evaluation forward, backward.
import { describe, expect, it } from 'vitest';
import { prepareBatchNormBackward, prepareBatchNormEvalForward, prepareBatchNormTrainForward } from '../../src/engine/kernels/batchnorm.ts';
import type { KernelDispatch } from '../../src/engine/kernels/kernel.ts';
import { batchNormBackward, batchNormEvalForward, batchNormTrainForward, batchNormUpdateRunning } from '../../src/model/reference/batchnorm.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const EPSILON = 1e-3;
const MOMENTUM = 0.9;

describe.skipIf(!gpuAvailable)('batchnorm kernels on Dawn', () => {
  const gpu = useGpu('batchnorm-test');

  interface TrainOut {
    y: Float32Array;
    mean: Float32Array;
    invStd: Float32Array;
    runningMean: Float32Array;
    runningVar: Float32Array;
  }

  /** Runs the training forward `steps.length` times (one x per step) on shared running statistics. */
  async function trainGpu(steps: Float32Array[], rows: number, channels: number, gamma: Float32Array, beta: Float32Array, running: [Float32Array, Float32Array], updateRunning = true): Promise<TrainOut> {
    const n = rows * channels;
    const bufs = {
      y: gpu.buffer(n * 4),
      gamma: gpu.buffer(gamma),
      beta: gpu.buffer(beta),
      mean: gpu.buffer(channels * 4),
      invStd: gpu.buffer(channels * 4),
      runningMean: gpu.buffer(running[0]),
      runningVar: gpu.buffer(running[1]),
    };
    for (const x of steps) {
      const d = await prepareBatchNormTrainForward(gpu.cache, { rows, channels, epsilon: EPSILON, momentum: MOMENTUM, x: gpu.buffer(x), ...bufs, updateRunning });
      await gpu.run([d]);
      d.destroy();
    }
    return {
      y: await gpu.readF32(bufs.y, n),
      mean: await gpu.readF32(bufs.mean, channels),
      invStd: await gpu.readF32(bufs.invStd, channels),
      runningMean: await gpu.readF32(bufs.runningMean, channels),
      runningVar: await gpu.readF32(bufs.runningVar, channels),
    };
  }

  /** The reference's training forward plus its running update, in place on `running`. */
  function trainReference(x: Float32Array, channels: number, gamma: Float32Array, beta: Float32Array, running: [Float32Array, Float32Array]) {
    const ref = batchNormTrainForward(x, gamma, beta, channels, EPSILON);
    batchNormUpdateRunning(running[0], running[1], ref.mean, ref.variance, x.length / channels, MOMENTUM);
    return ref;
  }

  function initialRunning(channels: number, seed: number): [Float32Array, Float32Array] {
    return [randomArray(channels, seed, -0.5, 0.5), randomArray(channels, seed + 1, 0.5, 2)];
  }

  async function backwardGpu(x: Float32Array, dy: Float32Array, gamma: Float32Array, mean: Float32Array, invStd: Float32Array, rows: number, channels: number) {
    const bufs = { dx: gpu.buffer(rows * channels * 4), dgamma: gpu.buffer(channels * 4), dbeta: gpu.buffer(channels * 4) };
    const d = await prepareBatchNormBackward(gpu.cache, {
      rows,
      channels,
      x: gpu.buffer(x),
      dy: gpu.buffer(dy),
      gamma: gpu.buffer(gamma),
      mean: gpu.buffer(mean),
      invStd: gpu.buffer(invStd),
      ...bufs,
    });
    await gpu.run([d]);
    d.destroy();
    return { dx: await gpu.readF32(bufs.dx, rows * channels), dgamma: await gpu.readF32(bufs.dgamma, channels), dbeta: await gpu.readF32(bufs.dbeta, channels) };
  }

  // [rows, channels]: flat batches (rows = batch) and NHWC maps (rows = batch·H·W); 1 row has variance 0.
  // 572 and 4099 rows leave a short last chunk; channels 1, 3, 10 take the scalar path, 4 and 8 the vec4 one.
  const shapes: [number, number][] = [];
  for (const rows of [1, 7, 64, 2000]) for (const channels of [1, 3, 4, 8, 10]) shapes.push([rows, channels]);
  shapes.push([4 * 13 * 11, 6], [4 * 13 * 11, 8], [4099, 3]);

  for (const [rows, channels] of shapes) {
    const seed = rows * 31 + channels;
    it(`training forward and one running update, rows=${rows} channels=${channels}`, async () => {
      const x = randomArray(rows * channels, seed, -2, 3);
      const gamma = randomArray(channels, seed + 1, 0.5, 1.5);
      const beta = randomArray(channels, seed + 2);
      const running = initialRunning(channels, seed + 3);
      const got = await trainGpu([x], rows, channels, gamma, beta, running);
      const ref = trainReference(x, channels, gamma, beta, running);
      expect(got.y.every(Number.isFinite)).toBe(true);
      expectClose(got.y, ref.y, 1e-4, 1e-5, 'y');
      expectClose(got.mean, ref.mean, 1e-4, 1e-5, 'mean');
      expectClose(got.invStd, ref.invStd, 1e-4, 1e-5, 'invStd');
      expectClose(got.runningMean, running[0], 1e-4, 1e-5, 'runningMean');
      expectClose(got.runningVar, running[1], 1e-4, 1e-5, 'runningVar');
      if (rows === 1) expectClose(got.y, beta, 0, 0, 'y with one row is beta');
    });

    it(`backward dx, dgamma, dbeta, rows=${rows} channels=${channels}`, async () => {
      const x = randomArray(rows * channels, seed + 4, -2, 3);
      const dy = randomArray(rows * channels, seed + 5);
      const gamma = randomArray(channels, seed + 6, 0.5, 1.5);
      const ref = batchNormTrainForward(x, gamma, new Float32Array(channels), channels, EPSILON);
      const got = await backwardGpu(x, dy, gamma, Float32Array.from(ref.mean), Float32Array.from(ref.invStd), rows, channels);
      const want = batchNormBackward(dy, ref.xhat, ref.invStd, gamma, channels);
      expectClose(got.dx, want.dx, 1e-4, 1e-5, 'dx');
      expectClose(got.dgamma, want.dgamma, 1e-4, 1e-5, 'dgamma');
      expectClose(got.dbeta, want.dbeta, 1e-4, 1e-5, 'dbeta');
    });
  }

  for (const channels of [3, 8]) {
    it(`evaluation forward with running statistics, channels=${channels}`, async () => {
      const rows = 4 * 5 * 7;
      const x = randomArray(rows * channels, 40 + channels, -2, 3);
      const gamma = randomArray(channels, 41, 0.5, 1.5);
      const beta = randomArray(channels, 42);
      const [runningMean, runningVar] = initialRunning(channels, 43);
      const y = gpu.buffer(rows * channels * 4);
      const d = await prepareBatchNormEvalForward(gpu.cache, {
        rows,
        channels,
        epsilon: EPSILON,
        x: gpu.buffer(x),
        y,
        gamma: gpu.buffer(gamma),
        beta: gpu.buffer(beta),
        runningMean: gpu.buffer(runningMean),
        runningVar: gpu.buffer(runningVar),
      });
      await gpu.run([d]);
      d.destroy();
      expectClose(await gpu.readF32(y, rows * channels), batchNormEvalForward(x, gamma, beta, runningMean, runningVar, channels, EPSILON));
    });
  }

  for (const channels of [4, 10]) {
    it(`running statistics after 3 training steps, channels=${channels}`, async () => {
      const rows = 3 * 7 * 5;
      const steps = [0, 1, 2].map((s) => randomArray(rows * channels, 50 + s, -1 + s, 2 + 2 * s));
      const gamma = randomArray(channels, 54, 0.5, 1.5);
      const beta = randomArray(channels, 55);
      const running = initialRunning(channels, 56);
      const got = await trainGpu(steps, rows, channels, gamma, beta, running);
      let last = trainReference(steps[0]!, channels, gamma, beta, running);
      for (const x of steps.slice(1)) last = trainReference(x, channels, gamma, beta, running);
      expectClose(got.runningMean, running[0], 1e-4, 1e-5, 'runningMean');
      expectClose(got.runningVar, running[1], 1e-4, 1e-5, 'runningVar');
      expectClose(got.y, last.y, 1e-4, 1e-5, 'y of the last step');
    });
  }

  it('updateRunning=false computes y and the batch statistics but leaves the running statistics alone', async () => {
    const [rows, channels] = [64, 6];
    const x = randomArray(rows * channels, 60, -2, 3);
    const gamma = randomArray(channels, 61, 0.5, 1.5);
    const beta = randomArray(channels, 62);
    const running = initialRunning(channels, 63);
    const got = await trainGpu([x, x], rows, channels, gamma, beta, running, false);
    const ref = batchNormTrainForward(x, gamma, beta, channels, EPSILON);
    expect(got.runningMean).toEqual(running[0]);
    expect(got.runningVar).toEqual(running[1]);
    expectClose(got.y, ref.y, 1e-4, 1e-5, 'y');
    expectClose(got.mean, ref.mean, 1e-4, 1e-5, 'mean');
    expectClose(got.invStd, ref.invStd, 1e-4, 1e-5, 'invStd');
  });

  // Values 100 ± 1 (σ² = 1/3): a naive E[x²] - E[x]² in f32 would lose about every digit of σ² here. The chunk
  // moments (two-pass, shifted by the chunk's first row) and the Chan merge (shifted by chunk 0's mean) keep the
  // default tolerances; the mean itself is checked to 1e-6 relative (f32 ulp at 100 is 7.6e-6, i.e. 7.6e-8 relative).
  for (const [rows, channels] of [
    [2000, 8],
    [4 * 13 * 11, 3],
  ] as const) {
    it(`is numerically sound for inputs around 100 ± 1, rows=${rows} channels=${channels}`, async () => {
      const x = randomArray(rows * channels, 70 + channels, 99, 101);
      const gamma = randomArray(channels, 71, 0.5, 1.5);
      const beta = randomArray(channels, 72);
      const running = initialRunning(channels, 73);
      const got = await trainGpu([x], rows, channels, gamma, beta, running);
      const ref = trainReference(x, channels, gamma, beta, running);
      expectClose(got.y, ref.y, 1e-4, 1e-5, 'y');
      expectClose(got.mean, ref.mean, 1e-6, 0, 'mean');
      expectClose(got.invStd, ref.invStd, 1e-4, 0, 'invStd');
      expectClose(got.runningMean, running[0], 1e-6, 0, 'runningMean');
      expectClose(got.runningVar, running[1], 1e-4, 1e-5, 'runningVar');
      const dy = randomArray(rows * channels, 74);
      const grads = await backwardGpu(x, dy, gamma, got.mean, got.invStd, rows, channels);
      const want = batchNormBackward(dy, ref.xhat, ref.invStd, gamma, channels);
      expectClose(grads.dx, want.dx, 1e-4, 1e-5, 'dx');
      expectClose(grads.dgamma, want.dgamma, 1e-4, 1e-5, 'dgamma');
      expectClose(grads.dbeta, want.dbeta, 1e-4, 1e-5, 'dbeta');
    });
  }

  it('chains forward and backward on the GPU, operands as byte ranges of shared buffers', async () => {
    const [rows, channels] = [3 * 9 * 9, 12];
    const n = rows * channels;
    const x = randomArray(n, 80, -2, 3);
    const dy = randomArray(n, 81);
    const gamma = randomArray(channels, 82, 0.5, 1.5);
    const beta = randomArray(channels, 83);
    // Operands at 256-byte aligned offsets after NaN-poisoned gaps: read-only ones in `inputs`, written ones in
    // `outputs` (a dispatch may not bind one buffer both read-only and writable).
    const slot = Math.ceil((n * 4) / 256) * 256 + 256;
    const poisoned = () => gpu.buffer(new Float32Array(slot).fill(Number.NaN));
    const [inputs, outputs] = [poisoned(), poisoned()];
    const at = (buffer: GPUBuffer, i: number, floats: number) => ({ buffer, offset: i * slot, size: floats * 4 });
    [x, dy, gamma, beta].forEach((data, i) => gpu.device.queue.writeBuffer(inputs, i * slot, data));
    gpu.device.queue.writeBuffer(outputs, 2 * slot, new Float32Array(channels));
    gpu.device.queue.writeBuffer(outputs, 3 * slot, new Float32Array(channels).fill(1));
    const mean = gpu.buffer(channels * 4);
    const invStd = gpu.buffer(channels * 4);
    const dgamma = gpu.buffer(channels * 4);
    const dbeta = gpu.buffer(channels * 4);
    const dispatches: KernelDispatch[] = [
      await prepareBatchNormTrainForward(gpu.cache, {
        rows,
        channels,
        epsilon: EPSILON,
        momentum: MOMENTUM,
        x: at(inputs, 0, n),
        y: at(outputs, 0, n),
        gamma: at(inputs, 2, channels),
        beta: at(inputs, 3, channels),
        mean,
        invStd,
        runningMean: at(outputs, 2, channels),
        runningVar: at(outputs, 3, channels),
      }),
      await prepareBatchNormBackward(gpu.cache, { rows, channels, x: at(inputs, 0, n), dy: at(inputs, 1, n), gamma: at(inputs, 2, channels), mean, invStd, dx: at(outputs, 1, n), dgamma, dbeta }),
    ];
    await gpu.run(dispatches);
    for (const d of dispatches) d.destroy();
    const all = await gpu.readF32(outputs);
    const slice = (i: number, floats: number) => all.subarray((i * slot) / 4, (i * slot) / 4 + floats);
    const running: [Float32Array, Float32Array] = [new Float32Array(channels), new Float32Array(channels).fill(1)];
    const ref = trainReference(x, channels, gamma, beta, running);
    const want = batchNormBackward(dy, ref.xhat, ref.invStd, gamma, channels);
    expectClose(slice(0, n), ref.y, 1e-4, 1e-5, 'y');
    expectClose(slice(1, n), want.dx, 1e-4, 1e-5, 'dx');
    expectClose(slice(2, channels), running[0], 1e-4, 1e-5, 'runningMean');
    expectClose(slice(3, channels), running[1], 1e-4, 1e-5, 'runningVar');
    expectClose(await gpu.readF32(dgamma, channels), want.dgamma, 1e-4, 1e-5, 'dgamma');
    expectClose(await gpu.readF32(dbeta, channels), want.dbeta, 1e-4, 1e-5, 'dbeta');
    // The gaps after the operands are untouched.
    for (const i of [0, 1, 2, 3]) expect(Number.isNaN(all[(i * slot) / 4 + (i < 2 ? n : channels)])).toBe(true);
  });

  it('rejects shapes that are not positive integers', async () => {
    const b = gpu.buffer(16);
    const common = { x: b, y: b, gamma: b, beta: b, runningMean: b, runningVar: b, epsilon: EPSILON };
    await expect(prepareBatchNormEvalForward(gpu.cache, { ...common, rows: 0, channels: 4 })).rejects.toThrow(/rows must be a positive integer/);
    await expect(prepareBatchNormTrainForward(gpu.cache, { ...common, rows: 4, channels: 4, momentum: 2, mean: b, invStd: b })).rejects.toThrow(/momentum/);
  });

  it('reports the time of a 64x28x28x16 training forward and backward (no timing assertions)', async () => {
    const [rows, channels] = [64 * 28 * 28, 16];
    const n = rows * channels;
    const x = gpu.buffer(randomArray(n, 90, -2, 3));
    const channelBuf = () => gpu.buffer(randomArray(channels, 91, 0.5, 1.5));
    const [gamma, beta, mean, invStd, runningMean, runningVar, dgamma, dbeta] = Array.from({ length: 8 }, channelBuf);
    const y = gpu.buffer(n * 4);
    const forward = await prepareBatchNormTrainForward(gpu.cache, { rows, channels, epsilon: EPSILON, momentum: MOMENTUM, x, y, gamma: gamma!, beta: beta!, mean: mean!, invStd: invStd!, runningMean: runningMean!, runningVar: runningVar! });
    const backward = await prepareBatchNormBackward(gpu.cache, { rows, channels, x, dy: y, gamma: gamma!, mean: mean!, invStd: invStd!, dx: gpu.buffer(n * 4), dgamma: dgamma!, dbeta: dbeta! });
    for (const [name, d] of [
      ['training forward', forward],
      ['backward', backward],
    ] as const) {
      await gpu.run([d]);
      const reps = 5;
      let best = Infinity;
      for (let t = 0; t < 4; t++) {
        const t0 = performance.now();
        await gpu.run(Array.from({ length: reps }, () => d));
        await gpu.device.queue.onSubmittedWorkDone();
        best = Math.min(best, (performance.now() - t0) / reps);
      }
      console.log(`batchnorm ${name} ${rows}x${channels}: ${best.toFixed(1)} ms`);
      d.destroy();
    }
  });
});
