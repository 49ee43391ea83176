// Bench and profile arithmetic without a GPU: option parsing with its messages, the targets, the tables, the SIMD
// peak's wasm loop, and the rows of the "where the time goes" chart.
import { describe, expect, it } from 'vitest';
import { resultsTable, type Measurement } from '../../bench/harness.ts';
import { BenchUsageError, parseBenchArgs } from '../../bench/options.ts';
import { appJsonLine, appTable, markdown, targets, type BenchRun } from '../../bench/report.ts';
import { peakModule } from '../../bench/simdPeak.ts';
import type { Responsiveness } from '../../bench/responsiveness.ts';
import { trainingFlopsPerExample, WORKLOADS } from '../../bench/workloads.ts';
import { formatProfile, layerTimes, type PartTime, type ProfileResult } from '../../src/engine/profile.ts';
import { profileBars } from '../../src/ui/train/profileBars.ts';

const m = (workload: 'A' | 'B', contender: string, examplesPerSecond: number, latencyMs: number, gflops = 0, threads?: number): Measurement => ({ workload, contender, examplesPerSecond, latencyMs, gflops, steps: 4, loss: 2, ...(threads !== undefined && { threads }) });

describe('bench options', () => {
  it('parses flags and defaults', () => {
    expect(parseBenchArgs([])).toMatchObject({ steps: 8, rounds: 2, json: false, node: false, ui: true, convlab: ['webgpu', 'wasm', 'wasm-1t'], tfjs: ['webgpu', 'webgl', 'wasm', 'wasm-threads', 'cpu'], workloads: ['A', 'B'] });
    expect(parseBenchArgs(['--convlab', 'wasm,wasm-1t', '--tfjs', 'wasm,wasm-threads'])).toMatchObject({ convlab: ['wasm', 'wasm-1t'], tfjs: ['wasm', 'wasm-threads'] });
    expect(parseBenchArgs(['--no-ui'])).toMatchObject({ ui: false, roofline: true });
    expect(parseBenchArgs(['--json', '--steps', '3', '--rounds', '1', '--workloads', 'b', '--tfjs', 'none', '--node'])).toMatchObject({ json: true, steps: 3, rounds: 1, workloads: ['B'], tfjs: [], node: true });
  });
  it('names the flag and the fix on bad input', () => {
    expect(() => parseBenchArgs(['--steps', '0'])).toThrow(/--steps needs an integer ≥ 1, got 0/);
    expect(() => parseBenchArgs(['--workloads', 'C'])).toThrow(/--workloads takes A, B or A,B/);
    expect(() => parseBenchArgs(['--tfjs', 'metal'])).toThrow(/--tfjs takes a list of webgpu, webgl, wasm, wasm-threads, cpu \(or none\), got metal/);
    expect(() => parseBenchArgs(['--convlab', 'metal'])).toThrow(/--convlab takes a list of webgpu, wasm, wasm-1t, got metal/);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--steps', '2', '--rounds', '3'])).toThrow(/--rounds \(3\) cannot exceed --steps \(2\)/);
  });
});

