// Draws a line chart: lines on a canvas (cheap to redraw many times a second), axes with d3-axis into an SVG laid
// over it, and the hover read-out. Everything here writes only into the canvas and SVG it is given.
import { axisBottom, axisLeft, format, line, select } from 'd3';
import { chartScales, finiteExtent, nearestIndex, thinIndices, xDomain, yDomain, type ChartBox, type YKind } from './series.ts';

export interface ChartSeries {
  name: string;
  /** A CSS colour or a custom property name ("--accent"). */
  color: string;
  x: readonly number[];
  y: readonly number[];
  /** faint: the raw values behind a smoothed line; dots: sparse points (validation), joined by a dashed line. */
  style: 'line' | 'faint' | 'dots';
  /** Left out of the hover read-out (the raw series behind a smoothed one). */
  quiet?: boolean;
}

export interface ChartData {
  series: ChartSeries[];
  yKind: YKind;
  xLabel: string;
  /** Formats a y value for ticks and the read-out. */
  yFormat: (v: number) => string;
}

export const CHART_MARGIN = { top: 10, right: 14, bottom: 36, left: 48 };

/** From 0 (or the smallest x) to the largest x over every series. */
function chartXDomain(data: ChartData): [number, number] {
  const ext = finiteExtent(data.series.flatMap((s) => s.x)) ?? [0, 1];
  return xDomain(Math.min(0, ext[0]), ext[1]);
}

function resolveColor(el: Element, color: string): string {
  return color.startsWith('--') ? getComputedStyle(el).getPropertyValue(color).trim() || '#888' : color;
}

/** Redraws everything for the given size; returns the scales' x → px function for hover handling. */
export function drawChart(canvas: HTMLCanvasElement, svg: SVGSVGElement, data: ChartData, width: number, height: number): void {
  const box: ChartBox = { width, height, margin: CHART_MARGIN };
  const xs = chartXDomain(data);
  const ys = yDomain(
    data.series.flatMap((s) => s.y),
    data.yKind,
  );
  const scales = chartScales(box, xs, ys, data.yKind === 'log');
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(CHART_MARGIN.left, CHART_MARGIN.top, width - CHART_MARGIN.left - CHART_MARGIN.right, height - CHART_MARGIN.top - CHART_MARGIN.bottom);
  ctx.clip();
  const maxPoints = Math.max(50, Math.floor(width * 2));
  for (const s of data.series) {
    const keep = thinIndices(s.y as number[], maxPoints);
    const color = resolveColor(canvas, s.color);
    const path = line<number>()
      .defined((i) => Number.isFinite(s.y[i]!) && (data.yKind !== 'log' || s.y[i]! > 0))
      .x((i) => scales.x(s.x[i]!))
      .y((i) => scales.y(s.y[i]!))
      .context(ctx);
    ctx.beginPath();
    path(keep);
    ctx.strokeStyle = color;
    ctx.globalAlpha = s.style === 'faint' ? 0.25 : 1;
    ctx.lineWidth = s.style === 'faint' ? 1 : 2;
    ctx.setLineDash(s.style === 'dots' ? [4, 3] : []);
    ctx.stroke();
    if (s.style === 'dots') {
      ctx.fillStyle = color;
      for (const i of keep) {
        if (!Number.isFinite(s.y[i]!)) continue;
        ctx.beginPath();
        ctx.arc(scales.x(s.x[i]!), scales.y(s.y[i]!), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
  ctx.restore();

  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  const xAxis = root.selectAll<SVGGElement, null>('g.x-axis').data([null]).join('g').attr('class', 'x-axis').attr('transform', `translate(0,${height - CHART_MARGIN.bottom})`);
  xAxis.call(axisBottom(scales.x).ticks(Math.max(2, Math.floor(width / 90)), format('~s')));
  const yAxis = root.selectAll<SVGGElement, null>('g.y-axis').data([null]).join('g').attr('class', 'y-axis').attr('transform', `translate(${CHART_MARGIN.left},0)`);
  const yTicks = data.yKind === 'log' ? axisLeft(scales.y).ticks(4, '~g') : axisLeft(scales.y).ticks(5).tickFormat((v) => data.yFormat(Number(v)));
  yAxis.call(yTicks);
  root
    .selectAll<SVGTextElement, string>('text.x-label')
    .data([data.xLabel])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', width - CHART_MARGIN.right)
    .attr('y', height - 2)
    .attr('text-anchor', 'end')
    .text((d) => d);
}

export interface HoverReadout {
  /** The x value under the pointer (snapped to the nearest point of the first series that has points). */
  x: number;
  px: number;
  rows: { name: string; color: string; value: string }[];
}

/** What the read-out shows with the pointer at pixel `px` (null when there is nothing to show). */
export function hoverAt(data: ChartData, width: number, height: number, px: number): HoverReadout | null {
  if (data.series.every((s) => s.x.length === 0)) return null;
  const xs = chartXDomain(data);
  const scales = chartScales({ width, height, margin: CHART_MARGIN }, xs, yDomain([], data.yKind === 'log' ? 'linear' : data.yKind), false);
  const x = scales.x.invert(px);
  const main = data.series.find((s) => !s.quiet && s.x.length > 0) ?? data.series.find((s) => s.x.length > 0)!;
  const snapped = main.x[nearestIndex(main.x, x)]!;
  const rows = data.series
    .filter((s) => !s.quiet && s.x.length > 0)
    .map((s) => {
      const i = nearestIndex(s.x, snapped);
      const value = s.y[i]!;
      const near = s.style !== 'dots' || Math.abs(s.x[i]! - snapped) <= (xs[1] - xs[0]) * 0.02;
      return { name: s.name, color: s.color, value: near ? `${data.yFormat(value)} (at ${format(',')(s.x[i]!)})` : '—' };
    });
  return { x: snapped, px: scales.x(snapped), rows };
}
