// Image decoding (PNG, JPEG), channel conversion and resizing for ImageFolder uploads, on generated images.
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, resampleWeights, resizePixels, sniffImage, toChannels, toInputPixels } from '../../../src/data/raster.ts';
import { expectDatasetError } from './helpers.ts';

const rgbPng = (w: number, h: number, f: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
  return encodePng({ width: w, height: h, data, channels: 3, depth: 8 });
};

describe('decodeImage', () => {
  it('decodes an 8-bit RGB PNG exactly', () => {
    const png = rgbPng(3, 2, (x, y) => [x * 100, y * 200, 7]);
    expect(sniffImage(png)).toBe('png');
    const img = decodeImage(png, 'a.png');
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 3]);
    expect(Array.from(img.data).slice(0, 6)).toEqual([0, 0, 7, 100, 0, 7]);
  });

  it('rescales 16-bit grayscale PNGs to bytes', () => {
    const png = encodePng({ width: 2, height: 1, data: new Uint16Array([0, 65535]), channels: 1, depth: 16 });
    expect(Array.from(decodeImage(png, 'g16.png').data)).toEqual([0, 255]);
  });

  it('decodes a JPEG to RGB close to its source', () => {
    const w = 16;
    const rgba = new Uint8Array(w * w * 4).map((_, i) => (i % 4 === 3 ? 255 : 128));
    const jpeg = encodeJpeg({ width: w, height: w, data: rgba }, 95).data;
    expect(sniffImage(jpeg)).toBe('jpeg');
    const img = decodeImage(new Uint8Array(jpeg), 'a.jpg');
    expect([img.width, img.height, img.channels]).toEqual([w, w, 3]);
    for (const v of Array.from(img.data)) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2);
  });

  it('names files that are not images, damaged images and browser-only formats', () => {
    const text = new TextEncoder().encode('hello, world');
    expect(expectDatasetError(() => decodeImage(text, 'cat/notes.txt'), 'not-an-image', 'cat/notes.txt').message).toMatch(/starts with bytes 68 65 6c 6c.*not a PNG or JPEG/);
    const cut = rgbPng(8, 8, () => [1, 2, 3]).subarray(0, 40);
    expect(expectDatasetError(() => decodeImage(cut, 'cat/cut.png'), 'not-an-image', 'cat/cut.png').message).toMatch(/PNG image but cannot be decoded/);
    const gif = new TextEncoder().encode('GIF89a......');
    expect(expectDatasetError(() => decodeImage(gif, 'x.gif'), 'not-an-image', 'x.gif').message).toMatch(/GIF image, which can only be read in the browser/);
  });
});

describe('toChannels', () => {
  it('turns RGB into BT.601 luma and gray into repeated RGB; alpha composites over black', () => {
    const img = { width: 2, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 0, 0, 255]) };
    expect([...toChannels(img, 1, 'x')]).toEqual([76, 29]);
    expect([...toChannels({ width: 1, height: 1, channels: 1, data: [9] }, 3, 'x')]).toEqual([9, 9, 9]);
    expect([...toChannels({ width: 1, height: 1, channels: 4, data: [200, 100, 50, 128] }, 3, 'x')]).toEqual([100, 50, 25]);
    expect([...toChannels({ width: 1, height: 1, channels: 2, data: [200, 0] }, 1, 'x')]).toEqual([0]);
  });

  it('refuses sample arrays that do not match the size', () => {
    expectDatasetError(() => toChannels({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }, 1, 'bad.png'), 'not-an-image', 'bad.png');
  });
});

describe('resize', () => {
  it('area weights sum to one and cover the source', () => {
    for (const [n, m] of [[10, 3], [28, 32], [32, 28], [5, 5], [1, 4], [7, 1]] as const) {
      const rows = resampleWeights(n, m);
      expect(rows).toHaveLength(m);
      for (const taps of rows) expect(taps.reduce((s, t) => s + t.weight, 0)).toBeCloseTo(1, 12);
      for (const t of rows.flat()) {
        expect(t.index).toBeGreaterThanOrEqual(0);
        expect(t.index).toBeLessThan(n);
      }
    }
  });

  it('halving averages 2x2 blocks; identity copies; a constant stays constant; 1 pixel fills the output', () => {
    const src = new Uint8Array([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150]);
    expect([...resizePixels(src, 4, 4, 1, 2, 2)]).toEqual([25, 45, 105, 125]);
    expect([...resizePixels(src, 4, 4, 1, 4, 4)]).toEqual([...src]);
    expect(new Set(resizePixels(new Uint8Array(7 * 5 * 3).fill(77), 7, 5, 3, 32, 28))).toEqual(new Set([77]));
    expect([...resizePixels(new Uint8Array([5, 6, 7]), 1, 1, 3, 2, 2)]).toEqual([5, 6, 7, 5, 6, 7, 5, 6, 7, 5, 6, 7]);
  });

  it('upscales by linear interpolation between pixel centres', () => {
    expect([...resizePixels(new Uint8Array([0, 100]), 1, 2, 1, 1, 4)]).toEqual([0, 25, 75, 100]);
  });

  it('toInputPixels converts then resizes to the chosen input', () => {
    const png = rgbPng(64, 48, (x) => (x < 32 ? [255, 255, 255] : [0, 0, 0]));
    const px = toInputPixels(decodeImage(png, 'half.png'), { height: 28, width: 28, channels: 1 }, 'half.png');
    expect(px).toHaveLength(784);
    expect(px[0]).toBe(255);
    expect(px[27]).toBe(0);
  });
});
