// Nothing lost, in headless Chromium with WebGPU on SwiftShader: a trained run autosaves to IndexedDB and comes back
// on reload at the same step with the same weights; a lost GPU device and a crashed engine worker are recovered
// without a reload; workspaces are listed, renamed, opened and deleted.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chooseEngine, screenshot, usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

// One context for the whole file: IndexedDB lives as long as the context does, like a user's profile.
usePage('file', (s) => void ({ page, errors } = s));

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const stepDone = async () => Number((await text('progress-step')).split('/')[0]!.replace(/,/g, '').trim() || '0');
const notice = () => text('workspace-notice').catch(() => '');

async function openTrain(): Promise<void> {
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-view').waitFor();
}

describe('workspaces and recovery', () => {
  it('autosaves a run and restores it at the same step after a reload', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('network-name').waitFor();
    await openTrain();
    // The recovery test below loses the GPU device: the run is on WebGPU (the choice is autosaved with the workspace).
    await chooseEngine(page, 'webgpu');
    await page.getByLabel('Stop after').selectOption('steps');
    await page.getByTestId('steps').fill('400');
    await page.getByTestId('batch-size').fill('32');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(stepDone, { timeout: 120_000 }).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => text('train-status'), { timeout: 30_000 }).toBe('Paused');
    const step = await stepDone();
    // The stop saved a checkpoint.
    await expect.poll(() => text('workspace-saved'), { timeout: 30_000 }).toMatch(/^saved /);
    await page.getByTestId('workspace-button').click();
    await expect.poll(() => text('workspace-list'), { timeout: 10_000 }).toContain(`step ${step}`);
    await page.getByTestId('workspace-button').click();

    await page.reload();
    await page.getByTestId('network-name').waitFor();
    await expect.poll(notice, { timeout: 120_000 }).toMatch(new RegExp(`Restored .* at step ${step}`));
    await openTrain();
    expect(await stepDone()).toBe(step);
    expect(await text('train-status')).toBe('Paused');
    // Training goes on from there.
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(stepDone, { timeout: 60_000 }).toBeGreaterThan(step + 5);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => text('train-status'), { timeout: 30_000 }).toBe('Paused');
    await screenshot(page, 'workspace-restored');
  });

  it('recovers from a lost GPU device and from a crashed worker without a reload', async () => {
    await openTrain();
    await expect.poll(() => text('workspace-saved'), { timeout: 30_000 }).toMatch(/^saved /);
    const step = await stepDone();
    for (const fault of ['device', 'worker'] as const) {
      await page.getByRole('button', { name: 'Dismiss workspace message' }).click().catch(() => {});
      await page.evaluate(async (kind) => {
        const w = window as unknown as { __convlab?: { simulateFault(kind: string): Promise<void> } };
        await w.__convlab!.simulateFault(kind);
      }, fault);
      const expected = fault === 'device' ? /lost its GPU/ : /worker crashed/;
      await expect.poll(notice, { timeout: 120_000 }).toMatch(expected);
      await expect.poll(notice, { timeout: 120_000 }).toMatch(new RegExp(`restored your last autosave: Restored .* at step ${step}`));
      await openTrain();
      expect(await stepDone()).toBe(step);
    }
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(stepDone, { timeout: 60_000 }).toBe(step + 1);
    await screenshot(page, 'workspace-recovered');
  });

  it('keeps several named workspaces: new, rename, open, delete', async () => {
    await page.getByRole('button', { name: 'Dismiss workspace message' }).click().catch(() => {});
    await page.getByTestId('workspace-button').click();
    await page.getByTestId('workspace-name').fill('LeNet run');
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => text('workspace-button')).toBe('LeNet run');
    await page.getByTestId('workspace-new').click();
    await expect.poll(() => text('workspace-button')).toBe('Untitled workspace');
    await expect.poll(() => text('workspace-list')).toContain('LeNet run');
    await page.getByRole('button', { name: 'Open workspace LeNet run' }).click();
    await expect.poll(notice, { timeout: 120_000 }).toMatch(/Restored “LeNet run” at step/);
    await expect.poll(() => text('workspace-button')).toBe('LeNet run');
    await page.getByTestId('workspace-button').click();
    await page.getByRole('button', { name: 'Delete workspace Untitled workspace' }).click();
    await expect.poll(() => text('workspace-list')).not.toContain('Untitled workspace');
    await screenshot(page, 'workspace-menu');
    expect(errors.filter((e) => !/simulated engine worker crash|GPU device was lost|Device was destroyed|destroyed/i.test(e))).toEqual([]);
  });
});
