// The ImageFolder convention (torchvision's): one subfolder per class, class names sorted, label = position. From a
// folder upload or the entries of a .zip; optional top-level train/ and test/ folders give the splits, otherwise a
// seeded stratified fraction is held out as the test set. Every image is decoded, converted and resized to one size.

import type { Dataset, DatasetSplit } from './dataset.ts';
import { clip } from '../model/format.ts';
import { DatasetError } from './errors.ts';
import { DEFAULT_TEST_FRACTION, holdOutTest } from './holdout.ts';
import { decodeImage, sniffImage, toInputPixels, type RasterImage } from './raster.ts';
import type { ArchiveFile } from './zip.ts';

export interface InputSize {
  height: number;
  width: number;
  channels: 1 | 3;
}

export interface ImageFolderOptions extends InputSize {
  /** Fraction of each class held out as the test set when there is no test/ folder (default 0.2). */
  testFraction?: number;
  /** Seed of that hold-out. */
  seed?: number;
}

/** Decodes one image file; the worker passes one that also reads GIF, WebP and BMP through createImageBitmap. */
export type ImageDecoder = (bytes: Uint8Array, fileName: string) => RasterImage | Promise<RasterImage>;

export const IMAGE_FOLDER_LIMITS = {
  /** Images per upload. */
  maxImages: 200_000,
  /** Labels are bytes. */
  maxClasses: 256,
  /** Largest side of the chosen input size, in pixels. */
  maxSide: 256,
} as const;

export interface LayoutItem {
  path: string;
  label: number;
  bytes: Uint8Array;
}

export interface FolderLayout {
  classes: string[];
  train: LayoutItem[];
  /** Images of a test/ folder, or null when the upload has none. */
  test: LayoutItem[] | null;
}

const TRAIN_DIRS = new Set(['train', 'training', 'val', 'valid', 'validation']);
const TEST_DIRS = new Set(['test', 'testing']);
const JUNK_FILES = new Set(['thumbs.db', 'desktop.ini']);

/** Operating-system clutter that is skipped, not reported: hidden files and folders, __MACOSX, Thumbs.db, desktop.ini. */
function isJunk(segments: string[]): boolean {
  return segments.some((s) => s.startsWith('.') || s === '__MACOSX') || JUNK_FILES.has((segments[segments.length - 1] ?? '').toLowerCase());
}

interface Entry {
  segments: string[];
  path: string;
  bytes: Uint8Array | null;
}

/**
 * Why an archive path is unsafe to use as given (it climbs out with '..' or is absolute), or null. Such entries are
 * skipped, never renamed into a class, and the upload summary lists them.
 */
