// Helpers over a test evaluation: confusion-matrix cells, the most confident mistakes, pixels, number formats.
import { describe, expect, it } from 'vitest';
import { cellIndices, formatDuration, formatNumber, formatPercent, topClasses, topMistakes, toRgba } from '../../../src/ui/train/results.ts';

// Five examples, three classes.
const per = {
  labels: Uint8Array.from([0, 1, 2, 1, 0]),
  predicted: Uint8Array.from([0, 2, 2, 0, 1]),
  probs: Float32Array.from([
    [0.8, 0.1, 0.1],
    [0.1, 0.3, 0.6],
    [0.2, 0.2, 0.6],
    [0.9, 0.05, 0.05],
    [0.4, 0.5, 0.1],
  ].flat()),
};

describe('per-example results', () => {
  it('lists the test indices of a confusion-matrix cell, in order and up to the limit', () => {
    expect(cellIndices(per, 0, 0, 10)).toEqual([0]);
    expect(cellIndices(per, 1, 2, 10)).toEqual([1]);
    expect(cellIndices(per, 2, 0, 10)).toEqual([]);
    const many = { labels: new Uint8Array(50), predicted: new Uint8Array(50), probs: new Float32Array(150) };
    expect(cellIndices(many, 0, 0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('ranks mistakes by the probability of the wrong prediction', () => {
    const m = topMistakes(per, 3, 10);
    expect(m.map((x) => x.index)).toEqual([3, 1, 4]);
    expect(m[0]).toEqual({ index: 3, label: 1, predicted: 0, confidence: expect.closeTo(0.9, 6), top: [
      { cls: 0, p: expect.closeTo(0.9, 6) },
      { cls: 1, p: expect.closeTo(0.05, 6) },
      { cls: 2, p: expect.closeTo(0.05, 6) },
    ] });
    expect(topMistakes(per, 3, 2)).toHaveLength(2);
  });

  it('orders top classes by probability, ties by class', () => {
    expect(topClasses(per.probs, 2, 3, 2).map((t) => t.cls)).toEqual([2, 0]);
  });

  it('needs the true labels', () => {
    expect(() => cellIndices({ predicted: per.predicted, probs: per.probs }, 0, 0, 1)).toThrow(/no true labels/);
  });
});

describe('toRgba', () => {
  it('greys a one-channel image and copies RGB, opaque', () => {
    const grey = Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70]); // two 2x2 images
    expect(Array.from(toRgba(grey, 1, 2, 2, 1))).toEqual([40, 40, 40, 255, 50, 50, 50, 255, 60, 60, 60, 255, 70, 70, 70, 255]);
    const rgb = Uint8Array.from([1, 2, 3, 4, 5, 6]); // one 1x2 image
    expect(Array.from(toRgba(rgb, 0, 1, 2, 3))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(() => toRgba(grey, 2, 2, 2, 1)).toThrow(/beyond/);
  });
});

describe('formats', () => {
  it.each([
    [NaN, '—'],
    [-1, '—'],
    [4.4, '4 s'],
    [185, '3 min 05 s'],
    [3720, '1 h 02 min'],
  ])('duration %d s is %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('numbers and percentages', () => {
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(1.234567)).toBe('1.235');
    expect(formatNumber(1.5e-5)).toBe('1.50e-5');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatPercent(0.9876)).toBe('98.8%');
    expect(formatPercent(NaN)).toBe('—');
  });
});
