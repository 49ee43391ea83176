// The built site (E2E_OUT_DIR, default dist/, made by globalSetup) from a plain Node static file server under a
// sub-path, with no COOP/COEP headers, as on GitHub Pages: the service worker makes the page cross-origin isolated,
// MNIST comes from dist/data/ (checksummed, then kept in Cache Storage), and the threaded wasm engine trains a few
// steps and reports test accuracy; a reload reads MNIST from the cache.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../scripts/staticServer.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, collectErrors, screenshot } from './browser.ts';

const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist';

let site: StaticServer;
let browser: Browser;

beforeAll(async () => {
  site = await serveStatic(OUT_DIR, { prefix: '/some/sub-path/' });
  // No WebGPU flags: the wasm engine trains, threaded only if the service worker made the page isolated.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS.filter((a) => !/webgpu|vulkan/i.test(a)) });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('static site', () => {
  it('trains MNIST from a plain static server under a sub-path, isolated by the service worker, with the dataset cached', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
    try {
      expect(site.url).toMatch(/\/some\/sub-path\/$/);
      await page.goto(site.url);
      // The first visit registers coi-serviceworker.js and reloads once through it.
      await expect.poll(() => page.evaluate(() => window.crossOriginIsolated).catch(() => false), { timeout: 30_000 }).toBe(true);
      await page.getByTestId('network-name').waitFor();

      await page.getByTestId('tab-data').click();
      await page.getByTestId('pick-mnist').click();
      await expect.poll(() => text('active-dataset'), { timeout: 90_000 }).toMatch(/^Active: MNIST, 28×28×1, 10 classes, 60,000 training and 10,000 test images\.$/);
      await expect.poll(() => text('cached-mnist'), { timeout: 30_000 }).toMatch(/^mnist: 4 files, 55\.0 MB$/);

      await page.getByTestId('tab-train').click();
      await page.getByLabel('Stop after').selectOption('steps');
      await page.getByTestId('steps').fill('30');
      await page.getByTestId('batch-size').fill('32');
      expect(await page.getByText('one thread: this page is not cross-origin isolated').count()).toBe(0);
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => text('train-status'), { timeout: 120_000 }).toBe('Finished');
      expect(await page.getByTestId('train-backend').getAttribute('data-engine')).toBe('wasm');
      expect(await text('progress-step')).toBe('30 / 30');
      await page.getByRole('button', { name: 'Evaluate on test set' }).click();
      await expect.poll(() => text('test-accuracy'), { timeout: 60_000 }).toMatch(/^Accuracy \d/);
      console.log(`static site, ${await text('train-backend')}: ${await text('test-accuracy')}`);
      await screenshot(page, 'static-site-trained');

      // A reload reads MNIST from Cache Storage (checked against the manifest), not from the server.
      const asked = site.requests.length;
      await page.reload();
      await page.getByTestId('network-name').waitFor();
      await page.getByTestId('tab-data').click();
      await page.getByTestId('pick-mnist').click();
      await expect.poll(() => text('active-dataset'), { timeout: 90_000 }).toMatch(/^Active: MNIST/);
      expect(site.requests.slice(asked).filter((p) => p.includes('/data/mnist/'))).toEqual([]);

      // The cache lists MNIST and clears.
      await page.getByTestId('clear-dataset-cache').click();
      await page.getByTestId('dataset-cache-empty').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
