// Drag and drop for the builder: palette items insert a new layer where they are dropped, cards reorder.
// Pointer and keyboard both work (dnd-kit's KeyboardSensor), every move is announced for screen readers, and a drop
// that changed nothing says so on screen and in a live region.
import { DndContext, DragOverlay, KeyboardCode, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { layerDef, type LayerKind } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { besideTarget, collisions, dragData, dropOutcome, makeAnnouncements, screenReaderInstructions } from './dnd.ts';

/**
 * Auto-scroll only in the last few percent of the viewport, and gently: with dnd-kit's default (the outer 20%, fast)
 * the page ran away under a pointer that was merely aiming at a card or the end of the stack near the bottom, and the
 * drop landed elsewhere. Dragging up past the top edge or down past the bottom still scrolls.
 */
const AUTO_SCROLL = { threshold: { x: 0, y: 0.06 }, acceleration: 6 };

/** Only space picks up (Enter on a palette entry adds it; see Palette); space or Enter drops. */
const KEYBOARD_CODES = { start: [KeyboardCode.Space], cancel: [KeyboardCode.Esc], end: [KeyboardCode.Space, KeyboardCode.Enter] };

/** How long the "nothing changed" line stays on screen. */
const NOTICE_MS = 6000;

export function BuildDnd({ children }: { children: ReactNode }) {
  const insertLayer = useAppStore((s) => s.insertLayer);
  const moveLayer = useAppStore((s) => s.moveLayer);
  const [dragging, setDragging] = useState<LayerKind | null>(null);
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so that clicks on buttons inside cards stay clicks.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: KEYBOARD_CODES }),
  );
  const announcements = useMemo(() => makeAnnouncements(() => useAppStore.getState().spec.layers.length), []);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  function onDragStart(e: DragStartEvent) {
    const d = dragData(e.active);
    setDragging(d?.from === 'palette' ? d.kind : null);
    setNotice(null);
  }

  function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    const outcome = dropOutcome(dragData(e.active), dragData(e.over), useAppStore.getState().spec.layers.length);
    if (outcome.action === 'insert') insertLayer(outcome.kind, outcome.at);
    else if (outcome.action === 'move') moveLayer(outcome.from, outcome.to);
    else setNotice({ text: outcome.message });
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      autoScroll={AUTO_SCROLL}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      {children}
      <DragOverlay dropAnimation={null} modifiers={[besideTarget]}>
        {dragging && <div className={`palette-chip drag-ghost cat-${layerDef(dragging).category}`}>{layerDef(dragging).label}</div>}
      </DragOverlay>
      <p className="drop-notice" role="status" aria-live="polite" data-testid="drop-notice">
        {notice?.text}
      </p>
    </DndContext>
  );
}
