// The app's main thread while it trains (issue 6): frames per second, chart redraws per second, long tasks (a
// PerformanceObserver) and each main-thread task's CPU time (a Chrome trace), measured with Playwright over a window
// of steady training. Shared by the e2e test (tests/e2e/responsiveness.test.ts) and `npm run bench`.

import type { Browser, Page } from 'playwright-core';

/** What one window of measurement saw. */
export interface Responsiveness {
  /** Length of the window, from its first animation frame to its last. */
  windowMs: number;
  /** requestAnimationFrame callbacks per second. */
  fps: number;
  /** The longest gap between two animation frames. */
  worstFrameGapMs: number;
  /** Redraws per second of the loss chart (its `data-draws` counter). */
  chartRedrawsPerSecond: number;
  /** Training steps per second (the progress read-out). */
  stepsPerSecond: number;
  /** Durations of the long tasks (over 50 ms of wall time, PerformanceObserver) that started in the window. */
  longTasksMs: number[];
  /** The longest of them, 0 when there was none. */
  worstLongTaskMs: number;
  /** Top-level tasks of the page's main thread in the trace, and the most CPU (thread) time one of them took. */
  tasks: number;
  worstTaskCpuMs: number;
  /** That task's wall time. */
  worstTaskWallMs: number;
}

/** A busy loop of `forMs` on the main thread every `everyMs`, as a probe that the measurement catches a slow page. */
export interface BlockProbe {
  everyMs: number;
  forMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Top-level tasks of the renderer main threads in a Chrome trace: wall and thread (CPU) time in ms. */
export function mainThreadTasks(trace: { traceEvents: TraceEvent[] }): { name: string; wall: number; cpu: number }[] {
  const mains = new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return trace.traceEvents
    .filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .filter((e) => e.tdur !== undefined)
    .map((e) => ({ name: e.name, wall: (e.dur ?? 0) / 1000, cpu: e.tdur! / 1000 }));
}

/** The trace categories that give every main-thread task its wall and thread time. */
export const TRACE_CATEGORIES = ['toplevel'];

/** Records long tasks (> 50 ms on the main thread) from the page's first script on, with their start times. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Long tasks that started between two performance.now() times (observeLongTasks must have run before the page loaded). */
export function longTasksBetween(page: Page, from: number, to: number): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(
    ([a, b]) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= a! && t.start <= b!),
    [from, to],
  );
}

/**
 * Opens the app's Train view with its default network (LeNet-5 on MNIST) and settings (the engine picked when given),
 * starts training, scrolls the curves into view and waits until `warmSteps` steps are done (the network is built and
 * tuned by then).
 */
export async function startTraining(page: Page, baseUrl: string, warmSteps = 10, engine?: 'auto' | 'webgpu' | 'wasm' | 'cpu'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('network-name').waitFor();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-view').waitFor();
  if (engine) await page.getByTestId('engine-choice').selectOption(engine);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('loss-chart').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (warm) =>
      document.querySelector('[data-testid="train-status"]')?.textContent === 'Training' &&
      Number((document.querySelector('[data-testid="progress-step"]')?.textContent ?? '0').split('/')[0]!.replace(/,/g, '')) > warm,
    warmSteps,
    { timeout: 180_000, polling: 200 },
  );
}

/**
 * Measures a window of `ms` while the page trains: animation frames, chart redraws and steps counted in the page,
 * long tasks from observeLongTasks, and a Chrome trace for each main-thread task's CPU time. With `block`, the page
 * also runs the probe's busy loop through the window.
 */
export async function measureResponsiveness(browser: Browser, page: Page, ms: number, block?: BlockProbe): Promise<Responsiveness> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let counted: { start: number; end: number; frames: number; worstGap: number; draws: number; steps: number };
  let trace: string;
  try {
    counted = await page.evaluate(
      // No named functions in here: tsx (`npm run bench`) would wrap them in a helper the page does not have.
      async ([ms, block]) => {
        const chart = document.querySelector<HTMLElement>('[data-testid="loss-chart"]');
        const progress = document.querySelector('[data-testid="progress-step"]');
        // The progress read-out: "1,234 / 8,430".
        const step = /^[\d,]+/;
        // In timer tasks of the page's own (a task run for the devtools protocol is not a long task).
        const timer = block
          ? setInterval(() => {
              const t = performance.now();
              while (performance.now() - t < block.forMs);
            }, block.everyMs)
          : 0;
        const start = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        const d0 = Number(chart?.dataset.draws ?? 0);
        const s0 = Number(step.exec(progress?.textContent ?? '')?.[0].replace(/,/g, '') ?? 0);
        let frames = 0;
        let last = start;
        let worstGap = 0;
        while (last - start < ms) {
          const t = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
          frames++;
          worstGap = Math.max(worstGap, t - last);
          last = t;
        }
        clearInterval(timer);
        const draws = Number(chart?.dataset.draws ?? 0) - d0;
        const steps = Number(step.exec(progress?.textContent ?? '')?.[0].replace(/,/g, '') ?? 0) - s0;
        return { start, end: last, frames, worstGap, draws, steps };
      },
      [ms, block ?? null] as const,
    );
    // Long-task entries reach the observer a little after their task ends.
    await page.waitForTimeout(200);
  } finally {
    trace = (await browser.stopTracing()).toString();
  }
  const tasks = mainThreadTasks(JSON.parse(trace) as { traceEvents: TraceEvent[] });
  const worst = tasks.reduce((a, b) => (b.cpu > a.cpu ? b : a), { name: '', wall: 0, cpu: 0 });
  const long = (await longTasksBetween(page, counted.start, counted.end)).map((t) => Math.round(t.duration));
  const seconds = (counted.end - counted.start) / 1000;
  return {
    windowMs: counted.end - counted.start,
    fps: counted.frames / seconds,
    worstFrameGapMs: counted.worstGap,
    chartRedrawsPerSecond: counted.draws / seconds,
    stepsPerSecond: counted.steps / seconds,
    longTasksMs: long,
    worstLongTaskMs: Math.max(0, ...long),
    tasks: tasks.length,
    worstTaskCpuMs: worst.cpu,
    worstTaskWallMs: worst.wall,
  };
}

/** One line for a log: the window's numbers. */
export function formatResponsiveness(r: Responsiveness): string {
  const f = (x: number, d = 1) => x.toFixed(d);
  return (
    `${f(r.windowMs / 1000)} s: ${f(r.fps)} fps (worst frame gap ${f(r.worstFrameGapMs, 0)} ms), ${f(r.chartRedrawsPerSecond)} chart redraws/s, ` +
    `${f(r.stepsPerSecond)} steps/s; ${r.longTasksMs.length} long tasks (worst ${r.worstLongTaskMs} ms wall); ` +
    `${r.tasks} main-thread tasks, worst ${f(r.worstTaskCpuMs)} ms CPU (${f(r.worstTaskWallMs)} ms wall)`
  );
}

/**
 * Opens a fresh page, starts training on the WebGPU engine (issue 6's pacing is what this measures) and measures one
 * window: what `npm run bench` reports for the app.
 */
export async function trainingResponsiveness(browser: Browser, baseUrl: string, ms: number): Promise<Responsiveness> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await observeLongTasks(page);
    await startTraining(page, baseUrl, 10, 'webgpu');
    const r = await measureResponsiveness(browser, page, ms);
    await page.getByRole('button', { name: 'Pause' }).click();
    return r;
  } finally {
    await context.close();
  }
}
