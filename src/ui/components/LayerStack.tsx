// The vertical stack: the input block, the network's own problems, one sortable card per layer of the spec (also
// those after an error), and a drop target filling the column below the last card.
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { NetworkAnalysis, NetworkSpec } from '../../model/index.ts';
import { INPUT_ID } from '../../store/networkSlice.ts';
import { useAppStore } from '../../store/index.ts';
import { dragData, STACK_END_ID } from '../build/dnd.ts';
import { InputCard } from './InputCard.tsx';
import { LayerCard } from './LayerCard.tsx';

/**
 * The drop target after the last card. It fills the column down to the bottom of the page, so a drop anywhere below
 * the stack appends (and a pointer held at the bottom edge while the page auto-scrolls ends up over it); the dashed
 * strip at its top is what shows. An empty stack says in words what to add.
 */
function EndZone({ count }: { count: number }) {
  const { setNodeRef, isOver, active } = useDroppable({ id: STACK_END_ID, data: { from: 'end', label: 'the end of the stack' } });
  const dragging = active !== null;
  const text =
    dragData(active)?.from === 'stack'
      ? 'Drop here to move it to the end'
      : count === 0
        ? 'No layers yet. Drag one here from the palette, or press + beside it. A classifier needs at least a Flatten layer, then a Dense layer with one unit per class.'
        : `Drop a layer here to add it at position ${count + 1}`;
  return (
    <li
      ref={setNodeRef}
      className={`stack-end${isOver ? ' is-over' : ''}${dragging ? ' is-active' : ''}${count === 0 ? ' is-empty' : ''}`}
      aria-hidden={!dragging && count > 0}
      data-testid="stack-end"
    >
      <div className="stack-end-strip">
        {text}
      </div>
    </li>
  );
}

export function LayerStack({ analysis, spec }: { analysis: NetworkAnalysis; spec: NetworkSpec }) {
  const layerIds = useAppStore((s) => s.layerIds);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const removeLayer = useAppStore((s) => s.removeLayer);
  const duplicateLayer = useAppStore((s) => s.duplicateLayer);
  const byIndex = new Map(analysis.layers.map((l) => [l.index, l]));
  // Problems of the whole network, above the cards (the column below them is the drop target). An empty stack's
  // own message says what to add, so the model's "no layers" error is not repeated.
  const global = analysis.issues.filter((i) => i.layerIndex === null && i.code !== 'no-layers');
  return (
    <section className="stack" aria-label="Layers">
      {analysis.input ? (
        <InputCard shape={analysis.input} selected={selectedId === INPUT_ID} onSelect={() => select(INPUT_ID)} />
      ) : (
        <button type="button" className="card input-card has-error" onClick={() => select(INPUT_ID)}>
          Input size is invalid: select to fix it
        </button>
      )}
      {global.length > 0 && (
        <ul className="card-issues stack-issues">
          {global.map((i, k) => (
            <li key={k} className={`issue issue-${i.severity}`}>
              {i.message}
            </li>
          ))}
        </ul>
      )}
      <SortableContext items={layerIds} strategy={verticalListSortingStrategy}>
        <ol className="layer-list" role="list" aria-label={`${spec.layers.length} layers`}>
          {spec.layers.map((layer, index) => {
            const id = layerIds[index]!;
            return (
              <LayerCard
                key={id}
                id={id}
                index={index}
                layer={layer}
                analysis={byIndex.get(index)}
                issues={analysis.issues.filter((i) => i.layerIndex === index)}
                selected={selectedId === id}
                onSelect={() => select(id)}
                onDuplicate={() => duplicateLayer(index)}
                onDelete={() => removeLayer(index)}
              />
            );
          })}
          <EndZone count={spec.layers.length} />
        </ol>
      </SortableContext>
    </section>
  );
}
