// The trainer's validation schedule: every tenth of the run in steps (so a run shorter than an epoch gets validation
// points), each on a sample of the held-out set, and on all of it at the run's last step; the hold-out is a shuffled
// (random) order, so the sample is random even for data sorted by class. A fake backend records the evaluations.
import { describe, expect, it } from 'vitest';
import type { Backend, EvalResult, EvalSplit, StepMetrics } from '../../src/engine/backend.ts';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import { OPTIMIZER_DEFAULTS } from '../../src/model/optimizers.ts';
import { Trainer, validationIndices, type TrainConfig } from '../../src/engine/trainer.ts';

function recordingBackend(calls: { split: EvalSplit; limit: number; afterStep: number }[]) {
  let lastStep = -1;
  let held = 0;
  return {
    name: 'cpu',
    batchSize: 4,
    setData: async (d: { validation: Uint32Array }) => {
      held = d.validation.length;
    },
    setOrder: () => {},
    trainStep: async (_offset: number, step: number): Promise<StepMetrics> => {
      lastStep = step;
      return { step, loss: 1, correct: 2, rows: 4 };
    },
    flush: async () => {},
    evaluate: async (split: EvalSplit, _perExample = false, limit = Infinity): Promise<EvalResult> => {
      calls.push({ split, limit, afterStep: lastStep + 1 });
      return { loss: 0.5, accuracy: 0.5, count: Math.min(limit, held), confusion: [[0]] };
    },
  } as unknown as Backend;
}

async function trainer(config: Partial<TrainConfig>, calls: { split: EvalSplit; limit: number; afterStep: number }[]) {
  const images = new Uint8Array(64 * 4).map((_, i) => i % 251);
  const labels = new Uint8Array(64);
  const base: TrainConfig = { epochs: 1, batchSize: 4, optimizer: OPTIMIZER_DEFAULTS.sgd, schedule: { kind: 'constant' }, validationSplit: 0.5, seed: 1, augment: NO_AUGMENT, validateEachEpoch: false };
  return Trainer.create(recordingBackend(calls), { ...base, ...config }, { train: { images, labels, count: 64 }, test: { images, labels, count: 64 }, shape: [2, 2, 1] });
}

describe('validation schedule', () => {
  it('validates every tenth of the run on a sample, and on the whole hold-out at the last step', async () => {
    const calls: { split: EvalSplit; limit: number; afterStep: number }[] = [];
    // 32 training examples in batches of 4: an epoch is 8 steps; the run is 25 steps, so every ceil(25 / 10) = 3 steps.
    const t = await trainer({ steps: 25, validationsPerRun: 10, validationSample: 8 }, calls);
    const reports: number[] = [];
    t.onProgress = (p) => p.validation && reports.push(p.validation.step);
    await t.run();
    expect(t.stepsPerEpoch).toBe(8);
    expect(calls.map((c) => c.afterStep)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 25]);
    expect(calls.every((c) => c.split === 'validation')).toBe(true);
    expect(calls.map((c) => c.limit)).toEqual([8, 8, 8, 8, 8, 8, 8, 8, Infinity]);
    // Each validation is reported with the step it followed.
    expect([...new Set(reports)]).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 25]);
  });

  it('keeps the schedule across a pause (it is counted in steps of the run)', async () => {
    const calls: { split: EvalSplit; limit: number; afterStep: number }[] = [];
    const t = await trainer({ steps: 20, validationsPerRun: 10, validationSample: 8 }, calls);
    for (let k = 0; k < 5; k++) await t.singleStep();
    await t.run();
    expect(calls.map((c) => c.afterStep)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('validates at epoch ends only when asked to (the CLI), and never without a hold-out', async () => {
    const byEpoch: { split: EvalSplit; limit: number; afterStep: number }[] = [];
    await (await trainer({ epochs: 2, validateEachEpoch: true }, byEpoch)).run();
    expect(byEpoch.map((c) => [c.afterStep, c.limit])).toEqual([
      [8, Infinity],
      [16, Infinity],
    ]);
    const none: { split: EvalSplit; limit: number; afterStep: number }[] = [];
    await (await trainer({ steps: 12, validationSplit: 0, validationsPerRun: 10 }, none)).run();
    expect(none).toEqual([]);
  });

  it('holds out a shuffled sample: the first examples of the hold-out are not the lowest indices', () => {
    const { train, validation } = validationIndices(1000, 0.2, 7);
    expect(validation).toHaveLength(200);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Data sorted by class (an uploaded folder): a sample of the first 50 held-out examples spans the whole range.
    const first = [...validation.subarray(0, 50)];
    expect(Math.max(...first)).toBeGreaterThan(800);
    expect(Math.min(...first)).toBeLessThan(200);
    expect([...validation]).not.toEqual([...validation].sort((a, b) => a - b));
  });
});
