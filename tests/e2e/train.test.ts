// The Train view in headless Chromium with WebGPU on SwiftShader: LeNet-5 on MNIST for a few hundred steps on the
// WebGPU engine with pause / step / resume, the main thread never blocked over 50 ms meanwhile, the test-set confusion
// matrix and its images, the gradient check, reset; the wasm engine in a browser without WebGPU (its speed logged,
// the main thread free); the engine picker moving a run between engines; training settings carried by the URL.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chromium } from 'playwright-core';
import { longTasksBetween, mainThreadTasks, observeLongTasks, TRACE_CATEGORIES } from '../../bench/responsiveness.ts';
import { chooseEngine, CHROMIUM_ARGS, CHROMIUM_PATH, collectErrors, screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let page: Page;
let errors: string[];

usePage('test', async (s) => {
  ({ browser, page, errors } = s);
  // Long tasks (> 50 ms on the main thread), recorded from the first script on, with a clock to window them.
  await observeLongTasks(page);
});

async function openTrain(hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByTestId('network-name').waitFor();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-view').waitFor();
  expect(await page.getByTestId('train-network').textContent()).toMatch(/^LeNet-5 \(MNIST\) on /);
}

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const stepDone = async () => Number((await text('progress-step')).split('/')[0]!.replace(/,/g, '').trim() || '0');
const status = () => text('train-status');
const now = () => page.evaluate(() => performance.now());
const series = async (testId: string) => JSON.parse((await page.getByTestId(testId).getAttribute('data-series')) ?? '{}') as Record<string, [number | null, number | null]>;

/** A full-page screenshot from the top (sticky panels drawn where they sit then, not over the content). */
async function shot(name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** How many of a canvas's pixels are not fully transparent. */
const paintedPixels = (testId: string) =>
  page.getByTestId(testId).locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });

