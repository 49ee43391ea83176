// The page stays smooth while LeNet-5 trains on MNIST in the Train view on the WebGPU engine (issue 6): the charts keep
// at least 30 frames per second and redraw live, and no main-thread task does over 50 ms of work; a busy-loop probe
// shows that each of these measurements fails when the main thread is really blocked. (The wasm engine's main thread
// is checked in train.test.ts's no-WebGPU run.)
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { formatResponsiveness, measureResponsiveness, observeLongTasks, startTraining } from '../../bench/responsiveness.ts';
import { usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let browser: Browser;
let page: Page;
let errors: string[];

usePage('test', async (s) => {
  ({ browser, page, errors } = s);
  await observeLongTasks(page);
});

describe('responsiveness while training', () => {
  it('keeps the charts at 30 fps or more, redrawing live, with no main-thread task over 50 ms of CPU time', async () => {
    // The WebGPU engine's pacing is what this measures: asked for, as auto may take wasm on a software adapter.
    await startTraining(page, baseUrl, 10, 'webgpu');
    const steady = await measureResponsiveness(browser, page, 4000);
    console.log(`training: ${formatResponsiveness(steady)}`);
    // The probe: 120 ms of busy loop every 150 ms, still while training.
    const blocked = await measureResponsiveness(browser, page, 1500, { everyMs: 150, forMs: 120 });
    console.log(`blocked by the probe: ${formatResponsiveness(blocked)}`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();

    expect(steady.windowMs).toBeGreaterThanOrEqual(4000);
    expect(steady.fps).toBeGreaterThanOrEqual(30);
    // The curves followed the training: a redraw for each progress report (at most 20 a second, and at most one a
    // step), never more than once a frame.
    expect(steady.stepsPerSecond).toBeGreaterThan(0);
    expect(steady.chartRedrawsPerSecond).toBeGreaterThanOrEqual(Math.min(5, steady.stepsPerSecond * 0.5));
    expect(steady.chartRedrawsPerSecond).toBeLessThanOrEqual(Math.min(21, steady.fps));
    // Every task of the page did under 50 ms of work. Long tasks (wall time) are logged above but not asserted: on a
    // loaded machine they include time the main thread waited for a core (SwiftShader computes on the same cores).
    expect(steady.tasks).toBeGreaterThan(100);
    expect(steady.worstTaskCpuMs).toBeLessThan(50);

    // Each measurement catches the probe.
    expect(blocked.fps).toBeLessThan(30);
    // A frame's timestamp is the start of its frame, not when its callback ran, so a 120 ms block can read as a gap of
    // seven 60 Hz frames (116.7 ms); and the page's clocks are coarsened. 100 ms is still three times the gap 30 fps
    // allows and twice a long task.
    expect(blocked.worstFrameGapMs).toBeGreaterThanOrEqual(100);
    expect(blocked.worstLongTaskMs).toBeGreaterThanOrEqual(100);
    expect(blocked.worstTaskCpuMs).toBeGreaterThan(50);
    expect(errors).toEqual([]);
  });
});
