// conv2d_backward_input.wgsl: dx = ∂L/∂x from dy = ∂L/∂y (the transposed convolution), NHWC, as
// src/model/reference/conv2d.ts, for input channel c = g·Cg + ci:
//   dx[n,iy,ix,c] = Σ_{ky,kx} Σ_{f in group g} dy[n,oy,ox,f] · w[ky,kx,ci,f]
//                   over the taps with oy = (iy + PH - ky·DH) / SH and ox = (ix + PW - kx·DW) / SW whole and in range.
// Every dx element is written (0 where no tap reaches it).
//
// Bindings (group 0):
//   0  params     : uniform Params
//   1  dy / dy4   : storage read  array<f32> | array<vec4f>   [N,OH,OW,F]
//   2  w / w4     : storage read  array<f32> | array<vec4f>   [KH,KW,Cg,F]
//   3  dx         : storage rw    array<f32>                  [N,H,W,C]
// Each entry point statically uses only one alias of each binding.
//
// Each invocation owns 8 input pixels of one row that share their column phase (ix = r + SW·k, k = 8·kb .. 8·kb+7)
// x 4 consecutive channels. Sharing the phase makes the set of contributing taps (ky, kx) the same for all 8 pixels,
// so only the taps that reach the block are visited (see Plan) and the 8 pixels read 8 consecutive dy pixels; only the
// range test of ox is per pixel (a clamped index and a 0/1 factor, no branch in the loop).
// Entry points (the host picks one):
//   main_vec4  Fg % 4 == 0 and the 4 channels share a group (groups == 1 or Cg % 4 == 0): dy[...,f..f+3] and
//              w[ky,kx,ci,f..f+3] read as vec4, 4 filters per inner step
//   main       any shape; the override SAME_GROUP says whether the 4 channels share a group (one dy value serves all 4)
//   main_vec4_c8  as main_vec4 with 8 channels per invocation when they share a group (Fg % 4 == 0, and Cg % 8 == 0
//              or groups == 1; channels past C clamped): each dy vec4 feeds 8 channels, the 8x8 blocking of the best
//              matmul
//   main_vec4_c16  as main_vec4_c8 with 16 channels (Cg % 16 == 0, or groups == 1)
//   main_vec4_c32  as main_vec4_c8 with 32 channels (Cg % 32 == 0, or groups == 1)
//   main_row3_c16  KW = 3 at stride 1 (see the entry point): 16 channels, one kernel row of three taps per step
//   main_row3p16_c8  as main_row3_c16 with 16 pixels x 8 channels (W % 16 == 0): fewer loads per product
//   main_row5_c8  KW = 5 at stride 1 (see the entry point): 8 channels, one kernel row of five taps per step
//   main_row5_c6  as main_row5_c8 with 6 channels (C % 6 == 0)
// Channels past C are clamped to C-1 for loads and never stored.
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535 workgroups
// over y); lanes = ceil(C/4) (ceil(C/8), ceil(C/16), ceil(C/32) in main_vec4_c8, _c16, _c32), phases = min(SW, W), blocks = ceil(ceil(W/SW)/8);
// i < count = N·H·phases·blocks·lanes, decomposed (fastest first) as lane, kb, r, then the input row n·H + iy.

struct Params {
  /** N·H·phases·blocks·lanes: the invocations that do work. */
  count: u32,
  /** Channel quads ceil(C/4). */
  lanes: u32,
  /** Blocks of 8 pixels per row and phase: ceil(ceil(W/SW)/8). */
  blocks: u32,
  /** Column phases per row: min(SW, W). */
  phases: u32,
  H: u32,
  W: u32,
  C: u32,
  OH: u32,
  OW: u32,
  F: u32,
  KH: u32,
  KW: u32,
  SH: u32,
  SW: u32,
  PH: u32,
  PW: u32,
  DH: u32,
  DW: u32,
  Cg: u32,
  Fg: u32,
  /** Tap periods SH / gcd(SH, DH) and SW / gcd(SW, DW) (see Plan). */
  KYS: u32,
  KXS: u32,
}

override WG: u32 = 64u;
// main only: the 4 channels of a block lie in one group (groups == 1 or Cg % 4 == 0).
override SAME_GROUP: bool = true;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

/** Where one invocation's block sits. */
struct Block {
  /** n·H + iy: the input row; n·OH is derived from it. */
  row: u32,
  n: u32,
  iy: u32,
  /** Column phase r and the first k: pixel j has ix = r + SW·(k0 + j). */
  r: u32,
  k0: u32,
  /** First channel c0 = width·lane. */
  c0: u32,
}

/** The dy pixel index (·F gives the element) of each of 4 pixels for one tap, clamped to 0 when out of range, and 0/1. */
struct Taps {
  idx: vec4<u32>,
  m: vec4<f32>,
}

/** The invocation's block; `width` channels per invocation (4, 8 or 16). */
fn block(gid: vec3<u32>, nwg: vec3<u32>, width: u32) -> Block {
  let i = gid.x + gid.y * nwg.x * WG;
  let lane = i % params.lanes;
  let t = i / params.lanes;
  let kb = t % params.blocks;
  let t2 = t / params.blocks;
  let r = t2 % params.phases;
  let row = t2 / params.phases;
  return Block(row, row / params.H, row % params.H, r, kb * 8u, lane * width);
}

/**
 * The taps that reach one block, as a flat range over (a, b): tap ky = ky0 + a·KYS for a in [aLo, aHi) reaches output
 * row oy = oy0 - a·(KYS·DH/SH); tap kx = kx0 + b·KXS for b in [0, nB) reaches ox = ox0 - b·(KXS·DW/SW) + j for
 * pixel j. KYS = SH / gcd(SH, DH) is the period of the taps whose (iy + PH - ky·DH) is a multiple of SH, so only those
 * taps are visited: no loop iteration is spent on a tap that misses the block's rows or column phase.
 */
struct Plan {
  ky0: u32,
  aLo: u32,
  aHi: u32,
  oy0: i32,
  kx0: u32,
  nB: u32,
  ox0: i32,
  /** Output rows and columns between visited taps: KYS·DH/SH and KXS·DW/SW (exact), divided once here, not per step. */
  dOy: i32,
  dOx: i32,
}

/** The first k in [0, min(S, K)) with (base - k·D) a multiple of S, or K when there is none. */
fn firstTap(base: i32, S: u32, K: u32, D: u32) -> u32 {
  for (var k = 0u; k < min(S, K); k++) {
    if ((base - i32(k * D)) % i32(S) == 0) {
      return k;
    }
  }
  return K;
}

fn plan(b: Block) -> Plan {
  var p: Plan;
  let ty = i32(b.iy + params.PH);
  p.ky0 = firstTap(ty, params.SH, params.KH, params.DH);
  let dOy = i32(params.KYS * params.DH / params.SH);
  p.dOy = dOy;
  p.dOx = i32(params.KXS * params.DW / params.SW);
  p.oy0 = (ty - i32(p.ky0 * params.DH)) / i32(params.SH);
  p.aLo = 0u;
  p.aHi = 0u;
  if (p.ky0 < params.KH && p.oy0 >= 0) {
    // oy0 - a·dOy must fall in [0, OH) and ky0 + a·KYS in [0, KH).
    let over = p.oy0 - i32(params.OH) + 1;
    p.aLo = u32(select(0, (over + dOy - 1) / dOy, over > 0));
    p.aHi = min((params.KH - p.ky0 + params.KYS - 1u) / params.KYS, u32(p.oy0 / dOy) + 1u);
  }
  let tx = i32(b.r + params.PW);
  p.kx0 = firstTap(tx, params.SW, params.KW, params.DW);
  p.nB = select(0u, (params.KW - p.kx0 + params.KXS - 1u) / params.KXS, p.kx0 < params.KW);
  // Exact division (tx - kx0·DW is a multiple of SW), so truncation is right for negative values too.
  p.ox0 = (tx - i32(p.kx0 * params.DW)) / i32(params.SW) + i32(b.k0);
  return p;
}

/** Where the flat loop over (a, b, f) stands. */
struct Cursor {
  a: u32,
  b: u32,
  f: u32,
}

