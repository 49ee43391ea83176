// Issue 18, limits before work: gzip inflates with a running cap and a verified trailer, image headers are checked
// for their declared size before decoding, and the parsers throw only their own error on random or mutated bytes.
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src/data/errors.ts';
import { crc32 } from '../../../src/model/crc32.ts';
import { maybeGunzip } from '../../../src/data/gzip.ts';
import { parseCifarBatch, parseCifarTarGz } from '../../../src/data/cifar.ts';
import { encodeIdx, parseIdxImages, parseIdxLabels } from '../../../src/data/idx.ts';
import { declaredImageSize, MAX_IMAGE_MEGAPIXELS } from '../../../src/data/imageHeader.ts';
import { decodeImage, sniffImage } from '../../../src/data/raster.ts';
import { readTar, writeTar } from '../../../src/data/tar.ts';
import { readZip } from '../../../src/data/zip.ts';
import { imageFolderDataset } from '../../../src/data/imageFolder.ts';
import { expectDatasetError, pseudoBytes } from './helpers.ts';

const png = (w: number, h: number) => encodePng({ width: w, height: h, channels: 1, depth: 8, data: new Uint8Array(w * h) });
/** A valid PNG whose IHDR then claims another size (the CRC no longer matters: the header is read first). */
function lyingPng(width: number, height: number): Uint8Array {
  const b = png(4, 4).slice();
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

describe('gzip', () => {
  const data = pseudoBytes(50_000);
  const gz = gzipSync(data);
  it('inflates and verifies CRC-32 and size', () => {
    expect(maybeGunzip(gz, 'a.gz')).toEqual(data);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it.each([
    ['a wrong CRC-32', gz.length - 8, /CRC-32 does not match/],
    ['a wrong size', gz.length - 3, /trailer declares \d+ bytes while the data inflates to 50000/],
  ])('refuses %s in the trailer', (_what, at, message) => {
    const bad = gz.slice();
    bad[at]! ^= 0x40;
    expect(expectDatasetError(() => maybeGunzip(bad, 'a.gz'), 'bad-archive', 'a.gz').message).toMatch(message);
  });
  it('stops a bomb at the cap, not after inflating it', { timeout: 60_000 }, () => {
    const bomb = gzipSync(new Uint8Array(48 * 2 ** 20));
    const e = expectDatasetError(() => maybeGunzip(bomb, 'bomb.gz', 2 ** 20), 'too-large', 'bomb.gz');
    const sofar = Number(/\((\d+) so far\)/.exec(e.message)![1]);
    expect(sofar).toBeLessThan(2 ** 20 + 17 * 2 ** 20); // at most one 16 KiB input chunk (x1032) past the cap
  });
  it('refuses a cut-off stream', () => {
    expectDatasetError(() => maybeGunzip(gz.subarray(0, gz.length >> 1), 'cut.gz'), 'bad-archive', 'cut.gz');
  });
});

describe('image headers before decoding', () => {
  it('reads the declared size of each format', () => {
    expect(declaredImageSize(png(7, 5), 'png')).toEqual({ width: 7, height: 5 });
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 20, 0, 10, 0]);
    expect(declaredImageSize(gif, 'gif')).toEqual({ width: 20, height: 10 });
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(14, 40, true);
    new DataView(bmp.buffer).setInt32(18, 30, true);
    new DataView(bmp.buffer).setInt32(22, -40, true);
    expect(declaredImageSize(bmp, 'bmp')).toEqual({ width: 30, height: 40 });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 48, 0, 64, 3, 0, 0, 0]);
    expect(declaredImageSize(jpeg, 'jpeg')).toEqual({ width: 64, height: 48 });
  });
  it('refuses 20000x20000 before decoding and 0x0 naming the file', () => {
    expect(expectDatasetError(() => decodeImage(lyingPng(20000, 20000), 'big.png'), 'too-large', 'big.png').message).toMatch(/declares 20000x20000 pixels, over the 50-megapixel limit/);
    expect(expectDatasetError(() => decodeImage(lyingPng(0, 0), 'cat/empty.png'), 'not-an-image', 'cat/empty.png').message).toMatch(/empty 0x0 PNG image/);
  });
  it('no declared size the check accepts is over the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (w, h) => {
        let error: unknown = null;
        try {
          decodeImage(lyingPng(w, h), 'p.png');
        } catch (e) {
          error = e;
        }
        if (w * h > MAX_IMAGE_MEGAPIXELS * 1e6 || w * h === 0) expect((error as DatasetError).code).toBe(w * h === 0 ? 'not-an-image' : 'too-large');
        else expect(error === null || error instanceof DatasetError).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

/** Every parser over bytes, called on arbitrary input: it may succeed or throw a DatasetError, nothing else. */
const PARSERS: [string, (b: Uint8Array) => unknown][] = [
  ['gunzip', (b) => maybeGunzip(b, 'f.gz', 2 ** 20)],
  ['idx images', (b) => parseIdxImages(b, 'f-idx3-ubyte')],
  ['idx labels', (b) => parseIdxLabels(b, 'f-idx1-ubyte')],
  ['cifar batch', (b) => parseCifarBatch(b, 'data_batch_1.bin')],
  ['cifar tar.gz', (b) => parseCifarTarGz(b, 'cifar-10-binary.tar.gz')],
  ['tar', (b) => readTar(b, 'f.tar')],
  ['zip', (b) => readZip(b, 'f.zip', 2 ** 20)],
  ['image', (b) => (sniffImage(b) === 'png' || sniffImage(b) === 'jpeg' ? decodeImage(b, 'f.img') : null)],
];

const SEEDS: Uint8Array[] = [
  gzipSync(encodeIdx([3, 2, 2], pseudoBytes(12))),
  encodeIdx([3, 2, 2], pseudoBytes(12)),
  encodeIdx([5], new Uint8Array([0, 1, 2, 3, 4])),
  gzipSync(writeTar([{ path: 'cifar-10-batches-bin/data_batch_1.bin', data: pseudoBytes(3073 * 2) }])),
  zipSync({ 'cat/a.png': png(3, 3), 'dog/b.png': png(2, 2) }),
  png(5, 4),
];

function onlyOwnErrors(parse: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    parse(bytes);
  } catch (e) {
    if (!(e instanceof DatasetError)) throw new Error(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
}

describe('parsers throw only DatasetError (fast-check)', () => {
  it.each(PARSERS)('%s on random bytes', (_name, parse) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => onlyOwnErrors(parse, b)), { numRuns: 150 });
  });
  it.each(PARSERS)('%s on mutated valid files', (_name, parse) => {
    const mutation = fc.record({ seed: fc.integer({ min: 0, max: SEEDS.length - 1 }), flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), cut: fc.nat() });
    fc.assert(
      fc.property(mutation, ({ seed, flips, cut }) => {
        const b = SEEDS[seed]!.slice();
        for (const [at, v] of flips) b[at % b.length] = v;
        onlyOwnErrors(parse, cut % 3 === 0 ? b.subarray(0, cut % (b.length + 1)) : b);
      }),
      { numRuns: 150 },
    );
  });
});

