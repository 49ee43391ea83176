// pool2d_forward.wgsl: max / average / L2 pooling forward over NHWC x [N,H,W,C] → y [N,OH,OW,C], matching
// src/model/reference/pool.ts. Only the in-bounds positions R(o) of a window count (padding never wins a max and is
// left out of averages and L2 sums):
//   max: y = max_{i∈R(o)} x[i], argmax = the flat NHWC index (over the whole batch) of the FIRST maximum in window
//        scan order (ky outer, kx inner; strict >), or -1 and y = 0 when R(o) is empty
//   avg: y = Σ_{R(o)} x / |R(o)|   (0 when R(o) is empty)
//   l2:  y = sqrt(Σ_{R(o)} x²)
//
// Bindings (group 0):
//   0  params     : uniform Params
//   1  x / x4     : storage read  array<f32> | array<vec4f>   [N,H,W,C]
//   2  y / y4     : storage rw    array<f32> | array<vec4f>   [N,OH,OW,C]
//   3  arg / arg4 : storage rw    array<i32> | array<vec4i>   [N,OH,OW,C]   (maxpool* entry points only)
// Each binding has a scalar and a vec4 alias; every entry point statically uses only one of them.
//
// Entry points (the host picks one):
//   maxpool_vec4, sumpool_vec4  C % 4 == 0: each invocation owns 4 consecutive channels of one output pixel (vec4)
//   maxpool, sumpool            any C: the same 4-channel groups with scalar loads (the last group's missing channels
//                               load channel C-1 again and are never stored) and guarded scalar stores
//   maxpool2x2_vec4             C % 4 == 0, 2x2 window, stride 2, no padding, dilation 1: four straight loads, no bounds checks
//   maxpool2x2                  the same windows for any C, every channel of one output pixel per invocation (lanes = 1):
//                               LeNet's 6 channels took the looping scalar path at ~2.7x the time on SwiftShader
// sumpool* computes average pooling, or L2 pooling when the override L2 is true.
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535
// workgroups over y); i < params.count = N·OH·OW·lanes with lanes = ceil(C/4) channel groups (1 in maxpool2x2), decomposed with the
// group fastest, so neighbouring invocations read neighbouring channels. Invocations past the end return.

struct Params {
  /** N·OH·OW·lanes: the invocations that do work. */
  count: u32,
  /** Channel groups of 4: ceil(C/4). */
  lanes: u32,
  /** C: channels, for flat argmax indices. */
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
override L2: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> arg: array<i32>;
@group(0) @binding(3) var<storage, read_write> arg4: array<vec4<i32>>;

/** One output's window, clipped to the input: rows y0 + ky·DH for ky in [kyLo, kyHi), columns likewise. */
struct Window {
  /** Pixel index n·H·W of the example's first pixel. */
  base: u32,
  y0: i32,
  x0: i32,
  kyLo: u32,
  kyHi: u32,
  kxLo: u32,
  kxHi: u32,
}

fn linearIndex(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WG;
}

// The k range [lo, hi) along one axis with 0 ≤ start + k·d < size, k < kernel (empty when lo ≥ hi).
fn clipAxis(start: i32, size: u32, kernel: u32, d: u32) -> vec2<u32> {
  var lo = 0u;
  if (start < 0) {
    lo = (u32(-start) + d - 1u) / d;
  }
  var hi = 0u;
  if (start < i32(size)) {
    hi = min(kernel, (u32(i32(size) - start) + d - 1u) / d);
  }
  return vec2<u32>(lo, max(lo, hi));
}

// The window of output invocation i; also returns its channel group through `lane`.
fn windowOf(i: u32, lane: ptr<function, u32>) -> Window {
  *lane = i % params.lanes;
  var r = i / params.lanes;
  let ox = r % params.OW;
  r = r / params.OW;
  let oy = r % params.OH;
  let n = r / params.OH;
  var w: Window;
  w.base = n * params.H * params.W;
  w.y0 = i32(oy * params.SH) - i32(params.PH);
  w.x0 = i32(ox * params.SW) - i32(params.PW);
  let ry = clipAxis(w.y0, params.H, params.KH, params.DH);
  let rx = clipAxis(w.x0, params.W, params.KW, params.DW);
  w.kyLo = ry.x;
  w.kyHi = ry.y;
  w.kxLo = rx.x;
  w.kxHi = rx.y;
  return w;
}

// Pixel index (n·H + iy)·W + ix of window position (ky, kx).
fn pixelOf(w: Window, ky: u32, kx: u32) -> u32 {
  let iy = u32(w.y0 + i32(ky * params.DH));
  let ix = u32(w.x0 + i32(kx * params.DW));
  return w.base + iy * params.W + ix;
}

// Channels 4g .. 4g+3 of pixel p with scalar loads (the scalar entry points), clamped to channel C-1: a duplicate
// lane whose result is never stored.
fn loadX(p: u32, g: u32) -> vec4<f32> {
  let base = p * params.channels;
  let c = min(vec4<u32>(4u * g) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.channels - 1u));
  return vec4<f32>(x[base + c.x], x[base + c.y], x[base + c.z], x[base + c.w]);
}

fn finishSum(s: vec4<f32>, w: Window) -> vec4<f32> {
  if (L2) {
    return sqrt(s);
  }
  let count = (w.kyHi - w.kyLo) * (w.kxHi - w.kxLo);
  if (count == 0u) {
    return vec4<f32>(0.0);
  }
  return s / f32(count);
}