/**
 * The next step: f counts to `steps`, then b to nB, then a. One flat loop instead of three nested ones: on SwiftShader
 * every loop entry and exit merges all the accumulators, which costs more than this index math.
 */
fn advance(p: Plan, at: Cursor, steps: u32) -> Cursor {
  let f = at.f + 1u;
  let nextTap = f == steps;
  let b = at.b + select(0u, 1u, nextTap);
  let nextRow = b == p.nB;
  return Cursor(at.a + select(0u, 1u, nextRow), select(b, 0u, nextRow), select(f, 0u, nextTap));
}

/** Tap index ky·KW + kx, dy row base (n·OH + oy)·OW and the block's first ox at the cursor. */
fn tapAt(p: Plan, bl: Block, at: Cursor) -> vec3<i32> {
  let ky = p.ky0 + at.a * params.KYS;
  let kx = p.kx0 + at.b * params.KXS;
  let oy = p.oy0 - i32(at.a) * p.dOy;
  let ox = p.ox0 - i32(at.b) * p.dOx;
  return vec3<i32>(i32(ky * params.KW + kx), (i32(bl.n * params.OH) + oy) * i32(params.OW), ox);
}

fn taps(t: vec3<i32>, j0: u32) -> Taps {
  let ox = vec4<i32>(t.z + i32(j0)) + vec4<i32>(0, 1, 2, 3);
  let ok = bitcast<vec4<u32>>(ox) < vec4<u32>(params.OW);
  return Taps(select(vec4<u32>(0u), bitcast<vec4<u32>>(vec4<i32>(t.y) + ox), ok), select(vec4<f32>(0.0), vec4<f32>(1.0), ok));
}

fn store(b: Block, j: u32, v: vec4<f32>) {
  let ix = b.r + params.SW * (b.k0 + j);
  if (ix < params.W) {
    let base = (b.row * params.W + ix) * params.C + b.c0;
    for (var c = 0u; c < 4u; c++) {
      if (b.c0 + c < params.C) {
        dx[base + c] = v[c];
      }
    }
  }
}

fn storeAll(b: Block, a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32>, a4: vec4<f32>, a5: vec4<f32>, a6: vec4<f32>, a7: vec4<f32>) {
  store(b, 0u, a0);
  store(b, 1u, a1);
  store(b, 2u, a2);
  store(b, 3u, a3);
  store(b, 4u, a4);
  store(b, 5u, a5);
  store(b, 6u, a6);
  store(b, 7u, a7);
}

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 4u);
  let F4 = params.F / 4u;
  let Fg4 = params.Fg / 4u;
  let cj = min(vec4<u32>(b.c0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.C - 1u));
  let g = cj.x / params.Cg;
  let ci = cj - vec4<u32>(g * params.Cg);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  let p = plan(b);
  var at = Cursor(p.aLo, 0u, 0u);
  let total = (p.aHi - min(p.aLo, p.aHi)) * p.nB * Fg4;
  for (var k = 0u; k < total; k++) {
    let t = tapAt(p, b, at);
    let ta = taps(t, 0u);
    let tb = taps(t, 4u);
    // In vec4 units: dy pixel q's group slice starts at q·F4 + g·Fg4; w row (tap, ci) at (tap·Cg + ci)·F4 + g·Fg4.
    let gf = g * Fg4 + at.f;
    let da = ta.idx * F4 + gf;
    let db = tb.idx * F4 + gf;
    let wj = (vec4<u32>(u32(t.x) * params.Cg) + ci) * F4 + gf;
    // (d * m)[j] = dot(d, w row of channel j): the columns of m are the 4 channels' weights for filters f..f+3.
    let m = mat4x4<f32>(w4[wj.x], w4[wj.y], w4[wj.z], w4[wj.w]);
    acc0 += (dy4[da.x] * ta.m.x) * m;
    acc1 += (dy4[da.y] * ta.m.y) * m;
    acc2 += (dy4[da.z] * ta.m.z) * m;
    acc3 += (dy4[da.w] * ta.m.w) * m;
    acc4 += (dy4[db.x] * tb.m.x) * m;
    acc5 += (dy4[db.y] * tb.m.y) * m;
    acc6 += (dy4[db.z] * tb.m.z) * m;
    acc7 += (dy4[db.w] * tb.m.w) * m;
    at = advance(p, at, Fg4);
  }
  storeAll(b, acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7);
}

/** dy at element i plus each channel's group offset, times the range factor m: one value per channel. */
fn dyFor(i: u32, m: f32, gj: vec4<u32>) -> vec4<f32> {
  if (SAME_GROUP) {
    return vec4<f32>(dy[i + gj.x] * m);
  }
  return vec4<f32>(dy[i + gj.x], dy[i + gj.y], dy[i + gj.z], dy[i + gj.w]) * m;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 4u);
  let F = params.F;
  let cj = min(vec4<u32>(b.c0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.C - 1u));
  let g = cj / params.Cg;
  let ci = cj - g * params.Cg;
  // First filter of each channel's group.
  let gf = g * params.Fg;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  let p = plan(b);
  var at = Cursor(p.aLo, 0u, 0u);
  let total = (p.aHi - min(p.aLo, p.aHi)) * p.nB * params.Fg;
  for (var k = 0u; k < total; k++) {
    let t = tapAt(p, b, at);
    let ta = taps(t, 0u);
    let tb = taps(t, 4u);
    let da = ta.idx * F + at.f;
    let db = tb.idx * F + at.f;
    let wj = (vec4<u32>(u32(t.x) * params.Cg) + ci) * F + gf + at.f;
    let wv = vec4<f32>(w[wj.x], w[wj.y], w[wj.z], w[wj.w]);
    acc0 += dyFor(da.x, ta.m.x, gf) * wv;
    acc1 += dyFor(da.y, ta.m.y, gf) * wv;
    acc2 += dyFor(da.z, ta.m.z, gf) * wv;
    acc3 += dyFor(da.w, ta.m.w, gf) * wv;
    acc4 += dyFor(db.x, tb.m.x, gf) * wv;
    acc5 += dyFor(db.y, tb.m.y, gf) * wv;
    acc6 += dyFor(db.z, tb.m.z, gf) * wv;
    acc7 += dyFor(db.w, tb.m.w, gf) * wv;
    at = advance(p, at, params.Fg);
  }
  storeAll(b, acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7);
}

/**
 * main_vec4 with 8 channels: per step 8 dy vec4 loads (4 filters of 8 pixels) and 8 w vec4 loads (the 8 channels'
 * rows) feed 256 FMAs instead of 12 loads per 128.
 */
@compute @workgroup_size(WG)
fn main_vec4_c8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 8u);
  let F4 = params.F / 4u;
  let Fg4 = params.Fg / 4u;
  // The 8 channels share group g (see the entry point's condition).
  let g = b.c0 / params.Cg;
  let ci0 = b.c0 - g * params.Cg;
  // Offsets (in vec4s) of the 8 channels' w rows from row ci0; past Cg - 1 (only when groups == 1) the last row.
  let lastRow = vec4<u32>(params.Cg - 1u - ci0);
  let ra = min(vec4<u32>(0u, 1u, 2u, 3u), lastRow) * F4;
  let rb = min(vec4<u32>(4u, 5u, 6u, 7u), lastRow) * F4;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  let p = plan(b);
  var at = Cursor(p.aLo, 0u, 0u);
  let total = (p.aHi - min(p.aLo, p.aHi)) * p.nB * Fg4;
  for (var k = 0u; k < total; k++) {
    let t = tapAt(p, b, at);
    let ta = taps(t, 0u);
    let tb = taps(t, 4u);
    let gf = g * Fg4 + at.f;
    let da = ta.idx * F4 + gf;
    let db = tb.idx * F4 + gf;
    // w row (tap, ci0 + j) at w0 + j·F4 (rows past Cg clamped).
    let w0 = (u32(t.x) * params.Cg + ci0) * F4 + gf;
    let m = mat4x4<f32>(w4[w0 + ra.x], w4[w0 + ra.y], w4[w0 + ra.z], w4[w0 + ra.w]);
    let n = mat4x4<f32>(w4[w0 + rb.x], w4[w0 + rb.y], w4[w0 + rb.z], w4[w0 + rb.w]);
    let v0 = dy4[da.x] * ta.m.x;
    let v1 = dy4[da.y] * ta.m.y;
    let v2 = dy4[da.z] * ta.m.z;
    let v3 = dy4[da.w] * ta.m.w;
    let v4 = dy4[db.x] * tb.m.x;
    let v5 = dy4[db.y] * tb.m.y;
    let v6 = dy4[db.z] * tb.m.z;
    let v7 = dy4[db.w] * tb.m.w;
    l0 += v0 * m; h0 += v0 * n;
    l1 += v1 * m; h1 += v1 * n;
    l2 += v2 * m; h2 += v2 * n;
    l3 += v3 * m; h3 += v3 * n;
    l4 += v4 * m; h4 += v4 * n;
    l5 += v5 * m; h5 += v5 * n;
    l6 += v6 * m; h6 += v6 * n;
    l7 += v7 * m; h7 += v7 * n;
    at = advance(p, at, Fg4);
  }
  storeAll(b, l0, l1, l2, l3, l4, l5, l6, l7);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u), h0, h1, h2, h3, h4, h5, h6, h7);
}

