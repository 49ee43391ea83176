// `npm run bench:load [-- DIR [SUB-PATH]]` (or `npm run bench -- --load [DIR [SUB-PATH]]`): first-load cost of a built site (default dist/) from a plain local static server, in
// headless Chromium: the JavaScript the page itself loads before the Build view is interactive (bytes, gzipped),
// and the time to an interactive Build view on a cold load (new profile, empty cache) and a warm one (a reload).
// Median of 5 rounds each; the engine worker's own script is listed separately (it loads in the background).

import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/browser.ts';
import { serveStatic } from './staticServer.ts';

const ROUNDS = 5;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

interface Script {
  url: string;
  bytes: number;
  gzipped: number;
  worker: boolean;
  /** Asked for after the Build view was interactive (lazy parts of the first screen, such as the d3 chart). */
  late?: boolean;
}

/** Loads the page and waits until the Build view answers input: the network's name is shown and a palette item is enabled. */
async function loadToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByTestId('network-name').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid^="palette-"]:not([disabled])').first().waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Measures the built site in `args[0]` (default dist/) served under `args[1]` (default /convlab/); prints a report. */
export async function runLoadBench(args: string[]): Promise<void> {
  const dir = args[0] ?? 'dist';
  const site = await serveStatic(dir, { prefix: args[1] ?? '/convlab/', headers: ISOLATION });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    let scripts: Script[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const seen: Promise<Script | null>[] = [];
      const workers = new Set<string>();
      page.on('worker', (w) => void workers.add(w.url()));
      page.on('response', (r) => {
        const worker = workers.has(r.url()) || /engine\.worker-/.test(r.url());
        if (!r.url().endsWith('.js') || r.status() !== 200) return;
        seen.push(r.body().then((b) => ({ url: r.url().slice(site.url.length), bytes: b.length, gzipped: gzipSync(b, { level: 9 }).length, worker }), () => null));
      });
      cold.push(await loadToInteractive(page, site.url));
      if (round === 0) {
        const before = seen.length; // what the page had asked for when it became interactive
        await page.waitForLoadState('networkidle');
        scripts = (await Promise.all(seen)).filter((s): s is Script => s !== null).map((s, i) => ({ ...s, late: i >= before }));
      }
      warm.push(await loadToInteractive(page, site.url));
      await context.close();
    }
    const page = scripts.filter((s) => !s.worker);
    const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
    for (const s of scripts) console.log(`${s.worker ? 'worker' : s.late ? 'later ' : 'page  '}  ${s.url.padEnd(48)} ${kb(s.bytes).padStart(10)} ${kb(s.gzipped).padStart(10)} gzipped`);
    const sum = (list: Script[], key: 'bytes' | 'gzipped') => list.reduce((n, s) => n + s[key], 0);
    const early = page.filter((s) => !s.late);
    console.log(`first-screen JavaScript before interactive: ${kb(sum(early, 'bytes'))}, ${kb(sum(early, 'gzipped'))} gzipped (budget 100 kB)`);
    console.log(`first-screen JavaScript with its lazy parts: ${kb(sum(page, 'bytes'))}, ${kb(sum(page, 'gzipped'))} gzipped; the engine worker: ${kb(sum(scripts.filter((s) => s.worker), 'gzipped'))} gzipped`);
    console.log(`Build view interactive: cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms (median of ${ROUNDS}; cold ${cold.map((t) => t.toFixed(0)).join(', ')}; warm ${warm.map((t) => t.toFixed(0)).join(', ')})`);
  } finally {
    await browser.close();
    await site.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runLoadBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
