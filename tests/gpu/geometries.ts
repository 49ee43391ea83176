// The geometry tables every convolution and pooling kernel suite runs: the WGSL kernels (tests/gpu/) and the wasm
// kernels (tests/unit/wasm/) against the CPU reference on the same cases.
import type { WindowOptions } from '../../src/model/reference/tensor.ts';

export interface ConvCase extends WindowOptions {
  name: string;
  filters: number;
  batch: number;
}

export const CONV_CASES: ConvCase[] = [
  { name: '1x1 kernel', input: [5, 6, 8], filters: 12, kernel: 1, batch: 2 },
  { name: '3x3 pad 1, C=3', input: [7, 9, 3], filters: 8, kernel: 3, padding: 1, batch: 3 },
  { name: '5x5 pad 2, C=1 F=6 (LeNet conv1)', input: [8, 8, 1], filters: 6, kernel: 5, padding: 2, batch: 2 },
  { name: '3x3 stride 2 pad 1', input: [9, 7, 4], filters: 4, kernel: 3, stride: 2, padding: 1, batch: 1 },
  { name: '4x4 stride 3 pad [1,2], odd C and F', input: [11, 10, 5], filters: 7, kernel: 4, stride: 3, padding: [1, 2], batch: 2 },
  { name: 'asymmetric kernel/stride/pad/dilation', input: [10, 12, 6], filters: 10, kernel: [3, 5], stride: [2, 1], padding: [1, 2], dilation: [1, 2], batch: 2 },
  { name: 'dilation 2 pad 2', input: [9, 9, 8], filters: 16, kernel: 3, padding: 2, dilation: 2, batch: 1 },
  { name: 'groups 2, Cg=Fg=4', input: [6, 7, 8], filters: 8, kernel: 3, padding: 1, groups: 2, batch: 2 },
  { name: 'groups 3, Cg=2 Fg=3', input: [7, 6, 6], filters: 9, kernel: 3, groups: 3, batch: 2 },
  { name: 'groups 2, Cg=3 Fg=4', input: [5, 5, 6], filters: 8, kernel: 3, padding: 1, groups: 2, batch: 3 },
  { name: 'groups 2 stride 2, Cg=Fg=8', input: [6, 6, 16], filters: 16, kernel: 3, stride: 2, padding: 1, groups: 2, batch: 1 },
  { name: 'depthwise 3x3 pad 1', input: [8, 9, 8], filters: 8, kernel: 3, padding: 1, groups: 8, batch: 2 },
  { name: 'depthwise stride 2, C=5', input: [7, 7, 5], filters: 5, kernel: 3, stride: 2, padding: 1, groups: 5, batch: 1 },
  { name: 'depthwise multiplier 2', input: [6, 6, 4], filters: 8, kernel: 3, groups: 4, batch: 2 },
  { name: '5x5 C=6 F=16 (LeNet conv2)', input: [14, 14, 6], filters: 16, kernel: 5, batch: 3 },
  { name: 'kernel larger than input', input: [3, 3, 2], filters: 4, kernel: 5, padding: 2, batch: 2 },
  { name: 'stride 3 > kernel 2 (uncovered inputs)', input: [9, 9, 4], filters: 4, kernel: 2, stride: 3, batch: 2 },
  { name: 'stride wider than the image', input: [2, 2, 4], filters: 8, kernel: 1, stride: 3, batch: 3 },
  { name: 'C=16 F=12 3x3 pad 1', input: [5, 7, 16], filters: 12, kernel: 3, padding: 1, batch: 2 },
  { name: 'C=1 F=8 (one channel per step)', input: [6, 5, 1], filters: 8, kernel: 3, padding: 1, batch: 2 },
  { name: 'C=10 F=4 stride 2 (two channels per step)', input: [7, 6, 10], filters: 4, kernel: 3, stride: 2, padding: 1, batch: 2 },
  { name: 'C=2 F=8 (two channels per step, 8 filters)', input: [6, 7, 2], filters: 8, kernel: 3, padding: 1, batch: 3 },
  { name: 'C=13 F=8 (16-channel dx tile, 3 channels clamped)', input: [5, 6, 13], filters: 8, kernel: 3, padding: 1, batch: 2 },
  { name: 'RGB F=16 3x3 pad 1 (16-filter channel steps, tap-row dW)', input: [7, 9, 3], filters: 16, kernel: 3, padding: 1, batch: 3 },
  { name: 'RGB F=32 5x5 stride 2 pad [2,1] dilation [1,2]', input: [11, 13, 3], filters: 32, kernel: 5, stride: 2, padding: [2, 1], dilation: [1, 2], batch: 2 },
  { name: 'groups 2, Cg=Fg=16, stride 2 pad 1 (16x16 dW tile)', input: [7, 6, 32], filters: 32, kernel: 3, stride: 2, padding: 1, groups: 2, batch: 3 },
  { name: 'C=28 F=8 (32-channel dx tile, 4 channels clamped)', input: [5, 6, 28], filters: 8, kernel: 3, padding: 1, batch: 2 },
  { name: 'groups 2, Cg=32 Fg=8, stride 2 (32-channel dx tile per group)', input: [6, 5, 64], filters: 16, kernel: 3, stride: 2, padding: 1, groups: 2, batch: 2 },
  { name: 'row of 3 taps: C=8 F=16 pad 1, OW 8', input: [5, 8, 8], filters: 16, kernel: 3, padding: 1, batch: 2 },
  { name: 'row of 3 taps: 5x3 kernel, stride [2,1], dilation [2,1], pad [2,0], F=32', input: [9, 10, 4], filters: 32, kernel: [5, 3], stride: [2, 1], padding: [2, 0], dilation: [2, 1], batch: 2 },
  { name: 'row of 3 taps: pad [1,2] (whole padding columns), OW 8', input: [4, 6, 12], filters: 16, kernel: 3, padding: [1, 2], batch: 3 },
  { name: 'row of 3 taps (dx): C=16 F=8 pad 1, W 8', input: [5, 8, 16], filters: 8, kernel: 3, padding: 1, batch: 2 },
  { name: 'row of 3 taps (dx): 5x3 kernel, dilation [2,1], pad 2, C=32 F=12, W 16', input: [6, 16, 32], filters: 12, kernel: [5, 3], padding: 2, dilation: [2, 1], batch: 2 },
  { name: 'row of 3 taps, scalar channels: RGB F=16 pad 1, OW 16', input: [5, 16, 3], filters: 16, kernel: 3, padding: 1, batch: 2 },
  { name: 'row of 3 taps, scalar channels: C=5 F=32 5x3 stride [2,1] pad [2,0]', input: [7, 10, 5], filters: 32, kernel: [5, 3], stride: [2, 1], padding: [2, 0], batch: 2 },
  { name: 'row of 3 taps (dW): 5x3 stride [2,1] dilation [2,1] pad [2,1], C=8 F=8, OW 16', input: [9, 16, 8], filters: 8, kernel: [5, 3], stride: [2, 1], padding: [2, 1], dilation: [2, 1], batch: 3 },
  { name: 'row of 3 taps (dW): pad [0,2] (whole padding columns), C=16 F=24, OW 8', input: [4, 6, 16], filters: 24, kernel: 3, padding: [0, 2], batch: 3 },
  { name: 'row of 3 taps (dW), scalar channels: C=2 F=16 5x3 stride [2,1] pad [2,3], OW 8', input: [9, 4, 2], filters: 16, kernel: [5, 3], stride: [2, 1], padding: [2, 3], batch: 3 },
  { name: 'row of 3 taps, one channel: C=1 F=16 pad 1, OW 8', input: [6, 8, 1], filters: 16, kernel: 3, padding: 1, batch: 2 },
  { name: 'row of 3 taps, 16 pixels: 5x3 dilation [2,1] pad [2,1], C=4 F=8, OW 16', input: [6, 16, 4], filters: 8, kernel: [5, 3], padding: [2, 1], dilation: [2, 1], batch: 2 },
  { name: 'row of 3 taps, 16 pixels: C=8 F=24 pad 1, OW 32', input: [3, 32, 8], filters: 24, kernel: 3, padding: 1, batch: 2 },
  { name: 'row of 3 taps (dx), 16 pixels: 5x3 dilation [2,1] pad 2, C=24 F=12, W 16', input: [5, 16, 24], filters: 12, kernel: [5, 3], padding: 2, dilation: [2, 1], batch: 2 },
  { name: 'row of 5 taps: C=2 F=10 pad 2, stride [2,1], OW 13 (a partly idle last block, two filter lanes)', input: [9, 13, 2], filters: 10, kernel: 5, stride: [2, 1], padding: 2, batch: 2 },
  { name: 'row of 5 taps: 3x5 kernel, dilation [2,1], pad [2,1], C=3 F=6, OW 9', input: [10, 11, 3], filters: 6, kernel: [3, 5], padding: [2, 1], dilation: [2, 1], batch: 2 },
  { name: 'row of 5 taps (dx): C=6 F=8 pad [1,3], dilation [2,1], W 11 (whole padding columns)', input: [8, 11, 6], filters: 8, kernel: 5, padding: [1, 3], dilation: [2, 1], batch: 2 },
  { name: 'row of 5 taps (dx): C=12 F=4 3x5 pad 1, W 9 (two channel lanes of 6)', input: [6, 9, 12], filters: 4, kernel: [3, 5], padding: 1, batch: 3 },
  { name: 'row of 5 taps (dW), one channel: F=10 stride [2,1] pad [1,3], OW 13 (whole padding columns, a partly idle block)', input: [9, 11, 1], filters: 10, kernel: 5, stride: [2, 1], padding: [1, 3], batch: 3 },
  { name: 'row of 5 taps (dW), one channel: 3x5 dilation [2,1] pad [1,0], F=4, OW 5', input: [7, 9, 1], filters: 4, kernel: [3, 5], dilation: [2, 1], padding: [1, 0], batch: 2 },
  { name: 'row of 5 taps (dW), channel pairs: C=5 F=16 3x5 stride [2,1] dilation [2,1] pad [1,2], OW 13', input: [9, 13, 5], filters: 16, kernel: [3, 5], stride: [2, 1], dilation: [2, 1], padding: [1, 2], batch: 3 },
  { name: 'row of 5 taps (dx): C=7 F=8 pad 2, W 10 (8 channels, one clamped)', input: [6, 10, 7], filters: 8, kernel: 5, padding: 2, batch: 2 },
  { name: 'C=2 F=8 4x4 stride 3 pad 1 (tap-row dW, 4 taps x 2 channels)', input: [10, 9, 2], filters: 8, kernel: 4, stride: 3, padding: 1, batch: 3 },
];