/**
 * main_vec4_c8 with 16 channels (Cg % 16 == 0, or groups == 1 with channels past C clamped): each dy vec4 feeds 16
 * channels, and the taps are worked out once per 16 channels.
 */
@compute @workgroup_size(WG)
fn main_vec4_c16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 16u);
  let F4 = params.F / 4u;
  let Fg4 = params.Fg / 4u;
  let g = b.c0 / params.Cg;
  let ci0 = b.c0 - g * params.Cg;
  let lastRow = vec4<u32>(params.Cg - 1u - ci0);
  let r0 = min(vec4<u32>(0u, 1u, 2u, 3u), lastRow) * F4;
  let r1 = min(vec4<u32>(4u, 5u, 6u, 7u), lastRow) * F4;
  let r2 = min(vec4<u32>(8u, 9u, 10u, 11u), lastRow) * F4;
  let r3 = min(vec4<u32>(12u, 13u, 14u, 15u), lastRow) * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  let p = plan(b);
  var at = Cursor(p.aLo, 0u, 0u);
  let total = (p.aHi - min(p.aLo, p.aHi)) * p.nB * Fg4;
  for (var k = 0u; k < total; k++) {
    let t = tapAt(p, b, at);
    let ta = taps(t, 0u);
    let tb = taps(t, 4u);
    let gf = g * Fg4 + at.f;
    let da = ta.idx * F4 + gf;
    let db = tb.idx * F4 + gf;
    let w0 = (u32(t.x) * params.Cg + ci0) * F4 + gf;
    let m0 = mat4x4<f32>(w4[w0 + r0.x], w4[w0 + r0.y], w4[w0 + r0.z], w4[w0 + r0.w]);
    let m1 = mat4x4<f32>(w4[w0 + r1.x], w4[w0 + r1.y], w4[w0 + r1.z], w4[w0 + r1.w]);
    let m2 = mat4x4<f32>(w4[w0 + r2.x], w4[w0 + r2.y], w4[w0 + r2.z], w4[w0 + r2.w]);
    let m3 = mat4x4<f32>(w4[w0 + r3.x], w4[w0 + r3.y], w4[w0 + r3.z], w4[w0 + r3.w]);
    let v0 = dy4[da.x] * ta.m.x;
    let v1 = dy4[da.y] * ta.m.y;
    let v2 = dy4[da.z] * ta.m.z;
    let v3 = dy4[da.w] * ta.m.w;
    let v4 = dy4[db.x] * tb.m.x;
    let v5 = dy4[db.y] * tb.m.y;
    let v6 = dy4[db.z] * tb.m.z;
    let v7 = dy4[db.w] * tb.m.w;
    a00 += v0 * m0; a01 += v0 * m1; a02 += v0 * m2; a03 += v0 * m3;
    a10 += v1 * m0; a11 += v1 * m1; a12 += v1 * m2; a13 += v1 * m3;
    a20 += v2 * m0; a21 += v2 * m1; a22 += v2 * m2; a23 += v2 * m3;
    a30 += v3 * m0; a31 += v3 * m1; a32 += v3 * m2; a33 += v3 * m3;
    a40 += v4 * m0; a41 += v4 * m1; a42 += v4 * m2; a43 += v4 * m3;
    a50 += v5 * m0; a51 += v5 * m1; a52 += v5 * m2; a53 += v5 * m3;
    a60 += v6 * m0; a61 += v6 * m1; a62 += v6 * m2; a63 += v6 * m3;
    a70 += v7 * m0; a71 += v7 * m1; a72 += v7 * m2; a73 += v7 * m3;
    at = advance(p, at, Fg4);
  }
  storeAll(b, a00, a10, a20, a30, a40, a50, a60, a70);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u), a01, a11, a21, a31, a41, a51, a61, a71);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 8u), a02, a12, a22, a32, a42, a52, a62, a72);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 12u), a03, a13, a23, a33, a43, a53, a63, a73);
}

/**
 * main_vec4_c16 with 32 channels (Cg % 32 == 0, or groups == 1 with channels past C clamped): per step 8 dy and 32 w
 * vec4 loads feed 64 products of 4x4, where main_vec4_c16 has 24 loads per 32. Not the forward roofline kernel.
 */
