// Ids and data carried by the builder's draggables and drop targets, where a drop lands (or why it changed nothing),
// and the screen-reader announcements that describe a drag in words (dnd-kit reads these out through its live region).
import type { Announcements, Active, CollisionDescriptor, CollisionDetection, Modifier, Over } from '@dnd-kit/core';
import { closestCenter, pointerWithin } from '@dnd-kit/core';
import { getEventCoordinates } from '@dnd-kit/utilities';
import { layerDef, type LayerKind } from '../../model/index.ts';

/** A drop target after the last card, filling the column below it: dropping there appends. */
export const STACK_END_ID = 'stack-end';

export const paletteId = (kind: LayerKind) => `palette:${kind}`;

export type DragData =
  | { from: 'palette'; kind: LayerKind; label: string }
  | { from: 'stack'; index: number; label: string }
  | { from: 'end'; label: string };

export function dragData(x: Active | Over | null | undefined): DragData | null {
  return (x?.data.current as DragData | undefined) ?? null;
}

export const paletteData = (kind: LayerKind): DragData => ({ from: 'palette', kind, label: `a new ${layerDef(kind).label} layer` });

/** Where a drop lands in spec.layers: before the card it is over, or at the end. */
export function dropIndex(over: Over | null, layerCount: number): number | null {
  const d = dragData(over);
  if (!d) return null;
  if (d.from === 'stack') return d.index;
  if (d.from === 'end') return layerCount;
  return null;
}

/** What a drop does to the stack, or, when it does nothing, a sentence saying so and what would have worked. */
export type DropOutcome =
  | { action: 'insert'; kind: LayerKind; at: number }
  | { action: 'move'; from: number; to: number }
  | { action: 'none'; message: string };

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function dropOutcome(active: DragData | null, over: DragData | null, layerCount: number): DropOutcome {
  if (!active) return { action: 'none', message: 'Nothing changed: the drag carried no layer.' };
  const to = over?.from === 'stack' ? over.index : over?.from === 'end' ? layerCount : null;
  if (active.from === 'palette') {
    if (to !== null) return { action: 'insert', kind: active.kind, at: to };
    return { action: 'none', message: `Nothing changed: ${active.label} was dropped outside the stack. Drop it on a card to insert it before that card, or anywhere below the last card to add it at the end.` };
  }
  if (active.from === 'stack') {
    if (to === null) return { action: 'none', message: `Nothing changed: ${active.label} was dropped outside the stack. Drop it on another card to move it there.` };
    const target = Math.min(to, layerCount - 1);
    if (target === active.index) return { action: 'none', message: `Nothing changed: ${active.label} was dropped where it already was.` };
    return { action: 'move', from: active.index, to: target };
  }
  return { action: 'none', message: 'Nothing changed.' };
}

/** How far (px) above or below a target the pointer may be and still count as over it: the gap between cards. */
const GAP_SLACK = 8;

/**
 * Pointer drags target what is under the pointer; in the narrow gaps between cards, the nearest target straight
 * above or below within the stack's width. Anywhere else is no target (a drop back on the palette changes nothing).
 * The result depends only on the pointer and the targets' rects, never on the size of the floating chip. Keyboard
 * drags have no pointer and take the nearest target.
 */
export const collisions: CollisionDetection = (args) => {
  const p = args.pointerCoordinates;
  if (!p) return closestCenter(args);
  const within = pointerWithin(args);
  if (within.length > 0) return within;
  let best: CollisionDescriptor | null = null;
  for (const container of args.droppableContainers) {
    const r = args.droppableRects.get(container.id);
    if (!r || p.x < r.left || p.x > r.right) continue;
    const distance = p.y < r.top ? r.top - p.y : p.y - r.bottom;
    if (distance <= GAP_SLACK && (!best || distance < best.data.value)) best = { id: container.id, data: { droppableContainer: container, value: distance } };
  }
  return best ? [best] : [];
};

/**
 * Keeps the floating chip clear of what it is dropped on: beside and below the pointer (like a cursor label) rather
 * than centred on the grab point, and, for keyboard drags (no pointer), at the right end of the target card, where
 * it covers numbers rather than the card's name.
 */
export const besideTarget: Modifier = ({ activatorEvent, draggingNodeRect, over, transform }) => {
  if (!draggingNodeRect || !activatorEvent) return transform;
  const p = getEventCoordinates(activatorEvent);
  if (p) return { ...transform, x: transform.x + p.x - draggingNodeRect.left + 18, y: transform.y + p.y - draggingNodeRect.top + 14 };
  if (over?.rect) return { ...transform, x: transform.x + Math.max(0, over.rect.width - draggingNodeRect.width - 64) };
  return transform;
};

function describeOver(active: Active, over: Over | null): string {
  const a = dragData(active);
  const o = dragData(over);
  if (!a || !o) return cap(`${a?.label ?? 'the item'} is not over the layer stack.`);
  if (a.from === 'palette') return cap(o.from === 'end' ? `${a.label} would be added at the end of the stack.` : `${a.label} would be inserted before ${o.label}.`);
  return cap(o.from === 'stack' ? `${a.label} would move to position ${o.index + 1}.` : `${a.label} would move to the end of the stack.`);
}

/** The announcements for a stack of `layerCount()` layers. */
export function makeAnnouncements(layerCount: () => number): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${dragData(active)?.label ?? 'an item'}. Use the arrow keys to move, space to drop, escape to cancel.`,
    onDragOver: ({ active, over }) => describeOver(active, over),
    // A drop that changed nothing is announced once, by the builder's own status line (BuildDnd); '' clears the
    // last "would be" so that it is not left standing.
    onDragEnd: ({ active, over }) => {
      if (dropOutcome(dragData(active), dragData(over), layerCount()).action === 'none') return '';
      return `Dropped. ${describeOver(active, over).replace(' would be ', ' was ').replace(' would move ', ' moved ')}`;
    },
    onDragCancel: ({ active }) => `Cancelled moving ${dragData(active)?.label ?? 'the item'}; the stack is unchanged.`,
  };
}

export const screenReaderInstructions = {
  draggable:
    'To pick up a layer, press space. While dragging, use the up and down arrow keys to choose a position in the stack, then press space again to drop it there, or escape to cancel.',
};
