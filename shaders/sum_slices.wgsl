// sum_slices.wgsl: out[i] = Σ_{s < slices} partial[s·n + i], the second half of a split reduction (conv2d backward
// weights cuts its batch into slices, each writing a partial dW block; see conv2d_backward_weights.wgsl).
// Slices are added in order 0, 1, ..., so the result is deterministic. Every out element is written.
//
// Bindings (group 0):
//   0  params   : uniform Params { n, slices }
//   1  partial  : storage read  array<f32>   [slices, n]
//   2  out      : storage rw    array<f32>   [n]
//
// Dispatch mapping: linear invocation i = gid.x + gid.y·num_workgroups.x·WG (the host splits more than 65535 workgroups
// over y) owns out[i], i < n (scalar: n need not be a multiple of 4, and SwiftShader vectorises across invocations).

struct Params {
  n: u32,
  slices: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.n) {
    return;
  }
  var sum = partial[i];
  for (var s = 1u; s < params.slices; s++) {
    sum += partial[s * params.n + i];
  }
  out[i] = sum;
}
