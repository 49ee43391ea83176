// ConvLab's wasm engine as the bench page runs it: inside a Web Worker, as the app's engine worker does (its calling
// thread blocks on Atomics.wait while helper threads finish, which a page's main thread may not do). The WasmBackend
// keeps the bench examples in its memory and gathers each batch itself; every step's loss comes back.
import { expose } from 'comlink';
import { channelStats, NO_AUGMENT } from '../src/data/augment.ts';
import { WasmBackend } from '../src/engine/wasm/backend.ts';
import { webWasmHost } from '../src/engine/wasm/webHost.ts';
import { analyze } from '../src/model/index.ts';
import { optimizerConfig } from '../src/model/optimizers.ts';
import { initialParameters } from '../src/model/parameters.ts';
import { trainingPlan } from '../src/model/plan.ts';
import type { BenchData } from './harness.ts';
import { WORKLOADS, type WorkloadId } from './workloads.ts';

let backend: WasmBackend | null = null;
let data: BenchData | null = null;
let step = 0;
let learningRate = 0;

const api = {
  /** Builds the workload's network on `threads` threads; says what it runs on. */
  async open(id: WorkloadId, bench: BenchData, threads: number | undefined): Promise<{ threads: number; describe: string }> {
    const workload = WORKLOADS[id];
    const plan = trainingPlan(analyze(workload.spec), bench.classes);
    const optimizer = optimizerConfig({ kind: 'momentum', learningRate: workload.learningRate, momentum: workload.momentum });
    backend = await WasmBackend.create({ plan, batchSize: workload.batchSize, optimizer, seed: 1, initial: initialParameters(plan.layout, 1) }, { host: webWasmHost(), ...(threads !== undefined && { threads }) });
    const all = Uint32Array.from({ length: bench.count }, (_, i) => i);
    const set = { images: bench.images, labels: bench.labels, count: bench.count };
    await backend.setData({ train: set, test: set, validation: new Uint32Array(0), norm: channelStats(bench.images, bench.shape, all), augment: NO_AUGMENT });
    backend.setOrder(all);
    data = bench;
    step = 0;
    learningRate = workload.learningRate;
    return { threads: backend.threads, describe: backend.describe() };
  },
  async train(steps: number): Promise<number> {
    const b = backend!;
    const perEpoch = Math.max(1, Math.floor(data!.count / b.batchSize));
    let loss = NaN;
    for (let i = 0; i < steps; i++, step++) loss = (await b.trainStep((step % perEpoch) * b.batchSize, step, learningRate)).loss;
    return loss;
  },
  predict(index: number): Promise<Float32Array> {
    const per = data!.shape[0] * data!.shape[1] * data!.shape[2];
    return backend!.predict(data!.images.subarray(index * per, (index + 1) * per));
  },
  dispose(): void {
    backend?.destroy();
    backend = null;
  },
};

export type ConvlabWasmWorker = typeof api;
expose(api);