@compute @workgroup_size(WG)
fn main_vec4_c32(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 32u);
  let F4 = params.F / 4u;
  let Fg4 = params.Fg / 4u;
  let g = b.c0 / params.Cg;
  let ci0 = b.c0 - g * params.Cg;
  let lastRow = vec4<u32>(params.Cg - 1u - ci0);
  let r0 = min(vec4<u32>(0u, 1u, 2u, 3u), lastRow) * F4;
  let r1 = min(vec4<u32>(4u, 5u, 6u, 7u), lastRow) * F4;
  let r2 = min(vec4<u32>(8u, 9u, 10u, 11u), lastRow) * F4;
  let r3 = min(vec4<u32>(12u, 13u, 14u, 15u), lastRow) * F4;
  let r4 = min(vec4<u32>(16u, 17u, 18u, 19u), lastRow) * F4;
  let r5 = min(vec4<u32>(20u, 21u, 22u, 23u), lastRow) * F4;
  let r6 = min(vec4<u32>(24u, 25u, 26u, 27u), lastRow) * F4;
  let r7 = min(vec4<u32>(28u, 29u, 30u, 31u), lastRow) * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0); var a04 = vec4<f32>(0.0); var a05 = vec4<f32>(0.0); var a06 = vec4<f32>(0.0); var a07 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0); var a14 = vec4<f32>(0.0); var a15 = vec4<f32>(0.0); var a16 = vec4<f32>(0.0); var a17 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0); var a24 = vec4<f32>(0.0); var a25 = vec4<f32>(0.0); var a26 = vec4<f32>(0.0); var a27 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0); var a34 = vec4<f32>(0.0); var a35 = vec4<f32>(0.0); var a36 = vec4<f32>(0.0); var a37 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0); var a44 = vec4<f32>(0.0); var a45 = vec4<f32>(0.0); var a46 = vec4<f32>(0.0); var a47 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0); var a54 = vec4<f32>(0.0); var a55 = vec4<f32>(0.0); var a56 = vec4<f32>(0.0); var a57 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0); var a64 = vec4<f32>(0.0); var a65 = vec4<f32>(0.0); var a66 = vec4<f32>(0.0); var a67 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0); var a74 = vec4<f32>(0.0); var a75 = vec4<f32>(0.0); var a76 = vec4<f32>(0.0); var a77 = vec4<f32>(0.0);
  let p = plan(b);
  var at = Cursor(p.aLo, 0u, 0u);
  let total = (p.aHi - min(p.aLo, p.aHi)) * p.nB * Fg4;
  for (var k = 0u; k < total; k++) {
    let t = tapAt(p, b, at);
    let ta = taps(t, 0u);
    let tb = taps(t, 4u);
    let gf = g * Fg4 + at.f;
    let da = ta.idx * F4 + gf;
    let db = tb.idx * F4 + gf;
    let w0 = (u32(t.x) * params.Cg + ci0) * F4 + gf;
    let m0 = mat4x4<f32>(w4[w0 + r0.x], w4[w0 + r0.y], w4[w0 + r0.z], w4[w0 + r0.w]);
    let m1 = mat4x4<f32>(w4[w0 + r1.x], w4[w0 + r1.y], w4[w0 + r1.z], w4[w0 + r1.w]);
    let m2 = mat4x4<f32>(w4[w0 + r2.x], w4[w0 + r2.y], w4[w0 + r2.z], w4[w0 + r2.w]);
    let m3 = mat4x4<f32>(w4[w0 + r3.x], w4[w0 + r3.y], w4[w0 + r3.z], w4[w0 + r3.w]);
    let m4 = mat4x4<f32>(w4[w0 + r4.x], w4[w0 + r4.y], w4[w0 + r4.z], w4[w0 + r4.w]);
    let m5 = mat4x4<f32>(w4[w0 + r5.x], w4[w0 + r5.y], w4[w0 + r5.z], w4[w0 + r5.w]);
    let m6 = mat4x4<f32>(w4[w0 + r6.x], w4[w0 + r6.y], w4[w0 + r6.z], w4[w0 + r6.w]);
    let m7 = mat4x4<f32>(w4[w0 + r7.x], w4[w0 + r7.y], w4[w0 + r7.z], w4[w0 + r7.w]);
    let v0 = dy4[da.x] * ta.m.x;
    let v1 = dy4[da.y] * ta.m.y;
    let v2 = dy4[da.z] * ta.m.z;
    let v3 = dy4[da.w] * ta.m.w;
    let v4 = dy4[db.x] * tb.m.x;
    let v5 = dy4[db.y] * tb.m.y;
    let v6 = dy4[db.z] * tb.m.z;
    let v7 = dy4[db.w] * tb.m.w;
    a00 += v0 * m0; a01 += v0 * m1; a02 += v0 * m2; a03 += v0 * m3; a04 += v0 * m4; a05 += v0 * m5; a06 += v0 * m6; a07 += v0 * m7;
    a10 += v1 * m0; a11 += v1 * m1; a12 += v1 * m2; a13 += v1 * m3; a14 += v1 * m4; a15 += v1 * m5; a16 += v1 * m6; a17 += v1 * m7;
    a20 += v2 * m0; a21 += v2 * m1; a22 += v2 * m2; a23 += v2 * m3; a24 += v2 * m4; a25 += v2 * m5; a26 += v2 * m6; a27 += v2 * m7;
    a30 += v3 * m0; a31 += v3 * m1; a32 += v3 * m2; a33 += v3 * m3; a34 += v3 * m4; a35 += v3 * m5; a36 += v3 * m6; a37 += v3 * m7;
    a40 += v4 * m0; a41 += v4 * m1; a42 += v4 * m2; a43 += v4 * m3; a44 += v4 * m4; a45 += v4 * m5; a46 += v4 * m6; a47 += v4 * m7;
    a50 += v5 * m0; a51 += v5 * m1; a52 += v5 * m2; a53 += v5 * m3; a54 += v5 * m4; a55 += v5 * m5; a56 += v5 * m6; a57 += v5 * m7;
    a60 += v6 * m0; a61 += v6 * m1; a62 += v6 * m2; a63 += v6 * m3; a64 += v6 * m4; a65 += v6 * m5; a66 += v6 * m6; a67 += v6 * m7;
    a70 += v7 * m0; a71 += v7 * m1; a72 += v7 * m2; a73 += v7 * m3; a74 += v7 * m4; a75 += v7 * m5; a76 += v7 * m6; a77 += v7 * m7;
    at = advance(p, at, Fg4);
  }
  storeAll(b, a00, a10, a20, a30, a40, a50, a60, a70);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u), a01, a11, a21, a31, a41, a51, a61, a71);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 8u), a02, a12, a22, a32, a42, a52, a62, a72);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 12u), a03, a13, a23, a33, a43, a53, a63, a73);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 16u), a04, a14, a24, a34, a44, a54, a64, a74);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 20u), a05, a15, a25, a35, a45, a55, a65, a75);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 24u), a06, a16, a26, a36, a46, a56, a66, a76);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 28u), a07, a17, a27, a37, a47, a57, a67, a77);
}

/** A quad of input columns c (any may lie outside [0, limit), in the padding): clamped indices and 0/1 factors. */
struct ColumnQuad {
  idx: vec4<u32>,
  mask: vec4<f32>,
}

fn columnQuad(c: vec4<i32>, limit: u32) -> ColumnQuad {
  let ok = bitcast<vec4<u32>>(c) < vec4<u32>(limit);
  return ColumnQuad(select(vec4<u32>(0u), bitcast<vec4<u32>>(c), ok), select(vec4<f32>(0.0), vec4<f32>(1.0), ok));
}

/**
 * A 3-wide kernel row at stride 1 (KW = 3, SH = SW = DW = 1, groups == 1, F % 4 == 0, C % 16 == 0, W % 8 == 0), 16
 * channels: the 8 pixels of a block sit in one input row, so the three taps of a kernel row read 10 neighbouring dy
 * columns between them (pixel j, tap kx reads column ix0 + PW - kx + j). One loop step is one kernel row ky and one
 * filter quad: 10 dy vec4 loads (not 24) and one row test feed the 96 4x4 products of the three taps; the columns'
 * indices and padding factors are worked out once per invocation. Mapping as main_vec4_c16 (lanes = C/16).
 */
