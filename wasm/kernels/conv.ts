// Convolution and matrix-multiply kernels over NHWC activations, SIMD across filters (4 per v128 lane group).
// One forward kernel serves conv2d forward, conv2d backward-input (on the placed output gradient with flipped,
// transposed weights) and the three dense products (a dense layer is a 1x1 convolution of a 1x1 image).
//
// convForward: y[m, g·Fg + j] = bias + Σ_{kh,kw,ci} x[base(m) + (kh·DH·xW + kw·DW)·C + g·Cg + ci] · w[g][(kh·KW + kw)·Cg + ci][j]
//   with base(m) the top-left input of output pixel m = (n, oy, ox) in an input already padded (no bounds checks).
//   Register tile: 4 output pixels x 8 filters (8 v128 accumulators); a thread owns a range of pixel blocks.
// convWeightGrad: dw[r, g·Fg + j] = Σ_m x[base(m) + tap(r)] · dy[m, g·Fg + j], r = (kh·KW + kw)·Cg + ci.
//   Register tile: 4 rows r x 8 filters; a thread owns whole tiles (the same sums in the same order at any thread count).

import { argI, argP, madd, partStart, storeLanes } from './common';

/** Stores the accumulators of one pixel: `lanes` (1..8) filters at y. */
@inline function storePixel(y: usize, lo: v128, hi: v128, lanes: i32): void {
  storeLanes(y, lo, lanes);
  if (lanes > 4) storeLanes(y + 16, hi, lanes - 4);
}

/** 4 pixels (input corners x0..x3, outputs y + i·yStride, the first `pixels` stored) x 8 filters. */
function tile8(
  x0: usize, x1: usize, x2: usize, x3: usize, w: usize, wStride: usize,
  KH: i32, KW: i32, Cg: i32, rowStep: usize, colStep: usize,
  b0: v128, b1: v128, relu: i32, y: usize, yStride: usize, pixels: i32, lanes: i32,
): void {
  let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
  let wp = w;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const off = <usize>kh * rowStep + <usize>kw * colStep;
      let q0 = x0 + off, q1 = x1 + off, q2 = x2 + off, q3 = x3 + off;
      for (let c = 0; c < Cg; c++) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        let s = f32x4.splat(load<f32>(q0));
        a00 = madd(s, w0, a00);
        a01 = madd(s, w1, a01);
        s = f32x4.splat(load<f32>(q1));
        a10 = madd(s, w0, a10);
        a11 = madd(s, w1, a11);
        s = f32x4.splat(load<f32>(q2));
        a20 = madd(s, w0, a20);
        a21 = madd(s, w1, a21);
        s = f32x4.splat(load<f32>(q3));
        a30 = madd(s, w0, a30);
        a31 = madd(s, w1, a31);
        q0 += 4; q1 += 4; q2 += 4; q3 += 4;
        wp += wStride;
      }
    }
  }
  if (relu) {
    const z = f32x4.splat(0);
    a00 = v128.and(a00, f32x4.gt(a00, z)); a01 = v128.and(a01, f32x4.gt(a01, z));
    a10 = v128.and(a10, f32x4.gt(a10, z)); a11 = v128.and(a11, f32x4.gt(a11, z));
    a20 = v128.and(a20, f32x4.gt(a20, z)); a21 = v128.and(a21, f32x4.gt(a21, z));
    a30 = v128.and(a30, f32x4.gt(a30, z)); a31 = v128.and(a31, f32x4.gt(a31, z));
  }
  storePixel(y, a00, a01, lanes);
  if (pixels > 1) storePixel(y + yStride, a10, a11, lanes);
  if (pixels > 2) storePixel(y + 2 * yStride, a20, a21, lanes);
  if (pixels > 3) storePixel(y + 3 * yStride, a30, a31, lanes);
}

