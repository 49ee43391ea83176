// Deterministic shuffling and stratified train/test splits (seeded, so every converter run gives the same split).

/** mulberry32: a tiny, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of 0..n-1 driven by the given PRNG. */
export function shuffledIndices(n: number, random: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = idx[i] ?? 0;
    idx[i] = idx[j] ?? 0;
    idx[j] = t;
  }
  return idx;
}

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
