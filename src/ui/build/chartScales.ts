// The per-layer bar chart's data and scales, kept apart from the drawing so they can be tested in Node.
import { scaleBand, scaleLinear, scaleLog } from 'd3';
import type { NetworkAnalysis } from '../../model/index.ts';

export interface BarRow {
  /** 0-based layer index. */
  index: number;
  label: string;
  params: number;
  macs: number;
}

export type BarScaleKind = 'linear' | 'log';

/** The layers that own parameters or do multiply-accumulates (element-wise layers would be empty rows). */
export function barRows(analysis: NetworkAnalysis): BarRow[] {
  return analysis.layers.filter((l) => l.params > 0 || l.macs > 0).map((l) => ({ index: l.index, label: `${l.index + 1} ${l.type}`, params: l.params, macs: l.macs }));
}

/**
 * Bar length in pixels for a value. Linear shows shares honestly (VGG-16's first dense layer dwarfs every conv);
 * log makes the small layers readable. Zero is always 0 px; on the log scale 1 is a visible stub of 2 px.
 */
export function barScale(values: readonly number[], width: number, kind: BarScaleKind): (v: number) => number {
  const max = Math.max(0, ...values);
  if (max <= 0 || width <= 0) return () => 0;
  if (kind === 'linear') {
    const s = scaleLinear().domain([0, max]).range([0, width]);
    return (v) => (v > 0 ? s(v) : 0);
  }
  const s = scaleLog()
    .domain([1, Math.max(max, 10)])
    .range([Math.min(2, width), width]);
  return (v) => (v >= 1 ? s(v) : 0);
}

/** Row positions: one band per row, with a little padding between bars. */
export function rowScale(rows: readonly BarRow[], rowHeight: number) {
  return scaleBand<number>()
    .domain(rows.map((r) => r.index))
    .range([0, rows.length * rowHeight])
    .paddingInner(0.2)
    // Half the inner padding outside keeps the step exactly rowHeight.
    .paddingOuter(0.1);
}
