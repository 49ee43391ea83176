// pool2d_backward.wgsl: max / average / L2 pooling backward dx [N,H,W,C] from dy [N,OH,OW,C], matching
// src/model/reference/pool.ts. Race-free without atomics: every dx element is written by exactly one invocation, which
// sums over the outputs o whose windows cover it (0 where none does), so overlapping windows (stride < size) add up:
//   max: dx[i] = Σ_{o: argmax[o] = i} dy[o]
//   avg: dx[i] = Σ_{o ∋ i} dy[o] / |R(o)|        (|R(o)| = the in-bounds positions of o's window)
//   l2:  dx[i] = Σ_{o ∋ i, y[o] ≠ 0} dy[o]·x[i] / y[o]
//
// Bindings (group 0):
//   0  params       : uniform Params
//   1  dx / dx4     : storage rw    array<f32> | array<vec4f>   [N,H,W,C]
//   2  dy / dy4     : storage read  array<f32> | array<vec4f>   [N,OH,OW,C]
//   3  arg / arg4   : storage read  array<i32> | array<vec4i>   [N,OH,OW,C]  flat NHWC index into x (maxgrad*)
//      x / x4       : storage read  array<f32> | array<vec4f>   [N,H,W,C]    forward input (l2grad*)
//   4  y / y4       : storage read  array<f32> | array<vec4f>   [N,OH,OW,C]  forward output (l2grad*, maxgrad*)
// Each binding has several aliases; every entry point statically uses only one of them.
//
// Every invocation owns one group of 4 consecutive channels (g = i % lanes, lanes = ceil(C/4)); the _vec4 entry points
// (C % 4 == 0) load and store vec4s, the others use scalar loads clamped to channel C-1 (a duplicate lane, never
// stored) and guarded scalar stores. Two families, the host picks one:
//   maxgrad, avggrad, l2grad (+ _vec4)   GATHER, any geometry: i < count = N·H·W·lanes owns input pixel i / lanes and
//       loops over the outputs whose windows can reach it, at most ceil(((K-1)·D + 1) / S) per axis. (Gathering a
//       whole S x S block of pixels per invocation was tried: slower on SwiftShader, ~90 vs ~80 ms for 3x3/2 pad 1.)
//   *_tiled (+ _vec4)   when stride ≥ the effective window (D·(K-1) + 1) on both axes, windows never overlap: i < count =
//       N·OH·OW·lanes owns output pixel o = i / lanes and writes the whole block of input rows [oy·S - P, oy·S + S - P)
//       × columns likewise (clipped to the input; the last output row/column's block runs to the input's end), so the
//       blocks tile dx and each dx element takes at most its one window's term. One dy (and argmax) load per block
//       instead of one per input pixel: on SwiftShader 2x2/2 max backward of 64x28x28x16 fell from ~56 ms to ~8 ms.
//   maxgrad2x2_vec4   the tiled max backward for plain 2x2/2 windows on even H and W: four straight stores.
//   maxgrad2x2        the same for any C, every channel of one output pixel per invocation (lanes = 1): ~1.8x faster
//                     than maxgrad_tiled for LeNet's 6 channels.
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535
// workgroups over y), channel group fastest (lanes = 1 in maxgrad2x2). Invocations with i ≥ count return.

struct Params {
  /** N·H·W·lanes (gather) or N·OH·OW·lanes (tiled): the invocations that do work. */
  count: u32,
  /** Channel groups of 4: ceil(C/4). */
  lanes: u32,
  /** C: channels. */
  channels: u32,
  H: u32,
  W: u32,
  OH: u32,
  OW: u32,
  KH: u32,
  KW: u32,
  SH: u32,
  SW: u32,
  PH: u32,
  PW: u32,
  DH: u32,
  DW: u32,
}

