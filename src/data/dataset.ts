// The common in-memory dataset: uint8 images in NHWC order (channels interleaved) with uint8 class labels.

import { CIFAR_PIXELS, CIFAR_SIDE, type CifarArchive, type CifarBatch } from './cifar.ts';
import { DatasetError } from './errors.ts';
import type { IdxImages } from './idx.ts';

export interface DatasetSplit {
  /** count * height * width * channels bytes, NHWC. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  name: string;
  classes: string[];
  height: number;
  width: number;
  channels: number;
  train: DatasetSplit;
  test: DatasetSplit;
  /** Archive entries left out, each with why ("../x.png: skipped, a path that climbs out…"), for the upload summary. */
  skipped?: string[];
}

/** Channel-planar CHW images (as in CIFAR files) -> interleaved HWC, image by image. */
export function planarToInterleaved(planar: Uint8Array, count: number, height: number, width: number, channels: number): Uint8Array {
  const plane = height * width;
  const per = plane * channels;
  if (planar.length !== count * per) throw new RangeError(`planarToInterleaved: expected ${count * per} bytes, got ${planar.length}`);
  const out = new Uint8Array(planar.length);
  for (let n = 0; n < count; n++) {
    const base = n * per;
    for (let c = 0; c < channels; c++) {
      const src = base + c * plane;
      for (let p = 0; p < plane; p++) out[base + p * channels + c] = planar[src + p] ?? 0;
    }
  }
  return out;
}

/** Interleaved HWC -> channel-planar CHW, image by image (the inverse of planarToInterleaved). */
export function interleavedToPlanar(interleaved: Uint8Array, count: number, height: number, width: number, channels: number): Uint8Array {
  const plane = height * width;
  const per = plane * channels;
  if (interleaved.length !== count * per) throw new RangeError(`interleavedToPlanar: expected ${count * per} bytes, got ${interleaved.length}`);
  const out = new Uint8Array(interleaved.length);
  for (let n = 0; n < count; n++) {
    const base = n * per;
    for (let c = 0; c < channels; c++) {
      const dst = base + c * plane;
      for (let p = 0; p < plane; p++) out[dst + p] = interleaved[base + p * channels + c] ?? 0;
    }
  }
  return out;
}

export function cifarSplit(batch: CifarBatch): DatasetSplit {
  if (batch.pixels.length !== batch.count * CIFAR_PIXELS) throw new RangeError('cifarSplit: pixel count does not match');
  return { images: planarToInterleaved(batch.pixels, batch.count, CIFAR_SIDE, CIFAR_SIDE, 3), labels: batch.labels, count: batch.count };
}

export function cifarDataset(archive: CifarArchive, name = 'CIFAR-10'): Dataset {
  return { name, classes: archive.classes, height: CIFAR_SIDE, width: CIFAR_SIDE, channels: 3, train: cifarSplit(archive.train), test: cifarSplit(archive.test) };
}

/** Builds a grayscale dataset from parsed IDX parts; train and test must have the same image size, labels < classes.length. */
export function idxDataset(
  name: string,
  classes: string[],
  train: { images: IdxImages; labels: Uint8Array },
  test: { images: IdxImages; labels: Uint8Array },
  fileName = name,
): Dataset {
  if (train.images.height !== test.images.height || train.images.width !== test.images.width) {
    throw new DatasetError(
      'count-mismatch',
      fileName,
      `training images are ${train.images.height}x${train.images.width} but test images are ${test.images.height}x${test.images.width}; both splits must have one size.`,
    );
  }
  for (const [split, labels] of [['training', train.labels], ['test', test.labels]] as const) {
    for (let i = 0; i < labels.length; i++) {
      if ((labels[i] ?? 0) >= classes.length) {
        throw new DatasetError('bad-label', fileName, `${split} label ${i} is ${labels[i]}, but there are only ${classes.length} classes; the label file does not belong to this dataset.`);
      }
    }
  }
  return {
    name,
    classes,
    height: train.images.height,
    width: train.images.width,
    channels: 1,
    train: { images: train.images.pixels, labels: train.labels, count: train.images.count },
    test: { images: test.images.pixels, labels: test.labels, count: test.images.count },
  };
}
