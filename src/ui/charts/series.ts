// Pure helpers behind the training curves: smoothing, axis domains (linear and log), the nearest point under the
// pointer, and thinning a long series to what a chart's width can show. No DOM: unit-tested in Node.
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export interface Point {
  x: number;
  y: number;
}

/**
 * Exponential moving average with TensorBoard's debiasing: s_t = w·s_{t−1} + (1 − w)·y_t, shown as
 * s_t / (1 − w^t), so the first points are not pulled towards 0. w = 0 returns the values unchanged.
 * Non-finite values (a diverged step) are skipped: they keep the previous smoothed value out of the average.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new Error(`smoothing must be in [0, 1), got ${weight}`);
  const out = new Array<number>(values.length);
  let acc = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      acc = weight * acc + (1 - weight) * v;
      n++;
    }
    out[i] = n === 0 ? NaN : acc / (1 - weight ** n);
  }
  return out;
}

/** [min, max] of the finite values (and positive ones only, for a log axis), or null when there are none. */
export function finiteExtent(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

export type YKind = 'linear' | 'log' | 'unit';

/**
 * The y domain for the values: 'unit' is [0, 1] (accuracy); 'linear' starts at 0 for non-negative data (a loss)
 * and pads the top by 5%; 'log' spans whole decades around the positive values (so ticks land on 10^k).
 */
export function yDomain(values: Iterable<number>, kind: YKind): [number, number] {
  if (kind === 'unit') return [0, 1];
  const ext = finiteExtent(values, kind === 'log');
  if (kind === 'log') {
    if (!ext) return [0.01, 10];
    const lo = 10 ** Math.floor(Math.log10(ext[0]));
    const hi = 10 ** Math.ceil(Math.log10(ext[1]));
    return lo === hi ? [lo, lo * 10] : [lo, hi];
  }
  if (!ext) return [0, 1];
  const lo = Math.min(0, ext[0]);
  const hi = ext[1] > lo ? ext[1] + (ext[1] - lo) * 0.05 : lo + 1;
  return [lo, hi];
}

/** The x domain of a series that starts at `first` (the axis never collapses to a point). */
export function xDomain(first: number, last: number): [number, number] {
  return last > first ? [first, last] : [first, first + 1];
}

export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** d3 scales from data space to pixels inside the box's margins. */
export function chartScales(box: ChartBox, x: [number, number], y: [number, number], log: boolean): { x: ScaleContinuousNumeric<number, number>; y: ScaleContinuousNumeric<number, number> } {
  const { width, height, margin } = box;
  const xs = scaleLinear().domain(x).range([margin.left, width - margin.right]);
  const ys = (log ? scaleLog().clamp(true) : scaleLinear()).domain(y).range([height - margin.bottom, margin.top]);
  return { x: xs, y: ys };
}

/** Index of the point whose x is nearest `x` in a series sorted by x (binary search), or -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(xs[lo - 1]! - x) <= Math.abs(xs[lo]! - x)) return lo - 1;
  return lo;
}

/**
 * Indices to draw when a series has more points than pixels: per bucket of `n / maxPoints` points, the first, the
 * lowest and the highest (so spikes stay visible), plus the last point. Fewer points come back unchanged.
 */
export function thinIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 3));
  const size = n / buckets;
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    for (const i of [start, lo, hi].sort((a, c) => a - c)) if (out[out.length - 1] !== i) out.push(i);
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}
