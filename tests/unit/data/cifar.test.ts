// CIFAR-10 binary batches and the official tarball layout: generated fixtures, round trips and corrupt inputs.

import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  CIFAR_CLASSES,
  CIFAR_PIXELS,
  CIFAR_RECORD,
  CIFAR_TEST_FILE,
  CIFAR_TRAIN_FILES,
  cifarDataset,
  encodeCifarBatch,
  interleavedToPlanar,
  parseCifarBatch,
  parseCifarTarGz,
  planarToInterleaved,
  readTar,
  writeTar,
  type CifarBatch,
} from '../../../src/data/index.ts';
import { expectDatasetError, pseudoBytes } from './helpers.ts';

function batch(count: number, seed: number): CifarBatch {
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7 + seed) % 10);
  return { count, labels, pixels: pseudoBytes(count * CIFAR_PIXELS, seed) };
}

/** A small archive in the official layout: cifar-10-batches-bin/{batches.meta.txt, data_batch_1..5.bin, test_batch.bin}. */
function archive(skip: string[] = []): { tar: Uint8Array; train: CifarBatch[]; test: CifarBatch } {
  const train = CIFAR_TRAIN_FILES.map((_, i) => batch(2 + i, 10 + i));
  const test = batch(3, 99);
  const entries = [
    { path: 'cifar-10-batches-bin/batches.meta.txt', data: strToU8(CIFAR_CLASSES.join('\n') + '\n\n') },
    ...CIFAR_TRAIN_FILES.map((name, i) => ({ path: `cifar-10-batches-bin/${name}`, data: encodeCifarBatch(train[i]!) })),
    { path: `cifar-10-batches-bin/${CIFAR_TEST_FILE}`, data: encodeCifarBatch(test) },
    { path: 'cifar-10-batches-bin/readme.html', data: strToU8('<html></html>') },
  ].filter((e) => !skip.some((s) => e.path.endsWith(s)));
  return { tar: writeTar(entries), train, test };
}

describe('CIFAR-10 binary batches', () => {
  it('writes label byte then R, G, B planes and reads them back', () => {
    const b = batch(4, 3);
    const bytes = encodeCifarBatch(b);
    expect(bytes.length).toBe(4 * CIFAR_RECORD);
    expect(bytes[CIFAR_RECORD]).toBe(b.labels[1]);
    expect(bytes.subarray(CIFAR_RECORD + 1, 2 * CIFAR_RECORD)).toEqual(b.pixels.subarray(CIFAR_PIXELS, 2 * CIFAR_PIXELS));
    expect(parseCifarBatch(bytes, 'data_batch_1.bin')).toEqual(b);
  });

  it('rejects a length that is not a whole number of records', () => {
    const bytes = encodeCifarBatch(batch(2, 1));
    const e = expectDatasetError(() => parseCifarBatch(bytes.subarray(0, bytes.length - 1), 'data_batch_1.bin'), 'truncated', 'data_batch_1.bin');
    expect(e.message).toContain('3073-byte');
    expectDatasetError(() => parseCifarBatch(new Uint8Array(), 'empty.bin'), 'truncated', 'empty.bin');
  });

  it('rejects labels of 10 or more', () => {
    const bytes = encodeCifarBatch(batch(3, 1));
    bytes[2 * CIFAR_RECORD] = 10;
    const e = expectDatasetError(() => parseCifarBatch(bytes, 'test_batch.bin'), 'bad-label', 'test_batch.bin');
    expect(e.message).toContain('record 2 has label 10');
  });

  it('rejects random bytes', () => {
    expectDatasetError(() => parseCifarBatch(pseudoBytes(5000, 7), 'noise.bin'), 'truncated', 'noise.bin');
    expectDatasetError(() => parseCifarBatch(pseudoBytes(2 * CIFAR_RECORD, 7), 'noise.bin'), 'bad-label', 'noise.bin');
  });
});

