// Pooling over NHWC windows as src/model/reference/pool.ts: max (with the winner's index for backward), average
// and L2 over the in-bounds positions of each window, and global average. A thread owns whole examples, so the
// backward scatters (overlapping windows add up) never race.

import { argI, argP, partStart } from './common';

const MAX = 0;
const AVG = 1;
const L2 = 2;

/**
 * Arguments: 0 x, 1 y, 2 argmax (i32, max only), 3 H, 4 W, 5 C, 6 OH, 7 OW, 8 KH, 9 KW, 10 SH, 11 SW, 12 PH, 13 PW,
 * 14 DH, 15 DW, 16 batch, 17 kind (0 max, 1 avg, 2 l2).
 */
export function poolForward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), argmax = argP(args, 2);
  const H = argI(args, 3), W = argI(args, 4), C = argI(args, 5), OH = argI(args, 6), OW = argI(args, 7);
  const KH = argI(args, 8), KW = argI(args, 9), SH = argI(args, 10), SW = argI(args, 11), PH = argI(args, 12), PW = argI(args, 13);
  const DH = argI(args, 14), DW = argI(args, 15), batch = argI(args, 16), kind = argI(args, 17);
  const n0 = partStart(batch, part, parts), n1 = partStart(batch, part + 1, parts);
  if (kind == MAX) {
    maxPoolForward(x, y, argmax, H, W, C, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW, n0, n1);
    return;
  }
  for (let n = n0; n < n1; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          const yi = ((n * OH + oy) * OW + ox) * C + c;
          let best = -1;
          let bestV: f32 = 0;
          let sum: f64 = 0;
          let count = 0;
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx * DW;
              if (ix < 0 || ix >= W) continue;
              const xi = ((n * H + iy) * W + ix) * C + c;
              const v = load<f32>(x + (<usize>xi << 2));
              if (kind == MAX) {
                if (best < 0 || v > bestV) {
                  best = xi;
                  bestV = v;
                }
              } else if (kind == AVG) sum += <f64>v;
              else sum += <f64>v * <f64>v;
              count++;
            }
          }
          let out: f32 = 0;
          if (kind == MAX) {
            store<i32>(argmax + (<usize>yi << 2), best);
            out = best < 0 ? 0 : bestV;
          } else if (kind == AVG) out = count ? <f32>(sum / <f64>count) : 0;
          else out = <f32>Math.sqrt(sum);
          store<f32>(y + (<usize>yi << 2), out);
        }
}

/**
 * Max pooling of examples [n0, n1), four channels at a time: per output pixel the window's in-bounds taps are found
 * once, then each group of four channels keeps its running maximum and the winner's index in two vectors. A later
 * tap wins only where it is strictly greater (f32x4.gt, false for NaN), so the first maximum in window order wins, as
 * in the reference; channels past the last full group go one by one the same way. A window with no in-bounds tap
 * gives 0 and index -1.
 */
function maxPoolForward(
  x: usize, y: usize, argmax: usize, H: i32, W: i32, C: i32, OH: i32, OW: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, PH: i32, PW: i32, DH: i32, DW: i32, n0: i32, n1: i32,
): void {
  const lanes = i32x4(0, 1, 2, 3);
  const C4 = C & ~3;
  for (let n = n0; n < n1; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++) {
        const yi = ((n * OH + oy) * OW + ox) * C;
        // The first in-bounds tap (its input pixel's first channel), or -1.
        let first = -1;
        for (let ky = 0; ky < KH && first < 0; ky++) {
          const iy = oy * SH - PH + ky * DH;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * SW - PW + kx * DW;
            if (ix >= 0 && ix < W) {
              first = ((n * H + iy) * W + ix) * C;
              break;
            }
          }
        }
        if (first < 0) {
          for (let c = 0; c < C; c++) {
            store<f32>(y + (<usize>(yi + c) << 2), 0);
            store<i32>(argmax + (<usize>(yi + c) << 2), -1);
          }
          continue;
        }
        for (let c = 0; c < C4; c += 4) {
          let best = v128.load(x + (<usize>(first + c) << 2));
          let index = i32x4.add(i32x4.splat(first + c), lanes);
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx * DW;
              if (ix < 0 || ix >= W) continue;
              const xi = ((n * H + iy) * W + ix) * C + c;
              if (xi == first + c) continue;
              const v = v128.load(x + (<usize>xi << 2));
              const wins = f32x4.gt(v, best);
              best = v128.bitselect(v, best, wins);
              index = v128.bitselect(i32x4.add(i32x4.splat(xi), lanes), index, wins);
            }
          }
          v128.store(y + (<usize>(yi + c) << 2), best);
          v128.store(argmax + (<usize>(yi + c) << 2), index);
        }
        for (let c = C4; c < C; c++) {
          let bestAt = first + c;
          let bestV = load<f32>(x + (<usize>bestAt << 2));
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx * DW;
              if (ix < 0 || ix >= W) continue;
              const xi = ((n * H + iy) * W + ix) * C + c;
              const v = load<f32>(x + (<usize>xi << 2));
              if (v > bestV) {
                bestAt = xi;
                bestV = v;
              }
            }
          }
          store<f32>(y + (<usize>(yi + c) << 2), bestV);
          store<i32>(argmax + (<usize>(yi + c) << 2), bestAt);
        }
      }
}