describe('train view', () => {
  it('trains LeNet-5 on MNIST live on WebGPU: pause, step, resume, curves, test results, gradient check, reset', async () => {
    await openTrain();
    await chooseEngine(page, 'webgpu');
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('150');
    await page.getByTestId('batch-size').fill('32');

    // Gradient check on the initial weights (it builds the network first). At trained weights a ReLU or max-pool
    // input can sit within h of its kink, where central differences are not the derivative.
    await page.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.poll(() => text('gradcheck-verdict'), { timeout: 90_000 }).toMatch(/^(Passed|Failed)/);
    if (!(await text('gradcheck-verdict')).startsWith('Passed')) console.log(await text('gradcheck-table'));
    expect(await text('gradcheck-verdict')).toMatch(/^Passed: 11 of 11 tensors within 0.001 \(webgpu, batch 4\)/);
    const rows = page.getByTestId('gradcheck-table').locator('tbody tr');
    // LeNet-5 (MNIST): weights and bias of its two conv and three dense layers, then the input.
    expect(await rows.count()).toBe(11);
    expect(await rows.last().locator('td').first().textContent()).toBe('input');
    await shot('train-gradcheck');

    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(status, { timeout: 90_000 }).toBe('Training');
    await expect.poll(stepDone, { timeout: 60_000 }).toBeGreaterThan(20);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const runFrom = await now();
    // Settings are locked while training.
    expect(await page.getByTestId('batch-size').isDisabled()).toBe(true);
    expect(await page.getByTestId('train-backend').getAttribute('data-engine')).toBe('webgpu');
    expect(await text('train-backend')).toMatch(/^WebGPU \(.+\) · chosen in the settings · 61,706 parameters$/);
    expect(await text('progress-rate')).toMatch(/^[\d,]+$/);
    expect(await text('progress-eta')).toMatch(/s$/);
    expect(await text('progress-lr')).toBe('0.001');

    // Pause: the step count stops; Step adds exactly one; Resume goes on.
    await expect.poll(stepDone, { timeout: 60_000 }).toBeGreaterThan(70);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(status, { timeout: 30_000 }).toBe('Paused');
    const runTo = await now();
    // A deliberate 300 ms block: proof that both measurements below would catch a real one.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          // In a timer task of the page's own (a task run for the devtools protocol is not a long task).
          setTimeout(() => {
            const t = performance.now();
            while (performance.now() - t < 300);
            resolve();
          }, 0),
        ),
    );
    await page.waitForTimeout(100);
    const trace = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString()));
    const paused = await stepDone();
    await page.waitForTimeout(500);
    expect(await stepDone()).toBe(paused);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(stepDone, { timeout: 30_000 }).toBe(paused + 1);
    await shot('train-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(status, { timeout: 120_000 }).toBe('Finished');
    expect(await stepDone()).toBe(150);
    expect(await text('progress-epoch')).toBe('1 / 1');

    // The main thread stayed responsive while the curves updated live. The PerformanceObserver's long tasks are
    // wall time, which on a loaded machine (SwiftShader computes on the same CPU cores) includes time the thread
    // waited for a core; the trace's thread time says how much of each task was the page's own work. So: every task
    // of the page did under 50 ms of work, and long tasks (wall) are listed for the log; the probe must show in both.
    const long = await longTasksBetween(page, runFrom, runTo + 10_000);
    const probe = long.filter((t) => t.start >= runTo);
    const duringRun = long.filter((t) => t.start < runTo);
    const byCpu = [...trace].sort((a, b) => b.cpu - a.cpu);
    console.log(
      `training stretch ${(runTo - runFrom).toFixed(0)} ms: ${trace.length} main-thread tasks, worst thread time ${byCpu[1]?.cpu.toFixed(1)} ms; ` +
        `${duringRun.length} long tasks (wall) ${JSON.stringify(duringRun.map((t) => Math.round(t.duration)))}`,
    );
    expect(runTo - runFrom).toBeGreaterThan(1000);
    expect(trace.length).toBeGreaterThan(100);
    expect(probe.some((t) => t.duration >= 300)).toBe(true);
    // The task with the most thread time is the probe; every other task (chart draws, renders, messages from the
    // worker) did under 50 ms of work.
    expect(byCpu[0]!.wall).toBeGreaterThanOrEqual(300);
    expect(byCpu[1]!.cpu).toBeLessThan(50);

    // Accuracy rose, on the chart and in the numbers.
    await expect.poll(async () => Number(await page.getByTestId('accuracy-chart').getAttribute('data-points')), { timeout: 10_000 }).toBe(150);
    const acc = (await series('accuracy-chart')).train!;
    console.log(`smoothed batch accuracy ${JSON.stringify(acc)}, final batch: ${await text('progress-accuracy')}`);
    expect(acc[1]!).toBeGreaterThan(0.8);
    expect(acc[1]! - acc[0]!).toBeGreaterThan(0.5);
    // The run ended mid-epoch: one validation at its last step.
    await expect.poll(async () => (await series('accuracy-chart')).validation?.[1] ?? null, { timeout: 30_000 }).toBeGreaterThan(0.7);
    const loss = (await series('loss-chart')).train!;
    expect(loss[1]!).toBeLessThan(loss[0]! / 3);
    expect(await paintedPixels('accuracy-chart')).toBeGreaterThan(300);
    expect(parseFloat(await text('progress-accuracy'))).toBeGreaterThan(70);

    // The hover read-out follows the pointer.
    const chart = page.getByTestId('loss-chart');
    const box = (await chart.boundingBox())!;
    // Playwright scrolls the chart out from under the sticky header and progress panel before hovering.
    await chart.locator('svg').hover({ position: { x: box.width / 2, y: box.height / 2 } });
    const readout = chart.locator('.chart-readout');
    await readout.waitFor();
    expect(await readout.textContent()).toMatch(/train: \d+(\.\d+)? \(at \d+\)/);
    // Keyboard: the chart takes focus and the arrow keys move the read-out to the last point.
    await chart.focus();
    for (let k = 0; k < 30; k++) await page.keyboard.press('Shift+ArrowRight');
    expect(await readout.textContent()).toMatch(/train: .*\(at 150\).*validation: .*\(at 150\)/);
    await page.getByLabel('Log scale (loss)').check();
    await shot('train-finished');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(100);
    await shot('train-finished-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Test set: accuracy, a confusion matrix whose cells hold the 10,000 images, a cell's images, the mistakes.
    await page.getByRole('button', { name: 'Evaluate on test set' }).click();
    await expect.poll(() => text('test-accuracy'), { timeout: 60_000 }).toMatch(/^Accuracy \d/);
    const testAcc = parseFloat((await text('test-accuracy')).replace('Accuracy ', ''));
    console.log(`test: ${await text('test-accuracy')}`);
    expect(testAcc).toBeGreaterThan(80);
    const cells = page.getByTestId('confusion-matrix').locator('button.cell');
    expect(await cells.count()).toBe(100);
    const counts = (await cells.allTextContents()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    // The largest off-diagonal cell: images of real mistakes.
    let best = 1;
    for (let k = 0; k < 100; k++) if (k % 11 !== 0 && counts[k]! > counts[best]!) best = k;
    await page.getByTestId(`cell-${Math.floor(best / 10)}-${best % 10}`).click();
    const cellImages = page.getByTestId('cell-examples').locator('canvas.example-image');
    await expect.poll(() => cellImages.count(), { timeout: 20_000 }).toBe(Math.min(32, counts[best]!));
    expect(await page.getByTestId('cell-examples').locator('h3').textContent()).toContain(`True ${Math.floor(best / 10)}, predicted ${best % 10}`);
    const mistakes = page.getByTestId('mistakes').locator('figure');
    await expect.poll(() => mistakes.count(), { timeout: 20_000 }).toBe(24);
    expect(await mistakes.first().locator('.probs li').count()).toBe(3);
    await shot('train-test-results');

    // Reset: back to step 0 with empty curves.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(status, { timeout: 60_000 }).toBe('Ready');
    expect(await stepDone()).toBe(0);
    expect(await page.getByTestId('accuracy-chart').getAttribute('data-points')).toBe('0');
    expect(errors).toEqual([]);
  });

  it('trains on the wasm engine where the browser has no WebGPU, fast, with the main thread free', async () => {
    const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS.filter((a) => !/webgpu|vulkan/i.test(a)) });
    try {
      const p = await plain.newPage({ viewport: { width: 1280, height: 720 } });
      const pageErrors = collectErrors(p);
      const get = async (testId: string) => (await p.getByTestId(testId).textContent()) ?? '';
      const done = async () => Number((await get('progress-step')).split('/')[0]!.replace(/,/g, '').trim() || '0');
      await p.goto(`${baseUrl}/`);
      await expect.poll(() => get('gpu-status'), { timeout: 30_000 }).toMatch(/^No WebGPU in this browser/);
      await p.getByTestId('tab-train').click();
      await p.getByLabel('Stop after').selectOption('steps');
      await p.getByTestId('steps').fill('600');
      await p.getByTestId('batch-size').fill('32');
      await p.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => get('train-status'), { timeout: 120_000 }).toBe('Training');
      await expect.poll(done, { timeout: 60_000 }).toBeGreaterThan(30);
      // A stretch of the run traced: each main-thread task's own CPU time.
      await plain.startTracing(p, { categories: TRACE_CATEGORIES });
      const from = { step: await done(), t: await p.evaluate(() => performance.now()) };
      await p.waitForTimeout(3000);
      const to = { step: await done(), t: await p.evaluate(() => performance.now()) };
      const trace = mainThreadTasks(JSON.parse((await plain.stopTracing()).toString()));
      await expect.poll(() => get('train-status'), { timeout: 120_000 }).toBe('Finished');
      // The dev server is cross-origin isolated, so the wasm engine runs threaded; auto says why it runs.
      expect(await p.getByTestId('train-backend').getAttribute('data-engine')).toBe('wasm');
      expect(await get('train-backend')).toMatch(/^WASM SIMD( \(relaxed FMA\))?, \d+ threads? · auto: (this browser has no WebGPU|WebGPU failed: .+) · 61,706 parameters$/);
      expect(await get('progress-step')).toBe('600 / 600');
      // Speed, for the log (no threshold: machines differ): the page's figure, and the traced stretch's own.
      const perSecond = ((to.step - from.step) * 32) / ((to.t - from.t) / 1000);
      const worst = Math.max(...trace.map((t) => t.cpu));
      console.log(
        `no-WebGPU LeNet-5 on ${await get('train-backend')}: ${Math.round(perSecond)} examples/s over ${to.step - from.step} traced steps ` +
          `(page: ${await get('progress-rate')}), ${(perSecond / 44).toFixed(0)}x the CPU reference fallback's ~44; ` +
          `${trace.length} main-thread tasks, worst ${worst.toFixed(1)} ms of CPU`,
      );
      expect(to.step).toBeGreaterThan(from.step);
      expect(trace.length).toBeGreaterThan(20);
      expect(worst).toBeLessThan(50);
      await screenshot(p, 'train-wasm-backend');
      expect(pageErrors).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('switches the engine from the picker, keeping the run, and says which runs and why', async () => {
    await openTrain();
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('40');
    await page.getByTestId('batch-size').fill('16');
    const engine = () => page.getByTestId('train-backend').getAttribute('data-engine');
    // auto's pick depends on this machine's adapter; it says why, whichever it is.
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(stepDone, { timeout: 120_000 }).toBe(1);
    await expect.poll(engine, { timeout: 30_000 }).toMatch(/^(webgpu|wasm)$/);
    expect(await text('train-backend')).toMatch(/ · auto: (a hardware WebGPU adapter|\d+\.\d× faster than (the software WebGPU adapter|WASM) here) · 61,706 parameters$/);
    const lines: Record<string, string> = {};
    for (const choice of ['wasm', 'webgpu', 'cpu'] as const) {
      await chooseEngine(page, choice);
      await expect.poll(engine, { timeout: 120_000 }).toBe(choice);
      lines[choice] = await text('train-backend');
      // The run went over: same step, and Step goes on from it.
      expect(await stepDone()).toBe(choice === 'wasm' ? 1 : choice === 'webgpu' ? 2 : 3);
      expect(await text('train-status')).toBe('Paused');
      await page.getByRole('button', { name: 'Step' }).click();
      await expect.poll(stepDone, { timeout: 60_000 }).toBe(choice === 'wasm' ? 2 : choice === 'webgpu' ? 3 : 4);
      if (choice === 'wasm') await shot('train-engine-picker');
    }
    expect(lines.wasm).toMatch(/^WASM SIMD( \(relaxed FMA\))?, \d+ threads? · chosen in the settings · 61,706 parameters$/);
    expect(lines.webgpu).toMatch(/^WebGPU \(.+\) · chosen in the settings · 61,706 parameters$/);
    expect(lines.cpu).toMatch(/^CPU reference · chosen in the settings; training is much slower than on the other engines · 61,706 parameters$/);
    // Threads: one thread asked for, and the line says so; the run is not discarded by any of it.
    await chooseEngine(page, 'wasm');
    await page.getByTestId('engine-threads').selectOption('1');
    await expect.poll(() => text('train-backend'), { timeout: 120_000 }).toMatch(/^WASM SIMD( \(relaxed FMA\))?, 1 thread · chosen in the settings/);
    expect(await page.getByTestId('run-stale').count()).toBe(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(status, { timeout: 120_000 }).toBe('Finished');
    expect(await stepDone()).toBe(40);
    expect(errors).toEqual([]);
  });

  it('puts the training settings in the URL, and a reload from it gives the same settings', async () => {
    await openTrain();
    await page.getByLabel('Optimizer').selectOption('momentum');
    await page.getByTestId('opt-learningRate').fill('0.05');
    await page.getByTestId('opt-momentum').fill('0.8');
    await page.getByTestId('batch-size').fill('128');
    await page.getByLabel('Schedule').selectOption('cosine');
    await page.getByTestId('seed').fill('7');
    await page.getByTestId('validation-split').fill('0.2');
    // An invalid value is kept in its field with the message, and never reaches the URL.
    await page.getByTestId('batch-size').fill('0');
    expect(await page.getByRole('alert').filter({ hasText: 'Batch size must be a whole number' }).count()).toBe(1);
    expect(await page.getByTestId('batch-size').inputValue()).toBe('0');
    await page.getByTestId('batch-size').fill('128');
    await expect.poll(() => page.url()).toContain('&train=');
    const url = page.url();
    expect(url).toMatch(/#net=n1\.[A-Za-z0-9_-]+&train=/);
    expect(decodeURIComponent(url.split('&train=')[1]!)).toBe('opt:momentum,lr:0.05,mom:0.8,bs:128,sched:cosine,val:0.2,seed:7');
    await shot('train-settings');

    // Another browser (a fresh context: no autosaved workspace of its own to come back to).
    const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const second = await other.newPage();
    const secondErrors = collectErrors(second);
    await second.goto(url);
    await second.getByTestId('tab-train').click();
    expect(await second.getByTestId('train-network').textContent()).toMatch(/^LeNet-5 \(MNIST\) on /);
    expect(await second.getByLabel('Optimizer').inputValue()).toBe('momentum');
    expect(await second.getByTestId('opt-learningRate').inputValue()).toBe('0.05');
    expect(await second.getByTestId('opt-momentum').inputValue()).toBe('0.8');
    expect(await second.getByTestId('batch-size').inputValue()).toBe('128');
    expect(await second.getByLabel('Schedule').inputValue()).toBe('cosine');
    expect(await second.getByTestId('seed').inputValue()).toBe('7');
    expect(await second.getByTestId('validation-split').inputValue()).toBe('0.2');
    expect(await second.getByTestId('link-error').count()).toBe(0);
    expect(second.url()).toBe(url);
    expect(secondErrors).toEqual([]);

    // A damaged training part: the network still opens, the settings are the defaults, and the message says why.
    const third = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await third.goto(`${url.split('&train=')[0]}&train=bs:lots`);
    await third.getByTestId('tab-train').click();
    expect(await third.getByTestId('train-network').textContent()).toMatch(/^LeNet-5 \(MNIST\) on /);
    expect(await third.getByTestId('train-link-error').textContent()).toContain('"bs" should be a number, got "lots"');
    expect(await third.getByTestId('batch-size').inputValue()).toBe('64');
    await third.context().close();
    await other.close();
    expect(errors).toEqual([]);
  });
});