@compute @workgroup_size(WG)
fn main_row3_c16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 16u);
  let F4 = params.F / 4u;
  // dy columns ix0 + PW - 2 + u, u = 0..9 (ix0 = k0: one column phase at stride 1): clamped indices and 0/1 factors.
  let c0 = vec4<i32>(i32(b.k0 + params.PW) - 2) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(c0, params.OW); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(c0 + vec4<i32>(4), params.OW); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(c0 + vec4<i32>(8), params.OW); let col2 = q2.idx; let colMask2 = q2.mask;
  // w rows of tap (ky, kx), channel c: (ky·3 + kx)·C + c; one tap is C rows of F4 vec4s.
  let tapStep = params.C * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  let oy0 = i32(b.iy + params.PH);
  let nOH = b.n * params.OH;
  var ky = 0u;
  var fq = 0u;
  let total = params.KH * F4;
  for (var k = 0u; k < total; k++) {
    let oy = oy0 - i32(ky * params.DH);
    let rowOk = u32(oy) < params.OH;
    let row = (nOH + select(0u, u32(oy), rowOk)) * params.OW;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 3u * params.C + b.c0) * F4 + fq;
    let dc0 = dy4[(row + col0.x) * F4 + fq] * (rowMask * colMask0.x);
    let dc1 = dy4[(row + col0.y) * F4 + fq] * (rowMask * colMask0.y);
    let dc2 = dy4[(row + col0.z) * F4 + fq] * (rowMask * colMask0.z);
    let dc3 = dy4[(row + col0.w) * F4 + fq] * (rowMask * colMask0.w);
    let dc4 = dy4[(row + col1.x) * F4 + fq] * (rowMask * colMask1.x);
    let dc5 = dy4[(row + col1.y) * F4 + fq] * (rowMask * colMask1.y);
    let dc6 = dy4[(row + col1.z) * F4 + fq] * (rowMask * colMask1.z);
    let dc7 = dy4[(row + col1.w) * F4 + fq] * (rowMask * colMask1.w);
    let dc8 = dy4[(row + col2.x) * F4 + fq] * (rowMask * colMask2.x);
    let dc9 = dy4[(row + col2.y) * F4 + fq] * (rowMask * colMask2.y);
    let m00 = mat4x4<f32>(w4[wi], w4[wi + 1u * F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let m01 = mat4x4<f32>(w4[wi + 4u * F4], w4[wi + 5u * F4], w4[wi + 6u * F4], w4[wi + 7u * F4]);
    let m02 = mat4x4<f32>(w4[wi + 8u * F4], w4[wi + 9u * F4], w4[wi + 10u * F4], w4[wi + 11u * F4]);
    let m03 = mat4x4<f32>(w4[wi + 12u * F4], w4[wi + 13u * F4], w4[wi + 14u * F4], w4[wi + 15u * F4]);
    let m10 = mat4x4<f32>(w4[wi + 1u * tapStep], w4[wi + 1u * tapStep + 1u * F4], w4[wi + 1u * tapStep + 2u * F4], w4[wi + 1u * tapStep + 3u * F4]);
    let m11 = mat4x4<f32>(w4[wi + 1u * tapStep + 4u * F4], w4[wi + 1u * tapStep + 5u * F4], w4[wi + 1u * tapStep + 6u * F4], w4[wi + 1u * tapStep + 7u * F4]);
    let m12 = mat4x4<f32>(w4[wi + 1u * tapStep + 8u * F4], w4[wi + 1u * tapStep + 9u * F4], w4[wi + 1u * tapStep + 10u * F4], w4[wi + 1u * tapStep + 11u * F4]);
    let m13 = mat4x4<f32>(w4[wi + 1u * tapStep + 12u * F4], w4[wi + 1u * tapStep + 13u * F4], w4[wi + 1u * tapStep + 14u * F4], w4[wi + 1u * tapStep + 15u * F4]);
    let m20 = mat4x4<f32>(w4[wi + 2u * tapStep], w4[wi + 2u * tapStep + 1u * F4], w4[wi + 2u * tapStep + 2u * F4], w4[wi + 2u * tapStep + 3u * F4]);
    let m21 = mat4x4<f32>(w4[wi + 2u * tapStep + 4u * F4], w4[wi + 2u * tapStep + 5u * F4], w4[wi + 2u * tapStep + 6u * F4], w4[wi + 2u * tapStep + 7u * F4]);
    let m22 = mat4x4<f32>(w4[wi + 2u * tapStep + 8u * F4], w4[wi + 2u * tapStep + 9u * F4], w4[wi + 2u * tapStep + 10u * F4], w4[wi + 2u * tapStep + 11u * F4]);
    let m23 = mat4x4<f32>(w4[wi + 2u * tapStep + 12u * F4], w4[wi + 2u * tapStep + 13u * F4], w4[wi + 2u * tapStep + 14u * F4], w4[wi + 2u * tapStep + 15u * F4]);
    a00 += dc2 * m00; a01 += dc2 * m01; a02 += dc2 * m02; a03 += dc2 * m03;
    a10 += dc3 * m00; a11 += dc3 * m01; a12 += dc3 * m02; a13 += dc3 * m03;
    a20 += dc4 * m00; a21 += dc4 * m01; a22 += dc4 * m02; a23 += dc4 * m03;
    a30 += dc5 * m00; a31 += dc5 * m01; a32 += dc5 * m02; a33 += dc5 * m03;
    a40 += dc6 * m00; a41 += dc6 * m01; a42 += dc6 * m02; a43 += dc6 * m03;
    a50 += dc7 * m00; a51 += dc7 * m01; a52 += dc7 * m02; a53 += dc7 * m03;
    a60 += dc8 * m00; a61 += dc8 * m01; a62 += dc8 * m02; a63 += dc8 * m03;
    a70 += dc9 * m00; a71 += dc9 * m01; a72 += dc9 * m02; a73 += dc9 * m03;
    a00 += dc1 * m10; a01 += dc1 * m11; a02 += dc1 * m12; a03 += dc1 * m13;
    a10 += dc2 * m10; a11 += dc2 * m11; a12 += dc2 * m12; a13 += dc2 * m13;
    a20 += dc3 * m10; a21 += dc3 * m11; a22 += dc3 * m12; a23 += dc3 * m13;
    a30 += dc4 * m10; a31 += dc4 * m11; a32 += dc4 * m12; a33 += dc4 * m13;
    a40 += dc5 * m10; a41 += dc5 * m11; a42 += dc5 * m12; a43 += dc5 * m13;
    a50 += dc6 * m10; a51 += dc6 * m11; a52 += dc6 * m12; a53 += dc6 * m13;
    a60 += dc7 * m10; a61 += dc7 * m11; a62 += dc7 * m12; a63 += dc7 * m13;
    a70 += dc8 * m10; a71 += dc8 * m11; a72 += dc8 * m12; a73 += dc8 * m13;
    a00 += dc0 * m20; a01 += dc0 * m21; a02 += dc0 * m22; a03 += dc0 * m23;
    a10 += dc1 * m20; a11 += dc1 * m21; a12 += dc1 * m22; a13 += dc1 * m23;
    a20 += dc2 * m20; a21 += dc2 * m21; a22 += dc2 * m22; a23 += dc2 * m23;
    a30 += dc3 * m20; a31 += dc3 * m21; a32 += dc3 * m22; a33 += dc3 * m23;
    a40 += dc4 * m20; a41 += dc4 * m21; a42 += dc4 * m22; a43 += dc4 * m23;
    a50 += dc5 * m20; a51 += dc5 * m21; a52 += dc5 * m22; a53 += dc5 * m23;
    a60 += dc6 * m20; a61 += dc6 * m21; a62 += dc6 * m22; a63 += dc6 * m23;
    a70 += dc7 * m20; a71 += dc7 * m21; a72 += dc7 * m22; a73 += dc7 * m23;
    fq += 1u;
    let nextRow = fq == F4;
    ky += select(0u, 1u, nextRow);
    fq = select(fq, 0u, nextRow);
  }
  storeAll(b, a00, a10, a20, a30, a40, a50, a60, a70);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u), a01, a11, a21, a31, a41, a51, a61, a71);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 8u), a02, a12, a22, a32, a42, a52, a62, a72);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 12u), a03, a13, a23, a33, a43, a53, a63, a73);
}

/**
 * main_row3_c16 with 16 pixels x 8 channels (W % 16 == 0, C % 8 == 0): the same 32 accumulators, but per step 18 dy
 * and 24 w vec4 loads (not 10 and 48) feed the 96 4x4 products. Mapping as main_vec4_c8 with blocks of 16 pixels
 * (params.blocks = W/16).
 */
