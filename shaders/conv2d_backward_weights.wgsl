// conv2d_backward_weights.wgsl: dW = ∂L/∂w, summed over the batch, NHWC, as src/model/reference/conv2d.ts:
//   dw[ky,kx,ci,f] = Σ_{n,oy,ox} dy[n,oy,ox,f] · x[n, oy·SH - PH + ky·DH, ox·SW - PW + kx·DW, g·Cg + ci],  g = floor(f / Fg)
// Implicit GEMM: dW is the matrix [KH·KW·Cg, F] and the reduction runs over the N·OH·OW output pixels.
// Every dW element is written.
//
// Bindings (group 0):
//   0  params     : uniform Params
//   1  x / x4     : storage read  array<f32> | array<vec4f>   [N,H,W,C]
//   2  dy / dy4   : storage read  array<f32> | array<vec4f>   [N,OH,OW,F]
//   3  dw / dw4   : storage rw    array<f32> | array<vec4f>   [KH,KW,Cg,F]
// Each entry point statically uses only one alias of each binding.
//
// Each invocation owns ROW_BLOCK (up to 8, see the override) rows of dW that share one tap (ky, kx) (input channels
// ci0 .. ci0+3, clamped to Cg-1) x 4 consecutive filters. Sharing the tap means the output pixels whose input position
// is in range form one rectangle [oyLo, oyHi) x [oxLo, oxHi), so the pixel loop has exact bounds and no padding tests.
// Entry points (the host picks one):
//   main_vec4x4  Fg % 4 == 0 and Cg % 4 == 0: dy[...,f..f+3] and x[..., c..c+3] read as vec4
//   main_vec4x8  as main_vec4x4 with 8 rows per invocation (ROW_BLOCK = 8) when Cg % 8 == 0
//   main_vec4x8_f8  as main_vec4x8 with 8 filters (two quads) when Fg % 8 == 0 too: lanes = F/8
//   main_vec4x8_f16 as main_vec4x8 with 16 filters (four quads) when Fg % 16 == 0: lanes = F/16
//   main_vec4x16_f16 as main_vec4x8_f16 with 16 rows (ROW_BLOCK = 16) when Cg % 16 == 0 too
//   main_row3_f8 KW = 3 at stride 1 (see the entry point): a kernel row's three taps x 8 channels x 8 filters
//   main_row3s_f16  as main_row3_f8 for C <= 3 (an RGB first layer): three taps x C channels x 16 filters
//   main_taps    C == 1 and groups == 1 and KW <= 8: a whole row of taps per invocation (see the entry point)
//   main_row5p10_f8  KW = 5 at stride 1, F % 8 == 0 (LeNet's conv2): five taps of two channels x 8 filters, blocks of
//                10 pixels of a row per step
//   main_row5p14s_f8  C == 1, KW = 5 at stride 1 (LeNet's conv1): five taps x 8 filters, blocks of 14 pixels per step
//   main_taps_f8, main_taps_f16  C <= 3, groups == 1, KW <= 5, F % 8 (16) == 0: a whole row of taps and channels by 8
//                (16) filters (an RGB first layer)
//   main_vec4    Fg % 4 == 0: dy read as vec4, the 4 x values scalar
//   main_vec4_f8 as main_vec4 with 8 filters (two quads) when Fg % 8 == 0: each scalar x value feeds 8 filters
//   main         any shape; the override GROUPED says whether the 4 filters may sit in different groups (then x is
//                gathered per filter and row)
// Rows past Cg and filters past F are clamped for loads and never stored.
//
// Split reduction: dW has few rows (KH·KW·Cg·F / 4 / ROW_BLOCK invocations: 36 for an RGB 3x3x16 layer), too few to
// keep several cores (SwiftShader) or SMs (a real GPU) busy over a reduction of N·OH·OW pixels. So the batch is cut into
// `slices` runs of `sliceImages` images; slice s writes its partial sums to dW block s of the output binding
// ([slices, KH, KW, Cg, F]), and shaders/sum_slices.wgsl adds the blocks up. With slices = 1 the block is dW itself.
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535 workgroups
// over y); lanes = F/4 (vec4 entry points), F/8 (the _f8 ones), F/16 (_f16) or ceil(F/4), rowBlocks = ceil(Cg/ROW_BLOCK);
// i < count = KH·KW·rowBlocks·lanes·slices, decomposed (fastest first) as lane, row block, tap ky·KW + kx, slice
// (main_taps, main_taps_f8/f16, main_row3s_f16, main_row5p14s_f8: lane, ky, slice; main_row3_f8: lane, channel octet, ky, slice; main_row5p10_f8: lane, channel pair, ky, slice). Accumulation is f32 in (n, oy, ox) order within a slice.

struct Params {
  /** KH·KW·rowBlocks·lanes: the invocations that do work. */
  count: u32,
  /** Filter quads: F/4 in the vec4 entry points, ceil(F/4) in main. */
  lanes: u32,
  /** ceil(Cg/ROW_BLOCK). */
  rowBlocks: u32,
  batch: u32,
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
  /** Batch slices (partial dW blocks) and images per slice (the last slice may have fewer). */
  slices: u32,
  sliceImages: u32,
}

override WG: u32 = 64u;
// main only: groups > 1 and Fg % 4 != 0.
override GROUPED: bool = false;
// dW rows per invocation: main 4 (or 1 when Cg == 1); main_vec4 and main_vec4_f8 1 to 8 (Cg itself when Cg <= 8, so
// no row is computed twice); main_vec4x4 needs 4, main_vec4x8(_f8, _f16) 8, main_vec4x16_f16 16.
override ROW_BLOCK: u32 = 4u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw4: array<vec4<f32>>;

/** One invocation's rows and the pixel rectangle its tap sees. */
struct Job {
  lane: u32,
  /** ky·KW + kx. */
  tap: u32,
  /** Tap index in the output binding: slice·KH·KW + tap. */
  outTap: u32,
  ci0: u32,
  /** Images [n0, n1) of this invocation's slice. */
  n0: u32,
  n1: u32,
  /** Output rows [oyLo, oyHi) and columns [oxLo, oxHi) whose input position for this tap is inside the image. */
  oyLo: u32,
  oyHi: u32,
  oxLo: u32,
  oxHi: u32,
  /** Input row and column of (oyLo, oxLo) for this tap. */
  iy0: u32,
  ix0: u32,
}

/** ceil(a / s) for s > 0 and any sign of a. */
fn ceilDiv(a: i32, s: i32) -> i32 {
  if (a <= 0) {
    return -((-a) / s);
  }
  return (a + s - 1) / s;
}

/** floor(a / s) for s > 0 and any sign of a. */
fn floorDiv(a: i32, s: i32) -> i32 {
  if (a >= 0) {
    return a / s;
  }
  return -((-a + s - 1) / s);
}

/**
 * The outputs o in [0, outSize) with 0 <= o·S - P + k·D < inSize, as [lo, hi) (lo >= hi when none), and the input
 * position of lo.
 */
fn span(k: u32, inSize: u32, outSize: u32, S: u32, P: u32, D: u32) -> vec3<u32> {
  let off = i32(k * D) - i32(P);
  let lo = max(0, ceilDiv(-off, i32(S)));
  let hi = min(i32(outSize), floorDiv(i32(inSize) - 1 - off, i32(S)) + 1);
  return vec3<u32>(u32(lo), u32(max(lo, hi)), u32(lo * i32(S) + off));
}

/** Where the flattened pixel loop stands. */
struct Walk {
  n: u32,
  oy: u32,
  ox: u32,
}

/** Pixels in the loop: the slice's images x the job's output rectangle. */
fn total(j: Job) -> u32 {
  return (j.n1 - j.n0) * (j.oyHi - j.oyLo) * (j.oxHi - j.oxLo);
}

/** Images [n0, n1) of slice s. */
fn sliceImages(s: u32) -> vec2<u32> {
  let n0 = s * params.sliceImages;
  return vec2<u32>(n0, min(params.batch, n0 + params.sliceImages));
}

/**
 * The next pixel: ox counts to oxHi, then oy, then n. One flat loop over (n, oy, ox) instead of three nested ones: on
 * SwiftShader every loop entry and exit merges all the accumulators, which costs more than this index math.
 */
fn advance(j: Job, at: Walk) -> Walk {
  let ox = at.ox + 1u;
  let nextRow = ox == j.oxHi;
  let oy = at.oy + select(0u, 1u, nextRow);
  let nextImage = oy == j.oyHi;
  return Walk(at.n + select(0u, 1u, nextImage), select(oy, j.oyLo, nextImage), select(ox, j.oxLo, nextRow));
}

/** (x pixel index n·H·W + iy·W + ix of the job's tap, dy pixel index n·OH·OW + oy·OW + ox). */
fn pixelOf(j: Job, at: Walk) -> vec2<u32> {
  let iy = j.iy0 + (at.oy - j.oyLo) * params.SH;
  let ix = j.ix0 + (at.ox - j.oxLo) * params.SW;
  return vec2<u32>((at.n * params.H + iy) * params.W + ix, (at.n * params.OH + at.oy) * params.OW + at.ox);
}

fn job(gid: vec3<u32>, nwg: vec3<u32>) -> Job {
  let i = gid.x + gid.y * nwg.x * WG;
  let lane = i % params.lanes;
  let t = i / params.lanes;
  let taps = params.KH * params.KW;
  let st = t / params.rowBlocks;
  let tap = st % taps;
  let slice = st / taps;
  let ky = tap / params.KW;
  let kx = tap % params.KW;
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  let sx = span(kx, params.W, params.OW, params.SW, params.PW, params.DW);
  let n = sliceImages(slice);
  return Job(lane, tap, slice * taps + tap, (t % params.rowBlocks) * ROW_BLOCK, n.x, n.y, sy.x, sy.y, sx.x, sx.y, sy.z, sx.z);
}

/** Offsets of the 4 rows' channels from ci0 (rows past Cg repeat the last one). */
fn rowOffsets(j: Job) -> vec4<u32> {
  return min(vec4<u32>(j.ci0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.Cg - 1u)) - vec4<u32>(j.ci0);
}

fn storeRows4(j: Job, a0: vec4<f32>, a1: vec4<f32>, a2: vec4<f32>, a3: vec4<f32>) {
  let rows = array<vec4<f32>, 4>(a0, a1, a2, a3);
  for (var r = 0u; r < 4u; r++) {
    if (r < ROW_BLOCK && j.ci0 + r < params.Cg) {
      dw4[(j.outTap * params.Cg + j.ci0 + r) * params.lanes + j.lane] = rows[r];
    }
  }
}

@compute @workgroup_size(WG)
fn main_vec4x4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let C4 = params.C / 4u;
  let F4 = params.lanes;
  // x channel of row ci0 (a multiple of 4) in f's group, in vec4 units.
  let c4 = ((j.lane * 4u / params.Fg) * params.Cg + j.ci0) / 4u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let d = dy4[p.y * F4 + j.lane];
    let xv = x4[p.x * C4 + c4];
    acc0 += xv.x * d;
    acc1 += xv.y * d;
    acc2 += xv.z * d;
    acc3 += xv.w * d;
    at = advance(j, at);
  }
  storeRows4(j, acc0, acc1, acc2, acc3);
}

/**
 * main_vec4x4 with 8 dW rows per invocation (ROW_BLOCK = 8, Cg % 8 == 0): two x vec4 loads and one dy vec4 load feed
 * 8 vec4 FMAs per pixel, so the loads and the pixel walk cost half as much per FMA.
 */
@compute @workgroup_size(WG)
fn main_vec4x8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let C4 = params.C / 4u;
  let F4 = params.lanes;
  let c4 = ((j.lane * 4u / params.Fg) * params.Cg + j.ci0) / 4u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let d = dy4[p.y * F4 + j.lane];
    let xi = p.x * C4 + c4;
    let xa = x4[xi];
    let xb = x4[xi + 1u];
    acc0 += xa.x * d;
    acc1 += xa.y * d;
    acc2 += xa.z * d;
    acc3 += xa.w * d;
    acc4 += xb.x * d;
    acc5 += xb.y * d;
    acc6 += xb.z * d;
    acc7 += xb.w * d;
    at = advance(j, at);
  }
  let base = (j.outTap * params.Cg + j.ci0) * F4 + j.lane;
  dw4[base] = acc0;
  dw4[base + F4] = acc1;
  dw4[base + 2u * F4] = acc2;
  dw4[base + 3u * F4] = acc3;
  dw4[base + 4u * F4] = acc4;
  dw4[base + 5u * F4] = acc5;
  dw4[base + 6u * F4] = acc6;
  dw4[base + 7u * F4] = acc7;
}

/**
 * main_vec4x8 with 8 filters (quads 2·lane, 2·lane+1): two x and two dy vec4 loads feed 16 vec4 FMAs per pixel, the
 * 8x8 blocking of the best matmul.
 */
@compute @workgroup_size(WG)
fn main_vec4x8_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  let q = j.lane * 2u;
  let c4 = ((q * 4u / params.Fg) * params.Cg + j.ci0) / 4u;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let di = p.y * F4 + q;
    let dl = dy4[di];
    let dh = dy4[di + 1u];
    let xi = p.x * C4 + c4;
    let xa = x4[xi];
    let xb = x4[xi + 1u];
    l0 += xa.x * dl; h0 += xa.x * dh;
    l1 += xa.y * dl; h1 += xa.y * dh;
    l2 += xa.z * dl; h2 += xa.z * dh;
    l3 += xa.w * dl; h3 += xa.w * dh;
    l4 += xb.x * dl; h4 += xb.x * dh;
    l5 += xb.y * dl; h5 += xb.y * dh;
    l6 += xb.z * dl; h6 += xb.z * dh;
    l7 += xb.w * dl; h7 += xb.w * dh;
    at = advance(j, at);
  }
  let base = (j.outTap * params.Cg + j.ci0) * F4 + q;
  dw4[base] = l0; dw4[base + 1u] = h0;
  dw4[base + F4] = l1; dw4[base + F4 + 1u] = h1;
  dw4[base + 2u * F4] = l2; dw4[base + 2u * F4 + 1u] = h2;
  dw4[base + 3u * F4] = l3; dw4[base + 3u * F4 + 1u] = h3;
  dw4[base + 4u * F4] = l4; dw4[base + 4u * F4 + 1u] = h4;
  dw4[base + 5u * F4] = l5; dw4[base + 5u * F4 + 1u] = h5;
  dw4[base + 6u * F4] = l6; dw4[base + 6u * F4 + 1u] = h6;
  dw4[base + 7u * F4] = l7; dw4[base + 7u * F4 + 1u] = h7;
}

