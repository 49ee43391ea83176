// Training-batch assembly on the CPU: augmentation settings and their validation, per-channel statistics, and the
// CPU twin of shaders/gather_batch.wgsl (gather by index, normalise, augment), equal to the GPU within float rounding.

/*
 * Layout: images are NHWC uint8 (channels interleaved), example n at bytes n·H·W·C ... (n+1)·H·W·C - 1.
 * Example slot b of a batch at `offset`: slot = offset + b (the RNG's example counter, mod 2³²),
 *   example = order[((offset mod L) + b) mod L], L = order.length.
 * Augmentation (training only), decided per example from u32 hashes h_j = hash3(seed, step, slot·8 + j):
 *   sy = ((h_0 >>> 8)·(2·shift + 1)) >>> 24  − shift     (integer in [−shift, shift]; j = 0)
 *   sx = the same from h_1                                (j = 1)
 *   flip = (h_2 >>> 31) = 1                               (probability 1/2; j = 2)
 *   out[h, w] = F[h − sy, w − sx], F[i, j] = img[i, W−1−j] when flipped else img[i, j];
 *   outside the image the pixel is 0 (black, before normalisation, as pad-and-crop with zero padding does).
 * Normalisation: x = (pixel − mean[c]) · (1 / std[c]), all in float32.
 * Noise: x += noise · z, z ~ N(0, 1) by Box–Muller over pairs of elements. Element (h, w, c) has the RNG index
 *   g = slot·H·W·C + c·H·W + h·W + w (mod 2³²; channel-planar so the GPU's channel-outer loop meets partners in turn) and
 *   uses the pair counters 2³¹ | (g with bit 0 cleared) for u₁ and 2³¹ | (g with bit 0 set) for u₂ (the top
 *   bit keeps them apart from the decision counters); the even index takes R·cos θ, the odd one R·sin θ, with
 *   R = √(−2 ln u₁), u₁ = (k₁ + 1)/2²⁴ ∈ (0, 1], θ = 2π·k₂/2²⁴, k = hash >>> 8.
 *   ln, sin and cos are evaluated here by explicit float32 polynomials (not Math.log / Math.cos) so that the WGSL
 *   kernel can run the same operations: the GPU's built-in transcendentals carry errors up to 2⁻¹¹.
 */

import { hash3 } from '../model/reference/dropout.ts';

export interface AugmentConfig {
  /** random translation by up to ±shift pixels per axis, zero fill (≈ pad-and-random-crop) */
  shift: number;
  /** random horizontal flip with probability 0.5 */
  flip: boolean;
  /** std of additive Gaussian noise, in normalised units */
  noise: number;
}

export const NO_AUGMENT: AugmentConfig = Object.freeze({ shift: 0, flip: false, noise: 0 });

/** The largest translation offered (a quarter of a 32-pixel image). */
export const MAX_SHIFT = 8;

/** NO_AUGMENT with the given fields; throws an Error naming the first invalid field. */
export function augmentConfig(partial: Partial<AugmentConfig>): AugmentConfig {
  const a = { ...NO_AUGMENT, ...partial };
  if (!Number.isInteger(a.shift) || a.shift < 0 || a.shift > MAX_SHIFT) throw new Error(`augment.shift must be a whole number of pixels from 0 to ${MAX_SHIFT}, got ${a.shift}`);
  if (typeof a.flip !== 'boolean') throw new Error(`augment.flip must be true or false, got ${String(a.flip)}`);
  if (!(Number.isFinite(a.noise) && a.noise >= 0 && a.noise <= 1)) throw new Error(`augment.noise must be a standard deviation from 0 to 1, got ${a.noise}`);
  return { shift: a.shift, flip: a.flip, noise: a.noise };
}

/** Per-channel statistics in pixel units (0..255). */
export interface Normalization {
  mean: number[];
  std: number[];
}

