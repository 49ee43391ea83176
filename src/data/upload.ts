// User uploads: works out what was dropped or picked (IDX image + label files, CIFAR-10 .bin batches or its
// tar.gz, a .zip or a folder laid out one subfolder per class) and parses it into a Dataset, or throws a DatasetError
// that names the file and the fault. Pure: the worker and the tests call it with the files' bytes.

import { CIFAR_MAX_BYTES, CIFAR_CLASSES, CIFAR_TEST_FILE, concatCifarBatches, parseCifarBatch, parseCifarTarGz } from './cifar.ts';
import { cifarDataset, cifarSplit, idxDataset, type Dataset, type DatasetSplit } from './dataset.ts';
import { DatasetError } from './errors.ts';
import { isGzip, maybeGunzip } from './gzip.ts';
import { DEFAULT_TEST_FRACTION, holdOutTest } from './holdout.ts';
import { IDX_MAX_BYTES, pairImagesLabels, parseIdxImages, parseIdxLabels, type IdxImages } from './idx.ts';
import { imageFolderDataset, type ImageDecoder, type ImageFolderOptions } from './imageFolder.ts';
import { leadingBytes } from './raster.ts';
import { isZip, readZip, ZIP_MAX_BYTES } from './zip.ts';

export interface UploadFile {
  /** The file name, or its path relative to the picked folder (webkitRelativePath) for folder uploads. */
  name: string;
  bytes: Uint8Array;
}

export interface UploadOptions extends ImageFolderOptions {
  /**
   * Transpose IDX images (swap rows and columns). EMNIST stores its images transposed relative to MNIST; undefined
   * means "when a file name contains emnist".
   */
  transposeIdx?: boolean;
}

export type UploadKind = 'idx' | 'cifar-binary' | 'cifar-archive' | 'zip' | 'image-folder';

/** Largest upload accepted in all (the official CIFAR-10 archive is ~163 MB). */
export const UPLOAD_MAX_BYTES = 1024 * 1024 * 1024;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const stem = (name: string) => baseName(name).replace(/(\.tar)?\.(gz|tgz|zip|bin)$/i, '') || name;
const isIdxName = (name: string) => /(-|\.)idx[13]-ubyte(\.gz)?$|\.idx[13]?(\.gz)?$/i.test(baseName(name));
const isTestName = (name: string) => /t10k|test/i.test(baseName(name));

/** The IDX header's dimension count (1 labels, 3 images) when the (inflated) bytes start with one, else 0. */
function idxDims(bytes: Uint8Array): number {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08 && (bytes[3] === 1 || bytes[3] === 3) ? bytes[3] : 0;
}

function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= 262 && String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar';
}

/** Which format an upload is, from names and signatures (of gunzipped bytes); throws a DatasetError for a mix it cannot read. */
export function detectUpload(files: readonly UploadFile[]): UploadKind {
  if (files.length === 0) throw new DatasetError('missing-file', 'upload', 'no files were given; pick IDX files, CIFAR-10 batches, a .zip or a folder.');
  if (files.some((f) => f.name.includes('/'))) return 'image-folder';
  const zips = files.filter((f) => isZip(f.bytes) || /\.zip$/i.test(f.name));
  if (zips.length > 0) {
    if (files.length > 1) throw new DatasetError('bad-archive', zips[0]!.name, 'a .zip must be uploaded on its own (one archive with one subfolder per class).');
    return 'zip';
  }
  if (files.length === 1 && /\.(tar\.gz|tgz|tar)$/i.test(files[0]!.name)) return 'cifar-archive';
  if (files.every((f) => /\.bin$/i.test(f.name))) return 'cifar-binary';
  if (files.every((f) => isIdxName(f.name) || idxDims(f.bytes) > 0)) return 'idx';
  if (files.length === 1 && isTar(files[0]!.bytes)) return 'cifar-archive';
  const odd = files.find((f) => !isIdxName(f.name) && idxDims(f.bytes) === 0)!;
  throw new DatasetError(
    'bad-magic',
    odd.name,
    `is not a recognised dataset file (it starts with bytes ${leadingBytes(odd.bytes)}); upload IDX image and label files, CIFAR-10 .bin batches or cifar-10-binary.tar.gz, or a .zip or folder with one subfolder per class.`,
  );
}