/** main_vec4x8 with 16 filters (quads 4·lane .. 4·lane+3) when Fg % 16 == 0: 2 x and 4 dy vec4 loads per 32 vec4 FMAs. */
@compute @workgroup_size(WG)
fn main_vec4x8_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  let q = j.lane * 4u;
  let c4 = ((q * 4u / params.Fg) * params.Cg + j.ci0) / 4u;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let di = p.y * F4 + q;
    let d0 = dy4[di];
    let d1 = dy4[di + 1u];
    let d2 = dy4[di + 2u];
    let d3 = dy4[di + 3u];
    let xi = p.x * C4 + c4;
    let xa = x4[xi];
    let xb = x4[xi + 1u];
    a00 += xa.x * d0; a01 += xa.x * d1; a02 += xa.x * d2; a03 += xa.x * d3;
    a10 += xa.y * d0; a11 += xa.y * d1; a12 += xa.y * d2; a13 += xa.y * d3;
    a20 += xa.z * d0; a21 += xa.z * d1; a22 += xa.z * d2; a23 += xa.z * d3;
    a30 += xa.w * d0; a31 += xa.w * d1; a32 += xa.w * d2; a33 += xa.w * d3;
    a40 += xb.x * d0; a41 += xb.x * d1; a42 += xb.x * d2; a43 += xb.x * d3;
    a50 += xb.y * d0; a51 += xb.y * d1; a52 += xb.y * d2; a53 += xb.y * d3;
    a60 += xb.z * d0; a61 += xb.z * d1; a62 += xb.z * d2; a63 += xb.z * d3;
    a70 += xb.w * d0; a71 += xb.w * d1; a72 += xb.w * d2; a73 += xb.w * d3;
    at = advance(j, at);
  }
  let base = (j.outTap * params.Cg + j.ci0) * F4 + q;
  dw4[base + 0u * F4] = a00; dw4[base + 0u * F4 + 1u] = a01; dw4[base + 0u * F4 + 2u] = a02; dw4[base + 0u * F4 + 3u] = a03;
  dw4[base + 1u * F4] = a10; dw4[base + 1u * F4 + 1u] = a11; dw4[base + 1u * F4 + 2u] = a12; dw4[base + 1u * F4 + 3u] = a13;
  dw4[base + 2u * F4] = a20; dw4[base + 2u * F4 + 1u] = a21; dw4[base + 2u * F4 + 2u] = a22; dw4[base + 2u * F4 + 3u] = a23;
  dw4[base + 3u * F4] = a30; dw4[base + 3u * F4 + 1u] = a31; dw4[base + 3u * F4 + 2u] = a32; dw4[base + 3u * F4 + 3u] = a33;
  dw4[base + 4u * F4] = a40; dw4[base + 4u * F4 + 1u] = a41; dw4[base + 4u * F4 + 2u] = a42; dw4[base + 4u * F4 + 3u] = a43;
  dw4[base + 5u * F4] = a50; dw4[base + 5u * F4 + 1u] = a51; dw4[base + 5u * F4 + 2u] = a52; dw4[base + 5u * F4 + 3u] = a53;
  dw4[base + 6u * F4] = a60; dw4[base + 6u * F4 + 1u] = a61; dw4[base + 6u * F4 + 2u] = a62; dw4[base + 6u * F4 + 3u] = a63;
  dw4[base + 7u * F4] = a70; dw4[base + 7u * F4 + 1u] = a71; dw4[base + 7u * F4 + 2u] = a72; dw4[base + 7u * F4 + 3u] = a73;
}

/**
 * main_vec4x8_f16 with 16 rows (ROW_BLOCK = 16, Cg % 16 == 0): per pixel 4 x and 4 dy vec4 loads and one walk step
 * feed 64 vec4 FMAs, where main_vec4x8_f16 has 6 loads per 32. Not used by the forward roofline kernel.
 */
@compute @workgroup_size(WG)
fn main_vec4x16_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  let q = j.lane * 4u;
  let c4 = ((q * 4u / params.Fg) * params.Cg + j.ci0) / 4u;
  var a00 = vec4<f32>(0.0); var a01 = vec4<f32>(0.0); var a02 = vec4<f32>(0.0); var a03 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0); var a11 = vec4<f32>(0.0); var a12 = vec4<f32>(0.0); var a13 = vec4<f32>(0.0);
  var a20 = vec4<f32>(0.0); var a21 = vec4<f32>(0.0); var a22 = vec4<f32>(0.0); var a23 = vec4<f32>(0.0);
  var a30 = vec4<f32>(0.0); var a31 = vec4<f32>(0.0); var a32 = vec4<f32>(0.0); var a33 = vec4<f32>(0.0);
  var a40 = vec4<f32>(0.0); var a41 = vec4<f32>(0.0); var a42 = vec4<f32>(0.0); var a43 = vec4<f32>(0.0);
  var a50 = vec4<f32>(0.0); var a51 = vec4<f32>(0.0); var a52 = vec4<f32>(0.0); var a53 = vec4<f32>(0.0);
  var a60 = vec4<f32>(0.0); var a61 = vec4<f32>(0.0); var a62 = vec4<f32>(0.0); var a63 = vec4<f32>(0.0);
  var a70 = vec4<f32>(0.0); var a71 = vec4<f32>(0.0); var a72 = vec4<f32>(0.0); var a73 = vec4<f32>(0.0);
  var a80 = vec4<f32>(0.0); var a81 = vec4<f32>(0.0); var a82 = vec4<f32>(0.0); var a83 = vec4<f32>(0.0);
  var a90 = vec4<f32>(0.0); var a91 = vec4<f32>(0.0); var a92 = vec4<f32>(0.0); var a93 = vec4<f32>(0.0);
  var aa0 = vec4<f32>(0.0); var aa1 = vec4<f32>(0.0); var aa2 = vec4<f32>(0.0); var aa3 = vec4<f32>(0.0);
  var ab0 = vec4<f32>(0.0); var ab1 = vec4<f32>(0.0); var ab2 = vec4<f32>(0.0); var ab3 = vec4<f32>(0.0);
  var ac0 = vec4<f32>(0.0); var ac1 = vec4<f32>(0.0); var ac2 = vec4<f32>(0.0); var ac3 = vec4<f32>(0.0);
  var ad0 = vec4<f32>(0.0); var ad1 = vec4<f32>(0.0); var ad2 = vec4<f32>(0.0); var ad3 = vec4<f32>(0.0);
  var ae0 = vec4<f32>(0.0); var ae1 = vec4<f32>(0.0); var ae2 = vec4<f32>(0.0); var ae3 = vec4<f32>(0.0);
  var af0 = vec4<f32>(0.0); var af1 = vec4<f32>(0.0); var af2 = vec4<f32>(0.0); var af3 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let di = p.y * F4 + q;
    let d0 = dy4[di];
    let d1 = dy4[di + 1u];
    let d2 = dy4[di + 2u];
    let d3 = dy4[di + 3u];
    let xi = p.x * C4 + c4;
    let xa = x4[xi];
    let xb = x4[xi + 1u];
    let xc = x4[xi + 2u];
    let xd = x4[xi + 3u];
    a00 += xa.x * d0; a01 += xa.x * d1; a02 += xa.x * d2; a03 += xa.x * d3;
    a10 += xa.y * d0; a11 += xa.y * d1; a12 += xa.y * d2; a13 += xa.y * d3;
    a20 += xa.z * d0; a21 += xa.z * d1; a22 += xa.z * d2; a23 += xa.z * d3;
    a30 += xa.w * d0; a31 += xa.w * d1; a32 += xa.w * d2; a33 += xa.w * d3;
    a40 += xb.x * d0; a41 += xb.x * d1; a42 += xb.x * d2; a43 += xb.x * d3;
    a50 += xb.y * d0; a51 += xb.y * d1; a52 += xb.y * d2; a53 += xb.y * d3;
    a60 += xb.z * d0; a61 += xb.z * d1; a62 += xb.z * d2; a63 += xb.z * d3;
    a70 += xb.w * d0; a71 += xb.w * d1; a72 += xb.w * d2; a73 += xb.w * d3;
    a80 += xc.x * d0; a81 += xc.x * d1; a82 += xc.x * d2; a83 += xc.x * d3;
    a90 += xc.y * d0; a91 += xc.y * d1; a92 += xc.y * d2; a93 += xc.y * d3;
    aa0 += xc.z * d0; aa1 += xc.z * d1; aa2 += xc.z * d2; aa3 += xc.z * d3;
    ab0 += xc.w * d0; ab1 += xc.w * d1; ab2 += xc.w * d2; ab3 += xc.w * d3;
    ac0 += xd.x * d0; ac1 += xd.x * d1; ac2 += xd.x * d2; ac3 += xd.x * d3;
    ad0 += xd.y * d0; ad1 += xd.y * d1; ad2 += xd.y * d2; ad3 += xd.y * d3;
    ae0 += xd.z * d0; ae1 += xd.z * d1; ae2 += xd.z * d2; ae3 += xd.z * d3;
    af0 += xd.w * d0; af1 += xd.w * d1; af2 += xd.w * d2; af3 += xd.w * d3;
    at = advance(j, at);
  }
  let base = (j.outTap * params.Cg + j.ci0) * F4 + q;
  dw4[base + 0u * F4] = a00; dw4[base + 0u * F4 + 1u] = a01; dw4[base + 0u * F4 + 2u] = a02; dw4[base + 0u * F4 + 3u] = a03;
  dw4[base + 1u * F4] = a10; dw4[base + 1u * F4 + 1u] = a11; dw4[base + 1u * F4 + 2u] = a12; dw4[base + 1u * F4 + 3u] = a13;
  dw4[base + 2u * F4] = a20; dw4[base + 2u * F4 + 1u] = a21; dw4[base + 2u * F4 + 2u] = a22; dw4[base + 2u * F4 + 3u] = a23;
  dw4[base + 3u * F4] = a30; dw4[base + 3u * F4 + 1u] = a31; dw4[base + 3u * F4 + 2u] = a32; dw4[base + 3u * F4 + 3u] = a33;
  dw4[base + 4u * F4] = a40; dw4[base + 4u * F4 + 1u] = a41; dw4[base + 4u * F4 + 2u] = a42; dw4[base + 4u * F4 + 3u] = a43;
  dw4[base + 5u * F4] = a50; dw4[base + 5u * F4 + 1u] = a51; dw4[base + 5u * F4 + 2u] = a52; dw4[base + 5u * F4 + 3u] = a53;
  dw4[base + 6u * F4] = a60; dw4[base + 6u * F4 + 1u] = a61; dw4[base + 6u * F4 + 2u] = a62; dw4[base + 6u * F4 + 3u] = a63;
  dw4[base + 7u * F4] = a70; dw4[base + 7u * F4 + 1u] = a71; dw4[base + 7u * F4 + 2u] = a72; dw4[base + 7u * F4 + 3u] = a73;
  dw4[base + 8u * F4] = a80; dw4[base + 8u * F4 + 1u] = a81; dw4[base + 8u * F4 + 2u] = a82; dw4[base + 8u * F4 + 3u] = a83;
  dw4[base + 9u * F4] = a90; dw4[base + 9u * F4 + 1u] = a91; dw4[base + 9u * F4 + 2u] = a92; dw4[base + 9u * F4 + 3u] = a93;
  dw4[base + 10u * F4] = aa0; dw4[base + 10u * F4 + 1u] = aa1; dw4[base + 10u * F4 + 2u] = aa2; dw4[base + 10u * F4 + 3u] = aa3;
  dw4[base + 11u * F4] = ab0; dw4[base + 11u * F4 + 1u] = ab1; dw4[base + 11u * F4 + 2u] = ab2; dw4[base + 11u * F4 + 3u] = ab3;
  dw4[base + 12u * F4] = ac0; dw4[base + 12u * F4 + 1u] = ac1; dw4[base + 12u * F4 + 2u] = ac2; dw4[base + 12u * F4 + 3u] = ac3;
  dw4[base + 13u * F4] = ad0; dw4[base + 13u * F4 + 1u] = ad1; dw4[base + 13u * F4 + 2u] = ad2; dw4[base + 13u * F4 + 3u] = ad3;
  dw4[base + 14u * F4] = ae0; dw4[base + 14u * F4 + 1u] = ae1; dw4[base + 14u * F4 + 2u] = ae2; dw4[base + 14u * F4 + 3u] = ae3;
  dw4[base + 15u * F4] = af0; dw4[base + 15u * F4 + 1u] = af1; dw4[base + 15u * F4 + 2u] = af2; dw4[base + 15u * F4 + 3u] = af3;
}

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let F4 = params.lanes;
  let c = (j.lane * 4u / params.Fg) * params.Cg + j.ci0;
  // Channel offsets of rows 0..7 from ci0, clamped to Cg - 1 (clamped rows are never stored).
  let last = params.Cg - 1u - j.ci0;
  let o = min(vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(last));
  let o2 = min(vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(last));
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let xc = p.x * params.C + c;
    let d = dy4[p.y * F4 + j.lane];
    acc0 += x[xc + o.x] * d;
    if (ROW_BLOCK > 1u) {
      acc1 += x[xc + o.y] * d;
    }
    if (ROW_BLOCK > 2u) {
      acc2 += x[xc + o.z] * d;
    }
    if (ROW_BLOCK > 3u) {
      acc3 += x[xc + o.w] * d;
    }
    if (ROW_BLOCK > 4u) {
      acc4 += x[xc + o2.x] * d;
    }
    if (ROW_BLOCK > 5u) {
      acc5 += x[xc + o2.y] * d;
    }
    if (ROW_BLOCK > 6u) {
      acc6 += x[xc + o2.z] * d;
    }
    if (ROW_BLOCK > 7u) {
      acc7 += x[xc + o2.w] * d;
    }
    at = advance(j, at);
  }
  let rows = array<vec4<f32>, 8>(acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7);
  for (var r = 0u; r < 8u; r++) {
    if (r < ROW_BLOCK && j.ci0 + r < params.Cg) {
      dw4[(j.outTap * params.Cg + j.ci0 + r) * F4 + j.lane] = rows[r];
    }
  }
}

/** main_vec4 with 8 filters (quads 2·lane, 2·lane+1): per pixel ROW_BLOCK scalar x loads and two dy vec4 loads. */
@compute @workgroup_size(WG)
fn main_vec4_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let F4 = params.F / 4u;
  let q = j.lane * 2u;
  let c = (q * 4u / params.Fg) * params.Cg + j.ci0;
  let last = params.Cg - 1u - j.ci0;
  let o = min(vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(last));
  let o2 = min(vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(last));
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let xc = p.x * params.C + c;
    let di = p.y * F4 + q;
    let dl = dy4[di];
    let dh = dy4[di + 1u];
    let x0 = x[xc + o.x];
    l0 += x0 * dl; h0 += x0 * dh;
    if (ROW_BLOCK > 1u) {
      let x1 = x[xc + o.y];
      l1 += x1 * dl; h1 += x1 * dh;
    }
    if (ROW_BLOCK > 2u) {
      let x2 = x[xc + o.z];
      l2 += x2 * dl; h2 += x2 * dh;
    }
    if (ROW_BLOCK > 3u) {
      let x3 = x[xc + o.w];
      l3 += x3 * dl; h3 += x3 * dh;
    }
    if (ROW_BLOCK > 4u) {
      let xr4 = x[xc + o2.x];
      l4 += xr4 * dl; h4 += xr4 * dh;
    }
    if (ROW_BLOCK > 5u) {
      let x5 = x[xc + o2.y];
      l5 += x5 * dl; h5 += x5 * dh;
    }
    if (ROW_BLOCK > 6u) {
      let x6 = x[xc + o2.z];
      l6 += x6 * dl; h6 += x6 * dh;
    }
    if (ROW_BLOCK > 7u) {
      let x7 = x[xc + o2.w];
      l7 += x7 * dl; h7 += x7 * dh;
    }
    at = advance(j, at);
  }
  let lo = array<vec4<f32>, 8>(l0, l1, l2, l3, l4, l5, l6, l7);
  let hi = array<vec4<f32>, 8>(h0, h1, h2, h3, h4, h5, h6, h7);
  for (var r = 0u; r < 8u; r++) {
    if (r < ROW_BLOCK && j.ci0 + r < params.Cg) {
      let at4 = (j.outTap * params.Cg + j.ci0 + r) * F4 + q;
      dw4[at4] = lo[r];
      dw4[at4 + 1u] = hi[r];
    }
  }
}

// main_taps only: the kernel width KW (at most 8), so one invocation owns a whole row of taps.
override TAPS: u32 = 1u;

/**
 * One input channel and no groups (a first layer on grey images): an invocation owns all KW taps of kernel row ky for
 * 4 filters, so each pixel's dy values are loaded once for KW taps instead of once per tap. The pixel loop covers
 * the union of the taps' column ranges; a tap outside the image in a column gets a 0 factor and a clamped index.
 * Mapping: i < count = KH·lanes·slices, lane = i % lanes, ky = (i / lanes) % KH, slice = i / (lanes·KH).
 * Needs C == 1, groups == 1, KW == TAPS <= 8.
 */
