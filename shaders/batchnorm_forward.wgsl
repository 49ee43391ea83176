// batchnorm_forward.wgsl: batch normalisation forward over x [rows, channels] (rows = N·H·W in NHWC, or N),
// statistics per channel over the rows. Training runs three dispatches in one compute pass:
//   1. stats / stats_vec4   per (row chunk, 4-channel group): the chunk's mean and M2 = Σ (x - mean)², two-pass
//                           within the chunk (shifted by its first row), written to `partials`
//   2. combine              per 4-channel group: Chan et al.'s pairwise merge of the chunk moments (shifted by chunk 0's
//                           mean, so values around 100 ± 1 keep their precision); writes mean, invStd = 1/sqrt(σ² + ε)
//                           with the biased σ² = M2/rows, and, when UPDATE_RUNNING, running = m·running + (1 - m)·batch
//                           with the unbiased M2/(rows - 1) (σ² when rows = 1) fed to runningVar (PyTorch's convention)
//   3. scale_shift / scale_shift_vec4   y = (x - mean)·(γ·invStd) + β
// Evaluation runs scale_shift alone with EVAL: `mean` is the running mean and `stat` the running variance.
//
// Bindings (group 0; binding 0 is always `params`):
//   stats:     1 x (array<f32>; x4 array<vec4f> in stats_vec4)   2 partials (rw array<vec4f> [chunks·groups·2])
//   combine:   1 partialsIn (array<vec4f>)   2 meanOut   3 invStdOut   4 runningMean (rw)   5 runningVar (rw)   (f32 [channels])
//   scale_shift: 1 x / x4   2 y / y4 (rw)   3 gamma   4 beta   5 mean   6 stat (invStd, or the running variance when EVAL)
//
// Dispatch mapping: a linear invocation index i = gid.x + gid.y·num_workgroups.x·WG (the host splits counts over
// 65535 workgroups into x and y); g = i % groups is the 4-channel group (channels 4g .. 4g+3), so neighbouring
// invocations read neighbouring channels of the same row.
//   stats:     i < groups·chunks,    chunk = i / groups, rows chunk·chunkRows .. min(+chunkRows, rows) - 1
//   combine:   i < groups
//   scale_shift: i < groups·ceil(rows / ROWS), rows ROWS·(i / groups) .. + ROWS - 1
// The _vec4 entry points need channels % 4 == 0 (groups = channels / 4). The scalar ones accept any channel count:
// channel indices are clamped to channels - 1 for loads (a duplicate lane, never stored).

struct Params {
  rows: u32,
  channels: u32,
  /** ceil(channels / 4) */
  groups: u32,
  chunkRows: u32,
  /** ceil(rows / chunkRows) */
  chunks: u32,
  epsilon: f32,
  momentum: f32,
}

override WG: u32 = 64u;
/** Rows per invocation of scale_shift (the per-channel coefficients are loaded once per block). */
override ROWS: u32 = 32u;
override UPDATE_RUNNING: bool = true;
override EVAL: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> partialsIn: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> meanOut: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> invStdOut: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> runningMean: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> runningVar: array<f32>;
@group(0) @binding(5) var<storage, read> mean: array<f32>;
@group(0) @binding(6) var<storage, read> stat: array<f32>;

fn linearIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Channels 4g .. 4g+3 clamped to the last channel (loads only).
fn channelsOf(g: u32) -> vec4<u32> {
  return min(vec4<u32>(g * 4u) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.channels - 1u));
}

fn loadX(row: u32, cs: vec4<u32>) -> vec4<f32> {
  let at = row * params.channels;
  return vec4<f32>(x[at + cs.x], x[at + cs.y], x[at + cs.z], x[at + cs.w]);
}

fn chunkEnd(r0: u32) -> u32 {
  return min(r0 + params.chunkRows, params.rows);
}

@compute @workgroup_size(WG)
fn stats_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * params.chunks) {
    return;
  }
  let g = i % params.groups;
  let r0 = (i / params.groups) * params.chunkRows;
  let r1 = chunkEnd(r0);
  let stride = params.groups;
  let first = r0 * stride + g;
  // Two passes over the chunk (it stays in cache): the mean of x - x[r0] (exact differences for clustered data),
  // then the squared deviations from that mean.
  let shift = x4[first];
  var sum = vec4<f32>(0.0);
  var at = first;
  for (var r = r0; r < r1; r++) {
    sum += x4[at] - shift;
    at += stride;
  }
  let m = shift + sum / f32(r1 - r0);
  var m2 = vec4<f32>(0.0);
  at = first;
  for (var r = r0; r < r1; r++) {
    let d = x4[at] - m;
    m2 += d * d;
    at += stride;
  }
  partials[2u * i] = m;
  partials[2u * i + 1u] = m2;
}

