// conv2d_forward.wgsl: y = conv(x, w) (+ bias) (ReLU optional), NHWC, as src/model/reference/conv2d.ts:
//   y[n,oy,ox,f] = b[f] + Σ_{ky,kx,ci} x[n, oy·SH - PH + ky·DH, ox·SW - PW + kx·DW, g·Cg + ci] · w[ky,kx,ci,f]
// with g = floor(f / Fg) and zero padding. Implicit GEMM: y is the matrix [P = N·OH·OW, F], the reduction runs over
// (ky, kx, ci) in w's memory order, and no im2col buffer is built.
//
// Bindings (group 0):
//   0  params     : uniform Params
//   1  x / x4     : storage read  array<f32> | array<vec4f>   [N,H,W,C]
//   2  w / w4     : storage read  array<f32> | array<vec4f>   [KH,KW,Cg,F]
//   3  y / y4     : storage rw    array<f32> | array<vec4f>   [N,OH,OW,F]
//   4  bias       : storage read  array<f32> [F]; always bound (statically used), any buffer when !HAS_BIAS
// Each entry point statically uses only one alias of each binding.
//
// Entry points (the host picks one). Each invocation owns 8 consecutive output pixels (of the flattened P axis, so a
// block may run across rows and images) x 4 consecutive filters, in eight vec4 registers:
//   main_vec4x4  Fg % 4 == 0 and Cg % 4 == 0: w rows and x channels both read as vec4 (4 taps of ci per step)
//   main_vec4    Fg % 4 == 0: w[ky,kx,ci,f..f+3] read as one vec4, x scalar (the 4 filters share one group);
//                CSTEP (1, 2 or 3, dividing Cg) input channels per loop step
//   main         any shape: scalar gathers; the override GROUPED says whether filters of one block may sit in
//                different groups (then x is gathered per filter, else one x value serves all 4)
//   main_vec4x4_f8, main_vec4_f8  as main_vec4x4 / main_vec4 with 8 filters per invocation (Fg % 8 == 0): every x value
//                loaded feeds 8 filters, the 8x8 register blocking of the bench's best matmul; lanes = F/8
//   main_vec4x4_f16, main_vec4_f16  as main_vec4x4_f8 / main_vec4_f8 with 16 filters per invocation (Fg % 16 == 0);
//                lanes = F/16
//   main_row3_f16  KW = 3 at stride 1 (see the entry point): 16 filters, one kernel row of three taps per step
//   main_row3p16_f8 as main_row3_f16 with 16 pixels x 8 filters (OW % 16 == 0): fewer loads per product
//   main_row3s_f16 as main_row3_f16 with scalar x (channels not in quads: an RGB first layer), one channel per step
//   main_row5p14s_f8 KW = 5 at stride 1, any C and F (see the entry point): 8 filters, one kernel row of five taps
//                and one channel per step, blocks of 14 pixels per output row
//   main_row5p10s_f8 as main_row5p14s_f8 with vec4 weights (F % 8 == 0) and blocks of 10 pixels
//   main_f8      as main with 8 filters per invocation when groups == 1 (LeNet's 6 filters in one invocation);
//                lanes = ceil(F/8)
// The reduction is one flat loop over (ky, kx, ci) (see advance). Padding: per step each pixel gets a clamped x index
// and a 0/1 factor, so the loop body has no branches.
// Pixels past P are clamped to P-1 for loads and never stored; filters past F likewise.
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535 workgroups
// over y); lanes = F/4 (vec4 entry points), F/8 (vec4 _f8), F/16 (_f16), ceil(F/8) (main_f8) or ceil(F/4); i < count = ceil(P/8)·lanes, lane = i % lanes (fastest, so
// neighbouring invocations share their x reads), pixel block = i / lanes. Accumulation is f32 in (ky, kx, ci) order.

struct Params {
  /** ceil(P/8)·lanes: the invocations that do work. */
  count: u32,
  /** Filter quads: F/4 in the vec4 entry points, ceil(F/4) in main. */
  lanes: u32,
  /** P = N·OH·OW output pixels. */
  pixels: u32,
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
  /** Input channels per group C/groups, filters per group F/groups. */
  Cg: u32,
  Fg: u32,
}

override WG: u32 = 64u;
override HAS_BIAS: bool = false;
// Fused epilogue: y = max(0, conv + bias).
override RELU: bool = false;
// main only: groups > 1 and Fg % 4 != 0, so the 4 filters of a block may read different input channels.
override GROUPED: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

/** Four output pixels: input row/column of their window's top-left tap (may be negative) and image row offset n·H. */
struct Quad {
  iy: vec4<i32>,
  ix: vec4<i32>,
  nH: vec4<i32>,
}

/** The x element index (channel 0) of each pixel's tap, clamped to 0 in the padding, and the matching 0/1 factor. */
struct Tap {
  idx: vec4<u32>,
  m: vec4<f32>,
}

fn linearIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

fn quad(p0: u32) -> Quad {
  let p = min(vec4<u32>(p0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.pixels - 1u));
  let ox = p % params.OW;
  let t = p / params.OW;
  let oy = t % params.OH;
  let n = t / params.OH;
  return Quad(vec4<i32>(oy * params.SH) - i32(params.PH), vec4<i32>(ox * params.SW) - i32(params.PW), vec4<i32>(n * params.H));
}

/** Where the flattened reduction loop stands: tap (ky, kx) and channel step c within it. */
struct Cursor {
  ky: u32,
  kx: u32,
  c: u32,
}

/**
 * The next reduction step: c counts to `steps`, then kx, then ky. One flat loop over (ky, kx, c) instead of three nested
 * ones: on SwiftShader every loop entry and exit merges all the accumulators, which costs more than the taps' index math.
 */
fn advance(at: Cursor, steps: u32) -> Cursor {
  let c = at.c + 1u;
  let nextTap = c == steps;
  let kx = at.kx + select(0u, 1u, nextTap);
  let nextRow = kx == params.KW;
  return Cursor(at.ky + select(0u, 1u, nextRow), select(kx, 0u, nextRow), select(c, 0u, nextTap));
}

fn tap(q: Quad, at: Cursor) -> Tap {
  let iy = q.iy + i32(at.ky * params.DH);
  let ix = q.ix + i32(at.kx * params.DW);
  let ok = (bitcast<vec4<u32>>(iy) < vec4<u32>(params.H)) & (bitcast<vec4<u32>>(ix) < vec4<u32>(params.W));
  let idx = bitcast<vec4<u32>>(((q.nH + iy) * i32(params.W) + ix) * i32(params.C));
  return Tap(select(vec4<u32>(0u), idx, ok), select(vec4<f32>(0.0), vec4<f32>(1.0), ok));
}

fn epilogue(v: vec4<f32>) -> vec4<f32> {
  if (RELU) {
    return max(v, vec4<f32>(0.0));
  }
  return v;
}

/** bias[f..f+3] with indices clamped to F-1 (values of clamped filters are never stored). */
fn loadBias(f0: u32) -> vec4<f32> {
  if (!HAS_BIAS) {
    return vec4<f32>(0.0);
  }
  let f = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.F - 1u));
  return vec4<f32>(bias[f.x], bias[f.y], bias[f.z], bias[f.w]);
}

/** y[p, 4·quad .. 4·quad+3] = epilogue(v) (vec4 entry points: F % 4 == 0). */
fn storeVec4(p: u32, quad: u32, v: vec4<f32>) {
  if (p < params.pixels) {
    y4[p * (params.F / 4u) + quad] = epilogue(v);
  }
}

/** The 8 pixels' accumulators of one invocation (4 filters each). */
struct Acc8 {
  a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32>,
  a4: vec4<f32>, a5: vec4<f32>, a6: vec4<f32>, a7: vec4<f32>,
}

/** Adds one input channel of the 8 pixels (x at xa/xb + j, padding factors ta/tb) times the w row wv. */
fn addChannel(acc: Acc8, xa: vec4<u32>, xb: vec4<u32>, ma: vec4<f32>, mb: vec4<f32>, wv: vec4<f32>) -> Acc8 {
  return Acc8(
    acc.a0 + (x[xa.x] * ma.x) * wv, acc.a1 + (x[xa.y] * ma.y) * wv, acc.a2 + (x[xa.z] * ma.z) * wv, acc.a3 + (x[xa.w] * ma.w) * wv,
    acc.a4 + (x[xb.x] * mb.x) * wv, acc.a5 + (x[xb.y] * mb.y) * wv, acc.a6 + (x[xb.z] * mb.z) * wv, acc.a7 + (x[xb.w] * mb.w) * wv,
  );
}

// main_vec4, main_vec4_f8 and main_vec4_f16: input channels per loop step, 1, 2 or 3 (Cg % CSTEP == 0), so the tap's indices and padding factors
// are worked out once per CSTEP channels (LeNet's Cg = 6 and RGB's Cg = 3 take 3: one step per tap for RGB).
override CSTEP: u32 = 1u;

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 4u / params.Fg) * params.Cg;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  let zero = vec4<f32>(0.0);
  var acc = Acc8(zero, zero, zero, zero, zero, zero, zero, zero);
  var wi = lane;
  var at = Cursor(0u, 0u, 0u);
  let steps = params.Cg / CSTEP;
  let total = params.KH * params.KW * steps;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let c = c0 + at.c * CSTEP;
    let xa = ta.idx + c;
    let xb = tb.idx + c;
    acc = addChannel(acc, xa, xb, ta.m, tb.m, w4[wi]);
    if (CSTEP > 1u) {
      acc = addChannel(acc, xa + 1u, xb + 1u, ta.m, tb.m, w4[wi + lanes]);
    }
    if (CSTEP > 2u) {
      acc = addChannel(acc, xa + 2u, xb + 2u, ta.m, tb.m, w4[wi + 2u * lanes]);
    }
    wi += CSTEP * lanes;
    at = advance(at, steps);
  }
  let bv = loadBias(lane * 4u);
  storeVec4(p0, lane, acc.a0 + bv);
  storeVec4(p0 + 1u, lane, acc.a1 + bv);
  storeVec4(p0 + 2u, lane, acc.a2 + bv);
  storeVec4(p0 + 3u, lane, acc.a3 + bv);
  storeVec4(p0 + 4u, lane, acc.a4 + bv);
  storeVec4(p0 + 5u, lane, acc.a5 + bv);
  storeVec4(p0 + 6u, lane, acc.a6 + bv);
  storeVec4(p0 + 7u, lane, acc.a7 + bv);
}

/** One pixel's contribution of 4 input channels (xv) against w rows ci..ci+3 (as the columns of m). */
fn fma4(acc: vec4<f32>, xv: vec4<f32>, m: mat4x4<f32>) -> vec4<f32> {
  return acc + m * xv;
}

