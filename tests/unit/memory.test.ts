// Memory estimates before allocation, and the refusal message when a buffer cannot fit the device limits.
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec } from '../../src/model/index.ts';
import { checkMemoryFits, estimateTrainingMemory } from '../../src/model/memory.ts';
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
