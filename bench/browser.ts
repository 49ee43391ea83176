// `npm run bench` (the default): builds the bench page with Vite, serves it, and runs it in headless Chromium with
// WebGPU (SwiftShader here, the real GPU where there is one), printing progress, the table or JSON lines.

import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { jsonLine, resultsTable } from './harness.ts';
import type { CliOptions } from './options.ts';
import type { PageOptions, PageResult } from './page.ts';
import { machine, targets, type BenchRun } from './report.ts';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

export async function runBrowserBench(o: CliOptions, print: (line: string) => void, log: (line: string) => void): Promise<BenchRun> {
  log('building the bench page...');
  await build({ configFile: CONFIG, logLevel: 'warn' });
  const server = await preview({ configFile: CONFIG, preview: { port: o.port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[bench] ')) log(text.slice(8));
      else if (msg.type() === 'error' && !text.includes('404')) log(`page error: ${text}`);
    });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${o.port}/`);
    await page.waitForFunction(() => 'convlabBench' in window, undefined, { timeout: 60_000 });
    const options: PageOptions = { workloads: o.workloads, steps: o.steps, warmup: o.warmup, rounds: o.rounds, predictions: o.predictions, tfjs: o.tfjs, roofline: o.roofline };
    const r = await page.evaluate(
      (opts) => (window as unknown as { convlabBench: (x: PageOptions) => Promise<PageResult> }).convlabBench(opts),
      options,
    );
    if (o.json) for (const m of r.results) print(jsonLine(m));
    else print(resultsTable(r.results, r.roofline?.gflops));
    return {
      where: 'chromium',
      date: new Date().toISOString(),
      machine: machine(),
      adapter: r.adapter,
      browser: r.browser,
      unavailable: r.unavailable,
      options: { workloads: o.workloads, steps: o.steps, warmup: o.warmup, rounds: o.rounds, predictions: o.predictions },
      roofline: r.roofline,
      results: r.results,
      targets: targets(r.results, r.roofline),
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