override WG: u32 = 64u;
// maxgrad*: the pool's input is the output of a ReLU whose backward the training graph folded in here (see
// src/engine/gpu/graph.ts). The ReLU's mask x > 0 at a window's argmax is y > 0 at its output, so a window whose
// max is 0 passes no gradient. The max entry points always bind y (binding 4) for this.
override RELU_MASK: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> arg: array<i32>;
@group(0) @binding(3) var<storage, read> arg4: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read> y4: array<vec4<f32>>;

fn linearIndex(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WG;
}

// ---- channel-group access: flat indices of channels 4g .. 4g+3 of pixel p (clamped for the scalar loads) ----

fn channelsOf(p: u32, g: u32) -> vec4<u32> {
  return vec4<u32>(p * params.channels) + min(vec4<u32>(4u * g) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.channels - 1u));
}

// The flat NHWC indices an argmax holds for channels 4g .. 4g+3 of input pixel p.
fn flatOf(p: u32, g: u32) -> vec4<i32> {
  return vec4<i32>(i32(p * params.channels + 4u * g)) + vec4<i32>(0, 1, 2, 3);
}

fn loadDy(o: u32, g: u32) -> vec4<f32> {
  let c = channelsOf(o, g);
  return vec4<f32>(dy[c.x], dy[c.y], dy[c.z], dy[c.w]);
}

fn loadArg(o: u32, g: u32) -> vec4<i32> {
  let c = channelsOf(o, g);
  return vec4<i32>(arg[c.x], arg[c.y], arg[c.z], arg[c.w]);
}

fn loadX(p: u32, g: u32) -> vec4<f32> {
  let c = channelsOf(p, g);
  return vec4<f32>(x[c.x], x[c.y], x[c.z], x[c.w]);
}

fn loadY(o: u32, g: u32) -> vec4<f32> {
  let c = channelsOf(o, g);
  return vec4<f32>(y[c.x], y[c.y], y[c.z], y[c.w]);
}

fn storeDx(p: u32, g: u32, v: vec4<f32>) {
  for (var k = 0u; k < 4u; k++) {
    let c = 4u * g + k;
    if (c < params.channels) {
      dx[p * params.channels + c] = v[k];
    }
  }
}

/** dy of output element o (vec4 units), masked by the folded ReLU when RELU_MASK. */
fn maxDy4(o: u32) -> vec4<f32> {
  if (RELU_MASK) {
    return select(vec4<f32>(0.0), dy4[o], y4[o] > vec4<f32>(0.0));
  }
  return dy4[o];
}

/** dy of output pixel o, channels 4g .. 4g+3, masked by the folded ReLU when RELU_MASK. */
fn maxDy(o: u32, g: u32) -> vec4<f32> {
  if (RELU_MASK) {
    return select(vec4<f32>(0.0), loadDy(o, g), loadY(o, g) > vec4<f32>(0.0));
  }
  return loadDy(o, g);
}

// ---- window arithmetic ----

// |R(o)| along one axis: the in-bounds positions of the window starting at input coordinate o·S - P.
fn windowCount(o: u32, size: u32, kernel: u32, s: u32, p: u32, d: u32) -> u32 {
  let start = i32(o * s) - i32(p);
  if (start >= i32(size)) {
    return 0u;
  }
  var lo = 0u;
  if (start < 0) {
    lo = (u32(-start) + d - 1u) / d;
  }
  let hi = min(kernel, (u32(i32(size) - start) + d - 1u) / d);
  return select(0u, hi - lo, hi > lo);
}

// |R(o)| of output (oy, ox), at least 1 (an empty window has no taps to divide among).
fn avgCount(oy: u32, ox: u32) -> f32 {
  let count = windowCount(oy, params.H, params.KH, params.SH, params.PH, params.DH) *
    windowCount(ox, params.W, params.KW, params.SW, params.PW, params.DW);
  return f32(max(count, 1u));
}

