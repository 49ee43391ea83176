// The acceptance check for ONNX: a LeNet-5 trained on MNIST and a CIFAR-10 net trained briefly (CPU backend,
// through `convlab train --save` and `convlab export`), run in onnxruntime-node on 100 raw test images each, give
// ConvLab's class probabilities (the backend's predict on the saved model) within 1e-4.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadDataset } from '../../src/cli/session.ts';
import { decodeModelFile } from '../../src/model/modelFile.ts';
import { presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { backendProbabilities, cpuBackendFor, maxAbsDifference, onnxProbabilities } from './exportHelpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'convlab-onnx-trained-'));
const IMAGES = 100;

async function cli(args: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out, err };
}

/** Tiny VGG's two conv blocks on CIFAR-10's 32x32 RGB images. */
const CIFAR_NET: NetworkSpec = { ...presetSpec('tiny-vgg'), name: 'Tiny VGG (CIFAR-10)', input: { height: 32, width: 32, channels: 3 } };

describe('ONNX export of trained networks matches ConvLab on 100 test images', () => {
  it.each([
    ['lenet5-mnist', 'mnist', 'lenet5-mnist', ['--steps', '50', '--batch-size', '32', '--limit', '2000'], 0.6],
    ['tiny-vgg on cifar10', 'cifar10', 'cifar-net', ['--steps', '40', '--batch-size', '16', '--limit', '2000', '--lr', '0.003'], 0.15],
  ] as const)('%s', async (_name, dataset, source, training, minAccuracy) => {
    let spec: string = source;
    if (source === 'cifar-net') {
      spec = join(dir, 'cifar-net.json');
      writeFileSync(spec, JSON.stringify(CIFAR_NET));
    }
    const model = join(dir, `${dataset}.safetensors`);
    const onnxFile = join(dir, `${dataset}.onnx`);
    const trained = await cli(['train', spec, '--dataset', dataset, ...training, '--test-limit', `${IMAGES}`, '--backend', 'cpu', '--json', '--save', model]);
    expect(trained.status, trained.err.join('\n')).toBe(0);
    const final = JSON.parse(trained.out[trained.out.length - 1]!) as { testAccuracy: number };
    // Trained, not random: clearly above chance (10%).
    expect(final.testAccuracy).toBeGreaterThan(minAccuracy);
    expect((await cli(['export', model, '--format', 'onnx', '-o', onnxFile])).status).toBe(0);

    const file = decodeModelFile(readFileSync(model));
    const data = await loadDataset(dataset);
    const shape: [number, number, number] = [data.height, data.width, data.channels];
    const images = data.test.images.subarray(0, IMAGES * shape[0] * shape[1] * shape[2]);
    const onnx = await onnxProbabilities(readFileSync(onnxFile), images, IMAGES, shape);
    const backend = await cpuBackendFor(file.spec, file.values, file.meta.normalization!);
    const convlab = await backendProbabilities(backend, images, IMAGES);
    backend.destroy();
    const diff = maxAbsDifference(onnx.probs, convlab);
    expect(diff).toBeLessThanOrEqual(1e-4);
    // The same predictions, and the same accuracy the CLI reported.
    const argmax = (p: ArrayLike<number>) => Array.from(p).indexOf(Math.max(...Array.from(p)));
    const correct = convlab.filter((p, n) => argmax(p) === data.test.labels[n]).length;
    expect(correct / IMAGES).toBeCloseTo(final.testAccuracy, 4);
    console.log(`${dataset}: test accuracy ${final.testAccuracy}, max |onnx - convlab| = ${diff.toExponential(2)}`);
  }, 240_000);
});