describe('planar <-> interleaved', () => {
  it('moves channel planes into NHWC and back', () => {
    // 1 image, 1x2 pixels, 3 channels: planes R=[1,2] G=[3,4] B=[5,6] -> [1,3,5, 2,4,6]
    const planar = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect([...planarToInterleaved(planar, 1, 1, 2, 3)]).toEqual([1, 3, 5, 2, 4, 6]);
    const many = pseudoBytes(3 * 4 * 5 * 2, 4);
    expect(interleavedToPlanar(planarToInterleaved(many, 3, 4, 5, 2), 3, 4, 5, 2)).toEqual(many);
  });
});

describe('cifar-10-binary.tar.gz', () => {
  it('reads the batches from a generated official-layout archive, gzipped or not', () => {
    const { tar, train, test } = archive();
    for (const bytes of [gzipSync(tar), tar]) {
      const a = parseCifarTarGz(bytes, 'cifar-10-binary.tar.gz');
      expect(a.classes).toEqual(CIFAR_CLASSES);
      expect(a.train.count).toBe(2 + 3 + 4 + 5 + 6);
      expect(a.train.labels.subarray(0, 2)).toEqual(train[0]!.labels);
      expect(a.train.labels.subarray(20 - 6)).toEqual(train[4]!.labels);
      expect(a.train.pixels.subarray(2 * CIFAR_PIXELS, 5 * CIFAR_PIXELS)).toEqual(train[1]!.pixels);
      expect(a.test).toEqual(test);
      const ds = cifarDataset(a);
      expect([ds.height, ds.width, ds.channels, ds.train.count, ds.test.count]).toEqual([32, 32, 3, 20, 3]);
      // first pixel of the first test image: R, G, B taken from the three planes
      expect([...ds.test.images.subarray(0, 3)]).toEqual([test.pixels[0], test.pixels[1024], test.pixels[2048]]);
    }
  });

  it('lists tar entries with their paths', () => {
    const entries = readTar(archive().tar, 't.tar');
    expect(entries.map((e) => e.path)).toContain('cifar-10-batches-bin/data_batch_3.bin');
    expect(entries).toHaveLength(8);
  });

  it('names the missing batches', () => {
    const { tar } = archive(['data_batch_4.bin', 'test_batch.bin']);
    const e = expectDatasetError(() => parseCifarTarGz(gzipSync(tar), 'cifar-10-binary.tar.gz'), 'missing-file', 'cifar-10-binary.tar.gz');
    expect(e.message).toContain('data_batch_4.bin, test_batch.bin');
  });

  it('reports a corrupt batch inside the archive with its path', () => {
    const { tar } = archive();
    const entries = readTar(tar, 't.tar').map((e) => ({ path: e.path, data: e.path.endsWith('test_batch.bin') ? e.data.subarray(0, 100) : e.data }));
    const e = expectDatasetError(() => parseCifarTarGz(writeTar(entries), 'c.tar'), 'truncated', 'c.tar:cifar-10-batches-bin/test_batch.bin');
    expect(e.message).toContain('100 bytes');
  });

  it('rejects a cut-off archive', () => {
    const { tar } = archive();
    expectDatasetError(() => parseCifarTarGz(tar.subarray(0, 5000), 'cut.tar'), 'truncated', 'cut.tar');
    expectDatasetError(() => parseCifarTarGz(tar.subarray(0, 700), 'cut2.tar'), 'truncated', 'cut2.tar');
  });

  it('rejects random bytes and broken gzip', () => {
    expectDatasetError(() => parseCifarTarGz(pseudoBytes(4096, 5), 'noise.tar.gz'), 'bad-archive', 'noise.tar.gz');
    const gz = gzipSync(archive().tar);
    gz.fill(0x55, 30, 200);
    expectDatasetError(() => parseCifarTarGz(gz, 'broken.tar.gz'), 'bad-archive', 'broken.tar.gz');
  });

  it('refuses an archive that claims to unpack to more than the limit', () => {
    const gz = gzipSync(archive().tar);
    new DataView(gz.buffer, gz.byteOffset).setUint32(gz.length - 4, 0xf0000000, true);
    expectDatasetError(() => parseCifarTarGz(gz, 'big.tar.gz'), 'too-large', 'big.tar.gz');
  });
});
