// Issue 18: the page keeps training curves in bounded buffers, whatever the run's length.
import { describe, expect, it } from 'vitest';
import { appendBounded } from '../../src/store/boundedHistory.ts';

const point = (step: number) => ({ step, epoch: 0, loss: 1 / (step + 1), accuracy: step / 1e6 });

describe('bounded training history', () => {
  it('keeps every point below the cap and never more than the cap after a million steps', () => {
    let h = appendBounded([], [point(0), point(1)], 64);
    expect(h.map((p) => p.step)).toEqual([0, 1]);
    for (let s = 2; s < 1_000_000; s += 50) h = appendBounded(h, Array.from({ length: 50 }, (_, i) => point(s + i)), 64);
    expect(h.length).toBeLessThanOrEqual(64);
    expect(h.length).toBeGreaterThan(16);
    // Still in step order, ending at the last step, with the mean of what was merged.
    for (let i = 1; i < h.length; i++) expect(h[i]!.step).toBeGreaterThan(h[i - 1]!.step);
    expect(h[h.length - 1]!.step).toBeGreaterThan(999_000);
  });
  it('returns the same array when a report brings no points', () => {
    const h = [point(0)];
    expect(appendBounded(h, [])).toBe(h);
  });
});
