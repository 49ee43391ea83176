// softmax.wgsl: softmax over the last axis of a row-major [rows, cols] tensor (the channels of NHWC), and its
// backward pass.
//
//   forward:  y[r, c] = e^(x[r, c] - m) / Σ_k e^(x[r, k] - m),  m = max_k x[r, k]
//   backward: dx[r, c] = y[r, c] (dy[r, c] - Σ_k dy[r, k] y[r, k])
//
// Bindings (group 0):
//   0  params : uniform Params { rows, cols }
//   forward:   1  x  : storage read array<f32> [rows * cols]    2  y  : storage rw array<f32> [rows * cols]
//   backward:  1  y  : storage read array<f32> [rows * cols]    2  dy : storage read array<f32> [rows * cols]
//              3  dx : storage rw   array<f32> [rows * cols]
// Bindings 1 and 2 have a different meaning in each entry point (each statically uses only its own variables).
//
// Dispatch mapping: one invocation per row, r = gid.x + gid.y * (num_workgroups.x * WG); the host splits more
// than 65535 workgroups over y (workgroups1d). Each row is walked in registers, without workgroup memory or
// barriers (what pays on SwiftShader, where one CPU thread runs the dispatch); rows past the end return.

struct Params {
  rows: u32,
  cols: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> yIn: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let r = gid.x + gid.y * groups.x * WG;
  if (r >= params.rows) {
    return;
  }
  let base = r * params.cols;
  let end = base + params.cols;
  var m = x[base];
  for (var i = base + 1u; i < end; i++) {
    m = max(m, x[i]);
  }
  // e^(x - m) is stored on the way so the last pass only scales.
  var s = 0.0;
  for (var i = base; i < end; i++) {
    let e = exp(x[i] - m);
    y[i] = e;
    s += e;
  }
  let inv = 1.0 / s;
  for (var i = base; i < end; i++) {
    y[i] *= inv;
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let r = gid.x + gid.y * groups.x * WG;
  if (r >= params.rows) {
    return;
  }
  let base = r * params.cols;
  let end = base + params.cols;
  var dot = 0.0;
  for (var i = base; i < end; i++) {
    dot += dy[i] * yIn[i];
  }
  for (var i = base; i < end; i++) {
    dx[i] = yIn[i] * (dy[i] - dot);
  }
}
