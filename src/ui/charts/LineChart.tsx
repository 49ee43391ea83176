// A live line chart: React renders the empty canvas, SVG and read-out once; new data arrives through `subscribe`
// and is drawn at most once per animation frame, so training never re-renders React for a chart update.
// The pointer (or the arrow keys, when the chart has focus) moves a read-out across the points.
import { useEffect, useRef } from 'react';
import { select } from 'd3';
import { CHART_MARGIN, drawChart, hoverAt, type ChartData } from './drawChart.ts';
import './charts.css';

export interface LineChartProps {
  /** Accessible name, e.g. "Loss"; the latest values are appended to it as they arrive. */
  label: string;
  /** Called in an animation frame whenever a redraw is due; return the data to draw. */
  read: () => ChartData;
  /** Calls the listener whenever the data may have changed; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
  height?: number;
  testId?: string;
}

export function LineChart({ label, read, subscribe, height = 220, testId }: LineChartProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const wrap = wrapRef.current!;
    const canvas = canvasRef.current!;
    const svg = svgRef.current!;
    const readout = readoutRef.current!;
    let frame = 0;
    let draws = 0;
    let width = Math.max(200, wrap.clientWidth);
    let hoverPx: number | null = null;
    let data = read();

    const showReadout = () => {
      const h = hoverPx === null ? null : hoverAt(data, width, height, hoverPx);
      const cross = select(svg).selectAll<SVGLineElement, number>('line.crosshair').data(h ? [h.px] : []);
      cross.join('line').attr('class', 'crosshair').attr('x1', (d) => d).attr('x2', (d) => d).attr('y1', CHART_MARGIN.top).attr('y2', height - CHART_MARGIN.bottom);
      if (!h) {
        readout.hidden = true;
        return;
      }
      readout.hidden = false;
      readout.style.left = `${Math.min(h.px + 8, width - 190)}px`;
      readout.replaceChildren(
        ...h.rows.map((r) => {
          const row = document.createElement('div');
          const swatch = document.createElement('span');
          swatch.className = 'swatch';
          swatch.style.background = r.color.startsWith('--') ? `var(${r.color})` : r.color;
          row.append(swatch, `${r.name}: ${r.value}`);
          return row;
        }),
      );
    };

    const draw = () => {
      frame = 0;
      data = read();
      drawChart(canvas, svg, data, width, height);
      showReadout();
      // The latest value of each series, for assistive technology and tests (no React render involved).
      const latest = data.series.filter((s) => !s.quiet && s.y.length > 0).map((s) => `${s.name} ${data.yFormat(s.y[s.y.length - 1]!)}`);
      wrap.setAttribute('aria-label', latest.length ? `${label}: ${latest.join(', ')}` : `${label}: no data yet`);
      wrap.dataset.points = String(Math.max(0, ...data.series.map((s) => s.x.length)));
      // First and last finite value of each shown series: what the lines start and end at.
      const ends = (ys: readonly number[]) => [ys.find(Number.isFinite) ?? null, [...ys].reverse().find(Number.isFinite) ?? null];
      wrap.dataset.series = JSON.stringify(Object.fromEntries(data.series.filter((s) => !s.quiet).map((s) => [s.name, ends(s.y)])));
      // How many points each series has (e.g. the validations of a run).
      wrap.dataset.counts = JSON.stringify(Object.fromEntries(data.series.map((s) => [s.name, s.x.length])));
      // How many times it has drawn: the redraw rate, for the responsiveness measurement (bench/responsiveness.ts).
      wrap.dataset.draws = String(++draws);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };

    const onMove = (e: PointerEvent) => {
      hoverPx = e.clientX - svg.getBoundingClientRect().left;
      showReadout();
    };
    const onLeave = () => {
      hoverPx = null;
      showReadout();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      const stepPx = e.shiftKey ? 40 : 4;
      const right = width - CHART_MARGIN.right;
      hoverPx = Math.max(CHART_MARGIN.left, Math.min(right, (hoverPx ?? right) + (e.key === 'ArrowLeft' ? -stepPx : stepPx)));
      showReadout();
    };
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerleave', onLeave);
    wrap.addEventListener('keydown', onKey);
    wrap.addEventListener('blur', onLeave);
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, wrap.clientWidth);
      if (w !== width) {
        width = w;
        schedule();
      }
    });
    resize.observe(wrap);
    // Line colours come from CSS custom properties: a theme switch needs a redraw.
    const theme = window.matchMedia('(prefers-color-scheme: dark)');
    theme.addEventListener('change', schedule);
    const unsubscribe = subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      resize.disconnect();
      theme.removeEventListener('change', schedule);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerleave', onLeave);
      wrap.removeEventListener('keydown', onKey);
      wrap.removeEventListener('blur', onLeave);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [read, subscribe, height, label]);

  return (
    <div ref={wrapRef} className="line-chart" style={{ height }} role="img" tabIndex={0} aria-label={label} data-testid={testId}>
      <canvas ref={canvasRef} style={{ height }} aria-hidden="true" />
      <svg ref={svgRef} height={height} aria-hidden="true" />
      <div ref={readoutRef} className="chart-readout" hidden />
    </div>
  );
}