@compute @workgroup_size(WG)
fn main_row3p16_c8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let t = i / params.lanes;
  let row = t / params.blocks;
  let b = Block(row, row / params.H, row % params.H, 0u, (t % params.blocks) * 16u, lane * 8u);
  let F4 = params.F / 4u;
  // dy columns ix0 + PW - 2 + u, u = 0..17: clamped indices and 0/1 factors.
  let c0 = vec4<i32>(i32(b.k0 + params.PW) - 2) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(c0, params.OW); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(c0 + vec4<i32>(4), params.OW); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(c0 + vec4<i32>(8), params.OW); let col2 = q2.idx; let colMask2 = q2.mask;
  let q3 = columnQuad(c0 + vec4<i32>(12), params.OW); let col3 = q3.idx; let colMask3 = q3.mask;
  let q4 = columnQuad(c0 + vec4<i32>(16), params.OW); let col4 = q4.idx; let colMask4 = q4.mask;
  let tapStep = params.C * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0);  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0);  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0);  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0);  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0);
  var a80 = vec4<f32>(0.0); var a81 = vec4<f32>(0.0);  var a90 = vec4<f32>(0.0); var a91 = vec4<f32>(0.0);
  var aa0 = vec4<f32>(0.0); var aa1 = vec4<f32>(0.0);  var ab0 = vec4<f32>(0.0); var ab1 = vec4<f32>(0.0);
  var ac0 = vec4<f32>(0.0); var ac1 = vec4<f32>(0.0);  var ad0 = vec4<f32>(0.0); var ad1 = vec4<f32>(0.0);
  var ae0 = vec4<f32>(0.0); var ae1 = vec4<f32>(0.0);  var af0 = vec4<f32>(0.0); var af1 = vec4<f32>(0.0);
  let oy0 = i32(b.iy + params.PH);
  let nOH = b.n * params.OH;
  var ky = 0u;
  var fq = 0u;
  let total = params.KH * F4;
  for (var k = 0u; k < total; k++) {
    let oy = oy0 - i32(ky * params.DH);
    let rowOk = u32(oy) < params.OH;
    let row = (nOH + select(0u, u32(oy), rowOk)) * params.OW;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 3u * params.C + b.c0) * F4 + fq;
    let dc0 = dy4[(row + col0.x) * F4 + fq] * (rowMask * colMask0.x);
    let dc1 = dy4[(row + col0.y) * F4 + fq] * (rowMask * colMask0.y);
    let dc2 = dy4[(row + col0.z) * F4 + fq] * (rowMask * colMask0.z);
    let dc3 = dy4[(row + col0.w) * F4 + fq] * (rowMask * colMask0.w);
    let dc4 = dy4[(row + col1.x) * F4 + fq] * (rowMask * colMask1.x);
    let dc5 = dy4[(row + col1.y) * F4 + fq] * (rowMask * colMask1.y);
    let dc6 = dy4[(row + col1.z) * F4 + fq] * (rowMask * colMask1.z);
    let dc7 = dy4[(row + col1.w) * F4 + fq] * (rowMask * colMask1.w);
    let dc8 = dy4[(row + col2.x) * F4 + fq] * (rowMask * colMask2.x);
    let dc9 = dy4[(row + col2.y) * F4 + fq] * (rowMask * colMask2.y);
    let dca = dy4[(row + col2.z) * F4 + fq] * (rowMask * colMask2.z);
    let dcb = dy4[(row + col2.w) * F4 + fq] * (rowMask * colMask2.w);
    let dcc = dy4[(row + col3.x) * F4 + fq] * (rowMask * colMask3.x);
    let dcd = dy4[(row + col3.y) * F4 + fq] * (rowMask * colMask3.y);
    let dce = dy4[(row + col3.z) * F4 + fq] * (rowMask * colMask3.z);
    let dcf = dy4[(row + col3.w) * F4 + fq] * (rowMask * colMask3.w);
    let dc10 = dy4[(row + col4.x) * F4 + fq] * (rowMask * colMask4.x);
    let dc11 = dy4[(row + col4.y) * F4 + fq] * (rowMask * colMask4.y);
    let m00 = mat4x4<f32>(w4[wi], w4[wi + 1u * F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let m01 = mat4x4<f32>(w4[wi + 4u * F4], w4[wi + 5u * F4], w4[wi + 6u * F4], w4[wi + 7u * F4]);
    let m10 = mat4x4<f32>(w4[wi + 1u * tapStep], w4[wi + 1u * tapStep + 1u * F4], w4[wi + 1u * tapStep + 2u * F4], w4[wi + 1u * tapStep + 3u * F4]);
    let m11 = mat4x4<f32>(w4[wi + 1u * tapStep + 4u * F4], w4[wi + 1u * tapStep + 5u * F4], w4[wi + 1u * tapStep + 6u * F4], w4[wi + 1u * tapStep + 7u * F4]);
    let m20 = mat4x4<f32>(w4[wi + 2u * tapStep], w4[wi + 2u * tapStep + 1u * F4], w4[wi + 2u * tapStep + 2u * F4], w4[wi + 2u * tapStep + 3u * F4]);
    let m21 = mat4x4<f32>(w4[wi + 2u * tapStep + 4u * F4], w4[wi + 2u * tapStep + 5u * F4], w4[wi + 2u * tapStep + 6u * F4], w4[wi + 2u * tapStep + 7u * F4]);
    a00 += dc2 * m00; a01 += dc2 * m01; a10 += dc3 * m00; a11 += dc3 * m01;
    a20 += dc4 * m00; a21 += dc4 * m01; a30 += dc5 * m00; a31 += dc5 * m01;
    a40 += dc6 * m00; a41 += dc6 * m01; a50 += dc7 * m00; a51 += dc7 * m01;
    a60 += dc8 * m00; a61 += dc8 * m01; a70 += dc9 * m00; a71 += dc9 * m01;
    a80 += dca * m00; a81 += dca * m01; a90 += dcb * m00; a91 += dcb * m01;
    aa0 += dcc * m00; aa1 += dcc * m01; ab0 += dcd * m00; ab1 += dcd * m01;
    ac0 += dce * m00; ac1 += dce * m01; ad0 += dcf * m00; ad1 += dcf * m01;
    ae0 += dc10 * m00; ae1 += dc10 * m01; af0 += dc11 * m00; af1 += dc11 * m01;
    a00 += dc1 * m10; a01 += dc1 * m11; a10 += dc2 * m10; a11 += dc2 * m11;
    a20 += dc3 * m10; a21 += dc3 * m11; a30 += dc4 * m10; a31 += dc4 * m11;
    a40 += dc5 * m10; a41 += dc5 * m11; a50 += dc6 * m10; a51 += dc6 * m11;
    a60 += dc7 * m10; a61 += dc7 * m11; a70 += dc8 * m10; a71 += dc8 * m11;
    a80 += dc9 * m10; a81 += dc9 * m11; a90 += dca * m10; a91 += dca * m11;
    aa0 += dcb * m10; aa1 += dcb * m11; ab0 += dcc * m10; ab1 += dcc * m11;
    ac0 += dcd * m10; ac1 += dcd * m11; ad0 += dce * m10; ad1 += dce * m11;
    ae0 += dcf * m10; ae1 += dcf * m11; af0 += dc10 * m10; af1 += dc10 * m11;
    a00 += dc0 * m20; a01 += dc0 * m21; a10 += dc1 * m20; a11 += dc1 * m21;
    a20 += dc2 * m20; a21 += dc2 * m21; a30 += dc3 * m20; a31 += dc3 * m21;
    a40 += dc4 * m20; a41 += dc4 * m21; a50 += dc5 * m20; a51 += dc5 * m21;
    a60 += dc6 * m20; a61 += dc6 * m21; a70 += dc7 * m20; a71 += dc7 * m21;
    a80 += dc8 * m20; a81 += dc8 * m21; a90 += dc9 * m20; a91 += dc9 * m21;
    aa0 += dca * m20; aa1 += dca * m21; ab0 += dcb * m20; ab1 += dcb * m21;
    ac0 += dcc * m20; ac1 += dcc * m21; ad0 += dcd * m20; ad1 += dcd * m21;
    ae0 += dce * m20; ae1 += dce * m21; af0 += dcf * m20; af1 += dcf * m21;
    fq += 1u;
    let nextRow = fq == F4;
    ky += select(0u, 1u, nextRow);
    fq = select(fq, 0u, nextRow);
  }
  storeAll(Block(b.row, b.n, b.iy, 0u, b.k0, b.c0 + 0u), a00, a10, a20, a30, a40, a50, a60, a70);
  storeAll(Block(b.row, b.n, b.iy, 0u, b.k0 + 8u, b.c0 + 0u), a80, a90, aa0, ab0, ac0, ad0, ae0, af0);
  storeAll(Block(b.row, b.n, b.iy, 0u, b.k0, b.c0 + 4u), a01, a11, a21, a31, a41, a51, a61, a71);
  storeAll(Block(b.row, b.n, b.iy, 0u, b.k0 + 8u, b.c0 + 4u), a81, a91, aa1, ab1, ac1, ad1, ae1, af1);
}

/**
 * A 5-wide kernel row at stride 1 (KW = 5, SH = SW = DW = 1, groups == 1, F % 4 == 0; LeNet's second layer), 8
 * channels (clamped to C, as main_vec4_c8): pixel j, tap kx reads dy column ix0 + PW - kx + j, so the five taps of a
 * kernel row read 12 neighbouring dy columns between them. One loop step is one kernel row ky and one filter quad: 12
 * dy vec4 loads (not 40) feed the 80 4x4 products of the five taps. Mapping as main_vec4_c8 (blocks of
 * 8 pixels per input row, the last one partly idle when W % 8 != 0).
 */
