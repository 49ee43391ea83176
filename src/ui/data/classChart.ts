// Class distribution: counts per class from the labels, and the chart's scales (pure, so they are unit-tested; the
// component only draws with them).
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3';

/** Examples per class; labels outside 0..classes-1 are ignored (they cannot occur in a parsed dataset). */
export function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c >= 0 && c < classes) counts[c]!++;
  }
  return counts;
}

/** Indices of the examples of one class (or all, for null), in order, from `start`, at most `limit`. */
export function indicesOfClass(labels: ArrayLike<number>, cls: number | null, start: number, limit: number): { indices: number[]; total: number } {
  const indices: number[] = [];
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (cls !== null && labels[i] !== cls) continue;
    if (total >= start && indices.length < limit) indices.push(i);
    total++;
  }
  return { indices, total };
}

export interface ChartLayout {
  x: ScaleBand<string>;
  y: ScaleLinear<number, number>;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** A band scale over class indices and a linear scale from 0 to the largest count (nice-rounded). */
export function classChartLayout(counts: readonly number[], width: number, height: number): ChartLayout {
  const margin = { top: 8, right: 8, bottom: 36, left: 48 };
  const x = scaleBand<string>()
    .domain(counts.map((_, i) => String(i)))
    .range([margin.left, width - margin.right])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...counts)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  return { x, y, margin };
}
