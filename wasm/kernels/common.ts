// Shared helpers of the wasm kernels: argument slots, the part of a range a thread owns, and the multiply-add
// that becomes one fused instruction in the relaxed-SIMD build (ASC_FEATURE_RELAXED_SIMD is a compile-time constant).

/** Argument k (i32) of the block the host wrote at `args`. */
@inline export function argI(args: usize, k: i32): i32 {
  return load<i32>(args + (<usize>k << 2));
}

/** Argument k read as f32 (the host writes floats through a Float32Array over the same slots). */
@inline export function argF(args: usize, k: i32): f32 {
  return load<f32>(args + (<usize>k << 2));
}

/** Argument k as a byte address. */
@inline export function argP(args: usize, k: i32): usize {
  return <usize>load<u32>(args + (<usize>k << 2));
}

/** First index of part `part` of `parts` equal slices of [0, total). */
@inline export function partStart(total: i32, part: i32, parts: i32): i32 {
  return <i32>((<i64>total * <i64>part) / <i64>parts);
}

/** a·b + c per lane: fused (one rounding) with relaxed SIMD, a multiply then an add otherwise. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Stores the first `n` (1..4) lanes of v at p. */
@inline export function storeLanes(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** PCG-RXS-M-XS 32-bit hash, as src/model/reference/dropout.ts. */
@inline export function pcgHash(v: u32): u32 {
  const state: u32 = v * 747796405 + 2891336453;
  const word: u32 = ((state >> ((state >> 28) + 4)) ^ state) * 277803737;
  return (word >> 22) ^ word;
}

/** hash3(seed, step, index) of the reference. */
@inline export function hash3(seed: u32, step: u32, index: u32): u32 {
  return pcgHash(index + pcgHash(step + pcgHash(seed)));
}
