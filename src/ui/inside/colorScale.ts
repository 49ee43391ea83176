// Colour scales for activations and weights: diverging (blue < 0 < red) for signed values, sequential (dark to
// bright) for non-negative ones. A scale is a 256-entry lookup table so painting a map is one array pass.
import { interpolateInferno, interpolateRdBu, rgb } from 'd3';

export type ScaleKind = 'diverging' | 'sequential';

export interface ColorScale {
  kind: ScaleKind;
  /** The values painted at the ends of the table (symmetric around 0 when diverging). */
  min: number;
  max: number;
  /** 256 RGB triples. */
  lut: Uint8ClampedArray;
}

const STEPS = 256;

/** Smallest and largest finite value (NaN and ±Infinity are skipped); {0, 0} when there is none. */
export function valueRange(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

function table(interpolate: (t: number) => string): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(STEPS * 3);
  for (let i = 0; i < STEPS; i++) {
    const c = rgb(interpolate(i / (STEPS - 1)));
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

// d3's RdBu runs red -> blue; reversed so negative is blue and positive red (the usual reading of weights).
const DIVERGING = table((t) => interpolateRdBu(1 - t));
const SEQUENTIAL = table(interpolateInferno);

/** The scale for values in [min, max]: diverging around 0 when any value is negative, else sequential from 0. */
export function colorScaleFor(range: { min: number; max: number }): ColorScale {
  if (range.min < 0) {
    const m = Math.max(-range.min, Math.abs(range.max));
    return { kind: 'diverging', min: -m, max: m, lut: DIVERGING };
  }
  return { kind: 'sequential', min: 0, max: Math.max(range.max, 0), lut: SEQUENTIAL };
}

/** Index 0..255 into the table; a zero-width scale maps everything to its zero colour. */
export function colorIndex(scale: ColorScale, v: number): number {
  const span = scale.max - scale.min;
  if (!(span > 0)) return scale.kind === 'diverging' ? STEPS >> 1 : 0;
  const t = (v - scale.min) / span;
  return Math.max(0, Math.min(STEPS - 1, Math.round(t * (STEPS - 1))));
}

/**
 * Paints values into RGBA pixels (for an ImageData); NaN cells (padding of a grid) become transparent.
 * `out` is reused when it has the right length.
 */
export function paintValues(values: ArrayLike<number>, scale: ColorScale, out?: Uint8ClampedArray): Uint8ClampedArray {
  const pixels = out && out.length === values.length * 4 ? out : new Uint8ClampedArray(values.length * 4);
  const { lut } = scale;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const p = i * 4;
    if (Number.isNaN(v)) {
      pixels[p] = pixels[p + 1] = pixels[p + 2] = pixels[p + 3] = 0;
      continue;
    }
    const k = colorIndex(scale, v) * 3;
    pixels[p] = lut[k]!;
    pixels[p + 1] = lut[k + 1]!;
    pixels[p + 2] = lut[k + 2]!;
    pixels[p + 3] = 255;
  }
  return pixels;
}

/** A CSS linear-gradient (left = min, right = max) for the scale's legend. */
export function legendGradient(scale: ColorScale, stops = 9): string {
  const parts: string[] = [];
  for (let i = 0; i < stops; i++) {
    const k = Math.round((i / (stops - 1)) * (STEPS - 1)) * 3;
    parts.push(`rgb(${scale.lut[k]}, ${scale.lut[k + 1]}, ${scale.lut[k + 2]}) ${((i / (stops - 1)) * 100).toFixed(0)}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