// Whether offset d ≥ 0 from a window's start is one of its K taps (every D-th position).
fn isTap(d: u32, kernel: u32, dil: u32) -> bool {
  return d <= (kernel - 1u) * dil && (dil == 1u || d % dil == 0u);
}

// ---- gather family ----

/** The input pixel an invocation owns and the outputs that may cover it. */
struct Target {
  /** Pixel index (n·H + iy)·W + ix. */
  pixel: u32,
  lane: u32,
  /** n·OH·OW: output pixel index of (n, 0, 0). */
  outBase: u32,
  /** Padded coordinates iy + PH, ix + PW. */
  ty: u32,
  tx: u32,
  /** Candidate outputs oy in [oyLo, oyHi), ox in [oxLo, oxHi); covers() filters them when dilated. */
  oyLo: u32,
  oyHi: u32,
  oxLo: u32,
  oxHi: u32,
}

// Outputs o along one axis whose window reaches padded coordinate t: o·S ≤ t ≤ o·S + (K-1)·D, o < O.
fn outputRange(t: u32, kernel: u32, s: u32, d: u32, outSize: u32) -> vec2<u32> {
  let span = (kernel - 1u) * d;
  var lo = 0u;
  if (t > span) {
    lo = (t - span + s - 1u) / s;
  }
  let hi = min(outSize, t / s + 1u);
  return vec2<u32>(lo, max(lo, hi));
}

fn targetOf(i: u32) -> Target {
  var t: Target;
  t.lane = i % params.lanes;
  t.pixel = i / params.lanes;
  let ix = t.pixel % params.W;
  let r = t.pixel / params.W;
  let iy = r % params.H;
  t.outBase = (r / params.H) * params.OH * params.OW;
  t.ty = iy + params.PH;
  t.tx = ix + params.PW;
  let ry = outputRange(t.ty, params.KH, params.SH, params.DH, params.OH);
  let rx = outputRange(t.tx, params.KW, params.SW, params.DW, params.OW);
  t.oyLo = ry.x;
  t.oyHi = ry.y;
  t.oxLo = rx.x;
  t.oxHi = rx.y;
  return t;
}

// Whether output o's window (start o·S) holds padded coordinate t at a tap: only a question when dilated.
fn covers(t: u32, o: u32, s: u32, d: u32) -> bool {
  return d == 1u || (t - o * s) % d == 0u;
}

@compute @workgroup_size(WG)
fn maxgrad_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  let G = params.lanes;
  let me = flatOf(t.pixel, t.lane);
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      let o = (t.outBase + oy * params.OW + ox) * G + t.lane;
      acc += select(vec4<f32>(0.0), maxDy4(o), arg4[o] == me);
    }
  }
  dx4[i] = acc;
}

@compute @workgroup_size(WG)
fn maxgrad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  let me = flatOf(t.pixel, t.lane);
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      let o = t.outBase + oy * params.OW + ox;
      acc += select(vec4<f32>(0.0), maxDy(o, t.lane), loadArg(o, t.lane) == me);
    }
  }
  storeDx(t.pixel, t.lane, acc);
}

@compute @workgroup_size(WG)
fn avggrad_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      acc += dy4[(t.outBase + oy * params.OW + ox) * params.lanes + t.lane] / avgCount(oy, ox);
    }
  }
  dx4[i] = acc;
}

@compute @workgroup_size(WG)
fn avggrad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      acc += loadDy(t.outBase + oy * params.OW + ox, t.lane) / avgCount(oy, ox);
    }
  }
  storeDx(t.pixel, t.lane, acc);
}

@compute @workgroup_size(WG)
fn l2grad_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  let xv = x4[i];
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      let o = (t.outBase + oy * params.OW + ox) * params.lanes + t.lane;
      let yv = y4[o];
      // A window of zeros has no gradient (y = 0); the discarded lane's 0/0 is harmless.
      acc += select(vec4<f32>(0.0), dy4[o] * xv / yv, yv != vec4<f32>(0.0));
    }
  }
  dx4[i] = acc;
}

