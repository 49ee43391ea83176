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

/** Class names on the axis are cut after this many characters (with "…"; the tick's title gives the whole name). */
export const MAX_TICK_CHARS = 18;
/** Width of one character of the 10 px axis labels, on the generous side. */
const CHAR_PX = 6;
const ANGLE = (40 * Math.PI) / 180;

export function tickLabel(name: string): string {
  return name.length > MAX_TICK_CHARS ? `${name.slice(0, MAX_TICK_CHARS - 1)}…` : name;
}

/** Room the axis labels need: rotated (by 40°) when they would not fit side by side, and the margins that keeps clear. */
export function axisRoom(labels: readonly string[], width: number, count: number): { rotate: boolean; bottom: number; left: number } {
  const longest = CHAR_PX * Math.max(1, ...labels.map((l) => l.length));
  const band = (width - 56) / Math.max(1, count);
  if (longest <= band * 0.9) return { rotate: false, bottom: 24, left: 48 };
  // A rotated label ends at its tick and reaches down by sin and left by cos of its length.
  return { rotate: true, bottom: Math.ceil(14 + longest * Math.sin(ANGLE)), left: Math.max(48, Math.ceil(longest * Math.cos(ANGLE) - band / 2 + 4)) };
}

/** A band scale over class indices and a linear scale from 0 to the largest count (nice-rounded). */
export function classChartLayout(counts: readonly number[], width: number, height: number, room: { bottom: number; left: number } = { bottom: 36, left: 48 }): ChartLayout {
  const margin = { top: 8, right: 8, bottom: room.bottom, left: room.left };
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