/** Class names "0".."n-1" covering every label of the IDX upload. */
function idxClasses(...labelSets: Uint8Array[]): string[] {
  let max = 0;
  for (const labels of labelSets) for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i]!);
  return Array.from({ length: max + 1 }, (_, i) => String(i));
}

type IdxPair = { images: IdxImages; labels: Uint8Array };

/** Each image with rows and columns swapped (out[x][y] = in[y][x]); a height x width image becomes width x height. */
export function transposeIdxImages(images: IdxImages): IdxImages {
  const { count, height, width, pixels } = images;
  const out = new Uint8Array(pixels.length);
  const per = height * width;
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[n * per + x * height + y] = pixels[n * per + y * width + x]!;
  }
  return { count, height: width, width: height, pixels: out };
}

/** IDX uploads: one image + label pair for training ("train" in the name or none), optionally one for test ("t10k"/"test"). */
function idxUpload(files: readonly UploadFile[], options: UploadOptions): Dataset {
  const transpose = options.transposeIdx ?? files.some((f) => /emnist/i.test(baseName(f.name)));
  const parsed = files.map((f) => {
    const bytes = f.bytes;
    // The name says which kind it should be; the header must then agree (a wrong magic number is reported as such).
    const n = baseName(f.name);
    const byName = /labels?|idx1/i.test(n) ? 1 : /images?|idx3/i.test(n) ? 3 : 0;
    const dims = byName || idxDims(bytes) || 3;
    if (dims === 1) return { file: f, labels: parseIdxLabels(bytes, f.name) };
    const images = parseIdxImages(bytes, f.name);
    return { file: f, images: transpose ? transposeIdxImages(images) : images };
  });
  const pair = (test: boolean): { pair: IdxPair; names: { images: string; labels: string } } | null => {
    const mine = parsed.filter((p) => isTestName(p.file.name) === test);
    if (mine.length === 0) return null;
    const imgs = mine.filter((p) => p.images);
    const labs = mine.filter((p) => p.labels);
    const which = test ? 'test' : 'training';
    if (imgs.length !== 1 || labs.length !== 1) {
      const names = mine.map((p) => p.file.name).join(', ');
      throw new DatasetError(
        'missing-file',
        mine[0]!.file.name,
        `the ${which} files (${names}) are ${imgs.length} image and ${labs.length} label files; upload exactly one IDX image file and its label file per split${test ? ' (names with "t10k" or "test")' : ''}.`,
      );
    }
    const names = { images: imgs[0]!.file.name, labels: labs[0]!.file.name };
    return { pair: pairImagesLabels(imgs[0]!.images!, labs[0]!.labels!, names), names };
  };
  const train = pair(false);
  const test = pair(true);
  if (!train) throw new DatasetError('missing-file', files[0]!.name, 'only test files were given; add the training image and label files (without "t10k" or "test" in their names).');
  const name = stem(train.names.images).replace(/[-_.]?(train[-_.]?)?images?[-_.]?idx3[-_.]ubyte$/i, '') || 'IDX upload';
  if (test) {
    return idxDataset(name, idxClasses(train.pair.labels, test.pair.labels), train.pair, test.pair, train.names.labels);
  }
  const { images } = train.pair;
  const size = images.height * images.width;
  const whole: DatasetSplit = { images: images.pixels, labels: train.pair.labels, count: images.count };
  const split = holdOutTest(whole, size, options.testFraction ?? DEFAULT_TEST_FRACTION, options.seed ?? 1);
  const asIdx = (s: DatasetSplit): IdxPair => ({ images: { count: s.count, height: images.height, width: images.width, pixels: s.images }, labels: s.labels });
  return idxDataset(name, idxClasses(train.pair.labels), asIdx(split.train), asIdx(split.test), train.names.labels);
}

