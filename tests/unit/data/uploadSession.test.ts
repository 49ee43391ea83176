// The worker's upload path (EngineSession.loadUpload with Blobs, as the UI sends them): a good upload becomes the
// active dataset, a bad one throws a message naming the file and leaves the previous dataset active.
import { encode as encodePng } from 'fast-png';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels, type Dataset } from '../../../src/data/index.ts';
import { readUploadSources } from '../../../src/engine/upload.ts';
import { EngineSession } from '../../../src/engine/session.ts';

const tiny: Dataset = {
  name: 'tiny',
  classes: ['a', 'b'],
  height: 2,
  width: 2,
  channels: 1,
  train: { images: new Uint8Array(8), labels: Uint8Array.from([0, 1]), count: 2 },
  test: { images: new Uint8Array(4), labels: Uint8Array.from([1]), count: 1 },
};

const png = (v: number) => encodePng({ width: 3, height: 3, data: new Uint8Array(27).fill(v), channels: 3, depth: 8 });
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

describe('EngineSession.loadUpload', () => {
  it('makes a zipped ImageFolder the active dataset, reporting progress', async () => {
    const session = new EngineSession();
    session.attachDataset('tiny', tiny);
    const zip = zipSync({ 'sq/on/1.png': png(255), 'sq/on/2.png': png(250), 'sq/off/1.png': png(0), 'sq/off/2.png': png(5) });
    const seen: number[] = [];
    const info = await session.loadUpload([{ name: 'sq.zip', blob: blob(zip) }], { height: 4, width: 4, channels: 1, testFraction: 0.5 }, (done) => seen.push(done));
    expect(info).toEqual({ id: 'upload:zip:sq', name: 'sq', classes: ['off', 'on'], shape: [4, 4, 1], train: 2, test: 2 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect([...session.labels('train')]).toEqual([0, 1]);
  });

  it('on a corrupt upload throws the file and the fault, and the previous dataset stays', async () => {
    const session = new EngineSession();
    session.attachDataset('tiny', tiny);
    const images = encodeIdxImages({ count: 3, height: 2, width: 2, pixels: new Uint8Array(12) });
    const labels = encodeIdxLabels(Uint8Array.from([0, 1]));
    await expect(
      session.loadUpload(
        [
          { name: 'train-images-idx3-ubyte', blob: blob(images) },
          { name: 'train-labels-idx1-ubyte', blob: blob(labels) },
        ],
        { height: 28, width: 28, channels: 1 },
      ),
    ).rejects.toThrow('train-images-idx3-ubyte: has 3 images but train-labels-idx1-ubyte has 2 labels');
    expect(session.datasetInfo()).toMatchObject({ id: 'tiny', train: 2, test: 1 });
  });

  it('refuses an upload over the size limit before reading it', async () => {
    const huge = { size: 2 ** 31, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as Blob;
    await expect(readUploadSources([{ name: 'huge.zip', blob: huge }])).rejects.toThrow(/^huge\.zip: 2147483648 bytes in all is over the 1073741824-byte upload limit/);
  });
});
