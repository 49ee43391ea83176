// The CPU batch gather (src/data/augment.ts): statistics, normalisation, each augmentation, determinism and wrapping.
import { describe, expect, it } from 'vitest';
import { NO_AUGMENT, augmentConfig, channelStats, exampleTransform, gatherBatch, normalNoise, type AugmentConfig, type Normalization } from '../../../src/data/augment.ts';
import { pseudoBytes } from './helpers.ts';

const UNIT: Normalization = { mean: [0], std: [1] };

/** A gather of `images` (shape [H,W,C]) in identity order with defaults that tests override. */
function gather(images: Uint8Array, shape: [number, number, number], o: Partial<Parameters<typeof gatherBatch>[0]> = {}): ReturnType<typeof gatherBatch> {
  const count = images.length / (shape[0] * shape[1] * shape[2]);
  return gatherBatch({
    images,
    labels: Array.from({ length: count }, (_, i) => i % 10),
    shape,
    order: Array.from({ length: count }, (_, i) => i),
    offset: 0,
    batch: count,
    norm: { mean: Array<number>(shape[2]).fill(0), std: Array<number>(shape[2]).fill(1) },
    augment: NO_AUGMENT,
    seed: 7,
    step: 0,
    training: true,
    ...o,
  });
}

describe('augmentConfig', () => {
  it('fills defaults and validates each field by name', () => {
    expect(augmentConfig({})).toEqual(NO_AUGMENT);
    expect(augmentConfig({ shift: 4, flip: true })).toEqual({ shift: 4, flip: true, noise: 0 });
    expect(() => augmentConfig({ shift: 9 })).toThrow(/shift/);
    expect(() => augmentConfig({ shift: 1.5 })).toThrow(/shift/);
    expect(() => augmentConfig({ shift: -1 })).toThrow(/shift/);
    expect(() => augmentConfig({ noise: 1.5 })).toThrow(/noise/);
    expect(() => augmentConfig({ noise: Number.NaN })).toThrow(/noise/);
    expect(() => augmentConfig({ flip: 1 as unknown as boolean })).toThrow(/flip/);
  });
});

describe('channelStats', () => {
  it('computes per-channel population mean and std over the chosen examples', () => {
    // 3 examples of 1x2 pixels, 2 channels; example 1 is excluded.
    const images = new Uint8Array([0, 10, 2, 20, /* ex 1 */ 255, 255, 255, 255, /* ex 2 */ 4, 30, 6, 40]);
    const s = channelStats(images, [1, 2, 2], [0, 2]);
    // channel 0: 0,2,4,6 → mean 3, var (9+1+1+9)/4 = 5; channel 1: 10,20,30,40 → mean 25, var 125.
    expect(s.mean[0]).toBeCloseTo(3, 12);
    expect(s.mean[1]).toBeCloseTo(25, 12);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(125), 12);
  });

  it('gives a constant channel std 1 and rejects bad indices', () => {
    const s = channelStats(new Uint8Array([9, 9, 9, 9]), [2, 2, 1], [0]);
    expect(s).toEqual({ mean: [9], std: [1] });
    expect(() => channelStats(new Uint8Array(4), [2, 2, 1], [1])).toThrow(RangeError);
    expect(() => channelStats(new Uint8Array(4), [2, 2, 1], [])).toThrow(/no examples/);
  });
});

