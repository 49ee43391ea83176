// Reference pooling: max (with argmax for backward), average and L2 over windows, and global average pooling.
// Layout NHWC; the geometry's output channels equal its input channels. Padded positions never win a max and
// are left out of averages and L2 sums.

/*
 * For the in-bounds positions R(o) of output o's window:
 *   max: y[o] = max_{i∈R(o)} x[i];        ∂L/∂x[i] += dy[o] for the single argmax i (first one on ties)
 *   avg: y[o] = (1/|R(o)|) Σ_{i∈R(o)} x[i]; ∂L/∂x[i] += dy[o] / |R(o)|
 *   l2:  y[o] = sqrt(Σ_{i∈R(o)} x[i]²);    ∂L/∂x[i] += dy[o] · x[i] / y[o]   (0 where y[o] = 0)
 *   global avg: y[n,c] = (1/HW) Σ_{h,w} x[n,h,w,c];  ∂L/∂x[n,h,w,c] = dy[n,c] / HW
 * Overlapping windows (stride < size) add their contributions.
 */

import type { WindowGeometry } from '../geometry.ts';
import { allocLike, fromAccumulator, expectLength, type FloatArray } from './tensor.ts';

/** Calls visit(outIndex, inIndices) for every output position with the flat input indices of its in-bounds window. */
function forEachWindow(g: WindowGeometry, batch: number, visit: (yi: number, window: number[]) => void): void {
  const [H, W, C] = g.input;
  const [OH, OW] = g.output;
  if (g.output[2] !== C) throw new Error('pool: output channels must equal input channels');
  const window: number[] = [];
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          window.length = 0;
          for (let ky = 0; ky < g.kernel[0]; ky++) {
            const iy = oy * g.stride[0] - g.padding[0] + ky * g.dilation[0];
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < g.kernel[1]; kx++) {
              const ix = ox * g.stride[1] - g.padding[1] + kx * g.dilation[1];
              if (ix < 0 || ix >= W) continue;
              window.push(((n * H + iy) * W + ix) * C + c);
            }
          }
          visit(((n * OH + oy) * OW + ox) * C + c, window);
        }
}

function sizes(g: WindowGeometry, batch: number): { inSize: number; outSize: number } {
  return { inSize: batch * g.input[0] * g.input[1] * g.input[2], outSize: batch * g.output[0] * g.output[1] * g.output[2] };
}

export interface MaxPoolResult<T extends FloatArray> {
  y: T;
  /** Flat index into x of each output's winner, or -1 for a window with no in-bounds position (y = 0 there). */
  argmax: Int32Array;
}

export function maxPoolForward<T extends FloatArray>(x: T, g: WindowGeometry, batch: number): MaxPoolResult<T> {
  const { inSize, outSize } = sizes(g, batch);
  expectLength('maxpool x', x, inSize);
  const y = allocLike(x, outSize);
  const argmax = new Int32Array(outSize).fill(-1);
  forEachWindow(g, batch, (yi, window) => {
    let best = -1;
    for (const i of window) if (best < 0 || x[i]! > x[best]!) best = i;
    argmax[yi] = best;
    y[yi] = best < 0 ? 0 : x[best]!;
  });
  return { y, argmax };
}

/** Routes each output gradient to its argmax input; inputSize = batch·H·W·C. */
export function maxPoolBackward<T extends FloatArray>(dy: T, argmax: Int32Array, inputSize: number): T {
  expectLength('maxpool dy', dy, argmax.length);
  const acc = new Float64Array(inputSize);
  for (let o = 0; o < dy.length; o++) if (argmax[o]! >= 0) acc[argmax[o]!]! += dy[o]!;
  return fromAccumulator(dy, acc);
}

export function avgPoolForward<T extends FloatArray>(x: T, g: WindowGeometry, batch: number): T {
  const { inSize, outSize } = sizes(g, batch);
  expectLength('avgpool x', x, inSize);
  const y = allocLike(x, outSize);
  forEachWindow(g, batch, (yi, window) => {
    let s = 0;
    for (const i of window) s += x[i]!;
    y[yi] = window.length ? s / window.length : 0;
  });
  return y;
}

export function avgPoolBackward<T extends FloatArray>(dy: T, g: WindowGeometry, batch: number): T {
  const { inSize, outSize } = sizes(g, batch);
  expectLength('avgpool dy', dy, outSize);
  const acc = new Float64Array(inSize);
  forEachWindow(g, batch, (yi, window) => {
    for (const i of window) acc[i]! += dy[yi]! / window.length;
  });
  return fromAccumulator(dy, acc);
}

export function l2PoolForward<T extends FloatArray>(x: T, g: WindowGeometry, batch: number): T {
  const { inSize, outSize } = sizes(g, batch);
  expectLength('l2pool x', x, inSize);
  const y = allocLike(x, outSize);
  forEachWindow(g, batch, (yi, window) => {
    let s = 0;
    for (const i of window) s += x[i]! * x[i]!;
    y[yi] = Math.sqrt(s);
  });
  return y;
}

/** Needs the forward input x and output y. */
export function l2PoolBackward<T extends FloatArray>(dy: T, x: T, y: T, g: WindowGeometry, batch: number): T {
  const { inSize, outSize } = sizes(g, batch);
  expectLength('l2pool dy', dy, outSize);
  expectLength('l2pool x', x, inSize);
  expectLength('l2pool y', y, outSize);
  const acc = new Float64Array(inSize);
  forEachWindow(g, batch, (yi, window) => {
    if (y[yi] === 0) return;
    for (const i of window) acc[i]! += (dy[yi]! * x[i]!) / y[yi]!;
  });
  return fromAccumulator(dy, acc);
}

/** x [N, H, W, C] → y [N, C]. */
export function globalAvgPoolForward<T extends FloatArray>(x: T, shape: [number, number, number], batch: number): T {
  const [H, W, C] = shape;
  expectLength('globalavgpool x', x, batch * H * W * C);
  const acc = new Float64Array(batch * C);
  for (let i = 0; i < x.length; i++) {
    const n = Math.floor(i / (H * W * C));
    acc[n * C + (i % C)]! += x[i]!;
  }
  const y = allocLike(x, batch * C);
  for (let i = 0; i < y.length; i++) y[i] = acc[i]! / (H * W);
  return y;
}

/** dy [N, C] → dx [N, H, W, C]. */
export function globalAvgPoolBackward<T extends FloatArray>(dy: T, shape: [number, number, number], batch: number): T {
  const [H, W, C] = shape;
  expectLength('globalavgpool dy', dy, batch * C);
  const dx = allocLike(dy, batch * H * W * C);
  for (let i = 0; i < dx.length; i++) {
    const n = Math.floor(i / (H * W * C));
    dx[i] = dy[n * C + (i % C)]! / (H * W);
  }
  return dx;
}
