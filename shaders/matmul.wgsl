// matmul.wgsl: C[M,N] = op(A)[M,K] · op(B)[K,N] (+ bias[N] broadcast over rows), row-major f32.
//
// Bindings (group 0):
//   0  params : uniform Params { M, N, K }
//   1  a      : storage read  array<f32>  A as [M,K], or [K,M] when TRANSPOSE_A
//   2  b / b4 : storage read  B as [K,N], or [N,K] when TRANSPOSE_B   (array<f32> in main, array<vec4f> in main_vec4)
//   3  c / c4 : storage rw    C as [M,N]                              (array<f32> in main, array<vec4f> in main_vec4)
//   4  bias   : storage read  array<f32> [N]; always bound (statically used), any buffer when !HAS_BIAS
//
// Three entry points, sharing bindings 2 and 3 (each entry point statically uses only one of the two aliases):
//   main_vec4x8  N % 8 == 0 and !TRANSPOSE_B: an 8x8 block of C (8 rows x two vec4s of columns): per k, 8 scalar A
//              loads and 2 vec4 B loads feed 16 vec4 FMAs (LeNet's 400->120 dense: ~1.5x main_vec4 on SwiftShader).
//   main_vec4  fast path: requires N % 4 == 0 and !TRANSPOSE_B (the host picks it). Each invocation owns an 8x4 block
//              of C (8 rows x one vec4 of columns) in registers, loads rows of B and stores rows of C as vec4.
//   main       scalar-safe path: any M, N, K and both transposes. Each invocation owns a 4x4 block of C.
// Out-of-range rows/columns are clamped to the last valid one for loads (keeps the k loop branch-free) and never stored.
//
// Dispatch mapping (gid = global_invocation_id):
//   main_vec4x8: rows 8*gid.y .. 8*gid.y+7, columns 8*gid.x .. 8*gid.x+7;
//              dispatchWorkgroups(ceil(ceil(N/8) / WG_X), ceil(ceil(M/8) / WG_Y)).
//   main_vec4: rows 8*gid.y .. 8*gid.y+7, columns 4*gid.x .. 4*gid.x+3;
//              dispatchWorkgroups(ceil(ceil(N/4) / WG_X), ceil(ceil(M/8) / WG_Y)).
//   main:      rows 4*gid.y .. 4*gid.y+3, columns 4*gid.x .. 4*gid.x+3;
//              dispatchWorkgroups(ceil(ceil(N/4) / WG_X), ceil(ceil(M/4) / WG_Y)).
// Accumulation is in f32 in natural k order.

