// Every wasm kernel against the CPU reference (src/model/reference/) on the geometry tables of the WGSL suites
// (tests/gpu/geometries.ts), each at 1, 2 and 3 threads: convolution forward / backward-input / backward-weights /
// bias, dense products, pooling (argmax exact), activations, batchnorm, dropout (mask exact), softmax
// cross-entropy, every optimizer (bit-exact) and the batch gather with augmentation (exact).
import { describe, expect, it } from 'vitest';
import { augmentConfig, channelStats, gatherBatch, normalizationTerms } from '../../../src/data/augment.ts';
import * as ops from '../../../src/engine/wasm/ops.ts';
import type { WasmRuntime } from '../../../src/engine/wasm/runtime.ts';
import { OPTIMIZER_KINDS, optimizerConfig } from '../../../src/model/optimizers.ts';
import * as ref from '../../../src/model/reference/index.ts';
import { dropoutMask } from '../../../src/model/reference/dropout.ts';
import { optimizerCoefficients, optimizerStep } from '../../../src/model/reference/optimizers.ts';
import { makeWindow } from '../../../src/model/reference/tensor.ts';
import { CONV_CASES, POOL_CASES, type PoolCase } from '../../gpu/geometries.ts';
import { expectClose, rand32, read, runtime, THREAD_COUNTS, upload } from './helpers.ts';

/** Runs `body` on a runtime of each thread count, freeing what it allocated afterwards. */
async function eachThreadCount(body: (rt: WasmRuntime, threads: number) => void): Promise<void> {
  for (const threads of THREAD_COUNTS) {
    const rt = await runtime(threads);
    const mark = rt.mark();
    try {
      body(rt, threads);
    } finally {
      rt.reset(mark);
    }
  }
}

const scratch = (rt: WasmRuntime, s: ops.ConvScratch): ops.ConvBuffers => ({
  padded: s.padded ? rt.alloc(s.padded) : 0,
  packForward: s.packForward ? rt.alloc(s.packForward) : 0,
  packBackward: rt.alloc(s.packBackward),
  placed: s.placed ? rt.alloc(s.placed) : 0,
});

describe('conv2d kernels = reference', () => {
  for (const [ci, c] of CONV_CASES.entries()) {
    it(`${c.name}: forward (bias, no bias), backward-input, backward-weights, bias`, async () => {
      const g = makeWindow(c);
      const s = ops.convShape(g);
      const [H, W, C] = g.input;
      const [OH, OW, F] = g.output;
      const x = rand32(c.batch * H * W * C, 10 + ci);
      const w = rand32(g.kernel[0] * g.kernel[1] * (C / g.groups) * F, 20 + ci);
      const bias = rand32(F, 30 + ci);
      const dy = rand32(c.batch * OH * OW * F, 40 + ci);
      const expected = {
        y: ref.conv2dForward(x, w, bias, g, c.batch),
        y0: ref.conv2dForward(x, w, null, g, c.batch),
        dx: ref.conv2dBackwardInput(dy, w, g, c.batch),
        dw: ref.conv2dBackwardWeights(x, dy, g, c.batch),
        db: ref.conv2dBackwardBias(dy, g, c.batch),
      };
      await eachThreadCount((rt, threads) => {
        const at = { x: upload(rt, x), w: upload(rt, w), bias: upload(rt, bias), dy: upload(rt, dy), y: upload(rt, dy.length), dx: upload(rt, x.length), dw: upload(rt, w.length), db: upload(rt, F) };
        const b = scratch(rt, ops.convScratch(s, c.batch));
        const tag = `${threads} thread(s)`;
        ops.convForward(rt, s, at.x, at.w, at.bias, at.y, b, c.batch);
        expectClose(read(rt, at.y, dy.length), expected.y, 1e-4, 1e-5, `y, ${tag}`);
        ops.convForward(rt, s, at.x, at.w, 0, at.y, b, c.batch);
        expectClose(read(rt, at.y, dy.length), expected.y0, 1e-4, 1e-5, `y without bias, ${tag}`);
        ops.convBackwardWeights(rt, s, at.x, at.dy, at.dw, b, c.batch);
        expectClose(read(rt, at.dw, w.length), expected.dw, 1e-4, 1e-4, `dw, ${tag}`);
        ops.biasBackward(rt, at.dy, c.batch * OH * OW, F, at.db);
        expectClose(read(rt, at.db, F), expected.db, 1e-5, 1e-5, `db, ${tag}`);
        ops.convBackwardInput(rt, s, at.dy, at.w, at.dx, b, c.batch);
        expectClose(read(rt, at.dx, x.length), expected.dx, 1e-4, 1e-5, `dx, ${tag}`);
      });
    });
  }
});

