// Learned kernels as images. Conv weights are [kh, kw, inChannels, filters] (index ((y * kw + x) * cin + c) * f + k);
// a dense layer on an image input has [h * w * c, units] weights in the same order, so each unit is an h x w x c image.
import type { Plane } from './tiles.ts';

export type KernelShape = readonly [number, number, number, number];

/** The kh x kw slice of filter `filter` on input channel `inChannel`. */
export function kernelPlane(weights: ArrayLike<number>, shape: KernelShape, filter: number, inChannel: number): Plane {
  const [kh, kw, cin, f] = shape;
  if (weights.length !== kh * kw * cin * f) throw new RangeError(`expected ${kh * kw * cin * f} weights for ${shape.join('x')}, got ${weights.length}`);
  if (!(filter >= 0 && filter < f)) throw new RangeError(`filter ${filter} does not exist (0 to ${f - 1})`);
  if (!(inChannel >= 0 && inChannel < cin)) throw new RangeError(`input channel ${inChannel} does not exist (0 to ${cin - 1})`);
  const out = new Float32Array(kh * kw);
  for (let p = 0; p < kh * kw; p++) out[p] = weights[(p * cin + inChannel) * f + filter]!;
  return { width: kw, height: kh, values: out };
}

/**
 * A 3-channel filter as RGBA pixels, each channel mapped symmetrically around zero over the filter's own largest
 * magnitude: 0 is mid grey, +max is full intensity, -max is none (the convention of CNN filter visualisations).
 */
export function rgbKernelPixels(weights: ArrayLike<number>, shape: KernelShape, filter: number): Uint8ClampedArray {
  const [kh, kw, cin, f] = shape;
  if (cin !== 3) throw new RangeError(`an RGB kernel needs 3 input channels, this one has ${cin}`);
  if (!(filter >= 0 && filter < f)) throw new RangeError(`filter ${filter} does not exist (0 to ${f - 1})`);
  let m = 0;
  for (let i = 0; i < kh * kw * 3; i++) m = Math.max(m, Math.abs(weights[i * f + filter]!));
  const out = new Uint8ClampedArray(kh * kw * 4);
  for (let p = 0; p < kh * kw; p++) {
    for (let c = 0; c < 3; c++) {
      const v = weights[(p * 3 + c) * f + filter]!;
      out[p * 4 + c] = m > 0 ? Math.round(127.5 + (127.5 * v) / m) : 128;
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** The kernel shape of a weight tensor seen as images: conv weights as they are, dense weights over an image input reshaped. */
export function kernelShapeOf(tensorShape: readonly number[], input?: readonly [number, number, number]): KernelShape | null {
  if (tensorShape.length === 4) return [tensorShape[0]!, tensorShape[1]!, tensorShape[2]!, tensorShape[3]!];
  if (tensorShape.length === 2 && input && input[0] * input[1] * input[2] === tensorShape[0] && input[0] * input[1] > 1) {
    return [input[0], input[1], input[2], tensorShape[1]!];
  }
  return null;
}