@compute @workgroup_size(WG)
fn main_vec4x4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 4u / params.Fg) * params.Cg;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  let cg4 = params.Cg / 4u;
  var wi = lane;
  var at = Cursor(0u, 0u, 0u);
  let total = params.KH * params.KW * cg4;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    // C % 4 == 0 and c0 % 4 == 0 here, so every index is a whole vec4.
    let xa = (ta.idx + c0) / 4u + at.c;
    let xb = (tb.idx + c0) / 4u + at.c;
    // m * v = Σ_j v[j]·w[ci+j, f..f+3]: the columns of m are 4 consecutive w rows.
    let m = mat4x4<f32>(w4[wi], w4[wi + lanes], w4[wi + 2u * lanes], w4[wi + 3u * lanes]);
    acc0 = fma4(acc0, x4[xa.x] * ta.m.x, m);
    acc1 = fma4(acc1, x4[xa.y] * ta.m.y, m);
    acc2 = fma4(acc2, x4[xa.z] * ta.m.z, m);
    acc3 = fma4(acc3, x4[xa.w] * ta.m.w, m);
    acc4 = fma4(acc4, x4[xb.x] * tb.m.x, m);
    acc5 = fma4(acc5, x4[xb.y] * tb.m.y, m);
    acc6 = fma4(acc6, x4[xb.z] * tb.m.z, m);
    acc7 = fma4(acc7, x4[xb.w] * tb.m.w, m);
    wi += 4u * lanes;
    at = advance(at, cg4);
  }
  let bv = loadBias(lane * 4u);
  storeVec4(p0, lane, acc0 + bv);
  storeVec4(p0 + 1u, lane, acc1 + bv);
  storeVec4(p0 + 2u, lane, acc2 + bv);
  storeVec4(p0 + 3u, lane, acc3 + bv);
  storeVec4(p0 + 4u, lane, acc4 + bv);
  storeVec4(p0 + 5u, lane, acc5 + bv);
  storeVec4(p0 + 6u, lane, acc6 + bv);
  storeVec4(p0 + 7u, lane, acc7 + bv);
}

/** x at element i + (channel offset of each filter's group), times the padding factor m: one value per filter. */
fn xFor(i: u32, m: f32, cj: vec4<u32>) -> vec4<f32> {
  if (GROUPED) {
    return vec4<f32>(x[i + cj.x], x[i + cj.y], x[i + cj.z], x[i + cj.w]) * m;
  }
  return vec4<f32>(x[i] * m);
}

fn storeScalar(p: u32, f0: u32, v: vec4<f32>) {
  if (p < params.pixels) {
    let e = epilogue(v);
    for (var j = 0u; j < 4u; j++) {
      if (f0 + j < params.F) {
        y[p * params.F + f0 + j] = e[j];
      }
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let f0 = (i % lanes) * 4u;
  let p0 = (i / lanes) * 8u;
  let fj = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.F - 1u));
  // Input channel offset of each filter's group (all 0 unless GROUPED).
  let cj = (fj / params.Fg) * params.Cg;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  var wi = fj;
  var at = Cursor(0u, 0u, 0u);
  let total = params.KH * params.KW * params.Cg;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = ta.idx + at.c;
    let xb = tb.idx + at.c;
    let wv = vec4<f32>(w[wi.x], w[wi.y], w[wi.z], w[wi.w]);
    acc0 += xFor(xa.x, ta.m.x, cj) * wv;
    acc1 += xFor(xa.y, ta.m.y, cj) * wv;
    acc2 += xFor(xa.z, ta.m.z, cj) * wv;
    acc3 += xFor(xa.w, ta.m.w, cj) * wv;
    acc4 += xFor(xb.x, tb.m.x, cj) * wv;
    acc5 += xFor(xb.y, tb.m.y, cj) * wv;
    acc6 += xFor(xb.z, tb.m.z, cj) * wv;
    acc7 += xFor(xb.w, tb.m.w, cj) * wv;
    wi += vec4<u32>(params.F);
    at = advance(at, params.Cg);
  }
  let bv = loadBias(f0);
  storeScalar(p0, f0, acc0 + bv);
  storeScalar(p0 + 1u, f0, acc1 + bv);
  storeScalar(p0 + 2u, f0, acc2 + bv);
  storeScalar(p0 + 3u, f0, acc3 + bv);
  storeScalar(p0 + 4u, f0, acc4 + bv);
  storeScalar(p0 + 5u, f0, acc5 + bv);
  storeScalar(p0 + 6u, f0, acc6 + bv);
  storeScalar(p0 + 7u, f0, acc7 + bv);
}

/** Stores the 8 pixels of filter quad `quad` (bias added). */
fn storeAcc8(p0: u32, quad: u32, acc: Acc8) {
  let bv = loadBias(quad * 4u);
  storeVec4(p0, quad, acc.a0 + bv);
  storeVec4(p0 + 1u, quad, acc.a1 + bv);
  storeVec4(p0 + 2u, quad, acc.a2 + bv);
  storeVec4(p0 + 3u, quad, acc.a3 + bv);
  storeVec4(p0 + 4u, quad, acc.a4 + bv);
  storeVec4(p0 + 5u, quad, acc.a5 + bv);
  storeVec4(p0 + 6u, quad, acc.a6 + bv);
  storeVec4(p0 + 7u, quad, acc.a7 + bv);
}

/** The 8 pixels' x values of one input channel (x at xa/xb + j, padding factors ma/mb). */
struct X8 {
  a: vec4<f32>,
  b: vec4<f32>,
}

fn loadX8(xa: vec4<u32>, xb: vec4<u32>, ma: vec4<f32>, mb: vec4<f32>) -> X8 {
  return X8(vec4<f32>(x[xa.x], x[xa.y], x[xa.z], x[xa.w]) * ma, vec4<f32>(x[xb.x], x[xb.y], x[xb.z], x[xb.w]) * mb);
}

/**
 * main_vec4 with 8 filters (quads 2·lane, 2·lane+1): each x value is loaded once for both quads, CSTEP channels per
 * tap computation. Flat accumulators and the channel steps written out: on SwiftShader a pointer to an accumulator
 * struct ran ~25% slower, and an inner loop over the channels ~35% slower (it merges every accumulator at its entry
 * and exit); RGB conv 3x3x16 forward ran at 1.0 GFLOP/s written out.
 */
@compute @workgroup_size(WG)
fn main_vec4_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 8u / params.Fg) * params.Cg;
  let F4 = params.F / 4u;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var wi = lane * 2u;
  var at = Cursor(0u, 0u, 0u);
  let steps = params.Cg / CSTEP;
  let total = params.KH * params.KW * steps;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = ta.idx + c0 + at.c * CSTEP;
    let xb = tb.idx + c0 + at.c * CSTEP;
    var v = loadX8(xa, xb, ta.m, tb.m);
    var wl = w4[wi];
    var wh = w4[wi + 1u];
    l0 += v.a.x * wl; h0 += v.a.x * wh;
    l1 += v.a.y * wl; h1 += v.a.y * wh;
    l2 += v.a.z * wl; h2 += v.a.z * wh;
    l3 += v.a.w * wl; h3 += v.a.w * wh;
    l4 += v.b.x * wl; h4 += v.b.x * wh;
    l5 += v.b.y * wl; h5 += v.b.y * wh;
    l6 += v.b.z * wl; h6 += v.b.z * wh;
    l7 += v.b.w * wl; h7 += v.b.w * wh;
    if (CSTEP > 1u) {
      v = loadX8(xa + 1u, xb + 1u, ta.m, tb.m);
      wl = w4[wi + F4];
      wh = w4[wi + F4 + 1u];
      l0 += v.a.x * wl; h0 += v.a.x * wh;
      l1 += v.a.y * wl; h1 += v.a.y * wh;
      l2 += v.a.z * wl; h2 += v.a.z * wh;
      l3 += v.a.w * wl; h3 += v.a.w * wh;
      l4 += v.b.x * wl; h4 += v.b.x * wh;
      l5 += v.b.y * wl; h5 += v.b.y * wh;
      l6 += v.b.z * wl; h6 += v.b.z * wh;
      l7 += v.b.w * wl; h7 += v.b.w * wh;
    }
    if (CSTEP > 2u) {
      v = loadX8(xa + 2u, xb + 2u, ta.m, tb.m);
      wl = w4[wi + 2u * F4];
      wh = w4[wi + 2u * F4 + 1u];
      l0 += v.a.x * wl; h0 += v.a.x * wh;
      l1 += v.a.y * wl; h1 += v.a.y * wh;
      l2 += v.a.z * wl; h2 += v.a.z * wh;
      l3 += v.a.w * wl; h3 += v.a.w * wh;
      l4 += v.b.x * wl; h4 += v.b.x * wh;
      l5 += v.b.y * wl; h5 += v.b.y * wh;
      l6 += v.b.z * wl; h6 += v.b.z * wh;
      l7 += v.b.w * wl; h7 += v.b.w * wh;
    }
    wi += CSTEP * F4;
    at = advance(at, steps);
  }
  storeAcc8(p0, lane * 2u, Acc8(l0, l1, l2, l3, l4, l5, l6, l7));
  storeAcc8(p0, lane * 2u + 1u, Acc8(h0, h1, h2, h3, h4, h5, h6, h7));
}

/**
 * main_vec4_f8 with 16 filters (quads 4·lane .. 4·lane+3, Fg % 16 == 0): each x value loaded feeds 16 filters and the
 * taps are worked out once per 16 filters and CSTEP channels (an RGB first layer: 96 FMAs of vec4 per tap, not 48).
 */
