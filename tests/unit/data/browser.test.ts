// The dataset browser's pure parts: class counts and filtering, the chart's scales, pixels for display, and the
// augmentation preview's round trip through the training gather (no augmentation gives the example back exactly).
import { describe, expect, it } from 'vitest';
import { channelStats, gatherBatch } from '../../../src/data/augment.ts';
import { axisRoom, classChartLayout, classCounts, indicesOfClass, MAX_TICK_CHARS, tickLabel } from '../../../src/ui/data/classChart.ts';
import { denormalize, exampleAt, toRgba } from '../../../src/ui/data/pixels.ts';
import { flipOffered } from '../../../src/ui/data/BatchSettings.tsx';
import { pseudoBytes } from './helpers.ts';

describe('class counts and filtering', () => {
  const labels = Uint8Array.from([2, 0, 2, 1, 2, 0]);

  it('counts every class, empty ones included', () => {
    expect(classCounts(labels, 4)).toEqual([2, 1, 3, 0]);
  });

  it('pages through one class or all', () => {
    expect(indicesOfClass(labels, 2, 0, 2)).toEqual({ indices: [0, 2], total: 3 });
    expect(indicesOfClass(labels, 2, 2, 2)).toEqual({ indices: [4], total: 3 });
    expect(indicesOfClass(labels, null, 4, 10)).toEqual({ indices: [4, 5], total: 6 });
    expect(indicesOfClass(labels, 3, 0, 10)).toEqual({ indices: [], total: 0 });
  });

  it('lays bars out inside the margins with a zero baseline', () => {
    const { x, y, margin } = classChartLayout([10, 40, 25], 300, 100);
    expect(x.domain()).toEqual(['0', '1', '2']);
    expect(x('0')!).toBeGreaterThanOrEqual(margin.left);
    expect(x('2')! + x.bandwidth()).toBeLessThanOrEqual(300 - margin.right);
    expect(y(0)).toBe(100 - margin.bottom);
    expect(y(40)).toBeGreaterThanOrEqual(margin.top);
    expect(classChartLayout([0, 0], 300, 100).y.domain()[1]).toBeGreaterThan(0);
  });

  it('writes class names in full on the axis, rotated when they would not fit side by side', () => {
    const cifar = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
    expect(cifar.map(tickLabel)).toEqual(cifar);
    const long = 'a'.repeat(MAX_TICK_CHARS + 5);
    expect(tickLabel(long)).toBe(`${'a'.repeat(MAX_TICK_CHARS - 1)}…`);
    // Digits fit under their bars; CIFAR-10's names do not, and get room below the axis for their rotated length.
    expect(axisRoom(['0', '1', '2'], 520, 10)).toEqual({ rotate: false, bottom: 24, left: 48 });
    const rotated = axisRoom(cifar, 520, 10);
    expect(rotated.rotate).toBe(true);
    // "automobile" is 10 characters of about 6 px, at 40°: about 39 px down, plus the tick.
    expect(rotated.bottom).toBeGreaterThanOrEqual(Math.ceil(60 * Math.sin((40 * Math.PI) / 180)) + 10);
    // A long first label reaching left past the default margin widens it, so it is not cut at the SVG's edge.
    expect(axisRoom(new Array<string>(20).fill(tickLabel(long)), 520, 20).left).toBeGreaterThan(48);
    expect(classChartLayout([1, 2], 520, 200, rotated).margin).toMatchObject({ bottom: rotated.bottom, left: rotated.left });
  });
});

describe('display pixels', () => {
  it('expands gray and RGB examples to opaque RGBA', () => {
    expect([...toRgba(Uint8Array.from([7, 9]), 1, 2, 1)]).toEqual([7, 7, 7, 255, 9, 9, 9, 255]);
    expect([...toRgba(Uint8Array.from([1, 2, 3]), 1, 1, 3)]).toEqual([1, 2, 3, 255]);
    expect([...exampleAt(Uint8Array.from([1, 2, 3, 4, 5, 6]), 1, 3)]).toEqual([4, 5, 6]);
  });

  it('without augmentation the training gather, denormalised, gives the stored example back', () => {
    const images = pseudoBytes(4 * 5 * 6 * 3, 9);
    const norm = channelStats(images, [5, 6, 3], [0, 1, 2, 3]);
    const { x } = gatherBatch({ images: images.subarray(90, 180), labels: [0], shape: [5, 6, 3], order: [0], offset: 1, batch: 1, norm, augment: { shift: 0, flip: false, noise: 0 }, seed: 1, step: 0, training: true });
    expect(denormalize(x, norm, 3)).toEqual(images.subarray(90, 180));
  });

  it('clamps values pushed outside 0..255', () => {
    expect([...denormalize(Float32Array.from([-10, 10]), { mean: [128], std: [50] }, 1)]).toEqual([0, 255]);
  });

  it('offers the horizontal flip for RGB images only', () => {
    expect([flipOffered([32, 32, 3]), flipOffered([28, 28, 1]), flipOffered(undefined)]).toEqual([true, false, false]);
  });
});
