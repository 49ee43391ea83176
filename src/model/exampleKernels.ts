// Small inputs and classic kernels for the convolution animation: a 7x7 integer grid like the lecture notes'
// worked example, and hand-made filters (Sobel, sharpen, box blur) in [KH, KW, 1] order.

import type { Grid } from './slidingWindow.ts';

/** A 7x7 grid of small integers (0..2), as in the lecture notes' worked example. */
export const EXAMPLE_INPUT: Grid = {
  height: 7,
  width: 7,
  channels: 1,
  values: [
    0, 1, 2, 0, 1, 1, 0,
    2, 2, 0, 1, 0, 2, 1,
    1, 0, 2, 2, 1, 0, 0,
    0, 1, 1, 0, 2, 2, 1,
    2, 0, 0, 1, 1, 0, 2,
    1, 2, 1, 0, 0, 1, 1,
    0, 1, 0, 2, 1, 2, 0,
  ],
};

export interface ClassicKernel {
  id: string;
  label: string;
  /** What the filter responds to, for the caption. */
  note: string;
  kernel: Grid;
}

const k3 = (values: number[]): Grid => ({ height: 3, width: 3, channels: 1, values });

export const CLASSIC_KERNELS: readonly ClassicKernel[] = [
  { id: 'sobel-x', label: 'Sobel x', note: 'responds to vertical edges (left-to-right change)', kernel: k3([-1, 0, 1, -2, 0, 2, -1, 0, 1]) },
  { id: 'sobel-y', label: 'Sobel y', note: 'responds to horizontal edges (top-to-bottom change)', kernel: k3([-1, -2, -1, 0, 0, 0, 1, 2, 1]) },
  { id: 'sharpen', label: 'Sharpen', note: 'boosts a pixel against its neighbours', kernel: k3([0, -1, 0, -1, 5, -1, 0, -1, 0]) },
  { id: 'laplacian', label: 'Laplacian', note: 'responds to edges in every direction', kernel: k3([0, 1, 0, 1, -4, 1, 0, 1, 0]) },
  { id: 'box-blur', label: 'Box blur', note: 'averages the neighbourhood (every weight 1/9)', kernel: k3(Array.from({ length: 9 }, () => 1 / 9)) },
];

/**
 * A kernel of any size with the small integers -1, 0 and 1 (the kind written on a whiteboard), the same every time
 * for the same size; `channels` copies of it for a multi-channel input.
 */
export function integerKernel(height: number, width: number, channels = 1): Grid {
  const values: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) values.push(((y * 2 + x * 1 + c) % 3) - 1);
  return { height, width, channels, values };
}

/** A single-channel kernel repeated over `channels` input channels (a classic filter applied to RGB). */
export function spreadChannels(kernel: Grid, channels: number): Grid {
  if (kernel.channels !== 1) throw new Error(`spreadChannels: expected a 1-channel kernel, got ${kernel.channels}`);
  const values: number[] = [];
  for (let i = 0; i < kernel.height * kernel.width; i++) for (let c = 0; c < channels; c++) values.push(kernel.values[i]! / channels);
  return { height: kernel.height, width: kernel.width, channels, values };
}

/** Filter `filter` of conv weights [KH, KW, C, F] as a [KH, KW, C] grid. */
export function filterOf(weights: ArrayLike<number>, shape: readonly number[], filter: number): Grid {
  const [kh, kw, c, f] = shape as [number, number, number, number];
  if (shape.length !== 4 || weights.length !== kh * kw * c * f) throw new Error(`filterOf: weights of shape [${shape.join(', ')}] hold ${weights.length} values`);
  if (!Number.isInteger(filter) || filter < 0 || filter >= f) throw new RangeError(`filterOf: filter ${filter} is outside 0..${f - 1}`);
  const values: number[] = [];
  for (let i = 0; i < kh * kw * c; i++) values.push(weights[i * f + filter]!);
  return { height: kh, width: kw, channels: c, values };
}
