// The header's Model and Workspace popovers, as a keyboard or mouse user meets them (WAI-ARIA disclosure): the
// trigger reports aria-expanded and names its panel, Escape closes and puts focus back on the trigger, a press outside
// or tabbing away closes, opening one closes the other; and "New workspace" starts with the network you choose.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { presetSpec } from '../../src/model/index.ts';
import { usePage } from './browser.ts';

const baseUrl = inject('baseUrl');

let page: Page;
let errors: string[];

usePage('test', (s) => void ({ page, errors } = s));

const MENUS = ['workspace', 'model'] as const;
type Menu = (typeof MENUS)[number];

const trigger = (menu: Menu) => page.getByTestId(`${menu}-button`);
const panel = (menu: Menu) => page.getByTestId(`${menu}-panel`);
const openPanels = async () => (await Promise.all(MENUS.map(async (m) => ((await panel(m).count()) > 0 ? m : null)))).filter((m) => m !== null);
const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const layerCards = () => page.getByRole('listitem').filter({ has: page.locator('.card-main') });

async function open(): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('network-name').waitFor();
}

describe('header popovers', () => {
  it('close on Escape (focus back on the trigger), on a press outside, on tabbing away, and one at a time', async () => {
    await open();
    for (const menu of MENUS) {
      expect(await trigger(menu).getAttribute('aria-expanded')).toBe('false');
      await trigger(menu).click();
      await panel(menu).waitFor();
      expect(await trigger(menu).getAttribute('aria-expanded')).toBe('true');
      expect(await trigger(menu).getAttribute('aria-controls')).toBe(await panel(menu).getAttribute('id'));

      // Escape from inside the panel: closed, and focus is back on the trigger.
      await panel(menu).getByRole('button').first().focus();
      expect(await focused()).not.toBe(`${menu}-button`);
      await page.keyboard.press('Escape');
      await expect.poll(openPanels).toEqual([]);
      expect(await trigger(menu).getAttribute('aria-expanded')).toBe('false');
      expect(await focused()).toBe(`${menu}-button`);

      // The keyboard opens it again (Enter on the trigger); a press inside keeps it, a press outside closes it.
      await page.keyboard.press('Enter');
      await panel(menu).waitFor();
      await panel(menu).locator('p, label').first().click();
      expect(await openPanels()).toEqual([menu]);
      await page.mouse.click(4, 400);
      await expect.poll(openPanels).toEqual([]);
    }

    // Opening one closes the other, by mouse and by keyboard: they never overlap.
    await trigger('workspace').click();
    await panel('workspace').waitFor();
    await trigger('model').click();
    await expect.poll(openPanels).toEqual(['model']);
    await trigger('workspace').focus();
    await page.keyboard.press('Enter');
    await expect.poll(openPanels).toEqual(['workspace']);
    expect(await trigger('model').getAttribute('aria-expanded')).toBe('false');

    // Tabbing out past the panel's last control closes it.
    const controls = panel('workspace').locator('button, input, select');
    await controls.last().focus();
    await page.keyboard.press('Tab');
    await expect.poll(openPanels).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('starts a new workspace with the network chosen: a preset, an empty network, or a copy', async () => {
    await open();
    // Make the open network differ from every preset, so each choice is told apart from keeping it.
    await page.getByTestId('preset-lenet5').click();
    const input = presetSpec('lenet5').input;
    await expect.poll(() => layerCards().count()).toBe(presetSpec('lenet5').layers.length);

    const startWith = async (choice: string) => {
      await trigger('workspace').click();
      await panel('workspace').getByTestId('workspace-new-start').selectOption(choice);
      await panel('workspace').getByTestId('workspace-new').click();
      await expect.poll(async () => (await page.getByTestId('workspace-notice').textContent()) ?? '').toMatch(/Started a new workspace/);
      await page.getByRole('button', { name: 'Dismiss workspace message' }).click();
      // The new workspace's network is not an edit of the previous one's: nothing to undo.
      expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    };

    // The default choice is the default preset.
    await trigger('workspace').click();
    expect(await panel('workspace').getByTestId('workspace-new-start').inputValue()).toBe('preset:lenet5-mnist');
    await page.keyboard.press('Escape');

    await startWith('empty');
    await expect.poll(() => layerCards().count()).toBe(0);
    // It keeps the input of the network it replaced (LeNet-5's 32×32×1, not the default's 28×28×1).
    expect(await page.getByTestId('input-card').textContent()).toContain(`${input.height}×${input.width}×${input.channels}`);

    await startWith('preset:tiny-vgg');
    await expect.poll(() => page.getByTestId('network-name').textContent()).toBe(presetSpec('tiny-vgg').name);
    expect(await layerCards().count()).toBe(presetSpec('tiny-vgg').layers.length);

    await startWith('copy');
    expect(await page.getByTestId('network-name').textContent()).toBe(presetSpec('tiny-vgg').name);
    expect(await layerCards().count()).toBe(presetSpec('tiny-vgg').layers.length);

    // Every workspace started is kept in the list (the first one, the three new ones).
    await trigger('workspace').click();
    expect(await panel('workspace').getByTestId('workspace-list').locator('li').count()).toBe(4);
    expect(errors).toEqual([]);
  });
});