export interface PoolCase extends WindowOptions {
  batch: number;
  /** Input values: seeded uniform in [-1, 1) by default. */
  values?: 'constant' | 'integers';
}

export const POOL_CASES: PoolCase[] = [
  { input: [8, 8, 4], kernel: 2, stride: 2, batch: 1 },
  { input: [6, 10, 8], kernel: 2, stride: 2, batch: 3 },
  { input: [7, 9, 4], kernel: 2, stride: 2, batch: 3 },
  { input: [7, 9, 3], kernel: 2, stride: 2, batch: 1 },
  // LeNet's 6 channels: all channels of a pixel per invocation (maxpool2x2, maxgrad2x2).
  { input: [6, 8, 6], kernel: 2, stride: 2, batch: 3 },
  { input: [9, 9, 8], kernel: 3, stride: 2, batch: 3 },
  { input: [7, 9, 6], kernel: 3, stride: 2, batch: 1 },
  { input: [9, 9, 1], kernel: 3, stride: 3, batch: 3 },
  { input: [7, 9, 4], kernel: 3, stride: 3, batch: 1 },
  { input: [7, 9, 8], kernel: 3, stride: 2, padding: 1, batch: 3 },
  { input: [8, 8, 3], kernel: 3, stride: 1, padding: 1, batch: 1 },
  { input: [8, 8, 4], kernel: 2, stride: 2, padding: 1, batch: 1 },
  { input: [10, 7, 4], kernel: [3, 2], stride: [2, 1], padding: [1, 0], batch: 3 },
  { input: [9, 11, 6], kernel: [2, 3], stride: [3, 2], batch: 1 },
  { input: [9, 9, 4], kernel: 2, stride: 1, dilation: 2, batch: 1 },
  { input: [11, 10, 3], kernel: 3, stride: 2, dilation: [2, 1], padding: 1, batch: 3 },
  { input: [10, 9, 4], kernel: 2, stride: 3, dilation: 2, batch: 3 },
  { input: [9, 10, 6], kernel: [2, 3], stride: [3, 3], dilation: [2, 1], padding: [1, 0], batch: 1 },
  // Windows made only of padding: argmax -1, y 0, nothing routed back.
  { input: [4, 4, 4], kernel: 2, stride: 2, padding: 2, batch: 1 },
  { input: [4, 5, 1], kernel: 2, stride: 2, padding: 2, batch: 3 },
  // Ties: the first maximum in window scan order must win, as in the reference.
  { input: [6, 6, 4], kernel: 2, stride: 2, batch: 3, values: 'constant' },
  { input: [7, 7, 3], kernel: 3, stride: 2, padding: 1, batch: 1, values: 'constant' },
  { input: [9, 9, 8], kernel: 3, stride: 2, batch: 3, values: 'integers' },
  { input: [8, 9, 6], kernel: 3, stride: 1, padding: 1, batch: 1, values: 'integers' },
  { input: [8, 8, 4], kernel: 2, stride: 2, batch: 3, values: 'integers' },
  { input: [4, 6, 6], kernel: 2, stride: 2, batch: 3, values: 'integers' },
  { input: [4, 4, 5], kernel: 2, stride: 2, batch: 1, values: 'constant' },
];
