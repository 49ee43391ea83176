// The sliding window written out, one output position at a time, for the builder's animation: which input
// pixels (or padding) each tap reads, the dot product (or max / average / L2) with its terms, and the whole output.
// Same index map as the reference conv2d: input row = oy·S - P + ky·D (negative or past the edge = padding).

import { outputSize } from './geometry.ts';

/** A single-example grid in HWC order (channels last, as everywhere in ConvLab). */
export interface Grid {
  height: number;
  width: number;
  channels: number;
  values: ArrayLike<number>;
}

export interface SlideParams {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

export type SlideOp = 'conv' | 'max' | 'avg' | 'l2';

export interface Slide extends SlideParams {
  input: [number, number];
  output: [number, number];
  /** Input size with the padding on both sides. */
  padded: [number, number];
}

export interface Tap {
  ky: number;
  kx: number;
  /** Input coordinates; outside 0..H-1 / 0..W-1 means the tap reads padding. */
  iy: number;
  ix: number;
  /** Coordinates in the padded grid (always inside it). */
  py: number;
  px: number;
  inside: boolean;
}

export interface Term {
  tap: Tap;
  channel: number;
  x: number;
  /** The kernel weight (conv only). */
  w?: number;
}

export interface WindowResult {
  terms: Term[];
  value: number;
}

/** The geometry of sliding a window over an input of [height, width]; output 0 along an axis means no room. */
export function slide(input: [number, number], p: SlideParams): Slide {
  const axis = (i: 0 | 1) => outputSize({ input: input[i], kernel: p.kernel[i], stride: p.stride[i], padding: p.padding[i], dilation: p.dilation[i] });
  return { ...p, input, output: [axis(0), axis(1)], padded: [input[0] + 2 * p.padding[0], input[1] + 2 * p.padding[1]] };
}

/** Number of window positions (animation steps). */
export function positions(s: Slide): number {
  return s.output[0] * s.output[1];
}

/** Output position of animation step `step`, row by row. */
export function positionAt(s: Slide, step: number): [number, number] {
  const n = positions(s);
  if (n === 0) throw new RangeError('slide: the window does not fit, there are no positions');
  const k = ((step % n) + n) % n;
  return [Math.floor(k / s.output[1]), k % s.output[1]];
}

/** The kernel taps of output (oy, ox), row-major over the kernel. */
export function windowTaps(s: Slide, oy: number, ox: number): Tap[] {
  const taps: Tap[] = [];
  for (let ky = 0; ky < s.kernel[0]; ky++) {
    for (let kx = 0; kx < s.kernel[1]; kx++) {
      const py = oy * s.stride[0] + ky * s.dilation[0];
      const px = ox * s.stride[1] + kx * s.dilation[1];
      const iy = py - s.padding[0];
      const ix = px - s.padding[1];
      taps.push({ ky, kx, iy, ix, py, px, inside: iy >= 0 && iy < s.input[0] && ix >= 0 && ix < s.input[1] });
    }
  }
  return taps;
}

function at(g: Grid, y: number, x: number, c: number): number {
  return g.values[(y * g.width + x) * g.channels + c]!;
}

/**
 * One output value with its terms. conv: Σ x·w over every tap and channel (padding reads 0), kernel in
 * [KH, KW, C] order; pooling works on `channel` and leaves padding out, as the model's pooling does.
 */
export function windowAt(s: Slide, input: Grid, op: SlideOp, oy: number, ox: number, kernel?: Grid, channel = 0): WindowResult {
  const taps = windowTaps(s, oy, ox);
  const terms: Term[] = [];
  if (op === 'conv') {
    if (!kernel) throw new Error('slide: a convolution needs a kernel');
    if (kernel.height !== s.kernel[0] || kernel.width !== s.kernel[1] || kernel.channels !== input.channels) {
      throw new Error(`slide: kernel is ${kernel.height}x${kernel.width}x${kernel.channels}, expected ${s.kernel[0]}x${s.kernel[1]}x${input.channels}`);
    }
    let sum = 0;
    for (const tap of taps) {
      for (let c = 0; c < input.channels; c++) {
        const x = tap.inside ? at(input, tap.iy, tap.ix, c) : 0;
        const w = at(kernel, tap.ky, tap.kx, c);
        terms.push({ tap, channel: c, x, w });
        sum += x * w;
      }
    }
    return { terms, value: sum };
  }
  for (const tap of taps) if (tap.inside) terms.push({ tap, channel, x: at(input, tap.iy, tap.ix, channel) });
  const xs = terms.map((t) => t.x);
  if (xs.length === 0) return { terms, value: 0 };
  const value = op === 'max' ? Math.max(...xs) : op === 'avg' ? xs.reduce((a, b) => a + b, 0) / xs.length : Math.sqrt(xs.reduce((a, b) => a + b * b, 0));
  return { terms, value };
}

/** Every output value, [OH, OW] row-major (one channel: the filter given, or the pooled channel). */
export function slideAll(s: Slide, input: Grid, op: SlideOp, kernel?: Grid, channel = 0): Float64Array {
  const out = new Float64Array(positions(s));
  for (let oy = 0; oy < s.output[0]; oy++) for (let ox = 0; ox < s.output[1]; ox++) out[oy * s.output[1] + ox] = windowAt(s, input, op, oy, ox, kernel, channel).value;
  return out;
}

/** A number as the formula shows it: integers as they are, others with up to `digits` decimals. */
export function shortNumber(x: number, digits = 2): string {
  if (Number.isInteger(x)) return String(x);
  const r = Number(x.toFixed(digits));
  return r === 0 ? '0' : String(r);
}

/**
 * The computation as the lecture notes write it: "1·0 + 0·2 + … = 5", "max(1, 3, 0, 2) = 3",
 * "(1 + 3) / 2 = 2", "√(1² + 3²) = 3.16". At most `maxTerms` terms are written, then "…".
 */
export function windowText(r: WindowResult, op: SlideOp, maxTerms = 12, digits = 2): string {
  const n = (x: number) => {
    const t = shortNumber(x, digits);
    return x < 0 ? `(${t})` : t;
  };
  const list = (items: string[], sep: string) => (items.length > maxTerms ? [...items.slice(0, maxTerms), '…'] : items).join(sep);
  const value = shortNumber(r.value, digits);
  if (r.terms.length === 0) return `(only padding) = ${value}`;
  switch (op) {
    case 'conv':
      return `${list(r.terms.map((t) => `${n(t.x)}·${n(t.w!)}`), ' + ')} = ${value}`;
    case 'max':
      return `max(${list(r.terms.map((t) => n(t.x)), ', ')}) = ${value}`;
    case 'avg':
      return `(${list(r.terms.map((t) => n(t.x)), ' + ')}) / ${r.terms.length} = ${value}`;
    case 'l2':
      return `√(${list(r.terms.map((t) => `${n(t.x)}²`), ' + ')}) = ${value}`;
    default:
      return op satisfies never;
  }
}
