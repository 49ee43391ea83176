// shaders/optimizer.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/optimizers.ts):
// every kind, five steps with a changing learning rate, with and without weight decay, odd and vec4 counts.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_WORKGROUP, optimizerUniforms, prepareOptimizer } from '../../src/engine/kernels/optimizer.ts';
import { prepareKernel, workgroups1d } from '../../src/engine/kernels/kernel.ts';
import { shaderSource } from '../../src/engine/shaders.ts';
import { OPTIMIZER_KINDS, optimizerConfig, optimizerStateSlots, type OptimizerConfig } from '../../src/model/optimizers.ts';
import { optimizerCoefficients, optimizerStep } from '../../src/model/reference/optimizers.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const RTOL = 1e-5;
const ATOL = 1e-7;
const LRS = [0.05, 0.03, 0.1, 0.02, 0.07];
/** Elements past `count` in every buffer: the kernel must leave them alone. */
const TAIL = 9;

describe.skipIf(!gpuAvailable)('optimizer kernel on Dawn', () => {
  const gpu = useGpu('optimizer-test');

  /** Five steps on the GPU and on the CPU from the same seeded start; compares params, state and the untouched tail. */
  async function compare(config: OptimizerConfig, count: number, seed: number, randomState = false): Promise<void> {
    const n = count + TAIL;
    const params = randomArray(n, seed);
    const slots = optimizerStateSlots(config.kind);
    // Zero state as the caller provides it, or (randomState) some history: velocities and Adam's s of either
    // sign, squared-gradient averages non-negative.
    const signed = (k: number) => config.kind === 'momentum' || config.kind === 'nesterov' || (k === 0 && slots === 2);
    const state = Array.from({ length: slots }, (_, k) => (randomState ? randomArray(n, seed + 10 + k, signed(k) ? -0.1 : 0, 0.1) : new Float32Array(n)));
    const bufP = gpu.buffer(params);
    const bufG = gpu.buffer(n * 4);
    const bufS = state.map((s) => gpu.buffer(s));
    const dispatch = await prepareOptimizer(gpu.cache, { config, count, params: bufP, grads: bufG, state: bufS });
    expect(dispatch.vectorized).toBe(count % 4 === 0);
    const cpuP = params.slice();
    const cpuS = state.map((s) => s.slice());
    for (const [i, lr] of LRS.entries()) {
      const grads = randomArray(n, seed + 100 + i, -2, 2);
      gpu.device.queue.writeBuffer(bufG, 0, grads);
      dispatch.setStep(i + 1, lr);
      await gpu.run([dispatch]);
      optimizerStep(config, cpuP, grads, cpuS, i + 1, lr, count);
    }
    const what = `${config.kind} λ=${config.weightDecay} count=${count}`;
    expectClose(await gpu.readF32(bufP, n), cpuP, RTOL, ATOL, `${what} params`);
    for (const [k, b] of bufS.entries()) expectClose(await gpu.readF32(b, n), cpuS[k]!, RTOL, ATOL, `${what} state ${k}`);
    // The tail is bit-for-bit what was uploaded (the CPU reference left it alone too).
    expect([...(await gpu.readF32(bufP, n)).subarray(count)]).toEqual([...params.subarray(count)]);
    dispatch.destroy();
  }

  for (const kind of OPTIMIZER_KINDS) {
    for (const weightDecay of [0, 0.05]) {
      it(`${kind}${weightDecay ? ' with weight decay' : ''}: 5 steps match the reference for count 1, 7, 1003, 4096`, async () => {
        const config = optimizerConfig({ kind, weightDecay, learningRate: 0.05 });
        for (const count of [1, 7, 1003, 4096]) await compare(config, count, count + OPTIMIZER_KINDS.indexOf(kind) * 7 + weightDecay * 100);
      });
    }
  }

  it('non-default hyperparameters (μ, ρ, β1, β2, δ) reach the shader; state with history', async () => {
    for (const kind of OPTIMIZER_KINDS) {
      const config = optimizerConfig({ kind, momentum: 0.5, rho: 0.6, beta1: 0.7, beta2: 0.8, epsilon: 1e-3, weightDecay: 0.2 });
      await compare(config, 12, 77, true);
      await compare(config, 13, 78, true);
    }
  });

  it('updates tensors given as byte ranges of bigger buffers', async () => {
    const config = optimizerConfig({ kind: 'adam', weightDecay: 0.01 });
    const count = 130;
    const offset = 256;
    const params = randomArray(count, 5);
    const grads = randomArray(count, 6);
    const big = (data: Float32Array | null) => {
      const b = gpu.buffer(offset + count * 4 + 64);
      if (data) gpu.device.queue.writeBuffer(b, offset, data);
      return b;
    };
    const [bufP, bufG, bufS, bufR] = [big(params), big(grads), big(null), big(null)] as const;
    const range = (buffer: GPUBuffer) => ({ buffer, offset, size: count * 4 });
    const dispatch = await prepareOptimizer(gpu.cache, { config, count, params: range(bufP), grads: range(bufG), state: [range(bufS), range(bufR)] });
    const cpuS = [new Float32Array(count), new Float32Array(count)];
    const cpuP = params.slice();
    for (const t of [1, 2, 3]) {
      dispatch.setStep(t, 0.01 * t);
      await gpu.run([dispatch]);
      optimizerStep(config, cpuP, grads, cpuS, t, 0.01 * t);
    }
    const at = async (b: GPUBuffer) => (await gpu.readF32(b, offset / 4 + count)).subarray(offset / 4);
    expectClose(await at(bufP), cpuP, RTOL, ATOL, 'params');
    expectClose(await at(bufS), cpuS[0]!, RTOL, ATOL, 's');
    expectClose(await at(bufR), cpuS[1]!, RTOL, ATOL, 'r');
    dispatch.destroy();
  });

  for (const entryPoint of ['main', 'main_vec4']) {
    it(`${entryPoint}: the linear index over a y-split dispatch covers every element once`, async () => {
      // A tiny workgroup and a 16-group limit per dimension force the split that only > 65535 groups need in practice.
      const count = 1004;
      const config = optimizerConfig({ kind: 'momentum' });
      const params = randomArray(count, 8);
      const grads = randomArray(count, 9);
      const bufP = gpu.buffer(params);
      const bufV = gpu.buffer(count * 4);
      const workgroups = workgroups1d(Math.ceil(count / 4), 4, 16);
      expect(workgroups[1]).toBeGreaterThan(1);
      const kernel = await prepareKernel(gpu.cache, {
        shader: 'optimizer',
        entryPoint,
        constants: { KIND: OPTIMIZER_KINDS.indexOf('momentum'), WG: 4 },
        uniforms: optimizerUniforms(config, count, 1, 0.1),
        buffers: [bufP, gpu.buffer(grads), bufV, gpu.buffer(16)],
        workgroups,
      });
      await gpu.run([kernel]);
      const cpuP = params.slice();
      const cpuV = [new Float32Array(count)];
      optimizerStep(config, cpuP, grads, cpuV, 1, 0.1);
      expectClose(await gpu.readF32(bufP, count), cpuP, RTOL, ATOL, 'params');
      expectClose(await gpu.readF32(bufV, count), cpuV[0]!, RTOL, ATOL, 'v');
      kernel.destroy();
    });
  }

  it('passes one uniform per field of the WGSL Params struct, in order', () => {
    const body = /struct Params \{([^}]*)\}/.exec(shaderSource('optimizer'))?.[1] ?? '';
    const fields = [...body.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1]);
    expect(fields).toEqual(['count', 'l2', 'momentum', 'beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'rho', 'oneMinusRho', 'epsilon', 'lr', 'decay', 'correction1', 'correction2']);
    const config = optimizerConfig({ kind: 'adamw', weightDecay: 0.1 });
    const k = optimizerCoefficients(config, 3, 0.01);
    expect(optimizerUniforms(config, 10, 3, 0.01)).toEqual([10, ...fields.slice(1).map((f) => ({ f32: k[f as keyof typeof k] }))]);
  });

  it('rejects a wrong number of state buffers and a non-positive count', async () => {
    const b = gpu.buffer(64);
    await expect(prepareOptimizer(gpu.cache, { config: optimizerConfig({ kind: 'adam' }), count: 4, params: b, grads: b, state: [b] })).rejects.toThrow(/adam optimizer keeps 2 state buffers, got 1/);
    await expect(prepareOptimizer(gpu.cache, { config: optimizerConfig({ kind: 'sgd' }), count: 0, params: b, grads: b, state: [] })).rejects.toThrow(/count must be a positive integer/);
  });

  it('reports the time of an Adam step over 2²⁰ parameters (no timing assertions)', async () => {
    const count = 1 << 20;
    const config = optimizerConfig({ kind: 'adam' });
    const bufs = [gpu.buffer(randomArray(count, 1)), gpu.buffer(randomArray(count, 2)), gpu.buffer(count * 4), gpu.buffer(count * 4)] as const;
    const dispatch = await prepareOptimizer(gpu.cache, { config, count, params: bufs[0], grads: bufs[1], state: [bufs[2], bufs[3]] });
    expect(OPTIMIZER_WORKGROUP * 4 * 65535).toBeGreaterThan(count); // a single row of workgroups here
    const once = async (reps: number) => {
      const encoder = gpu.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (let r = 0; r < reps; r++) dispatch.encode(pass);
      pass.end();
      gpu.device.queue.submit([encoder.finish()]);
      await gpu.device.queue.onSubmittedWorkDone();
    };
    await once(1);
    const reps = 5;
    const t0 = performance.now();
    await once(reps);
    const ms = (performance.now() - t0) / reps;
    console.log(`optimizer adam step over ${count} params: ${ms.toFixed(2)} ms (${((count * 4 * 5) / (ms / 1000) / 1e9).toFixed(2)} GB/s of f32 traffic)`);
    dispatch.destroy();
  });
});
