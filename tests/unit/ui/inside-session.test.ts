// The engine call behind the Inside view's filters and histograms: allLayerTensors() gives, from one read, what
// layerTensors() gives layer by layer (run on the CPU backend: plain Node has no navigator.gpu).
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/data/index.ts';
import { EngineSession } from '../../../src/engine/session.ts';

function split(count: number): Dataset['train'] {
  const images = Uint8Array.from({ length: count * 8 * 8 }, (_, i) => (i * 37) % 251);
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 3), count };
}

const spec = {
  name: 'tiny',
  input: { height: 8, width: 8, channels: 1 },
  layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'relu' }, { type: 'batchnorm' }, { type: 'flatten' }, { type: 'dense', units: 3 }, { type: 'softmax' }],
};

describe('EngineSession.allLayerTensors', () => {
  it('lists every layer with parameters, the same as layerTensors, with gradients after a step', async () => {
    const session = new EngineSession();
    session.attachDataset('tiny', { name: 'tiny', classes: ['a', 'b', 'c'], height: 8, width: 8, channels: 1, train: split(40), test: split(10) });
    const info = await session.build(spec, { batchSize: 4, validationSplit: 0 });
    expect(info.backend).toBe('cpu');
    const before = await session.allLayerTensors();
    expect(before.map((l) => l.layerIndex)).toEqual([0, 2, 4]);
    expect(before[0]!.tensors.map((t) => [t.name, t.shape])).toEqual([['weights', [3, 3, 1, 2]], ['bias', [2]]]);
    expect(before[1]!.tensors.map((t) => t.name)).toEqual(['gamma', 'beta', 'runningMean', 'runningVar']);
    expect(before.every((l) => l.tensors.every((t) => t.grads === null))).toBe(true);
    for (const l of before) expect(await session.layerTensors(l.layerIndex)).toEqual(l);

    await session.step();
    const after = await session.allLayerTensors();
    expect(after[2]!.tensors[0]!.grads).not.toBeNull();
    expect(after[2]!.tensors[0]!.values).not.toEqual(before[2]!.tensors[0]!.values);
    expect(after[1]!.tensors.find((t) => t.name === 'runningMean')!.grads).toBeNull();
    for (const l of after) expect(await session.layerTensors(l.layerIndex)).toEqual(l);
    session.destroy();
  });
});
