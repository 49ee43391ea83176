// roofline_matmul.wgsl: the bench's matrix-multiply microbenchmark, C[M,N] = A·B with A stored transposed ([K,M]) so
// that both operands load as vec4 (the layout most favourable to register blocking; see issue 6's SwiftShader notes).
// Not used for training: it only finds the best GFLOP/s the adapter reaches, the roofline the workloads are held to.
//
// Bindings (group 0): 0 params uniform { M, N, K }, 1 at: array<vec4f> [K, M/4], 2 b: array<vec4f> [K, N/4],
// 3 c: array<vec4f> [M, N/4]. M and N are multiples of 8.
// Entry points: main_8x8 (each invocation owns an 8x8 block of C: rows 8·gid.y.., columns 8·gid.x..),
//               main_4x8 (4x8 blocks: rows 4·gid.y..), main_4x4 (4x4 blocks, columns 4·gid.x..).
// Dispatch: (ceil(N/COLS / WG_X), ceil(M/ROWS / WG_Y)).

struct Params {
  M: u32,
  N: u32,
  K: u32,
  _pad: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> at: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<vec4<f32>>;

@compute @workgroup_size(WG_X, WG_Y)
fn main_8x8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M4 = params.M / 4u;
  let N4 = params.N / 4u;
  let col4 = gid.x * 2u;
  let row4 = gid.y * 2u;
  if (col4 >= N4 || row4 >= M4) {
    return;
  }
  var c00 = vec4<f32>(0.0); var c01 = vec4<f32>(0.0);
  var c10 = vec4<f32>(0.0); var c11 = vec4<f32>(0.0);
  var c20 = vec4<f32>(0.0); var c21 = vec4<f32>(0.0);
  var c30 = vec4<f32>(0.0); var c31 = vec4<f32>(0.0);
  var c40 = vec4<f32>(0.0); var c41 = vec4<f32>(0.0);
  var c50 = vec4<f32>(0.0); var c51 = vec4<f32>(0.0);
  var c60 = vec4<f32>(0.0); var c61 = vec4<f32>(0.0);
  var c70 = vec4<f32>(0.0); var c71 = vec4<f32>(0.0);
  var ai = row4;
  var bi = col4;
  for (var k = 0u; k < params.K; k++) {
    let a0 = at[ai];
    let a1 = at[ai + 1u];
    let b0 = b[bi];
    let b1 = b[bi + 1u];
    c00 += a0.x * b0; c01 += a0.x * b1;
    c10 += a0.y * b0; c11 += a0.y * b1;
    c20 += a0.z * b0; c21 += a0.z * b1;
    c30 += a0.w * b0; c31 += a0.w * b1;
    c40 += a1.x * b0; c41 += a1.x * b1;
    c50 += a1.y * b0; c51 += a1.y * b1;
    c60 += a1.z * b0; c61 += a1.z * b1;
    c70 += a1.w * b0; c71 += a1.w * b1;
    ai += M4;
    bi += N4;
  }
  let r = row4 * 4u;
  c[(r + 0u) * N4 + col4] = c00; c[(r + 0u) * N4 + col4 + 1u] = c01;
  c[(r + 1u) * N4 + col4] = c10; c[(r + 1u) * N4 + col4 + 1u] = c11;
  c[(r + 2u) * N4 + col4] = c20; c[(r + 2u) * N4 + col4 + 1u] = c21;
  c[(r + 3u) * N4 + col4] = c30; c[(r + 3u) * N4 + col4 + 1u] = c31;
  c[(r + 4u) * N4 + col4] = c40; c[(r + 4u) * N4 + col4 + 1u] = c41;
  c[(r + 5u) * N4 + col4] = c50; c[(r + 5u) * N4 + col4 + 1u] = c51;
  c[(r + 6u) * N4 + col4] = c60; c[(r + 6u) * N4 + col4 + 1u] = c61;
  c[(r + 7u) * N4 + col4] = c70; c[(r + 7u) * N4 + col4 + 1u] = c71;
}

@compute @workgroup_size(WG_X, WG_Y)
fn main_4x8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M4 = params.M / 4u;
  let N4 = params.N / 4u;
  let col4 = gid.x * 2u;
  let row4 = gid.y;
  if (col4 >= N4 || row4 >= M4) {
    return;
  }
  var c00 = vec4<f32>(0.0); var c01 = vec4<f32>(0.0);
  var c10 = vec4<f32>(0.0); var c11 = vec4<f32>(0.0);
  var c20 = vec4<f32>(0.0); var c21 = vec4<f32>(0.0);
  var c30 = vec4<f32>(0.0); var c31 = vec4<f32>(0.0);
  var ai = row4;
  var bi = col4;
  for (var k = 0u; k < params.K; k++) {
    let a0 = at[ai];
    let b0 = b[bi];
    let b1 = b[bi + 1u];
    c00 += a0.x * b0; c01 += a0.x * b1;
    c10 += a0.y * b0; c11 += a0.y * b1;
    c20 += a0.z * b0; c21 += a0.z * b1;
    c30 += a0.w * b0; c31 += a0.w * b1;
    ai += M4;
    bi += N4;
  }
  let r = row4 * 4u;
  c[(r + 0u) * N4 + col4] = c00; c[(r + 0u) * N4 + col4 + 1u] = c01;
  c[(r + 1u) * N4 + col4] = c10; c[(r + 1u) * N4 + col4 + 1u] = c11;
  c[(r + 2u) * N4 + col4] = c20; c[(r + 2u) * N4 + col4 + 1u] = c21;
  c[(r + 3u) * N4 + col4] = c30; c[(r + 3u) * N4 + col4 + 1u] = c31;
}

@compute @workgroup_size(WG_X, WG_Y)
fn main_4x4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M4 = params.M / 4u;
  let N4 = params.N / 4u;
  let col4 = gid.x;
  let row4 = gid.y;
  if (col4 >= N4 || row4 >= M4) {
    return;
  }
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  var ai = row4;
  var bi = col4;
  for (var k = 0u; k < params.K; k++) {
    let a0 = at[ai];
    let b0 = b[bi];
    c0 += a0.x * b0;
    c1 += a0.y * b0;
    c2 += a0.z * b0;
    c3 += a0.w * b0;
    ai += M4;
    bi += N4;
  }
  let r = row4 * 4u;
  c[(r + 0u) * N4 + col4] = c0;
  c[(r + 1u) * N4 + col4] = c1;
  c[(r + 2u) * N4 + col4] = c2;
  c[(r + 3u) * N4 + col4] = c3;
}
