// Whole training steps on the wasm backend against the CPU backend (the reference ops in float32), for every
// optimizer with and without weight decay, at 1, 2 and 3 threads; evaluation, prediction, activations, a frozen
// layer, lossAndGradients and divergence recovery. The network uses every kind of layer.
import { describe, expect, it } from 'vitest';
import { augmentConfig } from '../../../src/data/augment.ts';
import type { Backend, BackendOptions } from '../../../src/engine/backend.ts';
import { CpuBackend } from '../../../src/engine/cpu/backend.ts';
import { WasmBackend } from '../../../src/engine/wasm/backend.ts';
import { nodeWasmHost } from '../../../src/cli/nodeWasm.ts';
import { analyze, type NetworkSpec } from '../../../src/model/index.ts';
import { OPTIMIZER_KINDS, optimizerConfig, type OptimizerKind } from '../../../src/model/optimizers.ts';
import { initialParameters } from '../../../src/model/parameters.ts';
import { trainingPlan } from '../../../src/model/plan.ts';
import { seededRandom } from '../../../src/model/random.ts';
import { expectClose, THREAD_COUNTS } from './helpers.ts';
import { EVERY_KIND, syntheticData } from './networks.ts';

const plan = trainingPlan(analyze(EVERY_KIND), 3);
const batch = 5;
const data = syntheticData(plan.input, 12, 3, 99);
const ORDER = Uint32Array.from([3, 7, 1, 0, 11, 5, 9, 2, 4, 8, 10, 6]);

async function pair(kind: OptimizerKind, weightDecay: number, threads: number, spec = EVERY_KIND): Promise<[WasmBackend, Backend]> {
  const p = spec === EVERY_KIND ? plan : trainingPlan(analyze(spec), 3);
  const options: BackendOptions = {
    plan: p,
    batchSize: batch,
    optimizer: optimizerConfig({ kind, learningRate: kind.startsWith('ada') || kind === 'rmsprop' ? 0.01 : 0.05, weightDecay }),
    seed: 5,
    initial: initialParameters(p.layout, 5),
  };
  const backends: [WasmBackend, Backend] = [await WasmBackend.create(options, { host: nodeWasmHost(), threads }), new CpuBackend(options)];
  for (const b of backends) {
    await b.setData({ ...data, augment: augmentConfig({ shift: 1, flip: true, noise: 0.1 }) });
    b.setOrder(ORDER);
  }
  return backends;
}

describe.each(THREAD_COUNTS)('wasm training step = CPU step, %i thread(s)', (threads) => {
  for (const kind of OPTIMIZER_KINDS) {
    for (const weightDecay of [0, 0.01]) {
      it(`${kind}${weightDecay ? ' with weight decay' : ''}: three steps give the same losses, weights, state and gradients`, async () => {
        const [w, c] = await pair(kind, weightDecay, threads);
        expect(w.threads).toBe(threads);
        for (let step = 0; step < 3; step++) {
          const offset = (step * batch) % 12;
          const lr = 0.05 / (1 + step);
          const [mw, mc] = [await w.trainStep(offset, step, lr), await c.trainStep(offset, step, lr)];
          expect(mw.step).toBe(step);
          expect(mw.correct).toBe(mc.correct);
          expect(mw.loss).toBeCloseTo(mc.loss, 4);
        }
        const [pw, pc] = [await w.readParams(), await c.readParams()];
        expectClose(pw.params, pc.params, 5e-3, 1e-4, 'params');
        expectClose(pw.state, pc.state, 1e-3, 1e-5, 'running statistics');
        expectClose(await w.readGrads(), await c.readGrads(), 1e-2, 1e-4, 'gradients');
        const [sw, sc] = [await w.readOptimizerState(), await c.readOptimizerState()];
        expect(sw.length).toBe(sc.length);
        sw.forEach((s, i) => expectClose(s, sc[i]!, 1e-2, 1e-4, `optimizer slot ${i}`));
        w.destroy();
        c.destroy();
      });
    }
  }

  it('evaluates, predicts and reads activations like the CPU backend', async () => {
    const [w, c] = await pair('momentum', 0, threads);
    for (const b of [w, c]) for (let s = 0; s < 2; s++) await b.trainStep(s * batch, s, 0.05);
    for (const split of ['test', 'validation'] as const) {
      const [ew, ec] = [await w.evaluate(split, true), await c.evaluate(split, true)];
      expect(ew.count).toBe(ec.count);
      expect(ew.confusion).toEqual(ec.confusion);
      expect(ew.loss).toBeCloseTo(ec.loss, 4);
      expect(Array.from(ew.perExample!.predicted)).toEqual(Array.from(ec.perExample!.predicted));
      expectClose(ew.perExample!.probs, ec.perExample!.probs, 1e-3, 1e-5, 'probabilities');
    }
    expect((await w.evaluate('test', false, 4)).count).toBe(4);
    const image = data.train.images.subarray(0, 9 * 9 * 2);
    expectClose(await w.predict(image), await c.predict(image), 1e-3, 1e-5, 'probabilities');
    const [aw, ac] = [await w.activations(image), await c.activations(image)];
    expect(aw.length).toBe(EVERY_KIND.layers.length);
    aw.forEach((a, i) => expectClose(a, ac[i]!, 2e-3, 1e-4, `layer ${i + 1} activations`));
    w.destroy();
    c.destroy();
  });

  it('computes loss, parameter and input gradients like the CPU backend', async () => {
    const [w, c] = await pair('sgd', 0, threads);
    const random = seededRandom(3);
    const x = Float32Array.from({ length: batch * 9 * 9 * 2 }, () => random() * 2 - 1);
    const labels = Uint32Array.from([0, 2, 1, 1, 0]);
    const [gw, gc] = [await w.lossAndGradients(x, labels, 4), await c.lossAndGradients(x, labels, 4)];
    expect(gw.loss).toBeCloseTo(gc.loss, 5);
    expectClose(gw.grads, gc.grads, 1e-3, 1e-6, 'parameter gradients');
    expectClose(gw.inputGrad, gc.inputGrad, 1e-3, 1e-6, 'input gradient');
    w.destroy();
    c.destroy();
  });
});

