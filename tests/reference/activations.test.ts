// The CPU reference activations, softmax and softmax + cross-entropy: values by hand, derivatives by finite differences.

import { describe, expect, it } from 'vitest';
import {
  activationBackward,
  activationForward,
  elu,
  leakyRelu,
  relu,
  sigmoid,
  softmaxBackward,
  softmaxCrossEntropy,
  softmaxForward,
  tanh,
  type Activation,
} from '../../src/model/reference/index.ts';
import { dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

const f64 = (v: number[]) => Float64Array.from(v);

describe('activation values, by hand', () => {
  it('relu, leaky relu, elu, tanh, sigmoid', () => {
    expect([-2, 0, 3].map(relu.value)).toEqual([0, 0, 3]);
    expect([-2, 3].map(leakyRelu(0.1).value)).toEqual([-0.2, 3]);
    expect(elu(1).value(-1)).toBeCloseTo(Math.exp(-1) - 1, 15);
    expect(elu(2).value(4)).toBe(4);
    expect(tanh.value(0)).toBe(0);
    expect(sigmoid.value(0)).toBe(0.5);
    expect(sigmoid.derivative(0)).toBe(0.25);
    expect(tanh.derivative(0)).toBe(1);
    expect([relu.derivative(-1), relu.derivative(0), relu.derivative(2)]).toEqual([0, 0, 1]);
    expect(leakyRelu(0.2).derivative(-1)).toBe(0.2);
    expect(elu(1).derivative(-1)).toBeCloseTo(Math.exp(-1), 15);
  });

  it('activationForward / activationBackward apply element-wise', () => {
    expect(Array.from(activationForward(relu, f64([-1, 2])))).toEqual([0, 2]);
    expect(Array.from(activationBackward(relu, f64([-1, 2]), f64([5, 7])))).toEqual([0, 7]);
  });
});

const named: [string, Activation][] = [
  ['relu', relu],
  ['leakyrelu(0.1)', leakyRelu(0.1)],
  ['elu(1)', elu(1)],
  ['elu(0.5)', elu(0.5)],
  ['tanh', tanh],
  ['sigmoid', sigmoid],
];

describe('activation derivatives, by central finite differences (float64)', () => {
  it.each(named)('%s', (_name, f) => {
    // Keep |x| ≥ 0.05 so no nudge crosses the kink at 0.
    const x = rand64(40, 31, -3, 3).map((v) => (Math.abs(v) < 0.05 ? v + 0.1 : v));
    const r = rand64(40, 32);
    expectGradClose(activationBackward(f, x, r), numericGrad(x, () => dot(r, activationForward(f, x))));
  });
});

describe('softmax', () => {
  it('rows sum to 1; equal logits give uniform; shift invariant and safe for large logits', () => {
    const p = softmaxForward(f64([0, 0, 0, 0, 1000, 1001, 1002, 1003]), 4);
    expect(Array.from(p.subarray(0, 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
    const q = softmaxForward(f64([0, 1, 2, 3]), 4);
    expect(Array.from(p.subarray(4)).every((v, i) => Math.abs(v - q[i]!) < 1e-15)).toBe(true);
    expect(q[3]).toBeCloseTo(Math.exp(3) / (1 + Math.E + Math.exp(2) + Math.exp(3)), 15);
  });

  it('backward by finite differences, over channels of an NHWC tensor', () => {
    const x = rand64(2 * 3 * 5, 33, -2, 2);
    const r = rand64(x.length, 34);
    const y = softmaxForward(x, 5);
    expectGradClose(softmaxBackward(y, r, 5), numericGrad(x, () => dot(r, softmaxForward(x, 5))));
  });
});

describe('softmax + cross-entropy', () => {
  it('by hand: uniform logits give log(classes); gradient (p - onehot) / N', () => {
    const { loss, grad } = softmaxCrossEntropy(f64([0, 0, 0, 0, 0, 0, 0, 0]), [1, 3], 4);
    expect(loss).toBeCloseTo(Math.log(4), 15);
    expect(Array.from(grad)).toEqual([0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375]);
  });

  it('is finite for large logits', () => {
    const { loss } = softmaxCrossEntropy(f64([1000, 0]), [1], 2);
    expect(loss).toBeCloseTo(1000, 10);
  });

  it('gradient by central finite differences on the mean loss', () => {
    const logits = rand64(4 * 6, 35, -3, 3);
    const labels = [0, 5, 2, 2];
    const { grad } = softmaxCrossEntropy(logits, labels, 6);
    expectGradClose(grad, numericGrad(logits, () => softmaxCrossEntropy(logits, labels, 6).loss));
  });

  it('rejects out-of-range labels', () => {
    expect(() => softmaxCrossEntropy(f64([0, 0]), [2], 2)).toThrow(/out of range/);
  });
});
