// The pure helpers behind the Inside view: colour scales, activation tiling, kernels as images, histograms.
import { describe, expect, it } from 'vitest';
import { colorIndex, colorScaleFor, legendGradient, paintValues, valueRange } from '../../../src/ui/inside/colorScale.ts';
import { histogram } from '../../../src/ui/inside/histogram.ts';
import { kernelPlane, kernelShapeOf, rgbKernelPixels } from '../../../src/ui/inside/kernels.ts';
import { channelPlane, gridShape, layerPlanes, vectorPlane } from '../../../src/ui/inside/tiles.ts';

describe('colour scales', () => {
  it('finds the finite range and ignores NaN and infinities', () => {
    expect(valueRange([3, NaN, -2, Infinity, 5])).toEqual({ min: -2, max: 5 });
    expect(valueRange([])).toEqual({ min: 0, max: 0 });
  });

  it('is diverging and symmetric for signed values, sequential from 0 otherwise', () => {
    const d = colorScaleFor({ min: -2, max: 5 });
    expect([d.kind, d.min, d.max]).toEqual(['diverging', -5, 5]);
    const s = colorScaleFor({ min: 0.5, max: 3 });
    expect([s.kind, s.min, s.max]).toEqual(['sequential', 0, 3]);
  });

  it('maps zero to the middle of a diverging scale, negative to blue and positive to red', () => {
    const d = colorScaleFor({ min: -1, max: 1 });
    expect(colorIndex(d, 0)).toBe(128);
    expect(colorIndex(d, -1)).toBe(0);
    expect(colorIndex(d, 1)).toBe(255);
    expect(colorIndex(d, 10)).toBe(255);
    const [neg, pos] = [paintValues([-1], d), paintValues([1], d)];
    expect(neg[2]!).toBeGreaterThan(neg[0]!);
    expect(pos[0]!).toBeGreaterThan(pos[2]!);
  });

  it('paints a zero-width scale with its zero colour, NaN as transparent', () => {
    const s = colorScaleFor({ min: 0, max: 0 });
    expect(colorIndex(s, 0)).toBe(0);
    const px = paintValues([0, NaN], s);
    expect(Array.from(px.subarray(4))).toEqual([0, 0, 0, 0]);
    expect(px[3]).toBe(255);
  });

  it('makes brighter pixels for larger values on the sequential scale', () => {
    const s = colorScaleFor({ min: 0, max: 1 });
    const px = paintValues([0, 0.5, 1], s);
    const lum = (i: number) => px[i * 4]! + px[i * 4 + 1]! + px[i * 4 + 2]!;
    expect(lum(0)).toBeLessThan(lum(1));
    expect(lum(1)).toBeLessThan(lum(2));
    expect(legendGradient(s)).toMatch(/^linear-gradient\(to right, rgb\(/);
  });
});

describe('activation tiles', () => {
  // A 2x3 output with 2 channels, value = 10 * position + channel.
  const shape = [2, 3, 2] as const;
  const values = Float32Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));

  it('takes one channel of an NHWC output as a row-major plane', () => {
    const p = channelPlane(values, shape, 1);
    expect([p.width, p.height]).toEqual([3, 2]);
    expect(Array.from(p.values)).toEqual([1, 11, 21, 31, 41, 51]);
    expect(() => channelPlane(values, shape, 2)).toThrow(/channel 2 does not exist \(0 to 1\)/);
  });

  it('lays a vector out in a near-square grid padded with NaN', () => {
    expect(gridShape(10)).toEqual({ cols: 4, rows: 3 });
    expect(gridShape(16)).toEqual({ cols: 4, rows: 4 });
    const p = vectorPlane([1, 2, 3, 4, 5]);
    expect([p.width, p.height]).toEqual([3, 2]);
    expect(Number.isNaN(p.values[5])).toBe(true);
  });

  it('gives a plane per channel for maps, one grid for flat outputs, and rejects stale lengths', () => {
    expect(layerPlanes(values, shape, false)).toHaveLength(2);
    expect(layerPlanes(values, shape, false, 1)).toHaveLength(1);
    expect(layerPlanes(new Float32Array(10), [1, 1, 10], true)).toHaveLength(1);
    expect(() => layerPlanes(new Float32Array(5), shape, false)).toThrow(/expected 12 values for a 2x3x2 output, got 5/);
  });
});

describe('kernels as images', () => {
  // [kh=2, kw=2, cin=3, f=2]: weight = 100 * position + 10 * inChannel + filter.
  const shape = [2, 2, 3, 2] as const;
  const w = Float32Array.from({ length: 24 }, (_, i) => 100 * Math.floor(i / 6) + 10 * (Math.floor(i / 2) % 3) + (i % 2));

  it('slices one filter on one input channel', () => {
    expect(Array.from(kernelPlane(w, shape, 1, 2).values)).toEqual([21, 121, 221, 321]);
    expect(() => kernelPlane(w, shape, 2, 0)).toThrow(/filter 2 does not exist/);
  });

  it('maps an RGB filter symmetrically around mid grey', () => {
    const signed = Float32Array.from([1, -1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0].flatMap((v) => [v, 0]));
    const px = rgbKernelPixels(signed, shape, 0);
    expect(Array.from(px.subarray(0, 8))).toEqual([255, 0, 191, 255, 128, 128, 128, 255]);
    expect(Array.from(rgbKernelPixels(signed, shape, 1).subarray(0, 4))).toEqual([128, 128, 128, 255]);
    expect(() => rgbKernelPixels(new Float32Array(8), [2, 2, 1, 2], 0)).toThrow(/3 input channels/);
  });

  it('reads dense weights over an image input as one image per unit', () => {
    expect(kernelShapeOf([5, 5, 1, 6])).toEqual([5, 5, 1, 6]);
    expect(kernelShapeOf([784, 128], [28, 28, 1])).toEqual([28, 28, 1, 128]);
    expect(kernelShapeOf([120, 84], [28, 28, 1])).toBeNull();
    expect(kernelShapeOf([120, 84])).toBeNull();
  });
});

describe('histograms', () => {
  it('counts every finite value in bins covering their range', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.3);
    const h = histogram([...values, NaN], 20);
    expect(h.count).toBe(1000);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(h.x0).toBeLessThanOrEqual(Math.min(...values));
    expect(h.x1).toBeGreaterThanOrEqual(Math.max(...values));
    expect(h.bins.length).toBeGreaterThan(5);
    expect(h.maxCount).toBe(Math.max(...h.bins.map((b) => b.count)));
    expect(h.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 1000, 6);
  });

  it('gives a constant tensor (zero biases) one bin around its value', () => {
    const h = histogram(new Float32Array(6), 10);
    expect(h.count).toBe(6);
    expect(h.std).toBe(0);
    expect(h.x0).toBeLessThan(0);
    expect(h.x1).toBeGreaterThan(0);
    expect(h.bins.filter((b) => b.count > 0)).toHaveLength(1);
  });
});