/** CIFAR-10 .bin batches: test_batch.bin is the test set, every other file is training data. */
function cifarBinaryUpload(files: readonly UploadFile[], options: UploadOptions): Dataset {
  const isTest = (f: UploadFile) => baseName(f.name).toLowerCase() === CIFAR_TEST_FILE || isTestName(f.name);
  const batches = (list: readonly UploadFile[]) => concatCifarBatches(list.map((f) => parseCifarBatch(f.bytes, f.name)));
  const trainFiles = files.filter((f) => !isTest(f));
  const testFiles = files.filter(isTest);
  if (trainFiles.length === 0) throw new DatasetError('missing-file', testFiles[0]!.name, 'is a test batch only; add the data_batch_*.bin training batches.');
  const train = batches(trainFiles);
  if (testFiles.length > 0) return cifarDataset({ classes: [...CIFAR_CLASSES], train, test: batches(testFiles) }, 'CIFAR-10 (upload)');
  const whole = cifarSplit(train);
  const split = holdOutTest(whole, 32 * 32 * 3, options.testFraction ?? DEFAULT_TEST_FRACTION, options.seed ?? 1);
  return { name: 'CIFAR-10 (upload)', classes: [...CIFAR_CLASSES], height: 32, width: 32, channels: 3, train: split.train, test: split.test };
}

/** Refuses uploads over the total size limit before anything is decompressed. */
function checkTotalSize(files: readonly UploadFile[]): void {
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > UPLOAD_MAX_BYTES) {
    const biggest = files.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
    throw new DatasetError('too-large', files.length === 1 ? biggest.name : 'upload', `${total} bytes in all is over the ${UPLOAD_MAX_BYTES}-byte upload limit; use a subset.`);
  }
  for (const f of files) {
    if (isGzip(f.bytes) && f.bytes.length >= 18) {
      // The gzip trailer holds the unpacked size modulo 2^32: refuse before allocating it.
      const unpacked = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength).getUint32(f.bytes.length - 4, true);
      const limit = Math.max(IDX_MAX_BYTES, CIFAR_MAX_BYTES);
      if (unpacked > limit) {
        throw new DatasetError(
          'too-large',
          f.name,
          `its gzip trailer says it unpacks to ${unpacked} bytes, over the ${limit}-byte limit; use a subset (or, if the file is cut off, download it again).`,
        );
      }
    }
  }
}

/** Parses an upload of any supported kind; options size and convert image folders (other formats keep their size). */
export async function parseUpload(
  packed: readonly UploadFile[],
  options: UploadOptions,
  decode?: ImageDecoder,
  onProgress?: (done: number, total: number) => void,
): Promise<Dataset & { kind: UploadKind }> {
  checkTotalSize(packed);
  // Inflated once here (the size limits are checked above); every parser also accepts the plain bytes.
  const files = packed.map((f) => (isZip(f.bytes) ? f : { name: f.name, bytes: maybeGunzip(f.bytes, f.name) }));
  const kind = detectUpload(files);
  const withKind = (d: Dataset) => ({ ...d, kind });
  switch (kind) {
    case 'idx':
      return withKind(idxUpload(files, options));
    case 'cifar-binary':
      return withKind(cifarBinaryUpload(files, options));
    case 'cifar-archive': {
      const f = files[0]!;
      return withKind(cifarDataset(parseCifarTarGz(f.bytes, f.name), 'CIFAR-10 (upload)'));
    }
    case 'zip': {
      const f = files[0]!;
      const entries = readZip(f.bytes, f.name, ZIP_MAX_BYTES);
      return withKind(await imageFolderDataset(entries, stem(f.name), options, decode, onProgress));
    }
    case 'image-folder': {
      const root = files[0]!.name.split('/')[0] || 'folder';
      return withKind(await imageFolderDataset(files.map((f) => ({ path: f.name, bytes: f.bytes })), root, options, decode, onProgress));
    }
    default:
      return kind satisfies never;
  }
}
