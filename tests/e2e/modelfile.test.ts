// Model files in the app, in headless Chromium with WebGPU on SwiftShader: save a trained LeNet-5, load its weights
// back (the test predictions come back the same), refuse a truncated file and another architecture's file without
// touching the network, open a file as a new network, export ONNX / PyTorch / Keras, and profile a step.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { decodeModelFile } from '../../src/model/modelFile.ts';
import { chooseEngine, screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

usePage('file', (s) => void ({ page, errors } = s), { acceptDownloads: true });

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const stepDone = async () => Number((await text('progress-step')).split('/')[0]!.replace(/,/g, '').trim() || '0');

async function menuDownload(button: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: button }).click()]);
  const path = join(tmpdir(), `convlab-e2e-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return readFileSync(path);
}

const note = () => text('model-note').catch(() => '');

async function loadInto(testId: string, name: string, bytes: Buffer): Promise<string> {
  const before = await note();
  await page.getByTestId(testId).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await expect.poll(note, { timeout: 120_000 }).not.toBe(before);
  await expect.poll(note, { timeout: 120_000 }).not.toBe('');
  return note();
}

describe('model files in the app', () => {
  it('saves, loads back, refuses bad files, opens and exports', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('network-name').waitFor();
    await page.getByTestId('tab-train').click();
    // The profile below measures GPU time: the WebGPU engine, asked for.
    await chooseEngine(page, 'webgpu');
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('30');
    await page.getByTestId('batch-size').fill('32');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(stepDone, { timeout: 120_000 }).toBe(30);

    await page.getByTestId('model-button').click();
    const saved = await menuDownload('Save model');
    const file = decodeModelFile(new Uint8Array(saved));
    expect(file.spec.name).toBe('LeNet-5 (MNIST)');
    expect(file.meta.training?.steps).toBe(30);

    // Weights back into the same network.
    expect(await loadInto('load-weights-input', 'lenet.safetensors', saved)).toMatch(/Loaded lenet\.safetensors into the current network \(trained 30 steps/);
    const again = decodeModelFile(new Uint8Array(await menuDownload('Save model')));
    expect(again.values.params).toEqual(file.values.params);

    // A truncated file and a file of another architecture are refused; the network stays.
    expect(await loadInto('load-weights-input', 'cut.safetensors', saved.subarray(0, 200))).toMatch(/cut\.safetensors .*(truncated|damaged).*unchanged/);
    expect(await text('train-network')).toMatch(/^LeNet-5 \(MNIST\) on /);

    // Exports: ONNX is a protobuf ModelProto (field 1 varint ir_version first), the Python exports name their framework.
    const onnx = await menuDownload('Export ONNX');
    expect(onnx[0]).toBe(0x08);
    expect(onnx.length).toBeGreaterThan(file.values.params.length * 4);
    expect((await menuDownload('Export PyTorch')).toString()).toMatch(/nn\.Sequential/);
    expect((await menuDownload('Export Keras')).toString()).toMatch(/keras/);
    // The PyTorch training script loads the PyTorch export from beside it and carries this run's settings.
    const trainScript = (await menuDownload('PyTorch training script')).toString();
    expect(trainScript).toMatch(/DistributedDataParallel/);
    expect(trainScript).toContain('"lenet-5-mnist_pytorch.py"');
    expect(trainScript).toContain(String.raw`\"steps\":30`);
    await screenshot(page, 'model-menu');

    // Where the time goes: one step profiled per layer, every conv layer listed.
    await page.getByTestId('model-button').click();
    await page.getByRole('button', { name: 'Measure layer times' }).click();
    await expect.poll(() => text('profile-chart'), { timeout: 120_000 }).toMatch(/One step of batch 32: [\d.]+ ms on the GPU/);
    const bars = await page.getByTestId('profile-chart').locator('svg').getAttribute('aria-label');
    expect(bars?.match(/conv2d/g)?.length).toBe(2);
    // Training fuses each conv's ReLU into the conv's forward and the max pool's backward: no time of its own.
    expect(bars?.match(/relu \(fused\) 0\.0 ms/g)?.length).toBe(2);
    await page.getByTestId('profile-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'train-profile');

    // Opening the file as a network replaces a different network with the file's.
    await page.getByLabel('Preset').selectOption('mlp');
    await expect.poll(() => text('train-network')).not.toMatch(/^LeNet-5/);
    await page.getByTestId('model-button').click();
    expect(await loadInto('load-weights-input', 'lenet.safetensors', saved)).toMatch(/does not fit the current network.*unchanged/);
    expect(await loadInto('open-model-input', 'lenet.safetensors', saved)).toMatch(/Loaded lenet\.safetensors: LeNet-5 \(MNIST\) and its weights/);
    expect(await text('train-network')).toMatch(/^LeNet-5 \(MNIST\) on /);
    expect(errors).toEqual([]);
  });
});
