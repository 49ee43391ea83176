// activation.wgsl: element-wise activation forward y = f(x) and backward dx = dy · f'(x), f chosen by KIND.
//
//   KIND 0 relu       f = max(0, x)                 f' = x > 0 ? 1 : 0
//   KIND 1 leakyrelu  f = x > 0 ? x : αx            f' = x > 0 ? 1 : α
//   KIND 2 elu        f = x > 0 ? x : α(eˣ - 1)     f' = x > 0 ? 1 : αeˣ
//   KIND 3 tanh       f = tanh(x)                   f' = 1 - y²        (from the forward output y)
//   KIND 4 sigmoid    f = 1 / (1 + e⁻ˣ)             f' = y (1 - y)     (from the forward output y)
// At the kink x = 0 the left derivative is used (as in src/model/reference/activations.ts).
// tanh and sigmoid clamp their argument first so exp never overflows into inf/inf = NaN at large |x|;
// the clamped results are already 1 (or 0) to f32 precision.
//
// Bindings (group 0):
//   0  params      : uniform Params { count, alpha }
//   1  x / x4      : storage read  array<f32> | array<vec4f>  forward input
//   2  y / y4      : storage rw    array<f32> | array<vec4f>  forward output
//      yb / yb4    : storage read  the same binding as the backward entry points see it (read-only there)
//   3  dy / dy4    : storage read  array<f32> | array<vec4f>  (backward only)
//   4  dx / dx4    : storage rw    array<f32> | array<vec4f>  (backward only)
// Each binding has a scalar and a vec4 alias; every entry point statically uses only one of the aliases.
//
// Elements are handled in chunks of four: chunk i is elements 4i .. 4i + 3. forward_vec4 / backward_vec4 load and
// store a chunk as one vec4 (the host picks them when count % 4 == 0); forward / backward use scalar loads with
// indices clamped to the last element and guarded scalar stores (any count; the last chunk may hold fewer than four).
// Dispatch mapping: each invocation handles VPT chunks, chunk ((w * VPT + k) * WG + local_invocation_index) for
// k = 0 .. VPT-1, with w = workgroup_id.x + workgroup_id.y * num_workgroups.x; the host dispatches
// ceil(ceil(count / 4) / (WG * VPT)) workgroups, split over y past 65535 (workgroups1d). Chunks past the end stop
// the invocation.

struct Params {
  count: u32,
  alpha: f32,
}

override WG: u32 = 64u;
override KIND: u32 = 0u;
// Chunks per invocation: amortises the per-invocation cost, which dominates on SwiftShader.
override VPT: u32 = 16u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> y4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> yb: array<f32>;
@group(0) @binding(2) var<storage, read> yb4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx4: array<vec4<f32>>;

// Index of the k-th chunk of four elements of this invocation. Consecutive invocations take consecutive chunks
// for each k (coalesced), and a workgroup covers VPT * WG chunks; workgroups may be split over x and y.
fn chunkIndex(wid: vec3<u32>, groups: vec3<u32>, lid: u32, k: u32) -> u32 {
  return ((wid.x + wid.y * groups.x) * VPT + k) * WG + lid;
}

fn activate(v: vec4<f32>) -> vec4<f32> {
  let positive = v > vec4<f32>(0.0);
  switch KIND {
    case 1u: {
      return select(params.alpha * v, v, positive);
    }
    case 2u: {
      return select(params.alpha * (exp(min(v, vec4<f32>(0.0))) - 1.0), v, positive);
    }
    case 3u: {
      return tanh(clamp(v, vec4<f32>(-15.0), vec4<f32>(15.0)));
    }
    case 4u: {
      return 1.0 / (1.0 + exp(-clamp(v, vec4<f32>(-80.0), vec4<f32>(80.0))));
    }
    default: {
      return max(v, vec4<f32>(0.0));
    }
  }
}

// f'(x), from the forward input v or the forward output o, whichever is exact and cheaper.
fn derivative(v: vec4<f32>, o: vec4<f32>) -> vec4<f32> {
  let positive = v > vec4<f32>(0.0);
  switch KIND {
    case 1u: {
      return select(vec4<f32>(params.alpha), vec4<f32>(1.0), positive);
    }
    case 2u: {
      // From x, not from y + α: that difference loses all precision for very negative x.
      return select(params.alpha * exp(min(v, vec4<f32>(0.0))), vec4<f32>(1.0), positive);
    }
    case 3u: {
      return 1.0 - o * o;
    }
    case 4u: {
      return o * (1.0 - o);
    }
    default: {
      return select(vec4<f32>(0.0), vec4<f32>(1.0), positive);
    }
  }
}

// Indices of chunk elements i0 .. i0 + 3 clamped to the last element: loads stay in bounds without branches (the
// duplicated lanes are computed and never stored).
fn chunkLoads(i0: u32) -> vec4<u32> {
  return min(vec4<u32>(i0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.count - 1u));
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = 0u; k < VPT; k++) {
    let i0 = 4u * chunkIndex(wid, groups, lid, k);
    if (i0 >= params.count) {
      return;
    }
    let at = chunkLoads(i0);
    let r = activate(vec4<f32>(x[at.x], x[at.y], x[at.z], x[at.w]));
    y[i0] = r.x;
    if (i0 + 1u < params.count) {
      y[i0 + 1u] = r.y;
    }
    if (i0 + 2u < params.count) {
      y[i0 + 2u] = r.z;
    }
    if (i0 + 3u < params.count) {
      y[i0 + 3u] = r.w;
    }
  }
}

@compute @workgroup_size(WG)
fn forward_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  let n4 = params.count / 4u;
  for (var k = 0u; k < VPT; k++) {
    let i = chunkIndex(wid, groups, lid, k);
    if (i >= n4) {
      return;
    }
    y4[i] = activate(x4[i]);
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = 0u; k < VPT; k++) {
    let i0 = 4u * chunkIndex(wid, groups, lid, k);
    if (i0 >= params.count) {
      return;
    }
    let at = chunkLoads(i0);
    let v = vec4<f32>(x[at.x], x[at.y], x[at.z], x[at.w]);
    let o = vec4<f32>(yb[at.x], yb[at.y], yb[at.z], yb[at.w]);
    let g = vec4<f32>(dy[at.x], dy[at.y], dy[at.z], dy[at.w]);
    let r = g * derivative(v, o);
    dx[i0] = r.x;
    if (i0 + 1u < params.count) {
      dx[i0 + 1u] = r.y;
    }
    if (i0 + 2u < params.count) {
      dx[i0 + 2u] = r.z;
    }
    if (i0 + 3u < params.count) {
      dx[i0 + 3u] = r.w;
    }
  }
}

@compute @workgroup_size(WG)
fn backward_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  let n4 = params.count / 4u;
  for (var k = 0u; k < VPT; k++) {
    let i = chunkIndex(wid, groups, lid, k);
    if (i >= n4) {
      return;
    }
    dx4[i] = dy4[i] * derivative(x4[i], yb4[i]);
  }
}
