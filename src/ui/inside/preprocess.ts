// Turning a drawing or an uploaded picture into a network input (uint8 NHWC of the network's size).
// Drawings follow MNIST's preprocessing (LeCun et al.): the digit's bounding box is scaled to fit a 20x20 box,
// keeping its aspect ratio, with anti-aliasing, then placed in the 28x28 image so that its centre of mass is at the
// centre. Other sizes scale the box with the image (box = round(size * 20 / 28)).

/** Box-filter (area-averaging) resampling of a channels-interleaved image; exact for any scale factor. */
export function resample(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number, channels = 1): Float32Array {
  if (src.length !== sw * sh * channels) throw new RangeError(`expected ${sw * sh * channels} values for ${sw}x${sh}x${channels}, got ${src.length}`);
  const out = new Float32Array(dw * dh * channels);
  const fx = sw / dw;
  const fy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const y0 = y * fy;
    const y1 = y0 + fy;
    for (let x = 0; x < dw; x++) {
      const x0 = x * fx;
      const x1 = x0 + fx;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let sy = Math.floor(y0); sy < Math.min(Math.ceil(y1), sh); sy++) {
          const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
          for (let sx = Math.floor(x0); sx < Math.min(Math.ceil(x1), sw); sx++) {
            const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
            acc += wx * wy * src[(sy * sw + sx) * channels + c]!;
          }
        }
        out[(y * dw + x) * channels + c] = acc / (fx * fy);
      }
    }
  }
  return out;
}

/** Ink in [0, 1] from RGBA pixels of light strokes on a dark (or transparent) pad: luminance times alpha. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const lum = 0.299 * rgba[p * 4]! + 0.587 * rgba[p * 4 + 1]! + 0.114 * rgba[p * 4 + 2]!;
    ink[p] = (lum / 255) * (rgba[p * 4 + 3]! / 255);
  }
  return ink;
}

const INK_THRESHOLD = 0.05;

/** MNIST-style input of size x size from an ink image; null when nothing is drawn. */
export function mnistPreprocess(ink: Float32Array, width: number, height: number, size = 28): Uint8Array | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK_THRESHOLD) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (right < 0) return null;
  const bw = right - left + 1;
  const bh = bottom - top + 1;
  const crop = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) crop.set(ink.subarray((top + y) * width + left, (top + y) * width + left + bw), y * bw);
  const box = Math.max(1, Math.round((size * 20) / 28));
  const s = box / Math.max(bw, bh);
  const ow = Math.max(1, Math.round(bw * s));
  const oh = Math.max(1, Math.round(bh * s));
  const digit = resample(crop, bw, bh, ow, oh);
  // Centre of mass of the scaled digit, moved to the image centre (whole-pixel shift, as in MNIST).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const v = digit[y * ow + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const dx = Math.round(size / 2 - mx / mass);
  const dy = Math.round(size / 2 - my / mass);
  const out = new Uint8Array(size * size);
  for (let y = 0; y < oh; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= size) continue;
    for (let x = 0; x < ow; x++) {
      const tx = x + dx;
      if (tx < 0 || tx >= size) continue;
      out[ty * size + tx] = Math.round(255 * Math.min(1, digit[y * ow + x]!));
    }
  }
  return out;
}

/** The centred source rectangle with the target's aspect ratio ("cover": crop the longer side, never stretch). */
export function coverCrop(sw: number, sh: number, dw: number, dh: number): { x: number; y: number; width: number; height: number } {
  const target = dw / dh;
  if (sw / sh > target) {
    const width = sh * target;
    return { x: (sw - width) / 2, y: 0, width, height: sh };
  }
  const height = sw / target;
  return { x: 0, y: (sh - height) / 2, width: sw, height };
}

/** Mean grey level (0..255) of the one-pixel border of RGBA pixels: above half means a light background. */
export function borderBrightness(rgba: ArrayLike<number>, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      const p = (y * width + x) * 4;
      sum += 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/**
 * RGBA pixels of the network's input size to uint8 NHWC with `channels` channels (1: luminance, 3: RGB), optionally
 * inverted (dark ink on white paper becomes MNIST's light on black). Transparent pixels count as black.
 */
export function rgbaToInput(rgba: ArrayLike<number>, width: number, height: number, channels: number, invert = false): Uint8Array {
  if (channels !== 1 && channels !== 3) throw new RangeError(`images can be converted to 1 or 3 channels, the network takes ${channels}`);
  const out = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const a = rgba[p * 4 + 3]! / 255;
    const r = rgba[p * 4]! * a;
    const g = rgba[p * 4 + 1]! * a;
    const b = rgba[p * 4 + 2]! * a;
    const px = channels === 1 ? [0.299 * r + 0.587 * g + 0.114 * b] : [r, g, b];
    for (let c = 0; c < channels; c++) out[p * channels + c] = Math.round(invert ? 255 - px[c]! : px[c]!);
  }
  return out;
}

/** A network input (uint8, 1 grey or 3 RGB channels) as RGBA pixels, for showing it. */
export function inputToRgba(pixels: ArrayLike<number>, channels: number): Uint8ClampedArray {
  const n = Math.floor(pixels.length / channels);
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = pixels[p * channels + (channels >= 3 ? c : 0)]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}