describe('dense products = reference', () => {
  // [batch, units, inFeatures], as the WGSL matmul suite's [M, N, K].
  const shapes: [number, number, number][] = [[1, 1, 1], [7, 5, 3], [33, 17, 65], [64, 120, 400], [64, 10, 84], [5, 8, 9], [31, 36, 7], [13, 24, 5]];
  for (const [M, N, K] of shapes) {
    it(`batch ${M}, ${K} → ${N}: y = xW + b, dx = dy Wᵀ, dW = xᵀ dy`, async () => {
      const x = rand32(M * K, M);
      const w = rand32(K * N, N);
      const bias = rand32(N, 3);
      const dy = rand32(M * N, K);
      const s = ops.denseShape(K, N);
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), w: upload(rt, w), bias: upload(rt, bias), dy: upload(rt, dy), y: upload(rt, M * N), dx: upload(rt, M * K), dw: upload(rt, K * N) };
        const b = scratch(rt, ops.convScratch(s, M));
        ops.convForward(rt, s, at.x, at.w, at.bias, at.y, b, M);
        expectClose(read(rt, at.y, M * N), ref.denseForward(x, w, bias, M, K, N), 1e-4, 1e-5, 'y');
        ops.convBackwardInput(rt, s, at.dy, at.w, at.dx, b, M);
        expectClose(read(rt, at.dx, M * K), ref.denseBackwardInput(dy, w, M, K, N), 1e-4, 1e-5, 'dx');
        ops.convBackwardWeights(rt, s, at.x, at.dy, at.dw, b, M);
        expectClose(read(rt, at.dw, K * N), ref.denseBackwardWeights(x, dy, M, K, N), 1e-4, 1e-5, 'dW');
      });
    });
  }
});

function poolInput(c: PoolCase, n: number, seed: number): Float32Array {
  if (c.values === 'constant') return new Float32Array(n).fill(0.5);
  if (c.values === 'integers') return rand32(n, seed, 0, 3).map(Math.floor);
  return rand32(n, seed);
}

