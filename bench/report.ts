// What a bench run leaves behind (Node side): the printed table or JSON lines, and bench/results/<date>-<where>.json
// and .md holding the measurements with the machine and adapter they were taken on, and how the app kept up while
// it trained.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resultsTable, type BenchOptions, type Measurement } from './harness.ts';
import type { Responsiveness } from './responsiveness.ts';
import type { Roofline } from './roofline.ts';
import type { SimdPeak } from './simdPeak.ts';

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
  /** The CPU's SIMD peak as wasm sees it (Chromium, when CPU contenders ran). */
  simdPeak?: SimdPeak | null;
  /** Whether the bench page could share memory between threads. */
  crossOriginIsolated?: boolean;
  results: Measurement[];
  /** The app's frames and main thread while LeNet-5 trains in its Train view (Chromium, unless --no-ui). */
  app?: Responsiveness;
  /** The targets of issues 6 (WebGPU) and 14 (wasm), each true or false as measured. */
  targets: Record<string, boolean>;
}

export function machine(): BenchRun['machine'] {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}`, node: process.version };
}

/**
 * Issue 6's (WebGPU) and issue 14's (wasm) targets evaluated on the run's numbers (absent contenders, or no app
 * measurement, leave theirs out).
 */
export function targets(results: Measurement[], roofline: Roofline | null, app?: Responsiveness): Record<string, boolean> {
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
  for (const w of ['A', 'B'] as const) {
    const wasm = get(w, 'convlab-wasm');
    const tfjs = [get(w, 'tfjs-wasm'), get(w, 'tfjs-wasm-threads')].filter((m): m is Measurement => !!m);
    if (!wasm || tfjs.length === 0) continue;
    const trains = tfjs.filter((m) => Number.isFinite(m.examplesPerSecond));
    if (trains.length) out[`${w}: convlab-wasm training ≥2x tfjs-wasm's best build`] = wasm.examplesPerSecond >= 2 * Math.max(...trains.map((m) => m.examplesPerSecond));
    out[`${w}: convlab-wasm prediction latency below tfjs-wasm's best build`] = wasm.latencyMs < Math.min(...tfjs.map((m) => m.latencyMs));
  }
  const many = get('A', 'convlab-wasm');
  const one = get('A', 'convlab-wasm-1t');
  if (many && one && (many.threads ?? 0) > 1) out[`A: convlab-wasm on ${many.threads} threads ≥1.7x convlab-wasm-1t`] = many.examplesPerSecond >= 1.7 * one.examplesPerSecond;
  if (app) {
    out['app: ≥30 frames per second while training'] = app.fps >= 30;
    out['app: no main-thread task over 50 ms of CPU time while training (trace)'] = app.worstTaskCpuMs < 50;
    out['app: no long task while training (PerformanceObserver, wall time)'] = app.longTasksMs.length === 0;
  }
  return out;
}

/** The app's numbers as a Markdown table. */
export function appTable(app: Responsiveness): string {
  return [
    '| frames/s | worst frame gap ms | chart redraws/s | steps/s | long tasks (worst ms) | main-thread tasks | worst task CPU ms (wall) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${app.fps.toFixed(1)} | ${app.worstFrameGapMs.toFixed(0)} | ${app.chartRedrawsPerSecond.toFixed(1)} | ${app.stepsPerSecond.toFixed(1)} | ` +
      `${app.longTasksMs.length} (${app.worstLongTaskMs}) | ${app.tasks} | ${app.worstTaskCpuMs.toFixed(1)} (${app.worstTaskWallMs.toFixed(1)}) |`,
  ].join('\n');
}

/** The JSON line of the app's numbers with `--json` (beside the workloads' lines). */
export function appJsonLine(app: Responsiveness): string {
  const r = (x: number) => Math.round(x * 10) / 10;
  return JSON.stringify({ app: 'train-view', fps: r(app.fps), chartRedrawsPerSecond: r(app.chartRedrawsPerSecond), worstLongTaskMs: app.worstLongTaskMs, worstTaskCpuMs: r(app.worstTaskCpuMs) });
}

export function markdown(run: BenchRun): string {
  const roof = run.roofline ? `${run.roofline.gflops.toFixed(3)} GFLOP/s (${run.roofline.best.kernel}, ${run.roofline.best.size}³)` : 'not measured';
  const peak = run.simdPeak;
  const lines = [
    `# Bench ${run.date} (${run.where})`,
    '',
    `- adapter: ${run.adapter}`,
    ...(run.browser ? [`- browser: ${run.browser}`] : []),
    `- machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.memoryGiB} GiB, ${run.machine.platform}, Node ${run.machine.node}`,
    `- matmul roofline (GPU contenders' peak): ${roof}`,
    ...(peak
      ? [`- SIMD peak (CPU contenders' peak, a wasm ${peak.fused ? 'relaxed_madd' : 'mul + add'} loop): ${peak.perThread.toFixed(2)} GFLOP/s on one thread, ${peak.allThreads.toFixed(2)} on ${peak.threads} at once`]
      : []),
    ...(run.crossOriginIsolated === false ? ['- the bench page was not cross-origin isolated: the wasm engines ran on one thread'] : []),
    `- steps ${run.options.steps} (+${run.options.warmup} warm-up) over ${run.options.rounds} interleaved rounds, batch 64, ${run.options.predictions} single-image predictions`,
    ...Object.entries(run.unavailable ?? {}).map(([k, v]) => `- ${k}: not available (${v})`),
    '',
    resultsTable(run.results, { roofline: run.roofline?.gflops, simd: run.simdPeak }),
    '',
    ...(run.app ? [`The app while LeNet-5 trains on MNIST in its Train view (${(run.app.windowMs / 1000).toFixed(1)} s, batch 64):`, '', appTable(run.app), ''] : []),
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
