// A grid of cells on a canvas (an input with its padding, or an output), with the current window's cells outlined.
// Values are coloured by a d3 scale; numbers are written in when the cells are big enough to read them.
import { hsl, interpolateGreys, interpolateRdBu, scaleDiverging, scaleSequential } from 'd3';
import { useEffect, useRef, useState } from 'react';
import { shortNumber } from '../../model/slidingWindow.ts';

export interface GridCanvasProps {
  label: string;
  rows: number;
  cols: number;
  cell: number;
  /** The value of a cell; null for padding, undefined for a cell not computed yet. */
  value(y: number, x: number): number | null | undefined;
  /** An RGB image cell (0..255 each) instead of a coloured value. */
  rgb?: (y: number, x: number) => [number, number, number] | null;
  /** Cells of the current window (outlined), e.g. the kernel taps; `focus` gets a heavier outline. */
  highlight: readonly [number, number][];
  focus?: [number, number];
  /** Colours: 'gray' for intensities (0 dark), 'diverging' for signed values around 0. */
  scheme: 'gray' | 'diverging';
  /** The largest absolute value expected, for the colour scale. */
  extent: number;
  testId?: string;
}

export function GridCanvas({ label, rows, cols, cell, value, rgb, highlight, focus, scheme, extent, testId }: GridCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  // The padding and empty-cell colours come from CSS variables: draw again when the colour scheme flips.
  const [themeTick, setThemeTick] = useState(0);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => setThemeTick((n) => n + 1);
    media.addEventListener('change', redraw);
    return () => media.removeEventListener('change', redraw);
  }, []);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = cols * cell * ratio;
    canvas.height = rows * cell * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const styles = getComputedStyle(canvas);
    const padColor = styles.getPropertyValue('--grid-pad').trim() || '#d0d5dc';
    const emptyColor = styles.getPropertyValue('--grid-empty').trim() || '#eef0f3';
    const accent = styles.getPropertyValue('--accent').trim() || '#2f6fde';
    const m = extent > 0 ? extent : 1;
    const color =
      scheme === 'gray' ? scaleSequential(interpolateGreys).domain([m, 0]) : scaleDiverging(interpolateRdBu).domain([m, 0, -m]);
    const numbers = cell >= 14;
    ctx.font = `${Math.max(9, Math.floor(cell * 0.42))}px ui-monospace, Menlo, monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const v = value(y, x);
        const px = rgb?.(y, x);
        let fill: string;
        if (v === null) fill = padColor;
        else if (v === undefined) fill = emptyColor;
        else if (px) fill = `rgb(${px[0]}, ${px[1]}, ${px[2]})`;
        else fill = color(v);
        ctx.fillStyle = fill;
        ctx.fillRect(x * cell, y * cell, cell, cell);
        if (numbers && v !== undefined) {
          ctx.fillStyle = hsl(fill).l > 0.55 ? '#111' : '#fff';
          ctx.fillText(v === null ? '0' : shortNumber(v, 1), x * cell + cell / 2, y * cell + cell / 2 + 0.5);
        }
      }
    }
    if (cell >= 10) {
      ctx.strokeStyle = 'rgba(128, 128, 128, 0.35)';
      ctx.lineWidth = 1;
      for (let y = 0; y <= rows; y++) {
        ctx.beginPath();
        ctx.moveTo(0, y * cell + 0.5);
        ctx.lineTo(cols * cell, y * cell + 0.5);
        ctx.stroke();
      }
      for (let x = 0; x <= cols; x++) {
        ctx.beginPath();
        ctx.moveTo(x * cell + 0.5, 0);
        ctx.lineTo(x * cell + 0.5, rows * cell);
        ctx.stroke();
      }
    }
    ctx.strokeStyle = accent;
    ctx.fillStyle = 'rgba(47, 111, 222, 0.18)';
    ctx.lineWidth = Math.max(1.5, cell / 10);
    for (const [y, x] of highlight) {
      ctx.fillRect(x * cell, y * cell, cell, cell);
      ctx.strokeRect(x * cell + 1, y * cell + 1, cell - 2, cell - 2);
    }
    if (focus) {
      ctx.lineWidth = Math.max(2.5, cell / 6);
      ctx.strokeStyle = '#f59e0b';
      ctx.strokeRect(focus[1] * cell + 1, focus[0] * cell + 1, cell - 2, cell - 2);
    }
  }, [rows, cols, cell, value, rgb, highlight, focus, scheme, extent, themeTick]);
  return <canvas ref={ref} className="grid-canvas" style={{ width: cols * cell, height: rows * cell }} role="img" aria-label={label} data-testid={testId} />;
}
