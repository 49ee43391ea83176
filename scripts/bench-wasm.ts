// Quick wasm-engine speed check in Node: LeNet-5 (MNIST shapes, batch 32) training steps on 1 and 2 threads,
// interleaved in rounds so machine drift hits both alike; prints the best ms/step of each and their ratio.
// `npx tsx scripts/bench-wasm.ts` (the browser bench is `npm run bench`).
import { nodeWasmHost } from '../src/cli/nodeWasm.ts';
import { WasmBackend } from '../src/engine/wasm/backend.ts';
import { analyze } from '../src/model/index.ts';
import { presetSpec } from '../src/model/presets.ts';
import { trainingPlan } from '../src/model/plan.ts';
import { optimizerConfig } from '../src/model/optimizers.ts';
import { initialParameters } from '../src/model/parameters.ts';
import { timeStep } from '../src/engine/enginePick.ts';
const plan = trainingPlan(analyze(presetSpec('lenet5-mnist')), 10);
const backends = [];
for (const threads of [1, 2]) backends.push(await WasmBackend.create({ plan, batchSize: 32, optimizer: optimizerConfig({ kind: 'momentum' }), seed: 1, initial: initialParameters(plan.layout, 1) }, { host: nodeWasmHost(), threads }));
const best = [Infinity, Infinity];
for (let round = 0; round < 5; round++) for (const [i, b] of backends.entries()) best[i] = Math.min(best[i]!, await timeStep(b, plan, 30));
console.log(`best ms/step: 1t ${best[0]!.toFixed(2)} (${(32000 / best[0]!).toFixed(0)} ex/s), 2t ${best[1]!.toFixed(2)} (${(32000 / best[1]!).toFixed(0)} ex/s), ratio ${(best[0]! / best[1]!).toFixed(2)}`);
for (const b of backends) b.destroy();
