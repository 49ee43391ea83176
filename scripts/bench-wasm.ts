// Quick wasm-engine speed check in Node: the bench's workloads A (LeNet-5, MNIST) and B (CIFAR-10 net) at batch 64,
// training steps on one thread and on every logical processor (up to 8), interleaved in rounds so machine drift hits
// both alike; prints the best ms/step of each, examples/s and the ratio. `npx tsx scripts/bench-wasm.ts [rounds]`
// (the browser bench, with tfjs and the other contenders, is `npm run bench`).
import { availableParallelism } from 'node:os';
import { WORKLOADS } from '../bench/workloads.ts';
import { nodeWasmHost } from '../src/cli/nodeWasm.ts';
import { timeStep } from '../src/engine/enginePick.ts';
import { WasmBackend } from '../src/engine/wasm/backend.ts';
import { defaultThreadCount } from '../src/engine/wasm/threads.ts';
import { analyze } from '../src/model/index.ts';
import { optimizerConfig } from '../src/model/optimizers.ts';
import { initialParameters } from '../src/model/parameters.ts';
import { trainingPlan } from '../src/model/plan.ts';

const rounds = Number(process.argv[2] ?? 5);
const counts = [...new Set([1, defaultThreadCount(availableParallelism())])];
for (const workload of Object.values(WORKLOADS)) {
  const plan = trainingPlan(analyze(workload.spec), 10);
  const options = { plan, batchSize: workload.batchSize, optimizer: optimizerConfig({ kind: 'momentum', learningRate: workload.learningRate, momentum: workload.momentum }), seed: 1, initial: initialParameters(plan.layout, 1) };
  const backends = await Promise.all(counts.map((threads) => WasmBackend.create(options, { host: nodeWasmHost(), threads })));
  const best = counts.map(() => Infinity);
  for (let round = 0; round < rounds; round++) for (const [i, b] of backends.entries()) best[i] = Math.min(best[i]!, await timeStep(b, plan, 20));
  const line = counts.map((t, i) => `${t}t ${best[i]!.toFixed(2)} ms (${Math.round((1000 * workload.batchSize) / best[i]!)} ex/s)`).join(', ');
  console.log(`${workload.id}: best ms/step ${line}${counts.length > 1 ? `, ratio ${(best[0]! / best[1]!).toFixed(2)}` : ''}`);
  for (const b of backends) b.destroy();
}
