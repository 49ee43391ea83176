// shaders/activation.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/activations.ts).
import { describe, expect, it } from 'vitest';
import { ACTIVATION_WORKGROUP, prepareActivationBackward, prepareActivationForward, type ActivationKind } from '../../src/engine/kernels/activation.ts';
import { prepareKernel, workgroups1d } from '../../src/engine/kernels/kernel.ts';
import { activationBackward, activationForward, elu, leakyRelu, relu, sigmoid, tanh, type Activation } from '../../src/model/reference/activations.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const cases: { kind: ActivationKind; alpha?: number; reference: Activation }[] = [
  { kind: 'relu', reference: relu },
  { kind: 'leakyrelu', alpha: 0.1, reference: leakyRelu(0.1) },
  { kind: 'elu', alpha: 1.5, reference: elu(1.5) },
  { kind: 'tanh', reference: tanh },
  { kind: 'sigmoid', reference: sigmoid },
];

// Tolerances: rtol 1e-4 as usual; atol 1e-6 covers exp/tanh rounding near zero outputs.
const RTOL = 1e-4;
const ATOL = 1e-6;

describe.skipIf(!gpuAvailable)('activation kernels on Dawn', () => {
  const gpu = useGpu('activation-test');

  async function run(kind: ActivationKind, alpha: number | undefined, x: Float32Array, dy: Float32Array): Promise<{ y: Float32Array; dx: Float32Array }> {
    const count = x.length;
    const bufX = gpu.buffer(x);
    const bufY = gpu.buffer(count * 4);
    const bufDy = gpu.buffer(dy);
    const bufDx = gpu.buffer(count * 4);
    const fwd = await prepareActivationForward(gpu.cache, { kind, alpha, count, x: bufX, y: bufY });
    const bwd = await prepareActivationBackward(gpu.cache, { kind, alpha, count, x: bufX, y: bufY, dy: bufDy, dx: bufDx });
    await gpu.run([fwd, bwd]);
    const out = { y: await gpu.readF32(bufY, count), dx: await gpu.readF32(bufDx, count) };
    fwd.destroy();
    bwd.destroy();
    return out;
  }

  for (const { kind, alpha, reference } of cases) {
    for (const count of [1, 3, 4, 37, 1001, 4096]) {
      it(`${kind} forward and backward, count ${count}${count % 4 === 0 ? ' (vec4)' : ''}`, async () => {
        const x = randomArray(count, 10 + count, -4, 4);
        const dy = randomArray(count, 20 + count);
        const { y, dx } = await run(kind, alpha, x, dy);
        expectClose(y, activationForward(reference, x), RTOL, ATOL, `${kind} y`);
        expectClose(dx, activationBackward(reference, x, dy), RTOL, ATOL, `${kind} dx`);
      });
    }

    for (const count of [7, 8]) {
      it(`${kind} stays finite at |x| = 100 and handles 0 (count ${count})`, async () => {
        const x = Float32Array.from({ length: count }, (_, i) => [100, -100, 0, 30, -30, 1e-3, -1e-3, 88][i]!);
        const dy = new Float32Array(count).fill(0.5);
        const { y, dx } = await run(kind, alpha, x, dy);
        for (const v of [...y, ...dx]) expect(Number.isFinite(v)).toBe(true);
        expectClose(y, activationForward(reference, x), RTOL, ATOL, `${kind} y`);
        expectClose(dx, activationBackward(reference, x, dy), RTOL, ATOL, `${kind} dx`);
      });
    }
  }

  it('uses the layer default alpha when none is given (leakyrelu 0.01, elu 1)', async () => {
    const x = randomArray(9, 5, -3, 3);
    const dy = randomArray(9, 6);
    for (const [kind, reference] of [
      ['leakyrelu', leakyRelu(0.01)],
      ['elu', elu(1)],
    ] as const) {
      const { y, dx } = await run(kind, undefined, x, dy);
      expectClose(y, activationForward(reference, x), RTOL, ATOL, `${kind} y`);
      expectClose(dx, activationBackward(reference, x, dy), RTOL, ATOL, `${kind} dx`);
    }
  });

  it('reads and writes byte ranges of bigger buffers', async () => {
    const count = 37;
    const x = randomArray(count, 7, -2, 2);
    const dy = randomArray(count, 8);
    const big = gpu.buffer(1024 + count * 4);
    gpu.device.queue.writeBuffer(big, 256, x);
    const bufY = gpu.buffer(512 + count * 4);
    const fwd = await prepareActivationForward(gpu.cache, { kind: 'elu', alpha: 1, count, x: { buffer: big, offset: 256, size: count * 4 }, y: { buffer: bufY, offset: 512 } });
    const bufDy = gpu.buffer(dy);
    const bufDx = gpu.buffer(count * 4);
    const bwd = await prepareActivationBackward(gpu.cache, {
      kind: 'elu',
      alpha: 1,
      count,
      x: { buffer: big, offset: 256, size: count * 4 },
      y: { buffer: bufY, offset: 512 },
      dy: bufDy,
      dx: bufDx,
    });
    await gpu.run([fwd, bwd]);
    const y = new Float32Array(await gpu.read(bufY)).subarray(128, 128 + count);
    expectClose(y, activationForward(elu(1), x), RTOL, ATOL, 'y');
    expectClose(await gpu.readF32(bufDx, count), activationBackward(elu(1), x, dy), RTOL, ATOL, 'dx');
    fwd.destroy();
    bwd.destroy();
  });

  // A real split needs more than 65535 workgroups (hundreds of millions of elements: too big here), so the same
  // entry points run with 2 chunks per invocation and workgroups1d's per-dimension limit lowered to 2 or 3, which
  // exercises the shader's (workgroup x, y) → chunk mapping, including the over-dispatched last row.
  for (const [count, limit] of [
    [3001, 2],
    [4100, 3],
  ] as const) {
    it(`maps a workgroup grid split over y (count ${count}, at most ${limit} workgroups per dimension)`, async () => {
      const x = randomArray(count, 9, -2, 2);
      const bufY = gpu.buffer(count * 4);
      const workgroups = workgroups1d(Math.ceil(count / 4), ACTIVATION_WORKGROUP * 2, limit);
      expect(workgroups[1]).toBeGreaterThan(1);
      const kernel = await prepareKernel(gpu.cache, {
        shader: 'activation',
        entryPoint: count % 4 === 0 ? 'forward_vec4' : 'forward',
        constants: { WG: ACTIVATION_WORKGROUP, VPT: 2, KIND: 3 },
        uniforms: [count, { f32: 0 }],
        buffers: [gpu.buffer(x), bufY],
        workgroups,
      });
      await gpu.run([kernel]);
      expectClose(await gpu.readF32(bufY, count), activationForward(tanh, x), RTOL, ATOL, 'y');
      kernel.destroy();
    });
  }

  it('reports throughput on 2^20 elements (no timing assertions)', async () => {
    const count = 1 << 20;
    const { device } = gpu;
    const bufX = gpu.buffer(randomArray(count, 40, -2, 2));
    const bufY = gpu.buffer(count * 4);
    const bufDy = gpu.buffer(randomArray(count, 41));
    const bufDx = gpu.buffer(count * 4);
    for (const [name, n] of [
      ['vec4', count],
      ['scalar', count - 1],
    ] as const) {
      for (const kind of ['relu', 'elu', 'tanh'] as const) {
        const fwd = await prepareActivationForward(gpu.cache, { kind, alpha: 1, count: n, x: bufX, y: bufY });
        const bwd = await prepareActivationBackward(gpu.cache, { kind, alpha: 1, count: n, x: bufX, y: bufY, dy: bufDy, dx: bufDx });
        const once = async (reps: number) => {
          const encoder = device.createCommandEncoder();
          const pass = encoder.beginComputePass();
          for (let r = 0; r < reps; r++) {
            fwd.encode(pass);
            bwd.encode(pass);
          }
          pass.end();
          device.queue.submit([encoder.finish()]);
          await device.queue.onSubmittedWorkDone();
        };
        await once(1);
        const reps = 5;
        const t0 = performance.now();
        await once(reps);
        const ms = (performance.now() - t0) / reps;
        console.log(`activation ${kind} ${name} forward+backward on ${n} elements: ${ms.toFixed(2)} ms (${((2 * n) / ms / 1e3).toFixed(0)} M elements/s per pass)`);
        fwd.destroy();
        bwd.destroy();
      }
    }
  });
});