export function unsafeArchivePath(raw: string): string | null {
  const path = raw.replace(/\\/g, '/');
  if (/^\//.test(path) || /^[A-Za-z]:\//.test(path)) return 'an absolute path';
  if (path.split('/').includes('..')) return "a path that climbs out of the archive with '..'";
  return null;
}

function entriesOf(files: readonly ArchiveFile[], skipped: string[]): Entry[] {
  const out: Entry[] = [];
  for (const f of files) {
    const unsafe = unsafeArchivePath(f.path);
    if (unsafe) {
      skipped.push(`${clip(f.path, 120)}: skipped, ${unsafe}`);
      continue;
    }
    const path = f.path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const isDir = path.endsWith('/');
    const segments = path.split('/').filter((s) => s.length > 0 && s !== '.');
    if (segments.length === 0 || isJunk(segments)) continue;
    out.push({ segments, path, bytes: isDir ? null : f.bytes });
  }
  return out;
}

/** Drops leading folders shared by every entry (a zipped "pets/" folder, a picked folder's own name). */
function stripCommonRoot(entries: Entry[]): Entry[] {
  let list = entries;
  for (;;) {
    const files = list.filter((e) => e.bytes);
    const first = files[0]?.segments[0];
    if (first === undefined || !files.every((e) => e.segments.length >= 3 && e.segments[0] === first)) return list;
    if (!list.every((e) => e.segments[0] === first)) return list;
    list = list.map((e) => ({ ...e, segments: e.segments.slice(1) })).filter((e) => e.segments.length > 0);
  }
}

/** Classes and labelled files of an upload laid out one subfolder per class; throws a DatasetError naming the fault. */
export function imageFolderLayout(files: readonly ArchiveFile[], rootName: string, skipped: string[] = []): FolderLayout {
  const entries = stripCommonRoot(entriesOf(files, skipped));
  const fileEntries = entries.filter((e) => e.bytes);
  if (fileEntries.length === 0) {
    throw new DatasetError('empty-class', rootName, 'contains no files; ImageFolder needs one subfolder per class with images in it (e.g. cat/1.png, dog/2.png).');
  }
  const loose = fileEntries.find((e) => e.segments.length < 2);
  if (loose) {
    throw new DatasetError('bad-archive', rootName, `"${loose.path}" is not inside a class folder; put every image in a subfolder named after its class (e.g. cat/1.png, dog/2.png).`);
  }
  const tops = new Set(entries.map((e) => e.segments[0]!.toLowerCase()));
  const splitMode =
    [...tops].every((t) => TRAIN_DIRS.has(t) || TEST_DIRS.has(t)) && [...tops].some((t) => TRAIN_DIRS.has(t)) && fileEntries.every((e) => e.segments.length >= 3);
  const classOf = (e: Entry) => (splitMode ? e.segments[1] : e.segments[0]);
  const isTest = (e: Entry) => splitMode && TEST_DIRS.has(e.segments[0]!.toLowerCase());
  const classes = [...new Set(entries.map(classOf).filter((c): c is string => c !== undefined))].sort();
  if (classes.length > IMAGE_FOLDER_LIMITS.maxClasses) {
    throw new DatasetError('too-large', rootName, `has ${classes.length} class folders, over the limit of ${IMAGE_FOLDER_LIMITS.maxClasses}; merge or remove classes.`);
  }
  const label = new Map(classes.map((c, i) => [c, i] as const));
  const train: LayoutItem[] = [];
  const test: LayoutItem[] = [];
  for (const e of fileEntries) (isTest(e) ? test : train).push({ path: e.path, label: label.get(classOf(e)!)!, bytes: e.bytes! });
  // Every class needs training images; a file that is not an image (by its signature) is reported by the caller.
  classes.forEach((c, i) => {
    const own = train.filter((t) => t.label === i);
    if (!own.some((t) => sniffImage(t.bytes))) {
      const what = own.length === 0 ? 'is empty' : `holds no images (only ${own.map((t) => t.path.split('/').pop()).join(', ')})`;
      throw new DatasetError('empty-class', `${rootName}/${splitMode ? 'train/' : ''}${c}`, `class "${c}" ${what}; add images to it or remove the folder.`);
    }
  });
  if (train.length + test.length > IMAGE_FOLDER_LIMITS.maxImages) {
    throw new DatasetError('too-large', rootName, `has ${train.length + test.length} files, over the limit of ${IMAGE_FOLDER_LIMITS.maxImages} images; use a subset.`);
  }
  const byPath = (a: LayoutItem, b: LayoutItem) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { classes, train: train.sort(byPath), test: splitMode && test.length > 0 ? test.sort(byPath) : null };
}

/** Checks the chosen input size: whole pixels from 1 to maxSide, 1 or 3 channels. */
export function checkInputSize(size: InputSize): void {
  for (const [axis, v] of [['height', size.height], ['width', size.width]] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= IMAGE_FOLDER_LIMITS.maxSide)) {
      throw new RangeError(`The image ${axis} must be a whole number of pixels from 1 to ${IMAGE_FOLDER_LIMITS.maxSide}, got ${v}.`);
    }
  }
  if (size.channels !== 1 && size.channels !== 3) throw new RangeError(`Images are grayscale (1 channel) or RGB (3 channels), got ${String(size.channels)} channels.`);
}

async function decodeSplit(
  items: LayoutItem[],
  size: InputSize,
  decode: ImageDecoder,
  progress: (path: string) => void,
): Promise<DatasetSplit> {
  const per = size.height * size.width * size.channels;
  const images = new Uint8Array(items.length * per);
  const labels = new Uint8Array(items.length);
  for (let n = 0; n < items.length; n++) {
    const item = items[n]!;
    if (!sniffImage(item.bytes)) {
      throw new DatasetError('not-an-image', item.path, `is not an image (not a PNG, JPEG, GIF, WebP or BMP file); remove it from the class folder.`);
    }
    images.set(toInputPixels(await decode(item.bytes, item.path), size, item.path), n * per);
    labels[n] = item.label;
    progress(item.path);
  }
  return { images, labels, count: items.length };
}

/** An ImageFolder upload as a dataset of `options` size; onProgress(done, total) after every image (every ~0.5% for large ones). */
export async function imageFolderDataset(
  files: readonly ArchiveFile[],
  name: string,
  options: ImageFolderOptions,
  decode: ImageDecoder = decodeImage,
  onProgress?: (done: number, total: number) => void,
): Promise<Dataset> {
  checkInputSize(options);
  const skipped: string[] = [];
  const layout = imageFolderLayout(files, name, skipped);
  const size: InputSize = { height: options.height, width: options.width, channels: options.channels };
  const total = layout.train.length + (layout.test?.length ?? 0);
  let done = 0;
  // At most ~200 reports per upload: each one crosses from the worker to the page.
  const every = Math.max(1, Math.ceil(total / 200));
  const tick = () => {
    done++;
    if (done === total || done % every === 0) onProgress?.(done, total);
  };
  const all = await decodeSplit(layout.train, size, decode, tick);
  const per = size.height * size.width * size.channels;
  const { train, test } = layout.test
    ? { train: all, test: await decodeSplit(layout.test, size, decode, tick) }
    : holdOutTest(all, per, options.testFraction ?? DEFAULT_TEST_FRACTION, options.seed ?? 1);
  return { name, classes: layout.classes, height: size.height, width: size.width, channels: size.channels, train, test, ...(skipped.length > 0 && { skipped }) };
}
