// The CPU reference against an independent implementation: TensorFlow.js's CPU backend, in float32.
// Conv2d forward and both backward ops, max/avg pool forward (and backward), matmul and the dense gradients.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; tf.grads needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, it } from 'vitest';
import {
  avgPoolBackward,
  avgPoolForward,
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeights,
  conv2dForward,
  denseBackwardInput,
  denseBackwardWeights,
  denseForward,
  makeWindow,
  matmul,
  maxPoolBackward,
  maxPoolForward,
  type WindowOptions,
} from '../../src/model/reference/index.ts';
import type { WindowGeometry } from '../../src/model/geometry.ts';
import { expectAllClose, rand32 } from './helpers.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const read = (t: tf.Tensor) => t.dataSync() as Float32Array;

/** Spreads a kernel [KH, KW, C, F] to [D(KH-1)+1, ...] along `axis` (0 or 1) by inserting D-1 zeros between taps. */
function dilateKernel(w: tf.Tensor4D, axis: 0 | 1, d: number): tf.Tensor4D {
  if (d === 1) return w;
  const [kh, kw, c, f] = w.shape;
  const k = axis === 0 ? kh : kw;
  const x = tf.expandDims(w, axis + 1);
  const zerosShape = [...x.shape];
  zerosShape[axis + 1] = d - 1;
  const stuffed = tf.concat([x, tf.zeros(zerosShape)], axis + 1);
  const shape: [number, number, number, number] = axis === 0 ? [kh * d, kw, c, f] : [kh, kw * d, c, f];
  const size: [number, number, number, number] = axis === 0 ? [d * (k - 1) + 1, kw, c, f] : [kh, d * (k - 1) + 1, c, f];
  return tf.slice(tf.reshape(stuffed, shape) as tf.Tensor4D, [0, 0, 0, 0], size);
}

/**
 * tf.conv2d with explicit symmetric padding; groups done by splitting channels and filters (tfjs has no groups).
 * With viaZeroStuffing, dilation is done by a zero-stuffed kernel at dilation 1, because tfjs has no conv2d
 * gradient for dilation > 1; the forward test checks that this equals tfjs's own dilated conv.
 */
function tfConv(x: tf.Tensor4D, w: tf.Tensor4D, g: WindowGeometry, viaZeroStuffing = false): tf.Tensor4D {
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [g.padding[0], g.padding[0]], [g.padding[1], g.padding[1]], [0, 0]];
  const one = (xi: tf.Tensor4D, wi: tf.Tensor4D) =>
    viaZeroStuffing
      ? tf.conv2d(xi, dilateKernel(dilateKernel(wi, 0, g.dilation[0]), 1, g.dilation[1]), g.stride, pad, 'NHWC', 1)
      : tf.conv2d(xi, wi, g.stride, pad, 'NHWC', g.dilation);
  if (g.groups === 1) return one(x, w);
  const xs = tf.split(x, g.groups, 3);
  const ws = tf.split(w, g.groups, 3);
  return tf.concat(xs.map((xi, i) => one(xi as tf.Tensor4D, ws[i]! as tf.Tensor4D)), 3);
}

const convCases: { name: string; o: WindowOptions; batch: number }[] = [
  { name: '3x3 same-size, 3 → 4 channels', o: { input: [8, 8, 3], kernel: 3, filters: 4, padding: 1 }, batch: 2 },
  { name: 'stride 2, padding 2, 5x5 kernel', o: { input: [11, 9, 2], kernel: 5, filters: 3, stride: 2, padding: 2 }, batch: 2 },
  { name: 'stride 3, odd kernel 3x2, no padding', o: { input: [10, 7, 3], kernel: [3, 2], filters: 5, stride: [3, 3] }, batch: 1 },
  { name: 'dilation 2, padding 2', o: { input: [9, 9, 2], kernel: 3, filters: 3, dilation: 2, padding: 2 }, batch: 2 },
  { name: 'groups 2, stride 2', o: { input: [8, 6, 4], kernel: 3, filters: 6, groups: 2, stride: 2, padding: 1 }, batch: 3 },
  { name: 'groups 3, dilation [2, 1]', o: { input: [7, 7, 6], kernel: 2, filters: 3, groups: 3, dilation: [2, 1] }, batch: 1 },
];