describe('pooling kernels = reference', () => {
  for (const [ci, c] of POOL_CASES.entries()) {
    const g = makeWindow(c);
    it(`${c.batch}x${g.input.join('x')} pool ${g.kernel.join('x')} stride ${g.stride.join('x')} pad ${g.padding.join('x')}${c.values ? ` (${c.values})` : ''}: max, avg, l2`, async () => {
      const inSize = c.batch * g.input[0] * g.input[1] * g.input[2];
      const outSize = c.batch * g.output[0] * g.output[1] * g.output[2];
      const x = poolInput(c, inSize, 50 + ci);
      const dy = rand32(outSize, 60 + ci);
      const max = ref.maxPoolForward(x, g, c.batch);
      const l2 = ref.l2PoolForward(x, g, c.batch);
      const expected = {
        maxpool2d: { y: max.y, dx: ref.maxPoolBackward(dy, max.argmax, inSize) },
        avgpool2d: { y: ref.avgPoolForward(x, g, c.batch), dx: ref.avgPoolBackward(dy, g, c.batch) },
        l2pool2d: { y: l2, dx: ref.l2PoolBackward(dy, x, l2, g, c.batch) },
      };
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), dy: upload(rt, dy), y: upload(rt, outSize), argmax: upload(rt, outSize), dx: upload(rt, inSize) };
        for (const kind of ['maxpool2d', 'avgpool2d', 'l2pool2d'] as const) {
          ops.poolForward(rt, g, kind, at.x, at.y, at.argmax, c.batch);
          expectClose(read(rt, at.y, outSize), expected[kind].y, 1e-5, 1e-6, `${kind} y`);
          if (kind === 'maxpool2d') expect(Array.from(rt.heap.i32.subarray(at.argmax >>> 2, (at.argmax >>> 2) + outSize))).toEqual(Array.from(max.argmax));
          ops.poolBackward(rt, g, kind, at.x, at.y, at.argmax, at.dy, at.dx, c.batch);
          expectClose(read(rt, at.dx, inSize), expected[kind].dx, 1e-5, 1e-6, `${kind} dx`);
        }
      });
    });
  }

  it('global average pooling, forward and backward', async () => {
    for (const [batch, H, W, C] of [[2, 5, 7, 3], [1, 1, 1, 9], [3, 4, 4, 16]] as const) {
      const x = rand32(batch * H * W * C, H);
      const dy = rand32(batch * C, W);
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), y: upload(rt, batch * C), dy: upload(rt, dy), dx: upload(rt, x.length) };
        ops.globalPoolForward(rt, [H, W, C], at.x, at.y, batch);
        expectClose(read(rt, at.y, batch * C), ref.globalAvgPoolForward(x, [H, W, C], batch), 1e-5, 1e-6, 'y');
        ops.globalPoolBackward(rt, [H, W, C], at.dy, at.dx, batch);
        expectClose(read(rt, at.dx, x.length), ref.globalAvgPoolBackward(dy, [H, W, C], batch), 1e-6, 1e-7, 'dx');
      });
    }
  });
});

