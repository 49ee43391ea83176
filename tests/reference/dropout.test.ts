// The CPU reference dropout and its counter-based RNG: determinism, known hash values, rate, scaling.

import { describe, expect, it } from 'vitest';
import { dropoutBackward, dropoutForward, dropoutMask, hash3, pcgHash, uniform } from '../../src/model/reference/index.ts';
import { dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

describe('counter-based RNG', () => {
  it('pcgHash matches a BigInt transcription of the PCG-RXS-M-XS hash (no float rounding in the uint32 maths)', () => {
    const big = (v: number) => {
      const m = 0xffffffffn;
      const state = (BigInt(v) * 747796405n + 2891336453n) & m;
      const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) & m;
      return Number((word >> 22n) ^ word);
    };
    for (const v of [0, 1, 2, 12345, 0x7fffffff, 0x80000000, 0xffffffff]) expect(pcgHash(v)).toBe(big(v));
  });

  it('is a pure function of (seed, step, index), in [0, 1), and differs across each argument', () => {
    expect(uniform(7, 3, 100)).toBe(uniform(7, 3, 100));
    const u = uniform(7, 3, 100);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    expect(Math.fround(u)).toBe(u); // exactly representable in float32, as on the GPU
    expect(hash3(7, 3, 100)).not.toBe(hash3(8, 3, 100));
    expect(hash3(7, 3, 100)).not.toBe(hash3(7, 4, 100));
    expect(hash3(7, 3, 100)).not.toBe(hash3(7, 3, 101));
  });

  it('is close to uniform: mean ≈ 1/2, each decile ≈ 1/10 over 100 000 draws', () => {
    const n = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = uniform(42, 0, i);
      sum += u;
      bins[Math.floor(u * 10)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.005);
  });
});

describe('dropout', () => {
  it('the mask drops about `rate` of the units, and a new step gives a new mask', () => {
    const a = dropoutMask(20_000, 0.3, 1, 0);
    const kept = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(kept - 0.7)).toBeLessThan(0.015);
    expect(dropoutMask(20_000, 0.3, 1, 0)).toEqual(a);
    expect(dropoutMask(20_000, 0.3, 1, 1)).not.toEqual(a);
    expect(dropoutMask(10, 0, 1, 0).every((v) => v === 1)).toBe(true);
    expect(() => dropoutMask(10, 1, 1, 0)).toThrow();
  });

  it('forward and backward scale survivors by 1 / (1 - rate), zero the rest', () => {
    const mask = Uint8Array.from([1, 0, 1, 1]);
    const x = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(dropoutForward(x, mask, 0.5))).toEqual([2, 0, 6, 8]);
    expect(Array.from(dropoutBackward(x, mask, 0.75))).toEqual([4, 0, 12, 16]);
  });

  it('backward by central finite differences with a fixed mask', () => {
    const mask = dropoutMask(30, 0.4, 9, 2);
    const x = rand64(30, 51);
    const r = rand64(30, 52);
    expectGradClose(dropoutBackward(r, mask, 0.4), numericGrad(x, () => dot(r, dropoutForward(x, mask, 0.4))));
  });
});