/** tile8 with 4 filters (the last block when the filter count is 4 more than a multiple of 8). */
function tile4(
  x0: usize, x1: usize, x2: usize, x3: usize, w: usize, wStride: usize,
  KH: i32, KW: i32, Cg: i32, rowStep: usize, colStep: usize,
  b0: v128, relu: i32, y: usize, yStride: usize, pixels: i32, lanes: i32,
): void {
  let a0 = b0, a1 = b0, a2 = b0, a3 = b0;
  let wp = w;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const off = <usize>kh * rowStep + <usize>kw * colStep;
      let q0 = x0 + off, q1 = x1 + off, q2 = x2 + off, q3 = x3 + off;
      for (let c = 0; c < Cg; c++) {
        const w0 = v128.load(wp);
        a0 = madd(f32x4.splat(load<f32>(q0)), w0, a0);
        a1 = madd(f32x4.splat(load<f32>(q1)), w0, a1);
        a2 = madd(f32x4.splat(load<f32>(q2)), w0, a2);
        a3 = madd(f32x4.splat(load<f32>(q3)), w0, a3);
        q0 += 4; q1 += 4; q2 += 4; q3 += 4;
        wp += wStride;
      }
    }
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = v128.and(a0, f32x4.gt(a0, z)); a1 = v128.and(a1, f32x4.gt(a1, z));
    a2 = v128.and(a2, f32x4.gt(a2, z)); a3 = v128.and(a3, f32x4.gt(a3, z));
  }
  storeLanes(y, a0, lanes);
  if (pixels > 1) storeLanes(y + yStride, a1, lanes);
  if (pixels > 2) storeLanes(y + 2 * yStride, a2, lanes);
  if (pixels > 3) storeLanes(y + 3 * yStride, a3, lanes);
}

/**
 * Arguments: 0 x, 1 xH, 2 xW, 3 C, 4 y, 5 OH, 6 OW, 7 F, 8 w ([G][KH·KW·Cg][Fp]), 9 bias (0: none), 10 KH, 11 KW,
 * 12 SH, 13 SW, 14 DH, 15 DW, 16 Cg, 17 Fg, 18 G, 19 Fp, 20 batch, 21 relu (fused ReLU when 1).
 */
export function convForward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), xH = argI(args, 1), xW = argI(args, 2), C = argI(args, 3);
  const y = argP(args, 4), OH = argI(args, 5), OW = argI(args, 6), F = argI(args, 7);
  const w = argP(args, 8), bias = argP(args, 9), KH = argI(args, 10), KW = argI(args, 11);
  const SH = argI(args, 12), SW = argI(args, 13), DH = argI(args, 14), DW = argI(args, 15);
  const Cg = argI(args, 16), Fg = argI(args, 17), G = argI(args, 18), Fp = argI(args, 19), batch = argI(args, 20), relu = argI(args, 21);
  const plane = OH * OW;
  const M = batch * plane;
  const blocks = (M + 3) >> 2;
  const b0 = partStart(blocks, part, parts), b1 = partStart(blocks, part + 1, parts);
  const rowStep = <usize>(DH * xW * C) << 2, colStep = <usize>(DW * C) << 2;
  const wStride = <usize>Fp << 2;
  const K = KH * KW * Cg;
  const yStride = <usize>F << 2;
  const zero = f32x4.splat(0);
  for (let blk = b0; blk < b1; blk++) {
    const m0 = blk << 2;
    const pixels = min(4, M - m0);
    // Input corners of the block's pixels (a missing pixel repeats the first: read, never stored).
    let c0: usize = 0, c1: usize = 0, c2: usize = 0, c3: usize = 0;
    for (let i = 0; i < 4; i++) {
      const m = i < pixels ? m0 + i : m0;
      const n = m / plane, r = m % plane;
      const oy = r / OW, ox = r % OW;
      const corner = x + ((<usize>((n * xH + oy * SH) * xW + ox * SW) * <usize>C) << 2);
      if (i == 0) c0 = corner;
      else if (i == 1) c1 = corner;
      else if (i == 2) c2 = corner;
      else c3 = corner;
    }
    for (let g = 0; g < G; g++) {
      const gx = <usize>(g * Cg) << 2;
      const wg = w + ((<usize>g * <usize>K * <usize>Fp) << 2);
      let fb = 0;
      for (; fb + 8 <= Fp; fb += 8) {
        const f0 = g * Fg + fb;
        const bb0 = bias ? v128.load(bias + (<usize>f0 << 2)) : zero;
        const bb1 = bias ? v128.load(bias + (<usize>f0 << 2), 16) : zero;
        tile8(c0 + gx, c1 + gx, c2 + gx, c3 + gx, wg + (<usize>fb << 2), wStride, KH, KW, Cg, rowStep, colStep,
          bb0, bb1, relu, y + ((<usize>m0 * <usize>F + <usize>f0) << 2), yStride, pixels, min(8, Fg - fb));
      }
      if (fb < Fp) {
        const f0 = g * Fg + fb;
        const bb0 = bias ? v128.load(bias + (<usize>f0 << 2)) : zero;
        tile4(c0 + gx, c1 + gx, c2 + gx, c3 + gx, wg + (<usize>fb << 2), wStride, KH, KW, Cg, rowStep, colStep,
          bb0, relu, y + ((<usize>m0 * <usize>F + <usize>f0) << 2), yStride, pixels, min(4, Fg - fb));
      }
    }
  }
}