@compute @workgroup_size(WG)
fn l2grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let t = targetOf(i);
  let xv = loadX(t.pixel, t.lane);
  var acc = vec4<f32>(0.0);
  for (var oy = t.oyLo; oy < t.oyHi; oy++) {
    if (!covers(t.ty, oy, params.SH, params.DH)) {
      continue;
    }
    for (var ox = t.oxLo; ox < t.oxHi; ox++) {
      if (!covers(t.tx, ox, params.SW, params.DW)) {
        continue;
      }
      let o = t.outBase + oy * params.OW + ox;
      let yv = loadY(o, t.lane);
      acc += select(vec4<f32>(0.0), loadDy(o, t.lane) * xv / yv, yv != vec4<f32>(0.0));
    }
  }
  storeDx(t.pixel, t.lane, acc);
}

// ---- tiled family (non-overlapping windows) ----

/** The output pixel an invocation owns and the block of input pixels it writes. */
struct Block {
  /** Output pixel index (n·OH + oy)·OW + ox. */
  out: u32,
  lane: u32,
  /** n·H·W: pixel index of (n, 0, 0). */
  inBase: u32,
  /** Padded coordinates of the window start: oy·SH, ox·SW. */
  sy: u32,
  sx: u32,
  /** Input rows [rowLo, rowHi) and columns [colLo, colHi). */
  rowLo: u32,
  rowHi: u32,
  colLo: u32,
  colHi: u32,
}

// Input coordinates [lo, hi) of output o's block along one axis: padded [o·S, o·S + S), the last one to the end.
fn blockRange(o: u32, outSize: u32, size: u32, s: u32, p: u32) -> vec2<u32> {
  let lo = u32(max(0, i32(o * s) - i32(p)));
  var hi = size;
  if (o + 1u < outSize) {
    hi = u32(clamp(i32((o + 1u) * s) - i32(p), 0, i32(size)));
  }
  return vec2<u32>(lo, max(lo, hi));
}

fn blockOf(i: u32) -> Block {
  var b: Block;
  b.lane = i % params.lanes;
  b.out = i / params.lanes;
  let ox = b.out % params.OW;
  let r = b.out / params.OW;
  let oy = r % params.OH;
  b.inBase = (r / params.OH) * params.H * params.W;
  b.sy = oy * params.SH;
  b.sx = ox * params.SW;
  let ry = blockRange(oy, params.OH, params.H, params.SH, params.PH);
  let rx = blockRange(ox, params.OW, params.W, params.SW, params.PW);
  b.rowLo = ry.x;
  b.rowHi = ry.y;
  b.colLo = rx.x;
  b.colHi = rx.y;
  return b;
}

// Whether input (iy, ix) of the block is a tap of its window (block rows start at or after the window start).
fn inWindow(b: Block, iy: u32, ix: u32) -> bool {
  return isTap(iy + params.PH - b.sy, params.KH, params.DH) && isTap(ix + params.PW - b.sx, params.KW, params.DW);
}

@compute @workgroup_size(WG)
fn maxgrad_tiled_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let G = params.lanes;
  let g = maxDy4(i);
  let at = arg4[i];
  // The argmax is always a tap of this window, so matching it is the whole test.
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      let p = b.inBase + iy * params.W + ix;
      dx4[p * G + b.lane] = select(vec4<f32>(0.0), g, at == flatOf(p, b.lane));
    }
  }
}

@compute @workgroup_size(WG)
fn maxgrad_tiled(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let g = maxDy(b.out, b.lane);
  let at = loadArg(b.out, b.lane);
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      let p = b.inBase + iy * params.W + ix;
      storeDx(p, b.lane, select(vec4<f32>(0.0), g, at == flatOf(p, b.lane)));
    }
  }
}

