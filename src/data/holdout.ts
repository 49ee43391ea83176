// A test set for uploads that come without one: a seeded, stratified hold-out of a fraction of each class.

import { seededRandom, shuffledIndices } from '../model/random.ts';
import type { DatasetSplit } from './dataset.ts';

/** The fraction of an upload held out as its test set when it has none of its own. */
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Example indices split per class: class c's indices are shuffled with seed + c and round(fraction · n_c) of them go
 * to test, but at least one example of each class stays in training. Both lists come back in ascending order.
 */
export function holdOutIndices(labels: ArrayLike<number>, fraction: number, seed: number): { train: number[]; test: number[] } {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`test fraction ${fraction} must be in [0, 1)`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const [c, list] of byClass) {
    const order = shuffledIndices(list.length, seededRandom(seed + c));
    const nTest = Math.min(list.length - 1, Math.round(fraction * list.length));
    order.forEach((k, j) => (j < nTest ? test : train).push(list[k]!));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** The examples at `indices` of an NHWC split, copied. */
export function pickExamples(split: DatasetSplit, indices: readonly number[], size: number): DatasetSplit {
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((n, k) => {
    images.set(split.images.subarray(n * size, (n + 1) * size), k * size);
    labels[k] = split.labels[n]!;
  });
  return { images, labels, count: indices.length };
}

/** Splits one set into train and test by holdOutIndices. */
export function holdOutTest(split: DatasetSplit, size: number, fraction: number, seed: number): { train: DatasetSplit; test: DatasetSplit } {
  const { train, test } = holdOutIndices(split.labels, fraction, seed);
  return { train: pickExamples(split, train, size), test: pickExamples(split, test, size) };
}
