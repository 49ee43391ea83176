// The trainer's pacing against a page: on WebGPU, with steps longer than a frame and a listener that returns the
// page's paint, one step in flight and the GPU left idle until the paint (at most half a step); otherwise two steps in
// flight and no waiting. On a CPU engine, the loop waits for the page's paint after every report, whatever the step.
// A fake backend whose steps take a set time stands in for the engine.
import { describe, expect, it } from 'vitest';
import type { Backend, StepMetrics } from '../../src/engine/backend.ts';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import { OPTIMIZER_DEFAULTS } from '../../src/model/optimizers.ts';
import { Trainer, type ProgressListener, type TrainProgress } from '../../src/engine/trainer.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Steps run one after another (like a GPU queue), each `stepMs` long; submissions and results go to `events`. */
function fakeBackend(stepMs: number, events: string[], name = 'webgpu') {
  let queue = Promise.resolve();
  let inFlight = 0;
  let maxInFlight = 0;
  const backend = {
    name,
    batchSize: 4,
    setData: async () => {},
    setOrder: () => {},
    trainStep(_offset: number, step: number): Promise<StepMetrics> {
      events.push(`submit ${step}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      queue = queue.then(() => sleep(stepMs));
      return queue.then(() => {
        inFlight--;
        events.push(`done ${step}`);
        return { step, loss: 1, correct: 2, rows: 4 };
      });
    },
    flush: () => queue,
  } as unknown as Backend;
  return { backend, maxInFlight: () => maxInFlight };
}

async function train(stepMs: number, steps: number, onProgress: ProgressListener, events: string[] = [], name = 'webgpu') {
  const fake = fakeBackend(stepMs, events, name);
  const images = new Uint8Array(16 * 4).map((_, i) => i % 251);
  const trainer = await Trainer.create(
    fake.backend,
    { epochs: 1, steps, batchSize: 4, optimizer: OPTIMIZER_DEFAULTS.sgd, schedule: { kind: 'constant' }, validationSplit: 0, seed: 1, augment: NO_AUGMENT, validateEachEpoch: false },
    { train: { images, labels: new Uint8Array(16), count: 16 }, test: { images, labels: new Uint8Array(16), count: 16 }, shape: [2, 2, 1] },
    onProgress,
  );
  const t0 = performance.now();
  await trainer.run();
  return { ...fake, ms: performance.now() - t0, trainer };
}

describe('trainer pacing', () => {
  it('keeps two steps in flight and never waits when progress goes nowhere that paints', async () => {
    const reports: TrainProgress[] = [];
    const r = await train(30, 8, (p) => reports.push(p));
    expect(r.trainer.status).toBe('done');
    expect(r.maxInFlight()).toBe(2);
    expect(reports.at(-1)!.step).toBe(8);
  });

  it('waits for the page to paint a report before the next step when steps are longer than a frame', async () => {
    const events: string[] = [];
    const r = await train(
      40,
      8,
      () => {
        events.push('report');
        return sleep(10).then(() => events.push('painted'));
      },
      events,
    );
    expect(r.trainer.status).toBe('done');
    // Two steps in flight until a step has been timed (two results), then one at a time, and after a report the
    // next step waits for the paint.
    expect(r.maxInFlight()).toBe(2);
    const from = events.indexOf('submit 4');
    expect(from).toBeGreaterThan(0);
    let inFlight = events.slice(0, from).filter((e) => e.startsWith('submit')).length - events.slice(0, from).filter((e) => e.startsWith('done')).length;
    let unpainted = 0;
    for (const e of events.slice(from)) {
      if (e.startsWith('submit')) {
        expect(inFlight).toBe(0);
        expect(unpainted).toBe(0);
        inFlight++;
      } else if (e.startsWith('done')) inFlight--;
      else if (e === 'report') unpainted++;
      else if (e === 'painted') unpainted--;
    }
    expect(events.filter((e) => e === 'report').length).toBeGreaterThanOrEqual(3);
  });

  it('waits at most half a step for a page that never paints', async () => {
    const never = () => new Promise<void>(() => {});
    const r = await train(40, 6, never);
    expect(r.trainer.status).toBe('done');
    // 6 steps of 40 ms, and after each timed one at most 20 ms of waiting.
    expect(r.ms).toBeLessThan(6 * 40 + 5 * 20 + 100);
  });

  it('does not wait when steps are shorter than a frame', async () => {
    let waited = 0;
    const r = await train(2, 30, () => {
      waited++;
      return new Promise<void>(() => {});
    });
    expect(r.trainer.status).toBe('done');
    expect(waited).toBeGreaterThan(0);
    expect(r.maxInFlight()).toBe(2);
    expect(r.ms).toBeLessThan(30 * 2 + 300);
  });

  it('on a CPU engine, waits for the page to paint each report before the next step, even with short steps', async () => {
    const events: string[] = [];
    const r = await train(
      2,
      60,
      () => {
        events.push('report');
        return sleep(5).then(() => events.push('painted'));
      },
      events,
      'wasm',
    );
    expect(r.trainer.status).toBe('done');
    // From the third report on: the first is the start's, the second comes after one short step (so its wait, as
    // long as that step, may end before the paint).
    const reports = events.flatMap((e, i) => (e === 'report' ? [i] : []));
    const from = reports[2]!;
    expect(from).toBeGreaterThan(0);
    // Each report's paint comes before the second step submitted after it (one may already be on its way when the
    // report comes from an epoch's last result).
    for (const at of reports.filter((i) => i >= from)) {
      const painted = events.indexOf('painted', at);
      const submits = events.slice(at, painted < 0 ? undefined : painted).filter((e) => e.startsWith('submit'));
      expect(submits.length).toBeLessThanOrEqual(1);
    }
    expect(reports.length).toBeGreaterThanOrEqual(4);
  });

  it('on a CPU engine, goes on without a page that never paints', async () => {
    const r = await train(2, 40, () => new Promise<void>(() => {}), [], 'wasm');
    expect(r.trainer.status).toBe('done');
  });
});