@compute @workgroup_size(WG)
fn main_vec4_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 16u / params.Fg) * params.Cg;
  let F4 = params.F / 4u;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  var wi = lane * 4u;
  var at = Cursor(0u, 0u, 0u);
  let steps = params.Cg / CSTEP;
  let total = params.KH * params.KW * steps;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = ta.idx + c0 + at.c * CSTEP;
    let xb = tb.idx + c0 + at.c * CSTEP;
    var v = loadX8(xa, xb, ta.m, tb.m);
    var w0 = w4[wi]; var w1 = w4[wi + 1u]; var w2 = w4[wi + 2u]; var w3 = w4[wi + 3u];
    a00 += v.a.x * w0; a01 += v.a.x * w1; a02 += v.a.x * w2; a03 += v.a.x * w3;
    a10 += v.a.y * w0; a11 += v.a.y * w1; a12 += v.a.y * w2; a13 += v.a.y * w3;
    a20 += v.a.z * w0; a21 += v.a.z * w1; a22 += v.a.z * w2; a23 += v.a.z * w3;
    a30 += v.a.w * w0; a31 += v.a.w * w1; a32 += v.a.w * w2; a33 += v.a.w * w3;
    a40 += v.b.x * w0; a41 += v.b.x * w1; a42 += v.b.x * w2; a43 += v.b.x * w3;
    a50 += v.b.y * w0; a51 += v.b.y * w1; a52 += v.b.y * w2; a53 += v.b.y * w3;
    a60 += v.b.z * w0; a61 += v.b.z * w1; a62 += v.b.z * w2; a63 += v.b.z * w3;
    a70 += v.b.w * w0; a71 += v.b.w * w1; a72 += v.b.w * w2; a73 += v.b.w * w3;
    if (CSTEP > 1u) {
      v = loadX8(xa + 1u, xb + 1u, ta.m, tb.m);
      w0 = w4[wi + F4]; w1 = w4[wi + F4 + 1u]; w2 = w4[wi + F4 + 2u]; w3 = w4[wi + F4 + 3u];
      a00 += v.a.x * w0; a01 += v.a.x * w1; a02 += v.a.x * w2; a03 += v.a.x * w3;
      a10 += v.a.y * w0; a11 += v.a.y * w1; a12 += v.a.y * w2; a13 += v.a.y * w3;
      a20 += v.a.z * w0; a21 += v.a.z * w1; a22 += v.a.z * w2; a23 += v.a.z * w3;
      a30 += v.a.w * w0; a31 += v.a.w * w1; a32 += v.a.w * w2; a33 += v.a.w * w3;
      a40 += v.b.x * w0; a41 += v.b.x * w1; a42 += v.b.x * w2; a43 += v.b.x * w3;
      a50 += v.b.y * w0; a51 += v.b.y * w1; a52 += v.b.y * w2; a53 += v.b.y * w3;
      a60 += v.b.z * w0; a61 += v.b.z * w1; a62 += v.b.z * w2; a63 += v.b.z * w3;
      a70 += v.b.w * w0; a71 += v.b.w * w1; a72 += v.b.w * w2; a73 += v.b.w * w3;
    }
    if (CSTEP > 2u) {
      v = loadX8(xa + 2u, xb + 2u, ta.m, tb.m);
      w0 = w4[wi + 2u * F4]; w1 = w4[wi + 2u * F4 + 1u]; w2 = w4[wi + 2u * F4 + 2u]; w3 = w4[wi + 2u * F4 + 3u];
      a00 += v.a.x * w0; a01 += v.a.x * w1; a02 += v.a.x * w2; a03 += v.a.x * w3;
      a10 += v.a.y * w0; a11 += v.a.y * w1; a12 += v.a.y * w2; a13 += v.a.y * w3;
      a20 += v.a.z * w0; a21 += v.a.z * w1; a22 += v.a.z * w2; a23 += v.a.z * w3;
      a30 += v.a.w * w0; a31 += v.a.w * w1; a32 += v.a.w * w2; a33 += v.a.w * w3;
      a40 += v.b.x * w0; a41 += v.b.x * w1; a42 += v.b.x * w2; a43 += v.b.x * w3;
      a50 += v.b.y * w0; a51 += v.b.y * w1; a52 += v.b.y * w2; a53 += v.b.y * w3;
      a60 += v.b.z * w0; a61 += v.b.z * w1; a62 += v.b.z * w2; a63 += v.b.z * w3;
      a70 += v.b.w * w0; a71 += v.b.w * w1; a72 += v.b.w * w2; a73 += v.b.w * w3;
    }
    wi += CSTEP * F4;
    at = advance(at, steps);
  }
  let q = lane * 4u;
  storeAcc8(p0, q, Acc8(a00, a10, a20, a30, a40, a50, a60, a70));
  storeAcc8(p0, q + 1u, Acc8(a01, a11, a21, a31, a41, a51, a61, a71));
  storeAcc8(p0, q + 2u, Acc8(a02, a12, a22, a32, a42, a52, a62, a72));
  storeAcc8(p0, q + 3u, Acc8(a03, a13, a23, a33, a43, a53, a63, a73));
}

/**
 * main_vec4x4 with 8 filters: per step 8 x vec4 loads (4 channels of 8 pixels) and 8 w vec4 loads (4 rows of 2
 * quads) feed 256 FMAs, the load-to-FMA ratio of an 8x8 matmul block.
 */
@compute @workgroup_size(WG)
fn main_vec4x4_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 8u / params.Fg) * params.Cg;
  let F4 = params.F / 4u;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  let cg4 = params.Cg / 4u;
  var wi = lane * 2u;
  var at = Cursor(0u, 0u, 0u);
  let total = params.KH * params.KW * cg4;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = (ta.idx + c0) / 4u + at.c;
    let xb = (tb.idx + c0) / 4u + at.c;
    let m = mat4x4<f32>(w4[wi], w4[wi + F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let n = mat4x4<f32>(w4[wi + 1u], w4[wi + F4 + 1u], w4[wi + 2u * F4 + 1u], w4[wi + 3u * F4 + 1u]);
    let v0 = x4[xa.x] * ta.m.x;
    let v1 = x4[xa.y] * ta.m.y;
    let v2 = x4[xa.z] * ta.m.z;
    let v3 = x4[xa.w] * ta.m.w;
    let v4 = x4[xb.x] * tb.m.x;
    let v5 = x4[xb.y] * tb.m.y;
    let v6 = x4[xb.z] * tb.m.z;
    let v7 = x4[xb.w] * tb.m.w;
    l0 = fma4(l0, v0, m); h0 = fma4(h0, v0, n);
    l1 = fma4(l1, v1, m); h1 = fma4(h1, v1, n);
    l2 = fma4(l2, v2, m); h2 = fma4(h2, v2, n);
    l3 = fma4(l3, v3, m); h3 = fma4(h3, v3, n);
    l4 = fma4(l4, v4, m); h4 = fma4(h4, v4, n);
    l5 = fma4(l5, v5, m); h5 = fma4(h5, v5, n);
    l6 = fma4(l6, v6, m); h6 = fma4(h6, v6, n);
    l7 = fma4(l7, v7, m); h7 = fma4(h7, v7, n);
    wi += 4u * F4;
    at = advance(at, cg4);
  }
  storeAcc8(p0, lane * 2u, Acc8(l0, l1, l2, l3, l4, l5, l6, l7));
  storeAcc8(p0, lane * 2u + 1u, Acc8(h0, h1, h2, h3, h4, h5, h6, h7));
}

/**
 * main_vec4x4_f8 with 16 filters (quads 4·lane .. 4·lane+3, Fg % 16 == 0): 8 x and 16 w vec4 loads feed 512 FMAs per
 * step, and the taps are worked out once per 16 filters.
 */
@compute @workgroup_size(WG)
fn main_vec4x4_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let c0 = (lane * 16u / params.Fg) * params.Cg;
  let F4 = params.F / 4u;
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  let cg4 = params.Cg / 4u;
  var wi = lane * 4u;
  var at = Cursor(0u, 0u, 0u);
  let total = params.KH * params.KW * cg4;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = (ta.idx + c0) / 4u + at.c;
    let xb = (tb.idx + c0) / 4u + at.c;
    let m0 = mat4x4<f32>(w4[wi], w4[wi + F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let m1 = mat4x4<f32>(w4[wi + 1u], w4[wi + F4 + 1u], w4[wi + 2u * F4 + 1u], w4[wi + 3u * F4 + 1u]);
    let m2 = mat4x4<f32>(w4[wi + 2u], w4[wi + F4 + 2u], w4[wi + 2u * F4 + 2u], w4[wi + 3u * F4 + 2u]);
    let m3 = mat4x4<f32>(w4[wi + 3u], w4[wi + F4 + 3u], w4[wi + 2u * F4 + 3u], w4[wi + 3u * F4 + 3u]);
    let v0 = x4[xa.x] * ta.m.x;
    let v1 = x4[xa.y] * ta.m.y;
    let v2 = x4[xa.z] * ta.m.z;
    let v3 = x4[xa.w] * ta.m.w;
    let v4 = x4[xb.x] * tb.m.x;
    let v5 = x4[xb.y] * tb.m.y;
    let v6 = x4[xb.z] * tb.m.z;
    let v7 = x4[xb.w] * tb.m.w;
    a00 = fma4(a00, v0, m0); a01 = fma4(a01, v0, m1); a02 = fma4(a02, v0, m2); a03 = fma4(a03, v0, m3);
    a10 = fma4(a10, v1, m0); a11 = fma4(a11, v1, m1); a12 = fma4(a12, v1, m2); a13 = fma4(a13, v1, m3);
    a20 = fma4(a20, v2, m0); a21 = fma4(a21, v2, m1); a22 = fma4(a22, v2, m2); a23 = fma4(a23, v2, m3);
    a30 = fma4(a30, v3, m0); a31 = fma4(a31, v3, m1); a32 = fma4(a32, v3, m2); a33 = fma4(a33, v3, m3);
    a40 = fma4(a40, v4, m0); a41 = fma4(a41, v4, m1); a42 = fma4(a42, v4, m2); a43 = fma4(a43, v4, m3);
    a50 = fma4(a50, v5, m0); a51 = fma4(a51, v5, m1); a52 = fma4(a52, v5, m2); a53 = fma4(a53, v5, m3);
    a60 = fma4(a60, v6, m0); a61 = fma4(a61, v6, m1); a62 = fma4(a62, v6, m2); a63 = fma4(a63, v6, m3);
    a70 = fma4(a70, v7, m0); a71 = fma4(a71, v7, m1); a72 = fma4(a72, v7, m2); a73 = fma4(a73, v7, m3);
    wi += 4u * F4;
    at = advance(at, cg4);
  }
  let q = lane * 4u;
  storeAcc8(p0, q, Acc8(a00, a10, a20, a30, a40, a50, a60, a70));
  storeAcc8(p0, q + 1u, Acc8(a01, a11, a21, a31, a41, a51, a61, a71));
  storeAcc8(p0, q + 2u, Acc8(a02, a12, a22, a32, a42, a52, a62, a72));
  storeAcc8(p0, q + 3u, Acc8(a03, a13, a23, a33, a43, a53, a63, a73));
}

/**
 * main with 8 filters per invocation (8·lane .. 8·lane+7, clamped to F-1 for loads) and groups == 1: per tap 8 x and
 * 8 w scalar loads feed 64 FMAs, where main needs 12 loads for 32.
 */
