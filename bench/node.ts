// The Node variant of the bench: ConvLab only (tfjs-webgpu needs a browser), on Dawn through the `webgpu` package,
// so it runs on any machine with a GPU driver (SwiftShader where there is none).

import { readFileSync } from 'node:fs';
import { loadDataset } from '../src/cli/session.ts';
import { installShaderFiles, nodeGpu } from '../src/cli/nodeGpu.ts';
import { adapterName, requestDevice } from '../src/engine/device.ts';
import { formatProfile } from '../src/engine/profile.ts';
import { benchData, benchWorkload, jsonLine, resultsTable, type Measurement } from './harness.ts';
import { openConvlab } from './convlabContender.ts';
import type { CliOptions } from './options.ts';
import { machine, saveRun, targets, type BenchRun } from './report.ts';
import { bestRoofline, measureRoofline } from './roofline.ts';
import { WORKLOADS } from './workloads.ts';

export async function runNodeBench(o: CliOptions, print: (line: string) => void, log: (line: string) => void): Promise<BenchRun> {
  installShaderFiles();
  const adapter = await nodeGpu().requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter in Node: install a Vulkan driver (Debian: libvulkan1 and chromium for SwiftShader).');
  const device = await requestDevice(adapter, 'convlab-bench');
  try {
    const shader = readFileSync(new URL('./roofline_matmul.wgsl', import.meta.url), 'utf8');
    const before = o.roofline ? await measureRoofline(device, shader, { log }) : null;
    const results: Measurement[] = [];
    for (const id of o.workloads) {
      const workload = WORKLOADS[id];
      const data = benchData(await loadDataset(workload.dataset, undefined, log), 1024);
      const contender = { name: 'convlab', open: () => openConvlab(device, workload, data) };
      const measured = await benchWorkload(id, data, [contender], { ...o, log });
      results.push(...measured);
      if (o.json) for (const m of measured) print(jsonLine(m));
      if (o.profile) {
        const runner = await openConvlab(device, workload, data);
        await runner.train(2);
        const p = await runner.profile();
        runner.dispose();
        if (o.json) print(JSON.stringify({ workload: id, contender: 'convlab', profile: p }));
        else log(`profile of workload ${id}:\n${formatProfile(p)}`);
      }
    }
    const roofline = o.roofline ? bestRoofline(before, await measureRoofline(device, shader, { log })) : null;
    const run: BenchRun = {
      where: 'node',
      date: new Date().toISOString(),
      machine: machine(),
      adapter: `${adapterName(adapter)} (Dawn, webgpu npm package)`,
      options: { workloads: o.workloads, steps: o.steps, warmup: o.warmup, rounds: o.rounds, predictions: o.predictions },
      roofline,
      results,
      targets: targets(results, roofline),
    };
    if (!o.json) print(resultsTable(results, { roofline: roofline?.gflops }));
    return run;
  } finally {
    device.destroy();
  }
}

export { saveRun };