@compute @workgroup_size(WG)
fn main_taps(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let ky = (i / params.lanes) % params.KH;
  let slice = i / (params.lanes * params.KH);
  let j = tapRowJob(lane, ky, slice);
  let F = params.F;
  let f0 = lane * 4u;
  let fj = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(F - 1u));
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  let kx0 = vec4<i32>(0, 1, 2, 3) * i32(params.DW);
  let kx1 = vec4<i32>(4, 5, 6, 7) * i32(params.DW);
  let W = vec4<u32>(params.W);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let iy = j.iy0 + (at.oy - j.oyLo) * params.SH;
    let row = i32((at.n * params.H + iy) * params.W);
    let ix = i32(at.ox * params.SW) - i32(params.PW);
    let ia = vec4<i32>(ix) + kx0;
    let ib = vec4<i32>(ix) + kx1;
    let oka = bitcast<vec4<u32>>(ia) < W;
    let okb = bitcast<vec4<u32>>(ib) < W;
    let xa = select(vec4<u32>(0u), bitcast<vec4<u32>>(vec4<i32>(row) + ia), oka);
    let xb = select(vec4<u32>(0u), bitcast<vec4<u32>>(vec4<i32>(row) + ib), okb);
    let ma = select(vec4<f32>(0.0), vec4<f32>(1.0), oka);
    let mb = select(vec4<f32>(0.0), vec4<f32>(1.0), okb);
    let di = vec4<u32>(((at.n * params.OH + at.oy) * params.OW + at.ox) * F) + fj;
    let d = vec4<f32>(dy[di.x], dy[di.y], dy[di.z], dy[di.w]);
    acc0 += (x[xa.x] * ma.x) * d;
    if (TAPS > 1u) {
      acc1 += (x[xa.y] * ma.y) * d;
    }
    if (TAPS > 2u) {
      acc2 += (x[xa.z] * ma.z) * d;
    }
    if (TAPS > 3u) {
      acc3 += (x[xa.w] * ma.w) * d;
    }
    if (TAPS > 4u) {
      acc4 += (x[xb.x] * mb.x) * d;
    }
    if (TAPS > 5u) {
      acc5 += (x[xb.y] * mb.y) * d;
    }
    if (TAPS > 6u) {
      acc6 += (x[xb.z] * mb.z) * d;
    }
    if (TAPS > 7u) {
      acc7 += (x[xb.w] * mb.w) * d;
    }
    at = advance(j, at);
  }
  let taps = array<vec4<f32>, 8>(acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7);
  for (var kx = 0u; kx < TAPS; kx++) {
    for (var c = 0u; c < 4u; c++) {
      if (f0 + c < F) {
        dw[((slice * params.KH + ky) * params.KW + kx) * F + f0 + c] = taps[kx][c];
      }
    }
  }
}

// main_taps_f8 and main_taps_f16 only: input channels (1 to 3); the kernel width is TAPS.
override CH: u32 = 1u;
// main_taps_f8 and main_taps_f16 only: filter quads per invocation (2 or 4).
override QUADS: u32 = 2u;

/** The job of main_taps and main_taps_f8/f16: kernel row ky over the union of its taps' column ranges. */
fn tapRowJob(lane: u32, ky: u32, slice: u32) -> Job {
  let n = sliceImages(slice);
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  // Columns seen by the last tap start first, those seen by the first tap end last.
  let first = span(0u, params.W, params.OW, params.SW, params.PW, params.DW);
  let lastTap = span(TAPS - 1u, params.W, params.OW, params.SW, params.PW, params.DW);
  let oxLo = min(lastTap.x, first.x);
  let oxHi = max(first.y, lastTap.y);
  return Job(lane, ky, 0u, 0u, n.x, n.y, sy.x, sy.y, oxLo, max(oxLo, oxHi), sy.z, 0u);
}

/** The dW rows of tap kx, channel c (QUADS filter quads from base), when that tap and channel exist. */
fn storeTap(base: u32, kx: u32, c: u32, quads: array<vec4<f32>, 4>) {
  if (kx < TAPS && c < CH) {
    let at4 = base + (kx * CH + c) * (params.F / 4u);
    for (var k = 0u; k < QUADS; k++) {
      dw4[at4 + k] = quads[k];
    }
  }
}

/**
 * A first layer on RGB (or 2-channel) images without groups: an invocation owns a whole kernel row ky, all its TAPS
 * (up to 5) taps x CH (up to 3) channels, for 8 or 16 filters (QUADS filter quads from QUADS·lane). Per pixel the dy
 * vec4 loads and the walk serve TAPS·CH rows instead of CH (an RGB 3x3 layer by 8 filters: 18 vec4 FMAs per pixel, not
 * 6). The pixel loop covers the union of the taps' column ranges, as main_taps. Mapping as main_taps (lanes = F/8 or
 * F/16). Needs C == CH <= 3, groups == 1, F % (4·QUADS) == 0, KW == TAPS <= 5.
 */
@compute @workgroup_size(WG)
fn main_taps_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let ky = (i / params.lanes) % params.KH;
  let slice = i / (params.lanes * params.KH);
  let j = tapRowJob(lane, ky, slice);
  let F4 = params.F / 4u;
  let q = lane * 2u;
  let zero = vec4<f32>(0.0);
  var l00 = vec4<f32>(0.0); var h00 = vec4<f32>(0.0); var l01 = vec4<f32>(0.0); var h01 = vec4<f32>(0.0); var l02 = vec4<f32>(0.0); var h02 = vec4<f32>(0.0);
  var l10 = vec4<f32>(0.0); var h10 = vec4<f32>(0.0); var l11 = vec4<f32>(0.0); var h11 = vec4<f32>(0.0); var l12 = vec4<f32>(0.0); var h12 = vec4<f32>(0.0);
  var l20 = vec4<f32>(0.0); var h20 = vec4<f32>(0.0); var l21 = vec4<f32>(0.0); var h21 = vec4<f32>(0.0); var l22 = vec4<f32>(0.0); var h22 = vec4<f32>(0.0);
  var l30 = vec4<f32>(0.0); var h30 = vec4<f32>(0.0); var l31 = vec4<f32>(0.0); var h31 = vec4<f32>(0.0); var l32 = vec4<f32>(0.0); var h32 = vec4<f32>(0.0);
  var l40 = vec4<f32>(0.0); var h40 = vec4<f32>(0.0); var l41 = vec4<f32>(0.0); var h41 = vec4<f32>(0.0); var l42 = vec4<f32>(0.0); var h42 = vec4<f32>(0.0);
  let kxa = vec4<i32>(0, 1, 2, 3) * i32(params.DW);
  let kxb = 4 * i32(params.DW);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let iy = j.iy0 + (at.oy - j.oyLo) * params.SH;
    let row = i32((at.n * params.H + iy) * params.W);
    let ix = i32(at.ox * params.SW) - i32(params.PW);
    let ia = vec4<i32>(ix) + kxa;
    let ib = ix + kxb;
    let oka = bitcast<vec4<u32>>(ia) < vec4<u32>(params.W);
    let okb = u32(ib) < params.W;
    let xa = select(vec4<u32>(0u), bitcast<vec4<u32>>(vec4<i32>(row) + ia) * CH, oka);
    let xb = select(0u, u32(row + ib) * CH, okb);
    let ma = select(vec4<f32>(0.0), vec4<f32>(1.0), oka);
    let mb = select(0.0, 1.0, okb);
    let di = ((at.n * params.OH + at.oy) * params.OW + at.ox) * F4 + q;
    let dl = dy4[di + 0u];
    let dh = dy4[di + 1u];
    let v00 = x[xa.x] * ma.x;
    l00 += v00 * dl; h00 += v00 * dh;
    if (TAPS > 0u && CH > 1u) {
      let v01 = x[xa.x + 1u] * ma.x;
      l01 += v01 * dl; h01 += v01 * dh;
    }
    if (TAPS > 0u && CH > 2u) {
      let v02 = x[xa.x + 2u] * ma.x;
      l02 += v02 * dl; h02 += v02 * dh;
    }
    if (TAPS > 1u) {
      let v10 = x[xa.y] * ma.y;
      l10 += v10 * dl; h10 += v10 * dh;
    }
    if (TAPS > 1u && CH > 1u) {
      let v11 = x[xa.y + 1u] * ma.y;
      l11 += v11 * dl; h11 += v11 * dh;
    }
    if (TAPS > 1u && CH > 2u) {
      let v12 = x[xa.y + 2u] * ma.y;
      l12 += v12 * dl; h12 += v12 * dh;
    }
    if (TAPS > 2u) {
      let v20 = x[xa.z] * ma.z;
      l20 += v20 * dl; h20 += v20 * dh;
    }
    if (TAPS > 2u && CH > 1u) {
      let v21 = x[xa.z + 1u] * ma.z;
      l21 += v21 * dl; h21 += v21 * dh;
    }
    if (TAPS > 2u && CH > 2u) {
      let v22 = x[xa.z + 2u] * ma.z;
      l22 += v22 * dl; h22 += v22 * dh;
    }
    if (TAPS > 3u) {
      let v30 = x[xa.w] * ma.w;
      l30 += v30 * dl; h30 += v30 * dh;
    }
    if (TAPS > 3u && CH > 1u) {
      let v31 = x[xa.w + 1u] * ma.w;
      l31 += v31 * dl; h31 += v31 * dh;
    }
    if (TAPS > 3u && CH > 2u) {
      let v32 = x[xa.w + 2u] * ma.w;
      l32 += v32 * dl; h32 += v32 * dh;
    }
    if (TAPS > 4u) {
      let v40 = x[xb] * mb;
      l40 += v40 * dl; h40 += v40 * dh;
    }
    if (TAPS > 4u && CH > 1u) {
      let v41 = x[xb + 1u] * mb;
      l41 += v41 * dl; h41 += v41 * dh;
    }
    if (TAPS > 4u && CH > 2u) {
      let v42 = x[xb + 2u] * mb;
      l42 += v42 * dl; h42 += v42 * dh;
    }
    at = advance(j, at);
  }
  let base = (slice * params.KH + ky) * params.KW * CH * F4 + q;
  storeTap(base, 0u, 0u, array<vec4<f32>, 4>(l00, h00, zero, zero));
  storeTap(base, 0u, 1u, array<vec4<f32>, 4>(l01, h01, zero, zero));
  storeTap(base, 0u, 2u, array<vec4<f32>, 4>(l02, h02, zero, zero));
  storeTap(base, 1u, 0u, array<vec4<f32>, 4>(l10, h10, zero, zero));
  storeTap(base, 1u, 1u, array<vec4<f32>, 4>(l11, h11, zero, zero));
  storeTap(base, 1u, 2u, array<vec4<f32>, 4>(l12, h12, zero, zero));
  storeTap(base, 2u, 0u, array<vec4<f32>, 4>(l20, h20, zero, zero));
  storeTap(base, 2u, 1u, array<vec4<f32>, 4>(l21, h21, zero, zero));
  storeTap(base, 2u, 2u, array<vec4<f32>, 4>(l22, h22, zero, zero));
  storeTap(base, 3u, 0u, array<vec4<f32>, 4>(l30, h30, zero, zero));
  storeTap(base, 3u, 1u, array<vec4<f32>, 4>(l31, h31, zero, zero));
  storeTap(base, 3u, 2u, array<vec4<f32>, 4>(l32, h32, zero, zero));
  storeTap(base, 4u, 0u, array<vec4<f32>, 4>(l40, h40, zero, zero));
  storeTap(base, 4u, 1u, array<vec4<f32>, 4>(l41, h41, zero, zero));
  storeTap(base, 4u, 2u, array<vec4<f32>, 4>(l42, h42, zero, zero));
}

@compute @workgroup_size(WG)
fn main_taps_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let ky = (i / params.lanes) % params.KH;
  let slice = i / (params.lanes * params.KH);
  let j = tapRowJob(lane, ky, slice);
  let F4 = params.F / 4u;
  let q = lane * 4u;
  let zero = vec4<f32>(0.0);
  var l00 = vec4<f32>(0.0); var h00 = vec4<f32>(0.0); var m00 = vec4<f32>(0.0); var n00 = vec4<f32>(0.0); var l01 = vec4<f32>(0.0); var h01 = vec4<f32>(0.0); var m01 = vec4<f32>(0.0); var n01 = vec4<f32>(0.0); var l02 = vec4<f32>(0.0); var h02 = vec4<f32>(0.0); var m02 = vec4<f32>(0.0); var n02 = vec4<f32>(0.0);
  var l10 = vec4<f32>(0.0); var h10 = vec4<f32>(0.0); var m10 = vec4<f32>(0.0); var n10 = vec4<f32>(0.0); var l11 = vec4<f32>(0.0); var h11 = vec4<f32>(0.0); var m11 = vec4<f32>(0.0); var n11 = vec4<f32>(0.0); var l12 = vec4<f32>(0.0); var h12 = vec4<f32>(0.0); var m12 = vec4<f32>(0.0); var n12 = vec4<f32>(0.0);
  var l20 = vec4<f32>(0.0); var h20 = vec4<f32>(0.0); var m20 = vec4<f32>(0.0); var n20 = vec4<f32>(0.0); var l21 = vec4<f32>(0.0); var h21 = vec4<f32>(0.0); var m21 = vec4<f32>(0.0); var n21 = vec4<f32>(0.0); var l22 = vec4<f32>(0.0); var h22 = vec4<f32>(0.0); var m22 = vec4<f32>(0.0); var n22 = vec4<f32>(0.0);
  var l30 = vec4<f32>(0.0); var h30 = vec4<f32>(0.0); var m30 = vec4<f32>(0.0); var n30 = vec4<f32>(0.0); var l31 = vec4<f32>(0.0); var h31 = vec4<f32>(0.0); var m31 = vec4<f32>(0.0); var n31 = vec4<f32>(0.0); var l32 = vec4<f32>(0.0); var h32 = vec4<f32>(0.0); var m32 = vec4<f32>(0.0); var n32 = vec4<f32>(0.0);
  var l40 = vec4<f32>(0.0); var h40 = vec4<f32>(0.0); var m40 = vec4<f32>(0.0); var n40 = vec4<f32>(0.0); var l41 = vec4<f32>(0.0); var h41 = vec4<f32>(0.0); var m41 = vec4<f32>(0.0); var n41 = vec4<f32>(0.0); var l42 = vec4<f32>(0.0); var h42 = vec4<f32>(0.0); var m42 = vec4<f32>(0.0); var n42 = vec4<f32>(0.0);
  let kxa = vec4<i32>(0, 1, 2, 3) * i32(params.DW);
  let kxb = 4 * i32(params.DW);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let iy = j.iy0 + (at.oy - j.oyLo) * params.SH;
    let row = i32((at.n * params.H + iy) * params.W);
    let ix = i32(at.ox * params.SW) - i32(params.PW);
    let ia = vec4<i32>(ix) + kxa;
    let ib = ix + kxb;
    let oka = bitcast<vec4<u32>>(ia) < vec4<u32>(params.W);
    let okb = u32(ib) < params.W;
    let xa = select(vec4<u32>(0u), bitcast<vec4<u32>>(vec4<i32>(row) + ia) * CH, oka);
    let xb = select(0u, u32(row + ib) * CH, okb);
    let ma = select(vec4<f32>(0.0), vec4<f32>(1.0), oka);
    let mb = select(0.0, 1.0, okb);
    let di = ((at.n * params.OH + at.oy) * params.OW + at.ox) * F4 + q;
    let dl = dy4[di + 0u];
    let dh = dy4[di + 1u];
    let dm = dy4[di + 2u];
    let dn = dy4[di + 3u];
    let v00 = x[xa.x] * ma.x;
    l00 += v00 * dl; h00 += v00 * dh; m00 += v00 * dm; n00 += v00 * dn;
    if (TAPS > 0u && CH > 1u) {
      let v01 = x[xa.x + 1u] * ma.x;
      l01 += v01 * dl; h01 += v01 * dh; m01 += v01 * dm; n01 += v01 * dn;
    }
    if (TAPS > 0u && CH > 2u) {
      let v02 = x[xa.x + 2u] * ma.x;
      l02 += v02 * dl; h02 += v02 * dh; m02 += v02 * dm; n02 += v02 * dn;
    }
    if (TAPS > 1u) {
      let v10 = x[xa.y] * ma.y;
      l10 += v10 * dl; h10 += v10 * dh; m10 += v10 * dm; n10 += v10 * dn;
    }
    if (TAPS > 1u && CH > 1u) {
      let v11 = x[xa.y + 1u] * ma.y;
      l11 += v11 * dl; h11 += v11 * dh; m11 += v11 * dm; n11 += v11 * dn;
    }
    if (TAPS > 1u && CH > 2u) {
      let v12 = x[xa.y + 2u] * ma.y;
      l12 += v12 * dl; h12 += v12 * dh; m12 += v12 * dm; n12 += v12 * dn;
    }
    if (TAPS > 2u) {
      let v20 = x[xa.z] * ma.z;
      l20 += v20 * dl; h20 += v20 * dh; m20 += v20 * dm; n20 += v20 * dn;
    }
    if (TAPS > 2u && CH > 1u) {
      let v21 = x[xa.z + 1u] * ma.z;
      l21 += v21 * dl; h21 += v21 * dh; m21 += v21 * dm; n21 += v21 * dn;
    }
    if (TAPS > 2u && CH > 2u) {
      let v22 = x[xa.z + 2u] * ma.z;
      l22 += v22 * dl; h22 += v22 * dh; m22 += v22 * dm; n22 += v22 * dn;
    }
    if (TAPS > 3u) {
      let v30 = x[xa.w] * ma.w;
      l30 += v30 * dl; h30 += v30 * dh; m30 += v30 * dm; n30 += v30 * dn;
    }
    if (TAPS > 3u && CH > 1u) {
      let v31 = x[xa.w + 1u] * ma.w;
      l31 += v31 * dl; h31 += v31 * dh; m31 += v31 * dm; n31 += v31 * dn;
    }
    if (TAPS > 3u && CH > 2u) {
      let v32 = x[xa.w + 2u] * ma.w;
      l32 += v32 * dl; h32 += v32 * dh; m32 += v32 * dm; n32 += v32 * dn;
    }
    if (TAPS > 4u) {
      let v40 = x[xb] * mb;
      l40 += v40 * dl; h40 += v40 * dh; m40 += v40 * dm; n40 += v40 * dn;
    }
    if (TAPS > 4u && CH > 1u) {
      let v41 = x[xb + 1u] * mb;
      l41 += v41 * dl; h41 += v41 * dh; m41 += v41 * dm; n41 += v41 * dn;
    }
    if (TAPS > 4u && CH > 2u) {
      let v42 = x[xb + 2u] * mb;
      l42 += v42 * dl; h42 += v42 * dh; m42 += v42 * dm; n42 += v42 * dn;
    }
    at = advance(j, at);
  }
  let base = (slice * params.KH + ky) * params.KW * CH * F4 + q;
  storeTap(base, 0u, 0u, array<vec4<f32>, 4>(l00, h00, m00, n00));
  storeTap(base, 0u, 1u, array<vec4<f32>, 4>(l01, h01, m01, n01));
  storeTap(base, 0u, 2u, array<vec4<f32>, 4>(l02, h02, m02, n02));
  storeTap(base, 1u, 0u, array<vec4<f32>, 4>(l10, h10, m10, n10));
  storeTap(base, 1u, 1u, array<vec4<f32>, 4>(l11, h11, m11, n11));
  storeTap(base, 1u, 2u, array<vec4<f32>, 4>(l12, h12, m12, n12));
  storeTap(base, 2u, 0u, array<vec4<f32>, 4>(l20, h20, m20, n20));
  storeTap(base, 2u, 1u, array<vec4<f32>, 4>(l21, h21, m21, n21));
  storeTap(base, 2u, 2u, array<vec4<f32>, 4>(l22, h22, m22, n22));
  storeTap(base, 3u, 0u, array<vec4<f32>, 4>(l30, h30, m30, n30));
  storeTap(base, 3u, 1u, array<vec4<f32>, 4>(l31, h31, m31, n31));
  storeTap(base, 3u, 2u, array<vec4<f32>, 4>(l32, h32, m32, n32));
  storeTap(base, 4u, 0u, array<vec4<f32>, 4>(l40, h40, m40, n40));
  storeTap(base, 4u, 1u, array<vec4<f32>, 4>(l41, h41, m41, n41));
  storeTap(base, 4u, 2u, array<vec4<f32>, 4>(l42, h42, m42, n42));
}