@compute @workgroup_size(WG)
fn avggrad_tiled_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let G = params.lanes;
  let g = dy4[i] / avgCount(b.sy / params.SH, b.sx / params.SW);
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      let p = b.inBase + iy * params.W + ix;
      dx4[p * G + b.lane] = select(vec4<f32>(0.0), g, inWindow(b, iy, ix));
    }
  }
}

@compute @workgroup_size(WG)
fn avggrad_tiled(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let g = loadDy(b.out, b.lane) / avgCount(b.sy / params.SH, b.sx / params.SW);
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      storeDx(b.inBase + iy * params.W + ix, b.lane, select(vec4<f32>(0.0), g, inWindow(b, iy, ix)));
    }
  }
}

@compute @workgroup_size(WG)
fn l2grad_tiled_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let G = params.lanes;
  let g = dy4[i];
  let yv = y4[i];
  let live = yv != vec4<f32>(0.0);
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      let p = (b.inBase + iy * params.W + ix) * G + b.lane;
      dx4[p] = select(vec4<f32>(0.0), g * x4[p] / yv, live & vec4<bool>(inWindow(b, iy, ix)));
    }
  }
}

@compute @workgroup_size(WG)
fn l2grad_tiled(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let b = blockOf(i);
  let g = loadDy(b.out, b.lane);
  let yv = loadY(b.out, b.lane);
  let live = yv != vec4<f32>(0.0);
  for (var iy = b.rowLo; iy < b.rowHi; iy++) {
    for (var ix = b.colLo; ix < b.colHi; ix++) {
      let p = b.inBase + iy * params.W + ix;
      storeDx(p, b.lane, select(vec4<f32>(0.0), g * loadX(p, b.lane) / yv, live & vec4<bool>(inWindow(b, iy, ix))));
    }
  }
}

/**
 * maxgrad_tiled_vec4 for 2x2 windows at stride 2 without padding or dilation on even H and W (the windows tile the
 * input exactly): the block is always the window's four pixels, so four straight stores and no block arithmetic.
 */
@compute @workgroup_size(WG)
fn maxgrad2x2_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let G = params.lanes;
  let g = i % G;
  let r = i / G;
  let ox = r % params.OW;
  let r2 = r / params.OW;
  let oy = r2 % params.OH;
  let n = r2 / params.OH;
  let p0 = (n * params.H + 2u * oy) * params.W + 2u * ox;
  let i0 = p0 * G + g;
  let rowStep = params.W * G;
  let d = maxDy4(i);
  let at = arg4[i];
  let C = i32(params.channels);
  let top = flatOf(p0, g);
  let below = top + vec4<i32>(i32(params.W) * C);
  let zero = vec4<f32>(0.0);
  dx4[i0] = select(zero, d, at == top);
  dx4[i0 + G] = select(zero, d, at == top + vec4<i32>(C));
  dx4[i0 + rowStep] = select(zero, d, at == below);
  dx4[i0 + rowStep + G] = select(zero, d, at == below + vec4<i32>(C));
}

@compute @workgroup_size(WG)
fn maxgrad2x2(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  // lanes = 1: invocation i owns every channel of output pixel i.
  let C = params.channels;
  let ox = i % params.OW;
  let r = i / params.OW;
  let oy = r % params.OH;
  let n = r / params.OH;
  let p0 = ((n * params.H + 2u * oy) * params.W + 2u * ox) * C;
  let p2 = p0 + params.W * C;
  for (var c = 0u; c < C; c++) {
    var d = dy[i * C + c];
    if (RELU_MASK) {
      d = select(0.0, d, y[i * C + c] > 0.0);
    }
    let at = u32(arg[i * C + c]);
    dx[p0 + c] = select(0.0, d, at == p0 + c);
    dx[p0 + C + c] = select(0.0, d, at == p0 + C + c);
    dx[p2 + c] = select(0.0, d, at == p2 + c);
    dx[p2 + C + c] = select(0.0, d, at == p2 + C + c);
  }
}
