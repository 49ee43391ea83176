// ConvLab as a bench contender: the engine's GpuBackend on the given device, fed the bench examples from the GPU-resident
// dataset, stepping with two steps in flight and every step's loss read back, as the app's Trainer does.

import { channelStats, NO_AUGMENT } from '../src/data/augment.ts';
import { GpuBackend } from '../src/engine/gpu/backend.ts';
import { profileStep, type ProfileOptions, type ProfileResult } from '../src/engine/profile.ts';
import { analyze } from '../src/model/index.ts';
import { optimizerConfig } from '../src/model/optimizers.ts';
import { initialParameters } from '../src/model/parameters.ts';
import { trainingPlan } from '../src/model/plan.ts';
import type { BenchData, Contender, Runner } from './harness.ts';
import type { Workload } from './workloads.ts';

/** Steps queued before waiting for the oldest loss (the Trainer's IN_FLIGHT). */
const IN_FLIGHT = 2;

export interface ConvlabRunner extends Runner {
  profile(options?: ProfileOptions): Promise<ProfileResult>;
}

export async function openConvlab(device: GPUDevice, workload: Workload, data: BenchData): Promise<ConvlabRunner> {
  const plan = trainingPlan(analyze(workload.spec), data.classes);
  const optimizer = optimizerConfig({ kind: 'momentum', learningRate: workload.learningRate, momentum: workload.momentum });
  const backend = await GpuBackend.create(device, { plan, batchSize: workload.batchSize, optimizer, seed: 1, initial: initialParameters(plan.layout, 1) });
  const all = Uint32Array.from({ length: data.count }, (_, i) => i);
  const set = { images: data.images, labels: data.labels, count: data.count };
  await backend.setData({ train: set, test: set, validation: new Uint32Array(0), norm: channelStats(data.images, data.shape, all), augment: NO_AUGMENT });
  backend.setOrder(all);
  const per = data.shape[0] * data.shape[1] * data.shape[2];
  const stepsPerEpoch = Math.max(1, Math.floor(data.count / workload.batchSize));
  let step = 0;
  return {
    async train(steps) {
      const pending: Promise<number>[] = [];
      let loss = NaN;
      for (let i = 0; i < steps; i++) {
        const offset = (step % stepsPerEpoch) * workload.batchSize;
        pending.push(backend.trainStep(offset, step, workload.learningRate).then((m) => m.loss));
        step++;
        if (pending.length >= IN_FLIGHT) loss = await pending.shift()!;
      }
      for (const p of pending) loss = await p;
      return loss;
    },
    predict: (index) => backend.predict(data.images.subarray(index * per, (index + 1) * per)),
    profile: (options) => profileStep(backend.profileTarget(), options),
    dispose: () => backend.destroy(),
  };
}

/** A contender over a device that already exists (the page's, or Dawn's in Node). */
export function convlabContender(device: GPUDevice): Contender {
  return { name: 'convlab', open: (workload, data) => openConvlab(device, workload, data) };
}