/** x at element i plus each filter's channel cj (all equal unless GROUPED): one value per filter. */
fn xFor(i: u32, cj: vec4<u32>) -> vec4<f32> {
  if (GROUPED) {
    return vec4<f32>(x[i + cj.x], x[i + cj.y], x[i + cj.z], x[i + cj.w]);
  }
  return vec4<f32>(x[i + cj.x]);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gid.x + gid.y * nwg.x * WG >= params.count) {
    return;
  }
  let j = job(gid, nwg);
  let F = params.F;
  let f0 = j.lane * 4u;
  let fj = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(F - 1u));
  // Channel of row ci0 in each filter's group (all the same unless GROUPED).
  let cj = (fj / params.Fg) * params.Cg + j.ci0;
  let o = rowOffsets(j);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var at = Walk(j.n0, j.oyLo, j.oxLo);
  for (var k = 0u; k < total(j); k++) {
    let p = pixelOf(j, at);
    let xi = p.x * params.C;
    let di = vec4<u32>(p.y * F) + fj;
    let d = vec4<f32>(dy[di.x], dy[di.y], dy[di.z], dy[di.w]);
    acc0 += xFor(xi + o.x, cj) * d;
    if (ROW_BLOCK > 1u) {
      acc1 += xFor(xi + o.y, cj) * d;
      acc2 += xFor(xi + o.z, cj) * d;
      acc3 += xFor(xi + o.w, cj) * d;
    }
    at = advance(j, at);
  }
  let rows = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  for (var r = 0u; r < 4u; r++) {
    if (r < ROW_BLOCK && j.ci0 + r < params.Cg) {
      for (var c = 0u; c < 4u; c++) {
        if (f0 + c < F) {
          dw[(j.outTap * params.Cg + j.ci0 + r) * F + f0 + c] = rows[r][c];
        }
      }
    }
  }
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

/** The 10 input columns ox0 - PW + u (u = 0..9) of a block of 8 output pixels in one row: clamped indices, 0/1 factors. */
struct BlockColumns {
  col0: vec4<u32>,
  col1: vec4<u32>,
  col2: vec4<u32>,
  mask0: vec4<f32>,
  mask1: vec4<f32>,
  mask2: vec4<f32>,
}

fn blockColumns(ox0: u32) -> BlockColumns {
  let c0 = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
  let q0 = columnQuad(c0, params.W);
  let q1 = columnQuad(c0 + vec4<i32>(4), params.W);
  let q2 = columnQuad(c0 + vec4<i32>(8), params.W);
  return BlockColumns(
    q0.idx,
    q1.idx,
    q2.idx,
    q0.mask,
    q1.mask,
    q2.mask,
  );
}

/**
 * A 3-wide kernel row at stride 1 (KW = 3, SW = DW = 1, groups == 1, C % 8 == 0, F % 8 == 0, OW % 8 == 0): an
 * invocation owns kernel row ky, its three taps x 8 channels x 8 filters (48 vec4 accumulators), and one loop step is
 * a block of 8 output pixels of one row: 10 neighbouring input columns (20 x vec4 loads) and 16 dy vec4 loads feed
 * 384 vec4 FMAs, where main_vec4x16_f16 loads 48 for as many and walks 6 pixels. Padding columns get a 0 factor.
 * Mapping: i < count = KH·rowBlocks·lanes·slices (rowBlocks = C/8, lanes = F/8), decomposed (fastest first) as lane,
 * channel octet, ky, slice.
 */
