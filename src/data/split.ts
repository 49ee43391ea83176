// Deterministic shuffling and stratified train/test splits (seeded, so every converter run gives the same split).

import { seededRandom, shuffledIndices } from '../model/random.ts';

export { seededRandom, shuffledIndices };

export interface StratifiedSplit {
  /** [class, index within that class] per example, in final order. */
  train: Array<[cls: number, index: number]>;
  test: Array<[cls: number, index: number]>;
}

/**
 * For each class c (of sizes[c] examples): shuffle its indices with seed + c, give the first perClassTrain to train
 * and the next perClassTest to test. Both splits are then shuffled once more (seed + 1000, seed + 1001) so that
 * classes are mixed. Throws a RangeError when a class is too small.
 */
export function stratifiedSplit(sizes: readonly number[], perClassTrain: number, perClassTest: number, seed: number): StratifiedSplit {
  const train: Array<[number, number]> = [];
  const test: Array<[number, number]> = [];
  sizes.forEach((size, c) => {
    if (size < perClassTrain + perClassTest) throw new RangeError(`class ${c} has ${size} examples, needs ${perClassTrain + perClassTest}`);
    const order = shuffledIndices(size, seededRandom(seed + c));
    for (let i = 0; i < perClassTrain; i++) train.push([c, order[i] ?? 0]);
    for (let i = perClassTrain; i < perClassTrain + perClassTest; i++) test.push([c, order[i] ?? 0]);
  });
  const mix = (list: Array<[number, number]>, s: number) => shuffledIndices(list.length, seededRandom(s)).map((i) => list[i] as [number, number]);
  return { train: mix(train, seed + 1000), test: mix(test, seed + 1001) };
}