@compute @workgroup_size(WG)
fn stats(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * params.chunks) {
    return;
  }
  let cs = channelsOf(i % params.groups);
  let r0 = (i / params.groups) * params.chunkRows;
  let r1 = chunkEnd(r0);
  let shift = loadX(r0, cs);
  var sum = vec4<f32>(0.0);
  for (var r = r0; r < r1; r++) {
    sum += loadX(r, cs) - shift;
  }
  let m = shift + sum / f32(r1 - r0);
  var m2 = vec4<f32>(0.0);
  for (var r = r0; r < r1; r++) {
    let d = loadX(r, cs) - m;
    m2 += d * d;
  }
  partials[2u * i] = m;
  partials[2u * i + 1u] = m2;
}

@compute @workgroup_size(WG)
fn combine(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = linearIndex(gid, nwg);
  if (g >= params.groups) {
    return;
  }
  // Chan et al.: merging (nA, μA, M2A) with (nB, μB, M2B), δ = μB - μA:
  //   μ = μA + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.  Means are kept relative to chunk 0's mean.
  let shift = partialsIn[2u * g];
  var rel = vec4<f32>(0.0);
  var m2 = partialsIn[2u * g + 1u];
  var na = f32(min(params.chunkRows, params.rows));
  for (var b = 1u; b < params.chunks; b++) {
    let j = b * params.groups + g;
    let nb = f32(min(params.chunkRows, params.rows - b * params.chunkRows));
    let n = na + nb;
    let delta = (partialsIn[2u * j] - shift) - rel;
    rel += delta * (nb / n);
    m2 += partialsIn[2u * j + 1u] + delta * delta * (na * (nb / n));
    na = n;
  }
  let batchMean = shift + rel;
  let variance = m2 / f32(params.rows);
  let invStd = vec4<f32>(1.0) / sqrt(variance + vec4<f32>(params.epsilon));
  var unbiased = variance;
  if (params.rows > 1u) {
    unbiased = m2 / f32(params.rows - 1u);
  }
  let keep = params.momentum;
  for (var k = 0u; k < 4u; k++) {
    let c = g * 4u + k;
    if (c < params.channels) {
      meanOut[c] = batchMean[k];
      invStdOut[c] = invStd[k];
      if (UPDATE_RUNNING) {
        runningMean[c] = keep * runningMean[c] + (1.0 - keep) * batchMean[k];
        runningVar[c] = keep * runningVar[c] + (1.0 - keep) * unbiased[k];
      }
    }
  }
}

struct Affine {
  mean: vec4<f32>,
  /** γ·invStd */
  scale: vec4<f32>,
  beta: vec4<f32>,
}

fn affineOf(cs: vec4<u32>) -> Affine {
  let g = vec4<f32>(gamma[cs.x], gamma[cs.y], gamma[cs.z], gamma[cs.w]);
  let s = vec4<f32>(stat[cs.x], stat[cs.y], stat[cs.z], stat[cs.w]);
  var invStd = s;
  if (EVAL) {
    invStd = vec4<f32>(1.0) / sqrt(s + vec4<f32>(params.epsilon));
  }
  return Affine(
    vec4<f32>(mean[cs.x], mean[cs.y], mean[cs.z], mean[cs.w]),
    g * invStd,
    vec4<f32>(beta[cs.x], beta[cs.y], beta[cs.z], beta[cs.w]),
  );
}

fn rowBlocks() -> u32 {
  return (params.rows + ROWS - 1u) / ROWS;
}

@compute @workgroup_size(WG)
fn scale_shift_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * rowBlocks()) {
    return;
  }
  let g = i % params.groups;
  let a = affineOf(channelsOf(g));
  let r0 = (i / params.groups) * ROWS;
  let r1 = min(r0 + ROWS, params.rows);
  var at = r0 * params.groups + g;
  for (var r = r0; r < r1; r++) {
    y4[at] = (x4[at] - a.mean) * a.scale + a.beta;
    at += params.groups;
  }
}

@compute @workgroup_size(WG)
fn scale_shift(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= params.groups * rowBlocks()) {
    return;
  }
  let g = i % params.groups;
  let cs = channelsOf(g);
  let a = affineOf(cs);
  let lanes = min(4u, params.channels - g * 4u);
  let r0 = (i / params.groups) * ROWS;
  let r1 = min(r0 + ROWS, params.rows);
  for (var r = r0; r < r1; r++) {
    let v = (loadX(r, cs) - a.mean) * a.scale + a.beta;
    let at = r * params.channels + g * 4u;
    for (var k = 0u; k < lanes; k++) {
      y[at + k] = v[k];
    }
  }
}
