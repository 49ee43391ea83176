// Pixels for display: NHWC uint8 examples to RGBA canvas data, and the normalised floats of a training batch back
// to pixel values (x · std + mean), so the augmentation preview shows exactly what the network is fed.
import type { Normalization } from '../../data/augment.ts';

/** One example (height x width x channels bytes, 1 or 3 channels) as RGBA bytes for an ImageData. */
export function toRgba(pixels: Uint8Array, height: number, width: number, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    const r = pixels[p * channels] ?? 0;
    out[p * 4] = r;
    out[p * 4 + 1] = channels >= 3 ? (pixels[p * channels + 1] ?? 0) : r;
    out[p * 4 + 2] = channels >= 3 ? (pixels[p * channels + 2] ?? 0) : r;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Normalised floats (HWC) back to bytes, clamped: noise can push values outside 0..255. */
export function denormalize(x: Float32Array, norm: Normalization, channels: number): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    out[i] = Math.min(255, Math.max(0, Math.round(x[i]! * norm.std[c]! + norm.mean[c]!)));
  }
  return out;
}

/** The i-th example of a concatenation of same-sized examples. */
export function exampleAt(pixels: Uint8Array, index: number, size: number): Uint8Array {
  return pixels.subarray(index * size, (index + 1) * size);
}
