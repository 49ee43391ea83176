// The bench page (built by bench/vite.config.ts, kept out of the app bundle, cross-origin isolated so that wasm may
// run threads): loads the datasets from /data/, measures the matmul roofline and the CPU's SIMD peak, and runs every
// requested ConvLab engine and tfjs backend on each workload. `npm run bench` calls window.convlabBench(options)
// through playwright and reads its progress from the console.

import * as tf from '@tensorflow/tfjs';
import { asManifest, loadPreparedDataset, MANIFEST_FILE, type Dataset } from '../src/data/index.ts';
import { adapterName, requestAdapter, requestDevice } from '../src/engine/device.ts';
import { contenderSpec, specNamed } from './contenders.ts';
import { convlabContender } from './convlabContender.ts';
import { convlabWasmContender } from './convlabWasmContender.ts';
import { benchData, benchWorkload, type BenchOptions, type Contender, type Measurement } from './harness.ts';
import { bestRoofline, measureRoofline, type Roofline } from './roofline.ts';
import rooflineShader from './roofline_matmul.wgsl?raw';
import { bestPeak, measureSimdPeak, type SimdPeak } from './simdPeak.ts';
import { tfjsBackendOf, tfjsContender } from './tfjsContender.ts';
import { WORKLOADS } from './workloads.ts';

export interface PageOptions extends Omit<BenchOptions, 'log'> {
  convlab: string[];
  tfjs: string[];
  roofline: boolean;
}

export interface PageResult {
  adapter: string;
  browser: string;
  /** Whether the page could share memory between threads (COOP/COEP). */
  crossOriginIsolated: boolean;
  unavailable: Record<string, string>;
  roofline: Roofline | null;
  simdPeak: SimdPeak | null;
  results: Measurement[];
}

const logEl = document.getElementById('log')!;
const log = (message: string) => {
  logEl.textContent += `${message}\n`;
  console.log(`[bench] ${message}`);
};

async function loadDataset(id: string): Promise<Dataset> {
  const get = async (file: string) => {
    const res = await fetch(`/data/${file}`);
    if (!res.ok) throw new Error(`could not fetch /data/${file}: HTTP ${res.status}; run \`npm run data\` first.`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const manifest = asManifest(JSON.parse(new TextDecoder().decode(await get(MANIFEST_FILE))));
  const entry = manifest?.datasets.find((d) => d.id === id);
  if (!entry) throw new Error(`data/manifest.json lists no dataset "${id}"; run \`npm run data\`.`);
  return loadPreparedDataset(entry, get);
}

/** Whether a tfjs backend can start here; the reason when it cannot. */
async function probeTfjs(backend: string): Promise<string | null> {
  try {
    if (!(await tf.setBackend(backend))) return 'setBackend returned false';
    await tf.ready();
    const t = tf.scalar(1).add(1);
    await t.data();
    t.dispose();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function run(o: PageOptions): Promise<PageResult> {
  const adapter = await requestAdapter();
  const device = await requestDevice(adapter, 'convlab-bench');
  const unavailable: Record<string, string> = {};
  const contenders: Contender[] = o.convlab.map((flag) => {
    const spec = contenderSpec('convlab', flag);
    return spec.device === 'gpu' ? convlabContender(device) : convlabWasmContender(spec, log);
  });
  if (!globalThis.crossOriginIsolated) log('the page is not cross-origin isolated: the wasm engines run on one thread');
  for (const flag of o.tfjs) {
    const spec = contenderSpec('tfjs', flag);
    const why = await probeTfjs(tfjsBackendOf(flag));
    if (why) {
      unavailable[spec.name] = why;
      log(`${spec.name} is not available: ${why}`);
    } else contenders.push(tfjsContender(spec));
  }
  const cpuContenders = contenders.some((c) => specNamed(c.name)?.device === 'cpu');
  const threads = globalThis.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
  const peakBefore = o.roofline && cpuContenders ? await measureSimdPeak(threads, log) : null;
  const before = o.roofline ? await measureRoofline(device, rooflineShader, { log }) : null;
  const results: Measurement[] = [];
  for (const id of o.workloads) {
    const dataset = await loadDataset(WORKLOADS[id].dataset);
    results.push(...(await benchWorkload(id, benchData(dataset, 1024), contenders, { ...o, log })));
  }
  // Measured again after the workloads: the best of both is the peak, so machine drift cannot flatter the fraction.
  const roofline = o.roofline ? bestRoofline(before, await measureRoofline(device, rooflineShader, { log })) : null;
  const simdPeak = peakBefore && bestPeak(peakBefore, await measureSimdPeak(threads, log));
  device.destroy();
  return { adapter: adapterName(adapter), browser: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated === true, unavailable, roofline, simdPeak, results };
}

(window as unknown as { convlabBench: typeof run }).convlabBench = run;
log('bench page ready');
