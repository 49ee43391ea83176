// dropout.wgsl: inverted dropout, out[i] = in[i] · mask[i] · scale, mask drawn from a counter-based hash so the
// forward and backward passes (and the CPU reference, src/model/reference/dropout.ts) agree bit for bit.
// The same entry points serve forward (in = x, out = y) and backward (in = dy, out = dx).
//
//   mask[i] = 1  when  (pcg(i + key) >> 8) ≥ threshold,  key = pcg(step + pcg(seed))  (all mod 2³²)
// The reference keeps i when u = (h >> 8) / 2²⁴ ≥ rate; the host passes threshold = ceil(rate · 2²⁴) and the key,
// so the comparison here is exact integer arithmetic. training == 0 makes the kernel an identity copy.
//
// Bindings (group 0):
//   0  params   : uniform Params { count, threshold, scale (f32) = 1 / (1 - rate), key, training (0 / 1) }
//   1  src/src4 : storage read  array<f32> | array<vec4f>   x (forward) or dy (backward)
//   2  dst/dst4 : storage rw    array<f32> | array<vec4f>   y (forward) or dx (backward)
// Each binding has a scalar and a vec4 alias; every entry point statically uses only one of the two.
//
// Elements are handled in chunks of four: chunk i is elements 4i .. 4i + 3. main_vec4 loads and stores a chunk as
// one vec4 (count % 4 == 0); main uses clamped scalar loads and guarded scalar stores (any count; the last chunk
// may hold fewer than four).
// Dispatch mapping: each invocation handles VPT chunks, chunk ((w * VPT + k) * WG + local_invocation_index) for
// k = 0 .. VPT-1, with w = workgroup_id.x + workgroup_id.y * num_workgroups.x; the host dispatches
// ceil(ceil(count / 4) / (WG * VPT)) workgroups, split over y past 65535 (workgroups1d). Chunks past the end stop
// the invocation.

struct Params {
  count: u32,
  threshold: u32,
  scale: f32,
  key: u32,
  training: u32,
}

override WG: u32 = 64u;
// Chunks per invocation: amortises the per-invocation cost, which dominates on SwiftShader.
override VPT: u32 = 16u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst4: array<vec4<f32>>;

// PCG-RXS-M-XS 32-bit hash (Jarzynski & Olano, "Hash Functions for GPU Rendering", 2020), on four lanes at once;
// a copy of pcgHash in src/model/reference/dropout.ts (u32 arithmetic wraps mod 2³² as JavaScript's >>> 0 does).
fn pcg4(v: vec4<u32>) -> vec4<u32> {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> vec4<u32>(28u)) + 4u)) ^ state) * 277803737u;
  return (word >> vec4<u32>(22u)) ^ word;
}

// Which of the four elements i0 .. i0 + 3 are kept.
fn kept(i0: u32) -> vec4<bool> {
  let h = pcg4(vec4<u32>(i0) + vec4<u32>(0u, 1u, 2u, 3u) + params.key);
  return (h >> vec4<u32>(8u)) >= vec4<u32>(params.threshold);
}

// Dropped elements are written as 0 even when the input is inf or NaN (as the reference does).
fn apply(v: vec4<f32>, i0: u32) -> vec4<f32> {
  if (params.training == 0u) {
    return v;
  }
  return select(vec4<f32>(0.0), v * params.scale, kept(i0));
}

// Index of the k-th chunk of four elements of this invocation. Consecutive invocations take consecutive chunks for
// each k (coalesced), and a workgroup covers VPT * WG chunks; workgroups may be split over x and y.
fn chunkIndex(wid: vec3<u32>, groups: vec3<u32>, lid: u32, k: u32) -> u32 {
  return ((wid.x + wid.y * groups.x) * VPT + k) * WG + lid;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = 0u; k < VPT; k++) {
    let i0 = 4u * chunkIndex(wid, groups, lid, k);
    if (i0 >= params.count) {
      return;
    }
    // Loads clamped to the last element stay in bounds without branches; the duplicated lanes are never stored.
    let at = min(vec4<u32>(i0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(params.count - 1u));
    let r = apply(vec4<f32>(src[at.x], src[at.y], src[at.z], src[at.w]), i0);
    dst[i0] = r.x;
    if (i0 + 1u < params.count) {
      dst[i0 + 1u] = r.y;
    }
    if (i0 + 2u < params.count) {
      dst[i0 + 2u] = r.z;
    }
    if (i0 + 3u < params.count) {
      dst[i0 + 3u] = r.w;
    }
  }
}

@compute @workgroup_size(WG)
fn main_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  let n4 = params.count / 4u;
  for (var k = 0u; k < VPT; k++) {
    let i = chunkIndex(wid, groups, lid, k);
    if (i >= n4) {
      return;
    }
    dst4[i] = apply(src4[i], 4u * i);
  }
}