@compute @workgroup_size(WG)
fn main_row3_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let t = i / params.lanes;
  let c0 = (t % params.rowBlocks) * 8u;
  let t2 = t / params.rowBlocks;
  let ky = t2 % params.KH;
  let slice = t2 / params.KH;
  let imgs = sliceImages(slice);
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  let C4 = params.C / 4u;
  let F4 = params.F / 4u;
  let c2 = c0 / 4u;
  let q = lane * 2u;
  let blocks = params.OW / 8u;
  var a000 = vec4<f32>(0.0); var a001 = vec4<f32>(0.0); var a010 = vec4<f32>(0.0); var a011 = vec4<f32>(0.0); var a020 = vec4<f32>(0.0); var a021 = vec4<f32>(0.0); var a030 = vec4<f32>(0.0); var a031 = vec4<f32>(0.0); var a040 = vec4<f32>(0.0); var a041 = vec4<f32>(0.0); var a050 = vec4<f32>(0.0); var a051 = vec4<f32>(0.0); var a060 = vec4<f32>(0.0); var a061 = vec4<f32>(0.0); var a070 = vec4<f32>(0.0); var a071 = vec4<f32>(0.0);
  var a100 = vec4<f32>(0.0); var a101 = vec4<f32>(0.0); var a110 = vec4<f32>(0.0); var a111 = vec4<f32>(0.0); var a120 = vec4<f32>(0.0); var a121 = vec4<f32>(0.0); var a130 = vec4<f32>(0.0); var a131 = vec4<f32>(0.0); var a140 = vec4<f32>(0.0); var a141 = vec4<f32>(0.0); var a150 = vec4<f32>(0.0); var a151 = vec4<f32>(0.0); var a160 = vec4<f32>(0.0); var a161 = vec4<f32>(0.0); var a170 = vec4<f32>(0.0); var a171 = vec4<f32>(0.0);
  var a200 = vec4<f32>(0.0); var a201 = vec4<f32>(0.0); var a210 = vec4<f32>(0.0); var a211 = vec4<f32>(0.0); var a220 = vec4<f32>(0.0); var a221 = vec4<f32>(0.0); var a230 = vec4<f32>(0.0); var a231 = vec4<f32>(0.0); var a240 = vec4<f32>(0.0); var a241 = vec4<f32>(0.0); var a250 = vec4<f32>(0.0); var a251 = vec4<f32>(0.0); var a260 = vec4<f32>(0.0); var a261 = vec4<f32>(0.0); var a270 = vec4<f32>(0.0); var a271 = vec4<f32>(0.0);
  var n = imgs.x;
  var oy = sy.x;
  var b = 0u;
  let total = (imgs.y - imgs.x) * (sy.y - sy.x) * blocks;
  for (var k = 0u; k < total; k++) {
    let iy = sy.z + (oy - sy.x) * params.SH;
    let xrow = (n * params.H + iy) * params.W;
    let ox0 = b * 8u;
    let drow = (n * params.OH + oy) * params.OW + ox0;
    let cols = blockColumns(ox0);
    let col0 = cols.col0;
    let col1 = cols.col1;
    let col2 = cols.col2;
    let colMask0 = cols.mask0;
    let colMask1 = cols.mask1;
    let colMask2 = cols.mask2;
    let xl0 = x4[(xrow + col0.x) * C4 + c2] * colMask0.x; let xh0 = x4[(xrow + col0.x) * C4 + c2 + 1u] * colMask0.x;
    let xl1 = x4[(xrow + col0.y) * C4 + c2] * colMask0.y; let xh1 = x4[(xrow + col0.y) * C4 + c2 + 1u] * colMask0.y;
    let xl2 = x4[(xrow + col0.z) * C4 + c2] * colMask0.z; let xh2 = x4[(xrow + col0.z) * C4 + c2 + 1u] * colMask0.z;
    let xl3 = x4[(xrow + col0.w) * C4 + c2] * colMask0.w; let xh3 = x4[(xrow + col0.w) * C4 + c2 + 1u] * colMask0.w;
    let xl4 = x4[(xrow + col1.x) * C4 + c2] * colMask1.x; let xh4 = x4[(xrow + col1.x) * C4 + c2 + 1u] * colMask1.x;
    let xl5 = x4[(xrow + col1.y) * C4 + c2] * colMask1.y; let xh5 = x4[(xrow + col1.y) * C4 + c2 + 1u] * colMask1.y;
    let xl6 = x4[(xrow + col1.z) * C4 + c2] * colMask1.z; let xh6 = x4[(xrow + col1.z) * C4 + c2 + 1u] * colMask1.z;
    let xl7 = x4[(xrow + col1.w) * C4 + c2] * colMask1.w; let xh7 = x4[(xrow + col1.w) * C4 + c2 + 1u] * colMask1.w;
    let xl8 = x4[(xrow + col2.x) * C4 + c2] * colMask2.x; let xh8 = x4[(xrow + col2.x) * C4 + c2 + 1u] * colMask2.x;
    let xl9 = x4[(xrow + col2.y) * C4 + c2] * colMask2.y; let xh9 = x4[(xrow + col2.y) * C4 + c2 + 1u] * colMask2.y;
    let dl0 = dy4[(drow + 0u) * F4 + q]; let dh0 = dy4[(drow + 0u) * F4 + q + 1u];
    let dl1 = dy4[(drow + 1u) * F4 + q]; let dh1 = dy4[(drow + 1u) * F4 + q + 1u];
    let dl2 = dy4[(drow + 2u) * F4 + q]; let dh2 = dy4[(drow + 2u) * F4 + q + 1u];
    let dl3 = dy4[(drow + 3u) * F4 + q]; let dh3 = dy4[(drow + 3u) * F4 + q + 1u];
    let dl4 = dy4[(drow + 4u) * F4 + q]; let dh4 = dy4[(drow + 4u) * F4 + q + 1u];
    let dl5 = dy4[(drow + 5u) * F4 + q]; let dh5 = dy4[(drow + 5u) * F4 + q + 1u];
    let dl6 = dy4[(drow + 6u) * F4 + q]; let dh6 = dy4[(drow + 6u) * F4 + q + 1u];
    let dl7 = dy4[(drow + 7u) * F4 + q]; let dh7 = dy4[(drow + 7u) * F4 + q + 1u];
    a000 += xl0.x * dl0; a001 += xl0.x * dh0; a010 += xl0.y * dl0; a011 += xl0.y * dh0; a020 += xl0.z * dl0; a021 += xl0.z * dh0; a030 += xl0.w * dl0; a031 += xl0.w * dh0;
    a040 += xh0.x * dl0; a041 += xh0.x * dh0; a050 += xh0.y * dl0; a051 += xh0.y * dh0; a060 += xh0.z * dl0; a061 += xh0.z * dh0; a070 += xh0.w * dl0; a071 += xh0.w * dh0;
    a100 += xl1.x * dl0; a101 += xl1.x * dh0; a110 += xl1.y * dl0; a111 += xl1.y * dh0; a120 += xl1.z * dl0; a121 += xl1.z * dh0; a130 += xl1.w * dl0; a131 += xl1.w * dh0;
    a140 += xh1.x * dl0; a141 += xh1.x * dh0; a150 += xh1.y * dl0; a151 += xh1.y * dh0; a160 += xh1.z * dl0; a161 += xh1.z * dh0; a170 += xh1.w * dl0; a171 += xh1.w * dh0;
    a200 += xl2.x * dl0; a201 += xl2.x * dh0; a210 += xl2.y * dl0; a211 += xl2.y * dh0; a220 += xl2.z * dl0; a221 += xl2.z * dh0; a230 += xl2.w * dl0; a231 += xl2.w * dh0;
    a240 += xh2.x * dl0; a241 += xh2.x * dh0; a250 += xh2.y * dl0; a251 += xh2.y * dh0; a260 += xh2.z * dl0; a261 += xh2.z * dh0; a270 += xh2.w * dl0; a271 += xh2.w * dh0;
    a000 += xl1.x * dl1; a001 += xl1.x * dh1; a010 += xl1.y * dl1; a011 += xl1.y * dh1; a020 += xl1.z * dl1; a021 += xl1.z * dh1; a030 += xl1.w * dl1; a031 += xl1.w * dh1;
    a040 += xh1.x * dl1; a041 += xh1.x * dh1; a050 += xh1.y * dl1; a051 += xh1.y * dh1; a060 += xh1.z * dl1; a061 += xh1.z * dh1; a070 += xh1.w * dl1; a071 += xh1.w * dh1;
    a100 += xl2.x * dl1; a101 += xl2.x * dh1; a110 += xl2.y * dl1; a111 += xl2.y * dh1; a120 += xl2.z * dl1; a121 += xl2.z * dh1; a130 += xl2.w * dl1; a131 += xl2.w * dh1;
    a140 += xh2.x * dl1; a141 += xh2.x * dh1; a150 += xh2.y * dl1; a151 += xh2.y * dh1; a160 += xh2.z * dl1; a161 += xh2.z * dh1; a170 += xh2.w * dl1; a171 += xh2.w * dh1;
    a200 += xl3.x * dl1; a201 += xl3.x * dh1; a210 += xl3.y * dl1; a211 += xl3.y * dh1; a220 += xl3.z * dl1; a221 += xl3.z * dh1; a230 += xl3.w * dl1; a231 += xl3.w * dh1;
    a240 += xh3.x * dl1; a241 += xh3.x * dh1; a250 += xh3.y * dl1; a251 += xh3.y * dh1; a260 += xh3.z * dl1; a261 += xh3.z * dh1; a270 += xh3.w * dl1; a271 += xh3.w * dh1;
    a000 += xl2.x * dl2; a001 += xl2.x * dh2; a010 += xl2.y * dl2; a011 += xl2.y * dh2; a020 += xl2.z * dl2; a021 += xl2.z * dh2; a030 += xl2.w * dl2; a031 += xl2.w * dh2;
    a040 += xh2.x * dl2; a041 += xh2.x * dh2; a050 += xh2.y * dl2; a051 += xh2.y * dh2; a060 += xh2.z * dl2; a061 += xh2.z * dh2; a070 += xh2.w * dl2; a071 += xh2.w * dh2;
    a100 += xl3.x * dl2; a101 += xl3.x * dh2; a110 += xl3.y * dl2; a111 += xl3.y * dh2; a120 += xl3.z * dl2; a121 += xl3.z * dh2; a130 += xl3.w * dl2; a131 += xl3.w * dh2;
    a140 += xh3.x * dl2; a141 += xh3.x * dh2; a150 += xh3.y * dl2; a151 += xh3.y * dh2; a160 += xh3.z * dl2; a161 += xh3.z * dh2; a170 += xh3.w * dl2; a171 += xh3.w * dh2;
    a200 += xl4.x * dl2; a201 += xl4.x * dh2; a210 += xl4.y * dl2; a211 += xl4.y * dh2; a220 += xl4.z * dl2; a221 += xl4.z * dh2; a230 += xl4.w * dl2; a231 += xl4.w * dh2;
    a240 += xh4.x * dl2; a241 += xh4.x * dh2; a250 += xh4.y * dl2; a251 += xh4.y * dh2; a260 += xh4.z * dl2; a261 += xh4.z * dh2; a270 += xh4.w * dl2; a271 += xh4.w * dh2;
    a000 += xl3.x * dl3; a001 += xl3.x * dh3; a010 += xl3.y * dl3; a011 += xl3.y * dh3; a020 += xl3.z * dl3; a021 += xl3.z * dh3; a030 += xl3.w * dl3; a031 += xl3.w * dh3;
    a040 += xh3.x * dl3; a041 += xh3.x * dh3; a050 += xh3.y * dl3; a051 += xh3.y * dh3; a060 += xh3.z * dl3; a061 += xh3.z * dh3; a070 += xh3.w * dl3; a071 += xh3.w * dh3;
    a100 += xl4.x * dl3; a101 += xl4.x * dh3; a110 += xl4.y * dl3; a111 += xl4.y * dh3; a120 += xl4.z * dl3; a121 += xl4.z * dh3; a130 += xl4.w * dl3; a131 += xl4.w * dh3;
    a140 += xh4.x * dl3; a141 += xh4.x * dh3; a150 += xh4.y * dl3; a151 += xh4.y * dh3; a160 += xh4.z * dl3; a161 += xh4.z * dh3; a170 += xh4.w * dl3; a171 += xh4.w * dh3;
    a200 += xl5.x * dl3; a201 += xl5.x * dh3; a210 += xl5.y * dl3; a211 += xl5.y * dh3; a220 += xl5.z * dl3; a221 += xl5.z * dh3; a230 += xl5.w * dl3; a231 += xl5.w * dh3;
    a240 += xh5.x * dl3; a241 += xh5.x * dh3; a250 += xh5.y * dl3; a251 += xh5.y * dh3; a260 += xh5.z * dl3; a261 += xh5.z * dh3; a270 += xh5.w * dl3; a271 += xh5.w * dh3;
    a000 += xl4.x * dl4; a001 += xl4.x * dh4; a010 += xl4.y * dl4; a011 += xl4.y * dh4; a020 += xl4.z * dl4; a021 += xl4.z * dh4; a030 += xl4.w * dl4; a031 += xl4.w * dh4;
    a040 += xh4.x * dl4; a041 += xh4.x * dh4; a050 += xh4.y * dl4; a051 += xh4.y * dh4; a060 += xh4.z * dl4; a061 += xh4.z * dh4; a070 += xh4.w * dl4; a071 += xh4.w * dh4;
    a100 += xl5.x * dl4; a101 += xl5.x * dh4; a110 += xl5.y * dl4; a111 += xl5.y * dh4; a120 += xl5.z * dl4; a121 += xl5.z * dh4; a130 += xl5.w * dl4; a131 += xl5.w * dh4;
    a140 += xh5.x * dl4; a141 += xh5.x * dh4; a150 += xh5.y * dl4; a151 += xh5.y * dh4; a160 += xh5.z * dl4; a161 += xh5.z * dh4; a170 += xh5.w * dl4; a171 += xh5.w * dh4;
    a200 += xl6.x * dl4; a201 += xl6.x * dh4; a210 += xl6.y * dl4; a211 += xl6.y * dh4; a220 += xl6.z * dl4; a221 += xl6.z * dh4; a230 += xl6.w * dl4; a231 += xl6.w * dh4;
    a240 += xh6.x * dl4; a241 += xh6.x * dh4; a250 += xh6.y * dl4; a251 += xh6.y * dh4; a260 += xh6.z * dl4; a261 += xh6.z * dh4; a270 += xh6.w * dl4; a271 += xh6.w * dh4;
    a000 += xl5.x * dl5; a001 += xl5.x * dh5; a010 += xl5.y * dl5; a011 += xl5.y * dh5; a020 += xl5.z * dl5; a021 += xl5.z * dh5; a030 += xl5.w * dl5; a031 += xl5.w * dh5;
    a040 += xh5.x * dl5; a041 += xh5.x * dh5; a050 += xh5.y * dl5; a051 += xh5.y * dh5; a060 += xh5.z * dl5; a061 += xh5.z * dh5; a070 += xh5.w * dl5; a071 += xh5.w * dh5;
    a100 += xl6.x * dl5; a101 += xl6.x * dh5; a110 += xl6.y * dl5; a111 += xl6.y * dh5; a120 += xl6.z * dl5; a121 += xl6.z * dh5; a130 += xl6.w * dl5; a131 += xl6.w * dh5;
    a140 += xh6.x * dl5; a141 += xh6.x * dh5; a150 += xh6.y * dl5; a151 += xh6.y * dh5; a160 += xh6.z * dl5; a161 += xh6.z * dh5; a170 += xh6.w * dl5; a171 += xh6.w * dh5;
    a200 += xl7.x * dl5; a201 += xl7.x * dh5; a210 += xl7.y * dl5; a211 += xl7.y * dh5; a220 += xl7.z * dl5; a221 += xl7.z * dh5; a230 += xl7.w * dl5; a231 += xl7.w * dh5;
    a240 += xh7.x * dl5; a241 += xh7.x * dh5; a250 += xh7.y * dl5; a251 += xh7.y * dh5; a260 += xh7.z * dl5; a261 += xh7.z * dh5; a270 += xh7.w * dl5; a271 += xh7.w * dh5;
    a000 += xl6.x * dl6; a001 += xl6.x * dh6; a010 += xl6.y * dl6; a011 += xl6.y * dh6; a020 += xl6.z * dl6; a021 += xl6.z * dh6; a030 += xl6.w * dl6; a031 += xl6.w * dh6;
    a040 += xh6.x * dl6; a041 += xh6.x * dh6; a050 += xh6.y * dl6; a051 += xh6.y * dh6; a060 += xh6.z * dl6; a061 += xh6.z * dh6; a070 += xh6.w * dl6; a071 += xh6.w * dh6;
    a100 += xl7.x * dl6; a101 += xl7.x * dh6; a110 += xl7.y * dl6; a111 += xl7.y * dh6; a120 += xl7.z * dl6; a121 += xl7.z * dh6; a130 += xl7.w * dl6; a131 += xl7.w * dh6;
    a140 += xh7.x * dl6; a141 += xh7.x * dh6; a150 += xh7.y * dl6; a151 += xh7.y * dh6; a160 += xh7.z * dl6; a161 += xh7.z * dh6; a170 += xh7.w * dl6; a171 += xh7.w * dh6;
    a200 += xl8.x * dl6; a201 += xl8.x * dh6; a210 += xl8.y * dl6; a211 += xl8.y * dh6; a220 += xl8.z * dl6; a221 += xl8.z * dh6; a230 += xl8.w * dl6; a231 += xl8.w * dh6;
    a240 += xh8.x * dl6; a241 += xh8.x * dh6; a250 += xh8.y * dl6; a251 += xh8.y * dh6; a260 += xh8.z * dl6; a261 += xh8.z * dh6; a270 += xh8.w * dl6; a271 += xh8.w * dh6;
    a000 += xl7.x * dl7; a001 += xl7.x * dh7; a010 += xl7.y * dl7; a011 += xl7.y * dh7; a020 += xl7.z * dl7; a021 += xl7.z * dh7; a030 += xl7.w * dl7; a031 += xl7.w * dh7;
    a040 += xh7.x * dl7; a041 += xh7.x * dh7; a050 += xh7.y * dl7; a051 += xh7.y * dh7; a060 += xh7.z * dl7; a061 += xh7.z * dh7; a070 += xh7.w * dl7; a071 += xh7.w * dh7;
    a100 += xl8.x * dl7; a101 += xl8.x * dh7; a110 += xl8.y * dl7; a111 += xl8.y * dh7; a120 += xl8.z * dl7; a121 += xl8.z * dh7; a130 += xl8.w * dl7; a131 += xl8.w * dh7;
    a140 += xh8.x * dl7; a141 += xh8.x * dh7; a150 += xh8.y * dl7; a151 += xh8.y * dh7; a160 += xh8.z * dl7; a161 += xh8.z * dh7; a170 += xh8.w * dl7; a171 += xh8.w * dh7;
    a200 += xl9.x * dl7; a201 += xl9.x * dh7; a210 += xl9.y * dl7; a211 += xl9.y * dh7; a220 += xl9.z * dl7; a221 += xl9.z * dh7; a230 += xl9.w * dl7; a231 += xl9.w * dh7;
    a240 += xh9.x * dl7; a241 += xh9.x * dh7; a250 += xh9.y * dl7; a251 += xh9.y * dh7; a260 += xh9.z * dl7; a261 += xh9.z * dh7; a270 += xh9.w * dl7; a271 += xh9.w * dh7;
    b += 1u;
    let nextRow = b == blocks;
    b = select(b, 0u, nextRow);
    oy += select(0u, 1u, nextRow);
    let nextImage = oy == sy.y;
    oy = select(oy, sy.x, nextImage);
    n += select(0u, 1u, nextImage);
  }
  let base = ((slice * params.KH + ky) * 3u * params.C + c0) * F4 + q;
  dw4[base + (0u * params.C + 0u) * F4] = a000; dw4[base + (0u * params.C + 0u) * F4 + 1u] = a001;
  dw4[base + (0u * params.C + 1u) * F4] = a010; dw4[base + (0u * params.C + 1u) * F4 + 1u] = a011;
  dw4[base + (0u * params.C + 2u) * F4] = a020; dw4[base + (0u * params.C + 2u) * F4 + 1u] = a021;
  dw4[base + (0u * params.C + 3u) * F4] = a030; dw4[base + (0u * params.C + 3u) * F4 + 1u] = a031;
  dw4[base + (0u * params.C + 4u) * F4] = a040; dw4[base + (0u * params.C + 4u) * F4 + 1u] = a041;
  dw4[base + (0u * params.C + 5u) * F4] = a050; dw4[base + (0u * params.C + 5u) * F4 + 1u] = a051;
  dw4[base + (0u * params.C + 6u) * F4] = a060; dw4[base + (0u * params.C + 6u) * F4 + 1u] = a061;
  dw4[base + (0u * params.C + 7u) * F4] = a070; dw4[base + (0u * params.C + 7u) * F4 + 1u] = a071;
  dw4[base + (1u * params.C + 0u) * F4] = a100; dw4[base + (1u * params.C + 0u) * F4 + 1u] = a101;
  dw4[base + (1u * params.C + 1u) * F4] = a110; dw4[base + (1u * params.C + 1u) * F4 + 1u] = a111;
  dw4[base + (1u * params.C + 2u) * F4] = a120; dw4[base + (1u * params.C + 2u) * F4 + 1u] = a121;
  dw4[base + (1u * params.C + 3u) * F4] = a130; dw4[base + (1u * params.C + 3u) * F4 + 1u] = a131;
  dw4[base + (1u * params.C + 4u) * F4] = a140; dw4[base + (1u * params.C + 4u) * F4 + 1u] = a141;
  dw4[base + (1u * params.C + 5u) * F4] = a150; dw4[base + (1u * params.C + 5u) * F4 + 1u] = a151;
  dw4[base + (1u * params.C + 6u) * F4] = a160; dw4[base + (1u * params.C + 6u) * F4 + 1u] = a161;
  dw4[base + (1u * params.C + 7u) * F4] = a170; dw4[base + (1u * params.C + 7u) * F4 + 1u] = a171;
  dw4[base + (2u * params.C + 0u) * F4] = a200; dw4[base + (2u * params.C + 0u) * F4 + 1u] = a201;
  dw4[base + (2u * params.C + 1u) * F4] = a210; dw4[base + (2u * params.C + 1u) * F4 + 1u] = a211;
  dw4[base + (2u * params.C + 2u) * F4] = a220; dw4[base + (2u * params.C + 2u) * F4 + 1u] = a221;
  dw4[base + (2u * params.C + 3u) * F4] = a230; dw4[base + (2u * params.C + 3u) * F4 + 1u] = a231;
  dw4[base + (2u * params.C + 4u) * F4] = a240; dw4[base + (2u * params.C + 4u) * F4 + 1u] = a241;
  dw4[base + (2u * params.C + 5u) * F4] = a250; dw4[base + (2u * params.C + 5u) * F4 + 1u] = a251;
  dw4[base + (2u * params.C + 6u) * F4] = a260; dw4[base + (2u * params.C + 6u) * F4 + 1u] = a261;
  dw4[base + (2u * params.C + 7u) * F4] = a270; dw4[base + (2u * params.C + 7u) * F4 + 1u] = a271;
}

/**
 * main_row3_f8 for an RGB (or 1- or 2-channel) first layer: an invocation owns kernel row ky, its three taps x CH
 * channels x 16 filters (QUADS = 4), and one loop step is a block of 8 output pixels of one row: 10 input columns
 * (10·CH scalar x loads) and 32 dy vec4 loads feed 96·CH vec4 FMAs, where main_taps_f16 walks 8 pixels and loads
 * 24·CH x values for as many (channels past CH load channel CH-1 and are never stored). Needs KW = TAPS = 3, SW = DW = 1, groups == 1, C == CH <= 3, F % 16 == 0,
 * OW % 8 == 0. Mapping as main_taps (lanes = F/16).
 */
