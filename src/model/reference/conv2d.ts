// Reference 2-D convolution (cross-correlation, as in every deep-learning library) and its three gradients.
// Layout: x [N, H, W, C], w [KH, KW, C/groups, F], bias [F], y [N, OH, OW, F].

/*
 * Forward, for filter f in group g = floor(f / (F/G)), input channel c = g·(C/G) + ci:
 *   y[n,oy,ox,f] = b[f] + Σ_{ky,kx,ci} x[n, oy·S_h - P_h + ky·D_h, ox·S_w - P_w + kx·D_w, c] · w[ky,kx,ci,f]
 * (terms whose input position falls in the zero padding are 0).
 *
 * Backward, with dy = ∂L/∂y, by the chain rule on that single sum:
 *   ∂L/∂x[n,iy,ix,c]  = Σ_{oy,ox,ky,kx,f in group of c} dy[n,oy,ox,f] · w[ky,kx,ci,f]
 *                        over the (oy,ky) with oy·S - P + ky·D = iy (and likewise for x):
 *                        a "full" convolution of dy (dilated by S) with the flipped kernel (conv transpose).
 *   ∂L/∂w[ky,kx,ci,f] = Σ_{n,oy,ox} dy[n,oy,ox,f] · x[n, oy·S - P + ky·D, ox·S - P + kx·D, c]
 *                        (correlation of the input with the output gradient).
 *   ∂L/∂b[f]          = Σ_{n,oy,ox} dy[n,oy,ox,f].
 * The code below scatters/gathers over the same index map as the forward pass, so all four share one loop shape.
 */

import type { WindowGeometry } from '../geometry.ts';
import { fromAccumulator, expectLength, type FloatArray } from './tensor.ts';

interface Dims {
  H: number; W: number; C: number; OH: number; OW: number; F: number;
  KH: number; KW: number; SH: number; SW: number; PH: number; PW: number; DH: number; DW: number;
  /** Input channels per group, filters per group. */
  Cg: number; Fg: number;
}

function dims(g: WindowGeometry): Dims {
  const [H, W, C] = g.input;
  const [OH, OW, F] = g.output;
  if (C % g.groups !== 0 || F % g.groups !== 0) throw new Error(`conv2d: groups ${g.groups} must divide channels ${C} and filters ${F}`);
  return {
    H, W, C, OH, OW, F,
    KH: g.kernel[0], KW: g.kernel[1], SH: g.stride[0], SW: g.stride[1], PH: g.padding[0], PW: g.padding[1],
    DH: g.dilation[0], DW: g.dilation[1], Cg: C / g.groups, Fg: F / g.groups,
  };
}

/** Calls visit(xIndex, wIndex, yIndex) for every multiply of the forward pass that touches a real (unpadded) input. */
function forEachTap(d: Dims, batch: number, visit: (xi: number, wi: number, yi: number) => void): void {
  for (let n = 0; n < batch; n++)
    for (let oy = 0; oy < d.OH; oy++)
      for (let ox = 0; ox < d.OW; ox++)
        for (let f = 0; f < d.F; f++) {
          const yi = ((n * d.OH + oy) * d.OW + ox) * d.F + f;
          const c0 = Math.floor(f / d.Fg) * d.Cg;
          for (let ky = 0; ky < d.KH; ky++) {
            const iy = oy * d.SH - d.PH + ky * d.DH;
            if (iy < 0 || iy >= d.H) continue;
            for (let kx = 0; kx < d.KW; kx++) {
              const ix = ox * d.SW - d.PW + kx * d.DW;
              if (ix < 0 || ix >= d.W) continue;
              for (let ci = 0; ci < d.Cg; ci++) {
                const xi = ((n * d.H + iy) * d.W + ix) * d.C + c0 + ci;
                const wi = ((ky * d.KW + kx) * d.Cg + ci) * d.F + f;
                visit(xi, wi, yi);
              }
            }
          }
        }
}

/** y = conv(x, w) + bias; bias may be null (useBias: false). */
export function conv2dForward<T extends FloatArray>(x: T, w: T, bias: T | null, g: WindowGeometry, batch: number): T {
  const d = dims(g);
  expectLength('conv2d x', x, batch * d.H * d.W * d.C);
  expectLength('conv2d w', w, d.KH * d.KW * d.Cg * d.F);
  if (bias) expectLength('conv2d bias', bias, d.F);
  const acc = new Float64Array(batch * d.OH * d.OW * d.F);
  if (bias) for (let i = 0; i < acc.length; i++) acc[i] = bias[i % d.F]!;
  forEachTap(d, batch, (xi, wi, yi) => {
    acc[yi]! += x[xi]! * w[wi]!;
  });
  return fromAccumulator(x, acc);
}

/** ∂L/∂x from ∂L/∂y (the transposed convolution of dy with w). */
export function conv2dBackwardInput<T extends FloatArray>(dy: T, w: T, g: WindowGeometry, batch: number): T {
  const d = dims(g);
  expectLength('conv2d dy', dy, batch * d.OH * d.OW * d.F);
  expectLength('conv2d w', w, d.KH * d.KW * d.Cg * d.F);
  const acc = new Float64Array(batch * d.H * d.W * d.C);
  forEachTap(d, batch, (xi, wi, yi) => {
    acc[xi]! += dy[yi]! * w[wi]!;
  });
  return fromAccumulator(dy, acc);
}

/** ∂L/∂w [KH, KW, C/groups, F], summed over the batch. */
export function conv2dBackwardWeights<T extends FloatArray>(x: T, dy: T, g: WindowGeometry, batch: number): T {
  const d = dims(g);
  expectLength('conv2d x', x, batch * d.H * d.W * d.C);
  expectLength('conv2d dy', dy, batch * d.OH * d.OW * d.F);
  const acc = new Float64Array(d.KH * d.KW * d.Cg * d.F);
  forEachTap(d, batch, (xi, wi, yi) => {
    acc[wi]! += dy[yi]! * x[xi]!;
  });
  return fromAccumulator(x, acc);
}

/** ∂L/∂bias [F]: dy summed over batch, height and width. */
export function conv2dBackwardBias<T extends FloatArray>(dy: T, g: WindowGeometry, batch: number): T {
  const F = g.output[2];
  expectLength('conv2d dy', dy, batch * g.output[0] * g.output[1] * F);
  const acc = new Float64Array(F);
  for (let i = 0; i < dy.length; i++) acc[i % F]! += dy[i]!;
  return fromAccumulator(dy, acc);
}
