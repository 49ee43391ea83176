// eval_accumulate.wgsl: adds one evaluation batch to running totals: the loss kernel's metrics into `totals`
// and each active row's (label, prediction) into the confusion matrix.
//
// Bindings (group 0):
//   0  params      : uniform Params { rows (active rows), classes }
//   1  predictions : storage read  array<u32> [rows]   (from the loss kernel)
//   2  labels      : storage read  array<u32> [rows]
//   3  metrics     : storage read  array<f32> [4]      (loss sum, correct, rows, 0)
//   4  totals      : storage rw    array<f32> [4]      (+= metrics)
//   5  confusion   : storage rw    array<atomic<u32>> [classes * classes], confusion[label * classes + prediction]
//
// Dispatch: one workgroup of WG invocations; invocation i handles rows i, i + WG, ...; invocation 0 adds the metrics.

struct Params {
  rows: u32,
  classes: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> predictions: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> metrics: array<f32>;
@group(0) @binding(4) var<storage, read_write> totals: array<f32>;
@group(0) @binding(5) var<storage, read_write> confusion: array<atomic<u32>>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  for (var r = lid; r < params.rows; r += WG) {
    let label = labels[r];
    if (label < params.classes) {
      atomicAdd(&confusion[label * params.classes + min(predictions[r], params.classes - 1u)], 1u);
    }
  }
  if (lid == 0u) {
    for (var i = 0u; i < 4u; i++) {
      totals[i] += metrics[i];
    }
  }
}
