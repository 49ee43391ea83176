// Reads one dataset of the prepared data folder (manifest.json + IDX or CIFAR binary files) through a file reader,
// so the worker (fetch) and the CLI (node:fs) load the same files the same way.

import { cifarDataset, idxDataset, type Dataset } from './dataset.ts';
import { concatCifarBatches, parseCifarBatch } from './cifar.ts';
import { DatasetError } from './errors.ts';
import { pairImagesLabels, parseIdxImages, parseIdxLabels } from './idx.ts';
import type { ManifestEntry } from './manifest.ts';

export type FileReader = (file: string) => Promise<Uint8Array>;

export async function loadPreparedDataset(entry: ManifestEntry, read: FileReader): Promise<Dataset> {
  if (entry.format === 'idx') {
    const f = entry.files;
    const split = async (images?: string, labels?: string) => {
      if (!images || !labels) throw new DatasetError('missing-file', entry.id, `the manifest entry for ${entry.name} names no image or label file; run \`npm run data -- --force\`.`);
      return pairImagesLabels(parseIdxImages(await read(images), images), parseIdxLabels(await read(labels), labels), { images, labels });
    };
    return idxDataset(entry.name, entry.classes, await split(f.trainImages, f.trainLabels), await split(f.testImages, f.testLabels));
  }
  const batches = async (files: string[] = []) => concatCifarBatches(await Promise.all(files.map(async (f) => parseCifarBatch(await read(f), f))));
  const archive = { classes: entry.classes, train: await batches(entry.files.train), test: await batches(entry.files.test) };
  return cifarDataset(archive, entry.name);
}
