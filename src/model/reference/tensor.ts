// Shared helpers for the CPU reference: the float array type every op accepts, allocation of a result of
// the same precision, and building a WindowGeometry from plain numbers (for tests and tools).

import { outputSize, type WindowGeometry } from '../geometry.ts';

/** Float32 for checking GPU kernels; Float64 for finite differences. Accumulation is always in float64. */
export type FloatArray = Float32Array | Float64Array;

/** A zeroed array of length n with the same precision as `like`. */
export function allocLike<T extends FloatArray>(like: T, n: number): T {
  return (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as T;
}

/** The float64 accumulator rounded into an array of `like`'s precision. */
export function fromAccumulator<T extends FloatArray>(like: T, acc: Float64Array): T {
  const out = allocLike(like, acc.length);
  out.set(acc);
  return out;
}

/** Throws when an array does not have the expected length (a wrong shape is a bug in the caller). */
export function expectLength(name: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n) throw new Error(`${name}: expected ${n} values, got ${a.length}`);
}

export interface WindowOptions {
  /** [height, width, channels] of one example. */
  input: [number, number, number];
  kernel: number | [number, number];
  /** Output channels (conv filters); pooling keeps the input channels when left out. */
  filters?: number;
  stride?: number | [number, number];
  padding?: number | [number, number];
  dilation?: number | [number, number];
  groups?: number;
}

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** The window geometry for explicit numbers, with the output size from geometry.ts's formula. */
export function makeWindow(o: WindowOptions): WindowGeometry {
  const kernel = pair(o.kernel);
  const stride = pair(o.stride ?? 1);
  const padding = pair(o.padding ?? 0);
  const dilation = pair(o.dilation ?? 1);
  const groups = o.groups ?? 1;
  const filters = o.filters ?? o.input[2];
  const axis = (i: 0 | 1) => outputSize({ input: o.input[i], kernel: kernel[i], stride: stride[i], padding: padding[i], dilation: dilation[i] });
  return { input: [...o.input], output: [axis(0), axis(1), filters], kernel, stride, padding, dilation, groups };
}
