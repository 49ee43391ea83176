// The benchmark loop shared by the browser page and the Node bench: every contender gets the same workload and the
// same examples; training runs in interleaved chunks (contender after contender, round after round, the order
// reversed every other round) so drift of a shared, noisy machine hits all of them alike.

import type { Dataset } from '../src/data/index.ts';
import { specNamed } from './contenders.ts';
import type { SimdPeak } from './simdPeak.ts';
import { trainingFlopsPerExample, WORKLOADS, type Workload, type WorkloadId } from './workloads.ts';

/** The examples a workload trains on: the first `count` training images of its dataset (NHWC uint8). */
export interface BenchData {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  shape: [number, number, number];
  classes: number;
}

/** One contender's model for one workload. */
export interface Runner {
  /** Runs `steps` training steps, reading each step's loss back as a live UI would; resolves with the last loss. */
  train(steps: number): Promise<number>;
  /** Classifies one image (index into the bench data) and reads the class scores back. */
  predict(index: number): Promise<Float32Array>;
  /** The CPU threads it runs on, where it says (the wasm engines). */
  threads?: number;
  dispose(): void;
}

export interface Contender {
  name: string;
  /** Steps relative to the others (slow CPU backends run fewer, so the bench stays short). */
  stepScale?: number;
  open(workload: Workload, data: BenchData): Promise<Runner>;
}

export interface Measurement {
  workload: WorkloadId;
  contender: string;
  examplesPerSecond: number;
  latencyMs: number;
  /** Training GFLOP/s achieved (3x forward FLOPs per example). */
  gflops: number;
  /** Steps timed, and the last loss seen (a sanity check that it trains). */
  steps: number;
  loss: number;
  /** The CPU threads it ran on, where it says. */
  threads?: number;
}

export interface BenchOptions {
  workloads: WorkloadId[];
  /** Timed training steps per contender (split over the rounds). */
  steps: number;
  /** Untimed steps first (compilation, autotuning, caches). */
  warmup: number;
  rounds: number;
  /** Single-image predictions timed (the median is reported). */
  predictions: number;
  log?: (message: string) => void;
}

export const DEFAULT_BENCH: BenchOptions = { workloads: ['A', 'B'], steps: 8, warmup: 2, rounds: 2, predictions: 15 };

const now = (): number => globalThis.performance?.now() ?? Date.now();

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The first `count` training examples of a dataset (and its shape). */
export function benchData(dataset: Dataset, count: number): BenchData {
  const n = Math.min(count, dataset.train.count);
  const per = dataset.height * dataset.width * dataset.channels;
  return {
    images: dataset.train.images.subarray(0, n * per),
    labels: dataset.train.labels.subarray(0, n),
    count: n,
    shape: [dataset.height, dataset.width, dataset.channels],
    classes: dataset.classes.length,
  };
}

