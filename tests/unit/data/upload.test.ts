// Uploads of every supported kind on generated fixtures (IDX plain and gzipped, CIFAR-10 .bin and tar.gz, .zip and
// folder ImageFolders), and corrupt versions of each expecting the specific DatasetError.
import { encode as encodePng } from 'fast-png';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  CIFAR_PIXELS,
  CIFAR_TEST_FILE,
  CIFAR_TRAIN_FILES,
  DatasetError,
  encodeCifarBatch,
  encodeIdxImages,
  encodeIdxLabels,
  writeTar,
  type DatasetErrorCode,
} from '../../../src/data/index.ts';
import { holdOutIndices } from '../../../src/data/holdout.ts';
import { detectUpload, parseUpload, type UploadFile } from '../../../src/data/upload.ts';
import { readZip } from '../../../src/data/zip.ts';
import { pseudoBytes } from './helpers.ts';

const SIZE = { height: 8, width: 8, channels: 1 as const };

async function rejection(p: Promise<unknown>, code: DatasetErrorCode, file: string): Promise<DatasetError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a DatasetError '${code}'`).toBeInstanceOf(DatasetError);
  const d = error as DatasetError;
  expect({ code: d.code, file: d.file }).toEqual({ code, file });
  expect(d.message.startsWith(`${file}: `)).toBe(true);
  return d;
}

function idxFiles(train: number, test: number, h = 6, w = 5) {
  const labels = (n: number, s: number) => Uint8Array.from({ length: n }, (_, i) => (i + s) % 4);
  return {
    trainImages: encodeIdxImages({ count: train, height: h, width: w, pixels: pseudoBytes(train * h * w, 1) }),
    trainLabels: encodeIdxLabels(labels(train, 0)),
    testImages: encodeIdxImages({ count: test, height: h, width: w, pixels: pseudoBytes(test * h * w, 2) }),
    testLabels: encodeIdxLabels(labels(test, 1)),
  };
}

/** A w x h RGB PNG filled with one colour. */
const png = (rgb: [number, number, number], w = 4, h = 4) => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3);
  return encodePng({ width: w, height: h, data, channels: 3, depth: 8 });
};

/** An ImageFolder: class "cat" is white, "dog" is black, n images each (sizes vary to exercise the resize). */
function folder(n: number, root = 'pets'): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < n; i++) {
    files[`${root}/cat/${i}.png`] = png([255, 255, 255], 4 + i, 6);
    files[`${root}/dog/${i}.png`] = png([0, 0, 0], 10, 3 + i);
  }
  return files;
}

describe('IDX uploads', () => {
  it('reads four plain or gzipped files (EMNIST/KMNIST style), pairing train and t10k by name', async () => {
    const f = idxFiles(12, 5);
    const files: UploadFile[] = [
      { name: 'kmnist-train-images-idx3-ubyte.gz', bytes: gzipSync(f.trainImages) },
      { name: 'kmnist-train-labels-idx1-ubyte.gz', bytes: gzipSync(f.trainLabels) },
      { name: 'kmnist-t10k-images-idx3-ubyte', bytes: f.testImages },
      { name: 'kmnist-t10k-labels-idx1-ubyte', bytes: f.testLabels },
    ];
    expect(detectUpload(files)).toBe('idx');
    const d = await parseUpload(files, SIZE);
    expect(d).toMatchObject({ kind: 'idx', name: 'kmnist', height: 6, width: 5, channels: 1, classes: ['0', '1', '2', '3'] });
    expect([d.train.count, d.test.count]).toEqual([12, 5]);
    expect(d.train.images).toEqual(pseudoBytes(12 * 30, 1));
    expect([...d.test.labels]).toEqual([1, 2, 3, 0, 1]);
  });

  it('transposes EMNIST images (stored column-major) automatically, or when asked', async () => {
    const images = encodeIdxImages({ count: 1, height: 2, width: 3, pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
    const labels = encodeIdxLabels(Uint8Array.from([0]));
    const files = (prefix: string) => [
      { name: `${prefix}-train-images-idx3-ubyte`, bytes: images },
      { name: `${prefix}-train-labels-idx1-ubyte`, bytes: labels },
    ];
    const emnist = await parseUpload(files('emnist-letters'), { ...SIZE, testFraction: 0 });
    expect(emnist).toMatchObject({ name: 'emnist-letters', height: 3, width: 2 });
    expect([...emnist.train.images]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...(await parseUpload(files('kmnist'), { ...SIZE, testFraction: 0 })).train.images]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...(await parseUpload(files('emnist'), { ...SIZE, testFraction: 0, transposeIdx: false })).train.images]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...(await parseUpload(files('mine'), { ...SIZE, testFraction: 0, transposeIdx: true })).train.images]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('recognises gzipped IDX files by their header whatever they are called', async () => {
    const f = idxFiles(8, 1);
    const d = await parseUpload(
      [
        { name: 'letters-lbls.gz', bytes: gzipSync(f.trainLabels) },
        { name: 'letters-imgs.gz', bytes: gzipSync(f.trainImages) },
      ],
      { ...SIZE, testFraction: 0.25 },
    );
    expect(d).toMatchObject({ kind: 'idx', name: 'letters-imgs', height: 6, width: 5 });
    expect(d.train.count + d.test.count).toBe(8);
  });

  it('holds out a stratified, seeded test set when only training files are given', async () => {
    const f = idxFiles(20, 1);
    const files = [
      { name: 'train-images-idx3-ubyte', bytes: f.trainImages },
      { name: 'train-labels-idx1-ubyte', bytes: f.trainLabels },
    ];
    const a = await parseUpload(files, { ...SIZE, testFraction: 0.2, seed: 3 });
    const b = await parseUpload(files, { ...SIZE, testFraction: 0.2, seed: 3 });
    expect([a.train.count, a.test.count]).toEqual([16, 4]);
    expect(a.test.labels).toEqual(b.test.labels);
    expect([...a.test.labels].sort()).toEqual([0, 1, 2, 3]);
  });

  it('reports a wrong magic number, a truncated file and mismatched counts by file', async () => {
    const f = idxFiles(10, 4);
    const bad = f.trainImages.slice();
    bad[3] = 1; // claims 1 dimension: a label file's magic in an image file
    const good = { name: 'train-labels-idx1-ubyte', bytes: f.trainLabels };
    const magic = await rejection(parseUpload([{ name: 'train-images-idx3-ubyte', bytes: bad }, good], SIZE), 'bad-magic', 'train-images-idx3-ubyte');
    expect(magic.message).toMatch(/wrong magic number 0x00000801 \(expected 0x00000803/);
    const cut = await rejection(parseUpload([{ name: 'train-images-idx3-ubyte', bytes: f.trainImages.subarray(0, 100) }, good], SIZE), 'truncated', 'train-images-idx3-ubyte');
    expect(cut.message).toMatch(/cut off/);
    const other = encodeIdxLabels(new Uint8Array(9));
    const mismatch = await rejection(parseUpload([{ name: 'train-images-idx3-ubyte', bytes: f.trainImages }, { name: 'train-labels-idx1-ubyte', bytes: other }], SIZE), 'count-mismatch', 'train-images-idx3-ubyte');
    expect(mismatch.message).toMatch(/has 10 images but train-labels-idx1-ubyte has 9 labels/);
    await rejection(parseUpload([{ name: 'train-images-idx3-ubyte', bytes: f.trainImages }], SIZE), 'missing-file', 'train-images-idx3-ubyte');
  });

  it('reports a corrupt gzip and an unrecognised file', async () => {
    const gz = gzipSync(idxFiles(30, 1).trainImages);
    const damaged = gz.slice();
    damaged.fill(0xff, 10, 40);
    await rejection(parseUpload([{ name: 'train-images-idx3-ubyte.gz', bytes: damaged }], SIZE), 'bad-archive', 'train-images-idx3-ubyte.gz');
    const huge = gz.slice();
    new DataView(huge.buffer).setUint32(huge.length - 4, 0xf0000000, true);
    expect((await rejection(parseUpload([{ name: 'train-images-idx3-ubyte.gz', bytes: huge }], SIZE), 'too-large', 'train-images-idx3-ubyte.gz')).message).toMatch(/unpacks to 4026531840 bytes/);
    const e = await rejection(parseUpload([{ name: 'notes.txt', bytes: strToU8('hello') }], SIZE), 'bad-magic', 'notes.txt');
    expect(e.message).toMatch(/starts with bytes 68 65 6c 6c.*IDX/);
  });
});

describe('CIFAR-10 uploads', () => {
  const batch = (count: number, seed: number) => encodeCifarBatch({ count, labels: Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10), pixels: pseudoBytes(count * CIFAR_PIXELS, seed) });

  it('reads .bin batches: test_batch.bin is the test set, the rest is training', async () => {
    const files = [
      { name: 'data_batch_1.bin', bytes: batch(3, 1) },
      { name: 'data_batch_2.bin', bytes: batch(2, 2) },
      { name: CIFAR_TEST_FILE, bytes: batch(4, 3) },
    ];
    expect(detectUpload(files)).toBe('cifar-binary');
    const d = await parseUpload(files, SIZE);
    expect(d).toMatchObject({ kind: 'cifar-binary', height: 32, width: 32, channels: 3 });
    expect([d.train.count, d.test.count, d.train.labels[3]]).toEqual([5, 4, 2]);
  });

  it('reads cifar-10-binary.tar.gz', async () => {
    const tar = writeTar([...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE].map((n, i) => ({ path: `cifar-10-batches-bin/${n}`, data: batch(2, i) })));
    const files = [{ name: 'cifar-10-binary.tar.gz', bytes: gzipSync(tar) }];
    expect(detectUpload(files)).toBe('cifar-archive');
    const d = await parseUpload(files, SIZE);
    expect([d.train.count, d.test.count]).toEqual([10, 2]);
  });

  it('reports a truncated batch and an archive missing batches', async () => {
    const e = await rejection(parseUpload([{ name: 'data_batch_1.bin', bytes: batch(2, 1).subarray(0, 5000) }], SIZE), 'truncated', 'data_batch_1.bin');
    expect(e.message).toMatch(/3073-byte CIFAR-10 records/);
    const tar = writeTar([{ path: 'cifar-10-batches-bin/data_batch_1.bin', data: batch(1, 1) }]);
    await rejection(parseUpload([{ name: 'cifar-10-binary.tar.gz', bytes: gzipSync(tar) }], SIZE), 'missing-file', 'cifar-10-binary.tar.gz');
  });
});

describe('ImageFolder uploads (.zip and folder)', () => {
  it('reads a zipped folder: classes sorted, images converted and resized, a seeded hold-out as test', async () => {
    const zip = zipSync(folder(5));
    const files = [{ name: 'pets.zip', bytes: zip }];
    expect(detectUpload(files)).toBe('zip');
    const steps: number[] = [];
    const d = await parseUpload(files, { ...SIZE, testFraction: 0.2, seed: 7 }, undefined, (done) => steps.push(done));
    expect(d).toMatchObject({ kind: 'zip', name: 'pets', classes: ['cat', 'dog'], height: 8, width: 8, channels: 1 });
    expect([d.train.count, d.test.count]).toEqual([8, 2]);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let n = 0; n < d.train.count; n++) {
      const px = new Set(d.train.images.subarray(n * 64, (n + 1) * 64));
      expect(px).toEqual(new Set([d.train.labels[n] === 0 ? 255 : 0]));
    }
    expect([...d.test.labels].sort()).toEqual([0, 1]);
  });

  it('reads a picked folder as RGB, with train/ and test/ folders as the splits, skipping OS clutter', async () => {
    const files: UploadFile[] = [
      { name: 'shapes/train/red/a.png', bytes: png([255, 0, 0]) },
      { name: 'shapes/train/red/b.png', bytes: png([250, 0, 0]) },
      { name: 'shapes/train/blue/a.png', bytes: png([0, 0, 255]) },
      { name: 'shapes/test/blue/c.png', bytes: png([0, 0, 250]) },
      { name: 'shapes/train/.DS_Store', bytes: strToU8('junk') },
      { name: 'shapes/train/red/Thumbs.db', bytes: strToU8('junk') },
    ];
    expect(detectUpload(files)).toBe('image-folder');
    const d = await parseUpload(files, { height: 2, width: 3, channels: 3 });
    expect(d).toMatchObject({ name: 'shapes', classes: ['blue', 'red'], height: 2, width: 3, channels: 3 });
    expect([d.train.count, d.test.count]).toEqual([3, 1]);
    expect([...d.train.labels]).toEqual([0, 1, 1]);
    expect([...d.test.images.subarray(0, 3)]).toEqual([0, 0, 250]);
  });

  it('reports a file that is not an image, an empty class, a loose file and a corrupt zip', async () => {
    const withText = { ...folder(2), 'pets/dog/notes.txt': strToU8('not a picture') };
    const e = await rejection(parseUpload([{ name: 'pets.zip', bytes: zipSync(withText) }], SIZE), 'not-an-image', 'pets/dog/notes.txt');
    expect(e.message).toMatch(/is not an image/);
    const empty = { ...folder(2), 'pets/bird/': new Uint8Array() };
    const ec = await rejection(parseUpload([{ name: 'pets.zip', bytes: zipSync(empty) }], SIZE), 'empty-class', 'pets/bird');
    expect(ec.message).toMatch(/class "bird" is empty/);
    const onlyText = { ...folder(2), 'pets/bird/readme.txt': strToU8('later') };
    expect((await rejection(parseUpload([{ name: 'pets.zip', bytes: zipSync(onlyText) }], SIZE), 'empty-class', 'pets/bird')).message).toMatch(/holds no images \(only readme\.txt\)/);
    const loose = { 'cat/1.png': png([1, 1, 1]), 'stray.png': png([2, 2, 2]) };
    expect((await rejection(parseUpload([{ name: 'x.zip', bytes: zipSync(loose) }], SIZE), 'bad-archive', 'x')).message).toMatch(/"stray.png" is not inside a class folder/);
    const zip = zipSync(folder(2));
    await rejection(parseUpload([{ name: 'pets.zip', bytes: zip.subarray(0, zip.length - 30) }], SIZE), 'bad-archive', 'pets.zip');
  });

  it('refuses an archive over the size limit before inflating it', () => {
    const zip = zipSync({ 'a/big.bin': new Uint8Array(3000) });
    let error: unknown;
    try {
      readZip(zip, 'big.zip', 1000);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'too-large', file: 'big.zip' });
    expect(() => readZip(zip, 'big.zip', 100)).toThrow(/big\.zip: .*over the 100-byte archive limit/);
    expect(() => readZip(zip, 'big.zip', 10_000)).not.toThrow();
  });

  it('checks the chosen input size', async () => {
    await expect(parseUpload([{ name: 'pets.zip', bytes: zipSync(folder(1)) }], { height: 0, width: 8, channels: 1 })).rejects.toThrow(/height must be a whole number of pixels from 1 to 256, got 0/);
  });
});

describe('holdOutIndices', () => {
  it('is disjoint, stratified, keeps one example of each class in training, and reproducible from its seed', () => {
    const labels = Uint8Array.from({ length: 101 }, (_, i) => (i < 1 ? 9 : i % 3));
    const a = holdOutIndices(labels, 0.3, 5);
    expect(a).toEqual(holdOutIndices(labels, 0.3, 5));
    expect(a).not.toEqual(holdOutIndices(labels, 0.3, 6));
    expect(new Set([...a.train, ...a.test]).size).toBe(101);
    expect(a.train).toContain(0); // the only example of class 9
    for (const c of [0, 1, 2]) expect(a.test.filter((i) => labels[i] === c)).toHaveLength(10);
  });
});

describe('upload progress', () => {
  it('reports at most ~200 times, always including the last image', async () => {
    const files: Record<string, Uint8Array> = {};
    const one = png([9, 9, 9], 2, 2);
    for (let i = 0; i < 450; i++) files[`many/${i % 3}/${i}.png`] = one;
    const seen: number[] = [];
    const d = await parseUpload([{ name: 'many.zip', bytes: zipSync(files, { level: 0 }) }], { height: 2, width: 2, channels: 1 }, undefined, (done, total) => {
      expect(total).toBe(450);
      seen.push(done);
    });
    expect(d.train.count + d.test.count).toBe(450);
    expect(seen.length).toBeLessThanOrEqual(200);
    expect(seen[0]).toBe(3);
    expect(seen[seen.length - 1]).toBe(450);
  });
});