@compute @workgroup_size(WG)
fn main_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let f0 = (i % lanes) * 8u;
  let p0 = (i / lanes) * 8u;
  let last = vec4<u32>(params.F - 1u);
  var wl = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), last);
  var wh = min(vec4<u32>(f0) + vec4<u32>(4u, 5u, 6u, 7u), last);
  let qa = quad(p0);
  let qb = quad(p0 + 4u);
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var at = Cursor(0u, 0u, 0u);
  let total = params.KH * params.KW * params.Cg;
  for (var k = 0u; k < total; k++) {
    let ta = tap(qa, at);
    let tb = tap(qb, at);
    let xa = ta.idx + at.c;
    let xb = tb.idx + at.c;
    let wvl = vec4<f32>(w[wl.x], w[wl.y], w[wl.z], w[wl.w]);
    let wvh = vec4<f32>(w[wh.x], w[wh.y], w[wh.z], w[wh.w]);
    let v0 = x[xa.x] * ta.m.x;
    let v1 = x[xa.y] * ta.m.y;
    let v2 = x[xa.z] * ta.m.z;
    let v3 = x[xa.w] * ta.m.w;
    let v4 = x[xb.x] * tb.m.x;
    let v5 = x[xb.y] * tb.m.y;
    let v6 = x[xb.z] * tb.m.z;
    let v7 = x[xb.w] * tb.m.w;
    l0 += v0 * wvl; h0 += v0 * wvh;
    l1 += v1 * wvl; h1 += v1 * wvh;
    l2 += v2 * wvl; h2 += v2 * wvh;
    l3 += v3 * wvl; h3 += v3 * wvh;
    l4 += v4 * wvl; h4 += v4 * wvh;
    l5 += v5 * wvl; h5 += v5 * wvh;
    l6 += v6 * wvl; h6 += v6 * wvh;
    l7 += v7 * wvl; h7 += v7 * wvh;
    wl += vec4<u32>(params.F);
    wh += vec4<u32>(params.F);
    at = advance(at, params.Cg);
  }
  let bl = loadBias(f0);
  let bh = loadBias(f0 + 4u);
  storeScalar(p0, f0, l0 + bl); storeScalar(p0, f0 + 4u, h0 + bh);
  storeScalar(p0 + 1u, f0, l1 + bl); storeScalar(p0 + 1u, f0 + 4u, h1 + bh);
  storeScalar(p0 + 2u, f0, l2 + bl); storeScalar(p0 + 2u, f0 + 4u, h2 + bh);
  storeScalar(p0 + 3u, f0, l3 + bl); storeScalar(p0 + 3u, f0 + 4u, h3 + bh);
  storeScalar(p0 + 4u, f0, l4 + bl); storeScalar(p0 + 4u, f0 + 4u, h4 + bh);
  storeScalar(p0 + 5u, f0, l5 + bl); storeScalar(p0 + 5u, f0 + 4u, h5 + bh);
  storeScalar(p0 + 6u, f0, l6 + bl); storeScalar(p0 + 6u, f0 + 4u, h6 + bh);
  storeScalar(p0 + 7u, f0, l7 + bl); storeScalar(p0 + 7u, f0 + 4u, h7 + bh);
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

/** The 10 input columns ox0 - PW + j (j = 0..9) of a block of 8 pixels in one output row: clamped indices, 0/1 factors. */
struct RowColumns {
  col0: vec4<u32>,
  col1: vec4<u32>,
  col2: vec4<u32>,
  mask0: vec4<f32>,
  mask1: vec4<f32>,
  mask2: vec4<f32>,
  /** n·H, and the input row of kernel row 0 (may be negative). */
  nH: u32,
  iy0: i32,
}

fn rowColumns(p0: u32) -> RowColumns {
  let ox0 = p0 % params.OW;
  let t = p0 / params.OW;
  let oy = t % params.OH;
  let c0 = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(c0, params.W);
  let q1 = columnQuad(c0 + vec4<i32>(4), params.W);
  let q2 = columnQuad(c0 + vec4<i32>(8), params.W);
  return RowColumns(
    q0.idx,
    q1.idx,
    q2.idx,
    q0.mask,
    q1.mask,
    q2.mask,
    (t / params.OH) * params.H,
    i32(oy * params.SH) - i32(params.PH),
  );
}

/**
 * A 3-wide kernel row at stride 1 (KW = 3, SW = DW = 1, groups == 1, Cg % 4 == 0, Fg % 16 == 0, OW % 8 == 0): the 8
 * pixels of a block sit in one output row, so the three taps of a kernel row read 10 neighbouring input columns
 * between them. One loop step is one kernel row ky and one channel quad: 10 x vec4 loads (not 24) and one row test
 * (not six tap computations) feed the 96 4x4 products of the three taps. The column indices and padding factors of
 * the 10 columns are worked out once per invocation. This reuse is a convolution's own: a GEMM has none, so the
 * roofline's 1x1 kernel cannot take this tile.
 */
@compute @workgroup_size(WG)
fn main_row3_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let cols = rowColumns(p0);
  let col0 = cols.col0;
  let col1 = cols.col1;
  let col2 = cols.col2;
  let colMask0 = cols.mask0;
  let colMask1 = cols.mask1;
  let colMask2 = cols.mask2;
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  // w rows of tap (ky, kx), channel ci: (ky·3 + kx)·C + ci; one tap is C rows of F4 vec4s.
  let tapStep = params.C * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  var ky = 0u;
  var cq = 0u;
  let total = params.KH * C4;
  for (var k = 0u; k < total; k++) {
    let iy = cols.iy0 + i32(ky * params.DH);
    let rowOk = u32(iy) < params.H;
    let row = (cols.nH + select(0u, u32(iy), rowOk)) * params.W;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 3u * params.C + 4u * cq) * F4 + 4u * lane;
    let xc0 = x4[(row + col0.x) * C4 + cq] * (rowMask * colMask0.x);
    let xc1 = x4[(row + col0.y) * C4 + cq] * (rowMask * colMask0.y);
    let xc2 = x4[(row + col0.z) * C4 + cq] * (rowMask * colMask0.z);
    let xc3 = x4[(row + col0.w) * C4 + cq] * (rowMask * colMask0.w);
    let xc4 = x4[(row + col1.x) * C4 + cq] * (rowMask * colMask1.x);
    let xc5 = x4[(row + col1.y) * C4 + cq] * (rowMask * colMask1.y);
    let xc6 = x4[(row + col1.z) * C4 + cq] * (rowMask * colMask1.z);
    let xc7 = x4[(row + col1.w) * C4 + cq] * (rowMask * colMask1.w);
    let xc8 = x4[(row + col2.x) * C4 + cq] * (rowMask * colMask2.x);
    let xc9 = x4[(row + col2.y) * C4 + cq] * (rowMask * colMask2.y);
    let m00 = mat4x4<f32>(w4[wi], w4[wi + F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let m01 = mat4x4<f32>(w4[wi + 1u], w4[wi + F4 + 1u], w4[wi + 2u * F4 + 1u], w4[wi + 3u * F4 + 1u]);
    let m02 = mat4x4<f32>(w4[wi + 2u], w4[wi + F4 + 2u], w4[wi + 2u * F4 + 2u], w4[wi + 3u * F4 + 2u]);
    let m03 = mat4x4<f32>(w4[wi + 3u], w4[wi + F4 + 3u], w4[wi + 2u * F4 + 3u], w4[wi + 3u * F4 + 3u]);
    let m10 = mat4x4<f32>(w4[wi + 1u * tapStep], w4[wi + 1u * tapStep + F4], w4[wi + 1u * tapStep + 2u * F4], w4[wi + 1u * tapStep + 3u * F4]);
    let m11 = mat4x4<f32>(w4[wi + 1u * tapStep + 1u], w4[wi + 1u * tapStep + F4 + 1u], w4[wi + 1u * tapStep + 2u * F4 + 1u], w4[wi + 1u * tapStep + 3u * F4 + 1u]);
    let m12 = mat4x4<f32>(w4[wi + 1u * tapStep + 2u], w4[wi + 1u * tapStep + F4 + 2u], w4[wi + 1u * tapStep + 2u * F4 + 2u], w4[wi + 1u * tapStep + 3u * F4 + 2u]);
    let m13 = mat4x4<f32>(w4[wi + 1u * tapStep + 3u], w4[wi + 1u * tapStep + F4 + 3u], w4[wi + 1u * tapStep + 2u * F4 + 3u], w4[wi + 1u * tapStep + 3u * F4 + 3u]);
    let m20 = mat4x4<f32>(w4[wi + 2u * tapStep], w4[wi + 2u * tapStep + F4], w4[wi + 2u * tapStep + 2u * F4], w4[wi + 2u * tapStep + 3u * F4]);
    let m21 = mat4x4<f32>(w4[wi + 2u * tapStep + 1u], w4[wi + 2u * tapStep + F4 + 1u], w4[wi + 2u * tapStep + 2u * F4 + 1u], w4[wi + 2u * tapStep + 3u * F4 + 1u]);
    let m22 = mat4x4<f32>(w4[wi + 2u * tapStep + 2u], w4[wi + 2u * tapStep + F4 + 2u], w4[wi + 2u * tapStep + 2u * F4 + 2u], w4[wi + 2u * tapStep + 3u * F4 + 2u]);
    let m23 = mat4x4<f32>(w4[wi + 2u * tapStep + 3u], w4[wi + 2u * tapStep + F4 + 3u], w4[wi + 2u * tapStep + 2u * F4 + 3u], w4[wi + 2u * tapStep + 3u * F4 + 3u]);
    a00 = fma4(a00, xc0, m00); a01 = fma4(a01, xc0, m01); a02 = fma4(a02, xc0, m02); a03 = fma4(a03, xc0, m03);
    a10 = fma4(a10, xc1, m00); a11 = fma4(a11, xc1, m01); a12 = fma4(a12, xc1, m02); a13 = fma4(a13, xc1, m03);
    a20 = fma4(a20, xc2, m00); a21 = fma4(a21, xc2, m01); a22 = fma4(a22, xc2, m02); a23 = fma4(a23, xc2, m03);
    a30 = fma4(a30, xc3, m00); a31 = fma4(a31, xc3, m01); a32 = fma4(a32, xc3, m02); a33 = fma4(a33, xc3, m03);
    a40 = fma4(a40, xc4, m00); a41 = fma4(a41, xc4, m01); a42 = fma4(a42, xc4, m02); a43 = fma4(a43, xc4, m03);
    a50 = fma4(a50, xc5, m00); a51 = fma4(a51, xc5, m01); a52 = fma4(a52, xc5, m02); a53 = fma4(a53, xc5, m03);
    a60 = fma4(a60, xc6, m00); a61 = fma4(a61, xc6, m01); a62 = fma4(a62, xc6, m02); a63 = fma4(a63, xc6, m03);
    a70 = fma4(a70, xc7, m00); a71 = fma4(a71, xc7, m01); a72 = fma4(a72, xc7, m02); a73 = fma4(a73, xc7, m03);
    a00 = fma4(a00, xc1, m10); a01 = fma4(a01, xc1, m11); a02 = fma4(a02, xc1, m12); a03 = fma4(a03, xc1, m13);
    a10 = fma4(a10, xc2, m10); a11 = fma4(a11, xc2, m11); a12 = fma4(a12, xc2, m12); a13 = fma4(a13, xc2, m13);
    a20 = fma4(a20, xc3, m10); a21 = fma4(a21, xc3, m11); a22 = fma4(a22, xc3, m12); a23 = fma4(a23, xc3, m13);
    a30 = fma4(a30, xc4, m10); a31 = fma4(a31, xc4, m11); a32 = fma4(a32, xc4, m12); a33 = fma4(a33, xc4, m13);
    a40 = fma4(a40, xc5, m10); a41 = fma4(a41, xc5, m11); a42 = fma4(a42, xc5, m12); a43 = fma4(a43, xc5, m13);
    a50 = fma4(a50, xc6, m10); a51 = fma4(a51, xc6, m11); a52 = fma4(a52, xc6, m12); a53 = fma4(a53, xc6, m13);
    a60 = fma4(a60, xc7, m10); a61 = fma4(a61, xc7, m11); a62 = fma4(a62, xc7, m12); a63 = fma4(a63, xc7, m13);
    a70 = fma4(a70, xc8, m10); a71 = fma4(a71, xc8, m11); a72 = fma4(a72, xc8, m12); a73 = fma4(a73, xc8, m13);
    a00 = fma4(a00, xc2, m20); a01 = fma4(a01, xc2, m21); a02 = fma4(a02, xc2, m22); a03 = fma4(a03, xc2, m23);
    a10 = fma4(a10, xc3, m20); a11 = fma4(a11, xc3, m21); a12 = fma4(a12, xc3, m22); a13 = fma4(a13, xc3, m23);
    a20 = fma4(a20, xc4, m20); a21 = fma4(a21, xc4, m21); a22 = fma4(a22, xc4, m22); a23 = fma4(a23, xc4, m23);
    a30 = fma4(a30, xc5, m20); a31 = fma4(a31, xc5, m21); a32 = fma4(a32, xc5, m22); a33 = fma4(a33, xc5, m23);
    a40 = fma4(a40, xc6, m20); a41 = fma4(a41, xc6, m21); a42 = fma4(a42, xc6, m22); a43 = fma4(a43, xc6, m23);
    a50 = fma4(a50, xc7, m20); a51 = fma4(a51, xc7, m21); a52 = fma4(a52, xc7, m22); a53 = fma4(a53, xc7, m23);
    a60 = fma4(a60, xc8, m20); a61 = fma4(a61, xc8, m21); a62 = fma4(a62, xc8, m22); a63 = fma4(a63, xc8, m23);
    a70 = fma4(a70, xc9, m20); a71 = fma4(a71, xc9, m21); a72 = fma4(a72, xc9, m22); a73 = fma4(a73, xc9, m23);
    cq += 1u;
    let nextRow = cq == C4;
    ky += select(0u, 1u, nextRow);
    cq = select(cq, 0u, nextRow);
  }
  let q = lane * 4u;
  storeAcc8(p0, q, Acc8(a00, a10, a20, a30, a40, a50, a60, a70));
  storeAcc8(p0, q + 1u, Acc8(a01, a11, a21, a31, a41, a51, a61, a71));
  storeAcc8(p0, q + 2u, Acc8(a02, a12, a22, a32, a42, a52, a62, a72));
  storeAcc8(p0, q + 3u, Acc8(a03, a13, a23, a33, a43, a53, a63, a73));
}

