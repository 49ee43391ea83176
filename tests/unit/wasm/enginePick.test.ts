// The engine choice without a GPU: `auto`'s rule pieces (the key a choice is remembered under, the reason it gives,
// timing contenders and keeping the faster), the default thread count, and openEngine for each choice when the
// platform has no WebGPU.
import { describe, expect, it } from 'vitest';
import { nodeWasmHost } from '../../../src/cli/nodeWasm.ts';
import type { Backend } from '../../../src/engine/backend.ts';
import { createCpuBackend } from '../../../src/engine/cpu/backend.ts';
import { isSoftwareAdapter, pickFastest, pickKey, pickReason, type Contender } from '../../../src/engine/enginePick.ts';
import { memoryChoiceStore, openEngine, type EngineEnv } from '../../../src/engine/engineOpen.ts';
import { analyze } from '../../../src/model/index.ts';
import { optimizerConfig } from '../../../src/model/optimizers.ts';
import { initialParameters } from '../../../src/model/parameters.ts';
import { trainingPlan } from '../../../src/model/plan.ts';
import { presetSpec } from '../../../src/model/presets.ts';
import { defaultThreadCount } from '../../../src/engine/wasm/threads.ts';

const plan = trainingPlan(analyze(presetSpec('lenet5-mnist')), 10);
const options = { plan, batchSize: 4, optimizer: optimizerConfig({ kind: 'adam' }), seed: 3, initial: initialParameters(plan.layout, 3) };
const noGpu = (why = 'this browser has no WebGPU'): EngineEnv => ({ gpu: { device: null, why }, wasmHost: nodeWasmHost(), store: memoryChoiceStore() });

describe('auto engine choice', () => {
  it('keys a choice by every layer shape, the batch and the device', () => {
    const device = 'some adapter|wasm 2 threads';
    const key = pickKey(plan, 64, device);
    expect(key).toContain(device);
    expect(key).toContain('b64');
    expect(pickKey(plan, 32, device)).not.toBe(key);
    expect(pickKey(plan, 64, 'some adapter|wasm 1 threads')).not.toBe(key);
    const wider = trainingPlan(analyze({ ...presetSpec('lenet5-mnist'), layers: presetSpec('lenet5-mnist').layers.map((l) => (l.type === 'conv2d' ? { ...l, filters: 8 } : l)) }), 10);
    expect(pickKey(wider, 64, device)).not.toBe(key);
  });

  it('says why: how much faster than the runner-up, or that it was the only one', () => {
    expect(pickReason({ engine: 'wasm', msPerStep: { wasm: 10, webgpu: 31 } })).toBe('3.1× faster than the software WebGPU adapter here');
    expect(pickReason({ engine: 'webgpu', msPerStep: { wasm: 12, webgpu: 10 } })).toBe('1.2× faster than WASM here');
    expect(pickReason({ engine: 'wasm', msPerStep: { wasm: 10 } })).toBe('the only engine that ran this network here');
  });

  it('recognises software adapters by the fallback flag or the driver name', () => {
    const adapter = (info: Partial<GPUAdapterInfo>, isFallbackAdapter = false) => ({ info: { vendor: '', architecture: '', device: '', description: '', ...info }, isFallbackAdapter }) as unknown as GPUAdapter;
    const cpuDriver = { vendor: 'google', architecture: 'swiftshader' };
    expect(isSoftwareAdapter(adapter(cpuDriver))).toBe(true);
    expect(isSoftwareAdapter(adapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toBe(true);
    expect(isSoftwareAdapter(adapter({ vendor: 'nvidia' }, true))).toBe(true);
    expect(isSoftwareAdapter(adapter({ vendor: 'nvidia', architecture: 'ampere' }))).toBe(false);
  });

  it('times each contender, keeps the faster, closes the other, and records both times', async () => {
    const closed: string[] = [];
    const small = trainingPlan(analyze({ input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }), 10);
    // Two CPU backends, one made slower by a delay in its step: which one is faster does not depend on the machine.
    const contender = (name: 'wasm' | 'webgpu', delayMs: number): Contender => ({
      name,
      create: async () => {
        const cpu = await createCpuBackend({ ...options, plan: small, initial: initialParameters(small.layout, 1) });
        const step = cpu.trainStep.bind(cpu);
        const backend: Backend = Object.assign(cpu, {
          name,
          trainStep: async (offset: number, s: number, lr: number) => {
            await new Promise((r) => setTimeout(r, delayMs));
            return step(offset, s, lr);
          },
        });
        return { backend, close: () => closed.push(name) };
      },
    });
    const { opened, record } = await pickFastest(small, [contender('webgpu', 60), contender('wasm', 0)]);
    expect(opened.backend.name).toBe('wasm');
    expect(record.engine).toBe('wasm');
    expect(record.msPerStep.webgpu).toBeGreaterThan(record.msPerStep.wasm!);
    expect(closed).toEqual(['webgpu']);
    // A contender that cannot open is left out; none at all is an error.
    const failing: Contender = { name: 'webgpu', create: () => Promise.reject(new Error('no device')) };
    expect((await pickFastest(small, [failing, contender('wasm', 0)])).record.msPerStep).not.toHaveProperty('webgpu');
    await expect(pickFastest(small, [failing])).rejects.toThrow(/no engine could run this network/);
  });
});

describe('default thread count', () => {
  it('takes the logical processors, up to 8', () => {
    expect([1, 2, 4, 8, 16].map((n) => defaultThreadCount(n))).toEqual([1, 2, 4, 8, 8]);
  });
});

describe('openEngine without WebGPU', () => {
  it('runs each choice, and says why', async () => {
    const auto = await openEngine(options, { engine: 'auto', threads: 2 }, noGpu());
    expect(auto.backend.name).toBe('wasm');
    expect(auto.reason).toBe('auto: this browser has no WebGPU');
    auto.backend.destroy();
    const wasm = await openEngine(options, { engine: 'wasm', threads: 1 }, noGpu());
    expect([wasm.backend.name, wasm.reason]).toEqual(['wasm', 'chosen in the settings']);
    wasm.backend.destroy();
    const cpu = await openEngine(options, { engine: 'cpu' }, noGpu());
    expect(cpu.backend.name).toBe('cpu');
    expect(cpu.reason).toMatch(/^chosen in the settings; training is much slower/);
    // WebGPU asked for where there is none: the next best engine, and the reason says why.
    const gpu = await openEngine(options, { engine: 'webgpu', threads: 1 }, noGpu('WebGPU failed: no adapter'));
    expect([gpu.backend.name, gpu.reason]).toEqual(['wasm', 'WebGPU was chosen, but WebGPU failed: no adapter']);
    gpu.backend.destroy();
    // No wasm host either: the CPU reference, saying so.
    const bare = await openEngine(options, { engine: 'auto' }, { ...noGpu(), wasmHost: null });
    expect(bare.backend.name).toBe('cpu');
    expect(bare.reason).toMatch(/^auto: this browser has no WebGPU; WASM could not start \(.+\), so the CPU reference trains, much slower$/);
  });
});
