// Drawings and uploads to network inputs: area resampling, MNIST centring, crops, colour conversion; and the
// coalescer that keeps live views from queueing calls.
import { describe, expect, it } from 'vitest';
import { Coalescer, LatestAnswer, type KeyedAnswer } from '../../../src/ui/inside/coalesce.ts';
import { borderBrightness, coverCrop, inkFromRgba, inputToRgba, mnistPreprocess, resample, rgbaToInput } from '../../../src/ui/inside/preprocess.ts';

describe('resample', () => {
  it('averages 2x2 blocks when halving', () => {
    expect(Array.from(resample([1, 3, 0, 0, 5, 7, 0, 0], 4, 2, 2, 1))).toEqual([4, 0]);
  });

  it('keeps the mean of an image for a non-integer factor, per channel', () => {
    const src = Float32Array.from({ length: 7 * 5 * 2 }, (_, i) => (i % 2 === 0 ? (i * 37) % 11 : 3));
    const out = resample(src, 7, 5, 3, 2, 2);
    const mean = (a: ArrayLike<number>, c: number) => Array.from(a).filter((_, i) => i % 2 === c).reduce((s, v) => s + v, 0) / (a.length / 2);
    expect(mean(out, 0)).toBeCloseTo(mean(src, 0), 4);
    expect(Array.from(out).filter((_, i) => i % 2 === 1).every((v) => Math.abs(v - 3) < 1e-5)).toBe(true);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => resample([1, 2, 3], 2, 2, 1, 1)).toThrow(/expected 4 values/);
  });
});

/** A width x height ink image with a filled rectangle. */
function rect(width: number, height: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) ink[y * width + x] = 1;
  return ink;
}

describe('MNIST preprocessing', () => {
  it('returns null for an empty pad', () => {
    expect(mnistPreprocess(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it('scales the bounding box to 20 pixels on its longer side and centres the mass in 28x28', () => {
    // A tall bar drawn in the top-left corner of a 200x200 pad: 40 wide, 100 high.
    const out = mnistPreprocess(rect(200, 200, 10, 5, 40, 100), 200, 200)!;
    expect(out).toHaveLength(784);
    const rows = new Set<number>();
    const cols = new Set<number>();
    let mass = 0;
    let mx = 0;
    let my = 0;
    out.forEach((v, i) => {
      if (v > 0) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
      mass += v;
      mx += v * ((i % 28) + 0.5);
      my += v * (Math.floor(i / 28) + 0.5);
    });
    expect(rows.size).toBe(20);
    expect(cols.size).toBe(8);
    expect(Math.abs(mx / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(my / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...out)).toBe(255);
  });

  it('scales the box with other input sizes', () => {
    const out = mnistPreprocess(rect(50, 50, 0, 0, 50, 50), 50, 50, 14)!;
    expect(out.filter((v) => v > 0)).toHaveLength(100);
  });

  it('reads ink as luminance times alpha', () => {
    expect(Array.from(inkFromRgba([255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255], 3, 1))).toEqual([1, 0, 0]);
  });
});

describe('uploads', () => {
  it('crops the centre with the target aspect ratio', () => {
    expect(coverCrop(400, 200, 32, 32)).toEqual({ x: 100, y: 0, width: 200, height: 200 });
    expect(coverCrop(100, 300, 28, 28)).toEqual({ x: 0, y: 100, width: 100, height: 100 });
  });

  it('converts RGBA to grey or RGB, optionally inverted, transparent as black', () => {
    const rgba = [255, 0, 0, 255, 10, 20, 30, 0];
    expect(Array.from(rgbaToInput(rgba, 2, 1, 3))).toEqual([255, 0, 0, 0, 0, 0]);
    expect(Array.from(rgbaToInput(rgba, 2, 1, 1))).toEqual([76, 0]);
    expect(Array.from(rgbaToInput(rgba, 2, 1, 1, true))).toEqual([179, 255]);
    expect(() => rgbaToInput(rgba, 2, 1, 4)).toThrow(/1 or 3 channels, the network takes 4/);
  });

  it('tells a light paper background from a dark one by the border', () => {
    const white = new Uint8ClampedArray(3 * 3 * 4).fill(255);
    expect(borderBrightness(white, 3, 3)).toBe(255);
    const dark = new Uint8ClampedArray(3 * 3 * 4);
    dark.set([255, 255, 255, 255], 4 * 4);
    expect(borderBrightness(dark, 3, 3)).toBe(0);
  });
});

describe('Coalescer', () => {
  it('runs one task at a time and folds requests made meanwhile into one more run', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    let release: () => void = () => {};
    const c = new Coalescer(async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => (release = r));
      active--;
    });
    c.request();
    c.request();
    c.request();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('keeps running after a failed task and stops on stop()', async () => {
    let runs = 0;
    const c = new Coalescer(async () => {
      runs++;
      throw new Error('worker busy');
    });
    c.request();
    await new Promise((r) => setTimeout(r, 0));
    c.request();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    c.stop();
    c.request();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
  });
});

describe('inputToRgba', () => {
  it('shows grey inputs as grey and RGB inputs as they are, opaque', () => {
    expect(Array.from(inputToRgba([0, 200], 1))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    expect(Array.from(inputToRgba([1, 2, 3], 3))).toEqual([1, 2, 3, 255]);
  });
});

describe('LatestAnswer', () => {
  /** A fetch per call that resolves when the test says so, recording what was asked. */
  function controlled() {
    const pending: { key: string; resolve(v: string): void; reject(e: Error): void }[] = [];
    const fetchFor = (key: string) => () => new Promise<string>((resolve, reject) => pending.push({ key, resolve, reject }));
    return { pending, fetchFor };
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('drops an answer that arrives after the key moved on, and asks for the newest key next', async () => {
    const answers: KeyedAnswer<string>[] = [];
    const a = new LatestAnswer<string>((x) => answers.push(x));
    const { pending, fetchFor } = controlled();
    a.set('image 0', fetchFor('image 0'));
    a.request();
    // Fast changes while image 0 is in flight: 1, 2, 3; only 3 is asked for afterwards.
    for (const k of ['image 1', 'image 2', 'image 3']) {
      a.set(k, fetchFor(k));
      a.request();
    }
    pending[0]!.resolve('P0');
    await tick();
    expect(answers).toEqual([]);
    expect(pending.map((p) => p.key)).toEqual(['image 0', 'image 3']);
    pending[1]!.resolve('P3');
    await tick();
    expect(answers).toEqual([{ key: 'image 3', data: 'P3', error: null }]);
  });

  it('hands on refreshes of the same key, and errors only for the current key', async () => {
    const answers: KeyedAnswer<string>[] = [];
    const a = new LatestAnswer<string>((x) => answers.push(x));
    const { pending, fetchFor } = controlled();
    a.set('k', fetchFor('k'));
    a.request();
    pending[0]!.resolve('v1');
    await tick();
    a.request();
    pending[1]!.resolve('v2');
    await tick();
    expect(answers.map((x) => x.data)).toEqual(['v1', 'v2']);
    a.request();
    a.set('other', null);
    pending[2]!.reject(new Error('device lost'));
    await tick();
    expect(answers).toHaveLength(2);
    a.set('k', fetchFor('k'));
    a.request();
    pending[3]!.reject(new Error('device lost'));
    await tick();
    expect(answers[2]).toEqual({ key: 'k', data: null, error: 'device lost' });
  });
});
