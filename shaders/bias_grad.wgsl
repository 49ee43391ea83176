// bias_grad.wgsl: db[c] = Σ_r dy[r, c] for dy [rows, cols] row-major (conv: rows = N·OH·OW, cols = F;
// dense: rows = batch, cols = units), as conv2dBackwardBias / denseBackwardBias in src/model/reference/.
// Every db element is written.
//
// Bindings (group 0):
//   0  params     : uniform Params { rows, cols, lanes }
//   1  dy / dy4   : storage read  array<f32> | array<vec4f>   [rows, cols]
//   2  db / db4   : storage rw    array<f32> | array<vec4f>   [cols]
// Each entry point statically uses only one alias of each binding.
//
// Entry points (the host picks one); each invocation owns 4 consecutive columns and loops over all rows, with two
// accumulators (even and odd rows) so consecutive adds do not wait on each other:
//   main_vec4  cols % 4 == 0: vec4 loads and store
//   main       any cols: columns past cols are clamped for loads and never stored
//
// Dispatch mapping: invocation gid.x owns columns 4·gid.x .. 4·gid.x+3; lanes = ceil(cols/4);
// dispatchWorkgroups(ceil(lanes / WG)) (cols is small: units or filters).

struct Params {
  rows: u32,
  cols: u32,
  /** ceil(cols/4). */
  lanes: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> db: array<f32>;
@group(0) @binding(2) var<storage, read_write> db4: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>) {
  let lanes = params.lanes;
  if (gid.x >= lanes) {
    return;
  }
  var even = vec4<f32>(0.0);
  var odd = vec4<f32>(0.0);
  var i = gid.x;
  let pairs = params.rows / 2u;
  for (var r = 0u; r < pairs; r++) {
    even += dy4[i];
    odd += dy4[i + lanes];
    i += 2u * lanes;
  }
  if (params.rows % 2u == 1u) {
    even += dy4[i];
  }
  db4[gid.x] = even + odd;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c0 = gid.x * 4u;
  if (gid.x >= params.lanes) {
    return;
  }
  let cols = params.cols;
  var i = min(vec4<u32>(c0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(cols - 1u));
  var even = vec4<f32>(0.0);
  var odd = vec4<f32>(0.0);
  let pairs = params.rows / 2u;
  for (var r = 0u; r < pairs; r++) {
    even += vec4<f32>(dy[i.x], dy[i.y], dy[i.z], dy[i.w]);
    let k = i + vec4<u32>(cols);
    odd += vec4<f32>(dy[k.x], dy[k.y], dy[k.z], dy[k.w]);
    i += vec4<u32>(2u * cols);
  }
  if (params.rows % 2u == 1u) {
    even += vec4<f32>(dy[i.x], dy[i.y], dy[i.z], dy[i.w]);
  }
  let s = even + odd;
  for (var j = 0u; j < 4u; j++) {
    if (c0 + j < cols) {
      db[c0 + j] = s[j];
    }
  }
}