/**
 * Arguments: 0 x (padded), 1 xH, 2 xW, 3 C, 4 dy, 5 OH, 6 OW, 7 F, 8 dw ([KH·KW·Cg, F]), 9 KH, 10 KW, 11 SH, 12 SW,
 * 13 DH, 14 DW, 15 Cg, 16 Fg, 17 G, 18 batch.
 */
export function convWeightGrad(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), xH = argI(args, 1), xW = argI(args, 2), C = argI(args, 3);
  const dy = argP(args, 4), OH = argI(args, 5), OW = argI(args, 6), F = argI(args, 7);
  const dw = argP(args, 8), KH = argI(args, 9), KW = argI(args, 10), SH = argI(args, 11), SW = argI(args, 12);
  const DH = argI(args, 13), DW = argI(args, 14), Cg = argI(args, 15), Fg = argI(args, 16), G = argI(args, 17), batch = argI(args, 18);
  const K = KH * KW * Cg;
  const rowBlocks = (K + 3) >> 2, colBlocks = (Fg + 7) >> 3;
  const tiles = G * rowBlocks * colBlocks;
  const t0 = partStart(tiles, part, parts), t1 = partStart(tiles, part + 1, parts);
  const colStride = <usize>(SW * C) << 2;
  const dyStride = <usize>F << 2;
  for (let t = t0; t < t1; t++) {
    const g = t / (rowBlocks * colBlocks);
    const rest = t % (rowBlocks * colBlocks);
    const r0 = (rest / colBlocks) << 2;
    const j0 = (rest % colBlocks) << 3;
    const rows = min(4, K - r0);
    const lanes = min(8, Fg - j0);
    // Byte offsets of the 4 rows' taps from a pixel's corner (a missing row repeats the first).
    let o0: usize = 0, o1: usize = 0, o2: usize = 0, o3: usize = 0;
    for (let i = 0; i < 4; i++) {
      const r = i < rows ? r0 + i : r0;
      const kh = r / (KW * Cg), rem = r % (KW * Cg);
      const kw = rem / Cg, ci = rem % Cg;
      const off = <usize>((kh * DH * xW + kw * DW) * C + g * Cg + ci) << 2;
      if (i == 0) o0 = off;
      else if (i == 1) o1 = off;
      else if (i == 2) o2 = off;
      else o3 = off;
    }
    let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    let dp = dy + (<usize>(g * Fg + j0) << 2);
    for (let n = 0; n < batch; n++) {
      for (let oy = 0; oy < OH; oy++) {
        let xp = x + (<usize>((n * xH + oy * SH) * xW) * <usize>C << 2);
        for (let ox = 0; ox < OW; ox++) {
          const d0 = v128.load(dp);
          const d1 = v128.load(dp, 16);
          let s = f32x4.splat(load<f32>(xp + o0));
          a00 = madd(s, d0, a00);
          a01 = madd(s, d1, a01);
          s = f32x4.splat(load<f32>(xp + o1));
          a10 = madd(s, d0, a10);
          a11 = madd(s, d1, a11);
          s = f32x4.splat(load<f32>(xp + o2));
          a20 = madd(s, d0, a20);
          a21 = madd(s, d1, a21);
          s = f32x4.splat(load<f32>(xp + o3));
          a30 = madd(s, d0, a30);
          a31 = madd(s, d1, a31);
          xp += colStride;
          dp += dyStride;
        }
      }
    }
    const out = dw + ((<usize>r0 * <usize>F + <usize>(g * Fg + j0)) << 2);
    storePixel(out, a00, a01, lanes);
    if (rows > 1) storePixel(out + dyStride, a10, a11, lanes);
    if (rows > 2) storePixel(out + 2 * dyStride, a20, a21, lanes);
    if (rows > 3) storePixel(out + 3 * dyStride, a30, a31, lanes);
  }
}

/** Arguments: 0 dy [M, F], 1 M, 2 F, 3 db [F]. Column blocks of 4 per thread, summed in float64. */
export function biasGrad(args: usize, part: i32, parts: i32): void {
  const dy = argP(args, 0), M = argI(args, 1), F = argI(args, 2), db = argP(args, 3);
  const blocks = (F + 3) >> 2;
  const b0 = partStart(blocks, part, parts), b1 = partStart(blocks, part + 1, parts);
  const stride = <usize>F << 2;
  for (let b = b0; b < b1; b++) {
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    let p = dy + (<usize>(b << 2) << 2);
    for (let m = 0; m < M; m++) {
      const v = v128.load(p);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      p += stride;
    }
    const sum = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    storeLanes(db + (<usize>(b << 2) << 2), sum, min(4, F - (b << 2)));
  }
}

