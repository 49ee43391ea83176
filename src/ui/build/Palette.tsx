// Every layer kind, grouped by category: drag one into the stack, or press its + button to add it after the
// selected layer (at the end when nothing is selected).
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { LAYER_KINDS, layerDef, type LayerCategory, type LayerKind } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { paletteData, paletteId } from './dnd.ts';

const GROUPS: { category: LayerCategory; title: string }[] = [
  { category: 'convolution', title: 'Convolution' },
  { category: 'pooling', title: 'Pooling' },
  { category: 'dense', title: 'Dense' },
  { category: 'activation', title: 'Activations' },
  { category: 'normalization', title: 'Normalisation' },
  { category: 'regularization', title: 'Regularisation' },
  { category: 'reshape', title: 'Reshape' },
];

function PaletteItem({ kind, where }: { kind: LayerKind; where: string }) {
  const def = layerDef(kind);
  const id = paletteId(kind);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id, data: paletteData(kind) });
  // A disabled drop target under the same id: dnd-kit's keyboard navigation starts from the active item's
  // droppable, so without it a keyboard drag out of the palette could not move.
  const { setNodeRef: setDropRef } = useDroppable({ id, disabled: true, data: paletteData(kind) });
  const insertLayer = useAppStore((s) => s.insertLayer);
  return (
    <li className="palette-item" ref={setDropRef}>
      <div
        ref={setNodeRef}
        className={`palette-chip cat-${def.category}${isDragging ? ' is-dragging' : ''}`}
        title={def.summary}
        data-testid={`palette-${kind}`}
        {...attributes}
        {...listeners}
        aria-label={`${def.label}: drag into the stack`}
      >
        {def.label}
      </div>
      <button type="button" className="icon-button" onClick={() => insertLayer(kind)} aria-label={`Add ${def.label} ${where}`} title={`Add ${where}`}>
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
  return (
    <nav className="palette panel" aria-label="Layer palette">
      <h2>Layers</h2>
      <p className="hint">Drag into the stack, or press + to add {where}.</p>
      {GROUPS.map((g) => {
        const kinds = LAYER_KINDS.filter((k) => layerDef(k).category === g.category);
        return (
          <section key={g.category} aria-label={g.title}>
            <h3>{g.title}</h3>
            <ul className="palette-list">
              {kinds.map((k) => (
                <PaletteItem key={k} kind={k} where={where} />
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
