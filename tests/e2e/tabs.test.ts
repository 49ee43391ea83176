// Two tabs and a full disk, in headless Chromium: a second tab on the same workspace works on a copy and says so
// (neither overwrites the other's autosave), and an autosave refused with QuotaExceededError says what was not saved
// and how to free space, while the last good autosave stays intact.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { usePage, type PageSession } from './browser.ts';

const baseUrl = inject('baseUrl');
let session: PageSession;
usePage('test', (s) => void (session = s));

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent().catch(() => '')) ?? '';

async function open(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('network-name').waitFor({ timeout: 90_000 });
  await expect.poll(() => text(page, 'workspace-saved'), { timeout: 30_000 }).not.toBe('');
}

/** Renames the network (an edit, autosaved a second later) and waits for the save when `saved`. */
async function rename(page: Page, name: string, saved = true): Promise<void> {
  const before = await text(page, 'workspace-saved');
  await page.getByTestId('edit-network-info').click();
  await page.getByTestId('network-name-input').fill(name);
  await page.getByTestId('network-info-form').getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => text(page, 'network-name')).toBe(name);
  if (saved) await expect.poll(async () => (await text(page, 'workspace-saved')) !== before || before === 'not saved yet', { timeout: 30_000 }).toBe(true);
}

describe('two tabs on one workspace', () => {
  it('the second tab works on a copy and says so; the first keeps its own autosave', async () => {
    const first = session.page;
    await open(first);
    await rename(first, 'Tab one');
    await expect.poll(() => text(first, 'workspace-saved'), { timeout: 30_000 }).toMatch(/^saved /);

    const second = await session.context.newPage();
    await open(second);
    await expect.poll(() => text(second, 'workspace-notice'), { timeout: 60_000 }).toMatch(/is open in another tab, so this tab works on a copy, “.*\(copy\)”/);
    expect(await text(second, 'workspace-button')).toMatch(/\(copy\)$/);
    expect(await text(second, 'network-name')).toBe('Tab one');
    await rename(second, 'Tab two');
    await expect.poll(() => text(second, 'workspace-saved'), { timeout: 30_000 }).toMatch(/^saved /);

    // The first tab's reload reopens its own workspace, untouched by the second tab's edits.
    await first.reload();
    await first.getByTestId('network-name').waitFor();
    await expect.poll(() => text(first, 'network-name'), { timeout: 30_000 }).toBe('Tab one');
    expect(await text(first, 'workspace-button')).not.toMatch(/\(copy\)/);
    await second.close();
  });
});

describe('a full disk', () => {
  it('says what could not be saved and how to free space; the last good autosave survives', async () => {
    const page = session.page;
    await open(page);
    await rename(page, 'Quota good');
    await expect.poll(() => text(page, 'workspace-saved'), { timeout: 30_000 }).toMatch(/^saved /);
    // Every IndexedDB write from now on fails as a full disk does.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await rename(page, 'Quota lost', false);
    await expect.poll(() => text(page, 'workspace-notice'), { timeout: 30_000 }).toMatch(
      /Autosave failed: the browser's storage for this site is full, so “.*” \(the network, its settings and the curves\) could not be saved; the last good autosave is intact\. Free space by deleting workspaces/,
    );
    // Reopened without the link in the address bar (which carries the edited network): the last good autosave.
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('network-name').waitFor();
    await expect.poll(() => text(page, 'network-name'), { timeout: 30_000 }).toBe('Quota good');
  });
});
