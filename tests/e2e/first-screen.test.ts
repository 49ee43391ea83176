// The first screen: preset networks, their arithmetic, the WebGPU chip and shareable links.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { presetSpec, specFromJSON } from '../../src/model/index.ts';
import { collectErrors, screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let context: BrowserContext;
let page: Page;
let errors: string[];

usePage('test', (s) => void ({ context, page, errors } = s), { acceptDownloads: true });

const layerCards = () => page.getByRole('listitem').filter({ has: page.locator('.card-main') });

async function open(hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByTestId('network-name').waitFor();
}

async function chipText(): Promise<string> {
  const chip = page.getByTestId('gpu-status');
  await expect.poll(async () => (await chip.textContent()) ?? '', { timeout: 30_000 }).not.toMatch(/^Checking/);
  return (await chip.textContent()) ?? '';
}

describe('first screen', () => {
  it('shows LeNet-5 (MNIST) with its layer cards and totals', async () => {
    await open();
    await expect.poll(() => page.title()).toBe('ConvLab');
    expect(await page.getByTestId('network-name').textContent()).toBe('LeNet-5 (MNIST)');
    expect(await page.getByTestId('input-card').textContent()).toContain('28×28×1');
    expect(await layerCards().count()).toBe(13);
    const first = layerCards().first();
    expect(await first.getAttribute('aria-label')).toBe('Layer 1 conv2d, output 28×28×6, 156 parameters');
    expect(await first.getByTestId('layer-shape').textContent()).toBe('28×28×6');
    expect(await page.getByTestId('total-params').textContent()).toBe('61,706');
    expect(await page.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('lenet5-mnist');
    await chipText();
    await screenshot(page, 'lenet5-mnist');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'lenet5-mnist-dark');
    expect(errors).toEqual([]);
  });

  it('reports the WebGPU adapter the engine worker found, whichever it is', async () => {
    await open();
    expect(await page.evaluate(() => typeof navigator.gpu === 'object' && navigator.gpu !== null)).toBe(true);
    const text = await chipText();
    const probe = await page.evaluate(() => (window as unknown as { __convlab: { engine(): { probe(): Promise<{ webgpu: boolean; adapter?: string }> } } }).__convlab.engine().probe());
    expect(probe.webgpu).toBe(true);
    expect(probe.adapter?.length).toBeGreaterThan(0);
    expect(text).toBe(`WebGPU: ${probe.adapter}`);
    expect(errors).toEqual([]);
  });

  it('switches to VGG-16 and the link in the hash reproduces it in a new page', async () => {
    await open();
    await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'VGG-16' });
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('138,357,544');
    expect(await page.getByTestId('network-name').textContent()).toBe('VGG-16');
    const url = page.url();
    expect(url).toMatch(/#net=n1\.[A-Za-z0-9_-]+$/);
    const cards = await layerCards().count();
    await screenshot(page, 'vgg16');
    expect(errors).toEqual([]);

    const second = await context.newPage();
    const secondErrors = collectErrors(second);
    await second.goto(url);
    await second.getByTestId('network-name').waitFor();
    expect(await second.getByTestId('network-name').textContent()).toBe('VGG-16');
    expect(await second.getByTestId('total-params').textContent()).toBe('138,357,544');
    expect(await second.getByRole('listitem').filter({ has: second.locator('.card-main') }).count()).toBe(cards);
    expect(await second.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('vgg16');
    expect(await second.getByTestId('link-error').count()).toBe(0);
    expect(secondErrors).toEqual([]);
  });

  it('shows an error banner and the default network for a garbage link', async () => {
    await open('#net=n1.!!!');
    const banner = page.getByTestId('link-error');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/shared link/);
    expect(await page.getByTestId('network-name').textContent()).toBe('LeNet-5 (MNIST)');
    expect(await page.getByTestId('total-params').textContent()).toBe('61,706');
    await screenshot(page, 'bad-link');
    expect(errors).toEqual([]);
  });

  it('loads a spec file, and a bad file shows its problems without losing the network', async () => {
    await open();
    const fileInput = page.locator('input[type="file"]');
    await fileInput.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"input": {"height": 28}, "layers": [{"type": "conv3d"}]}') });
    const fileError = page.getByTestId('spec-file-error');
    await fileError.waitFor();
    expect(await fileError.textContent()).toMatch(/conv3d/);
    expect(await page.getByTestId('total-params').textContent()).toBe('61,706');
    await screenshot(page, 'bad-file');

    const strided = {
      name: 'Strided',
      input: { height: 28, width: 28, channels: 1 },
      layers: [{ type: 'conv2d', filters: 4, kernelSize: 5, stride: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }],
    };
    await fileInput.setInputFiles({ name: 'strided.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(strided)) });
    await expect.poll(() => page.getByTestId('network-name').textContent()).toBe('Strided');
    expect(await page.getByTestId('spec-file-error').count()).toBe(0);
    expect(await layerCards().count()).toBe(3);
    // (28 - 5) / 2 is not whole: the first card carries the "doesn't fit" warning.
    expect(await layerCards().first().locator('.issue-warning').count()).toBeGreaterThan(0);
    await screenshot(page, 'strided-file');
    expect(errors).toEqual([]);
  });
  it('saves the network as a spec file that loads back to the same network', async () => {
    await open();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save spec JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('lenet-5-mnist.json');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(specFromJSON(text)).toEqual(presetSpec('lenet5-mnist'));
    expect(errors).toEqual([]);
  });
});
