// What a bench run leaves behind (Node side): the printed table or JSON lines, and bench/results/<date>-<where>.json
// and .md holding the measurements with the machine and adapter they were taken on.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resultsTable, type BenchOptions, type Measurement } from './harness.ts';
import type { Roofline } from './roofline.ts';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface BenchRun {
  /** 'chromium' (npm run bench) or 'node' (Dawn). */
  where: 'chromium' | 'node';
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; platform: string; node: string };
  /** The WebGPU adapter and, in the browser, the user agent. */
  adapter: string;
  browser?: string;
  /** tfjs backends that could not run here, with the reason. */
  unavailable?: Record<string, string>;
  options: Omit<BenchOptions, 'log'>;
  roofline: Roofline | null;
  results: Measurement[];
  /** The targets of issue 6, each true or false as measured. */
  targets: Record<string, boolean>;
}

export function machine(): BenchRun['machine'] {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}`, node: process.version };
}

/** Issue 6's targets evaluated on the run's numbers (absent contenders leave their targets out). */
export function targets(results: Measurement[], roofline: Roofline | null): Record<string, boolean> {
  const get = (w: string, c: string) => results.find((r) => r.workload === w && r.contender === c);
  const out: Record<string, boolean> = {};
  for (const [w, factor] of [['A', 10], ['B', 4]] as const) {
    const ours = get(w, 'convlab');
    if (!ours) continue;
    const webgpu = get(w, 'tfjs-webgpu');
    const webgl = get(w, 'tfjs-webgl');
    if (webgpu) out[`${w}: training ≥${factor}x tfjs-webgpu`] = ours.examplesPerSecond >= factor * webgpu.examplesPerSecond;
    if (webgl) out[`${w}: training beats tfjs-webgl`] = ours.examplesPerSecond > webgl.examplesPerSecond;
    if (webgpu) out[`${w}: prediction latency below tfjs-webgpu`] = ours.latencyMs < webgpu.latencyMs;
    if (w === 'B' && roofline) out['B: training GFLOP/s ≥70% of the matmul roofline'] = ours.gflops >= 0.7 * roofline.gflops;
  }
  return out;
}

export function markdown(run: BenchRun): string {
  const roof = run.roofline ? `${run.roofline.gflops.toFixed(3)} GFLOP/s (${run.roofline.best.kernel}, ${run.roofline.best.size}³)` : 'not measured';
  const lines = [
    `# Bench ${run.date} (${run.where})`,
    '',
    `- adapter: ${run.adapter}`,
    ...(run.browser ? [`- browser: ${run.browser}`] : []),
    `- machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.memoryGiB} GiB, ${run.machine.platform}, Node ${run.machine.node}`,
    `- matmul roofline: ${roof}`,
    `- steps ${run.options.steps} (+${run.options.warmup} warm-up) over ${run.options.rounds} interleaved rounds, batch 64, ${run.options.predictions} single-image predictions`,
    ...Object.entries(run.unavailable ?? {}).map(([k, v]) => `- ${k}: not available (${v})`),
    '',
    resultsTable(run.results, run.roofline?.gflops),
    '',
    ...Object.entries(run.targets).map(([k, ok]) => `- ${ok ? 'met' : 'NOT met'}: ${k}`),
    '',
  ];
  return lines.join('\n');
}

/** Writes bench/results/<date>-<where>.json and .md; returns the two paths. */
export function saveRun(run: BenchRun): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stem = `${RESULTS_DIR}${run.date.slice(0, 19).replace(/:/g, '-')}-${run.where}`;
  writeFileSync(`${stem}.json`, JSON.stringify(run, null, 2) + '\n');
  writeFileSync(`${stem}.md`, markdown(run));
  return [`${stem}.json`, `${stem}.md`];
}
