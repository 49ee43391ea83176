// The per-layer bar chart's rows and scales, and the compact numbers written beside the bars.
import { describe, expect, it } from 'vitest';
import { analyze, compact, presetSpec } from '../../../src/model/index.ts';
import { barRows, barScale, rowScale } from '../../../src/ui/build/chartScales.ts';

describe('bar chart rows', () => {
  it('lists only layers with parameters or MACs, labelled by position and type', () => {
    const rows = barRows(analyze(presetSpec('lenet5-mnist')));
    expect(rows.map((r) => r.label)).toEqual(['1 conv2d', '4 conv2d', '8 dense', '10 dense', '12 dense']);
    expect(rows[0]).toMatchObject({ index: 0, params: 156, macs: 28 * 28 * 6 * 25 });
    expect(rows.reduce((n, r) => n + r.params, 0)).toBe(61_706);
  });

  it('stops at the first layer that cannot be computed', () => {
    const spec = presetSpec('lenet5-mnist');
    (spec.layers[3] as { kernelSize: number }).kernelSize = 40;
    expect(barRows(analyze(spec)).map((r) => r.index)).toEqual([0]);
  });
});

describe('bar scales', () => {
  it('linear: 0 is 0 px, the largest value fills the width, proportional between', () => {
    const s = barScale([0, 50, 200], 100, 'linear');
    expect(s(0)).toBe(0);
    expect(s(200)).toBe(100);
    expect(s(50)).toBe(25);
  });

  it('log: 1 is a visible stub, the largest value fills the width, zero stays empty', () => {
    const s = barScale([1, 1000, 1_000_000], 120, 'log');
    expect(s(0)).toBe(0);
    expect(s(1)).toBe(2);
    expect(s(1_000_000)).toBeCloseTo(120, 10);
    expect(s(1000)).toBeCloseTo(2 + (120 - 2) / 2, 10);
  });

  it('every value of VGG-16 maps inside the width and keeps its order', () => {
    const rows = barRows(analyze(presetSpec('vgg16')));
    for (const kind of ['linear', 'log'] as const) {
      const s = barScale(rows.map((r) => r.params), 150, kind);
      const xs = rows.map((r) => s(r.params));
      xs.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
      xs.forEach((x) => expect(x).toBeLessThanOrEqual(150 + 1e-9));
      const order = [...rows].sort((a, b) => a.params - b.params).map((r) => s(r.params));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('an empty chart or no room gives 0 px', () => {
    expect(barScale([], 100, 'linear')(5)).toBe(0);
    expect(barScale([0, 0], 100, 'log')(0)).toBe(0);
    expect(barScale([3], 0, 'linear')(3)).toBe(0);
  });

  it('rows are bands of the given height', () => {
    const rows = barRows(analyze(presetSpec('lenet5-mnist')));
    const y = rowScale(rows, 16);
    expect(y(0)).toBeCloseTo(1.6, 10);
    expect(y.range()).toEqual([0, 80]);
    expect(y(11)! - y(9)!).toBeCloseTo(16, 10);
    expect(y.bandwidth()).toBeLessThan(16);
  });
});

describe('compact numbers beside the bars', () => {
  it.each([
    [240_000, '240K'],
    [120_000, '120K'],
    [61_706, '61.7K'],
    [9_600, '9.6K'],
    [10_000, '10K'],
    [138_357_544, '138M'],
    [1_000, '1K'],
    [156, '156'],
  ])('%d -> %s', (n, text) => expect(compact(n)).toBe(text));
});