/**
 * main_row3_f16 for channels that do not come in quads (an RGB first layer): one loop step is one kernel row ky and one
 * input channel, 10 scalar x loads (not 24) for the 96 vec4 FMAs of the three taps. Needs KW = 3, SW = DW = 1,
 * groups == 1, Fg % 16 == 0, OW % 8 == 0.
 */
@compute @workgroup_size(WG)
fn main_row3s_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 8u;
  let cols = rowColumns(p0);
  let col0 = cols.col0;
  let col1 = cols.col1;
  let col2 = cols.col2;
  let colMask0 = cols.mask0;
  let colMask1 = cols.mask1;
  let colMask2 = cols.mask2;
  let F4 = params.F / 4u;
  let tapStep = params.C * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  var ky = 0u;
  var c = 0u;
  let total = params.KH * params.C;
  for (var k = 0u; k < total; k++) {
    let iy = cols.iy0 + i32(ky * params.DH);
    let rowOk = u32(iy) < params.H;
    let row = (cols.nH + select(0u, u32(iy), rowOk)) * params.W;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 3u * params.C + c) * F4 + 4u * lane;
    let xc0 = x[(row + col0.x) * params.C + c] * (rowMask * colMask0.x);
    let xc1 = x[(row + col0.y) * params.C + c] * (rowMask * colMask0.y);
    let xc2 = x[(row + col0.z) * params.C + c] * (rowMask * colMask0.z);
    let xc3 = x[(row + col0.w) * params.C + c] * (rowMask * colMask0.w);
    let xc4 = x[(row + col1.x) * params.C + c] * (rowMask * colMask1.x);
    let xc5 = x[(row + col1.y) * params.C + c] * (rowMask * colMask1.y);
    let xc6 = x[(row + col1.z) * params.C + c] * (rowMask * colMask1.z);
    let xc7 = x[(row + col1.w) * params.C + c] * (rowMask * colMask1.w);
    let xc8 = x[(row + col2.x) * params.C + c] * (rowMask * colMask2.x);
    let xc9 = x[(row + col2.y) * params.C + c] * (rowMask * colMask2.y);
    let w00 = w4[wi]; let w01 = w4[wi + 1u]; let w02 = w4[wi + 2u]; let w03 = w4[wi + 3u];
    let w10 = w4[wi + 1u * tapStep]; let w11 = w4[wi + 1u * tapStep + 1u]; let w12 = w4[wi + 1u * tapStep + 2u]; let w13 = w4[wi + 1u * tapStep + 3u];
    let w20 = w4[wi + 2u * tapStep]; let w21 = w4[wi + 2u * tapStep + 1u]; let w22 = w4[wi + 2u * tapStep + 2u]; let w23 = w4[wi + 2u * tapStep + 3u];
    a00 += xc0 * w00; a01 += xc0 * w01; a02 += xc0 * w02; a03 += xc0 * w03;
    a10 += xc1 * w00; a11 += xc1 * w01; a12 += xc1 * w02; a13 += xc1 * w03;
    a20 += xc2 * w00; a21 += xc2 * w01; a22 += xc2 * w02; a23 += xc2 * w03;
    a30 += xc3 * w00; a31 += xc3 * w01; a32 += xc3 * w02; a33 += xc3 * w03;
    a40 += xc4 * w00; a41 += xc4 * w01; a42 += xc4 * w02; a43 += xc4 * w03;
    a50 += xc5 * w00; a51 += xc5 * w01; a52 += xc5 * w02; a53 += xc5 * w03;
    a60 += xc6 * w00; a61 += xc6 * w01; a62 += xc6 * w02; a63 += xc6 * w03;
    a70 += xc7 * w00; a71 += xc7 * w01; a72 += xc7 * w02; a73 += xc7 * w03;
    a00 += xc1 * w10; a01 += xc1 * w11; a02 += xc1 * w12; a03 += xc1 * w13;
    a10 += xc2 * w10; a11 += xc2 * w11; a12 += xc2 * w12; a13 += xc2 * w13;
    a20 += xc3 * w10; a21 += xc3 * w11; a22 += xc3 * w12; a23 += xc3 * w13;
    a30 += xc4 * w10; a31 += xc4 * w11; a32 += xc4 * w12; a33 += xc4 * w13;
    a40 += xc5 * w10; a41 += xc5 * w11; a42 += xc5 * w12; a43 += xc5 * w13;
    a50 += xc6 * w10; a51 += xc6 * w11; a52 += xc6 * w12; a53 += xc6 * w13;
    a60 += xc7 * w10; a61 += xc7 * w11; a62 += xc7 * w12; a63 += xc7 * w13;
    a70 += xc8 * w10; a71 += xc8 * w11; a72 += xc8 * w12; a73 += xc8 * w13;
    a00 += xc2 * w20; a01 += xc2 * w21; a02 += xc2 * w22; a03 += xc2 * w23;
    a10 += xc3 * w20; a11 += xc3 * w21; a12 += xc3 * w22; a13 += xc3 * w23;
    a20 += xc4 * w20; a21 += xc4 * w21; a22 += xc4 * w22; a23 += xc4 * w23;
    a30 += xc5 * w20; a31 += xc5 * w21; a32 += xc5 * w22; a33 += xc5 * w23;
    a40 += xc6 * w20; a41 += xc6 * w21; a42 += xc6 * w22; a43 += xc6 * w23;
    a50 += xc7 * w20; a51 += xc7 * w21; a52 += xc7 * w22; a53 += xc7 * w23;
    a60 += xc8 * w20; a61 += xc8 * w21; a62 += xc8 * w22; a63 += xc8 * w23;
    a70 += xc9 * w20; a71 += xc9 * w21; a72 += xc9 * w22; a73 += xc9 * w23;
    c += 1u;
    let nextRow = c == params.C;
    ky += select(0u, 1u, nextRow);
    c = select(c, 0u, nextRow);
  }
  let q = lane * 4u;
  storeAcc8(p0, q, Acc8(a00, a10, a20, a30, a40, a50, a60, a70));
  storeAcc8(p0, q + 1u, Acc8(a01, a11, a21, a31, a41, a51, a61, a71));
  storeAcc8(p0, q + 2u, Acc8(a02, a12, a22, a32, a42, a52, a62, a72));
  storeAcc8(p0, q + 3u, Acc8(a03, a13, a23, a33, a43, a53, a63, a73));
}

/**
 * main_row3_f16 with 16 pixels x 8 filters (OW % 16 == 0, Fg % 8 == 0): the same 32 accumulators, but per step 18
 * x and 24 w vec4 loads (not 10 and 48) feed the 96 4x4 products. Mapping: lanes = F/8, 16 pixels per block.
 */
