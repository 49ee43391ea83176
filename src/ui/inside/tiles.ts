// One example's layer output (NHWC, batch 1) as images: a spatial output gives one h x w plane per channel; a flat
// vector (dense, flatten, softmax) gives a single near-square grid of its features, padded with NaN.

export interface Plane {
  width: number;
  height: number;
  /** Row-major, NaN where a grid has no value. */
  values: Float32Array;
}

/** Columns and rows of the most square grid holding n cells (columns >= rows). */
export function gridShape(n: number): { cols: number; rows: number } {
  if (n <= 0) return { cols: 0, rows: 0 };
  const cols = Math.ceil(Math.sqrt(n));
  return { cols, rows: Math.ceil(n / cols) };
}

/** Channel `channel` of an h x w x c NHWC output: plane[y * w + x] = values[(y * w + x) * c + channel]. */
export function channelPlane(values: ArrayLike<number>, shape: readonly [number, number, number], channel: number): Plane {
  const [h, w, c] = shape;
  if (!(channel >= 0 && channel < c)) throw new RangeError(`channel ${channel} does not exist (0 to ${c - 1})`);
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) out[p] = values[p * c + channel]!;
  return { width: w, height: h, values: out };
}

/** A vector of features laid out row by row in a gridShape grid. */
export function vectorPlane(values: ArrayLike<number>): Plane {
  const { cols, rows } = gridShape(values.length);
  const out = new Float32Array(cols * rows).fill(NaN);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return { width: cols, height: rows, values: out };
}

/** Whether a layer output is shown as one feature grid rather than per-channel maps. */
export function isVectorOutput(shape: readonly [number, number, number], flat: boolean): boolean {
  return flat || (shape[0] === 1 && shape[1] === 1);
}

/**
 * The planes to draw for a layer output, at most `limit` of them (the first channels); checks the length so a
 * stale activation (from a network built before the spec changed) is caught rather than drawn scrambled.
 */
export function layerPlanes(values: ArrayLike<number>, shape: readonly [number, number, number], flat: boolean, limit = Infinity): Plane[] {
  const [h, w, c] = shape;
  if (values.length !== h * w * c) throw new RangeError(`expected ${h * w * c} values for a ${h}x${w}x${c} output, got ${values.length}`);
  if (isVectorOutput(shape, flat)) return [vectorPlane(values)];
  const planes: Plane[] = [];
  for (let ch = 0; ch < Math.min(c, limit); ch++) planes.push(channelPlane(values, shape, ch));
  return planes;
}
