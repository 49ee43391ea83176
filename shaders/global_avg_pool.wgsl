// global_avg_pool.wgsl: global average pooling over NHWC, matching src/model/reference/pool.ts:
//   forward   y[n,c] = (1/HW) Σ_{h,w} x[n,h,w,c]          x [N,H,W,C] → y [N,C]
//   backward  dx[n,h,w,c] = dy[n,c] / HW                   dy [N,C] → dx [N,H,W,C]
//
// Bindings (group 0):
//   0  params   : uniform Params { count, lanes, pixels, channels }
//   forward:   1 x / x4  (read, [N,H,W,C])     2 y / y4   (rw, [N,C])
//   backward:  1 dy / dy4 (read, [N,C])        2 dx / dx4 (rw, [N,H,W,C])
// Each binding has a scalar and a vec4 alias; every entry point statically uses only one of them.
//
// Every invocation owns a group of 4 consecutive channels, lanes = ceil(C/4) groups: forward_vec4, backward_vec4
// (C % 4 == 0) with vec4 loads/stores; forward, backward (any C) with scalar loads clamped to channel C-1 (a duplicate
// lane, never stored) and guarded scalar stores.
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535
// workgroups over y), lane fastest; invocations with i ≥ count return.
//   forward:   count = N·lanes, i = n·lanes + lane; each sums its HW pixels in order (f32 accumulation)
//   backward:  count = N·HW·lanes, i = (n·HW + pixel)·lanes + lane

struct Params {
  count: u32,
  /** Channel groups of 4: ceil(C/4). */
  lanes: u32,
  /** H·W */
  pixels: u32,
  /** C */
  channels: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx4: array<vec4<f32>>;

fn linearIndex(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * WG;
}

@compute @workgroup_size(WG)
fn forward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let G = params.lanes;
  let n = i / G;
  var at = n * params.pixels * G + i % G;
  var s = vec4<f32>(0.0);
  for (var p = 0u; p < params.pixels; p++) {
    s += x4[at];
    at += G;
  }
  y4[i] = s / f32(params.pixels);
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let C = params.channels;
  let n = i / params.lanes;
  let c = min(vec4<u32>(4u * (i % params.lanes)) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(C - 1u));
  var at = vec4<u32>(n * params.pixels * C) + c;
  var s = vec4<f32>(0.0);
  for (var p = 0u; p < params.pixels; p++) {
    s += vec4<f32>(x[at.x], x[at.y], x[at.z], x[at.w]);
    at += vec4<u32>(C);
  }
  let r = s / f32(params.pixels);
  for (var k = 0u; k < 4u; k++) {
    let ck = 4u * (i % params.lanes) + k;
    if (ck < C) {
      y[n * C + ck] = r[k];
    }
  }
}

@compute @workgroup_size(WG)
fn backward_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let G = params.lanes;
  let n = i / (params.pixels * G);
  dx4[i] = dy4[n * G + i % G] / f32(params.pixels);
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = linearIndex(gid, groups);
  if (i >= params.count) {
    return;
  }
  let C = params.channels;
  let g = i % params.lanes;
  let pixel = i / params.lanes;
  let n = pixel / params.pixels;
  for (var k = 0u; k < 4u; k++) {
    let c = 4u * g + k;
    if (c < C) {
      dx[pixel * C + c] = dy[n * C + c] / f32(params.pixels);
    }
  }
}
