// Histograms of weights and gradients: d3 bins over "nice" thresholds, with the summary numbers shown beside them.
import { bin, scaleLinear } from 'd3';
import { valueRange } from './colorScale.ts';

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface Histogram {
  bins: Bin[];
  /** Domain of the bins (covers every finite value). */
  x0: number;
  x1: number;
  /** Largest bin count. */
  maxCount: number;
  /** Finite values counted. */
  count: number;
  mean: number;
  std: number;
}

/** About `binCount` equal bins over a nice domain; a constant tensor gets one bin around its value. */
export function histogram(values: ArrayLike<number>, binCount = 30): Histogram {
  const finite: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      finite.push(v);
      sum += v;
    }
  }
  const n = finite.length;
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (const v of finite) sq += (v - mean) ** 2;
  const std = n > 0 ? Math.sqrt(sq / n) : 0;
  let { min, max } = valueRange(finite);
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.5 : 0.5;
    min -= pad;
    max += pad;
  }
  const scale = scaleLinear().domain([min, max]).nice(binCount);
  const [x0, x1] = scale.domain() as [number, number];
  const thresholds = scale.ticks(binCount).filter((t) => t > x0 && t < x1);
  const bins = bin()
    .domain([x0, x1])
    .thresholds(thresholds)(finite)
    .map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }));
  return { bins, x0, x1, maxCount: bins.reduce((m, b) => Math.max(m, b.count), 0), count: n, mean, std };
}