@compute @workgroup_size(WG)
fn main_row3p16_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let lane = i % lanes;
  let p0 = (i / lanes) * 16u;
  let ox0 = p0 % params.OW;
  let t = p0 / params.OW;
  let oy = t % params.OH;
  let nH = (t / params.OH) * params.H;
  let iy0 = i32(oy * params.SH) - i32(params.PH);
  // Input columns ox0 - PW + j, j = 0..17: clamped indices and 0/1 factors.
  let c0 = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(c0, params.W); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(c0 + vec4<i32>(4), params.W); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(c0 + vec4<i32>(8), params.W); let col2 = q2.idx; let colMask2 = q2.mask;
  let q3 = columnQuad(c0 + vec4<i32>(12), params.W); let col3 = q3.idx; let colMask3 = q3.mask;
  let q4 = columnQuad(c0 + vec4<i32>(16), params.W); let col4 = q4.idx; let colMask4 = q4.mask;
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  let tapStep = params.C * F4;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0);  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0);  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0);  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0);  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0);
  var a80 = vec4<f32>(0.0); var a81 = vec4<f32>(0.0);  var a90 = vec4<f32>(0.0); var a91 = vec4<f32>(0.0);
  var aa0 = vec4<f32>(0.0); var aa1 = vec4<f32>(0.0);  var ab0 = vec4<f32>(0.0); var ab1 = vec4<f32>(0.0);
  var ac0 = vec4<f32>(0.0); var ac1 = vec4<f32>(0.0);  var ad0 = vec4<f32>(0.0); var ad1 = vec4<f32>(0.0);
  var ae0 = vec4<f32>(0.0); var ae1 = vec4<f32>(0.0);  var af0 = vec4<f32>(0.0); var af1 = vec4<f32>(0.0);
  var ky = 0u;
  var cq = 0u;
  let total = params.KH * C4;
  for (var k = 0u; k < total; k++) {
    let iy = iy0 + i32(ky * params.DH);
    let rowOk = u32(iy) < params.H;
    let row = (nH + select(0u, u32(iy), rowOk)) * params.W;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 3u * params.C + 4u * cq) * F4 + 2u * lane;
    let xc0 = x4[(row + col0.x) * C4 + cq] * (rowMask * colMask0.x);
    let xc1 = x4[(row + col0.y) * C4 + cq] * (rowMask * colMask0.y);
    let xc2 = x4[(row + col0.z) * C4 + cq] * (rowMask * colMask0.z);
    let xc3 = x4[(row + col0.w) * C4 + cq] * (rowMask * colMask0.w);
    let xc4 = x4[(row + col1.x) * C4 + cq] * (rowMask * colMask1.x);
    let xc5 = x4[(row + col1.y) * C4 + cq] * (rowMask * colMask1.y);
    let xc6 = x4[(row + col1.z) * C4 + cq] * (rowMask * colMask1.z);
    let xc7 = x4[(row + col1.w) * C4 + cq] * (rowMask * colMask1.w);
    let xc8 = x4[(row + col2.x) * C4 + cq] * (rowMask * colMask2.x);
    let xc9 = x4[(row + col2.y) * C4 + cq] * (rowMask * colMask2.y);
    let xca = x4[(row + col2.z) * C4 + cq] * (rowMask * colMask2.z);
    let xcb = x4[(row + col2.w) * C4 + cq] * (rowMask * colMask2.w);
    let xcc = x4[(row + col3.x) * C4 + cq] * (rowMask * colMask3.x);
    let xcd = x4[(row + col3.y) * C4 + cq] * (rowMask * colMask3.y);
    let xce = x4[(row + col3.z) * C4 + cq] * (rowMask * colMask3.z);
    let xcf = x4[(row + col3.w) * C4 + cq] * (rowMask * colMask3.w);
    let xc10 = x4[(row + col4.x) * C4 + cq] * (rowMask * colMask4.x);
    let xc11 = x4[(row + col4.y) * C4 + cq] * (rowMask * colMask4.y);
    let m00 = mat4x4<f32>(w4[wi], w4[wi + F4], w4[wi + 2u * F4], w4[wi + 3u * F4]);
    let m01 = mat4x4<f32>(w4[wi + 1u], w4[wi + F4 + 1u], w4[wi + 2u * F4 + 1u], w4[wi + 3u * F4 + 1u]);
    let m10 = mat4x4<f32>(w4[wi + 1u * tapStep], w4[wi + 1u * tapStep + F4], w4[wi + 1u * tapStep + 2u * F4], w4[wi + 1u * tapStep + 3u * F4]);
    let m11 = mat4x4<f32>(w4[wi + 1u * tapStep + 1u], w4[wi + 1u * tapStep + F4 + 1u], w4[wi + 1u * tapStep + 2u * F4 + 1u], w4[wi + 1u * tapStep + 3u * F4 + 1u]);
    let m20 = mat4x4<f32>(w4[wi + 2u * tapStep], w4[wi + 2u * tapStep + F4], w4[wi + 2u * tapStep + 2u * F4], w4[wi + 2u * tapStep + 3u * F4]);
    let m21 = mat4x4<f32>(w4[wi + 2u * tapStep + 1u], w4[wi + 2u * tapStep + F4 + 1u], w4[wi + 2u * tapStep + 2u * F4 + 1u], w4[wi + 2u * tapStep + 3u * F4 + 1u]);
    a00 = fma4(a00, xc0, m00); a01 = fma4(a01, xc0, m01); a10 = fma4(a10, xc1, m00); a11 = fma4(a11, xc1, m01);
    a20 = fma4(a20, xc2, m00); a21 = fma4(a21, xc2, m01); a30 = fma4(a30, xc3, m00); a31 = fma4(a31, xc3, m01);
    a40 = fma4(a40, xc4, m00); a41 = fma4(a41, xc4, m01); a50 = fma4(a50, xc5, m00); a51 = fma4(a51, xc5, m01);
    a60 = fma4(a60, xc6, m00); a61 = fma4(a61, xc6, m01); a70 = fma4(a70, xc7, m00); a71 = fma4(a71, xc7, m01);
    a80 = fma4(a80, xc8, m00); a81 = fma4(a81, xc8, m01); a90 = fma4(a90, xc9, m00); a91 = fma4(a91, xc9, m01);
    aa0 = fma4(aa0, xca, m00); aa1 = fma4(aa1, xca, m01); ab0 = fma4(ab0, xcb, m00); ab1 = fma4(ab1, xcb, m01);
    ac0 = fma4(ac0, xcc, m00); ac1 = fma4(ac1, xcc, m01); ad0 = fma4(ad0, xcd, m00); ad1 = fma4(ad1, xcd, m01);
    ae0 = fma4(ae0, xce, m00); ae1 = fma4(ae1, xce, m01); af0 = fma4(af0, xcf, m00); af1 = fma4(af1, xcf, m01);
    a00 = fma4(a00, xc1, m10); a01 = fma4(a01, xc1, m11); a10 = fma4(a10, xc2, m10); a11 = fma4(a11, xc2, m11);
    a20 = fma4(a20, xc3, m10); a21 = fma4(a21, xc3, m11); a30 = fma4(a30, xc4, m10); a31 = fma4(a31, xc4, m11);
    a40 = fma4(a40, xc5, m10); a41 = fma4(a41, xc5, m11); a50 = fma4(a50, xc6, m10); a51 = fma4(a51, xc6, m11);
    a60 = fma4(a60, xc7, m10); a61 = fma4(a61, xc7, m11); a70 = fma4(a70, xc8, m10); a71 = fma4(a71, xc8, m11);
    a80 = fma4(a80, xc9, m10); a81 = fma4(a81, xc9, m11); a90 = fma4(a90, xca, m10); a91 = fma4(a91, xca, m11);
    aa0 = fma4(aa0, xcb, m10); aa1 = fma4(aa1, xcb, m11); ab0 = fma4(ab0, xcc, m10); ab1 = fma4(ab1, xcc, m11);
    ac0 = fma4(ac0, xcd, m10); ac1 = fma4(ac1, xcd, m11); ad0 = fma4(ad0, xce, m10); ad1 = fma4(ad1, xce, m11);
    ae0 = fma4(ae0, xcf, m10); ae1 = fma4(ae1, xcf, m11); af0 = fma4(af0, xc10, m10); af1 = fma4(af1, xc10, m11);
    a00 = fma4(a00, xc2, m20); a01 = fma4(a01, xc2, m21); a10 = fma4(a10, xc3, m20); a11 = fma4(a11, xc3, m21);
    a20 = fma4(a20, xc4, m20); a21 = fma4(a21, xc4, m21); a30 = fma4(a30, xc5, m20); a31 = fma4(a31, xc5, m21);
    a40 = fma4(a40, xc6, m20); a41 = fma4(a41, xc6, m21); a50 = fma4(a50, xc7, m20); a51 = fma4(a51, xc7, m21);
    a60 = fma4(a60, xc8, m20); a61 = fma4(a61, xc8, m21); a70 = fma4(a70, xc9, m20); a71 = fma4(a71, xc9, m21);
    a80 = fma4(a80, xca, m20); a81 = fma4(a81, xca, m21); a90 = fma4(a90, xcb, m20); a91 = fma4(a91, xcb, m21);
    aa0 = fma4(aa0, xcc, m20); aa1 = fma4(aa1, xcc, m21); ab0 = fma4(ab0, xcd, m20); ab1 = fma4(ab1, xcd, m21);
    ac0 = fma4(ac0, xce, m20); ac1 = fma4(ac1, xce, m21); ad0 = fma4(ad0, xcf, m20); ad1 = fma4(ad1, xcf, m21);
    ae0 = fma4(ae0, xc10, m20); ae1 = fma4(ae1, xc10, m21); af0 = fma4(af0, xc11, m20); af1 = fma4(af1, xc11, m21);
    cq += 1u;
    let nextRow = cq == C4;
    ky += select(0u, 1u, nextRow);
    cq = select(cq, 0u, nextRow);
  }
  let q = lane * 2u;
  storeAcc8(p0, q + 0u, Acc8(a00, a10, a20, a30, a40, a50, a60, a70));
  storeAcc8(p0 + 8u, q + 0u, Acc8(a80, a90, aa0, ab0, ac0, ad0, ae0, af0));
  storeAcc8(p0, q + 1u, Acc8(a01, a11, a21, a31, a41, a51, a61, a71));
  storeAcc8(p0 + 8u, q + 1u, Acc8(a81, a91, aa1, ab1, ac1, ad1, ae1, af1));
}

/** Flat output pixel orow·OW + ox, or P (never stored) past the row's end. */
fn rowPixel(orow: u32, ox: u32) -> u32 {
  return select(params.pixels, orow * params.OW + ox, ox < params.OW);
}

/**
 * main_row5p14s_f8 with vec4 weights (F % 8 == 0) and blocks of 10 pixels of a row (LeNet's conv2 rows exactly): one
 * loop step is one kernel row ky and one input channel, 14 scalar x loads and 10 w vec4 loads for the 100 vec4 FMAs
 * of the five taps. Blocks = ceil(OW/10); i < count = N·OH·blocks·lanes, lanes = F/8.
 */
