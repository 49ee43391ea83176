// The Train view says what is happening, in headless Chromium with WebGPU on SwiftShader: the build's phases, a short
// run's validation points with the legend, an edit that discards a paused run (warned, with Undo) and one changed back
// by hand (the run stays), a reload mid-run ("Restoring step N…" at once, the test results back, nothing to undo), the
// compact sticky panel, and one name per setting across the Data and Train views. Runs stay a few dozen steps.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS_DIR, chooseEngine, screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

// One context for the file: IndexedDB (the autosaved workspace) lives across its tests, like a user's profile.
usePage('file', (s) => void ({ page, errors } = s));

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const stepDone = async () => Number((await text('progress-step')).split('/')[0]!.replace(/,/g, '').trim() || '0');
const status = () => text('train-status');
const counts = async (testId: string) => JSON.parse((await page.getByTestId(testId).getAttribute('data-counts')) ?? '{}') as Record<string, number>;

async function tab(name: 'build' | 'data' | 'train'): Promise<void> {
  await page.getByTestId(`tab-${name}`).click();
  if (name === 'train') await page.getByTestId('train-view').waitFor();
}

/**
 * Records, from now on, every distinct state of the run panel's status, its build line, the Start button and the
 * profile button (a MutationObserver in the page, so short-lived states are not missed between polls).
 */
async function recordPanel(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __panel: string[][]; __panelObserver?: MutationObserver };
    w.__panelObserver?.disconnect();
    w.__panel = [];
    const read = () => {
      const get = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      const start = [...document.querySelectorAll<HTMLButtonElement>('.run-buttons .button.primary')][0];
      const row = [get('train-status'), get('train-backend'), start ? `${start.textContent}${start.disabled ? ' (disabled)' : ''}` : '', get('profile-measure')];
      const last = w.__panel[w.__panel.length - 1];
      if (!last || last.join('|') !== row.join('|')) w.__panel.push(row);
    };
    read();
    w.__panelObserver = new MutationObserver(read);
    w.__panelObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const panelStates = () => page.evaluate(() => (window as unknown as { __panel: string[][] }).__panel);

/** The autosaved record of the open workspace, read straight from IndexedDB (idb-keyval's database and store). */
const savedRecord = () =>
  page.evaluate(
    () =>
      new Promise<{ step: number | null; testStep: number | null }>((resolve, reject) => {
        const open = indexedDB.open('convlab-workspace-data');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('data').objectStore('data').get(localStorage.getItem('convlab.workspace')!);
          get.onsuccess = () => {
            const data = get.result as { checkpoint?: { step: number } | null; testResult?: { step: number } | null } | undefined;
            resolve({ step: data?.checkpoint?.step ?? null, testStep: data?.testResult?.step ?? null });
          };
        };
      }),
  );

async function setStride(value: string): Promise<void> {
  await page.getByTestId('layer-card').first().getByRole('button', { name: /^Select layer 1/ }).click();
  await page.getByTestId('inspector').getByLabel('Stride', { exact: true }).fill(value);
}