@compute @workgroup_size(WG)
fn main_row3s_f16(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let ky = (i / params.lanes) % params.KH;
  let slice = i / (params.lanes * params.KH);
  let imgs = sliceImages(slice);
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  let F4 = params.F / 4u;
  let q = lane * 4u;
  let blocks = params.OW / 8u;
  var a000 = vec4<f32>(0.0); var a001 = vec4<f32>(0.0); var a002 = vec4<f32>(0.0); var a003 = vec4<f32>(0.0); var a010 = vec4<f32>(0.0); var a011 = vec4<f32>(0.0); var a012 = vec4<f32>(0.0); var a013 = vec4<f32>(0.0); var a020 = vec4<f32>(0.0); var a021 = vec4<f32>(0.0); var a022 = vec4<f32>(0.0); var a023 = vec4<f32>(0.0);
  var a100 = vec4<f32>(0.0); var a101 = vec4<f32>(0.0); var a102 = vec4<f32>(0.0); var a103 = vec4<f32>(0.0); var a110 = vec4<f32>(0.0); var a111 = vec4<f32>(0.0); var a112 = vec4<f32>(0.0); var a113 = vec4<f32>(0.0); var a120 = vec4<f32>(0.0); var a121 = vec4<f32>(0.0); var a122 = vec4<f32>(0.0); var a123 = vec4<f32>(0.0);
  var a200 = vec4<f32>(0.0); var a201 = vec4<f32>(0.0); var a202 = vec4<f32>(0.0); var a203 = vec4<f32>(0.0); var a210 = vec4<f32>(0.0); var a211 = vec4<f32>(0.0); var a212 = vec4<f32>(0.0); var a213 = vec4<f32>(0.0); var a220 = vec4<f32>(0.0); var a221 = vec4<f32>(0.0); var a222 = vec4<f32>(0.0); var a223 = vec4<f32>(0.0);
  var n = imgs.x;
  var oy = sy.x;
  var b = 0u;
  let total = (imgs.y - imgs.x) * (sy.y - sy.x) * blocks;
  for (var k = 0u; k < total; k++) {
    let iy = sy.z + (oy - sy.x) * params.SH;
    let xrow = (n * params.H + iy) * params.W;
    let ox0 = b * 8u;
    let di = ((n * params.OH + oy) * params.OW + ox0) * F4 + q;
    let cols = blockColumns(ox0);
    let col0 = cols.col0;
    let col1 = cols.col1;
    let col2 = cols.col2;
    let colMask0 = cols.mask0;
    let colMask1 = cols.mask1;
    let colMask2 = cols.mask2;
    let xi0 = (xrow + col0.x) * CH;
    let x00 = x[xi0] * colMask0.x; let x01 = x[xi0 + min(1u, CH - 1u)] * colMask0.x; let x02 = x[xi0 + min(2u, CH - 1u)] * colMask0.x;
    let xi1 = (xrow + col0.y) * CH;
    let x10 = x[xi1] * colMask0.y; let x11 = x[xi1 + min(1u, CH - 1u)] * colMask0.y; let x12 = x[xi1 + min(2u, CH - 1u)] * colMask0.y;
    let xi2 = (xrow + col0.z) * CH;
    let x20 = x[xi2] * colMask0.z; let x21 = x[xi2 + min(1u, CH - 1u)] * colMask0.z; let x22 = x[xi2 + min(2u, CH - 1u)] * colMask0.z;
    let xi3 = (xrow + col0.w) * CH;
    let x30 = x[xi3] * colMask0.w; let x31 = x[xi3 + min(1u, CH - 1u)] * colMask0.w; let x32 = x[xi3 + min(2u, CH - 1u)] * colMask0.w;
    let xi4 = (xrow + col1.x) * CH;
    let x40 = x[xi4] * colMask1.x; let x41 = x[xi4 + min(1u, CH - 1u)] * colMask1.x; let x42 = x[xi4 + min(2u, CH - 1u)] * colMask1.x;
    let xi5 = (xrow + col1.y) * CH;
    let x50 = x[xi5] * colMask1.y; let x51 = x[xi5 + min(1u, CH - 1u)] * colMask1.y; let x52 = x[xi5 + min(2u, CH - 1u)] * colMask1.y;
    let xi6 = (xrow + col1.z) * CH;
    let x60 = x[xi6] * colMask1.z; let x61 = x[xi6 + min(1u, CH - 1u)] * colMask1.z; let x62 = x[xi6 + min(2u, CH - 1u)] * colMask1.z;
    let xi7 = (xrow + col1.w) * CH;
    let x70 = x[xi7] * colMask1.w; let x71 = x[xi7 + min(1u, CH - 1u)] * colMask1.w; let x72 = x[xi7 + min(2u, CH - 1u)] * colMask1.w;
    let xi8 = (xrow + col2.x) * CH;
    let x80 = x[xi8] * colMask2.x; let x81 = x[xi8 + min(1u, CH - 1u)] * colMask2.x; let x82 = x[xi8 + min(2u, CH - 1u)] * colMask2.x;
    let xi9 = (xrow + col2.y) * CH;
    let x90 = x[xi9] * colMask2.y; let x91 = x[xi9 + min(1u, CH - 1u)] * colMask2.y; let x92 = x[xi9 + min(2u, CH - 1u)] * colMask2.y;
    let d00 = dy4[di + 0u * F4]; let d01 = dy4[di + 0u * F4 + 1u]; let d02 = dy4[di + 0u * F4 + 2u]; let d03 = dy4[di + 0u * F4 + 3u];
    let d10 = dy4[di + 1u * F4]; let d11 = dy4[di + 1u * F4 + 1u]; let d12 = dy4[di + 1u * F4 + 2u]; let d13 = dy4[di + 1u * F4 + 3u];
    let d20 = dy4[di + 2u * F4]; let d21 = dy4[di + 2u * F4 + 1u]; let d22 = dy4[di + 2u * F4 + 2u]; let d23 = dy4[di + 2u * F4 + 3u];
    let d30 = dy4[di + 3u * F4]; let d31 = dy4[di + 3u * F4 + 1u]; let d32 = dy4[di + 3u * F4 + 2u]; let d33 = dy4[di + 3u * F4 + 3u];
    let d40 = dy4[di + 4u * F4]; let d41 = dy4[di + 4u * F4 + 1u]; let d42 = dy4[di + 4u * F4 + 2u]; let d43 = dy4[di + 4u * F4 + 3u];
    let d50 = dy4[di + 5u * F4]; let d51 = dy4[di + 5u * F4 + 1u]; let d52 = dy4[di + 5u * F4 + 2u]; let d53 = dy4[di + 5u * F4 + 3u];
    let d60 = dy4[di + 6u * F4]; let d61 = dy4[di + 6u * F4 + 1u]; let d62 = dy4[di + 6u * F4 + 2u]; let d63 = dy4[di + 6u * F4 + 3u];
    let d70 = dy4[di + 7u * F4]; let d71 = dy4[di + 7u * F4 + 1u]; let d72 = dy4[di + 7u * F4 + 2u]; let d73 = dy4[di + 7u * F4 + 3u];
    a000 += x00 * d00; a001 += x00 * d01; a002 += x00 * d02; a003 += x00 * d03;
    if (CH > 1u) { a010 += x01 * d00; a011 += x01 * d01; a012 += x01 * d02; a013 += x01 * d03; }
    if (CH > 2u) { a020 += x02 * d00; a021 += x02 * d01; a022 += x02 * d02; a023 += x02 * d03; }
    a100 += x10 * d00; a101 += x10 * d01; a102 += x10 * d02; a103 += x10 * d03;
    if (CH > 1u) { a110 += x11 * d00; a111 += x11 * d01; a112 += x11 * d02; a113 += x11 * d03; }
    if (CH > 2u) { a120 += x12 * d00; a121 += x12 * d01; a122 += x12 * d02; a123 += x12 * d03; }
    a200 += x20 * d00; a201 += x20 * d01; a202 += x20 * d02; a203 += x20 * d03;
    if (CH > 1u) { a210 += x21 * d00; a211 += x21 * d01; a212 += x21 * d02; a213 += x21 * d03; }
    if (CH > 2u) { a220 += x22 * d00; a221 += x22 * d01; a222 += x22 * d02; a223 += x22 * d03; }
    a000 += x10 * d10; a001 += x10 * d11; a002 += x10 * d12; a003 += x10 * d13;
    if (CH > 1u) { a010 += x11 * d10; a011 += x11 * d11; a012 += x11 * d12; a013 += x11 * d13; }
    if (CH > 2u) { a020 += x12 * d10; a021 += x12 * d11; a022 += x12 * d12; a023 += x12 * d13; }
    a100 += x20 * d10; a101 += x20 * d11; a102 += x20 * d12; a103 += x20 * d13;
    if (CH > 1u) { a110 += x21 * d10; a111 += x21 * d11; a112 += x21 * d12; a113 += x21 * d13; }
    if (CH > 2u) { a120 += x22 * d10; a121 += x22 * d11; a122 += x22 * d12; a123 += x22 * d13; }
    a200 += x30 * d10; a201 += x30 * d11; a202 += x30 * d12; a203 += x30 * d13;
    if (CH > 1u) { a210 += x31 * d10; a211 += x31 * d11; a212 += x31 * d12; a213 += x31 * d13; }
    if (CH > 2u) { a220 += x32 * d10; a221 += x32 * d11; a222 += x32 * d12; a223 += x32 * d13; }
    a000 += x20 * d20; a001 += x20 * d21; a002 += x20 * d22; a003 += x20 * d23;
    if (CH > 1u) { a010 += x21 * d20; a011 += x21 * d21; a012 += x21 * d22; a013 += x21 * d23; }
    if (CH > 2u) { a020 += x22 * d20; a021 += x22 * d21; a022 += x22 * d22; a023 += x22 * d23; }
    a100 += x30 * d20; a101 += x30 * d21; a102 += x30 * d22; a103 += x30 * d23;
    if (CH > 1u) { a110 += x31 * d20; a111 += x31 * d21; a112 += x31 * d22; a113 += x31 * d23; }
    if (CH > 2u) { a120 += x32 * d20; a121 += x32 * d21; a122 += x32 * d22; a123 += x32 * d23; }
    a200 += x40 * d20; a201 += x40 * d21; a202 += x40 * d22; a203 += x40 * d23;
    if (CH > 1u) { a210 += x41 * d20; a211 += x41 * d21; a212 += x41 * d22; a213 += x41 * d23; }
    if (CH > 2u) { a220 += x42 * d20; a221 += x42 * d21; a222 += x42 * d22; a223 += x42 * d23; }
    a000 += x30 * d30; a001 += x30 * d31; a002 += x30 * d32; a003 += x30 * d33;
    if (CH > 1u) { a010 += x31 * d30; a011 += x31 * d31; a012 += x31 * d32; a013 += x31 * d33; }
    if (CH > 2u) { a020 += x32 * d30; a021 += x32 * d31; a022 += x32 * d32; a023 += x32 * d33; }
    a100 += x40 * d30; a101 += x40 * d31; a102 += x40 * d32; a103 += x40 * d33;
    if (CH > 1u) { a110 += x41 * d30; a111 += x41 * d31; a112 += x41 * d32; a113 += x41 * d33; }
    if (CH > 2u) { a120 += x42 * d30; a121 += x42 * d31; a122 += x42 * d32; a123 += x42 * d33; }
    a200 += x50 * d30; a201 += x50 * d31; a202 += x50 * d32; a203 += x50 * d33;
    if (CH > 1u) { a210 += x51 * d30; a211 += x51 * d31; a212 += x51 * d32; a213 += x51 * d33; }
    if (CH > 2u) { a220 += x52 * d30; a221 += x52 * d31; a222 += x52 * d32; a223 += x52 * d33; }
    a000 += x40 * d40; a001 += x40 * d41; a002 += x40 * d42; a003 += x40 * d43;
    if (CH > 1u) { a010 += x41 * d40; a011 += x41 * d41; a012 += x41 * d42; a013 += x41 * d43; }
    if (CH > 2u) { a020 += x42 * d40; a021 += x42 * d41; a022 += x42 * d42; a023 += x42 * d43; }
    a100 += x50 * d40; a101 += x50 * d41; a102 += x50 * d42; a103 += x50 * d43;
    if (CH > 1u) { a110 += x51 * d40; a111 += x51 * d41; a112 += x51 * d42; a113 += x51 * d43; }
    if (CH > 2u) { a120 += x52 * d40; a121 += x52 * d41; a122 += x52 * d42; a123 += x52 * d43; }
    a200 += x60 * d40; a201 += x60 * d41; a202 += x60 * d42; a203 += x60 * d43;
    if (CH > 1u) { a210 += x61 * d40; a211 += x61 * d41; a212 += x61 * d42; a213 += x61 * d43; }
    if (CH > 2u) { a220 += x62 * d40; a221 += x62 * d41; a222 += x62 * d42; a223 += x62 * d43; }
    a000 += x50 * d50; a001 += x50 * d51; a002 += x50 * d52; a003 += x50 * d53;
    if (CH > 1u) { a010 += x51 * d50; a011 += x51 * d51; a012 += x51 * d52; a013 += x51 * d53; }
    if (CH > 2u) { a020 += x52 * d50; a021 += x52 * d51; a022 += x52 * d52; a023 += x52 * d53; }
    a100 += x60 * d50; a101 += x60 * d51; a102 += x60 * d52; a103 += x60 * d53;
    if (CH > 1u) { a110 += x61 * d50; a111 += x61 * d51; a112 += x61 * d52; a113 += x61 * d53; }
    if (CH > 2u) { a120 += x62 * d50; a121 += x62 * d51; a122 += x62 * d52; a123 += x62 * d53; }
    a200 += x70 * d50; a201 += x70 * d51; a202 += x70 * d52; a203 += x70 * d53;
    if (CH > 1u) { a210 += x71 * d50; a211 += x71 * d51; a212 += x71 * d52; a213 += x71 * d53; }
    if (CH > 2u) { a220 += x72 * d50; a221 += x72 * d51; a222 += x72 * d52; a223 += x72 * d53; }
    a000 += x60 * d60; a001 += x60 * d61; a002 += x60 * d62; a003 += x60 * d63;
    if (CH > 1u) { a010 += x61 * d60; a011 += x61 * d61; a012 += x61 * d62; a013 += x61 * d63; }
    if (CH > 2u) { a020 += x62 * d60; a021 += x62 * d61; a022 += x62 * d62; a023 += x62 * d63; }
    a100 += x70 * d60; a101 += x70 * d61; a102 += x70 * d62; a103 += x70 * d63;
    if (CH > 1u) { a110 += x71 * d60; a111 += x71 * d61; a112 += x71 * d62; a113 += x71 * d63; }
    if (CH > 2u) { a120 += x72 * d60; a121 += x72 * d61; a122 += x72 * d62; a123 += x72 * d63; }
    a200 += x80 * d60; a201 += x80 * d61; a202 += x80 * d62; a203 += x80 * d63;
    if (CH > 1u) { a210 += x81 * d60; a211 += x81 * d61; a212 += x81 * d62; a213 += x81 * d63; }
    if (CH > 2u) { a220 += x82 * d60; a221 += x82 * d61; a222 += x82 * d62; a223 += x82 * d63; }
    a000 += x70 * d70; a001 += x70 * d71; a002 += x70 * d72; a003 += x70 * d73;
    if (CH > 1u) { a010 += x71 * d70; a011 += x71 * d71; a012 += x71 * d72; a013 += x71 * d73; }
    if (CH > 2u) { a020 += x72 * d70; a021 += x72 * d71; a022 += x72 * d72; a023 += x72 * d73; }
    a100 += x80 * d70; a101 += x80 * d71; a102 += x80 * d72; a103 += x80 * d73;
    if (CH > 1u) { a110 += x81 * d70; a111 += x81 * d71; a112 += x81 * d72; a113 += x81 * d73; }
    if (CH > 2u) { a120 += x82 * d70; a121 += x82 * d71; a122 += x82 * d72; a123 += x82 * d73; }
    a200 += x90 * d70; a201 += x90 * d71; a202 += x90 * d72; a203 += x90 * d73;
    if (CH > 1u) { a210 += x91 * d70; a211 += x91 * d71; a212 += x91 * d72; a213 += x91 * d73; }
    if (CH > 2u) { a220 += x92 * d70; a221 += x92 * d71; a222 += x92 * d72; a223 += x92 * d73; }
    b += 1u;
    let nextRow = b == blocks;
    b = select(b, 0u, nextRow);
    oy += select(0u, 1u, nextRow);
    let nextImage = oy == sy.y;
    oy = select(oy, sy.x, nextImage);
    n += select(0u, 1u, nextImage);
  }
  let base = (slice * params.KH + ky) * params.KW * CH * F4 + q;
  storeTap(base, 0u, 0u, array<vec4<f32>, 4>(a000, a001, a002, a003));
  storeTap(base, 0u, 1u, array<vec4<f32>, 4>(a010, a011, a012, a013));
  storeTap(base, 0u, 2u, array<vec4<f32>, 4>(a020, a021, a022, a023));
  storeTap(base, 1u, 0u, array<vec4<f32>, 4>(a100, a101, a102, a103));
  storeTap(base, 1u, 1u, array<vec4<f32>, 4>(a110, a111, a112, a113));
  storeTap(base, 1u, 2u, array<vec4<f32>, 4>(a120, a121, a122, a123));
  storeTap(base, 2u, 0u, array<vec4<f32>, 4>(a200, a201, a202, a203));
  storeTap(base, 2u, 1u, array<vec4<f32>, 4>(a210, a211, a212, a213));
  storeTap(base, 2u, 2u, array<vec4<f32>, 4>(a220, a221, a222, a223));
}

