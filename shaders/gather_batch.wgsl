// gather_batch.wgsl: assembles one training/evaluation batch from the dataset bytes resident on the GPU:
// gathers examples by index, converts uint8 pixels to float, normalises per channel and (when training) augments
// with a random shift (zero fill), a horizontal flip and Gaussian noise. src/data/augment.ts is the CPU twin and
// states the formulas and RNG counters; every float operation below mirrors it (float32, same order).
//
// Bindings (group 0):
//   0  params : uniform Params (shapes, augmentation, the batch's offset and step, per-channel mean and 1/std)
//   1  images : storage read  array<u32> dataset pixels, NHWC uint8 packed 4 per word, byte i at bits 8·(i%4) of word i/4
//   2  labels : storage read  array<u32> [count]
//   3  order  : storage read  array<u32> [orderLength] example indices of the epoch
//   4  x      : storage rw    array<f32> [batch, H, W, C]
//   5  y      : storage rw    array<u32> [batch]
//
// Dispatch mapping: one invocation per output row (b, h), writing its W·C values channel by channel (per-invocation
// overhead dominates on SwiftShader, so an invocation does a row: the example's shift/flip is drawn once per row, the
// channel's mean and 1/std are read once per channel, each Box–Muller pair serves two neighbouring columns); the
// invocation at h = 0 also writes the label.
// Linear row index r = gid.x + gid.y · rowInvocations (the host splits counts over x and y with workgroups1d);
// dispatchWorkgroups(workgroups1d(batch·H, WG)). Out-of-range order entries are clamped to the last example.

struct Params {
  batch: u32,
  height: u32,
  width: u32,
  count: u32,
  orderLength: u32,
  shift: u32,
  noise: f32,
  seed: u32,
  offset: u32,
  step: u32,
  rowInvocations: u32,
  _pad: u32,
  // Channel c is component c % 4 of element c / 4 (up to 16 channels). These start at byte 48, 16-byte aligned, so the
  // host's flat list of 4-byte fields lays them out as the struct does.
  mean: array<vec4<f32>, 4>,
  invStd: array<vec4<f32>, 4>,
}

override WG: u32 = 64u;
// Specialisation (SwiftShader runs the code of untaken branches with lanes masked off, so what a pipeline does not
// need is compiled out): channels per pixel, and which augmentations run (all false for the evaluation pipeline).
override CHANNELS: u32 = 1u;
override SHIFT: bool = false;
override FLIP: bool = false;
override NOISE: bool = false;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> order: array<u32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<u32>;

// PCG-RXS-M-XS hash and hash3(seed, step, index), as src/model/reference/dropout.ts.
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn hash3(index: u32) -> u32 {
  return pcg(index + pcg(params.step + pcg(params.seed)));
}

// ln(v / 2^24) for v in [1, 2^24]: v = m·2^e exactly with m in [√½, √2], ln m = 2·atanh((m−1)/(m+1)).
fn logUnit(v: u32) -> f32 {
  var e = 31u - countLeadingZeros(v);
  // The 24-bit mantissa (exact); above round(√2·2^23) it is read as half, one binade up.
  let mant = select(v << (23u - e), v >> 1u, e > 23u);
  var scale = 1.0 / 8388608.0;
  if (mant > 11863283u) {
    scale = 1.0 / 16777216.0;
    e += 1u;
  }
  let m = f32(mant) * scale;
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  var p = 0.09090909;
  p = p * s2 + 0.11111111;
  p = p * s2 + 0.14285715;
  p = p * s2 + 0.2;
  p = p * s2 + 0.33333334;
  p = p * s2 + 1.0;
  let lnm = (2.0 * s) * p;
  return lnm + f32(i32(e) - 24) * 0.6931472;
}

