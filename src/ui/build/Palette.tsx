// Every layer kind, grouped by category: drag one into the stack, or press its + button (Enter, by keyboard) to add
// it after the selected layer (at the end when nothing is selected). The palette is one Tab stop: the arrow keys,
// Home and End move between entries (a roving tabindex), space picks the focused entry up for a keyboard drag.
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { layerDef, type LayerKind } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { paletteData, paletteId } from './dnd.ts';
import { kindsOf, PALETTE_GROUPS, PALETTE_ORDER, paletteStep } from './paletteOrder.ts';

interface PaletteItemProps {
  kind: LayerKind;
  where: string;
  /** The one entry in the Tab order. */
  tabbable: boolean;
  onFocusEntry(kind: LayerKind): void;
  onMove(to: LayerKind): void;
}

function PaletteItem({ kind, where, tabbable, onFocusEntry, onMove }: PaletteItemProps) {
  const def = layerDef(kind);
  const id = paletteId(kind);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id, data: paletteData(kind) });
  // A disabled drop target under the same id: dnd-kit's keyboard navigation starts from the active item's
  // droppable, so without it a keyboard drag out of the palette could not move.
  const { setNodeRef: setDropRef } = useDroppable({ id, disabled: true, data: paletteData(kind) });
  const insertLayer = useAppStore((s) => s.insertLayer);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // While this entry is being dragged by keyboard (focus stays on it), the keys belong to dnd-kit: the arrows
    // choose the drop position. (Reading the whole drag context instead would re-render every entry per move.)
    if (!isDragging) {
      const to = paletteStep(kind, e.key);
      if (to) {
        e.preventDefault();
        onMove(to);
        return;
      }
      if (e.key === 'Enter' || e.key === '+') {
        e.preventDefault();
        insertLayer(kind);
        return;
      }
    }
    listeners?.onKeyDown?.(e);
  }

  return (
    <li className="palette-item" ref={setDropRef}>
      <div
        ref={setNodeRef}
        className={`palette-chip cat-${def.category}${isDragging ? ' is-dragging' : ''}`}
        title={`${def.summary} (Enter adds it ${where}; space picks it up to drag)`}
        data-testid={`palette-${kind}`}
        data-kind={kind}
        {...attributes}
        {...listeners}
        tabIndex={tabbable ? 0 : -1}
        onKeyDown={onKeyDown}
        onFocus={() => onFocusEntry(kind)}
        aria-label={`${def.label}: press Enter to add it ${where}, or space to drag it into the stack`}
      >
        {def.label}
      </div>
      {/* Out of the Tab order (Enter on the entry does the same), still a click target and named for screen readers. */}
      <button type="button" className="icon-button" tabIndex={-1} onClick={() => insertLayer(kind)} aria-label={`Add ${def.label} ${where}`} title={`Add ${where}`}>
        +
      </button>
    </li>
  );
}

export function Palette() {
  const where = useAppStore((s) => {
    if (s.selectedId === 'input') return 'at the start';
    const i = s.selectedId ? s.layerIds.indexOf(s.selectedId) : -1;
    return i >= 0 ? `after layer ${i + 1}` : 'at the end';
  });
  const [current, setCurrent] = useState<LayerKind>(PALETTE_ORDER[0]!);
  const nav = useRef<HTMLElement>(null);
  const move = (to: LayerKind) => {
    setCurrent(to);
    nav.current?.querySelector<HTMLElement>(`[data-kind="${to}"]`)?.focus();
  };
  return (
    <nav className="palette panel" aria-label="Layer palette" ref={nav}>
      <h2>Layers</h2>
      <p className="hint" title="By keyboard: Tab to the palette, arrow keys to choose, Enter to add, space to pick up and drag">
        Drag into the stack, or press + to add {where}.
      </p>
      {PALETTE_GROUPS.map((g) => (
        <section key={g.category} aria-label={g.title}>
          <h3>{g.title}</h3>
          <ul className="palette-list">
            {kindsOf(g.category).map((k) => (
              <PaletteItem key={k} kind={k} where={where} tabbable={k === current} onFocusEntry={setCurrent} onMove={move} />
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