/**
 * Copies src [batch, H, W, C] into a zeroed dst [batch, Hd, Wd, C] at row top + iy·SY, column left + ix·SX
 * (positions outside dst are dropped): zero padding for the forward pass, stride dilation and padding of the
 * output gradient for the backward-input pass. Arguments: 0 src, 1 H, 2 W, 3 C, 4 dst, 5 Hd, 6 Wd, 7 top,
 * 8 left, 9 SY, 10 SX, 11 batch. A thread owns whole examples.
 */
export function place(args: usize, part: i32, parts: i32): void {
  const src = argP(args, 0), H = argI(args, 1), W = argI(args, 2), C = argI(args, 3);
  const dst = argP(args, 4), Hd = argI(args, 5), Wd = argI(args, 6), top = argI(args, 7), left = argI(args, 8);
  const SY = argI(args, 9), SX = argI(args, 10), batch = argI(args, 11);
  const n0 = partStart(batch, part, parts), n1 = partStart(batch, part + 1, parts);
  const pixelBytes = <usize>C << 2;
  for (let n = n0; n < n1; n++) {
    const d = dst + <usize>(n * Hd * Wd) * pixelBytes;
    memory.fill(d, 0, <usize>(Hd * Wd) * pixelBytes);
    for (let iy = 0; iy < H; iy++) {
      const ty = top + iy * SY;
      if (ty < 0 || ty >= Hd) continue;
      for (let ix = 0; ix < W; ix++) {
        const tx = left + ix * SX;
        if (tx < 0 || tx >= Wd) continue;
        const from = src + <usize>((n * H + iy) * W + ix) * pixelBytes;
        const to = d + <usize>(ty * Wd + tx) * pixelBytes;
        if (C == 1) store<f32>(to, load<f32>(from));
        else memory.copy(to, from, pixelBytes);
      }
    }
  }
}

/**
 * Forward weights w [K, F] (K = KH·KW·Cg) into [G][K][Fp], group g's filters zero-padded to Fp (a multiple of 4).
 * Arguments: 0 w, 1 K, 2 F, 3 Fg, 4 G, 5 Fp, 6 out. A thread owns a range of rows.
 */
export function packForward(args: usize, part: i32, parts: i32): void {
  const w = argP(args, 0), K = argI(args, 1), F = argI(args, 2), Fg = argI(args, 3), G = argI(args, 4), Fp = argI(args, 5), out = argP(args, 6);
  const k0 = partStart(K, part, parts), k1 = partStart(K, part + 1, parts);
  for (let g = 0; g < G; g++)
    for (let k = k0; k < k1; k++) {
      const o = out + (<usize>((g * K + k) * Fp) << 2);
      for (let j = 0; j < Fp; j++) store<f32>(o + (<usize>j << 2), j < Fg ? load<f32>(w + (<usize>(k * F + g * Fg + j) << 2)) : 0);
    }
}

/**
 * The backward-input weights: out[g][(ky, kx, j)][ci] = w[KH-1-ky, KW-1-kx, ci, g·Fg + j] (flipped, filters and
 * channels swapped), channels zero-padded to Cp. Arguments: 0 w, 1 KH, 2 KW, 3 Cg, 4 F, 5 Fg, 6 G, 7 Cp, 8 out.
 */
export function packBackward(args: usize, part: i32, parts: i32): void {
  const w = argP(args, 0), KH = argI(args, 1), KW = argI(args, 2), Cg = argI(args, 3), F = argI(args, 4);
  const Fg = argI(args, 5), G = argI(args, 6), Cp = argI(args, 7), out = argP(args, 8);
  const rows = KH * KW * Fg;
  const r0 = partStart(rows, part, parts), r1 = partStart(rows, part + 1, parts);
  for (let g = 0; g < G; g++)
    for (let r = r0; r < r1; r++) {
      const tap = r / Fg, j = r % Fg;
      const ky = tap / KW, kx = tap % KW;
      const srcTap = (KH - 1 - ky) * KW + (KW - 1 - kx);
      const o = out + (<usize>((g * rows + r) * Cp) << 2);
      for (let ci = 0; ci < Cp; ci++) {
        store<f32>(o + (<usize>ci << 2), ci < Cg ? load<f32>(w + (<usize>((srcTap * Cg + ci) * F + g * Fg + j) << 2)) : 0);
      }
    }
}