describe('element-wise kernels = reference', () => {
  const cases: [ops.ActivationName, number, ref.Activation][] = [
    ['relu', 0, ref.relu],
    ['leakyrelu', 0.1, ref.leakyRelu(0.1)],
    ['elu', 0.7, ref.elu(0.7)],
    ['tanh', 0, ref.tanh],
    ['sigmoid', 0, ref.sigmoid],
  ];
  for (const [kind, alpha, fn] of cases) {
    it(`${kind}: forward and backward on 1,027 values`, async () => {
      const x = rand32(1027, 7, -4, 4);
      x[3] = 0;
      const dy = rand32(1027, 8);
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), y: upload(rt, x.length), dy: upload(rt, dy), dx: upload(rt, x.length) };
        ops.activationForward(rt, kind, alpha, at.x, at.y, x.length);
        expectClose(read(rt, at.y, x.length), ref.activationForward(fn, x), 1e-6, 1e-7, 'y');
        ops.activationBackward(rt, kind, alpha, at.x, at.dy, at.dx, x.length);
        expectClose(read(rt, at.dx, x.length), ref.activationBackward(fn, x, dy), 1e-6, 1e-7, 'dx');
      });
    });
  }

  it('dropout draws the reference mask exactly and scales by 1/(1 − rate)', async () => {
    const n = 3001;
    const x = rand32(n, 9);
    const dy = rand32(n, 10);
    for (const rate of [0, 0.25, 0.5]) {
      const mask = dropoutMask(n, rate, 1234, 7);
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), y: upload(rt, n), m: upload(rt, n), dy: upload(rt, dy), dx: upload(rt, n) };
        ops.dropoutForward(rt, at.x, at.y, at.m, n, rate, 1234, 7);
        const m = read(rt, at.m, n);
        expect(Array.from(m, (v) => (v > 0 ? 1 : 0))).toEqual(Array.from(mask));
        expectClose(read(rt, at.y, n), ref.dropoutForward(x, mask, rate), 1e-6, 1e-7, 'y');
        ops.multiply(rt, at.dy, at.m, at.dx, n);
        expectClose(read(rt, at.dx, n), ref.dropoutBackward(dy, mask, rate), 1e-6, 1e-7, 'dx');
      });
    }
  });

  it('batchnorm: training forward, running update, backward and evaluation', async () => {
    for (const [M, C] of [[37, 3], [8, 16], [1, 5]] as const) {
      const x = rand32(M * C, M + C, -2, 3);
      const gamma = rand32(C, 2, 0.5, 1.5);
      const beta = rand32(C, 3);
      const dy = rand32(M * C, 4);
      const r = ref.batchNormTrainForward(x, gamma, beta, C, 1e-5);
      const back = ref.batchNormBackward(dy, r.xhat, r.invStd, gamma, C);
      const runningMean = rand32(C, 5);
      const runningVar = rand32(C, 6, 0.5, 2);
      const [rm, rv] = [runningMean.slice(), runningVar.slice()];
      ref.batchNormUpdateRunning(rm, rv, r.mean, r.variance, M, 0.9);
      await eachThreadCount((rt) => {
        const at = { x: upload(rt, x), y: upload(rt, x.length), xhat: upload(rt, x.length), invStd: upload(rt, C), gamma: upload(rt, gamma), beta: upload(rt, beta), runningMean: upload(rt, runningMean), runningVar: upload(rt, runningVar) };
        ops.batchNormTrain(rt, at, M, C, 1e-5, 0.9);
        expectClose(read(rt, at.y, x.length), r.y, 1e-5, 1e-5, 'y');
        expectClose(read(rt, at.runningMean, C), rm, 1e-6, 1e-7, 'running mean');
        expectClose(read(rt, at.runningVar, C), rv, 1e-6, 1e-7, 'running variance');
        const g = { dy: upload(rt, dy), dx: upload(rt, x.length), dgamma: upload(rt, C), dbeta: upload(rt, C) };
        ops.batchNormBackward(rt, { ...g, xhat: at.xhat, invStd: at.invStd, gamma: at.gamma }, M, C);
        expectClose(read(rt, g.dx, x.length), back.dx, 1e-4, 1e-5, 'dx');
        expectClose(read(rt, g.dgamma, C), back.dgamma, 1e-5, 1e-5, 'dgamma');
        expectClose(read(rt, g.dbeta, C), back.dbeta, 1e-5, 1e-5, 'dbeta');
        ops.batchNormEval(rt, { ...at, runningMean: at.runningMean, runningVar: at.runningVar }, M, C, 1e-5);
        expectClose(read(rt, at.y, x.length), ref.batchNormEvalForward(x, gamma, beta, rm, rv, C, 1e-5), 1e-5, 1e-6, 'evaluation y');
      });
    }
  });

  it('softmax cross-entropy: probabilities, losses, gradient and predictions', async () => {
    for (const [rows, classes] of [[5, 3], [32, 10], [1, 1], [7, 100]] as const) {
      const logits = rand32(rows * classes, rows, -5, 5);
      const labels = Uint32Array.from({ length: rows }, (_, i) => (i * 7) % classes);
      const r = ref.softmaxCrossEntropy(logits, labels, classes);
      await eachThreadCount((rt) => {
        const at = { logits: upload(rt, logits), labels: upload(rt, labels), probs: upload(rt, logits.length), grad: upload(rt, logits.length), losses: rt.alloc(rows * 8), predicted: upload(rt, rows) };
        ops.softmaxCrossEntropy(rt, at, rows, classes, rows);
        expectClose(read(rt, at.probs, logits.length), r.probs, 1e-6, 1e-7, 'probs');
        expectClose(read(rt, at.grad, logits.length), r.grad, 1e-6, 1e-7, 'grad');
        const losses = rt.heap.f64.subarray(at.losses >>> 3, (at.losses >>> 3) + rows);
        expect(losses.reduce((a, b) => a + b, 0) / rows).toBeCloseTo(r.loss, 6);
        const predicted = Array.from(rt.heap.i32.subarray(at.predicted >>> 2, (at.predicted >>> 2) + rows));
        expect(predicted).toEqual(Array.from({ length: rows }, (_, n) => { const p = Array.from(r.probs.subarray(n * classes, (n + 1) * classes)); return p.indexOf(Math.max(...p)); }));
      });
    }
  });
});