@compute @workgroup_size(WG)
fn main_row5p10s_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let q = (i % lanes) * 2u;
  let t = i / lanes;
  let blocks = (params.OW + 9u) / 10u;
  let ox0 = (t % blocks) * 10u;
  // n·OH + oy
  let orow = t / blocks;
  let nH = (orow / params.OH) * params.H;
  let iy0 = i32((orow % params.OH) * params.SH) - i32(params.PH);
  // Input columns ox0 - PW + j, j = 0..13: clamped indices and 0/1 factors.
  let cs = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(cs, params.W); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(cs + vec4<i32>(4), params.W); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(cs + vec4<i32>(8), params.W); let col2 = q2.idx; let colMask2 = q2.mask;
  let q3 = columnQuad(cs + vec4<i32>(12), params.W); let col3 = q3.idx; let colMask3 = q3.mask;
  let F4 = params.F / 4u;
  // w[ky, kx, c, f] at ((ky·5 + kx)·C + c)·F4 + f/4 in vec4s.
  let tapStep = params.C * F4;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var l8 = vec4<f32>(0.0); var h8 = vec4<f32>(0.0);
  var l9 = vec4<f32>(0.0); var h9 = vec4<f32>(0.0);
  var ky = 0u;
  var c = 0u;
  let total = params.KH * params.C;
  for (var k = 0u; k < total; k++) {
    let iy = iy0 + i32(ky * params.DH);
    let rowOk = u32(iy) < params.H;
    let row = (nH + select(0u, u32(iy), rowOk)) * params.W;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 5u * params.C + c) * F4 + q;
    let xc0 = x[(row + col0.x) * params.C + c] * (rowMask * colMask0.x);
    let xc1 = x[(row + col0.y) * params.C + c] * (rowMask * colMask0.y);
    let xc2 = x[(row + col0.z) * params.C + c] * (rowMask * colMask0.z);
    let xc3 = x[(row + col0.w) * params.C + c] * (rowMask * colMask0.w);
    let xc4 = x[(row + col1.x) * params.C + c] * (rowMask * colMask1.x);
    let xc5 = x[(row + col1.y) * params.C + c] * (rowMask * colMask1.y);
    let xc6 = x[(row + col1.z) * params.C + c] * (rowMask * colMask1.z);
    let xc7 = x[(row + col1.w) * params.C + c] * (rowMask * colMask1.w);
    let xc8 = x[(row + col2.x) * params.C + c] * (rowMask * colMask2.x);
    let xc9 = x[(row + col2.y) * params.C + c] * (rowMask * colMask2.y);
    let xc10 = x[(row + col2.z) * params.C + c] * (rowMask * colMask2.z);
    let xc11 = x[(row + col2.w) * params.C + c] * (rowMask * colMask2.w);
    let xc12 = x[(row + col3.x) * params.C + c] * (rowMask * colMask3.x);
    let xc13 = x[(row + col3.y) * params.C + c] * (rowMask * colMask3.y);
    let wl0 = w4[wi]; let wh0 = w4[wi + 1u];
    let wl1 = w4[wi + 1u * tapStep]; let wh1 = w4[wi + 1u * tapStep + 1u];
    let wl2 = w4[wi + 2u * tapStep]; let wh2 = w4[wi + 2u * tapStep + 1u];
    let wl3 = w4[wi + 3u * tapStep]; let wh3 = w4[wi + 3u * tapStep + 1u];
    let wl4 = w4[wi + 4u * tapStep]; let wh4 = w4[wi + 4u * tapStep + 1u];
    l0 += xc0 * wl0; h0 += xc0 * wh0;
    l1 += xc1 * wl0; h1 += xc1 * wh0;
    l2 += xc2 * wl0; h2 += xc2 * wh0;
    l3 += xc3 * wl0; h3 += xc3 * wh0;
    l4 += xc4 * wl0; h4 += xc4 * wh0;
    l5 += xc5 * wl0; h5 += xc5 * wh0;
    l6 += xc6 * wl0; h6 += xc6 * wh0;
    l7 += xc7 * wl0; h7 += xc7 * wh0;
    l8 += xc8 * wl0; h8 += xc8 * wh0;
    l9 += xc9 * wl0; h9 += xc9 * wh0;
    l0 += xc1 * wl1; h0 += xc1 * wh1;
    l1 += xc2 * wl1; h1 += xc2 * wh1;
    l2 += xc3 * wl1; h2 += xc3 * wh1;
    l3 += xc4 * wl1; h3 += xc4 * wh1;
    l4 += xc5 * wl1; h4 += xc5 * wh1;
    l5 += xc6 * wl1; h5 += xc6 * wh1;
    l6 += xc7 * wl1; h6 += xc7 * wh1;
    l7 += xc8 * wl1; h7 += xc8 * wh1;
    l8 += xc9 * wl1; h8 += xc9 * wh1;
    l9 += xc10 * wl1; h9 += xc10 * wh1;
    l0 += xc2 * wl2; h0 += xc2 * wh2;
    l1 += xc3 * wl2; h1 += xc3 * wh2;
    l2 += xc4 * wl2; h2 += xc4 * wh2;
    l3 += xc5 * wl2; h3 += xc5 * wh2;
    l4 += xc6 * wl2; h4 += xc6 * wh2;
    l5 += xc7 * wl2; h5 += xc7 * wh2;
    l6 += xc8 * wl2; h6 += xc8 * wh2;
    l7 += xc9 * wl2; h7 += xc9 * wh2;
    l8 += xc10 * wl2; h8 += xc10 * wh2;
    l9 += xc11 * wl2; h9 += xc11 * wh2;
    l0 += xc3 * wl3; h0 += xc3 * wh3;
    l1 += xc4 * wl3; h1 += xc4 * wh3;
    l2 += xc5 * wl3; h2 += xc5 * wh3;
    l3 += xc6 * wl3; h3 += xc6 * wh3;
    l4 += xc7 * wl3; h4 += xc7 * wh3;
    l5 += xc8 * wl3; h5 += xc8 * wh3;
    l6 += xc9 * wl3; h6 += xc9 * wh3;
    l7 += xc10 * wl3; h7 += xc10 * wh3;
    l8 += xc11 * wl3; h8 += xc11 * wh3;
    l9 += xc12 * wl3; h9 += xc12 * wh3;
    l0 += xc4 * wl4; h0 += xc4 * wh4;
    l1 += xc5 * wl4; h1 += xc5 * wh4;
    l2 += xc6 * wl4; h2 += xc6 * wh4;
    l3 += xc7 * wl4; h3 += xc7 * wh4;
    l4 += xc8 * wl4; h4 += xc8 * wh4;
    l5 += xc9 * wl4; h5 += xc9 * wh4;
    l6 += xc10 * wl4; h6 += xc10 * wh4;
    l7 += xc11 * wl4; h7 += xc11 * wh4;
    l8 += xc12 * wl4; h8 += xc12 * wh4;
    l9 += xc13 * wl4; h9 += xc13 * wh4;
    c += 1u;
    let nextRow = c == params.C;
    ky += select(0u, 1u, nextRow);
    c = select(c, 0u, nextRow);
  }
  let bl = loadBias(q * 4u);
  let bh = loadBias(q * 4u + 4u);
  storeVec4(rowPixel(orow, ox0 + 0u), q, l0 + bl); storeVec4(rowPixel(orow, ox0 + 0u), q + 1u, h0 + bh);
  storeVec4(rowPixel(orow, ox0 + 1u), q, l1 + bl); storeVec4(rowPixel(orow, ox0 + 1u), q + 1u, h1 + bh);
  storeVec4(rowPixel(orow, ox0 + 2u), q, l2 + bl); storeVec4(rowPixel(orow, ox0 + 2u), q + 1u, h2 + bh);
  storeVec4(rowPixel(orow, ox0 + 3u), q, l3 + bl); storeVec4(rowPixel(orow, ox0 + 3u), q + 1u, h3 + bh);
  storeVec4(rowPixel(orow, ox0 + 4u), q, l4 + bl); storeVec4(rowPixel(orow, ox0 + 4u), q + 1u, h4 + bh);
  storeVec4(rowPixel(orow, ox0 + 5u), q, l5 + bl); storeVec4(rowPixel(orow, ox0 + 5u), q + 1u, h5 + bh);
  storeVec4(rowPixel(orow, ox0 + 6u), q, l6 + bl); storeVec4(rowPixel(orow, ox0 + 6u), q + 1u, h6 + bh);
  storeVec4(rowPixel(orow, ox0 + 7u), q, l7 + bl); storeVec4(rowPixel(orow, ox0 + 7u), q + 1u, h7 + bh);
  storeVec4(rowPixel(orow, ox0 + 8u), q, l8 + bl); storeVec4(rowPixel(orow, ox0 + 8u), q + 1u, h8 + bh);
  storeVec4(rowPixel(orow, ox0 + 9u), q, l9 + bl); storeVec4(rowPixel(orow, ox0 + 9u), q + 1u, h9 + bh);
}

/**
 * A 5-wide kernel row at stride 1 for any channel and filter count (LeNet's first layer: 1 channel, 6 filters; KW = 5,
 * SW = DW = 1, groups == 1): 14 pixels of one output row x 8 filters (clamped to F). One loop step is one kernel row
 * ky and one input channel: 18 scalar x loads (not 70) and one row test (not five tap computations) feed the 140 vec4
 * FMAs of the five taps. Blocks of 14 pixels per output row (LeNet's 28 columns in two; 8-pixel blocks ran ~20%
 * slower there), blocks = ceil(OW/14); pixels past the row are computed on clamped columns and never stored.
 * i < count = N·OH·blocks·lanes, lanes = ceil(F/8).
 */
