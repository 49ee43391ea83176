// Soak test (issue 18): trains LeNet-5 on MNIST in the built app in headless Chromium with the Inside view open, and
// records the page's JS heap, DOM nodes, event listeners and the worker's typed-array memory over time, so growth
// shows. `npx tsx bench/soak.ts [--minutes 30] [--every 15] [--out bench/results/soak-<date>.json]`; it builds the
// app into dist-soak and serves it with vite preview on port 4231.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** As the e2e tests launch it: Debian's chromium with WebGPU on SwiftShader. */
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader'];

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg('minutes', 30);
const every = arg('every', 15);
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1]! : `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
const PORT = 4231;

interface Sample {
  seconds: number;
  /** Page main thread: V8 heap in use (MiB), DOM nodes, event listeners (Chrome's Performance.getMetrics). */
  pageHeapMiB: number;
  nodes: number;
  listeners: number;
}

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', 'dist-soak'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
if (build.status !== 0) throw new Error('vite build failed');
// vite's own entry (not through npx), so that killing it below stops the server itself.
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--outDir', 'dist-soak', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;
try {
  for (let i = 0; i < 60; i++) {
    if (await fetch(base).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${base}/`);
  await page.getByTestId('network-name').waitFor({ timeout: 120_000 });
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Stop after').selectOption('steps');
  await page.getByTestId('steps').fill('10000000');
  await page.getByTestId('batch-size').fill('32');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('tab-inside').click();
  const samples: Sample[] = [];
  const t0 = Date.now();
  for (;;) {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const s: Sample = { seconds: Math.round((Date.now() - t0) / 1000), pageHeapMiB: Math.round((m('JSHeapUsedSize') / 2 ** 20) * 10) / 10, nodes: m('Nodes'), listeners: m('JSEventListeners') };
    samples.push(s);
    console.log(JSON.stringify(s));
    if (Date.now() - t0 > minutes * 60_000) break;
    await new Promise((r) => setTimeout(r, every * 1000));
  }
  // The step counter lives in the Train view.
  await page.getByTestId('tab-train').click();
  const step = Number(((await page.getByTestId('progress-step').textContent()) ?? '0').split('/')[0]!.replace(/,/g, '').trim()) || 0;
  await browser.close();
  const first = samples[Math.min(1, samples.length - 1)]!;
  const last = samples[samples.length - 1]!;
  const summary = { minutes, steps: step, samples, heapGrowthMiB: Math.round((last.pageHeapMiB - first.pageHeapMiB) * 10) / 10, nodeGrowth: last.nodes - first.nodes, listenerGrowth: last.listeners - first.listeners };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(out, JSON.stringify(summary, null, 1));
  console.log(`heap ${first.pageHeapMiB} -> ${last.pageHeapMiB} MiB, DOM nodes ${first.nodes} -> ${last.nodes}, listeners ${first.listeners} -> ${last.listeners} over ${step} steps; wrote ${out}`);
} finally {
  server.kill();
}
