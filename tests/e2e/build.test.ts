// The Build view in headless Chromium: drag layers in from the palette (mouse and keyboard), reorder, edit in the
// inspector with the model's messages, undo/redo, presets, and the convolution animation.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeSpecToken, type NetworkSpec } from '../../src/model/index.ts';
import { screenshot } from './browser.ts';
import { layerTypes, useBuildPage } from './buildPage.ts';

let page: Page;
let errors: string[];

useBuildPage((s) => void ({ page, errors } = s));

const cards = () => page.getByTestId('layer-card');
const card = (i: number) => cards().nth(i);
const types = () => layerTypes(page);

/** The network in the shared link in the address bar: what a copied link would open. */
function linkedSpec(): NetworkSpec {
  return decodeSpecToken(decodeURIComponent(/#net=([^&]+)/.exec(new URL(page.url()).hash)![1]!));
}

/** The test id (or tag) of the focused element, and whether it sits in the palette. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { id: el?.dataset.testid ?? el?.getAttribute('aria-label') ?? el?.tagName ?? '', inPalette: !!el?.closest('.palette') };
  });

/**
 * A screenshot of the whole page taken with a viewport as tall as the page, so that the sticky header and palette
 * sit where they belong instead of being painted mid-page.
 */
async function shot(name: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(720, height) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Drags with real pointer events in small steps (dnd-kit's PointerSensor needs movement past its threshold). */
async function mouseDrag(from: Locator, to: Locator, where: 'top' | 'middle' = 'top'): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 4 });
  // dnd-kit measures the drop targets once a drag starts; give it a moment on a loaded machine.
  await page.waitForTimeout(100);
  // Measured once the drag has started, so that anything that moved meanwhile (a banner, a late layout) is counted.
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, where === 'top' ? b.y + 6 : b.y + b.height / 2, { steps: 12 });
  await page.waitForTimeout(100);
  await page.mouse.up();
}

