// `npm run bench`: ConvLab against TensorFlow.js in headless Chromium with WebGPU (bench/browser.ts), or with --node
// ConvLab alone on Dawn (bench/node.ts). Prints a table (or --json lines) and saves bench/results/<date>-<where>.*.

import { parseBenchArgs, BenchUsageError } from '../bench/options.ts';
import { saveRun, type BenchRun } from '../bench/report.ts';

async function main(): Promise<number> {
  // --load: the first-load bench of a built site (scripts/bench-load.ts) instead of the training benches.
  if (process.argv.includes('--load')) {
    await (await import('./bench-load.ts')).runLoadBench(process.argv.slice(2).filter((a) => a !== '--load'));
    return 0;
  }
  let o;
  try {
    o = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const t0 = Date.now();
  let run: BenchRun;
  if (o.node) run = await (await import('../bench/node.ts')).runNodeBench(o, print, log);
  else run = await (await import('../bench/browser.ts')).runBrowserBench(o, print, log);
  for (const [target, ok] of Object.entries(run.targets)) log(`${ok ? 'met    ' : 'NOT met'}  ${target}`);
  if (o.save) log(`saved ${saveRun(run).join(' and ')}`);
  log(`bench took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