describe('optimizer kernel = reference, bit for bit', () => {
  for (const kind of OPTIMIZER_KINDS) {
    it(`${kind}, with weight decay, three steps`, async () => {
      const config = optimizerConfig({ kind, weightDecay: 0.01, learningRate: 0.03 });
      const n = 1024;
      const params = rand32(n, 1);
      const state = [new Float32Array(n), new Float32Array(n)].slice(0, ref.optimizerStateSlots(kind));
      const grads = [rand32(n, 2), rand32(n, 3), rand32(n, 4)];
      const p = params.slice();
      for (let t = 1; t <= 3; t++) optimizerStep(config, p, grads[t - 1]!, state, t, 0.03 / t);
      await eachThreadCount((rt) => {
        const at = { params: upload(rt, params), grads: upload(rt, n), s0: upload(rt, n), s1: upload(rt, n) };
        for (let t = 1; t <= 3; t++) {
          rt.heap.f32.set(grads[t - 1]!, at.grads >>> 2);
          ops.optimizerStep(rt, kind, optimizerCoefficients(config, t, 0.03 / t), at, n);
        }
        expect(Array.from(read(rt, at.params, n))).toEqual(Array.from(p));
        state.forEach((s, i) => expect(Array.from(read(rt, i === 0 ? at.s0 : at.s1, n))).toEqual(Array.from(s)));
      });
    });
  }
});

describe('batch gather = reference, exactly', () => {
  it('gathers, normalises, shifts and flips like gatherBatch', async () => {
    const shape: [number, number, number] = [6, 5, 3];
    const count = 9;
    const images = Uint8Array.from(rand32(count * 90, 1, 0, 256), Math.floor);
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 4);
    const order = Uint32Array.from([4, 1, 8, 0, 2, 7, 3]);
    const norm = channelStats(images, shape, Uint32Array.from({ length: count }, (_, i) => i));
    const terms = normalizationTerms(norm, 3);
    for (const augment of [augmentConfig({}), augmentConfig({ shift: 2, flip: true })]) {
      for (const [offset, training] of [[0, true], [5, true], [3, false]] as const) {
        const e = gatherBatch({ images, labels, shape, order, offset, batch: 4, norm, augment, seed: 11, step: 3, training });
        await eachThreadCount((rt) => {
          const imagesAt = rt.alloc(images.length);
          rt.heap.u8.set(images, imagesAt);
          const labelsAt = rt.alloc(count);
          rt.heap.u8.set(labels, labelsAt);
          const src: ops.GatherSource = { images: imagesAt, labels: labelsAt, order: upload(rt, order), orderLength: order.length, mean: upload(rt, terms.mean), invStd: upload(rt, terms.invStd), shape };
          const x = upload(rt, 4 * 90);
          const y = upload(rt, 4);
          ops.gatherBatch(rt, src, { offset, rows: 4, shift: augment.shift, flip: augment.flip, seed: 11, step: 3, training, x, y });
          expect(Array.from(read(rt, x, 4 * 90))).toEqual(Array.from(e.x));
          expect(Array.from(rt.heap.u32.subarray(y >>> 2, (y >>> 2) + 4))).toEqual(Array.from(e.y));
        });
      }
    }
  });
});
