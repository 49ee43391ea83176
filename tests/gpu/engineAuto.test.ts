// The session's engine choice on Dawn (whatever adapter this machine has): `auto` times the engines once per network
// and device on a software adapter and remembers the choice, a run moves between WebGPU and wasm and goes on, and a
// run on wasm outlives a lost GPU device. No test here depends on which engine auto picks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installShaderFiles } from '../../src/cli/nodeGpu.ts';
import { nodeWasmHost } from '../../src/cli/nodeWasm.ts';
import type { Dataset } from '../../src/data/index.ts';
import type { BuildProgress } from '../../src/engine/backend.ts';
import { EngineSession, type TrainSettings } from '../../src/engine/session.ts';
import { presetSpec } from '../../src/model/presets.ts';
import { installNavigatorGpu } from './dawn.ts';
import { gpuAvailable } from './helpers.ts';

function noise(count: number, seed: number): Dataset['train'] {
  let s = seed >>> 0;
  const images = Uint8Array.from({ length: count * 784 }, () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24);
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}
const dataset: Dataset = { name: 'noise', classes: [...'0123456789'], height: 28, width: 28, channels: 1, train: noise(256, 1), test: noise(64, 2) };
const settings: Partial<TrainSettings> = { epochs: 1, batchSize: 16, validationSplit: 0, optimizer: { kind: 'momentum', learningRate: 0.01 } };
const AUTO_REASON = /^auto: (a hardware WebGPU adapter|\d+\.\d× faster than (the software WebGPU adapter|WASM) here)$/;

describe.skipIf(!gpuAvailable)('engine choice on Dawn', () => {
  let restoreGpu: () => void;
  let session: EngineSession;
  beforeAll(() => {
    installShaderFiles();
    restoreGpu = installNavigatorGpu();
    session = new EngineSession();
    session.wasmHost = nodeWasmHost();
    session.attachDataset('noise', dataset);
  });
  afterAll(() => {
    session.destroy();
    restoreGpu();
  });

  const weights = async () => (await session.allLayerTensors()).flatMap((l) => l.tensors.flatMap((t) => [...t.values]));

  it('auto picks an engine, says why, and remembers the choice for the same network', async () => {
    const phases: BuildProgress['phase'][] = [];
    const first = await session.build(presetSpec('lenet5-mnist'), settings, undefined, (p) => phases.push(p.phase));
    expect(first.reason).toMatch(AUTO_REASON);
    // Timed only where the adapter is a software one.
    expect(phases.includes('engine')).toBe(first.reason !== 'auto: a hardware WebGPU adapter');
    await session.step();
    phases.length = 0;
    const second = await session.build(presetSpec('lenet5-mnist'), settings, undefined, (p) => phases.push(p.phase));
    expect(phases).not.toContain('engine');
    expect([second.backend, second.reason]).toEqual([first.backend, first.reason]);
  }, 120_000);

  it('moves a run from WebGPU to wasm and back, going on from the same step and weights', async () => {
    await session.build(presetSpec('lenet5-mnist'), { ...settings, engine: 'webgpu' });
    for (let i = 0; i < 3; i++) await session.step();
    const before = await weights();
    const onWasm = (await session.setEngine('wasm', 2))!;
    expect(onWasm).toMatchObject({ backend: 'wasm', step: 3, reason: 'chosen in the settings' });
    expect(await weights()).toEqual(before);
    await session.step();
    const onGpu = (await session.setEngine('webgpu', undefined))!;
    expect(onGpu).toMatchObject({ backend: 'webgpu', step: 4 });
    await session.step();
    expect(session.info().step).toBe(5);
  }, 120_000);

  it('keeps a run on wasm going when the GPU device is lost', async () => {
    await session.build(presetSpec('lenet5-mnist'), { ...settings, engine: 'auto' });
    await session.setEngine('wasm', 1);
    let told = false;
    session.onDeviceLost = () => (told = true);
    session.simulateDeviceLoss();
    await new Promise((r) => setTimeout(r, 200));
    expect(told).toBe(false);
    await session.step();
    expect(session.info()).toMatchObject({ backend: 'wasm', step: 1 });
    // WebGPU again: a new device is opened.
    expect((await session.setEngine('webgpu', undefined))!.backend).toBe('webgpu');
  }, 120_000);
});