/** dW of one tap for filters f0 .. f0+3 (scalar stores, those past F left out); base: the tap's first dW element. */
fn storeTapScalar(base: u32, f0: u32, v: vec4<f32>) {
  for (var c = 0u; c < 4u; c++) {
    if (f0 + c < params.F) {
      dw[base + f0 + c] = v[c];
    }
  }
}

/**
 * A 5-wide kernel row at stride 1 (KW = 5, SW = DW = 1, groups == 1, F % 8 == 0; LeNet's conv2): an invocation owns
 * kernel row ky of two input channels, their five taps x 8 filters (20 vec4 accumulators), and one loop step is a
 * block of 10 output pixels of one row (LeNet's conv2 rows exactly): 28 scalar x loads and 20 dy vec4 loads feed 200
 * vec4 FMAs, where main_vec4_f8 works out every tap of every pixel. Blocks = ceil(OW/10); pixels past the row get a 0
 * factor; with odd C the last invocation's second channel repeats the first's loads and is not stored.
 * Mapping: lane (F/8), channel pair (params.rowBlocks = ceil(C/2)), ky, slice.
 */
@compute @workgroup_size(WG)
fn main_row5p10_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let t = i / params.lanes;
  let c0 = (t % params.rowBlocks) * 2u;
  let c1 = min(c0 + 1u, params.C - 1u);
  let t2 = t / params.rowBlocks;
  let ky = t2 % params.KH;
  let slice = t2 / params.KH;
  let imgs = sliceImages(slice);
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  let F4 = params.F / 4u;
  let q = lane * 2u;
  let blocks = (params.OW + 9u) / 10u;
  let lastOx = params.OW - 1u;
  var l00 = vec4<f32>(0.0); var h00 = vec4<f32>(0.0);
  var l01 = vec4<f32>(0.0); var h01 = vec4<f32>(0.0);
  var l10 = vec4<f32>(0.0); var h10 = vec4<f32>(0.0);
  var l11 = vec4<f32>(0.0); var h11 = vec4<f32>(0.0);
  var l20 = vec4<f32>(0.0); var h20 = vec4<f32>(0.0);
  var l21 = vec4<f32>(0.0); var h21 = vec4<f32>(0.0);
  var l30 = vec4<f32>(0.0); var h30 = vec4<f32>(0.0);
  var l31 = vec4<f32>(0.0); var h31 = vec4<f32>(0.0);
  var l40 = vec4<f32>(0.0); var h40 = vec4<f32>(0.0);
  var l41 = vec4<f32>(0.0); var h41 = vec4<f32>(0.0);
  var n = imgs.x;
  var oy = sy.x;
  var b = 0u;
  let total = (imgs.y - imgs.x) * (sy.y - sy.x) * blocks;
  for (var k = 0u; k < total; k++) {
    let iy = sy.z + (oy - sy.x) * params.SH;
    let xrow = (n * params.H + iy) * params.W;
    let ox0 = b * 10u;
    let prow = (n * params.OH + oy) * params.OW;
    // Input columns ox0 - PW + u, u = 0..13, and the 10 pixels' 0/1 factors (past the row's end: 0).
    let cs = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
    let q0 = columnQuad(cs, params.W); let col0 = q0.idx; let colMask0 = q0.mask;
    let q1 = columnQuad(cs + vec4<i32>(4), params.W); let col1 = q1.idx; let colMask1 = q1.mask;
    let q2 = columnQuad(cs + vec4<i32>(8), params.W); let col2 = q2.idx; let colMask2 = q2.mask;
    let q3 = columnQuad(cs + vec4<i32>(12), params.W); let col3 = q3.idx; let colMask3 = q3.mask;
    let pixMask0 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(params.OW));
    let pixMask1 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(4u, 5u, 6u, 7u) < vec4<u32>(params.OW));
    let pixMask2 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(8u, 9u, 10u, 11u) < vec4<u32>(params.OW));
    let xi0 = (xrow + col0.x) * params.C; let x00 = x[xi0 + c0] * colMask0.x; let x01 = x[xi0 + c1] * colMask0.x;
    let xi1 = (xrow + col0.y) * params.C; let x10 = x[xi1 + c0] * colMask0.y; let x11 = x[xi1 + c1] * colMask0.y;
    let xi2 = (xrow + col0.z) * params.C; let x20 = x[xi2 + c0] * colMask0.z; let x21 = x[xi2 + c1] * colMask0.z;
    let xi3 = (xrow + col0.w) * params.C; let x30 = x[xi3 + c0] * colMask0.w; let x31 = x[xi3 + c1] * colMask0.w;
    let xi4 = (xrow + col1.x) * params.C; let x40 = x[xi4 + c0] * colMask1.x; let x41 = x[xi4 + c1] * colMask1.x;
    let xi5 = (xrow + col1.y) * params.C; let x50 = x[xi5 + c0] * colMask1.y; let x51 = x[xi5 + c1] * colMask1.y;
    let xi6 = (xrow + col1.z) * params.C; let x60 = x[xi6 + c0] * colMask1.z; let x61 = x[xi6 + c1] * colMask1.z;
    let xi7 = (xrow + col1.w) * params.C; let x70 = x[xi7 + c0] * colMask1.w; let x71 = x[xi7 + c1] * colMask1.w;
    let xi8 = (xrow + col2.x) * params.C; let x80 = x[xi8 + c0] * colMask2.x; let x81 = x[xi8 + c1] * colMask2.x;
    let xi9 = (xrow + col2.y) * params.C; let x90 = x[xi9 + c0] * colMask2.y; let x91 = x[xi9 + c1] * colMask2.y;
    let xi10 = (xrow + col2.z) * params.C; let x100 = x[xi10 + c0] * colMask2.z; let x101 = x[xi10 + c1] * colMask2.z;
    let xi11 = (xrow + col2.w) * params.C; let x110 = x[xi11 + c0] * colMask2.w; let x111 = x[xi11 + c1] * colMask2.w;
    let xi12 = (xrow + col3.x) * params.C; let x120 = x[xi12 + c0] * colMask3.x; let x121 = x[xi12 + c1] * colMask3.x;
    let xi13 = (xrow + col3.y) * params.C; let x130 = x[xi13 + c0] * colMask3.y; let x131 = x[xi13 + c1] * colMask3.y;
    let dp0 = (prow + min(ox0 + 0u, lastOx)) * F4 + q;
    let dl0 = dy4[dp0] * pixMask0.x; let dh0 = dy4[dp0 + 1u] * pixMask0.x;
    let dp1 = (prow + min(ox0 + 1u, lastOx)) * F4 + q;
    let dl1 = dy4[dp1] * pixMask0.y; let dh1 = dy4[dp1 + 1u] * pixMask0.y;
    let dp2 = (prow + min(ox0 + 2u, lastOx)) * F4 + q;
    let dl2 = dy4[dp2] * pixMask0.z; let dh2 = dy4[dp2 + 1u] * pixMask0.z;
    let dp3 = (prow + min(ox0 + 3u, lastOx)) * F4 + q;
    let dl3 = dy4[dp3] * pixMask0.w; let dh3 = dy4[dp3 + 1u] * pixMask0.w;
    let dp4 = (prow + min(ox0 + 4u, lastOx)) * F4 + q;
    let dl4 = dy4[dp4] * pixMask1.x; let dh4 = dy4[dp4 + 1u] * pixMask1.x;
    let dp5 = (prow + min(ox0 + 5u, lastOx)) * F4 + q;
    let dl5 = dy4[dp5] * pixMask1.y; let dh5 = dy4[dp5 + 1u] * pixMask1.y;
    let dp6 = (prow + min(ox0 + 6u, lastOx)) * F4 + q;
    let dl6 = dy4[dp6] * pixMask1.z; let dh6 = dy4[dp6 + 1u] * pixMask1.z;
    let dp7 = (prow + min(ox0 + 7u, lastOx)) * F4 + q;
    let dl7 = dy4[dp7] * pixMask1.w; let dh7 = dy4[dp7 + 1u] * pixMask1.w;
    let dp8 = (prow + min(ox0 + 8u, lastOx)) * F4 + q;
    let dl8 = dy4[dp8] * pixMask2.x; let dh8 = dy4[dp8 + 1u] * pixMask2.x;
    let dp9 = (prow + min(ox0 + 9u, lastOx)) * F4 + q;
    let dl9 = dy4[dp9] * pixMask2.y; let dh9 = dy4[dp9 + 1u] * pixMask2.y;
    l00 += x00 * dl0; h00 += x00 * dh0; l10 += x10 * dl0; h10 += x10 * dh0; l20 += x20 * dl0; h20 += x20 * dh0; l30 += x30 * dl0; h30 += x30 * dh0; l40 += x40 * dl0; h40 += x40 * dh0;
    l01 += x01 * dl0; h01 += x01 * dh0; l11 += x11 * dl0; h11 += x11 * dh0; l21 += x21 * dl0; h21 += x21 * dh0; l31 += x31 * dl0; h31 += x31 * dh0; l41 += x41 * dl0; h41 += x41 * dh0;
    l00 += x10 * dl1; h00 += x10 * dh1; l10 += x20 * dl1; h10 += x20 * dh1; l20 += x30 * dl1; h20 += x30 * dh1; l30 += x40 * dl1; h30 += x40 * dh1; l40 += x50 * dl1; h40 += x50 * dh1;
    l01 += x11 * dl1; h01 += x11 * dh1; l11 += x21 * dl1; h11 += x21 * dh1; l21 += x31 * dl1; h21 += x31 * dh1; l31 += x41 * dl1; h31 += x41 * dh1; l41 += x51 * dl1; h41 += x51 * dh1;
    l00 += x20 * dl2; h00 += x20 * dh2; l10 += x30 * dl2; h10 += x30 * dh2; l20 += x40 * dl2; h20 += x40 * dh2; l30 += x50 * dl2; h30 += x50 * dh2; l40 += x60 * dl2; h40 += x60 * dh2;
    l01 += x21 * dl2; h01 += x21 * dh2; l11 += x31 * dl2; h11 += x31 * dh2; l21 += x41 * dl2; h21 += x41 * dh2; l31 += x51 * dl2; h31 += x51 * dh2; l41 += x61 * dl2; h41 += x61 * dh2;
    l00 += x30 * dl3; h00 += x30 * dh3; l10 += x40 * dl3; h10 += x40 * dh3; l20 += x50 * dl3; h20 += x50 * dh3; l30 += x60 * dl3; h30 += x60 * dh3; l40 += x70 * dl3; h40 += x70 * dh3;
    l01 += x31 * dl3; h01 += x31 * dh3; l11 += x41 * dl3; h11 += x41 * dh3; l21 += x51 * dl3; h21 += x51 * dh3; l31 += x61 * dl3; h31 += x61 * dh3; l41 += x71 * dl3; h41 += x71 * dh3;
    l00 += x40 * dl4; h00 += x40 * dh4; l10 += x50 * dl4; h10 += x50 * dh4; l20 += x60 * dl4; h20 += x60 * dh4; l30 += x70 * dl4; h30 += x70 * dh4; l40 += x80 * dl4; h40 += x80 * dh4;
    l01 += x41 * dl4; h01 += x41 * dh4; l11 += x51 * dl4; h11 += x51 * dh4; l21 += x61 * dl4; h21 += x61 * dh4; l31 += x71 * dl4; h31 += x71 * dh4; l41 += x81 * dl4; h41 += x81 * dh4;
    l00 += x50 * dl5; h00 += x50 * dh5; l10 += x60 * dl5; h10 += x60 * dh5; l20 += x70 * dl5; h20 += x70 * dh5; l30 += x80 * dl5; h30 += x80 * dh5; l40 += x90 * dl5; h40 += x90 * dh5;
    l01 += x51 * dl5; h01 += x51 * dh5; l11 += x61 * dl5; h11 += x61 * dh5; l21 += x71 * dl5; h21 += x71 * dh5; l31 += x81 * dl5; h31 += x81 * dh5; l41 += x91 * dl5; h41 += x91 * dh5;
    l00 += x60 * dl6; h00 += x60 * dh6; l10 += x70 * dl6; h10 += x70 * dh6; l20 += x80 * dl6; h20 += x80 * dh6; l30 += x90 * dl6; h30 += x90 * dh6; l40 += x100 * dl6; h40 += x100 * dh6;
    l01 += x61 * dl6; h01 += x61 * dh6; l11 += x71 * dl6; h11 += x71 * dh6; l21 += x81 * dl6; h21 += x81 * dh6; l31 += x91 * dl6; h31 += x91 * dh6; l41 += x101 * dl6; h41 += x101 * dh6;
    l00 += x70 * dl7; h00 += x70 * dh7; l10 += x80 * dl7; h10 += x80 * dh7; l20 += x90 * dl7; h20 += x90 * dh7; l30 += x100 * dl7; h30 += x100 * dh7; l40 += x110 * dl7; h40 += x110 * dh7;
    l01 += x71 * dl7; h01 += x71 * dh7; l11 += x81 * dl7; h11 += x81 * dh7; l21 += x91 * dl7; h21 += x91 * dh7; l31 += x101 * dl7; h31 += x101 * dh7; l41 += x111 * dl7; h41 += x111 * dh7;
    l00 += x80 * dl8; h00 += x80 * dh8; l10 += x90 * dl8; h10 += x90 * dh8; l20 += x100 * dl8; h20 += x100 * dh8; l30 += x110 * dl8; h30 += x110 * dh8; l40 += x120 * dl8; h40 += x120 * dh8;
    l01 += x81 * dl8; h01 += x81 * dh8; l11 += x91 * dl8; h11 += x91 * dh8; l21 += x101 * dl8; h21 += x101 * dh8; l31 += x111 * dl8; h31 += x111 * dh8; l41 += x121 * dl8; h41 += x121 * dh8;
    l00 += x90 * dl9; h00 += x90 * dh9; l10 += x100 * dl9; h10 += x100 * dh9; l20 += x110 * dl9; h20 += x110 * dh9; l30 += x120 * dl9; h30 += x120 * dh9; l40 += x130 * dl9; h40 += x130 * dh9;
    l01 += x91 * dl9; h01 += x91 * dh9; l11 += x101 * dl9; h11 += x101 * dh9; l21 += x111 * dl9; h21 += x111 * dh9; l31 += x121 * dl9; h31 += x121 * dh9; l41 += x131 * dl9; h41 += x131 * dh9;
    b += 1u;
    let nextRow = b == blocks;
    b = select(b, 0u, nextRow);
    oy += select(0u, 1u, nextRow);
    let nextImage = oy == sy.y;
    oy = select(oy, sy.x, nextImage);
    n += select(0u, 1u, nextImage);
  }
  // dW [slice, ky, kx, c, f] in vec4s; one tap is C rows of F4.
  let tapStep = params.C * F4;
  let base = ((slice * params.KH + ky) * params.KW * params.C + c0) * F4 + q;
  dw4[base + 0u * tapStep] = l00; dw4[base + 0u * tapStep + 1u] = h00;
  if (c0 + 1u < params.C) { dw4[base + 0u * tapStep + F4] = l01; dw4[base + 0u * tapStep + F4 + 1u] = h01; }
  dw4[base + 1u * tapStep] = l10; dw4[base + 1u * tapStep + 1u] = h10;
  if (c0 + 1u < params.C) { dw4[base + 1u * tapStep + F4] = l11; dw4[base + 1u * tapStep + F4 + 1u] = h11; }
  dw4[base + 2u * tapStep] = l20; dw4[base + 2u * tapStep + 1u] = h20;
  if (c0 + 1u < params.C) { dw4[base + 2u * tapStep + F4] = l21; dw4[base + 2u * tapStep + F4 + 1u] = h21; }
  dw4[base + 3u * tapStep] = l30; dw4[base + 3u * tapStep + 1u] = h30;
  if (c0 + 1u < params.C) { dw4[base + 3u * tapStep + F4] = l31; dw4[base + 3u * tapStep + F4 + 1u] = h31; }
  dw4[base + 4u * tapStep] = l40; dw4[base + 4u * tapStep + 1u] = h40;
  if (c0 + 1u < params.C) { dw4[base + 4u * tapStep + F4] = l41; dw4[base + 4u * tapStep + F4 + 1u] = h41; }
}