/**
 * Arguments as poolForward, with 0 x (forward input), 1 y (forward output), 2 argmax, and 18 dy, 19 dx.
 * dx = Σ over windows: max routes dy to the winner, avg spreads dy/|window|, l2 gives dy·x/y (0 where y = 0).
 */
export function poolBackward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), argmax = argP(args, 2);
  const H = argI(args, 3), W = argI(args, 4), C = argI(args, 5), OH = argI(args, 6), OW = argI(args, 7);
  const KH = argI(args, 8), KW = argI(args, 9), SH = argI(args, 10), SW = argI(args, 11), PH = argI(args, 12), PW = argI(args, 13);
  const DH = argI(args, 14), DW = argI(args, 15), batch = argI(args, 16), kind = argI(args, 17);
  const dy = argP(args, 18), dx = argP(args, 19);
  const n0 = partStart(batch, part, parts), n1 = partStart(batch, part + 1, parts);
  const per = H * W * C;
  if (n1 > n0) memory.fill(dx + (<usize>(n0 * per) << 2), 0, <usize>((n1 - n0) * per) << 2);
  for (let n = n0; n < n1; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          const yi = ((n * OH + oy) * OW + ox) * C + c;
          const d = load<f32>(dy + (<usize>yi << 2));
          if (kind == MAX) {
            const at = load<i32>(argmax + (<usize>yi << 2));
            if (at >= 0) store<f32>(dx + (<usize>at << 2), load<f32>(dx + (<usize>at << 2)) + d);
            continue;
          }
          const out = load<f32>(y + (<usize>yi << 2));
          if (kind == L2 && out == 0) continue;
          let count = 0;
          if (kind == AVG) {
            for (let ky = 0; ky < KH; ky++) {
              const iy = oy * SH - PH + ky * DH;
              if (iy < 0 || iy >= H) continue;
              for (let kx = 0; kx < KW; kx++) {
                const ix = ox * SW - PW + kx * DW;
                if (ix >= 0 && ix < W) count++;
              }
            }
          }
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky * DH;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx * DW;
              if (ix < 0 || ix >= W) continue;
              const xi = <usize>(((n * H + iy) * W + ix) * C + c) << 2;
              const g: f32 = kind == AVG ? <f32>(<f64>d / <f64>count) : <f32>((<f64>d * <f64>load<f32>(x + xi)) / <f64>out);
              store<f32>(dx + xi, load<f32>(dx + xi) + g);
            }
          }
        }
}

/** Global average: y[n, c] = mean over H·W of x[n, ·, ·, c]. Arguments: 0 x, 1 y, 2 HW, 3 C, 4 batch. */
export function globalPoolForward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), HW = argI(args, 2), C = argI(args, 3), batch = argI(args, 4);
  const n0 = partStart(batch, part, parts), n1 = partStart(batch, part + 1, parts);
  for (let n = n0; n < n1; n++)
    for (let c = 0; c < C; c++) {
      let s: f64 = 0;
      for (let p = 0; p < HW; p++) s += <f64>load<f32>(x + (<usize>((n * HW + p) * C + c) << 2));
      store<f32>(y + (<usize>(n * C + c) << 2), <f32>(s / <f64>HW));
    }
}

/** dx[n, p, c] = dy[n, c] / HW. Arguments: 0 dy, 1 dx, 2 HW, 3 C, 4 batch. */
export function globalPoolBackward(args: usize, part: i32, parts: i32): void {
  const dy = argP(args, 0), dx = argP(args, 1), HW = argI(args, 2), C = argI(args, 3), batch = argI(args, 4);
  const n0 = partStart(batch, part, parts), n1 = partStart(batch, part + 1, parts);
  for (let n = n0; n < n1; n++)
    for (let p = 0; p < HW; p++)
      for (let c = 0; c < C; c++) {
        store<f32>(dx + (<usize>((n * HW + p) * C + c) << 2), <f32>(<f64>load<f32>(dy + (<usize>(n * C + c) << 2)) / <f64>HW));
      }
}