describe('build view', () => {
  it('drags a layer from the palette into the stack with the mouse; shapes update', async () => {
    expect(await cards().count()).toBe(13);
    // LeNet-5 (MNIST): conv(6) relu maxpool ...; drop a max pool before layer 2.
    await mouseDrag(page.getByTestId('palette-maxpool2d'), card(1));
    await expect.poll(() => cards().count()).toBe(14);
    expect((await types()).slice(0, 3)).toEqual(['conv2d', 'maxpool2d', 'relu']);
    expect(await card(1).getByTestId('layer-shape').textContent()).toBe('14×14×6');
    expect(await card(2).getByTestId('layer-shape').textContent()).toBe('14×14×6');
    expect(await page.getByTestId('last-edit').textContent()).toContain('insert Max pool at position 2');
    // Reorder by dragging the new card's handle down below the relu.
    await mouseDrag(card(1).getByRole('button', { name: /^Move layer 2/ }), card(2), 'middle');
    await expect.poll(async () => (await types()).slice(0, 3)).toEqual(['conv2d', 'relu', 'maxpool2d']);
    // Dropped back on the palette: nothing changes, and the page says so (a live region).
    await mouseDrag(page.getByTestId('palette-dense'), page.getByTestId('palette-relu'), 'middle');
    await page.waitForTimeout(200);
    expect(await cards().count()).toBe(14);
    expect(await page.getByTestId('drop-notice').textContent()).toMatch(/^Nothing changed: a new Dense layer was dropped outside the stack\. Drop it on a card/);
    expect(await page.getByTestId('drop-notice').getAttribute('aria-live')).toBe('polite');
    await shot('build-dragged');
    expect(errors).toEqual([]);
  });

  it('drags from the palette with the keyboard, and announces it', async () => {
    const chip = page.getByTestId('palette-dropout');
    await chip.focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(150);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(120);
    }
    const live = (await page.locator('[id^="DndLiveRegion"]').textContent()) ?? '';
    // The arrow keys walk to the nearest drop target below: a card (insert before it) or the end of the stack.
    const target = /A new Dropout layer would be (?:inserted before layer (\d+) \(|added at the end of the stack)/.exec(live);
    expect(target, live).not.toBeNull();
    await page.keyboard.press('Space');
    await expect.poll(() => cards().count()).toBe(14);
    const t = await types();
    expect(t.indexOf('dropout')).toBe(target![1] ? Number(target![1]) - 1 : 13);
    expect(await page.locator('[id^="DndLiveRegion"]').textContent()).toMatch(/^Dropped\./);
    // Keyboard reorder of the first card: space, down, space.
    await card(0).getByRole('button', { name: /^Move layer 1/ }).focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(150);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(150);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await types()).slice(0, 2)).toEqual(['relu', 'conv2d']);
    expect(errors).toEqual([]);
  });

  it('adds with the + button after the selected layer, duplicates, deletes, and undoes and redoes all of it', async () => {
    const before = await types();
    await card(3).getByRole('button', { name: /^Select layer 4/ }).click();
    await page.getByRole('button', { name: 'Add Batch norm after layer 4' }).click();
    expect((await types())[4]).toBe('batchnorm');
    await card(0).getByRole('button', { name: 'Duplicate layer 1 (Conv 2D)' }).click();
    expect(await cards().count()).toBe(15);
    await card(2).getByRole('button', { name: 'Delete layer 3 (ReLU)' }).click();
    expect(await cards().count()).toBe(14);
    await page.getByRole('button', { name: /^Undo delete layer 3/ }).click();
    expect(await cards().count()).toBe(15);
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => types()).toEqual(before);
    expect(await page.getByTestId('total-params').textContent()).toBe('61,706');
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+y');
    await expect.poll(() => cards().count()).toBe(15);
    await page.getByRole('button', { name: /^Redo delete/ }).click();
    expect(await cards().count()).toBe(14);
    expect(errors).toEqual([]);
  });

  it('an invalid stride is refused with the model message; a stride that does not fit warns with the strides that do', async () => {
    await card(0).getByRole('button', { name: /^Select layer 1/ }).click();
    const stride = page.getByTestId('inspector').getByLabel('Stride', { exact: true });
    await stride.fill('0');
    const message = page.getByTestId('field-stride-message');
    expect(await message.textContent()).toBe('Layer 1 (conv2d): stride must be at least 1 (zero or negative values are meaningless here), got 0; use 1 or more.');
    expect(await stride.getAttribute('aria-invalid')).toBe('true');
    expect(await card(0).getByTestId('layer-shape').textContent()).toBe('28×28×6');
    await stride.fill('3');
    // (28 - 5 + 2·2) / 3 + 1 = 10: fits. Padding 0 then: (28 - 5) / 3 + 1 = 8.67.
    await page.getByTestId('inspector').getByLabel('Padding', { exact: true }).fill('0');
    // The warning's text appears once, on the card (the first place it shows), with its one-click fixes beside it;
    // the field points there, and the Arithmetic panel keeps to the formula.
    const warning = card(0).getByTestId('issue-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/stride 3 doesn't fit along the height and width: \(28 - 5 \+ 2·0\) \/ 3 \+ 1 = 8\.67.*Strides that fit: 1 and 23/);
    expect(await page.getByText(/doesn't fit along/).count()).toBe(1);
    expect(await page.getByTestId('field-stride-message').textContent()).toBe("Doesn't fit the input exactly: the warning on layer 1's card in the stack explains it and offers settings that fit.");
    expect(await page.getByTestId('formula-hw').textContent()).toBe('(28 - 5 + 2·0) / 3 + 1 = 8.67 → 8');
    expect(await page.getByTestId('arithmetic').getByRole('button', { name: /^Use / }).count()).toBe(0);
    expect(await card(0).getByTestId('layer-shape').textContent()).toBe('8×8×6');
    await shot('build-stride-warning');
    await warning.getByRole('button', { name: 'Use stride 1' }).click();
    expect(await card(0).getByTestId('issue-warning').count()).toBe(0);
    expect(await stride.inputValue()).toBe('1');
    expect(await card(0).getByTestId('layer-shape').textContent()).toBe('24×24×6');
    // A kernel larger than the input is an error that stops the arithmetic but keeps every card.
    await page.getByTestId('inspector').getByLabel('Kernel size *').fill('40');
    await expect.poll(() => card(0).getByTestId('issue-error').count()).toBe(1);
    expect(await cards().count()).toBe(13);
    expect(await card(1).getByTestId('layer-shape').textContent()).toBe('—');
    expect(errors).toEqual([]);
  });

  it('edits the input block and loads presets with one click', async () => {
    await page.getByRole('button', { name: 'Select the input to edit its size' }).click();
    await page.getByLabel('Height', { exact: true }).fill('32');
    await page.getByLabel('Width', { exact: true }).fill('32');
    expect(await page.getByTestId('input-card').textContent()).toContain('32×32×1');
    expect(await card(0).getByTestId('layer-shape').textContent()).toBe('32×32×6');
    await page.getByRole('button', { name: 'Load preset VGG-16' }).click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('138,357,544');
    expect(await page.getByTestId('chart-totals').textContent()).toContain('138,357,544 parameters');
    expect(await page.getByTestId('bar-chart').locator('rect.bar-params').count()).toBe(16);
    await page.getByRole('button', { name: /^Undo load preset VGG-16/ }).click();
    expect(await page.getByTestId('input-card').textContent()).toContain('32×32×1');
    expect(errors).toEqual([]);
  });

  it('the palette is one Tab stop: arrow keys choose, Enter adds after the selected layer', async () => {
    // From the Build tab to the first card's handle, counting the stops and those inside the palette.
    await page.getByTestId('tab-build').focus();
    const stops: { id: string; inPalette: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      stops.push(f);
      if (f.id === 'Move layer 1 (Conv 2D)') break;
    }
    expect(stops.at(-1)!.id, JSON.stringify(stops)).toBe('Move layer 1 (Conv 2D)');
    expect(stops.filter((f) => f.inPalette).map((f) => f.id)).toEqual(['palette-conv2d']);
    // After the palette: Rename, the input block, then the first card's handle (Undo and Redo are disabled).
    expect(stops.slice(stops.findIndex((f) => f.inPalette) + 1).map((f) => f.id)).toEqual(['edit-network-info', 'Select the input to edit its size', 'Move layer 1 (Conv 2D)']);
    const palette = page.getByRole('navigation', { name: 'Layer palette' });
    expect(await palette.locator('[tabindex="0"]').count()).toBe(1);
    // Arrows walk the entries in the order shown (Conv 2D, Max pool, Average pool, ...); Home and End jump.
    await page.getByTestId('palette-conv2d').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect((await focused()).id).toBe('palette-avgpool2d');
    await page.keyboard.press('End');
    expect((await focused()).id).toBe('palette-flatten');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    // The entry last focused is the palette's stop when Tab comes back to it.
    expect(await palette.locator('[tabindex="0"]').getAttribute('data-testid')).toBe('palette-avgpool2d');
    // Enter adds after the selected layer (layer 4), as the + button does.
    await card(3).getByRole('button', { name: /^Select layer 4/ }).click();
    await page.getByTestId('palette-avgpool2d').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards().count()).toBe(14);
    expect((await types())[4]).toBe('avgpool2d');
    expect(await page.getByTestId('last-edit').textContent()).toBe('Last edit: insert Average pool at position 5');
    // The + buttons are out of the Tab order but still named and clickable.
    const plus = page.getByRole('button', { name: 'Add ReLU after layer 5' });
    expect(await plus.getAttribute('tabindex')).toBe('-1');
    await plus.click();
    expect((await types())[5]).toBe('relu');
    expect(errors).toEqual([]);
  });

  it('an edited preset drops its name; the name and description can be edited and are kept', async () => {
    const preset = page.getByRole('combobox', { name: 'Preset' });
    await card(1).getByRole('button', { name: 'Delete layer 2 (ReLU)' }).click();
    expect(await page.getByTestId('network-name').textContent()).toBe('LeNet-5 (MNIST), modified');
    expect(await page.getByTestId('network-description').textContent()).toBe('Started from the LeNet-5 (MNIST) preset, then edited.');
    expect(await preset.inputValue()).toBe('');
    expect(linkedSpec().name).toBe('LeNet-5 (MNIST), modified');
    await page.getByTestId('undo').click();
    expect(await page.getByTestId('network-name').textContent()).toBe('LeNet-5 (MNIST)');
    expect(await preset.inputValue()).toBe('lenet5-mnist');

    await page.getByTestId('edit-network-info').click();
    await page.getByTestId('network-name-input').fill('Draft');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('network-name').textContent()).toBe('LeNet-5 (MNIST)');
    await page.getByTestId('edit-network-info').click();
    await page.getByTestId('network-name-input').fill('Digits, small');
    await page.getByTestId('network-description-input').fill('Two convolutions for MNIST.');
    await shot('build-rename');
    await page.getByTestId('network-info-form').getByRole('button', { name: 'Save' }).click();
    expect(await page.getByTestId('network-name').textContent()).toBe('Digits, small');
    expect(await preset.inputValue()).toBe('');
    expect(await page.getByTestId('last-edit').textContent()).toBe('Last edit: rename the network to Digits, small');
    // A typed name survives edits, and travels in the link.
    await card(1).getByRole('button', { name: 'Delete layer 2 (ReLU)' }).click();
    expect(await page.getByTestId('network-name').textContent()).toBe('Digits, small');
    expect(linkedSpec()).toMatchObject({ name: 'Digits, small', description: 'Two convolutions for MNIST.' });
    expect(errors).toEqual([]);
  });

  it('starts from an empty network, which says in words what to add', async () => {
    await page.getByTestId('preset-empty').click();
    expect(await cards().count()).toBe(0);
    expect(await page.getByTestId('network-name').textContent()).toBe('Custom network');
    const end = page.getByTestId('stack-end');
    expect(await end.textContent()).toBe(
      'No layers yet. Drag one here from the palette, or press + beside it. A classifier needs at least a Flatten layer, then a Dense layer with one unit per class.',
    );
    expect(await page.locator('.build-view').textContent()).not.toContain('{"type"');
    expect(await page.getByTestId('input-card').textContent()).toContain('28×28×1');
    await shot('build-empty');
    // The big empty target takes a drop anywhere on it.
    await mouseDrag(page.getByTestId('palette-flatten'), end, 'middle');
    await expect.poll(() => types()).toEqual(['flatten']);
    // The dropped layer is selected, so + adds after it.
    await page.getByRole('button', { name: 'Add Dense after layer 1' }).click();
    expect(await types()).toEqual(['flatten', 'dense']);
    expect(await page.getByTestId('network-name').textContent()).toBe('Custom network');
    // The header's preset menu offers it too; the network then shows as custom.
    await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'VGG-16' });
    await expect.poll(() => cards().count()).toBe(40);
    await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Empty network' });
    await expect.poll(() => cards().count()).toBe(0);
    expect(await page.getByTestId('input-card').textContent()).toContain('224×224×3');
    expect(await page.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('a dismissible next-step hint leads on to the data and Train; dismissal is remembered', async () => {
    const hint = page.getByTestId('next-step');
    expect(await hint.textContent()).toContain('pick the data to train on, then train this network in Train');
    await hint.getByRole('button', { name: 'Pick data' }).click();
    expect(await page.getByTestId('tab-data').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('tab-build').click();
    await page.getByTestId('next-step').getByRole('button', { name: 'Go to Train' }).click();
    expect(await page.getByTestId('tab-train').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('tab-build').click();
    await page.getByRole('button', { name: 'Dismiss this hint' }).click();
    expect(await page.getByTestId('next-step').count()).toBe(0);
    await page.reload();
    await page.getByTestId('network-name').waitFor();
    expect(await page.getByTestId('next-step').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('animates the window on the 7x7 example and writes out the dot product', async () => {
    await card(0).getByRole('button', { name: /^Select layer 1/ }).click();
    const anim = page.getByTestId('conv-animation');
    await anim.waitFor();
    const dot = page.getByTestId('dot-product');
    // Layer 1: 5x5 kernel, stride 1, padding 2 on the 7x7 example: 49 positions, 25 terms each (12 written).
    expect(await dot.textContent()).toMatch(/^out\[1, 1\] \(1\/49\): 0·\(-1\) \+ 0·0 \+ .* … = -?\d+$/);
    await anim.getByLabel('Kernel', { exact: true }).selectOption({ label: 'Sobel x' });
    // Sobel is 3x3; with the layer's padding 2 that is (7 - 3 + 2·2) / 1 + 1 = 9 positions per axis.
    expect(await dot.textContent()).toBe('out[1, 1] (1/81): 0·(-1) + 0·0 + 0·1 + 0·(-2) + 0·0 + 0·2 + 0·(-1) + 0·0 + 0·1 = 0');
    await anim.getByRole('button', { name: 'Step forward' }).click();
    await anim.getByRole('button', { name: 'Step forward' }).click();
    // Window at padded rows 0..2, columns 2..4: only input (0, 0..2) = 0 1 2 against the bottom row -1 0 1.
    expect(await dot.textContent()).toBe('out[1, 3] (3/81): 0·(-1) + 0·0 + 0·1 + 0·(-2) + 0·0 + 0·2 + 0·(-1) + 1·0 + 2·1 = 2');
    await anim.getByRole('button', { name: 'Play' }).click();
    await anim.getByLabel('Speed').fill('6');
    await expect.poll(async () => Number(/\((\d+)\/81\)/.exec((await dot.textContent())!)![1]), { timeout: 5000 }).toBeGreaterThan(5);
    await anim.getByRole('button', { name: 'Pause' }).click();
    const paused = await dot.textContent();
    await page.waitForTimeout(300);
    expect(await dot.textContent()).toBe(paused);
    await shot('build-animation');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('build-animation-dark');
    expect(errors).toEqual([]);
  });

  it('animates a Sobel kernel over a real MNIST test image', async () => {
    await card(0).getByRole('button', { name: /^Select layer 1/ }).click();
    const anim = page.getByTestId('conv-animation');
    await anim.getByLabel('Dataset image').check();
    await anim.getByLabel('Kernel', { exact: true }).selectOption({ label: 'Sobel y' });
    await expect.poll(() => anim.textContent(), { timeout: 60_000 }).toMatch(/Test image 0 \(/);
    const dot = page.getByTestId('dot-product');
    expect(await dot.textContent()).toMatch(/^out\[1, 1\] \(1\/900\): /);
    const nonBlank = await page.getByTestId('anim-input').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add(d[i]!);
      return seen.size;
    });
    expect(nonBlank).toBeGreaterThan(10);
    await shot('build-animation-mnist');
    expect(errors).toEqual([]);
  });

  it('slides the learned first-layer kernel after a training step', async () => {
    await page.getByTestId('tab-train').click();
    await page.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByTestId('tab-build').click();
    await card(0).getByRole('button', { name: /^Select layer 1/ }).click();
    const anim = page.getByTestId('conv-animation');
    await anim.getByLabel('Dataset image').check();
    await anim.getByLabel('Kernel', { exact: true }).selectOption({ label: 'Learned (layer 1)' });
    await expect.poll(() => anim.textContent(), { timeout: 90_000 }).toMatch(/learned filter 1 of 6 \(after [1-9]\d* steps?\); input standardised/);
    // 5x5 learned weights with padding 2 over the 28x28 image: 784 positions of 25 terms with decimals.
    expect(await page.getByTestId('dot-product').textContent()).toMatch(/^out\[1, 1\] \(1\/784\): .*·.* … = -?\d/);
    await anim.getByLabel('Filter number').fill('3');
    await expect.poll(() => anim.textContent()).toMatch(/learned filter 3 of 6/);
    await shot('build-animation-learned');
    expect(errors).toEqual([]);
  });
});
