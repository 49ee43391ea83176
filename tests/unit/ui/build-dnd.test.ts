// The builder's drag and drop as data: what a drop does (or the sentence saying it did nothing), which target a
// pointer is over (including the gaps between cards), where the floating chip sits, and the palette's arrow keys.
import type { Active, ClientRect, DroppableContainer } from '@dnd-kit/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAYER_KINDS } from '../../../src/model/index.ts';
import { besideTarget, collisions, dropOutcome, paletteData, STACK_END_ID, type DragData } from '../../../src/ui/build/dnd.ts';
import { PALETTE_ORDER, paletteStep } from '../../../src/ui/build/paletteOrder.ts';

const card = (index: number): DragData => ({ from: 'stack', index, label: `layer ${index + 1}` });
const end: DragData = { from: 'end', label: 'the end of the stack' };

describe('drop outcome', () => {
  it('inserts a palette layer before the card under it, or at the end', () => {
    expect(dropOutcome(paletteData('relu'), card(2), 5)).toEqual({ action: 'insert', kind: 'relu', at: 2 });
    expect(dropOutcome(paletteData('relu'), end, 5)).toEqual({ action: 'insert', kind: 'relu', at: 5 });
    expect(dropOutcome(paletteData('relu'), end, 0)).toEqual({ action: 'insert', kind: 'relu', at: 0 });
  });

  it('moves a card onto another card, or to the end', () => {
    expect(dropOutcome(card(0), card(3), 5)).toEqual({ action: 'move', from: 0, to: 3 });
    expect(dropOutcome(card(4), card(1), 5)).toEqual({ action: 'move', from: 4, to: 1 });
    expect(dropOutcome(card(1), end, 5)).toEqual({ action: 'move', from: 1, to: 4 });
  });

  it('says in words when a drop changes nothing, and what would have worked', () => {
    const outside = dropOutcome(paletteData('dense'), null, 5);
    expect(outside).toEqual({ action: 'none', message: expect.stringMatching(/^Nothing changed: a new Dense layer was dropped outside the stack\. Drop it on a card .* below the last card/) });
    expect(dropOutcome(card(2), null, 5)).toEqual({ action: 'none', message: 'Nothing changed: layer 3 was dropped outside the stack. Drop it on another card to move it there.' });
    expect(dropOutcome(card(2), card(2), 5)).toEqual({ action: 'none', message: 'Nothing changed: layer 3 was dropped where it already was.' });
    expect(dropOutcome(card(4), end, 5)).toMatchObject({ action: 'none' });
    // A palette entry is a disabled target; even if it were reported, it is not a place in the stack.
    expect(dropOutcome(paletteData('dense'), paletteData('relu'), 5)).toMatchObject({ action: 'none' });
  });
});

describe('pointer targets', () => {
  const rect = (top: number, height: number, left = 200, width = 600): ClientRect => ({ top, left, width, height, bottom: top + height, right: left + width });
  // Two cards 6 px apart, then the end zone filling the column below.
  const rects = new Map<string, ClientRect>([
    ['a', rect(100, 40)],
    ['b', rect(146, 40)],
    [STACK_END_ID, rect(192, 400)],
  ]);
  const containers = [...rects.keys()].map((id) => ({ id, data: { current: null }, disabled: false }) as unknown as DroppableContainer);
  const hit = (x: number, y: number) =>
    collisions({ active: { id: 'x' } as Active, collisionRect: rect(y - 10, 20, x - 60, 120), droppableRects: rects, droppableContainers: containers, pointerCoordinates: { x, y } }).map((c) => c.id);

  it('is the target under the pointer, whatever the chip overlaps', () => {
    expect(hit(400, 120)).toEqual(['a']);
    expect(hit(400, 150)).toEqual(['b']);
    expect(hit(210, 500)).toEqual([STACK_END_ID]);
  });

  it('in the gap between two cards, the nearest of them', () => {
    expect(hit(400, 141)).toEqual(['a']);
    expect(hit(400, 145)).toEqual(['b']);
  });

  it('is nothing beside the stack, even where the floating chip reaches into it', () => {
    expect(hit(150, 120)).toEqual([]);
    expect(hit(900, 300)).toEqual([]);
    expect(hit(400, 60)).toEqual([]);
  });
});

describe('floating chip', () => {
  // dnd-kit's event helpers look up the event's window for TouchEvent; Node has none, so give it an empty one.
  beforeAll(() => vi.stubGlobal('window', {}));
  afterAll(() => vi.unstubAllGlobals());
  const chip = { top: 500, left: 40, width: 100, height: 24, bottom: 524, right: 140 };
  it('sits beside and below the pointer, not centred on the grab point', () => {
    const grab = { type: 'pointerdown', clientX: 90, clientY: 510 } as unknown as Event;
    const t = besideTarget({ activatorEvent: grab, draggingNodeRect: chip, transform: { x: 300, y: -200, scaleX: 1, scaleY: 1 } } as Parameters<typeof besideTarget>[0]);
    // The pointer is at (90 + 300, 510 - 200); the chip's top-left corner 18 px right of it and 14 px below.
    expect(chip.left + t.x).toBe(390 + 18);
    expect(chip.top + t.y).toBe(310 + 14);
  });

  it('for a keyboard drag, moves to the right end of the target card, off its name', () => {
    const key = { type: 'keydown', code: 'Space' } as unknown as Event;
    const over = { id: 'b', rect: { top: 146, left: 200, width: 600, height: 40, bottom: 186, right: 800 }, data: { current: null }, disabled: false };
    const t = besideTarget({ activatorEvent: key, draggingNodeRect: chip, over, transform: { x: 160, y: -354, scaleX: 1, scaleY: 1 } } as unknown as Parameters<typeof besideTarget>[0]);
    expect(chip.left + t.x).toBe(200 + 600 - 100 - 64);
    expect(t.y).toBe(-354);
  });
});

describe('palette keys', () => {
  it('walks every layer kind once, in the order shown', () => {
    expect([...PALETTE_ORDER].sort()).toEqual([...LAYER_KINDS].sort());
    expect(PALETTE_ORDER[0]).toBe('conv2d');
  });

  it('arrows step and stop at the ends; Home and End jump; other keys are not the palette’s', () => {
    const last = PALETTE_ORDER[PALETTE_ORDER.length - 1]!;
    expect(paletteStep('conv2d', 'ArrowDown')).toBe(PALETTE_ORDER[1]);
    expect(paletteStep(PALETTE_ORDER[1]!, 'ArrowUp')).toBe('conv2d');
    expect(paletteStep('conv2d', 'ArrowUp')).toBe('conv2d');
    expect(paletteStep(last, 'ArrowDown')).toBe(last);
    expect(paletteStep(PALETTE_ORDER[3]!, 'Home')).toBe('conv2d');
    expect(paletteStep('conv2d', 'End')).toBe(last);
    expect(paletteStep('conv2d', ' ')).toBeNull();
    expect(paletteStep('conv2d', 'Enter')).toBeNull();
  });
});
