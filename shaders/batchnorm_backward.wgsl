// batchnorm_backward.wgsl: batch normalisation backward over x, dy [rows, channels], from the forward's per-channel
// mean and invStd (x̂ = (x - mean)·invStd is recomputed from x rather than stored). Three dispatches in one pass:
//   1. sums / sums_vec4   per (row chunk, 4-channel group): Σ dy and Σ dy·x̂ over the chunk, written to `partials`
//   2. combine            per 4-channel group: adds the chunk sums; dbeta = Σ dy, dgamma = Σ dy·x̂
//   3. grad_input / grad_input_vec4   dx = γ·invStd·(dy - dbeta/M - x̂·dgamma/M), M = rows
//                                     (= γ/(M·sqrt(σ² + ε))·(M·dy - Σ dy - x̂·Σ dy·x̂), as in src/model/reference/batchnorm.ts)
//
// Bindings (group 0; binding 0 is always `params`):
//   sums:    1 x / x4   2 dy / dy4   3 meanForSums   4 invStdForSums   5 partials (rw array<vec4f> [chunks·groups·2])
//   combine: 1 partialsIn (array<vec4f>)   2 dgammaOut (rw f32 [channels])   3 dbetaOut (rw f32 [channels])
//   grad_input: 1 x / x4   2 dy / dy4   3 gamma   4 mean   5 invStd   6 dgamma   7 dbeta   8 dx / dx4 (rw)
//
// Dispatch mapping as in batchnorm_forward.wgsl: linear index i = gid.x + gid.y·num_workgroups.x·WG, g = i % groups
// (channels 4g .. 4g+3);
//   sums:    i < groups·chunks, chunk = i / groups
//   combine: i < groups
//   grad_input: i < groups·ceil(rows / ROWS), rows ROWS·(i / groups) .. + ROWS - 1
// The _vec4 entry points need channels % 4 == 0; the scalar ones clamp channel indices to channels - 1 for loads.

struct Params {
  rows: u32,
  channels: u32,
  /** ceil(channels / 4) */
  groups: u32,
  chunkRows: u32,
  /** ceil(rows / chunkRows) */
  chunks: u32,
}

override WG: u32 = 64u;
/** Rows per invocation of grad_input (the per-channel coefficients are loaded once per block). */
override ROWS: u32 = 32u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> partialsIn: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dgammaOut: array<f32>;
@group(0) @binding(3) var<storage, read> meanForSums: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbetaOut: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> invStdForSums: array<f32>;
@group(0) @binding(4) var<storage, read> mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> invStd: array<f32>;
@group(0) @binding(6) var<storage, read> dgamma: array<f32>;
@group(0) @binding(7) var<storage, read> dbeta: array<f32>;
@group(0) @binding(8) var<storage, read_write> dx: array<f32>;
@group(0) @binding(8) var<storage, read_write> dx4: array<vec4<f32>>;

fn linearIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Channels 4g .. 4g+3 clamped to the last channel (loads only).
fn channelsOf(g: u32) -> vec4<u32> {
  return min(vec4<u32>(g * 4u) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.channels - 1u));
}

fn gather(row: u32, cs: vec4<u32>, fromDy: bool) -> vec4<f32> {
  let at = row * params.channels;
  if (fromDy) {
    return vec4<f32>(dy[at + cs.x], dy[at + cs.y], dy[at + cs.z], dy[at + cs.w]);
  }
  return vec4<f32>(x[at + cs.x], x[at + cs.y], x[at + cs.z], x[at + cs.w]);
}

fn chunkRange(i: u32) -> vec2<u32> {
  let r0 = (i / params.groups) * params.chunkRows;
  return vec2<u32>(r0, min(r0 + params.chunkRows, params.rows));
}

@compute @workgroup_size(WG)
fn sums_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * params.chunks) {
    return;
  }
  let g = i % params.groups;
  let cs = channelsOf(g);
  let m = vec4<f32>(meanForSums[cs.x], meanForSums[cs.y], meanForSums[cs.z], meanForSums[cs.w]);
  let s = vec4<f32>(invStdForSums[cs.x], invStdForSums[cs.y], invStdForSums[cs.z], invStdForSums[cs.w]);
  let range = chunkRange(i);
  var at = range.x * params.groups + g;
  var sumDy = vec4<f32>(0.0);
  var sumDyXhat = vec4<f32>(0.0);
  for (var r = range.x; r < range.y; r++) {
    let d = dy4[at];
    sumDy += d;
    sumDyXhat += d * ((x4[at] - m) * s);
    at += params.groups;
  }
  partials[2u * i] = sumDy;
  partials[2u * i + 1u] = sumDyXhat;
}

