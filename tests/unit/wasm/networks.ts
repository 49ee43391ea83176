// Networks and data the wasm suites share (no vitest import, so relaxedProbe.ts can use them in a plain Node).
import { channelStats, NO_AUGMENT } from '../../../src/data/augment.ts';
import type { BackendData } from '../../../src/engine/backend.ts';
import type { NetworkSpec } from '../../../src/model/index.ts';
import { seededRandom } from '../../../src/model/random.ts';

/** Every kind of layer: trainable, stateful, pooling of each kind, dropout, every activation, an inner softmax. */
export const EVERY_KIND: NetworkSpec = {
  input: { height: 9, width: 9, channels: 2 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1, useBias: false },
    { type: 'batchnorm' },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'conv2d', filters: 6, kernelSize: 1 },
    { type: 'leakyrelu', alpha: 0.1 },
    { type: 'maxpool2d', poolSize: 2, stride: 1 },
    { type: 'conv2d', filters: 6, kernelSize: 3, stride: 1, padding: 'same', groups: 2 },
    { type: 'elu' },
    { type: 'l2pool2d', poolSize: 2, stride: 1 },
    { type: 'sigmoid' },
    { type: 'avgpool2d', poolSize: 2, padding: 1 },
    { type: 'dropout', rate: 0.25 },
    { type: 'conv2d', filters: 5, kernelSize: 1, stride: 2, dilation: 1 },
    { type: 'globalavgpool' },
    { type: 'flatten' },
    { type: 'dense', units: 7 },
    { type: 'tanh' },
    { type: 'softmax' },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
};

export function syntheticData(shape: [number, number, number], count: number, classes: number, seed: number): BackendData & { all: Uint32Array } {
  const random = seededRandom(seed);
  const size = shape[0] * shape[1] * shape[2];
  const images = Uint8Array.from({ length: count * size }, () => Math.floor(random() * 256));
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * classes));
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const set = { images, labels, count };
  return { train: set, test: set, validation: Uint32Array.from([2, 5, 7]), norm: channelStats(images, shape, all), augment: NO_AUGMENT, all };
}

