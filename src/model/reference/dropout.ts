// Reference inverted dropout and the counter-based RNG that draws its mask. The RNG is pure 32-bit integer
// arithmetic (PCG hash) so a WGSL kernel can reproduce the same mask bit for bit from (seed, step, index).

/*
 *   training: y = x · mask / (1 - rate),  mask[i] = 1 when u(seed, step, i) ≥ rate, else 0
 *   backward: dx = dy · mask / (1 - rate)
 *   evaluation: y = x
 *   u(seed, step, i) = (h >>> 8) / 2²⁴ ∈ [0, 1), h = pcg(i + pcg(step + pcg(seed)))  (all mod 2³²)
 * The top 24 bits make u exactly representable in float32, so the GPU's comparison matches this one.
 */

import { allocLike, expectLength, type FloatArray } from './tensor.ts';

/** PCG-RXS-M-XS 32-bit hash (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020). */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> (((state >>> 28) + 4) >>> 0)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The uint32 hash of (seed, step, index). */
export function hash3(seed: number, step: number, index: number): number {
  return pcgHash((index + pcgHash((step + pcgHash(seed >>> 0)) >>> 0)) >>> 0);
}

/** A uniform float in [0, 1) with 24 random bits, a pure function of (seed, step, index). */
export function uniform(seed: number, step: number, index: number): number {
  return (hash3(seed, step, index) >>> 8) / 16777216;
}

/** Keep mask (1 = kept, 0 = dropped) for `size` units at training step `step`. */
export function dropoutMask(size: number, rate: number, seed: number, step: number): Uint8Array {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate ${rate} must be in [0, 1)`);
  const mask = new Uint8Array(size);
  for (let i = 0; i < size; i++) mask[i] = uniform(seed, step, i) >= rate ? 1 : 0;
  return mask;
}

export function dropoutForward<T extends FloatArray>(x: T, mask: Uint8Array, rate: number): T {
  expectLength('dropout mask', mask, x.length);
  const scale = 1 / (1 - rate);
  const y = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) y[i] = mask[i] ? x[i]! * scale : 0;
  return y;
}

export function dropoutBackward<T extends FloatArray>(dy: T, mask: Uint8Array, rate: number): T {
  return dropoutForward(dy, mask, rate);
}