/** Per-channel mean/std over the given example indices of an NHWC uint8 image array. */
export function channelStats(images: Uint8Array, shape: [number, number, number], indices: ArrayLike<number>): Normalization {
  const [height, width, channels] = shape;
  const per = height * width * channels;
  if (indices.length === 0) throw new Error('channelStats: no examples given');
  // Sums of integers stay exact in doubles far beyond any dataset (2⁵³ / 255² ≈ 1.4·10¹¹ pixels).
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < indices.length; i++) {
    const n = indices[i]!;
    const base = n * per;
    if (!Number.isInteger(n) || n < 0 || base + per > images.length) throw new RangeError(`channelStats: example ${n} is outside the ${Math.floor(images.length / per)} images`);
    for (let p = 0; p < per; p += channels) {
      for (let c = 0; c < channels; c++) {
        const v = images[base + p + c]!;
        sum[c]! += v;
        sumSq[c]! += v * v;
      }
    }
  }
  const pixels = indices.length * height * width;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    const m = sum[c]! / pixels;
    mean.push(m);
    // A constant channel gets std 1 so that normalising it stays finite (it becomes a constant, not NaN).
    const s = Math.sqrt(Math.max(0, sumSq[c]! / pixels - m * m));
    std.push(s > 0 ? s : 1);
  }
  return { mean, std };
}

/** The largest channel count the GPU kernel's uniform block holds. */
export const MAX_NORM_CHANNELS = 16;

/** Float32 mean and reciprocal std per channel, as the GPU kernel receives them; validates the statistics. */
export function normalizationTerms(norm: Normalization, channels: number): { mean: Float32Array; invStd: Float32Array } {
  if (norm.mean.length !== channels || norm.std.length !== channels) {
    throw new Error(`normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${channels} channels`);
  }
  const mean = new Float32Array(channels);
  const invStd = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const m = norm.mean[c]!;
    const s = norm.std[c]!;
    if (!Number.isFinite(m)) throw new Error(`normalisation mean[${c}] is ${m}; it must be finite`);
    if (!(Number.isFinite(s) && s > 0)) throw new Error(`normalisation std[${c}] is ${s}; it must be positive and finite`);
    mean[c] = m;
    invStd[c] = 1 / s;
  }
  return { mean, invStd };
}

const f = Math.fround;
const TWO_PI_OVER_2_24 = f(3.7450704e-7);
const LN2 = f(0.6931472);
/** round(√2 · 2²³): mantissas above it are halved so that ln's argument lies in [√½, √2]. */
const SQRT2_MANTISSA = 11863283;

/** ln(v / 2²⁴) for an integer v in [1, 2²⁴], in float32 arithmetic: v = m·2^e exactly, ln m = 2·atanh((m−1)/(m+1)). */
function logUnit(v: number): number {
  let e = 31 - Math.clz32(v);
  const mant = v * 2 ** (23 - e); // integer in [2²³, 2²⁴): exact
  let scale = 2 ** -23;
  if (mant > SQRT2_MANTISSA) {
    scale = 2 ** -24;
    e += 1;
  }
  const m = f(mant * scale);
  const s = f(f(m - 1) / f(m + 1));
  const s2 = f(s * s);
  let p = f(0.09090909);
  p = f(f(p * s2) + f(0.11111111));
  p = f(f(p * s2) + f(0.14285715));
  p = f(f(p * s2) + f(0.2));
  p = f(f(p * s2) + f(0.33333334));
  p = f(f(p * s2) + 1);
  const lnm = f(f(2 * s) * p);
  return f(lnm + f((e - 24) * LN2));
}

/** [cos x, sin x] for |x| ≤ π/4 by Taylor polynomials in float32 (truncation error < 2·10⁻⁹). */
function cosSin(x: number): [number, number] {
  const x2 = f(x * x);
  let s = f(2.7557319e-6);
  s = f(f(s * x2) - f(0.0001984127));
  s = f(f(s * x2) + f(0.008333334));
  s = f(f(s * x2) - f(0.16666667));
  s = f(f(s * x2) + 1);
  let c = f(-2.755732e-7);
  c = f(f(c * x2) + f(0.000024801588));
  c = f(f(c * x2) - f(0.0013888889));
  c = f(f(c * x2) + f(0.041666668));
  c = f(f(c * x2) - 0.5);
  c = f(f(c * x2) + 1);
  return [c, f(x * s)];
}