struct Params {
  M: u32,
  N: u32,
  K: u32,
  _pad: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;
override HAS_BIAS: bool = false;
override TRANSPOSE_A: bool = false;
override TRANSPOSE_B: bool = false;
// Fused epilogue: C = max(0, A·B + bias) (a dense layer followed by ReLU).
override RELU: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<storage, read_write> c4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

// Indices in `a` of A[row0 + i, 0] for i = 0..3, rows clamped to M-1 (results of clamped rows are never stored).
fn rowsOfA(row0: u32) -> vec4<u32> {
  let rows = min(vec4<u32>(row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.M - 1u));
  if (TRANSPOSE_A) {
    return rows;
  }
  return rows * params.K;
}

// Distance in `a` between A[row, k] and A[row, k + 1].
fn kStrideA() -> u32 {
  if (TRANSPOSE_A) {
    return params.M;
  }
  return 1u;
}

fn epilogue(v: vec4<f32>) -> vec4<f32> {
  if (RELU) {
    return max(v, vec4<f32>(0.0));
  }
  return v;
}

fn loadBias(col: u32) -> f32 {
  if (!HAS_BIAS || col >= params.N) {
    return 0.0;
  }
  return bias[col];
}

@compute @workgroup_size(WG_X, WG_Y)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = params.N / 4u;
  let row0 = gid.y * 8u;
  if (gid.x >= N4 || row0 >= params.M) {
    return;
  }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  let ks = vec4<u32>(kStrideA());
  var ai = rowsOfA(row0);
  var aj = rowsOfA(row0 + 4u);
  var bi = gid.x;
  for (var k = 0u; k < params.K; k++) {
    let bk = b4[bi];
    acc0 += a[ai.x] * bk;
    acc1 += a[ai.y] * bk;
    acc2 += a[ai.z] * bk;
    acc3 += a[ai.w] * bk;
    acc4 += a[aj.x] * bk;
    acc5 += a[aj.y] * bk;
    acc6 += a[aj.z] * bk;
    acc7 += a[aj.w] * bk;
    ai += ks;
    aj += ks;
    bi += N4;
  }
  var bv = vec4<f32>(0.0);
  if (HAS_BIAS) {
    let col0 = gid.x * 4u;
    bv = vec4<f32>(bias[col0], bias[col0 + 1u], bias[col0 + 2u], bias[col0 + 3u]);
  }
  let rows = array<vec4<f32>, 8>(
    epilogue(acc0 + bv), epilogue(acc1 + bv), epilogue(acc2 + bv), epilogue(acc3 + bv),
    epilogue(acc4 + bv), epilogue(acc5 + bv), epilogue(acc6 + bv), epilogue(acc7 + bv),
  );
  for (var r = 0u; r < 8u; r++) {
    if (row0 + r < params.M) {
      c4[(row0 + r) * N4 + gid.x] = rows[r];
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= params.M || col0 >= params.N) {
    return;
  }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let ra = rowsOfA(row0);
  let ks = kStrideA();
  var ai = ra;
  // Column indices clamped to N-1 (their results are never stored), so the loop has no branches.
  let cols = min(vec4<u32>(col0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.N - 1u));
  var bi: vec4<u32>;
  var bstep: u32;
  if (TRANSPOSE_B) {
    bi = cols * params.K;
    bstep = 1u;
  } else {
    bi = cols;
    bstep = params.N;
  }
  for (var k = 0u; k < params.K; k++) {
    let bk = vec4<f32>(b[bi.x], b[bi.y], b[bi.z], b[bi.w]);
    acc0 += a[ai.x] * bk;
    acc1 += a[ai.y] * bk;
    acc2 += a[ai.z] * bk;
    acc3 += a[ai.w] * bk;
    ai += vec4<u32>(ks);
    bi += vec4<u32>(bstep);
  }
  let bv = vec4<f32>(loadBias(col0), loadBias(col0 + 1u), loadBias(col0 + 2u), loadBias(col0 + 3u));
  let rows = array<vec4<f32>, 4>(epilogue(acc0 + bv), epilogue(acc1 + bv), epilogue(acc2 + bv), epilogue(acc3 + bv));
  for (var r = 0u; r < 4u; r++) {
    let row = row0 + r;
    if (row < params.M) {
      for (var j = 0u; j < 4u; j++) {
        if (col0 + j < params.N) {
          c[row * params.N + col0 + j] = rows[r][j];
        }
      }
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y)
fn main_vec4x8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N4 = params.N / 4u;
  let q = gid.x * 2u;
  let row0 = gid.y * 8u;
  if (q >= N4 || row0 >= params.M) {
    return;
  }
  var l0 = vec4<f32>(0.0); var h0 = vec4<f32>(0.0);
  var l1 = vec4<f32>(0.0); var h1 = vec4<f32>(0.0);
  var l2 = vec4<f32>(0.0); var h2 = vec4<f32>(0.0);
  var l3 = vec4<f32>(0.0); var h3 = vec4<f32>(0.0);
  var l4 = vec4<f32>(0.0); var h4 = vec4<f32>(0.0);
  var l5 = vec4<f32>(0.0); var h5 = vec4<f32>(0.0);
  var l6 = vec4<f32>(0.0); var h6 = vec4<f32>(0.0);
  var l7 = vec4<f32>(0.0); var h7 = vec4<f32>(0.0);
  let ks = vec4<u32>(kStrideA());
  var ai = rowsOfA(row0);
  var aj = rowsOfA(row0 + 4u);
  var bi = q;
  for (var k = 0u; k < params.K; k++) {
    let bl = b4[bi];
    let bh = b4[bi + 1u];
    let a0 = a[ai.x]; l0 += a0 * bl; h0 += a0 * bh;
    let a1 = a[ai.y]; l1 += a1 * bl; h1 += a1 * bh;
    let a2 = a[ai.z]; l2 += a2 * bl; h2 += a2 * bh;
    let a3 = a[ai.w]; l3 += a3 * bl; h3 += a3 * bh;
    let a4 = a[aj.x]; l4 += a4 * bl; h4 += a4 * bh;
    let a5 = a[aj.y]; l5 += a5 * bl; h5 += a5 * bh;
    let a6 = a[aj.z]; l6 += a6 * bl; h6 += a6 * bh;
    let a7 = a[aj.w]; l7 += a7 * bl; h7 += a7 * bh;
    ai += ks;
    aj += ks;
    bi += N4;
  }
  var bl = vec4<f32>(0.0);
  var bh = vec4<f32>(0.0);
  if (HAS_BIAS) {
    let col0 = q * 4u;
    bl = vec4<f32>(bias[col0], bias[col0 + 1u], bias[col0 + 2u], bias[col0 + 3u]);
    bh = vec4<f32>(bias[col0 + 4u], bias[col0 + 5u], bias[col0 + 6u], bias[col0 + 7u]);
  }
  let lo = array<vec4<f32>, 8>(epilogue(l0 + bl), epilogue(l1 + bl), epilogue(l2 + bl), epilogue(l3 + bl), epilogue(l4 + bl), epilogue(l5 + bl), epilogue(l6 + bl), epilogue(l7 + bl));
  let hi = array<vec4<f32>, 8>(epilogue(h0 + bh), epilogue(h1 + bh), epilogue(h2 + bh), epilogue(h3 + bh), epilogue(h4 + bh), epilogue(h5 + bh), epilogue(h6 + bh), epilogue(h7 + bh));
  for (var r = 0u; r < 8u; r++) {
    if (row0 + r < params.M) {
      c4[(row0 + r) * N4 + q] = lo[r];
      c4[(row0 + r) * N4 + q + 1u] = hi[r];
    }
  }
}
