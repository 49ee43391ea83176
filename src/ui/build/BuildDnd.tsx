// Drag and drop for the builder: palette items insert a new layer where they are dropped, cards reorder.
// Pointer and keyboard both work (dnd-kit's KeyboardSensor), and every move is announced for screen readers.
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useState, type ReactNode } from 'react';
import { layerDef, type LayerKind } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { announcements, collisions, dragData, dropIndex, screenReaderInstructions } from './dnd.ts';

export function BuildDnd({ children }: { children: ReactNode }) {
  const insertLayer = useAppStore((s) => s.insertLayer);
  const moveLayer = useAppStore((s) => s.moveLayer);
  const [dragging, setDragging] = useState<LayerKind | null>(null);
  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so that clicks on buttons inside cards stay clicks.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function onDragStart(e: DragStartEvent) {
    const d = dragData(e.active);
    setDragging(d?.from === 'palette' ? d.kind : null);
  }

  function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    const a = dragData(e.active);
    const count = useAppStore.getState().spec.layers.length;
    const to = dropIndex(e.over, count);
    if (!a || to === null) return;
    if (a.from === 'palette') insertLayer(a.kind, to);
    else if (a.from === 'stack') moveLayer(a.index, Math.min(to, count - 1));
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {dragging && <div className={`palette-chip drag-ghost cat-${layerDef(dragging).category}`}>{layerDef(dragging).label}</div>}
      </DragOverlay>
    </DndContext>
  );
}