describe('bench targets and table', () => {
  it('training FLOPs are 3x forward, forward 2 per MAC', () => {
    // B: 32·32·16·27 + 16·16·32·144 + 8·8·64·288 + 1024·10 MACs.
    const macs = 32 * 32 * 16 * 27 + 16 * 16 * 32 * 144 + 8 * 8 * 64 * 288 + 1024 * 10;
    expect(trainingFlopsPerExample(WORKLOADS.B.spec)).toBe(6 * macs);
  });
  it('evaluates each target from the numbers', () => {
    const results = [m('A', 'convlab', 310, 10), m('A', 'tfjs-webgpu', 30, 74), m('A', 'tfjs-webgl', 200, 20), m('B', 'convlab', 60, 50, 1.0), m('B', 'tfjs-webgpu', 17, 40)];
    const roof = { gflops: 1.2, best: { kernel: 'k', size: 512, gflops: 1.2 }, candidates: [] };
    expect(targets(results, roof)).toEqual({
      'A: training ≥10x tfjs-webgpu': true,
      'A: training beats tfjs-webgl': true,
      'A: prediction latency below tfjs-webgpu': true,
      'B: training ≥4x tfjs-webgpu': false,
      'B: prediction latency below tfjs-webgpu': false,
      'B: training GFLOP/s ≥70% of the matmul roofline': true,
    });
    const table = resultsTable(results, { roofline: 1.2 });
    expect(table).toContain('| A | tfjs-webgpu |  | 30.0 | 74.0 | 0.000 | 0% | 10.33x |');
    expect(table).toContain('| B | convlab |  | 60.0 | 50.0 | 1.000 | 83% |  |');
  });
  it('sets the wasm engines against tfjs-wasm’s best build, one thread against two, and the CPU ones against the SIMD peak', () => {
    const results = [
      m('A', 'convlab-wasm', 3000, 0.8, 3.0, 2),
      m('A', 'convlab-wasm-1t', 1700, 0.9, 1.7, 1),
      m('A', 'tfjs-wasm', 900, 1.2, 0.9, 1),
      m('A', 'tfjs-wasm-threads', 1400, 1.5, 1.4, 2),
      m('B', 'convlab-wasm', 500, 2, 2.0, 2),
      m('B', 'tfjs-wasm', 300, 1.5, 1.2, 1),
      m('B', 'tfjs-wasm-threads', NaN, 1.9, NaN, 2),
    ];
    expect(targets(results, null)).toEqual({
      "A: convlab-wasm training ≥2x tfjs-wasm's best build": true,
      "A: convlab-wasm prediction latency below tfjs-wasm's best build": true,
      "B: convlab-wasm training ≥2x tfjs-wasm's best build": false,
      "B: convlab-wasm prediction latency below tfjs-wasm's best build": false,
      'A: convlab-wasm on 2 threads ≥1.7x convlab-wasm-1t': true,
    });
    const table = resultsTable(results, { simd: { perThread: 10, allThreads: 20, threads: 2, fused: true } });
    expect(table).toContain('| A | convlab-wasm | 2 | 3000.0 | 0.8 | 3.000 | 15% |  |');
    expect(table).toContain('| A | convlab-wasm-1t | 1 | 1700.0 | 0.9 | 1.700 | 17% |  |');
    expect(table).toContain('| A | tfjs-wasm | 1 | 900.0 | 1.2 | 0.900 | 9% | 3.33x |');
    expect(table).toContain('| A | tfjs-wasm-threads | 2 | 1400.0 | 1.5 | 1.400 | 7% | 2.14x |');
    expect(table).toContain('| B | tfjs-wasm-threads | 2 | - | 1.9 | - | - | - |');
  });
  it('measures the SIMD peak with a valid wasm loop of multiply-adds that stays bounded', () => {
    const bytes = peakModule(false);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const peak = (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { peak(n: number): number }).peak;
    // Ten accumulators converging to 0.001 / (1 - 0.999) = 1 each: their sum tends to 10.
    expect(peak(1)).toBeCloseTo(10 * 0.001, 6);
    expect(peak(100_000)).toBeCloseTo(10, 3);
  });
});

describe('the app while training', () => {
  const app: Responsiveness = {
    windowMs: 5012,
    fps: 47.25,
    worstFrameGapMs: 133.4,
    chartRedrawsPerSecond: 2.51,
    stepsPerSecond: 2.5,
    longTasksMs: [57],
    worstLongTaskMs: 57,
    tasks: 640,
    worstTaskCpuMs: 10.04,
    worstTaskWallMs: 30.7,
  };
  it('adds its targets: frames per second, main-thread CPU per task, long tasks', () => {
    expect(targets([], null, app)).toEqual({
      'app: ≥30 frames per second while training': true,
      'app: no main-thread task over 50 ms of CPU time while training (trace)': true,
      'app: no long task while training (PerformanceObserver, wall time)': false,
    });
    expect(targets([], null, { ...app, fps: 29.9, worstTaskCpuMs: 50, longTasksMs: [], worstLongTaskMs: 0 })).toEqual({
      'app: ≥30 frames per second while training': false,
      'app: no main-thread task over 50 ms of CPU time while training (trace)': false,
      'app: no long task while training (PerformanceObserver, wall time)': true,
    });
  });
  it('prints a table row, a JSON line beside the workloads’ lines, and a section of the saved Markdown', () => {
    expect(appTable(app)).toContain('| 47.3 | 133 | 2.5 | 2.5 | 1 (57) | 640 | 10.0 (30.7) |');
    expect(JSON.parse(appJsonLine(app))).toEqual({ app: 'train-view', fps: 47.3, chartRedrawsPerSecond: 2.5, worstLongTaskMs: 57, worstTaskCpuMs: 10 });
    const run: BenchRun = {
      where: 'chromium',
      date: '2026-12-02T00:00:00.000Z',
      machine: { cpu: 'cpu', cores: 2, memoryGiB: 8, platform: 'linux x64', node: 'v20' },
      adapter: 'swiftshader',
      options: { workloads: ['A'], steps: 8, warmup: 2, rounds: 2, predictions: 15 },
      roofline: null,
      results: [m('A', 'convlab', 310, 10)],
      app,
      targets: targets([m('A', 'convlab', 310, 10)], null, app),
    };
    const md = markdown(run);
    expect(md).toContain('The app while LeNet-5 trains on MNIST in its Train view (5.0 s, batch 64):');
    expect(md).toContain('- met: app: ≥30 frames per second while training');
    expect(md).toContain('- NOT met: app: no long task while training (PerformanceObserver, wall time)');
    expect(markdown({ ...run, app: undefined })).not.toContain('The app while');
  });
});