@compute @workgroup_size(WG)
fn sums(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * params.chunks) {
    return;
  }
  let cs = channelsOf(i % params.groups);
  let m = vec4<f32>(meanForSums[cs.x], meanForSums[cs.y], meanForSums[cs.z], meanForSums[cs.w]);
  let s = vec4<f32>(invStdForSums[cs.x], invStdForSums[cs.y], invStdForSums[cs.z], invStdForSums[cs.w]);
  let range = chunkRange(i);
  var sumDy = vec4<f32>(0.0);
  var sumDyXhat = vec4<f32>(0.0);
  for (var r = range.x; r < range.y; r++) {
    let d = gather(r, cs, true);
    sumDy += d;
    sumDyXhat += d * ((gather(r, cs, false) - m) * s);
  }
  partials[2u * i] = sumDy;
  partials[2u * i + 1u] = sumDyXhat;
}

@compute @workgroup_size(WG)
fn combine(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = linearIndex(gid, nwg);
  if (g >= params.groups) {
    return;
  }
  var sumDy = vec4<f32>(0.0);
  var sumDyXhat = vec4<f32>(0.0);
  for (var b = 0u; b < params.chunks; b++) {
    let j = b * params.groups + g;
    sumDy += partialsIn[2u * j];
    sumDyXhat += partialsIn[2u * j + 1u];
  }
  for (var k = 0u; k < 4u; k++) {
    let c = g * 4u + k;
    if (c < params.channels) {
      dgammaOut[c] = sumDyXhat[k];
      dbetaOut[c] = sumDy[k];
    }
  }
}

struct Coefficients {
  mean: vec4<f32>,
  invStd: vec4<f32>,
  /** γ·invStd */
  scale: vec4<f32>,
  /** dbeta / M */
  meanDy: vec4<f32>,
  /** dgamma / M */
  meanDyXhat: vec4<f32>,
}

fn coefficientsOf(cs: vec4<u32>) -> Coefficients {
  let s = vec4<f32>(invStd[cs.x], invStd[cs.y], invStd[cs.z], invStd[cs.w]);
  let invRows = 1.0 / f32(params.rows);
  return Coefficients(
    vec4<f32>(mean[cs.x], mean[cs.y], mean[cs.z], mean[cs.w]),
    s,
    vec4<f32>(gamma[cs.x], gamma[cs.y], gamma[cs.z], gamma[cs.w]) * s,
    vec4<f32>(dbeta[cs.x], dbeta[cs.y], dbeta[cs.z], dbeta[cs.w]) * invRows,
    vec4<f32>(dgamma[cs.x], dgamma[cs.y], dgamma[cs.z], dgamma[cs.w]) * invRows,
  );
}

fn gradient(k: Coefficients, xv: vec4<f32>, d: vec4<f32>) -> vec4<f32> {
  let xhat = (xv - k.mean) * k.invStd;
  return k.scale * (d - k.meanDy - xhat * k.meanDyXhat);
}

fn rowBlocks() -> u32 {
  return (params.rows + ROWS - 1u) / ROWS;
}

@compute @workgroup_size(WG)
fn grad_input_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * rowBlocks()) {
    return;
  }
  let g = i % params.groups;
  let k = coefficientsOf(channelsOf(g));
  let r0 = (i / params.groups) * ROWS;
  let r1 = min(r0 + ROWS, params.rows);
  var at = r0 * params.groups + g;
  for (var r = r0; r < r1; r++) {
    dx4[at] = gradient(k, x4[at], dy4[at]);
    at += params.groups;
  }
}

@compute @workgroup_size(WG)
fn grad_input(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * rowBlocks()) {
    return;
  }
  let g = i % params.groups;
  let cs = channelsOf(g);
  let k = coefficientsOf(cs);
  let lanes = min(4u, params.channels - g * 4u);
  let r0 = (i / params.groups) * ROWS;
  let r1 = min(r0 + ROWS, params.rows);
  for (var r = r0; r < r1; r++) {
    let v = gradient(k, gather(r, cs, false), gather(r, cs, true));
    let at = r * params.channels + g * 4u;
    for (var c = 0u; c < lanes; c++) {
      dx[at + c] = v[c];
    }
  }
}