/** Runs every contender on one workload; a contender that fails to open is reported and left out. */
export async function benchWorkload(id: WorkloadId, data: BenchData, contenders: Contender[], o: BenchOptions): Promise<Measurement[]> {
  const log = o.log ?? (() => {});
  const workload = WORKLOADS[id];
  const flops = trainingFlopsPerExample(workload.spec);
  const open: { c: Contender; runner: Runner; canTrain: boolean; ms: number; steps: number; loss: number; latencies: number[] }[] = [];
  for (const c of contenders) {
    try {
      const runner = await c.open(workload, data);
      const warm = Math.max(1, Math.round(o.warmup * (c.stepScale ?? 1)));
      let canTrain = true;
      try {
        await runner.train(warm);
      } catch (e) {
        // A backend that infers but cannot train (a missing gradient kernel): keep its latency.
        canTrain = false;
        log(`${id} ${c.name}: cannot train (${e instanceof Error ? e.message : String(e)}); measuring prediction only`);
      }
      await runner.predict(0);
      open.push({ c, runner, canTrain, ms: 0, steps: 0, loss: NaN, latencies: [] });
      log(`${id} ${c.name}: ready`);
    } catch (e) {
      log(`${id} ${c.name}: skipped (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 === 0 ? open : [...open].reverse();
    for (const entry of order) {
      const steps = Math.max(1, Math.round((o.steps * (entry.c.stepScale ?? 1)) / o.rounds));
      const t0 = now();
      if (entry.canTrain) {
        entry.loss = await entry.runner.train(steps);
        entry.ms += now() - t0;
        entry.steps += steps;
      }
      const predictions = Math.max(1, Math.ceil(o.predictions / o.rounds));
      for (let i = 0; i < predictions; i++) {
        const p0 = now();
        await entry.runner.predict((round * predictions + i + 1) % data.count);
        entry.latencies.push(now() - p0);
      }
      log(`${id} ${entry.c.name}: round ${round + 1}/${o.rounds}, ${entry.canTrain ? steps : 0} steps in ${((now() - t0) / 1000).toFixed(1)} s, loss ${entry.loss.toFixed(3)}`);
    }
  }
  const out = open.map(({ c, runner, ms, steps, loss, latencies }): Measurement => {
    const examplesPerSecond = steps > 0 ? (steps * workload.batchSize) / (ms / 1000) : NaN;
    return { workload: id, contender: c.name, examplesPerSecond, latencyMs: median(latencies), gflops: (examplesPerSecond * flops) / 1e9, steps, loss, ...(runner.threads !== undefined && { threads: runner.threads }) };
  });
  for (const { runner } of open) runner.dispose();
  return out;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** What each contender's GFLOP/s is set against: the adapter's matmul roofline (GPU), the SIMD peak (CPU). */
export interface Peaks {
  roofline?: number | null;
  simd?: SimdPeak | null;
}

/** The peak a contender's GFLOP/s is a share of, or undefined when it was not measured. */
export function peakFor(m: Measurement, peaks: Peaks): number | undefined {
  const spec = specNamed(m.contender);
  if (!spec || spec.device === 'gpu') return peaks.roofline ?? undefined;
  if (!peaks.simd) return undefined;
  return spec.threads === 'one' || m.threads === 1 ? peaks.simd.perThread : peaks.simd.allThreads;
}

/**
 * The results as a Markdown table: each contender's GFLOP/s as a share of its peak (the matmul roofline for GPU
 * contenders, the SIMD peak for CPU ones), and ConvLab's speed-up over it (convlab for GPU contenders, convlab-wasm
 * for CPU ones).
 */
export function resultsTable(results: Measurement[], peaks: Peaks = {}): string {
  const lines = ['| workload | contender | threads | train examples/s | predict latency ms | train GFLOP/s | % of peak | ConvLab speed-up |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    const spec = specNamed(r.contender);
    const ours = spec?.versus ? results.find((m) => m.workload === r.workload && m.contender === spec.versus) : undefined;
    const ratio = ours ? ours.examplesPerSecond / r.examplesPerSecond : NaN;
    const speedup = Number.isFinite(ratio) ? `${fmt(ratio, 2)}x` : spec?.versus ? '-' : '';
    const peak = peakFor(r, peaks);
    const share = peak && Number.isFinite(r.gflops) ? `${fmt((100 * r.gflops) / peak, 0)}%` : '-';
    const threads = spec?.device === 'gpu' ? '' : String(r.threads ?? (spec?.threads === 'one' ? 1 : '-'));
    lines.push(`| ${r.workload} | ${r.contender} | ${threads} | ${fmt(r.examplesPerSecond)} | ${fmt(r.latencyMs)} | ${fmt(r.gflops, 3)} | ${share} | ${speedup} |`);
  }
  return lines.join('\n');
}

/** The JSON line format of `npm run bench -- --json`. */
export function jsonLine(m: Measurement): string {
  return JSON.stringify({ workload: m.workload, contender: m.contender, examplesPerSecond: round(m.examplesPerSecond), latencyMs: round(m.latencyMs) });
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);
