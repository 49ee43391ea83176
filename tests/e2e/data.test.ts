// The Data view in Chromium: pick MNIST (progress, then the grid and the class chart), filter by class, preview
// augmentation, upload a generated .zip ImageFolder and a folder, and a corrupt file (its error shows, the previous
// dataset stays active). Screenshots go to tests/e2e/artifacts/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels } from '../../src/data/index.ts';
import { screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

usePage('test', (s) => void ({ page, errors } = s), { viewport: { width: 1280, height: 900 } });

async function openDataView(): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-view').waitFor();
}

const labels = () => page.getByTestId('sample-label').allTextContents();
const canvasUrl = (testId: string) => page.getByTestId(testId).evaluate((c) => (c as HTMLCanvasElement).toDataURL());
const activeText = async () => (await page.getByTestId('active-dataset').textContent()) ?? '';

/** A PNG of a white disc or square on black, side x side, RGB. */
function shape(kind: 'disc' | 'square', side: number, shift: number): Uint8Array {
  const data = new Uint8Array(side * side * 3);
  const c = side / 2 + shift;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const on = kind === 'disc' ? (x - c) ** 2 + (y - c) ** 2 < (side / 3) ** 2 : Math.abs(x - c) < side / 3 && Math.abs(y - c) < side / 3;
      if (on) data.fill(255, (y * side + x) * 3, (y * side + x) * 3 + 3);
    }
  }
  return encodePng({ width: side, height: side, data, channels: 3, depth: 8 });
}

/** A 24-bit BMP (bottom-up rows of BGR, padded to 4 bytes), decoded by the browser's own decoder in the worker. */
function bmp(side: number, value: number): Uint8Array {
  const row = Math.ceil((side * 3) / 4) * 4;
  const out = new Uint8Array(54 + row * side);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, side, true);
  v.setInt32(22, side, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  for (let y = 0; y < side; y++) out.fill(value, 54 + y * row, 54 + y * row + side * 3);
  return out;
}

