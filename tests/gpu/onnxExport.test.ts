// The ONNX export against what the app computes on WebGPU: a LeNet-5 trained on Dawn (`convlab train --save`) and
// cifar-vgg (batchnorm, 'same' padding) on random weights, 100 raw test images each in onnxruntime-node, give the
// WebGPU backend's predict probabilities within 1e-4.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadDataset, openBackend } from '../../src/cli/session.ts';
import { NO_AUGMENT, type Normalization } from '../../src/data/augment.ts';
import { exportOnnx } from '../../src/model/export/index.ts';
import { analyze, presetSpec } from '../../src/model/index.ts';
import { decodeModelFile, type ModelFile } from '../../src/model/modelFile.ts';
import { optimizerConfig } from '../../src/model/optimizers.ts';
import { trainingPlan } from '../../src/model/plan.ts';
import { backendProbabilities, maxAbsDifference, onnxProbabilities, randomValues } from '../unit/exportHelpers.ts';
import { gpuAvailable } from './helpers.ts';

const IMAGES = 100;
const dir = mkdtempSync(join(tmpdir(), 'convlab-onnx-gpu-'));

async function compareOnGpu(file: ModelFile, norm: Normalization, dataset: 'mnist' | 'cifar10'): Promise<number> {
  const data = await loadDataset(dataset);
  const shape: [number, number, number] = [data.height, data.width, data.channels];
  const images = data.test.images.subarray(0, IMAGES * shape[0] * shape[1] * shape[2]);
  const onnx = await onnxProbabilities(exportOnnx(file), images, IMAGES, shape);
  const plan = trainingPlan(analyze(file.spec));
  const opened = await openBackend('webgpu', { plan, batchSize: 1, optimizer: optimizerConfig({ kind: 'sgd' }), seed: 0, initial: file.values });
  try {
    const one = { images: images.subarray(0, shape[0] * shape[1] * shape[2]), labels: new Uint8Array(1), count: 1 };
    await opened.backend.setData({ train: one, test: one, validation: new Uint32Array(0), norm, augment: NO_AUGMENT });
    return maxAbsDifference(onnx.probs, await backendProbabilities(opened.backend, images, IMAGES));
  } finally {
    opened.close();
  }
}

describe.skipIf(!gpuAvailable)('ONNX export vs the WebGPU backend', () => {
  it('a LeNet-5 trained on Dawn', async () => {
    const model = join(dir, 'lenet.safetensors');
    const out: string[] = [];
    const status = await main(['node', 'convlab', 'train', 'lenet5-mnist', '--dataset', 'mnist', '--steps', '40', '--limit', '4000', '--test-limit', '100', '--json', '--save', model], { out: (t) => out.push(t), err: () => {} });
    expect(status).toBe(0);
    expect((JSON.parse(out[out.length - 1]!) as { testAccuracy: number }).testAccuracy).toBeGreaterThan(0.5);
    const file = decodeModelFile(readFileSync(model));
    expect(await compareOnGpu(file, file.meta.normalization!, 'mnist')).toBeLessThanOrEqual(1e-4);
  }, 180_000);

  it('cifar-vgg on random weights (batchnorm with non-trivial running statistics)', async () => {
    const spec = presetSpec('cifar-vgg');
    const norm = { mean: [125.3, 123, 113.9], std: [63, 62.1, 66.7] };
    const file = { spec: analyze(spec).spec!, values: randomValues(spec, 5), meta: { normalization: norm } };
    expect(await compareOnGpu(file, norm, 'cifar10')).toBeLessThanOrEqual(1e-4);
  }, 180_000);
});