@compute @workgroup_size(WG)
fn maxpool_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  var g: u32;
  let w = windowOf(i, &g);
  let laneOffset = vec4<i32>(i32(4u * g)) + vec4<i32>(0, 1, 2, 3);
  var best = vec4<f32>(0.0);
  var at = vec4<i32>(-1);
  for (var ky = w.kyLo; ky < w.kyHi; ky++) {
    for (var kx = w.kxLo; kx < w.kxHi; kx++) {
      let p = pixelOf(w, ky, kx);
      let v = x4[p * params.lanes + g];
      // The first in-bounds position always wins (even over -inf); later ones only when strictly greater.
      let take = (at < vec4<i32>(0)) | (v > best);
      best = select(best, v, take);
      at = select(at, vec4<i32>(i32(p * params.channels)) + laneOffset, take);
    }
  }
  y4[i] = best;
  arg4[i] = at;
}

@compute @workgroup_size(WG)
fn maxpool(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  var g: u32;
  let w = windowOf(i, &g);
  let laneOffset = vec4<i32>(i32(4u * g)) + vec4<i32>(0, 1, 2, 3);
  var best = vec4<f32>(0.0);
  var at = vec4<i32>(-1);
  for (var ky = w.kyLo; ky < w.kyHi; ky++) {
    for (var kx = w.kxLo; kx < w.kxHi; kx++) {
      let p = pixelOf(w, ky, kx);
      let v = loadX(p, g);
      let take = (at < vec4<i32>(0)) | (v > best);
      best = select(best, v, take);
      at = select(at, vec4<i32>(i32(p * params.channels)) + laneOffset, take);
    }
  }
  let o = i / params.lanes;
  for (var k = 0u; k < 4u; k++) {
    let c = 4u * g + k;
    if (c < params.channels) {
      y[o * params.channels + c] = best[k];
      arg[o * params.channels + c] = at[k];
    }
  }
}

@compute @workgroup_size(WG)
fn maxpool2x2_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
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
  // Top-left pixel of the window; the other three are +1, +W, +W+1 (always in bounds: no padding, floor output).
  let p0 = (n * params.H + 2u * oy) * params.W + 2u * ox;
  let i0 = p0 * G + g;
  let rowStep = params.W * G;
  let v00 = x4[i0];
  let v01 = x4[i0 + G];
  let v10 = x4[i0 + rowStep];
  let v11 = x4[i0 + rowStep + G];
  // Flat index of the top-left element, then the scan-order offsets of the others (strict >: first max wins).
  let C = i32(params.channels);
  var at = vec4<i32>(i32(p0 * params.channels + 4u * g)) + vec4<i32>(0, 1, 2, 3);
  var best = v00;
  var take = v01 > best;
  best = select(best, v01, take);
  at = select(at, at + vec4<i32>(C), take);
  let below = vec4<i32>(i32(p0 * params.channels + 4u * g) + i32(params.W) * C) + vec4<i32>(0, 1, 2, 3);
  take = v10 > best;
  best = select(best, v10, take);
  at = select(at, below, take);
  take = v11 > best;
  best = select(best, v11, take);
  at = select(at, below + vec4<i32>(C), take);
  y4[i] = best;
  arg4[i] = at;
}

@compute @workgroup_size(WG)
fn maxpool2x2(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  // lanes = 1: invocation i owns every channel of output pixel i, so the index math is done once for all of them.
  let C = params.channels;
  let ox = i % params.OW;
  let r = i / params.OW;
  let oy = r % params.OH;
  let n = r / params.OH;
  let p0 = ((n * params.H + 2u * oy) * params.W + 2u * ox) * C;
  let p2 = p0 + params.W * C;
  for (var c = 0u; c < C; c++) {
    // Scan order, strict >: the first maximum wins.
    var best = x[p0 + c];
    var at = p0 + c;
    var v = x[p0 + C + c];
    var take = v > best;
    best = select(best, v, take);
    at = select(at, p0 + C + c, take);
    v = x[p2 + c];
    take = v > best;
    best = select(best, v, take);
    at = select(at, p2 + c, take);
    v = x[p2 + C + c];
    take = v > best;
    best = select(best, v, take);
    at = select(at, p2 + C + c, take);
    y[i * C + c] = best;
    arg[i * C + c] = i32(at);
  }
}

@compute @workgroup_size(WG)
fn sumpool_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  var g: u32;
  let w = windowOf(i, &g);
  var s = vec4<f32>(0.0);
  for (var ky = w.kyLo; ky < w.kyHi; ky++) {
    for (var kx = w.kxLo; kx < w.kxHi; kx++) {
      let v = x4[pixelOf(w, ky, kx) * params.lanes + g];
      if (L2) {
        s += v * v;
      } else {
        s += v;
      }
    }
  }
  y4[i] = finishSum(s, w);
}

@compute @workgroup_size(WG)
fn sumpool(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  var g: u32;
  let w = windowOf(i, &g);
  var s = vec4<f32>(0.0);
  for (var ky = w.kyLo; ky < w.kyHi; ky++) {
    for (var kx = w.kxLo; kx < w.kxHi; kx++) {
      let v = loadX(pixelOf(w, ky, kx), g);
      if (L2) {
        s += v * v;
      } else {
        s += v;
      }
    }
  }
  let r = finishSum(s, w);
  let o = i / params.lanes;
  for (var k = 0u; k < 4u; k++) {
    let c = 4u * g + k;
    if (c < params.channels) {
      y[o * params.channels + c] = r[k];
    }
  }
}
