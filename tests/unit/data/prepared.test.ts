// The converter's output in data, when it has been generated: every file parses and matches the manifest.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  asManifest,
  concatCifarBatches,
  idxDataset,
  pairImagesLabels,
  parseCifarBatch,
  parseIdxImages,
  parseIdxLabels,
} from '../../../src/data/index.ts';

const OUT = 'data';
const present = existsSync(`${OUT}/manifest.json`);
const read = (f: string) => new Uint8Array(readFileSync(`${OUT}/${f}`));

describe.skipIf(!present)('prepared data (npm run data)', () => {
  it('parses every dataset with the counts the manifest gives', () => {
    const manifest = asManifest(JSON.parse(readFileSync(`${OUT}/manifest.json`, 'utf8')));
    expect(manifest).not.toBeNull();
    expect(manifest!.datasets.map((d) => d.id)).toEqual(['mnist', 'fashion-mnist', 'cifar10']);
    for (const d of manifest!.datasets) {
      if (d.format === 'idx') {
        const f = d.files;
        const split = (images: string, labels: string) =>
          pairImagesLabels(parseIdxImages(read(images), images), parseIdxLabels(read(labels), labels), { images, labels });
        const ds = idxDataset(d.name, d.classes, split(f.trainImages!, f.trainLabels!), split(f.testImages!, f.testLabels!));
        expect([ds.train.count, ds.test.count, ds.height, ds.width]).toEqual([d.counts.train, d.counts.test, d.height, d.width]);
        if (d.id === 'fashion-mnist') {
          // stratified: 6,000 / 1,000 per class
          for (let c = 0; c < 10; c++) {
            expect(ds.train.labels.filter((l) => l === c)).toHaveLength(6000);
            expect(ds.test.labels.filter((l) => l === c)).toHaveLength(1000);
          }
        }
      } else {
        const train = concatCifarBatches(d.files.train!.map((f) => parseCifarBatch(read(f), f)));
        const test = concatCifarBatches(d.files.test!.map((f) => parseCifarBatch(read(f), f)));
        expect([train.count, test.count]).toEqual([d.counts.train, d.counts.test]);
        expect([...train.labels.subarray(0, 5)]).toEqual([6, 9, 9, 4, 1]);
      }
    }
  }, 20_000);
});
