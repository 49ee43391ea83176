// Each view (Build, Data, Train, Inside) at 1280×800 and 1920×1080, light and dark, saved as
// tests/e2e/artifacts/screens-<view>-<size>-<scheme>.png to be looked at; and in every one of them no label is cut
// short without a tooltip giving its full text. The data is Fashion-MNIST (class names like "T-shirt/top" and
// "Ankle boot" that do not fit narrow columns) and the network is trained a few steps, so the Train view has curves and
// a confusion matrix and the Inside view has maps.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS_DIR, screenshot, usePage } from './browser.ts';
import { findTruncatedLabels, type Truncation } from './truncation.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

usePage('file', (s) => void ({ page, errors } = s));

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const VIEWS = ['build', 'data', 'train', 'inside'] as const;
const VIEW_READY: Record<(typeof VIEWS)[number], string> = { build: 'network-name', data: 'data-view', train: 'train-view', inside: 'inside-view' };

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

/** Shows a view from the top, with layout (and d3 drawing) settled. */
async function show(view: (typeof VIEWS)[number]): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await page.getByTestId(VIEW_READY[view]).waitFor();
  if (view === 'train' && (await page.getByTestId('cell-0-0').count()) > 0) {
    // A cell's gallery, with its captions.
    await page.getByTestId('cell-0-0').click();
    const caption = page.getByTestId('cell-examples').locator('figcaption').first();
    await caption.waitFor({ timeout: 30_000 });
    // Each image says what it is and what its number means.
    expect(await caption.innerText()).toMatch(/^test #\d+\n\d+\.\d% sure$/);
    expect(await caption.getAttribute('title')).toMatch(/^Test image \d+: the network gives T-shirt\/top \d+\.\d%$/);
  }
  if (view === 'inside' && (await page.getByTestId('activation-maps').count()) > 0) {
    // The maps and filters are read from the engine each time the view opens.
    await expect.poll(() => page.getByTestId('activation-canvas').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('filter-canvas').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('histogram-weights').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const format = (problems: Truncation[]) => problems.map((p) => `${p.where}: "${p.text}" (${p.why})`);

/** Labels cut in each way the check knows, with and without a tooltip: only the untitled ones may be reported. */
function plantTruncations(): Promise<void> {
  return page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'planted';
    box.innerHTML = `
      <span id="p-ellipsis" style="display:inline-block;width:30px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">automobile</span>
      <span id="p-ellipsis-titled" title="automobile" style="display:inline-block;width:30px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">automobile</span>
      <span id="p-written">automob…</span>
      <span id="p-written-titled" title="automobile">automob…</span>
      <button id="p-clipped" style="width:30px;overflow:hidden;white-space:nowrap">Rename</button>
      <select id="p-select" style="width:60px"><option>Auto (EMNIST is transposed)</option></select>
      <svg width="60" height="20"><text id="p-svg" x="40" y="15">airplane</text></svg>
      <svg width="60" height="20"><g><title>airplane</title><text id="p-svg-written" x="5" y="15">airpl…</text></g></svg>`;
    document.body.prepend(box);
  });
}

describe('screens', () => {
  it('the truncation check finds labels cut short without a tooltip, and only those', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('network-name').waitFor();
    await plantTruncations();
    const found = (await findTruncatedLabels(page)).filter((t) => t.where.includes('planted') || /automob|airpl|Rename|EMNIST/.test(t.text));
    expect(found.map((t) => `${t.text} (${t.why.replace(/ \d.*/, '')})`).sort()).toEqual(
      ['Auto (EMNIST is transposed) (select)', 'Rename (clipped (width))', 'airplane (SVG text)', 'automob… (ends in "…")', 'automobile (CSS ellipsis)'].sort(),
    );
    await page.evaluate(() => document.getElementById('planted')?.remove());
  });

  it('trains a few steps on Fashion-MNIST so every view has content', async () => {
    await show('data');
    await page.getByTestId('pick-fashion-mnist').click();
    await expect.poll(() => text('active-dataset'), { timeout: 60_000 }).toMatch(/Fashion/);
    await show('train');
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('20');
    await page.getByTestId('batch-size').fill('32');
    const started = Date.now();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => text('train-status'), { timeout: 120_000 }).toBe('Finished');
    await page.getByRole('button', { name: 'Evaluate on test set' }).click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    console.log(`screens: built, trained 20 steps and evaluated in ${Date.now() - started} ms`);
    await show('inside');
  });

  it('shows every view at two sizes in light and dark with no label cut short', async () => {
    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const view of VIEWS) {
          await show(view);
          const name = `screens-${view}-${size.width}x${size.height}-${scheme}`;
          problems.push(...format(await findTruncatedLabels(page)).map((p) => `${name}: ${p}`));
          await screenshot(page, name);
        }
      }
    }
    // The header's popovers, open, over the Build view.
    await page.setViewportSize(SIZES[0]);
    await page.emulateMedia({ colorScheme: 'light' });
    await show('build');
    for (const menu of ['workspace', 'model'] as const) {
      await page.getByTestId(`${menu}-button`).click();
      await page.getByTestId(`${menu}-panel`).waitFor();
      problems.push(...format(await findTruncatedLabels(page)).map((p) => `${menu} menu: ${p}`));
      // The viewport only: the panel hangs from the header.
      await page.screenshot({ path: `${ARTIFACTS_DIR}screens-${menu}-menu.png` });
      await page.keyboard.press('Escape');
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });
});