@compute @workgroup_size(WG)
fn main_row5_c8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 8u);
  let F4 = params.F / 4u;
  // dy columns ix0 + PW - 4 + u, u = 0..11 (ix0 = k0: one column phase at stride 1): clamped indices and 0/1 factors.
  let cs = vec4<i32>(i32(b.k0 + params.PW) - 4) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(cs, params.OW); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(cs + vec4<i32>(4), params.OW); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(cs + vec4<i32>(8), params.OW); let col2 = q2.idx; let colMask2 = q2.mask;
  // Offsets (in vec4s) of the 8 channels' w rows from row c0; past C - 1 the last row.
  let lastRow = vec4<u32>(params.C - 1u - b.c0);
  let ra = min(vec4<u32>(0u, 1u, 2u, 3u), lastRow) * F4;
  let rb = min(vec4<u32>(4u, 5u, 6u, 7u), lastRow) * F4;
  // w rows of tap (ky, kx), channel c: (ky·5 + kx)·C + c; one tap is C rows of F4 vec4s.
  let tapStep = params.C * F4;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  // Only the kernel rows that reach an output row, 0 <= oy0 - ky·DH < OH (LeNet's unpadded conv2: 50 of 70).
  let oy0 = b.iy + params.PH;
  let kyHi = min(params.KH, oy0 / params.DH + 1u);
  let over = i32(oy0) - i32(params.OH) + 1;
  let kyLo = u32(select(0, (over + i32(params.DH) - 1) / i32(params.DH), over > 0));
  let nOH = b.n * params.OH;
  var ky = kyLo;
  var fq = 0u;
  let total = (kyHi - min(kyLo, kyHi)) * F4;
  for (var k = 0u; k < total; k++) {
    let row = (nOH + oy0 - ky * params.DH) * params.OW;
    let wi = (ky * 5u * params.C + b.c0) * F4 + fq;
    let dc0 = dy4[(row + col0.x) * F4 + fq] * colMask0.x;
    let dc1 = dy4[(row + col0.y) * F4 + fq] * colMask0.y;
    let dc2 = dy4[(row + col0.z) * F4 + fq] * colMask0.z;
    let dc3 = dy4[(row + col0.w) * F4 + fq] * colMask0.w;
    let dc4 = dy4[(row + col1.x) * F4 + fq] * colMask1.x;
    let dc5 = dy4[(row + col1.y) * F4 + fq] * colMask1.y;
    let dc6 = dy4[(row + col1.z) * F4 + fq] * colMask1.z;
    let dc7 = dy4[(row + col1.w) * F4 + fq] * colMask1.w;
    let dc8 = dy4[(row + col2.x) * F4 + fq] * colMask2.x;
    let dc9 = dy4[(row + col2.y) * F4 + fq] * colMask2.y;
    let dc10 = dy4[(row + col2.z) * F4 + fq] * colMask2.z;
    let dc11 = dy4[(row + col2.w) * F4 + fq] * colMask2.w;
    let m0 = mat4x4<f32>(w4[wi + ra.x], w4[wi + ra.y], w4[wi + ra.z], w4[wi + ra.w]);
    let n0 = mat4x4<f32>(w4[wi + rb.x], w4[wi + rb.y], w4[wi + rb.z], w4[wi + rb.w]);
    let m1 = mat4x4<f32>(w4[wi + 1u * tapStep + ra.x], w4[wi + 1u * tapStep + ra.y], w4[wi + 1u * tapStep + ra.z], w4[wi + 1u * tapStep + ra.w]);
    let n1 = mat4x4<f32>(w4[wi + 1u * tapStep + rb.x], w4[wi + 1u * tapStep + rb.y], w4[wi + 1u * tapStep + rb.z], w4[wi + 1u * tapStep + rb.w]);
    let m2 = mat4x4<f32>(w4[wi + 2u * tapStep + ra.x], w4[wi + 2u * tapStep + ra.y], w4[wi + 2u * tapStep + ra.z], w4[wi + 2u * tapStep + ra.w]);
    let n2 = mat4x4<f32>(w4[wi + 2u * tapStep + rb.x], w4[wi + 2u * tapStep + rb.y], w4[wi + 2u * tapStep + rb.z], w4[wi + 2u * tapStep + rb.w]);
    let m3 = mat4x4<f32>(w4[wi + 3u * tapStep + ra.x], w4[wi + 3u * tapStep + ra.y], w4[wi + 3u * tapStep + ra.z], w4[wi + 3u * tapStep + ra.w]);
    let n3 = mat4x4<f32>(w4[wi + 3u * tapStep + rb.x], w4[wi + 3u * tapStep + rb.y], w4[wi + 3u * tapStep + rb.z], w4[wi + 3u * tapStep + rb.w]);
    let m4 = mat4x4<f32>(w4[wi + 4u * tapStep + ra.x], w4[wi + 4u * tapStep + ra.y], w4[wi + 4u * tapStep + ra.z], w4[wi + 4u * tapStep + ra.w]);
    let n4 = mat4x4<f32>(w4[wi + 4u * tapStep + rb.x], w4[wi + 4u * tapStep + rb.y], w4[wi + 4u * tapStep + rb.z], w4[wi + 4u * tapStep + rb.w]);
    l0 += dc4 * m0; h0 += dc4 * n0;
    l1 += dc5 * m0; h1 += dc5 * n0;
    l2 += dc6 * m0; h2 += dc6 * n0;
    l3 += dc7 * m0; h3 += dc7 * n0;
    l4 += dc8 * m0; h4 += dc8 * n0;
    l5 += dc9 * m0; h5 += dc9 * n0;
    l6 += dc10 * m0; h6 += dc10 * n0;
    l7 += dc11 * m0; h7 += dc11 * n0;
    l0 += dc3 * m1; h0 += dc3 * n1;
    l1 += dc4 * m1; h1 += dc4 * n1;
    l2 += dc5 * m1; h2 += dc5 * n1;
    l3 += dc6 * m1; h3 += dc6 * n1;
    l4 += dc7 * m1; h4 += dc7 * n1;
    l5 += dc8 * m1; h5 += dc8 * n1;
    l6 += dc9 * m1; h6 += dc9 * n1;
    l7 += dc10 * m1; h7 += dc10 * n1;
    l0 += dc2 * m2; h0 += dc2 * n2;
    l1 += dc3 * m2; h1 += dc3 * n2;
    l2 += dc4 * m2; h2 += dc4 * n2;
    l3 += dc5 * m2; h3 += dc5 * n2;
    l4 += dc6 * m2; h4 += dc6 * n2;
    l5 += dc7 * m2; h5 += dc7 * n2;
    l6 += dc8 * m2; h6 += dc8 * n2;
    l7 += dc9 * m2; h7 += dc9 * n2;
    l0 += dc1 * m3; h0 += dc1 * n3;
    l1 += dc2 * m3; h1 += dc2 * n3;
    l2 += dc3 * m3; h2 += dc3 * n3;
    l3 += dc4 * m3; h3 += dc4 * n3;
    l4 += dc5 * m3; h4 += dc5 * n3;
    l5 += dc6 * m3; h5 += dc6 * n3;
    l6 += dc7 * m3; h6 += dc7 * n3;
    l7 += dc8 * m3; h7 += dc8 * n3;
    l0 += dc0 * m4; h0 += dc0 * n4;
    l1 += dc1 * m4; h1 += dc1 * n4;
    l2 += dc2 * m4; h2 += dc2 * n4;
    l3 += dc3 * m4; h3 += dc3 * n4;
    l4 += dc4 * m4; h4 += dc4 * n4;
    l5 += dc5 * m4; h5 += dc5 * n4;
    l6 += dc6 * m4; h6 += dc6 * n4;
    l7 += dc7 * m4; h7 += dc7 * n4;
    fq += 1u;
    let nextRow = fq == F4;
    ky += select(0u, 1u, nextRow);
    fq = select(fq, 0u, nextRow);
  }
  storeAll(b, l0, l1, l2, l3, l4, l5, l6, l7);
  storeAll(Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u), h0, h1, h2, h3, h4, h5, h6, h7);
}

/** Channels c0, c0+1 of pixel j of the block (those past C left out). */
fn store2(b: Block, j: u32, v: vec2<f32>) {
  let ix = b.r + params.SW * (b.k0 + j);
  if (ix < params.W) {
    let base = (b.row * params.W + ix) * params.C + b.c0;
    for (var c = 0u; c < 2u; c++) {
      if (b.c0 + c < params.C) {
        dx[base + c] = v[c];
      }
    }
  }
}

/**
 * main_row5_c8 with 6 channels per invocation (lanes = ceil(C/6); LeNet's conv2 has exactly 6): the last two
 * channels' weights as a mat2x4, so no multiply-add is spent on a clamped channel.
 */