describe('profile rows', () => {
  const parts: PartTime[] = [
    { layerIndex: null, type: 'input', phase: 'input', ms: 1, dispatches: 1 },
    { layerIndex: 0, type: 'conv2d', phase: 'forward', ms: 4, dispatches: 1 },
    { layerIndex: 1, type: 'relu', phase: 'forward', ms: 1, dispatches: 1 },
    { layerIndex: null, type: 'loss', phase: 'loss', ms: 0.5, dispatches: 1 },
    { layerIndex: 1, type: 'relu', phase: 'backward', ms: 1, dispatches: 1 },
    { layerIndex: 0, type: 'conv2d', phase: 'backward', ms: 2, dispatches: 2 },
    { layerIndex: null, type: 'optimizer', phase: 'optimizer', ms: 0.5, dispatches: 1 },
  ];
  const profile: ProfileResult = { method: 'timestamp-query', batchSize: 64, stepMs: 9.5, partsMs: 10, parts, layers: layerTimes(parts) };

  it('sums each layer’s kernels per phase', () => {
    expect(profile.layers).toEqual([
      { layerIndex: 0, type: 'conv2d', forwardMs: 4, backwardMs: 2, fused: false },
      { layerIndex: 1, type: 'relu', forwardMs: 1, backwardMs: 1, fused: false },
    ]);
  });
  it('marks a layer that runs no kernel of its own as fused', () => {
    const fusedParts: PartTime[] = [
      { layerIndex: 0, type: 'conv2d', phase: 'forward', ms: 4, dispatches: 1 },
      { layerIndex: 1, type: 'relu', phase: 'forward', ms: 0, dispatches: 0 },
      { layerIndex: 1, type: 'relu', phase: 'backward', ms: 0, dispatches: 0 },
      { layerIndex: 0, type: 'conv2d', phase: 'backward', ms: 2, dispatches: 2 },
    ];
    const p: ProfileResult = { ...profile, partsMs: 6, parts: fusedParts, layers: layerTimes(fusedParts) };
    expect(p.layers.map((l) => l.fused)).toEqual([false, true]);
    expect(profileBars(p).map((b) => b.label)).toEqual(['1 conv2d', '2 relu (fused)']);
    expect(formatProfile(p)).toMatch(/^2 relu +fused *$/m);
  });
  it('gives chart rows with shares of the step', () => {
    const bars = profileBars(profile);
    expect(bars.map((b) => [b.label, b.totalMs, b.share])).toEqual([
      ['input batch', 1, 0.1],
      ['1 conv2d', 6, 0.6],
      ['2 relu', 2, 0.2],
      ['softmax cross-entropy', 0.5, 0.05],
      ['optimizer', 0.5, 0.05],
    ]);
  });
  it('prints a table with the method and the step time', () => {
    const text = formatProfile(profile);
    expect(text).toMatch(/1 conv2d\s+4\.000\s+2\.000\s+6\.000\s+60\.0%/);
    expect(text).toContain('one step: 9.50 ms as a single pass, 10.00 ms as parts timed alone (batch 64, timestamp-query)');
  });
});