describe('conv2d against tfjs-core (cpu backend), float32', () => {
  it.each(convCases)('$name', ({ o, batch }) => {
    const g = makeWindow(o);
    const [H, W, C] = g.input;
    const [OH, OW, F] = g.output;
    const Cg = C / g.groups;
    const x = rand32(batch * H * W * C, 61);
    const w = rand32(g.kernel[0] * g.kernel[1] * Cg * F, 62);
    const b = rand32(F, 63);
    const dy = rand32(batch * OH * OW * F, 64);
    const xt = tf.tensor4d(x, [batch, H, W, C]);
    const wt = tf.tensor4d(w, [g.kernel[0], g.kernel[1], Cg, F]);
    const dyt = tf.tensor4d(dy, [batch, OH, OW, F]);

    const yt = tf.add(tfConv(xt, wt, g), tf.tensor1d(b));
    expectAllClose(conv2dForward(x, w, b, g, batch), read(yt));
    const stuffed = g.dilation[0] > 1 || g.dilation[1] > 1;
    if (stuffed) expectAllClose(conv2dForward(x, w, b, g, batch), read(tf.add(tfConv(xt, wt, g, true), tf.tensor1d(b))));

    const [dxt, dwt] = tf.grads((a: tf.Tensor, c: tf.Tensor) => tfConv(a as tf.Tensor4D, c as tf.Tensor4D, g, stuffed))([xt, wt], dyt);
    expectAllClose(conv2dBackwardInput(dy, w, g, batch), read(dxt!));
    expectAllClose(conv2dBackwardWeights(x, dy, g, batch), read(dwt!));
    expectAllClose(conv2dBackwardBias(dy, g, batch), read(tf.sum(dyt, [0, 1, 2])));
    tf.dispose([xt, wt, dyt, yt, dxt!, dwt!]);
  });
});

const poolCases: { name: string; o: WindowOptions; batch: number }[] = [
  { name: '2x2 stride 2', o: { input: [8, 6, 3], kernel: 2, stride: 2 }, batch: 2 },
  { name: '3x3 stride 2 padding 1', o: { input: [9, 7, 2], kernel: 3, stride: 2, padding: 1 }, batch: 2 },
  { name: '3x3 stride 1 padding 1 (overlapping)', o: { input: [5, 5, 2], kernel: 3, stride: 1, padding: 1 }, batch: 1 },
  { name: '3x2 stride [3, 2] odd', o: { input: [9, 8, 1], kernel: [3, 2], stride: [3, 2] }, batch: 2 },
];

describe('pooling against tfjs-core (cpu backend), float32', () => {
  it.each(poolCases)('max and avg, $name', ({ o, batch }) => {
    const g = makeWindow(o);
    const [H, W, C] = g.input;
    const [OH, OW] = g.output;
    const x = rand32(batch * H * W * C, 71);
    const dy = rand32(batch * OH * OW * C, 72);
    const xt = tf.tensor4d(x, [batch, H, W, C]);
    const dyt = tf.tensor4d(dy, [batch, OH, OW, C]);
    // A number pad is symmetric padding in tfjs (these cases fit exactly, so no rounding mode is needed); but
    // tfjs sizes a non-square window wrongly with a number pad, so unpadded cases pass 'valid'.
    const pad = g.padding[0] === 0 && g.padding[1] === 0 ? 'valid' : g.padding[0];
    const tmax = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, g.kernel, g.stride, pad);
    const tavg = (a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, g.kernel, g.stride, pad);

    const mx = maxPoolForward(x, g, batch);
    expectAllClose(mx.y, read(tmax(xt)));
    expectAllClose(avgPoolForward(x, g, batch), read(tavg(xt)));
    expectAllClose(maxPoolBackward(dy, mx.argmax, x.length), read(tf.grad(tmax)(xt, dyt)));
    // tfjs's avgPool gradient divides by the full window size even where its forward pass left padding out
    // (AvgPoolGrad in tfjs-backend-cpu), so it is a valid oracle only without padding; finite differences cover the rest.
    if (pad === 'valid') expectAllClose(avgPoolBackward(dy, g, batch), read(tf.grad(tavg)(xt, dyt)));
  });
});

describe('matmul and dense against tfjs-core (cpu backend), float32', () => {
  it.each([
    { m: 1, k: 1, n: 1 },
    { m: 3, k: 7, n: 5 },
    { m: 16, k: 75, n: 10 },
  ])('[$m, $k] · [$k, $n]', ({ m, k, n }) => {
    const a = rand32(m * k, 81);
    const b = rand32(k * n, 82);
    const bias = rand32(n, 83);
    const dy = rand32(m * n, 84);
    const at = tf.tensor2d(a, [m, k]);
    const bt = tf.tensor2d(b, [k, n]);
    expectAllClose(matmul(a, b, m, k, n), read(tf.matMul(at, bt)));
    expectAllClose(denseForward(a, b, bias, m, k, n), read(tf.add(tf.matMul(at, bt), tf.tensor1d(bias))));
    const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D))([at, bt], tf.tensor2d(dy, [m, n]));
    expectAllClose(denseBackwardInput(dy, b, m, k, n), read(da!));
    expectAllClose(denseBackwardWeights(a, dy, m, k, n), read(db!));
  });
});
