// Thirty pointer drags in the Build view, palette -> stack and card reorders, to varied points of their targets
// (top, middle and bottom of a card, the blank column under the last card, near the bottom of the viewport) with the
// page scrolled. Every drag must land where its target says: each result is checked against a model of the stack
// kept by the test, and the final network is decoded from the shared link in the address bar.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeSpecToken, presetSpec, type LayerKind } from '../../src/model/index.ts';
import { screenshot } from './browser.ts';
import { layerTypes, useBuildPage } from './buildPage.ts';

let page: Page;
let errors: string[];

useBuildPage((s) => void ({ page, errors } = s));

const cards = () => page.getByTestId('layer-card');
const types = () => layerTypes(page);

/** A small seeded generator (an LCG), so that every run makes the same drags. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function arrayMove<T>(items: T[], from: number, to: number): T[] {
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the visible part of the page starts below the sticky header, and the viewport height. */
async function viewport(): Promise<{ top: number; height: number }> {
  return page.evaluate(() => ({ top: document.querySelector('.app-header')!.getBoundingClientRect().bottom, height: window.innerHeight }));
}

/** Boxes of the cards entirely inside [top, bottom) of the viewport, by index. */
async function visibleCards(top: number, bottom: number): Promise<{ index: number; box: Box }[]> {
  const boxes = await cards().evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  return boxes.map((box, index) => ({ index, box })).filter(({ box }) => box.y >= top && box.y + box.height <= bottom);
}

/** Pointer drag in small steps (dnd-kit's PointerSensor needs travel past its threshold), dropped at (x, y). */
async function drag(from: Box, to: () => Promise<{ x: number; y: number }>, hold = 100): Promise<void> {
  const sx = from.x + from.width / 2;
  const sy = from.y + from.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 10, sy + 10, { steps: 4 });
  await page.waitForTimeout(100);
  const p = await to();
  await page.mouse.move(p.x, p.y, { steps: 8 });
  await page.waitForTimeout(hold);
  await page.mouse.up();
}

/** The palette entry's box once it shows (the palette scrolls inside itself when the viewport is short). */
async function paletteBox(kind: LayerKind): Promise<Box> {
  const chip = page.getByTestId(`palette-${kind}`);
  await chip.scrollIntoViewIfNeeded();
  return (await chip.boundingBox())!;
}

async function scrollTo(fraction: number): Promise<void> {
  await page.evaluate((f) => window.scrollTo(0, f * (document.documentElement.scrollHeight - window.innerHeight)), fraction);
  await page.waitForTimeout(50);
}

const PALETTE: LayerKind[] = ['relu', 'dropout', 'batchnorm', 'tanh', 'maxpool2d', 'sigmoid', 'leakyrelu', 'elu', 'avgpool2d'];

describe('build view drags', () => {
  it('30 pointer drags (palette -> stack, reorders, the blank column, near the viewport bottom) with the page scrolled all land', async () => {
    const rand = random(19);
    let expected: string[] = presetSpec('lenet5-mnist').layers.map((l) => l.type);
    expect(await types()).toEqual(expected);
    const lost: string[] = [];
    for (let n = 0; n < 30; n++) {
      const { top, height } = await viewport();
      const mode = ['palette-card', 'card-card', 'palette-card', 'palette-end', 'card-card', 'card-end'][n % 6]!;
      let what: string;
      let next: string[];
      if (mode === 'palette-end' || mode === 'card-end') {
        // The end of the stack: scroll so that it shows, then drop on the strip, under it, or hold the pointer at
        // the bottom edge until auto-scroll reaches the end of the page.
        await scrollTo(0.7 + 0.3 * rand());
        const kind = PALETTE[Math.floor(rand() * PALETTE.length)]!;
        const variant = n % 12 < 6 ? 'strip' : 'edge';
        // Aiming at the strip: it must show, above the few pixels at the bottom edge that scroll the page.
        if (variant === 'strip') await page.getByTestId('stack-end').scrollIntoViewIfNeeded();
        const src = mode === 'palette-end' ? await paletteBox(kind) : null;
        const endBox = (await page.getByTestId('stack-end').boundingBox())!;
        const point = async () => {
          if (variant === 'edge') return { x: endBox.x + endBox.width * (0.2 + 0.6 * rand()), y: height - 4 };
          const b = (await page.getByTestId('stack-end').boundingBox())!;
          return { x: b.x + b.width * (0.1 + 0.8 * rand()), y: Math.min(b.y + 2 + 40 * rand(), height * 0.93) };
        };
        if (src) {
          what = `${kind} from the palette to the end (${variant})`;
          await drag(src, point, variant === 'edge' ? 1500 : 100);
          next = [...expected, kind];
        } else {
          const shown = await visibleCards(top + 4, height - 60);
          const from = shown[Math.floor(rand() * shown.length)]!;
          const handle = (await cards().nth(from.index).getByRole('button', { name: /^Move layer/ }).boundingBox())!;
          what = `card ${from.index + 1} to the end (${variant})`;
          await drag(handle, point, variant === 'edge' ? 1500 : 100);
          next = arrayMove(expected, from.index, expected.length - 1);
        }
      } else {
        await scrollTo(rand());
        const kind = PALETTE[Math.floor(rand() * PALETTE.length)]!;
        const src = mode === 'palette-card' ? await paletteBox(kind) : null;
        // Cards anywhere on screen down to the last few pixels, which scroll the page (the 'edge' drags cover those).
        const shown = await visibleCards(top + 4, Math.floor(height * 0.93));
        const target = shown[Math.floor(rand() * shown.length)]!;
        // Vary the drop point over the card: from near its top edge to near its bottom, across its width.
        const fy = 0.1 + 0.8 * rand();
        const fx = 0.1 + 0.8 * rand();
        const point = async () => ({ x: target.box.x + target.box.width * fx, y: target.box.y + target.box.height * fy });
        if (src) {
          what = `${kind} from the palette before card ${target.index + 1} at (${fx.toFixed(2)}, ${fy.toFixed(2)}), pointer y ${Math.round(target.box.y + target.box.height * fy)} of ${height}`;
          await drag(src, point);
          next = [...expected.slice(0, target.index), kind, ...expected.slice(target.index)];
        } else {
          const others = shown.filter((c) => c.index !== target.index);
          const from = others[Math.floor(rand() * others.length)]!;
          const handle = (await cards().nth(from.index).getByRole('button', { name: /^Move layer/ }).boundingBox())!;
          what = `card ${from.index + 1} onto card ${target.index + 1} at (${fx.toFixed(2)}, ${fy.toFixed(2)})`;
          await drag(handle, point);
          next = arrayMove(expected, from.index, target.index);
        }
      }
      try {
        await expect.poll(() => types(), { timeout: 2000 }).toEqual(next);
      } catch {
        lost.push(`drag ${n + 1}: ${what}`);
        if (lost.length === 1) await screenshot(page, 'build-drags-lost');
      }
      // Carry on from what the page shows, so one lost drag is reported once.
      expected = await types();
    }
    expect(lost).toEqual([]);
    expect(expected).toHaveLength(13 + 15);
    // The independent record: the network in the shared link.
    const hash = new URL(page.url()).hash;
    const token = decodeURIComponent(/#net=([^&]+)/.exec(hash)![1]!);
    expect(decodeSpecToken(token).layers.map((l) => l.type)).toEqual(expected);
    expect(errors).toEqual([]);
  });
});