/**
 * A one-channel first layer with a 5-wide kernel row at stride 1 (LeNet's conv1: C == 1, KW = 5, SW = DW = 1,
 * groups == 1; any F): an invocation owns kernel row ky, its five taps x 8 filters (clamped to F), and one loop step is
 * a block of 14 output pixels of one row: 18 x loads and 112 scalar dy loads feed 140 vec4 FMAs, where main_taps walks
 * pixel by pixel (index math and 9 loads per 5 FMAs). Blocks of 14 per output row (LeNet's 28 columns in two; 8-pixel
 * blocks ran ~20% slower there), blocks = ceil(OW/14); pixels past the row get a 0 factor. Mapping as main_taps
 * (lanes = ceil(F/8)).
 */
@compute @workgroup_size(WG)
fn main_row5p14s_f8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) {
    return;
  }
  let lane = i % params.lanes;
  let ky = (i / params.lanes) % params.KH;
  let slice = i / (params.lanes * params.KH);
  let imgs = sliceImages(slice);
  let sy = span(ky, params.H, params.OH, params.SH, params.PH, params.DH);
  let F = params.F;
  let f0 = lane * 8u;
  let last = vec4<u32>(F - 1u);
  let fl = min(vec4<u32>(f0) + vec4<u32>(0u, 1u, 2u, 3u), last);
  let fh = min(vec4<u32>(f0) + vec4<u32>(4u, 5u, 6u, 7u), last);
  let blocks = (params.OW + 13u) / 14u;
  let lastOx = params.OW - 1u;
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var n = imgs.x;
  var oy = sy.x;
  var b = 0u;
  let total = (imgs.y - imgs.x) * (sy.y - sy.x) * blocks;
  for (var k = 0u; k < total; k++) {
    let iy = sy.z + (oy - sy.x) * params.SH;
    let xrow = (n * params.H + iy) * params.W;
    let ox0 = b * 14u;
    let prow = (n * params.OH + oy) * params.OW;
    // Input columns ox0 - PW + u, u = 0..17, and the 14 pixels' 0/1 factors (past the row's end: 0).
    let cs = vec4<i32>(i32(ox0) - i32(params.PW)) + vec4<i32>(0, 1, 2, 3);
    let q0 = columnQuad(cs, params.W); let col0 = q0.idx; let colMask0 = q0.mask;
    let q1 = columnQuad(cs + vec4<i32>(4), params.W); let col1 = q1.idx; let colMask1 = q1.mask;
    let q2 = columnQuad(cs + vec4<i32>(8), params.W); let col2 = q2.idx; let colMask2 = q2.mask;
    let q3 = columnQuad(cs + vec4<i32>(12), params.W); let col3 = q3.idx; let colMask3 = q3.mask;
    let q4 = columnQuad(cs + vec4<i32>(16), params.W); let col4 = q4.idx; let colMask4 = q4.mask;
    let pixMask0 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(params.OW));
    let pixMask1 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(4u, 5u, 6u, 7u) < vec4<u32>(params.OW));
    let pixMask2 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(8u, 9u, 10u, 11u) < vec4<u32>(params.OW));
    let pixMask3 = select(vec4<f32>(0.0), vec4<f32>(1.0), vec4<u32>(ox0) + vec4<u32>(12u, 13u, 14u, 15u) < vec4<u32>(params.OW));
    let x0 = x[xrow + col0.x] * colMask0.x;
    let x1 = x[xrow + col0.y] * colMask0.y;
    let x2 = x[xrow + col0.z] * colMask0.z;
    let x3 = x[xrow + col0.w] * colMask0.w;
    let x4 = x[xrow + col1.x] * colMask1.x;
    let x5 = x[xrow + col1.y] * colMask1.y;
    let x6 = x[xrow + col1.z] * colMask1.z;
    let x7 = x[xrow + col1.w] * colMask1.w;
    let x8 = x[xrow + col2.x] * colMask2.x;
    let x9 = x[xrow + col2.y] * colMask2.y;
    let x10 = x[xrow + col2.z] * colMask2.z;
    let x11 = x[xrow + col2.w] * colMask2.w;
    let x12 = x[xrow + col3.x] * colMask3.x;
    let x13 = x[xrow + col3.y] * colMask3.y;
    let x14 = x[xrow + col3.z] * colMask3.z;
    let x15 = x[xrow + col3.w] * colMask3.w;
    let x16 = x[xrow + col4.x] * colMask4.x;
    let x17 = x[xrow + col4.y] * colMask4.y;
    let dp0 = (prow + min(ox0 + 0u, lastOx)) * F;
    let dl0 = vec4<f32>(dy[dp0 + fl.x], dy[dp0 + fl.y], dy[dp0 + fl.z], dy[dp0 + fl.w]) * pixMask0.x;
    let dh0 = vec4<f32>(dy[dp0 + fh.x], dy[dp0 + fh.y], dy[dp0 + fh.z], dy[dp0 + fh.w]) * pixMask0.x;
    let dp1 = (prow + min(ox0 + 1u, lastOx)) * F;
    let dl1 = vec4<f32>(dy[dp1 + fl.x], dy[dp1 + fl.y], dy[dp1 + fl.z], dy[dp1 + fl.w]) * pixMask0.y;
    let dh1 = vec4<f32>(dy[dp1 + fh.x], dy[dp1 + fh.y], dy[dp1 + fh.z], dy[dp1 + fh.w]) * pixMask0.y;
    let dp2 = (prow + min(ox0 + 2u, lastOx)) * F;
    let dl2 = vec4<f32>(dy[dp2 + fl.x], dy[dp2 + fl.y], dy[dp2 + fl.z], dy[dp2 + fl.w]) * pixMask0.z;
    let dh2 = vec4<f32>(dy[dp2 + fh.x], dy[dp2 + fh.y], dy[dp2 + fh.z], dy[dp2 + fh.w]) * pixMask0.z;
    let dp3 = (prow + min(ox0 + 3u, lastOx)) * F;
    let dl3 = vec4<f32>(dy[dp3 + fl.x], dy[dp3 + fl.y], dy[dp3 + fl.z], dy[dp3 + fl.w]) * pixMask0.w;
    let dh3 = vec4<f32>(dy[dp3 + fh.x], dy[dp3 + fh.y], dy[dp3 + fh.z], dy[dp3 + fh.w]) * pixMask0.w;
    let dp4 = (prow + min(ox0 + 4u, lastOx)) * F;
    let dl4 = vec4<f32>(dy[dp4 + fl.x], dy[dp4 + fl.y], dy[dp4 + fl.z], dy[dp4 + fl.w]) * pixMask1.x;
    let dh4 = vec4<f32>(dy[dp4 + fh.x], dy[dp4 + fh.y], dy[dp4 + fh.z], dy[dp4 + fh.w]) * pixMask1.x;
    let dp5 = (prow + min(ox0 + 5u, lastOx)) * F;
    let dl5 = vec4<f32>(dy[dp5 + fl.x], dy[dp5 + fl.y], dy[dp5 + fl.z], dy[dp5 + fl.w]) * pixMask1.y;
    let dh5 = vec4<f32>(dy[dp5 + fh.x], dy[dp5 + fh.y], dy[dp5 + fh.z], dy[dp5 + fh.w]) * pixMask1.y;
    let dp6 = (prow + min(ox0 + 6u, lastOx)) * F;
    let dl6 = vec4<f32>(dy[dp6 + fl.x], dy[dp6 + fl.y], dy[dp6 + fl.z], dy[dp6 + fl.w]) * pixMask1.z;
    let dh6 = vec4<f32>(dy[dp6 + fh.x], dy[dp6 + fh.y], dy[dp6 + fh.z], dy[dp6 + fh.w]) * pixMask1.z;
    let dp7 = (prow + min(ox0 + 7u, lastOx)) * F;
    let dl7 = vec4<f32>(dy[dp7 + fl.x], dy[dp7 + fl.y], dy[dp7 + fl.z], dy[dp7 + fl.w]) * pixMask1.w;
    let dh7 = vec4<f32>(dy[dp7 + fh.x], dy[dp7 + fh.y], dy[dp7 + fh.z], dy[dp7 + fh.w]) * pixMask1.w;
    let dp8 = (prow + min(ox0 + 8u, lastOx)) * F;
    let dl8 = vec4<f32>(dy[dp8 + fl.x], dy[dp8 + fl.y], dy[dp8 + fl.z], dy[dp8 + fl.w]) * pixMask2.x;
    let dh8 = vec4<f32>(dy[dp8 + fh.x], dy[dp8 + fh.y], dy[dp8 + fh.z], dy[dp8 + fh.w]) * pixMask2.x;
    let dp9 = (prow + min(ox0 + 9u, lastOx)) * F;
    let dl9 = vec4<f32>(dy[dp9 + fl.x], dy[dp9 + fl.y], dy[dp9 + fl.z], dy[dp9 + fl.w]) * pixMask2.y;
    let dh9 = vec4<f32>(dy[dp9 + fh.x], dy[dp9 + fh.y], dy[dp9 + fh.z], dy[dp9 + fh.w]) * pixMask2.y;
    let dp10 = (prow + min(ox0 + 10u, lastOx)) * F;
    let dl10 = vec4<f32>(dy[dp10 + fl.x], dy[dp10 + fl.y], dy[dp10 + fl.z], dy[dp10 + fl.w]) * pixMask2.z;
    let dh10 = vec4<f32>(dy[dp10 + fh.x], dy[dp10 + fh.y], dy[dp10 + fh.z], dy[dp10 + fh.w]) * pixMask2.z;
    let dp11 = (prow + min(ox0 + 11u, lastOx)) * F;
    let dl11 = vec4<f32>(dy[dp11 + fl.x], dy[dp11 + fl.y], dy[dp11 + fl.z], dy[dp11 + fl.w]) * pixMask2.w;
    let dh11 = vec4<f32>(dy[dp11 + fh.x], dy[dp11 + fh.y], dy[dp11 + fh.z], dy[dp11 + fh.w]) * pixMask2.w;
    let dp12 = (prow + min(ox0 + 12u, lastOx)) * F;
    let dl12 = vec4<f32>(dy[dp12 + fl.x], dy[dp12 + fl.y], dy[dp12 + fl.z], dy[dp12 + fl.w]) * pixMask3.x;
    let dh12 = vec4<f32>(dy[dp12 + fh.x], dy[dp12 + fh.y], dy[dp12 + fh.z], dy[dp12 + fh.w]) * pixMask3.x;
    let dp13 = (prow + min(ox0 + 13u, lastOx)) * F;
    let dl13 = vec4<f32>(dy[dp13 + fl.x], dy[dp13 + fl.y], dy[dp13 + fl.z], dy[dp13 + fl.w]) * pixMask3.y;
    let dh13 = vec4<f32>(dy[dp13 + fh.x], dy[dp13 + fh.y], dy[dp13 + fh.z], dy[dp13 + fh.w]) * pixMask3.y;
    l0 += x0 * dl0; h0 += x0 * dh0; l1 += x1 * dl0; h1 += x1 * dh0; l2 += x2 * dl0; h2 += x2 * dh0; l3 += x3 * dl0; h3 += x3 * dh0; l4 += x4 * dl0; h4 += x4 * dh0;
    l0 += x1 * dl1; h0 += x1 * dh1; l1 += x2 * dl1; h1 += x2 * dh1; l2 += x3 * dl1; h2 += x3 * dh1; l3 += x4 * dl1; h3 += x4 * dh1; l4 += x5 * dl1; h4 += x5 * dh1;
    l0 += x2 * dl2; h0 += x2 * dh2; l1 += x3 * dl2; h1 += x3 * dh2; l2 += x4 * dl2; h2 += x4 * dh2; l3 += x5 * dl2; h3 += x5 * dh2; l4 += x6 * dl2; h4 += x6 * dh2;
    l0 += x3 * dl3; h0 += x3 * dh3; l1 += x4 * dl3; h1 += x4 * dh3; l2 += x5 * dl3; h2 += x5 * dh3; l3 += x6 * dl3; h3 += x6 * dh3; l4 += x7 * dl3; h4 += x7 * dh3;
    l0 += x4 * dl4; h0 += x4 * dh4; l1 += x5 * dl4; h1 += x5 * dh4; l2 += x6 * dl4; h2 += x6 * dh4; l3 += x7 * dl4; h3 += x7 * dh4; l4 += x8 * dl4; h4 += x8 * dh4;
    l0 += x5 * dl5; h0 += x5 * dh5; l1 += x6 * dl5; h1 += x6 * dh5; l2 += x7 * dl5; h2 += x7 * dh5; l3 += x8 * dl5; h3 += x8 * dh5; l4 += x9 * dl5; h4 += x9 * dh5;
    l0 += x6 * dl6; h0 += x6 * dh6; l1 += x7 * dl6; h1 += x7 * dh6; l2 += x8 * dl6; h2 += x8 * dh6; l3 += x9 * dl6; h3 += x9 * dh6; l4 += x10 * dl6; h4 += x10 * dh6;
    l0 += x7 * dl7; h0 += x7 * dh7; l1 += x8 * dl7; h1 += x8 * dh7; l2 += x9 * dl7; h2 += x9 * dh7; l3 += x10 * dl7; h3 += x10 * dh7; l4 += x11 * dl7; h4 += x11 * dh7;
    l0 += x8 * dl8; h0 += x8 * dh8; l1 += x9 * dl8; h1 += x9 * dh8; l2 += x10 * dl8; h2 += x10 * dh8; l3 += x11 * dl8; h3 += x11 * dh8; l4 += x12 * dl8; h4 += x12 * dh8;
    l0 += x9 * dl9; h0 += x9 * dh9; l1 += x10 * dl9; h1 += x10 * dh9; l2 += x11 * dl9; h2 += x11 * dh9; l3 += x12 * dl9; h3 += x12 * dh9; l4 += x13 * dl9; h4 += x13 * dh9;
    l0 += x10 * dl10; h0 += x10 * dh10; l1 += x11 * dl10; h1 += x11 * dh10; l2 += x12 * dl10; h2 += x12 * dh10; l3 += x13 * dl10; h3 += x13 * dh10; l4 += x14 * dl10; h4 += x14 * dh10;
    l0 += x11 * dl11; h0 += x11 * dh11; l1 += x12 * dl11; h1 += x12 * dh11; l2 += x13 * dl11; h2 += x13 * dh11; l3 += x14 * dl11; h3 += x14 * dh11; l4 += x15 * dl11; h4 += x15 * dh11;
    l0 += x12 * dl12; h0 += x12 * dh12; l1 += x13 * dl12; h1 += x13 * dh12; l2 += x14 * dl12; h2 += x14 * dh12; l3 += x15 * dl12; h3 += x15 * dh12; l4 += x16 * dl12; h4 += x16 * dh12;
    l0 += x13 * dl13; h0 += x13 * dh13; l1 += x14 * dl13; h1 += x14 * dh13; l2 += x15 * dl13; h2 += x15 * dh13; l3 += x16 * dl13; h3 += x16 * dh13; l4 += x17 * dl13; h4 += x17 * dh13;
    b += 1u;
    let nextRow = b == blocks;
    b = select(b, 0u, nextRow);
    oy += select(0u, 1u, nextRow);
    let nextImage = oy == sy.y;
    oy = select(oy, sy.x, nextImage);
    n += select(0u, 1u, nextImage);
  }
  let base = (slice * params.KH + ky) * params.KW * F;
  storeTapScalar(base + 0u * params.F, f0, l0); storeTapScalar(base + 0u * params.F, f0 + 4u, h0);
  storeTapScalar(base + 1u * params.F, f0, l1); storeTapScalar(base + 1u * params.F, f0 + 4u, h1);
  storeTapScalar(base + 2u * params.F, f0, l2); storeTapScalar(base + 2u * params.F, f0 + 4u, h2);
  storeTapScalar(base + 3u * params.F, f0, l3); storeTapScalar(base + 3u * params.F, f0 + 4u, h3);
  storeTapScalar(base + 4u * params.F, f0, l4); storeTapScalar(base + 4u * params.F, f0 + 4u, h4);
}