@compute @workgroup_size(WG)
fn main_row5_c6(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let b = block(gid, nwg, 6u);
  let F4 = params.F / 4u;
  // dy columns ix0 + PW - 4 + u, u = 0..11 (ix0 = k0: one column phase at stride 1): clamped indices and 0/1 factors.
  let cs = vec4<i32>(i32(b.k0 + params.PW) - 4) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(cs, params.OW); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(cs + vec4<i32>(4), params.OW); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(cs + vec4<i32>(8), params.OW); let col2 = q2.idx; let colMask2 = q2.mask;
  // Offsets (in vec4s) of the 6 channels' w rows from row c0; past C - 1 the last row.
  let lastRow = vec4<u32>(params.C - 1u - b.c0);
  let ra = min(vec4<u32>(0u, 1u, 2u, 3u), lastRow) * F4;
  let rb = min(vec2<u32>(4u, 5u), lastRow.xy) * F4;
  // w rows of tap (ky, kx), channel c: (ky·5 + kx)·C + c; one tap is C rows of F4 vec4s.
  let tapStep = params.C * F4;
  var l0 = vec4<f32>(0.0); var h0 = vec2<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec2<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec2<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec2<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec2<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec2<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec2<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec2<f32>(0.0);
  // Only the kernel rows that reach an output row, 0 <= oy0 - ky·DH < OH (LeNet's unpadded conv2: 50 of 70).
  let oy0 = b.iy + params.PH;
  let kyHi = min(params.KH, oy0 / params.DH + 1u);
  let over = i32(oy0) - i32(params.OH) + 1;
  let kyLo = u32(select(0, (over + i32(params.DH) - 1) / i32(params.DH), over > 0));
  let nOH = b.n * params.OH;
  var ky = kyLo;
  var fq = 0u;
  let total = (kyHi - min(kyLo, kyHi)) * F4;
  for (var k = 0u; k < total; k++) {
    let row = (nOH + oy0 - ky * params.DH) * params.OW;
    let wi = (ky * 5u * params.C + b.c0) * F4 + fq;
    let dc0 = dy4[(row + col0.x) * F4 + fq] * colMask0.x;
    let dc1 = dy4[(row + col0.y) * F4 + fq] * colMask0.y;
    let dc2 = dy4[(row + col0.z) * F4 + fq] * colMask0.z;
    let dc3 = dy4[(row + col0.w) * F4 + fq] * colMask0.w;
    let dc4 = dy4[(row + col1.x) * F4 + fq] * colMask1.x;
    let dc5 = dy4[(row + col1.y) * F4 + fq] * colMask1.y;
    let dc6 = dy4[(row + col1.z) * F4 + fq] * colMask1.z;
    let dc7 = dy4[(row + col1.w) * F4 + fq] * colMask1.w;
    let dc8 = dy4[(row + col2.x) * F4 + fq] * colMask2.x;
    let dc9 = dy4[(row + col2.y) * F4 + fq] * colMask2.y;
    let dc10 = dy4[(row + col2.z) * F4 + fq] * colMask2.z;
    let dc11 = dy4[(row + col2.w) * F4 + fq] * colMask2.w;
    let m0 = mat4x4<f32>(w4[wi + ra.x], w4[wi + ra.y], w4[wi + ra.z], w4[wi + ra.w]);
    let n0 = mat2x4<f32>(w4[wi + rb.x], w4[wi + rb.y]);
    let m1 = mat4x4<f32>(w4[wi + 1u * tapStep + ra.x], w4[wi + 1u * tapStep + ra.y], w4[wi + 1u * tapStep + ra.z], w4[wi + 1u * tapStep + ra.w]);
    let n1 = mat2x4<f32>(w4[wi + 1u * tapStep + rb.x], w4[wi + 1u * tapStep + rb.y]);
    let m2 = mat4x4<f32>(w4[wi + 2u * tapStep + ra.x], w4[wi + 2u * tapStep + ra.y], w4[wi + 2u * tapStep + ra.z], w4[wi + 2u * tapStep + ra.w]);
    let n2 = mat2x4<f32>(w4[wi + 2u * tapStep + rb.x], w4[wi + 2u * tapStep + rb.y]);
    let m3 = mat4x4<f32>(w4[wi + 3u * tapStep + ra.x], w4[wi + 3u * tapStep + ra.y], w4[wi + 3u * tapStep + ra.z], w4[wi + 3u * tapStep + ra.w]);
    let n3 = mat2x4<f32>(w4[wi + 3u * tapStep + rb.x], w4[wi + 3u * tapStep + rb.y]);
    let m4 = mat4x4<f32>(w4[wi + 4u * tapStep + ra.x], w4[wi + 4u * tapStep + ra.y], w4[wi + 4u * tapStep + ra.z], w4[wi + 4u * tapStep + ra.w]);
    let n4 = mat2x4<f32>(w4[wi + 4u * tapStep + rb.x], w4[wi + 4u * tapStep + rb.y]);
    l0 += dc4 * m0; h0 += dc4 * n0;
    l1 += dc5 * m0; h1 += dc5 * n0;
    l2 += dc6 * m0; h2 += dc6 * n0;
    l3 += dc7 * m0; h3 += dc7 * n0;
    l4 += dc8 * m0; h4 += dc8 * n0;
    l5 += dc9 * m0; h5 += dc9 * n0;
    l6 += dc10 * m0; h6 += dc10 * n0;
    l7 += dc11 * m0; h7 += dc11 * n0;
    l0 += dc3 * m1; h0 += dc3 * n1;
    l1 += dc4 * m1; h1 += dc4 * n1;
    l2 += dc5 * m1; h2 += dc5 * n1;
    l3 += dc6 * m1; h3 += dc6 * n1;
    l4 += dc7 * m1; h4 += dc7 * n1;
    l5 += dc8 * m1; h5 += dc8 * n1;
    l6 += dc9 * m1; h6 += dc9 * n1;
    l7 += dc10 * m1; h7 += dc10 * n1;
    l0 += dc2 * m2; h0 += dc2 * n2;
    l1 += dc3 * m2; h1 += dc3 * n2;
    l2 += dc4 * m2; h2 += dc4 * n2;
    l3 += dc5 * m2; h3 += dc5 * n2;
    l4 += dc6 * m2; h4 += dc6 * n2;
    l5 += dc7 * m2; h5 += dc7 * n2;
    l6 += dc8 * m2; h6 += dc8 * n2;
    l7 += dc9 * m2; h7 += dc9 * n2;
    l0 += dc1 * m3; h0 += dc1 * n3;
    l1 += dc2 * m3; h1 += dc2 * n3;
    l2 += dc3 * m3; h2 += dc3 * n3;
    l3 += dc4 * m3; h3 += dc4 * n3;
    l4 += dc5 * m3; h4 += dc5 * n3;
    l5 += dc6 * m3; h5 += dc6 * n3;
    l6 += dc7 * m3; h6 += dc7 * n3;
    l7 += dc8 * m3; h7 += dc8 * n3;
    l0 += dc0 * m4; h0 += dc0 * n4;
    l1 += dc1 * m4; h1 += dc1 * n4;
    l2 += dc2 * m4; h2 += dc2 * n4;
    l3 += dc3 * m4; h3 += dc3 * n4;
    l4 += dc4 * m4; h4 += dc4 * n4;
    l5 += dc5 * m4; h5 += dc5 * n4;
    l6 += dc6 * m4; h6 += dc6 * n4;
    l7 += dc7 * m4; h7 += dc7 * n4;
    fq += 1u;
    let nextRow = fq == F4;
    ky += select(0u, 1u, nextRow);
    fq = select(fq, 0u, nextRow);
  }
  storeAll(b, l0, l1, l2, l3, l4, l5, l6, l7);
  let hi = Block(b.row, b.n, b.iy, b.r, b.k0, b.c0 + 4u);
  store2(hi, 0u, h0); store2(hi, 1u, h1); store2(hi, 2u, h2); store2(hi, 3u, h3);
  store2(hi, 4u, h4); store2(hi, 5u, h5); store2(hi, 6u, h6); store2(hi, 7u, h7);
}
