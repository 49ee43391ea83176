// Memory estimates before allocation, and the refusal message when a buffer cannot fit the device limits.
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec } from '../../src/model/index.ts';
import { checkMemoryFits, checkTrainingMemory, estimateTrainingMemory, MemoryPlanError } from '../../src/model/memory.ts';
import { trainingPlan } from '../../src/model/plan.ts';

describe('training memory estimate', () => {
  it('counts parameters, optimizer state and a batch of activations', () => {
    const plan = trainingPlan(analyze(presetSpec('lenet5-mnist')), 10);
    const sgd = estimateTrainingMemory(plan, 64, 'sgd');
    const adam = estimateTrainingMemory(plan, 64, 'adam');
    expect(adam.parameterBytes - sgd.parameterBytes).toBe(2 * plan.layout.paramFloats * 4);
    // conv1 output: 64 x 28 x 28 x 6 floats is the biggest activation
    expect(sgd.largestBufferBytes).toBe(64 * 28 * 28 * 6 * 4);
    expect(estimateTrainingMemory(plan, 128, 'sgd').activationBytes).toBe(2 * sgd.activationBytes);
  });

  it('refuses VGG-16 at batch 64 on the default 128 MiB binding limit, naming the numbers and what to reduce', () => {
    const plan = trainingPlan(analyze(presetSpec('vgg16')), 1000);
    const estimate = estimateTrainingMemory(plan, 64, 'adam');
    expect(() => checkMemoryFits(estimate, { maxBufferSize: 2 ** 28, maxStorageBufferBindingSize: 2 ** 27 }, 64)).toThrow(
      /needs 784\.0 MiB for layer 1 \(conv2d\) output at batch size 64, but this GPU allows at most 128\.0 MiB per buffer.*Lower the batch size/,
    );
    expect(() => checkMemoryFits(estimateTrainingMemory(trainingPlan(analyze(presetSpec('lenet5-mnist')), 10), 64, 'adam'), { maxBufferSize: 2 ** 28, maxStorageBufferBindingSize: 2 ** 27 }, 64)).not.toThrow();
  });
});

describe('the memory plan against an engine budget', () => {
  it('names the biggest part and the largest batch that fits, which does fit while one more does not', () => {
    const plan = trainingPlan(analyze(presetSpec('cifar-vgg')), 10);
    const budget = { engine: 'a test engine', totalBytes: 256 * 2 ** 20 };
    let error: unknown;
    try {
      checkTrainingMemory(plan, 4096, 'adam', budget);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MemoryPlanError);
    const e = error as MemoryPlanError;
    expect(e.message).toMatch(/the biggest part is the activations .*largest batch size that fits is \d+/);
    expect(e.largestBatch).toBeGreaterThan(0);
    expect(() => checkTrainingMemory(plan, e.largestBatch, 'adam', budget)).not.toThrow();
    expect(() => checkTrainingMemory(plan, e.largestBatch + 1, 'adam', budget)).toThrow(MemoryPlanError);
  });

  it('parts add up to the total, and the dataset counts when the engine keeps it', () => {
    const plan = trainingPlan(analyze(presetSpec('lenet5-mnist')), 10);
    const e = estimateTrainingMemory(plan, 32, 'momentum', 47_040_000);
    expect(e.parts.reduce((s, p) => s + p.bytes, 0)).toBe(e.totalBytes);
    expect(e.totalBytes).toBe(e.fixedBytes + 32 * e.perExampleBytes);
    expect(e.parts[0]!.name).toBe('the dataset');
  });
});
