// `npm run bench` (the default): builds the bench page with Vite, serves it, and runs it in headless Chromium with
// WebGPU (SwiftShader here, the real GPU where there is one), printing progress, the table or JSON lines; then builds
// and serves the app, and measures its frames and main thread while it trains (bench/responsiveness.ts).

import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build, preview } from 'vite';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { jsonLine, resultsTable } from './harness.ts';
import type { CliOptions } from './options.ts';
import type { PageOptions, PageResult } from './page.ts';
import { appJsonLine, appTable, machine, targets, type BenchRun } from './report.ts';
import { formatResponsiveness, trainingResponsiveness, type Responsiveness } from './responsiveness.ts';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const APP_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const APP_OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/convlab-app/', import.meta.url));
/** How long the app is watched while it trains. */
const APP_WINDOW_MS = 5000;

/** Builds the app, serves it on `port`, and measures a window of its training in a fresh page. */
async function measureApp(browser: Browser, port: number, log: (line: string) => void): Promise<Responsiveness> {
  log('building the app...');
  const out = { outDir: APP_OUT_DIR, emptyOutDir: true };
  await build({ configFile: APP_CONFIG, build: out, logLevel: 'warn' });
  const server = await preview({ configFile: APP_CONFIG, build: out, preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  try {
    log(`app: training LeNet-5 on MNIST in the Train view, watching ${APP_WINDOW_MS / 1000} s...`);
    const app = await trainingResponsiveness(browser, `http://127.0.0.1:${port}`, APP_WINDOW_MS);
    log(`app: ${formatResponsiveness(app)}`);
    return app;
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

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
    const options: PageOptions = { workloads: o.workloads, steps: o.steps, warmup: o.warmup, rounds: o.rounds, predictions: o.predictions, convlab: o.convlab, tfjs: o.tfjs, roofline: o.roofline };
    const r = await page.evaluate(
      (opts) => (window as unknown as { convlabBench: (x: PageOptions) => Promise<PageResult> }).convlabBench(opts),
      options,
    );
    await page.close();
    const app = o.ui ? await measureApp(browser, o.port + 1, log) : undefined;
    if (o.json) {
      for (const m of r.results) print(jsonLine(m));
      if (app) print(appJsonLine(app));
    } else {
      print(resultsTable(r.results, { roofline: r.roofline?.gflops, simd: r.simdPeak }));
      if (app) print(`\nThe app while LeNet-5 trains on MNIST:\n\n${appTable(app)}`);
    }
    return {
      where: 'chromium',
      date: new Date().toISOString(),
      machine: machine(),
      adapter: r.adapter,
      browser: r.browser,
      unavailable: r.unavailable,
      options: { workloads: o.workloads, steps: o.steps, warmup: o.warmup, rounds: o.rounds, predictions: o.predictions },
      roofline: r.roofline,
      simdPeak: r.simdPeak,
      crossOriginIsolated: r.crossOriginIsolated,
      results: r.results,
      ...(app && { app }),
      targets: targets(r.results, r.roofline, app),
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