// The Box–Muller pair of elements g & ~1 and g | 1 (counters 2^31 | (g & ~1) for u1, 2^31 | g | 1 for u2):
// (R·cos θ, R·sin θ); the even element takes the first, the odd one the second.
fn normalPair(g: u32) -> vec2<f32> {
  let k1 = hash3(0x80000000u | (g & 0xfffffffeu)) >> 8u;
  let k2 = hash3(0x80000000u | g | 1u) >> 8u;
  let radius = sqrt(max(0.0, -2.0 * logUnit(k1 + 1u)));
  // θ = 2π·k2/2^24 = quadrant·π/2 + t with |t| ≤ π/4 (quadrant rounded to nearest; exact in integers).
  let quadrants = (k2 + 0x200000u) >> 22u;
  let t = f32(i32(k2) - i32(quadrants * 0x400000u)) * 3.7450704e-7;
  let t2 = t * t;
  var sp = 2.7557319e-6;
  sp = sp * t2 - 0.0001984127;
  sp = sp * t2 + 0.008333334;
  sp = sp * t2 - 0.16666667;
  sp = sp * t2 + 1.0;
  let sn = t * sp;
  var cs = -2.755732e-7;
  cs = cs * t2 + 0.000024801588;
  cs = cs * t2 - 0.0013888889;
  cs = cs * t2 + 0.041666668;
  cs = cs * t2 - 0.5;
  cs = cs * t2 + 1.0;
  let q = quadrants & 3u;
  var cosSin = vec2<f32>(cs, sn);
  if (q == 1u) {
    cosSin = vec2<f32>(-sn, cs);
  } else if (q == 2u) {
    cosSin = vec2<f32>(-cs, -sn);
  } else if (q == 3u) {
    cosSin = vec2<f32>(sn, -cs);
  }
  return vec2<f32>(radius * cosSin.x, radius * cosSin.y);
}

// Shift in [−shift, shift] from the decision hash at counter k: floor(u·(2·shift+1)) − shift, in integers.
fn shiftOf(k: u32) -> i32 {
  return i32(((hash3(k) >> 8u) * (2u * params.shift + 1u)) >> 24u) - i32(params.shift);
}

fn pixelByte(i: u32) -> u32 {
  return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let H = params.height;
  let W = params.width;
  let C = CHANNELS;
  let r = gid.x + gid.y * params.rowInvocations;
  if (r >= params.batch * H) {
    return;
  }
  let b = r / H;
  let h = r - b * H;
  let slot = params.offset + b;
  let L = params.orderLength;
  let example = min(order[(params.offset % L + b) % L], params.count - 1u);
  if (h == 0u) {
    y[b] = labels[example];
  }

  var sy = 0;
  var sx = 0;
  var flip = false;
  let k = slot * 8u;
  if (SHIFT) {
    sy = shiftOf(k);
    sx = shiftOf(k + 1u);
  }
  if (FLIP) {
    flip = (hash3(k + 2u) >> 31u) == 1u;
  }
  let sh = i32(h) - sy;
  let rowInside = sh >= 0 && sh < i32(H);
  // Clamped so that addresses stay valid when the pixel is outside (its value is then 0).
  let srcRow = (example * H + u32(clamp(sh, 0, i32(H) - 1))) * W;
  let rowElements = W * C;
  let out = r * rowElements;
  // The noise of element (h, w, c) uses RNG index slot·H·W·C + c·H·W + h·W + w (channel-planar, so that Box–Muller
  // partners w, w + 1 are visited in turn below); a pair's second half is kept for its partner.
  let rngRow = slot * (H * W * C) + h * W;
  var pending = 0.0;
  var pendingFor = rngRow - 1u;
  // Channel-outer order: the per-channel constants are read from the uniform block once per row, not per element.
  for (var c = 0u; c < C; c++) {
    let mean = params.mean[c >> 2u][c & 3u];
    let invStd = params.invStd[c >> 2u][c & 3u];
    for (var w = 0u; w < W; w++) {
      let sw = i32(w) - sx;
      let inside = rowInside && sw >= 0 && sw < i32(W);
      let col = u32(clamp(select(sw, i32(W) - 1 - sw, flip), 0, i32(W) - 1));
      let e = w * C + c;
      let value = select(0u, pixelByte((srcRow + col) * C + c), inside);
      var v = (f32(value) - mean) * invStd;
      if (NOISE) {
        let g = rngRow + c * (H * W) + w;
        var z = pending;
        if (g != pendingFor) {
          let pair = normalPair(g);
          z = select(pair.x, pair.y, (g & 1u) == 1u);
          pending = pair.y;
          // Only an even index's partner (g + 1) uses the second half; for odd g this never matches again (g increases).
          pendingFor = g | 1u;
        }
        v = v + params.noise * z;
      }
      x[out + e] = v;
    }
  }
}