describe('say what was skipped', () => {
  it("reports zip entries under '..' and absolute paths instead of dropping or renaming them", async () => {
    const zip = zipSync({ 'cat/a.png': png(3, 3), 'dog/b.png': png(2, 2), '../evil.png': png(2, 2), '/abs/cat/x.png': png(2, 2) });
    const ds = await imageFolderDataset(readZip(zip, 'pets.zip'), 'pets', { height: 4, width: 4, channels: 1, testFraction: 0.5 });
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.skipped).toEqual(["../evil.png: skipped, a path that climbs out of the archive with '..'", '/abs/cat/x.png: skipped, an absolute path']);
  });
  it('refuses an empty 0x0 image, naming the file', async () => {
    const zip = zipSync({ 'cat/a.png': png(3, 3), 'dog/b.png': png(2, 2), 'dog/empty.png': lyingPng(0, 0) });
    await expect(imageFolderDataset(readZip(zip, 'pets.zip'), 'pets', { height: 4, width: 4, channels: 1 })).rejects.toThrow(/dog\/empty.png: is an empty 0x0 PNG image/);
  });
});

describe('declared sizes are checked against the caps before anything is allocated (fast-check)', () => {
  it('an IDX header declaring any dimensions is refused by its declaration, quickly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 64 }), (dims, payload) => {
        const header = new Uint8Array(16 + payload);
        const view = new DataView(header.buffer);
        view.setUint32(0, 0x803);
        dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
        const size = dims.reduce((a, b) => a * b, 1);
        const t0 = performance.now();
        let error: unknown = null;
        try {
          parseIdxImages(header, 'x-idx3-ubyte');
        } catch (e) {
          error = e;
        }
        expect(performance.now() - t0).toBeLessThan(250); // no allocation of the declared size
        if (size !== payload) expect((error as DatasetError).code).toBe(size > 2 ** 30 ? 'too-large' : size > payload ? 'truncated' : 'trailing-data');
      }),
      { numRuns: 200 },
    );
  });
  it('a tar entry declaring more bytes than the archive holds is refused by its header', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 ** 11 - 1 }), (declared) => {
        const tar = writeTar([{ path: 'cifar-10-batches-bin/data_batch_1.bin', data: new Uint8Array(512) }]).slice();
        const field = declared.toString(8).padStart(11, '0') + '\0';
        for (let i = 0; i < 12; i++) tar[124 + i] = field.charCodeAt(i);
        let sum = 0;
        for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : tar[i]!;
        const check = sum.toString(8).padStart(6, '0') + '\0 ';
        for (let i = 0; i < 8; i++) tar[148 + i] = check.charCodeAt(i);
        let error: unknown = null;
        try {
          readTar(tar, 'f.tar');
        } catch (e) {
          error = e;
        }
        if (declared > tar.length - 512) expect((error as DatasetError).code).toBe('truncated');
      }),
      { numRuns: 200 },
    );
  });
});