describe('Data view', () => {
  it('picks MNIST with progress, shows the grid and class chart, filters by class and previews augmentation', async () => {
    await openDataView();
    expect(await page.getByText('No dataset yet').isVisible()).toBe(true);
    // Record every progress text the page shows, and hold the largest file back briefly so the bar is seen.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="dataset-progress"]');
        if (el?.textContent && seen[seen.length - 1] !== el.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.route('**/data/mnist/train-images-idx3-ubyte', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.getByTestId('pick-mnist').click();
    await page.getByTestId('dataset-progress').waitFor();
    await page.getByTestId('sample-grid').waitFor({ timeout: 60_000 });
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(progress[0]).toMatch(/^Loading MNIST digits \(28x28\)/);
    expect(progress.some((t) => /\d+% \([\d.]+ MB of 55\.\d MB\)/.test(t))).toBe(true);
    expect(await activeText()).toContain('60,000 training and 10,000 test images');
    expect(await page.getByTestId('pick-mnist').getAttribute('aria-pressed')).toBe('true');
    // The first training labels of MNIST are 5, 0, 4, 1, 9; ten bars, one per digit.
    expect((await labels()).slice(0, 5)).toEqual(['5', '0', '4', '1', '9']);
    expect(await labels()).toHaveLength(48);
    expect(await page.locator('[data-testid^="class-bar-"]').count()).toBe(10);
    expect(await page.getByTestId('class-bar-1').getAttribute('aria-label')).toBe('1: 6,742 examples');
    await screenshot(page, 'data-mnist');

    // Filter by class, from the menu and from the chart.
    await page.getByTestId('class-filter').selectOption('3');
    await expect.poll(async () => new Set(await labels())).toEqual(new Set(['3']));
    expect(await page.getByTestId('pager-range').textContent()).toBe('1–48 of 6,131');
    expect(await page.getByTestId('class-bar-5').getAttribute('class')).toBe('bar dim');
    await page.getByTestId('class-bar-7').click();
    await expect.poll(async () => new Set(await labels())).toEqual(new Set(['7']));
    expect(await page.getByTestId('class-filter').inputValue()).toBe('7');
    await screenshot(page, 'data-mnist-filtered');

    // Augmentation: none leaves the example as it is; a shift moves it; the next draw differs again.
    await page.getByTestId('sample').nth(2).click();
    expect(await page.getByTestId('augment-flip').isDisabled()).toBe(true);
    const before = await canvasUrl('augment-before');
    expect(await canvasUrl('augment-after')).toBe(before);
    await page.getByTestId('augment-shift').fill('4');
    await expect.poll(() => canvasUrl('augment-after')).not.toBe(before);
    const shifted = await canvasUrl('augment-after');
    await page.getByTestId('augment-noise').fill('0.3');
    await expect.poll(() => canvasUrl('augment-after')).not.toBe(shifted);
    const noisy = await canvasUrl('augment-after');
    await page.getByTestId('augment-redraw').click();
    await expect.poll(() => canvasUrl('augment-after')).not.toBe(noisy);
    expect(await canvasUrl('augment-before')).toBe(before);
    await page.getByTestId('augment-shift').fill('12');
    expect(await page.getByText('Shift must be a whole number of pixels from 0 to 8, got 12.').isVisible()).toBe(true);
    await screenshot(page, 'data-mnist-augment');
    expect(errors).toEqual([]);
  });

  it('uploads a .zip ImageFolder and a folder; a corrupt upload shows its error and keeps the previous dataset', async () => {
    await openDataView();
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++) {
      files[`shapes/disc/${i}.png`] = shape('disc', 20 + i, i % 3);
      files[`shapes/square/${i}.png`] = shape('square', 24, (i % 3) - 1);
    }
    files['shapes/blank/0.bmp'] = bmp(12, 0);
    files['shapes/blank/1.bmp'] = bmp(12, 10);
    await page.getByTestId('upload-files').setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });
    expect(await page.getByTestId('upload-summary').textContent()).toBe('shapes.zip');
    await page.getByTestId('upload-test-fraction').fill('0.5');
    // Switching views keeps the picked file and the options.
    await page.getByTestId('tab-build').click();
    await page.getByTestId('tab-data').click();
    expect(await page.getByTestId('upload-summary').textContent()).toBe('shapes.zip');
    expect(await page.getByTestId('upload-test-fraction').inputValue()).toBe('0.5');
    await page.getByTestId('upload-load').click();
    await expect.poll(activeText, { timeout: 30_000 }).toContain('shapes');
    expect(await activeText()).toContain('28×28×1, 3 classes, 7 training and 7 test images');
    await page.getByTestId('sample-grid').waitFor();
    expect(new Set(await labels())).toEqual(new Set(['blank', 'disc', 'square']));
    expect(await page.locator('[data-testid^="class-bar-"]').count()).toBe(3);
    expect(await page.getByTestId('input-mismatch').count()).toBe(0);
    await screenshot(page, 'data-upload-zip');

    // A picked folder (webkitdirectory), as RGB at 16x16.
    const dir = mkdtempSync(join(tmpdir(), 'convlab-folder-'));
    try {
      for (const [path, bytes] of Object.entries(files)) {
        mkdirSync(join(dir, ...path.split('/').slice(0, -1)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      await page.getByTestId('upload-folder').setInputFiles(join(dir, 'shapes'));
      await page.getByTestId('upload-height').fill('16');
      await page.getByTestId('upload-width').fill('16');
      await page.getByTestId('upload-channels').selectOption('3');
      await page.getByTestId('upload-load').click();
      await expect.poll(activeText, { timeout: 30_000 }).toContain('16×16×3');
      expect(await page.getByTestId('input-mismatch').textContent()).toMatch(/network takes 28×28×1 inputs but these images are 16×16×3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A corrupt IDX pair: the error names the file and the fault, and the folder upload stays active.
    const images = encodeIdxImages({ count: 4, height: 28, width: 28, pixels: new Uint8Array(4 * 784) });
    images[2] = 0x0d; // element type 0x0d (float) instead of 0x08
    images[3] = 0x01;
    await page.getByTestId('upload-files').setInputFiles([
      { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(images) },
      { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(encodeIdxLabels(new Uint8Array(4))) },
    ]);
    expect(await page.getByTestId('upload-summary').textContent()).toBe('train-images-idx3-ubyte, train-labels-idx1-ubyte');
    await page.getByTestId('upload-load').click();
    const error = page.getByTestId('dataset-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/^Upload failed: train-images-idx3-ubyte: wrong magic number 0x00000d01 \(expected 0x00000803 for an IDX image file\).*shapes is still the active dataset\./);
    expect(await activeText()).toContain('16×16×3');
    expect(await page.getByTestId('sample-grid').isVisible()).toBe(true);
    await screenshot(page, 'data-upload-error');
    expect(errors).toEqual([]);
  });
});