describe('run states', () => {
  it('shows the build phases, validates a short run every tenth with a legend, and never says Measuring unasked', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('network-name').waitFor();
    await tab('train');
    // The WebGPU engine's build phases (compiling kernels) and its profile button.
    await chooseEngine(page, 'webgpu');
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('20');
    await page.getByTestId('batch-size').fill('16');
    await recordPanel();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('train-backend').textContent(), { timeout: 60_000 }).toMatch(/^Building the network: /);
    await screenshot(page, 'train-building');
    await expect.poll(status, { timeout: 180_000 }).toBe('Finished');
    const states = await panelStates();
    const lines = states.map((s) => s[1]!);
    // The build said what it was doing, with progress, instead of "Not built yet".
    expect(lines.some((l) => /^Building the network: loading MNIST.*\d+%$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Building the network: compiling kernels, layer 1 of \d+ \(conv2d\)… \d+%$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Building the network: preparing the data, normalising and uploading 70,000 images… 91%$/.test(l))).toBe(true);
    const whileBuilding = states.filter((s) => s[0] === 'Building…');
    expect(whileBuilding.length).toBeGreaterThan(0);
    expect(whileBuilding.every((s) => !s[1]!.startsWith('Not built yet'))).toBe(true);
    // The profile button never claimed a measurement that was not asked for.
    expect(states.some((s) => s[0] === 'Training')).toBe(true);
    expect(states.every((s) => s[3] === 'Measure layer times')).toBe(true);
    expect(await page.getByTestId('profile-measure').isDisabled()).toBe(false);

    // A run of 20 steps validates after steps 2, 4, …, 20: ten points on both charts, and the legend says so.
    await expect.poll(async () => (await counts('accuracy-chart')).validation, { timeout: 10_000 }).toBe(10);
    expect((await counts('loss-chart')).validation).toBe(10);
    expect((await text('curve-legend')).replace(/\s+/g, ' ').trim()).toBe(
      'training batches (smoothed) each batch (raw) validation (held-out images)Validation every 2 steps (a tenth of the run) on 512 held-out images, and on all 10% held out at the last step.',
    );
    await page.getByTestId('accuracy-chart').focus();
    for (let k = 0; k < 30; k++) await page.keyboard.press('Shift+ArrowRight');
    expect(await page.getByTestId('accuracy-chart').locator('.chart-readout').textContent()).toMatch(/validation: [\d.]+% \(at 20\)/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'train-validation-legend');
  });

  it('keeps a paused run through an edit changed back, and warns (with Undo) when an edit discards it', async () => {
    await page.getByTestId('steps').fill('300');
    await page.getByRole('button', { name: 'Start' }).click();
    // A new run (the settings changed): its steps count once it trains, not the last run's 20.
    await expect.poll(status, { timeout: 120_000 }).toBe('Training');
    await expect.poll(stepDone, { timeout: 120_000 }).toBeGreaterThan(8);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(status, { timeout: 30_000 }).toBe('Paused');
    const step = await stepDone();

    // Change then change back: no warning afterwards, and the run resumes where it was.
    await tab('build');
    await setStride('2');
    const notice = page.getByTestId('run-discard-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`You changed the network: the next Start, Step or evaluation rebuilds the network and discards the run at step ${step}. Undo to get it back.`);
    // The viewport as the user sees it (the notice is fixed at its bottom; a full-page shot would misplace it).
    await page.screenshot({ path: `${ARTIFACTS_DIR}build-run-discard-notice.png` });
    await setStride('1');
    await expect.poll(() => notice.count()).toBe(0);
    await tab('train');
    expect(await page.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('run-stale').count()).toBe(0);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(stepDone, { timeout: 30_000 }).toBe(step + 1);

    // A real change: the Train view warns, greys the old run's curves, and "Undo the edits" brings the run back.
    await tab('build');
    await setStride('2');
    await notice.waitFor();
    await tab('train');
    expect(await text('run-stale')).toContain(`discards the run at step ${step + 1}`);
    expect(await text('curves-previous-run')).toContain(`the run at step ${step + 1}`);
    expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'train-previous-run');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'train-previous-run-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('run-stale-undo').click();
    await expect.poll(() => page.getByTestId('run-stale').count()).toBe(0);
    expect(await page.getByTestId('curves-previous-run').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);
    expect(await stepDone()).toBe(step + 1);
    // The toast's Undo does the same from the Build view.
    await tab('build');
    await setStride('3');
    await page.getByTestId('run-discard-undo').click();
    await expect.poll(() => notice.count()).toBe(0);
    expect(await page.getByTestId('inspector').getByLabel('Stride', { exact: true }).inputValue()).not.toBe('3');
    await tab('train');
    expect(await page.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);
  });

  it('compacts the sticky run panel once the page scrolls under it', async () => {
    const panel = page.getByTestId('run-panel');
    await page.evaluate(() => window.scrollTo(0, 0));
    const full = (await panel.boundingBox())!.height;
    await page.evaluate(() => window.scrollTo(0, 900));
    await expect.poll(async () => (await panel.getAttribute('class')) ?? '').toContain('is-stuck');
    const compact = (await panel.boundingBox())!.height;
    console.log(`run panel ${full.toFixed(0)} px, stuck ${compact.toFixed(0)} px`);
    expect(full).toBeGreaterThan(150);
    expect(compact).toBeLessThan(100);
    // Still there: the buttons and the step.
    expect(await page.getByRole('button', { name: 'Resume' }).isVisible()).toBe(true);
    expect(await page.getByTestId('progress-step').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS_DIR}train-sticky-compact.png` });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(async () => (await panel.getAttribute('class')) ?? '').not.toContain('is-stuck');
  });

  it('after a reload mid-run shows "Restoring step N…" at once, brings back the test results, and offers no undo', async () => {
    await page.getByRole('button', { name: 'Evaluate on test set' }).click();
    await expect.poll(() => text('test-accuracy'), { timeout: 90_000 }).toMatch(/^Accuracy \d/);
    const summary = await text('test-accuracy');
    const cells = page.getByTestId('confusion-matrix').locator('button.cell');
    const matrix = await cells.allTextContents();
    expect(matrix.map(Number).reduce((a, b) => a + b, 0)).toBe(10_000);
    const step = await stepDone();
    await expect.poll(savedRecord, { timeout: 30_000 }).toEqual({ step, testStep: step });
    // The link now carries the network and the changed settings ("&train=…"), as after any run.
    expect(page.url()).toContain('&train=');

    await page.reload();
    await tab('train');
    await recordPanel();
    const first = (await panelStates())[0]!;
    expect(first[0]).toMatch(new RegExp(`^(Opening workspace…|Restoring step ${step}…)$`));
    await screenshot(page, 'train-restoring');
    await expect.poll(status, { timeout: 120_000 }).toBe('Paused');
    const states = await panelStates();
    console.log(`after reload: ${states.map((s) => s.slice(0, 3).join(' / ')).join(' → ')}`);
    // Restoring was shown, with the step; Ready, Start and "Not built yet" never were.
    expect(states.some((s) => s[0] === `Restoring step ${step}…`)).toBe(true);
    expect(states.some((s) => s[0] === 'Ready' || s[2]!.startsWith('Start') || s[1]!.startsWith('Not built yet'))).toBe(false);
    expect(await stepDone()).toBe(step);
    // The test results came back with the run: the same summary and confusion matrix.
    expect(await text('test-accuracy')).toBe(summary);
    expect(await cells.allTextContents()).toEqual(matrix);
    await expect.poll(() => page.getByTestId('mistakes').locator('figure').count(), { timeout: 20_000 }).toBe(24);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'train-restored-results');

    // Undo has nothing to offer: a reload is not an edit, and must not put another network back.
    await tab('build');
    const undo = page.getByTestId('undo');
    expect(await undo.isDisabled()).toBe(true);
    expect(await undo.getAttribute('aria-label')).toBe('Undo (nothing to undo)');
    const params = await text('total-params');
    await page.keyboard.press('Control+z');
    expect(await text('total-params')).toBe(params);
  });

  it('names each batch setting once: the Data and Train views show the same field under the same name', async () => {
    await tab('data');
    expect(await page.getByText('Validation fraction').count()).toBe(0);
    expect(await page.getByText('Shift / crop').count()).toBe(0);
    await page.getByTestId('data-validation-split').fill('0.2');
    await page.getByTestId('augment-shift').fill('12');
    expect(await page.getByText('Shift must be a whole number of pixels from 0 to 8, got 12.').isVisible()).toBe(true);
    await page.getByTestId('augment-shift').fill('2');
    await tab('train');
    expect(await page.getByTestId('validation-split').inputValue()).toBe('0.2');
    expect(await page.getByLabel('Shift (px)').inputValue()).toBe('2');
    expect(errors).toEqual([]);
  });
});
