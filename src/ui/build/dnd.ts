// Ids and data carried by the builder's draggables and drop targets, and the screen-reader announcements that
// describe a drag in words (dnd-kit reads these out through its live region).
import type { Announcements, Active, CollisionDetection, Over } from '@dnd-kit/core';
import { closestCenter, pointerWithin, rectIntersection } from '@dnd-kit/core';
import { layerDef, type LayerKind } from '../../model/index.ts';

/** A drop target after the last card: dropping there appends. */
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

/**
 * Pointer drags target what is under the pointer (or overlaps the dragged item, for the gaps between cards), so a
 * drop back on the palette changes nothing; keyboard drags have no pointer and take the nearest target.
 */
export const collisions: CollisionDetection = (args) => {
  if (!args.pointerCoordinates) return closestCenter(args);
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function describeOver(active: Active, over: Over | null): string {
  const a = dragData(active);
  const o = dragData(over);
  if (!a || !o) return cap(`${a?.label ?? 'the item'} is not over the layer stack.`);
  if (a.from === 'palette') return cap(o.from === 'end' ? `${a.label} would be added at the end of the stack.` : `${a.label} would be inserted before ${o.label}.`);
  return cap(o.from === 'stack' ? `${a.label} would move to position ${o.index + 1}.` : `${a.label} is over ${o.label}.`);
}

export const announcements: Announcements = {
  onDragStart: ({ active }) => `Picked up ${dragData(active)?.label ?? 'an item'}. Use the arrow keys to move, space to drop, escape to cancel.`,
  onDragOver: ({ active, over }) => describeOver(active, over),
  onDragEnd: ({ active, over }) => (over ? `Dropped. ${describeOver(active, over).replace(' would be ', ' was ').replace(' would move ', ' moved ')}` : `Dropped outside the stack; nothing changed.`),
  onDragCancel: ({ active }) => `Cancelled moving ${dragData(active)?.label ?? 'the item'}; the stack is unchanged.`,
};

export const screenReaderInstructions = {
  draggable:
    'To pick up a layer, press space. While dragging, use the up and down arrow keys to choose a position in the stack, then press space again to drop it there, or escape to cancel.',
};
