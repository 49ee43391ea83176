// optimizer.wgsl: one optimizer step in place over params[0, count): sgd, momentum, nesterov, adagrad, rmsprop,
// adam, adamw (the KIND override, an index into OPTIMIZER_KINDS). The update rules, their sources, and the float32
// operation order this shader shares with the CPU reference are in src/model/reference/optimizers.ts.
//
// Bindings (group 0):
//   0  params  : uniform Params (below); every derived scalar (1−β, 1−lr·λ, 1/(1−β^t)) is computed on the host
//   1  p / p4  : storage rw    array<f32> | array<vec4f>   parameters θ, updated in place
//   2  g / g4  : storage read  array<f32> | array<vec4f>   gradients
//   3  a / a4  : storage rw    array<f32> | array<vec4f>   state slot 0: v (momentum, nesterov), r (adagrad, rmsprop), s (adam)
//   4  b / b4  : storage rw    array<f32> | array<vec4f>   state slot 1: r (adam)
// Every binding is bound for every kind (one layout); the host binds small placeholders for unused slots, which the
// shader never reads or writes. Each binding has a scalar and a vec4 alias; each entry point uses only one.
//
// Each invocation handles the four elements 4i .. 4i + 3: main_vec4 with vec4 loads/stores (count % 4 == 0), main
// with guarded scalar loads/stores (any count; the last invocation may own fewer than four, its idle lanes compute
// on zeros and are never stored).
// Dispatch mapping: linear invocation i = gid.x + gid.y * (num_workgroups.x * WG) (the host splits more than
// 65535 workgroups over y with workgroups1d), ceil(count / 4) invocations; those past the end return.

struct Params {
  count: u32,
  // λ of the L2 form g ← g + λθ (0 for adamw)
  l2: f32,
  momentum: f32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  rho: f32,
  oneMinusRho: f32,
  epsilon: f32,
  // Rewritten before every step: the scheduled learning rate, adamw's 1 − lr·λ, 1/(1−β1^t), 1/(1−β2^t).
  lr: f32,
  decay: f32,
  correction1: f32,
  correction2: f32,
}

const SGD = 0u;
const MOMENTUM = 1u;
const NESTEROV = 2u;
const ADAGRAD = 3u;
const RMSPROP = 4u;
const ADAM = 5u;
const ADAMW = 6u;

override KIND: u32 = 0u;
override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> p: array<f32>;
@group(0) @binding(1) var<storage, read_write> p4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read> g4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> a: array<f32>;
@group(0) @binding(3) var<storage, read_write> a4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> b4: array<vec4<f32>>;

// How many state slots KIND reads and writes (optimizerStateSlots in src/model/optimizers.ts).
fn slots() -> u32 {
  if (KIND == SGD) {
    return 0u;
  }
  if (KIND == ADAM || KIND == ADAMW) {
    return 2u;
  }
  return 1u;
}

struct Updated {
  p: vec4<f32>,
  a: vec4<f32>,
  b: vec4<f32>,
}

// The update of four elements: parameters p0, gradients g0, state slots a0, b0 → new parameters and state.
fn update(p0: vec4<f32>, g0: vec4<f32>, a0: vec4<f32>, b0: vec4<f32>) -> Updated {
  var th = p0;
  var gr = g0;
  if (KIND == ADAMW) {
    th = th * params.decay;
  } else {
    gr = gr + params.l2 * th;
  }
  if (KIND == SGD) {
    return Updated(th - params.lr * gr, a0, b0);
  }
  if (KIND == MOMENTUM) {
    let v = params.momentum * a0 - params.lr * gr;
    return Updated(th + v, v, b0);
  }
  if (KIND == NESTEROV) {
    let lg = params.lr * gr;
    let v = params.momentum * a0 - lg;
    return Updated((th + params.momentum * v) - lg, v, b0);
  }
  if (KIND == ADAGRAD) {
    let r = a0 + gr * gr;
    return Updated(th - (params.lr * gr) / (params.epsilon + sqrt(r)), r, b0);
  }
  if (KIND == RMSPROP) {
    let r = params.rho * a0 + params.oneMinusRho * (gr * gr);
    return Updated(th - (params.lr * gr) / (params.epsilon + sqrt(r)), r, b0);
  }
  // ADAM, ADAMW
  let s = params.beta1 * a0 + params.oneMinusBeta1 * gr;
  let r = params.beta2 * b0 + params.oneMinusBeta2 * (gr * gr);
  return Updated(th - (params.lr * (s * params.correction1)) / (sqrt(r * params.correction2) + params.epsilon), s, r);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i0 = 4u * (gid.x + gid.y * groups.x * WG);
  if (i0 >= params.count) {
    return;
  }
  let n = min(params.count - i0, 4u);
  var pv = vec4<f32>(0.0);
  var gv = vec4<f32>(0.0);
  var av = vec4<f32>(0.0);
  var bv = vec4<f32>(0.0);
  for (var k = 0u; k < n; k++) {
    pv[k] = p[i0 + k];
    gv[k] = g[i0 + k];
    if (slots() >= 1u) {
      av[k] = a[i0 + k];
    }
    if (slots() >= 2u) {
      bv[k] = b[i0 + k];
    }
  }
  let u = update(pv, gv, av, bv);
  for (var k = 0u; k < n; k++) {
    p[i0 + k] = u.p[k];
    if (slots() >= 1u) {
      a[i0 + k] = u.a[k];
    }
    if (slots() >= 2u) {
      b[i0 + k] = u.b[k];
    }
  }
}

@compute @workgroup_size(WG)
fn main_vec4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= params.count / 4u) {
    return;
  }
  var av = vec4<f32>(0.0);
  var bv = vec4<f32>(0.0);
  if (slots() >= 1u) {
    av = a4[i];
  }
  if (slots() >= 2u) {
    bv = b4[i];
  }
  let u = update(p4[i], g4[i], av, bv);
  p4[i] = u.p;
  if (slots() >= 1u) {
    a4[i] = u.a;
  }
  if (slots() >= 2u) {
    b4[i] = u.b;
  }
}