describe('wasm backend state', () => {
  it('leaves a frozen layer untouched while training the rest', async () => {
    const frozen: NetworkSpec = { ...EVERY_KIND, layers: EVERY_KIND.layers.map((l, i) => (i === 0 || i === 1 ? { ...l, trainable: false } : l)) as NetworkSpec['layers'] };
    const [w, c] = await pair('adam', 0, 2, frozen);
    const initial = await w.readParams();
    for (let s = 0; s < 3; s++) for (const b of [w, c]) await b.trainStep(s * batch, s, 0.01);
    const [after, cpu] = [await w.readParams(), await c.readParams()];
    expectClose(after.params, cpu.params, 5e-3, 1e-4, 'params');
    const p = trainingPlan(analyze(frozen), 3);
    for (const t of p.layout.tensors.filter((t) => t.role !== 'state' && (t.layerIndex === 0 || t.layerIndex === 1))) {
      expect(Array.from(after.params.subarray(t.offset, t.offset + t.size))).toEqual(Array.from(initial.params.subarray(t.offset, t.offset + t.size)));
    }
    w.destroy();
    c.destroy();
  });

  it('restores the backup before a bad step and round-trips parameters and optimizer state', async () => {
    const [w, c] = await pair('adam', 0, 1);
    for (let s = 0; s < 3; s++) await w.trainStep(s * batch, s, 0.01);
    const restored = await w.restoreBefore(2);
    expect(restored).toBe(0);
    expect(await w.restoreBefore(0)).toBeNull();
    const values = await c.readParams();
    await w.writeParams(values);
    expect(Array.from((await w.readParams()).params)).toEqual(Array.from(values.params));
    const slots = (await w.readOptimizerState()).map((s, i) => s.map((_, j) => i + j * 1e-3));
    await w.writeOptimizerState(slots);
    expect((await w.readOptimizerState()).map((s) => Array.from(s))).toEqual(slots.map((s) => Array.from(s)));
    await expect(w.writeOptimizerState([new Float32Array(3)])).rejects.toThrow(/optimizer state/);
    w.destroy();
    c.destroy();
  });
});

describe('thread count', () => {
  it('1, 2 and 3 threads train to the same weights (each kernel splits whole sums, so bit for bit)', async () => {
    const results: Float32Array[] = [];
    for (const threads of THREAD_COUNTS) {
      const [w, c] = await pair('adam', 0.01, threads);
      c.destroy();
      for (let s = 0; s < 4; s++) await w.trainStep((s * batch) % 12, s, 0.01);
      results.push((await w.readParams()).params);
      w.destroy();
    }
    for (const r of results.slice(1)) expectClose(r, results[0]!, 1e-6, 1e-7, 'params against 1 thread');
  });
});