/** The standard normal draw of element `index` (see the header): one half of a Box–Muller pair, in float32. */
export function normalNoise(seed: number, step: number, index: number): number {
  const g = index >>> 0;
  const k1 = hash3(seed, step, (0x80000000 | (g & 0xfffffffe)) >>> 0) >>> 8;
  const k2 = hash3(seed, step, (0x80000000 | g | 1) >>> 0) >>> 8;
  const radius = f(Math.sqrt(Math.max(0, f(-2 * logUnit(k1 + 1)))));
  // θ = 2π·k₂/2²⁴ = quadrant·π/2 + x with the quadrant rounded to nearest, so |x| ≤ π/4; the split is exact in integers.
  const quadrants = (k2 + 0x200000) >>> 22;
  const x = f((k2 - quadrants * 0x400000) * TWO_PI_OVER_2_24);
  const [c, s] = cosSin(x);
  const q = quadrants & 3;
  const cos = q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s;
  const sin = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
  return f(radius * ((g & 1) === 0 ? cos : sin));
}

/** The per-example augmentation decisions of batch slot `slot` (offset + b) at `step`. */
export function exampleTransform(augment: AugmentConfig, seed: number, step: number, slot: number): { sy: number; sx: number; flip: boolean } {
  const k = Math.imul(slot >>> 0, 8) >>> 0;
  const span = 2 * augment.shift + 1;
  const shiftOf = (j: number): number => (augment.shift > 0 ? Math.floor(((hash3(seed, step, (k + j) >>> 0) >>> 8) * span) / 2 ** 24) - augment.shift : 0);
  return { sy: shiftOf(0), sx: shiftOf(1), flip: augment.flip && hash3(seed, step, (k + 2) >>> 0) >>> 31 === 1 };
}

/** CPU twin of the GPU gather: x[b,h,w,c] = (pixel - mean[c]) / std[c] of example order[offset + b] (wrapping modulo order.length), augmented when training. Labels gathered the same way. */
export function gatherBatch(a: {
  images: Uint8Array;
  labels: ArrayLike<number>;
  shape: [number, number, number];
  order: ArrayLike<number>;
  offset: number;
  batch: number;
  norm: Normalization;
  augment: AugmentConfig;
  seed: number;
  step: number;
  training: boolean;
}): { x: Float32Array; y: Uint32Array } {
  const [H, W, C] = a.shape;
  const hw = H * W;
  const per = hw * C;
  const count = Math.floor(a.images.length / per);
  const L = a.order.length;
  if (!(Number.isInteger(a.batch) && a.batch >= 1)) throw new Error(`gatherBatch: batch ${a.batch} must be a positive integer`);
  if (L === 0) throw new Error('gatherBatch: the order is empty');
  if (!Number.isInteger(a.offset) || a.offset < 0 || a.offset > 0xffffffff) throw new Error(`gatherBatch: offset ${a.offset} must be a u32`);
  const { mean, invStd } = normalizationTerms(a.norm, C);
  const augment = augmentConfig(a.augment);
  const x = new Float32Array(a.batch * per);
  const y = new Uint32Array(a.batch);
  for (let b = 0; b < a.batch; b++) {
    const slot = (a.offset + b) >>> 0;
    const example = a.order[((a.offset % L) + b) % L]!;
    if (!(Number.isInteger(example) && example >= 0 && example < count)) throw new RangeError(`gatherBatch: order entry ${example} is outside the ${count} examples`);
    y[b] = a.labels[example]!;
    const t = a.training ? exampleTransform(augment, a.seed, a.step, slot) : { sy: 0, sx: 0, flip: false };
    const noisy = a.training && augment.noise > 0;
    const noise = f(augment.noise);
    const slotBase = Math.imul(slot, per) >>> 0;
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        const sh = h - t.sy;
        const sw = w - t.sx;
        const inside = sh >= 0 && sh < H && sw >= 0 && sw < W;
        const src = ((example * H + sh) * W + (t.flip ? W - 1 - sw : sw)) * C;
        const pixelIndex = h * W + w;
        for (let c = 0; c < C; c++) {
          const pixel = inside ? a.images[src + c]! : 0;
          let v = f(f(pixel - mean[c]!) * invStd[c]!);
          if (noisy) v = f(v + f(noise * normalNoise(a.seed, a.step, (slotBase + c * hw + pixelIndex) >>> 0)));
          x[b * per + pixelIndex * C + c] = v;
        }
      }
    }
  }
  return { x, y };
}
