// Run by relaxed.test.ts in a Node started with --experimental-wasm-relaxed-simd: the relaxed-SIMD (fused
// multiply-add) builds on 1 and 2 threads against the CPU backend's loss and gradients. Prints one JSON line.
import { nodeWasmHost } from '../../../src/cli/nodeWasm.ts';
import { CpuBackend } from '../../../src/engine/cpu/backend.ts';
import { randomBatch } from '../../../src/engine/gradcheck.ts';
import { WasmBackend } from '../../../src/engine/wasm/backend.ts';
import { analyze } from '../../../src/model/index.ts';
import { optimizerConfig } from '../../../src/model/optimizers.ts';
import { initialParameters } from '../../../src/model/parameters.ts';
import { trainingPlan } from '../../../src/model/plan.ts';
import { presetSpec } from '../../../src/model/presets.ts';
import { EVERY_KIND } from './networks.ts';

/** Largest |a − b| / (1e-3·max|b| + |b|) over the arrays: relative error with a floor at the tensor's scale. */
function worst(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / (1e-3 * scale + Math.abs(b[i]!)));
  return w;
}

const out: Record<string, unknown>[] = [];
for (const [name, spec, classes] of [['lenet5-mnist', presetSpec('lenet5-mnist'), 10], ['every kind', EVERY_KIND, 3]] as const) {
  const plan = trainingPlan(analyze(spec), classes);
  const options = { plan, batchSize: 4, optimizer: optimizerConfig({ kind: 'sgd' }), seed: 3, initial: initialParameters(plan.layout, 3) };
  const { x, labels } = randomBatch(plan, 4, 9);
  const cpu = await new CpuBackend(options).lossAndGradients(x, labels, 0);
  for (const threads of [1, 2]) {
    const w = await WasmBackend.create(options, { host: nodeWasmHost(), threads });
    const r = await w.lossAndGradients(x, labels, 0);
    out.push({ name, threads, relaxed: w.describe().includes('relaxed'), loss: Math.abs(r.loss - cpu.loss), grads: worst(r.grads, cpu.grads), input: worst(r.inputGrad, cpu.inputGrad) });
    w.destroy();
  }
}
console.log(JSON.stringify(out));
