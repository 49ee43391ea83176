// Command-line options shared by `npm run bench` (Chromium) and `npm run bench -- --node` (Dawn), checked with
// messages that name the flag and the fix.

import { flagsOf } from './contenders.ts';
import { DEFAULT_BENCH, type BenchOptions } from './harness.ts';
import type { WorkloadId } from './workloads.ts';

export interface CliOptions extends BenchOptions {
  json: boolean;
  node: boolean;
  profile: boolean;
  roofline: boolean;
  /** Also measure the app's frames and main thread while it trains (Chromium only). */
  ui: boolean;
  save: boolean;
  /** ConvLab contenders to run in the browser (contenders.ts flags: webgpu, wasm, wasm-1t). */
  convlab: string[];
  /** tfjs contenders to run in the browser (webgpu, webgl, wasm, wasm-threads, cpu). */
  tfjs: string[];
  /** The bench page's port; the app (ui) is served on the next one. */
  port: number;
}

export const CONVLAB_ENGINES = flagsOf('convlab');
export const TFJS_BACKENDS = flagsOf('tfjs');

const USAGE = `usage: npm run bench -- [--node] [--json] [--steps N] [--warmup N] [--rounds N] [--predictions N] [--workloads A,B]
       [--convlab ${CONVLAB_ENGINES.join(',')}] [--tfjs ${TFJS_BACKENDS.join(',')}|none] [--profile] [--no-roofline] [--no-ui] [--no-save] [--port N]`;

export class BenchUsageError extends Error {}

function int(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) throw new BenchUsageError(`${flag} needs an integer ≥ ${min}, got ${v ?? 'nothing'}.\n${USAGE}`);
  return n;
}

export function parseBenchArgs(argv: string[]): CliOptions {
  const o: CliOptions = { ...DEFAULT_BENCH, json: false, node: false, profile: false, roofline: true, ui: true, save: true, convlab: [...CONVLAB_ENGINES], tfjs: [...TFJS_BACKENDS], port: 4186 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    if (flag === '--json') o.json = true;
    else if (flag === '--node') o.node = true;
    else if (flag === '--profile') o.profile = true;
    else if (flag === '--no-roofline') o.roofline = false;
    else if (flag === '--no-ui') o.ui = false;
    else if (flag === '--no-save') o.save = false;
    else if (flag === '--steps') o.steps = int(flag, value(), 1);
    else if (flag === '--warmup') o.warmup = int(flag, value(), 1);
    else if (flag === '--rounds') o.rounds = int(flag, value(), 1);
    else if (flag === '--predictions') o.predictions = int(flag, value(), 1);
    else if (flag === '--port') o.port = int(flag, value(), 1);
    else if (flag === '--workloads') {
      const list = (value() ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      if (list.length === 0 || list.some((w) => w !== 'A' && w !== 'B')) throw new BenchUsageError(`--workloads takes A, B or A,B.\n${USAGE}`);
      o.workloads = list as WorkloadId[];
    } else if (flag === '--tfjs') {
      const list = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((b) => b !== 'none' && !TFJS_BACKENDS.includes(b));
      if (list.length === 0 || bad.length > 0) throw new BenchUsageError(`--tfjs takes a list of ${TFJS_BACKENDS.join(', ')} (or none), got ${bad.join(', ') || 'nothing'}.\n${USAGE}`);
      o.tfjs = list.includes('none') ? [] : list;
    } else if (flag === '--convlab') {
      const list = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((b) => !CONVLAB_ENGINES.includes(b));
      if (list.length === 0 || bad.length > 0) throw new BenchUsageError(`--convlab takes a list of ${CONVLAB_ENGINES.join(', ')}, got ${bad.join(', ') || 'nothing'}.\n${USAGE}`);
      o.convlab = list;
    } else if (flag === '--help' || flag === '-h') throw new BenchUsageError(USAGE);
    else throw new BenchUsageError(`unknown option ${flag}.\n${USAGE}`);
  }
  if (o.rounds > o.steps) throw new BenchUsageError(`--rounds (${o.rounds}) cannot exceed --steps (${o.steps}): each round runs at least one step.`);
  return o;
}