describe('gatherBatch', () => {
  const shape: [number, number, number] = [4, 5, 3];
  const per = 4 * 5 * 3;
  const images = pseudoBytes(per * 6, 3);
  const norm: Normalization = { mean: [120, 110.5, 90], std: [60, 55, 70.25] };

  it('without augmentation equals manual normalisation of the ordered examples, labels alike', () => {
    const order = [5, 0, 3, 3, 1];
    const labels = [4, 1, 9, 2, 7, 0];
    const { x, y } = gather(images, shape, { order, labels, batch: 5, norm });
    expect(Array.from(y)).toEqual([0, 4, 2, 2, 1]);
    for (let b = 0; b < 5; b++) {
      for (let i = 0; i < per; i++) {
        const c = i % 3;
        expect(x[b * per + i]).toBeCloseTo((images[order[b]! * per + i]! - norm.mean[c]!) / norm.std[c]!, 5);
      }
    }
  });

  it('training=false applies no augmentation', () => {
    const all: AugmentConfig = { shift: 3, flip: true, noise: 0.5 };
    const plain = gather(images, shape, { norm });
    for (let step = 0; step < 3; step++) expect(gather(images, shape, { norm, augment: all, step, training: false }).x).toEqual(plain.x);
  });

  it('shift moves pixels by the drawn offsets and fills with black (pixel 0)', () => {
    const augment = augmentConfig({ shift: 2 });
    const { x } = gather(images, shape, { norm, augment, step: 5, offset: 0 });
    const [H, W, C] = shape;
    const seen = new Set<string>();
    for (let b = 0; b < 6; b++) {
      const t = exampleTransform(augment, 7, 5, b);
      expect(t.flip).toBe(false);
      expect(Math.abs(t.sy)).toBeLessThanOrEqual(2);
      expect(Math.abs(t.sx)).toBeLessThanOrEqual(2);
      seen.add(`${t.sy},${t.sx}`);
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          for (let c = 0; c < C; c++) {
            const sh = h - t.sy;
            const sw = w - t.sx;
            const pixel = sh >= 0 && sh < H && sw >= 0 && sw < W ? images[b * per + (sh * W + sw) * C + c]! : 0;
            expect(x[b * per + (h * W + w) * C + c]).toBeCloseTo((pixel - norm.mean[c]!) / norm.std[c]!, 5);
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a shift of +1 row moves content down and zero-fills the top row', () => {
    // Find a slot whose draw is (sy, sx) = (1, 0) with shift 1, then check it on a 3x3 image.
    const augment = augmentConfig({ shift: 1 });
    let slot = 0;
    while (!(exampleTransform(augment, 7, 0, slot).sy === 1 && exampleTransform(augment, 7, 0, slot).sx === 0)) slot++;
    const img = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { x } = gatherBatch({ images: img, labels: [0], shape: [3, 3, 1], order: [0], offset: slot, batch: 1, norm: UNIT, augment, seed: 7, step: 0, training: true });
    expect(Array.from(x)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('flip mirrors each row for the examples that draw it, and about half do', () => {
    const augment = augmentConfig({ flip: true });
    const img = new Uint8Array(Array.from({ length: 40 * 6 }, (_, i) => i % 6)); // 40 examples of 2x3, rows 0 1 2 / 3 4 5
    const { x } = gatherBatch({ images: img, labels: new Uint8Array(40), shape: [2, 3, 1], order: Array.from({ length: 40 }, (_, i) => i), offset: 0, batch: 40, norm: UNIT, augment, seed: 7, step: 2, training: true });
    let flipped = 0;
    for (let b = 0; b < 40; b++) {
      const row = Array.from(x.subarray(b * 6, b * 6 + 6));
      if (exampleTransform(augment, 7, 2, b).flip) {
        flipped++;
        expect(row).toEqual([2, 1, 0, 5, 4, 3]);
      } else expect(row).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(flipped).toBeGreaterThan(8);
    expect(flipped).toBeLessThan(32);
  });

  it('noise has mean ≈ 0 and std ≈ noise over many elements', () => {
    const img = new Uint8Array(64 * 8 * 8 * 2).fill(100);
    const norm2: Normalization = { mean: [100, 100], std: [1, 1] };
    const { x } = gather(img, [8, 8, 2], { norm: norm2, augment: augmentConfig({ noise: 0.25 }), step: 3 });
    let sum = 0;
    let sumSq = 0;
    for (const v of x) {
      sum += v;
      sumSq += v * v;
    }
    const n = x.length; // 8192
    const mean = sum / n;
    const std = Math.sqrt(sumSq / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01); // 4σ of the sample mean is 4·0.25/√8192 ≈ 0.011
    expect(std).toBeGreaterThan(0.24);
    expect(std).toBeLessThan(0.26);
  });

  it('normalNoise is a standard normal (moments, tails) and both halves of a pair are used', () => {
    const n = 40000;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = normalNoise(11, 4, i);
      s1 += z;
      s2 += z * z;
      s4 += z ** 4;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.2); // kurtosis of a normal
    expect(beyond2 / n).toBeGreaterThan(0.04); // P(|z| > 2) = 0.0455
    expect(beyond2 / n).toBeLessThan(0.051);
    // The pair (2k, 2k+1) shares one radius: z₀² + z₁² = R² = −2 ln u₁ > 0 and the halves differ.
    expect(normalNoise(11, 4, 0)).not.toBe(normalNoise(11, 4, 1));
  });

  it('is a pure function of (seed, step): same → same batch, another step or seed → another', () => {
    const augment: AugmentConfig = { shift: 2, flip: true, noise: 0.1 };
    const a = gather(images, shape, { norm, augment, step: 4 });
    expect(gather(images, shape, { norm, augment, step: 4 }).x).toEqual(a.x);
    expect(gather(images, shape, { norm, augment, step: 5 }).x).not.toEqual(a.x);
    expect(gather(images, shape, { norm, augment, step: 4, seed: 8 }).x).not.toEqual(a.x);
  });

  it('wraps the offset past the end of the order', () => {
    const order = [2, 4, 1];
    const labels = [10, 11, 12, 13, 14, 15];
    const { x, y } = gather(images, shape, { order, labels, offset: 5, batch: 4, norm });
    // slots 5, 6, 7, 8 → order positions 2, 0, 1, 2
    expect(Array.from(y)).toEqual([11, 12, 14, 11]);
    const plain = gather(images, shape, { norm });
    for (const [b, ex] of [1, 2, 4, 1].entries()) expect(x.subarray(b * per, (b + 1) * per)).toEqual(plain.x.subarray(ex * per, (ex + 1) * per));
  });

  it('rejects mismatched statistics and out-of-range order entries', () => {
    expect(() => gather(images, shape, { norm: UNIT })).toThrow(/channels/);
    expect(() => gather(images, shape, { norm: { mean: [0, 0, 0], std: [1, 0, 1] } })).toThrow(/std\[1\]/);
    expect(() => gather(images, shape, { norm, order: [0, 6], batch: 2 })).toThrow(RangeError);
  });
});
