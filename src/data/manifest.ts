// The manifest.json of the prepared data folder (data): which datasets exist, their files, counts and checksums.

export type DatasetId = 'mnist' | 'fashion-mnist' | 'cifar10';

export interface ManifestFiles {
  trainImages?: string;
  trainLabels?: string;
  testImages?: string;
  testLabels?: string;
  /** CIFAR binary batches. */
  train?: string[];
  test?: string[];
}

export interface ManifestEntry {
  id: DatasetId;
  name: string;
  classes: string[];
  height: number;
  width: number;
  channels: number;
  format: 'idx' | 'cifar-binary';
  /** Paths relative to the manifest. */
  files: ManifestFiles;
  counts: { train: number; test: number };
  /** File path (as in files) -> lowercase hex SHA-256. */
  sha256: Record<string, string>;
}

export interface Manifest {
  version: 1;
  datasets: ManifestEntry[];
}

export const MANIFEST_FILE = 'manifest.json';

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Every file a manifest entry names, in a stable order. */
export function manifestFileList(entry: ManifestEntry): string[] {
  const f = entry.files;
  return [f.trainImages, f.trainLabels, f.testImages, f.testLabels, ...(f.train ?? []), ...(f.test ?? [])].filter((x): x is string => typeof x === 'string');
}

/** Light structural check of parsed manifest JSON; returns null when it is not a version-1 manifest. */
export function asManifest(value: unknown): Manifest | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { version?: unknown; datasets?: unknown };
  if (v.version !== 1 || !Array.isArray(v.datasets)) return null;
  for (const d of v.datasets as unknown[]) {
    if (typeof d !== 'object' || d === null) return null;
    const e = d as Partial<ManifestEntry>;
    if (typeof e.id !== 'string' || typeof e.files !== 'object' || typeof e.sha256 !== 'object' || e.sha256 === null) return null;
  }
  return value as Manifest;
}
