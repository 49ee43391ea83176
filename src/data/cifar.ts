// The official CIFAR-10 binary format: records of 1 label byte + 3072 pixel bytes (32x32 red plane, then green,
// then blue, each row-major), in data_batch_1..5.bin and test_batch.bin, shipped as cifar-10-binary.tar.gz.

import { DatasetError } from './errors.ts';
import { isGzip, maybeGunzip } from './gzip.ts';
import { readTar } from './tar.ts';

export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = 3 * CIFAR_SIDE * CIFAR_SIDE; // 3072
export const CIFAR_RECORD = 1 + CIFAR_PIXELS; // 3073
export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR_TEST_FILE = 'test_batch.bin';
/** Largest archive accepted, compressed or not (the official one is ~163 MB packed, ~185 MB unpacked). */
export const CIFAR_MAX_BYTES = 512 * 1024 * 1024;

export interface CifarBatch {
  count: number;
  labels: Uint8Array;
  /** count * 3072 bytes, channel-planar (R plane, G plane, B plane) per image, as in the files. */
  pixels: Uint8Array;
}

export interface CifarArchive {
  classes: string[];
  train: CifarBatch;
  test: CifarBatch;
}

export function parseCifarBatch(bytes: Uint8Array, fileName: string): CifarBatch {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD);
    throw new DatasetError(
      'truncated',
      fileName,
      `${bytes.length} bytes is not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records (${whole} records and ${bytes.length - whole * CIFAR_RECORD} bytes over); the file is cut off or not a CIFAR-10 binary batch.`,
    );
  }
  const count = bytes.length / CIFAR_RECORD;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * CIFAR_PIXELS);
  for (let i = 0; i < count; i++) {
    const at = i * CIFAR_RECORD;
    const label = bytes[at] ?? 0;
    if (label >= CIFAR_CLASSES.length) {
      throw new DatasetError('bad-label', fileName, `record ${i} has label ${label}, but CIFAR-10 labels are 0-9; is this a CIFAR-100 file or not a CIFAR file at all?`);
    }
    labels[i] = label;
    pixels.set(bytes.subarray(at + 1, at + CIFAR_RECORD), i * CIFAR_PIXELS);
  }
  return { count, labels, pixels };
}

export function encodeCifarBatch(batch: CifarBatch): Uint8Array {
  if (batch.labels.length !== batch.count || batch.pixels.length !== batch.count * CIFAR_PIXELS) {
    throw new RangeError(`encodeCifarBatch: ${batch.count} images need ${batch.count} labels and ${batch.count * CIFAR_PIXELS} pixel bytes`);
  }
  const out = new Uint8Array(batch.count * CIFAR_RECORD);
  for (let i = 0; i < batch.count; i++) {
    out[i * CIFAR_RECORD] = batch.labels[i] ?? 0;
    out.set(batch.pixels.subarray(i * CIFAR_PIXELS, (i + 1) * CIFAR_PIXELS), i * CIFAR_RECORD + 1);
  }
  return out;
}

export function concatCifarBatches(batches: readonly CifarBatch[]): CifarBatch {
  const count = batches.reduce((n, b) => n + b.count, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * CIFAR_PIXELS);
  let n = 0;
  for (const b of batches) {
    labels.set(b.labels, n);
    pixels.set(b.pixels, n * CIFAR_PIXELS);
    n += b.count;
  }
  return { count, labels, pixels };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Reads the official cifar-10-binary.tar.gz (or the same tar uncompressed). */
export function parseCifarTarGz(bytes: Uint8Array, fileName: string): CifarArchive {
  if (bytes.length > CIFAR_MAX_BYTES) {
    throw new DatasetError('too-large', fileName, `${bytes.length} bytes is over the ${CIFAR_MAX_BYTES}-byte limit; the official archive is about 163 MB.`);
  }
  if (isGzip(bytes) && bytes.length >= 18) {
    // The gzip trailer holds the unpacked size modulo 2^32: refuse before allocating it.
    const unpacked = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
    if (unpacked > CIFAR_MAX_BYTES) {
      throw new DatasetError('too-large', fileName, `unpacks to ${unpacked} bytes, over the ${CIFAR_MAX_BYTES}-byte limit; the official archive unpacks to about 185 MB.`);
    }
  }
  const tar = maybeGunzip(bytes, fileName);
  const entries = readTar(tar, fileName);
  const byName = new Map(entries.map((e) => [baseName(e.path), e] as const));
  const wanted = [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE];
  const missing = wanted.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new DatasetError(
      'missing-file',
      fileName,
      `the archive lacks ${missing.join(', ')}; expected the official cifar-10-binary.tar.gz with data_batch_1..5.bin and test_batch.bin (not the Python or MATLAB version).`,
    );
  }
  const batch = (n: string) => {
    const e = byName.get(n);
    return parseCifarBatch(e ? e.data : new Uint8Array(), `${fileName}:${e?.path ?? n}`);
  };
  const train = concatCifarBatches(CIFAR_TRAIN_FILES.map(batch));
  const test = batch(CIFAR_TEST_FILE);
  const meta = byName.get('batches.meta.txt');
  let classes = CIFAR_CLASSES;
  if (meta) {
    const names = String.fromCharCode(...meta.data.subarray(0, 4096)).split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
    if (names.length === CIFAR_CLASSES.length) classes = names;
  }
  return { classes: [...classes], train, test };
}
