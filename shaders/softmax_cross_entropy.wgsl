// softmax_cross_entropy.wgsl: fused softmax + cross-entropy over logits [rows, classes] with u32 labels [rows],
// plus the batch metrics. Two entry points, recorded one after the other in the same compute pass:
//
//   per_row (one invocation per row r):
//     m = max_c z[r, c],  s = Σ_c e^(z[r, c] - m),  p[r, c] = e^(z[r, c] - m) / s
//     rowLoss[r] = m + log(s) - z[r, t]          (logsumexp - logit of the label, never log of a tiny p);
//                  = log1p(o / e_t) with o = Σ_{c≠t} e^(z[r, c] - m), evaluated by its series when o ≪ e_t
//     The label's gradient p_t - 1 is computed as -o / s: for a confident prediction p_t - 1 would cancel to a few
//     bits in float32, while o is summed directly.
//     predictions[r] = argmax_c p[r, c]          (first maximum on ties)
//     dlogits[r, c] = (p[r, c] - [c = t]) / activeRows for r < activeRows, 0 for the other rows (HAS_DLOGITS)
//   reduce (a single invocation):
//     metrics = [Σ_{r < activeRows} rowLoss[r], #{r < activeRows : predictions[r] = labels[r]}, activeRows, 0]
//
// A label t ≥ classes never reads out of bounds: the loss and gradient use the clamped class min(t, classes - 1)
// (so they stay finite and consistent with each other), and the row always counts as wrong.
//
// Bindings (group 0), shared prefix first so the reduce pass binds 1..4 only:
//   0  params      : uniform Params { rows, classes, activeRows }
//   1  labels      : storage read  array<u32> [rows]
//   2  predictions : storage rw    array<u32> [rows]            (written by per_row, read by reduce)
//   3  rowLoss     : storage rw    array<f32> [rows]            (written by per_row, read by reduce)
//   4  logits      : storage read  array<f32> [rows * classes]  (per_row)
//      metrics     : storage rw    array<f32> [4]               (reduce: the same binding number, other entry point)
//   5  probs       : storage rw    array<f32> [rows * classes]  (per_row)
//   6  dlogits     : storage rw    array<f32> [rows * classes]  (per_row; any buffer when !HAS_DLOGITS)
//
// Dispatch mapping: per_row r = gid.x + gid.y * (num_workgroups.x * WG) (the host splits more than 65535
// workgroups over y), rows past the end return; reduce is dispatchWorkgroups(1). No workgroup memory or barriers.

struct Params {
  rows: u32,
  classes: u32,
  activeRows: u32,
}

override WG: u32 = 64u;
override HAS_DLOGITS: bool = true;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> predictions: array<u32>;
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>;
@group(0) @binding(4) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(5) var<storage, read_write> probs: array<f32>;
@group(0) @binding(6) var<storage, read_write> dlogits: array<f32>;

@compute @workgroup_size(WG)
fn per_row(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let r = gid.x + gid.y * groups.x * WG;
  if (r >= params.rows) {
    return;
  }
  let classes = params.classes;
  let base = r * classes;
  let end = base + classes;
  var m = logits[base];
  for (var i = base + 1u; i < end; i++) {
    m = max(m, logits[i]);
  }
  // e^(z - m) is stored on the way so the last pass only scales.
  let label = labels[r];
  let t = min(label, classes - 1u);
  var s = 0.0;
  var others = 0.0;
  for (var i = base; i < end; i++) {
    let e = exp(logits[i] - m);
    probs[i] = e;
    s += e;
    others += select(e, 0.0, i == base + t);
  }
  let et = probs[base + t];
  let ratio = others / et;
  // log1p(ratio) by its series where log(1 + ratio) would round ratio away; the plain form otherwise (and when e_t underflows).
  rowLoss[r] = select(m + log(s) - logits[base + t], ratio * (1.0 - ratio * (0.5 - ratio / 3.0)), et > 0.0 && ratio < 1e-3);

  let inv = 1.0 / s;
  let counted = r < params.activeRows;
  let n = f32(params.activeRows);
  var best = 0u;
  var bestP = -1.0;
  for (var c = 0u; c < classes; c++) {
    let p = probs[base + c] * inv;
    probs[base + c] = p;
    if (p > bestP) {
      best = c;
      bestP = p;
    }
    if (HAS_DLOGITS) {
      let g = select(p, -others * inv, c == t);
      dlogits[base + c] = select(0.0, g / n, counted);
    }
  }
  // best < classes, so a label ≥ classes never matches it in reduce.
  predictions[r] = best;
}

@compute @workgroup_size(1)
fn reduce() {
  var loss = 0.0;
  var correct = 0u;
  let n = min(params.activeRows, params.rows);
  for (var r = 0u; r < n; r++) {
    loss += rowLoss[r];
    correct += select(0u, 1u, predictions[r] == labels[r]);
  }
  metrics[0] = loss;
  metrics[1] = f32(correct);
  metrics[2] = f32(n);
  metrics[3] = 0.0;
}