@compute @workgroup_size(WG)
fn main_row5p14s_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.count) {
    return;
  }
  let lanes = params.lanes;
  let f0 = (i % lanes) * 8u;
  let t = i / lanes;
  let blocks = (params.OW + 13u) / 14u;
  let ox0 = (t % blocks) * 14u;
  // n·OH + oy
  let orow = t / blocks;
  let nH = (orow / params.OH) * params.H;
  let iy0 = i32((orow % params.OH) * params.SH) - i32(params.PH);
  // Input columns ox0 - PW + j, j = 0..17: clamped indices and 0/1 factors.
  let cs = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(cs, params.W); let col0 = q0.idx; let colMask0 = q0.mask;
  let q1 = columnQuad(cs + vec4<i32>(4), params.W); let col1 = q1.idx; let colMask1 = q1.mask;
  let q2 = columnQuad(cs + vec4<i32>(8), params.W); let col2 = q2.idx; let colMask2 = q2.mask;
  let q3 = columnQuad(cs + vec4<i32>(12), params.W); let col3 = q3.idx; let colMask3 = q3.mask;
  let q4 = columnQuad(cs + vec4<i32>(16), params.W); let col4 = q4.idx; let colMask4 = q4.mask;
  let last = vec4<u32>(params.F - 1u);
  let fl = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), last);
  let fh = min(vec4<u32>(f0) + vec4<u32>(4u, 5u, 6u, 7u), last);
  // w[ky, kx, c, f] at ((ky·5 + kx)·C + c)·F + f.
  let tapStep = params.C * params.F;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var l8 = vec4<f32>(0.0); var h8 = vec4<f32>(0.0);
  var l9 = vec4<f32>(0.0); var h9 = vec4<f32>(0.0);
  var l10 = vec4<f32>(0.0); var h10 = vec4<f32>(0.0);
  var l11 = vec4<f32>(0.0); var h11 = vec4<f32>(0.0);
  var l12 = vec4<f32>(0.0); var h12 = vec4<f32>(0.0);
  var l13 = vec4<f32>(0.0); var h13 = vec4<f32>(0.0);
  var ky = 0u;
  var c = 0u;
  let total = params.KH * params.C;
  for (var k = 0u; k < total; k++) {
    let iy = iy0 + i32(ky * params.DH);
    let rowOk = u32(iy) < params.H;
    let row = (nH + select(0u, u32(iy), rowOk)) * params.W;
    let rowMask = select(0.0, 1.0, rowOk);
    let wi = (ky * 5u * params.C + c) * params.F;
    let xc0 = x[(row + col0.x) * params.C + c] * (rowMask * colMask0.x);
    let xc1 = x[(row + col0.y) * params.C + c] * (rowMask * colMask0.y);
    let xc2 = x[(row + col0.z) * params.C + c] * (rowMask * colMask0.z);
    let xc3 = x[(row + col0.w) * params.C + c] * (rowMask * colMask0.w);
    let xc4 = x[(row + col1.x) * params.C + c] * (rowMask * colMask1.x);
    let xc5 = x[(row + col1.y) * params.C + c] * (rowMask * colMask1.y);
    let xc6 = x[(row + col1.z) * params.C + c] * (rowMask * colMask1.z);
    let xc7 = x[(row + col1.w) * params.C + c] * (rowMask * colMask1.w);
    let xc8 = x[(row + col2.x) * params.C + c] * (rowMask * colMask2.x);
    let xc9 = x[(row + col2.y) * params.C + c] * (rowMask * colMask2.y);
    let xc10 = x[(row + col2.z) * params.C + c] * (rowMask * colMask2.z);
    let xc11 = x[(row + col2.w) * params.C + c] * (rowMask * colMask2.w);
    let xc12 = x[(row + col3.x) * params.C + c] * (rowMask * colMask3.x);
    let xc13 = x[(row + col3.y) * params.C + c] * (rowMask * colMask3.y);
    let xc14 = x[(row + col3.z) * params.C + c] * (rowMask * colMask3.z);
    let xc15 = x[(row + col3.w) * params.C + c] * (rowMask * colMask3.w);
    let xc16 = x[(row + col4.x) * params.C + c] * (rowMask * colMask4.x);
    let xc17 = x[(row + col4.y) * params.C + c] * (rowMask * colMask4.y);
    let wl0 = vec4<f32>(w[wi + fl.x], w[wi + fl.y], w[wi + fl.z], w[wi + fl.w]);
    let wh0 = vec4<f32>(w[wi + fh.x], w[wi + fh.y], w[wi + fh.z], w[wi + fh.w]);
    let wl1 = vec4<f32>(w[wi + 1u * tapStep + fl.x], w[wi + 1u * tapStep + fl.y], w[wi + 1u * tapStep + fl.z], w[wi + 1u * tapStep + fl.w]);
    let wh1 = vec4<f32>(w[wi + 1u * tapStep + fh.x], w[wi + 1u * tapStep + fh.y], w[wi + 1u * tapStep + fh.z], w[wi + 1u * tapStep + fh.w]);
    let wl2 = vec4<f32>(w[wi + 2u * tapStep + fl.x], w[wi + 2u * tapStep + fl.y], w[wi + 2u * tapStep + fl.z], w[wi + 2u * tapStep + fl.w]);
    let wh2 = vec4<f32>(w[wi + 2u * tapStep + fh.x], w[wi + 2u * tapStep + fh.y], w[wi + 2u * tapStep + fh.z], w[wi + 2u * tapStep + fh.w]);
    let wl3 = vec4<f32>(w[wi + 3u * tapStep + fl.x], w[wi + 3u * tapStep + fl.y], w[wi + 3u * tapStep + fl.z], w[wi + 3u * tapStep + fl.w]);
    let wh3 = vec4<f32>(w[wi + 3u * tapStep + fh.x], w[wi + 3u * tapStep + fh.y], w[wi + 3u * tapStep + fh.z], w[wi + 3u * tapStep + fh.w]);
    let wl4 = vec4<f32>(w[wi + 4u * tapStep + fl.x], w[wi + 4u * tapStep + fl.y], w[wi + 4u * tapStep + fl.z], w[wi + 4u * tapStep + fl.w]);
    let wh4 = vec4<f32>(w[wi + 4u * tapStep + fh.x], w[wi + 4u * tapStep + fh.y], w[wi + 4u * tapStep + fh.z], w[wi + 4u * tapStep + fh.w]);
    l0 += xc0 * wl0; h0 += xc0 * wh0;
    l1 += xc1 * wl0; h1 += xc1 * wh0;
    l2 += xc2 * wl0; h2 += xc2 * wh0;
    l3 += xc3 * wl0; h3 += xc3 * wh0;
    l4 += xc4 * wl0; h4 += xc4 * wh0;
    l5 += xc5 * wl0; h5 += xc5 * wh0;
    l6 += xc6 * wl0; h6 += xc6 * wh0;
    l7 += xc7 * wl0; h7 += xc7 * wh0;
    l8 += xc8 * wl0; h8 += xc8 * wh0;
    l9 += xc9 * wl0; h9 += xc9 * wh0;
    l10 += xc10 * wl0; h10 += xc10 * wh0;
    l11 += xc11 * wl0; h11 += xc11 * wh0;
    l12 += xc12 * wl0; h12 += xc12 * wh0;
    l13 += xc13 * wl0; h13 += xc13 * wh0;
    l0 += xc1 * wl1; h0 += xc1 * wh1;
    l1 += xc2 * wl1; h1 += xc2 * wh1;
    l2 += xc3 * wl1; h2 += xc3 * wh1;
    l3 += xc4 * wl1; h3 += xc4 * wh1;
    l4 += xc5 * wl1; h4 += xc5 * wh1;
    l5 += xc6 * wl1; h5 += xc6 * wh1;
    l6 += xc7 * wl1; h6 += xc7 * wh1;
    l7 += xc8 * wl1; h7 += xc8 * wh1;
    l8 += xc9 * wl1; h8 += xc9 * wh1;
    l9 += xc10 * wl1; h9 += xc10 * wh1;
    l10 += xc11 * wl1; h10 += xc11 * wh1;
    l11 += xc12 * wl1; h11 += xc12 * wh1;
    l12 += xc13 * wl1; h12 += xc13 * wh1;
    l13 += xc14 * wl1; h13 += xc14 * wh1;
    l0 += xc2 * wl2; h0 += xc2 * wh2;
    l1 += xc3 * wl2; h1 += xc3 * wh2;
    l2 += xc4 * wl2; h2 += xc4 * wh2;
    l3 += xc5 * wl2; h3 += xc5 * wh2;
    l4 += xc6 * wl2; h4 += xc6 * wh2;
    l5 += xc7 * wl2; h5 += xc7 * wh2;
    l6 += xc8 * wl2; h6 += xc8 * wh2;
    l7 += xc9 * wl2; h7 += xc9 * wh2;
    l8 += xc10 * wl2; h8 += xc10 * wh2;
    l9 += xc11 * wl2; h9 += xc11 * wh2;
    l10 += xc12 * wl2; h10 += xc12 * wh2;
    l11 += xc13 * wl2; h11 += xc13 * wh2;
    l12 += xc14 * wl2; h12 += xc14 * wh2;
    l13 += xc15 * wl2; h13 += xc15 * wh2;
    l0 += xc3 * wl3; h0 += xc3 * wh3;
    l1 += xc4 * wl3; h1 += xc4 * wh3;
    l2 += xc5 * wl3; h2 += xc5 * wh3;
    l3 += xc6 * wl3; h3 += xc6 * wh3;
    l4 += xc7 * wl3; h4 += xc7 * wh3;
    l5 += xc8 * wl3; h5 += xc8 * wh3;
    l6 += xc9 * wl3; h6 += xc9 * wh3;
    l7 += xc10 * wl3; h7 += xc10 * wh3;
    l8 += xc11 * wl3; h8 += xc11 * wh3;
    l9 += xc12 * wl3; h9 += xc12 * wh3;
    l10 += xc13 * wl3; h10 += xc13 * wh3;
    l11 += xc14 * wl3; h11 += xc14 * wh3;
    l12 += xc15 * wl3; h12 += xc15 * wh3;
    l13 += xc16 * wl3; h13 += xc16 * wh3;
    l0 += xc4 * wl4; h0 += xc4 * wh4;
    l1 += xc5 * wl4; h1 += xc5 * wh4;
    l2 += xc6 * wl4; h2 += xc6 * wh4;
    l3 += xc7 * wl4; h3 += xc7 * wh4;
    l4 += xc8 * wl4; h4 += xc8 * wh4;
    l5 += xc9 * wl4; h5 += xc9 * wh4;
    l6 += xc10 * wl4; h6 += xc10 * wh4;
    l7 += xc11 * wl4; h7 += xc11 * wh4;
    l8 += xc12 * wl4; h8 += xc12 * wh4;
    l9 += xc13 * wl4; h9 += xc13 * wh4;
    l10 += xc14 * wl4; h10 += xc14 * wh4;
    l11 += xc15 * wl4; h11 += xc15 * wh4;
    l12 += xc16 * wl4; h12 += xc16 * wh4;
    l13 += xc17 * wl4; h13 += xc17 * wh4;
    c += 1u;
    let nextRow = c == params.C;
    ky += select(0u, 1u, nextRow);
    c = select(c, 0u, nextRow);
  }
  let bl = loadBias(f0);
  let bh = loadBias(f0 + 4u);
  storeScalar(rowPixel(orow, ox0 + 0u), f0, l0 + bl); storeScalar(rowPixel(orow, ox0 + 0u), f0 + 4u, h0 + bh);
  storeScalar(rowPixel(orow, ox0 + 1u), f0, l1 + bl); storeScalar(rowPixel(orow, ox0 + 1u), f0 + 4u, h1 + bh);
  storeScalar(rowPixel(orow, ox0 + 2u), f0, l2 + bl); storeScalar(rowPixel(orow, ox0 + 2u), f0 + 4u, h2 + bh);
  storeScalar(rowPixel(orow, ox0 + 3u), f0, l3 + bl); storeScalar(rowPixel(orow, ox0 + 3u), f0 + 4u, h3 + bh);
  storeScalar(rowPixel(orow, ox0 + 4u), f0, l4 + bl); storeScalar(rowPixel(orow, ox0 + 4u), f0 + 4u, h4 + bh);
  storeScalar(rowPixel(orow, ox0 + 5u), f0, l5 + bl); storeScalar(rowPixel(orow, ox0 + 5u), f0 + 4u, h5 + bh);
  storeScalar(rowPixel(orow, ox0 + 6u), f0, l6 + bl); storeScalar(rowPixel(orow, ox0 + 6u), f0 + 4u, h6 + bh);
  storeScalar(rowPixel(orow, ox0 + 7u), f0, l7 + bl); storeScalar(rowPixel(orow, ox0 + 7u), f0 + 4u, h7 + bh);
  storeScalar(rowPixel(orow, ox0 + 8u), f0, l8 + bl); storeScalar(rowPixel(orow, ox0 + 8u), f0 + 4u, h8 + bh);
  storeScalar(rowPixel(orow, ox0 + 9u), f0, l9 + bl); storeScalar(rowPixel(orow, ox0 + 9u), f0 + 4u, h9 + bh);
  storeScalar(rowPixel(orow, ox0 + 10u), f0, l10 + bl); storeScalar(rowPixel(orow, ox0 + 10u), f0 + 4u, h10 + bh);
  storeScalar(rowPixel(orow, ox0 + 11u), f0, l11 + bl); storeScalar(rowPixel(orow, ox0 + 11u), f0 + 4u, h11 + bh);
  storeScalar(rowPixel(orow, ox0 + 12u), f0, l12 + bl); storeScalar(rowPixel(orow, ox0 + 12u), f0 + 4u, h12 + bh);
  storeScalar(rowPixel(orow, ox0 + 13u), f0, l13 + bl); storeScalar(rowPixel(orow, ox0 + 13u), f0 + 4u, h13 + bh);
}
