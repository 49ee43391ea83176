// The vertical stack: the input block, one sortable card per layer of the spec (also those after an error), and
// a drop target at the end.
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { NetworkAnalysis, NetworkSpec } from '../../model/index.ts';
import { INPUT_ID } from '../../store/networkSlice.ts';
import { useAppStore } from '../../store/index.ts';
import { dragData, STACK_END_ID } from '../build/dnd.ts';
import { InputCard } from './InputCard.tsx';
import { LayerCard } from './LayerCard.tsx';

function EndZone({ count }: { count: number }) {
  const { setNodeRef, isOver, active } = useDroppable({ id: STACK_END_ID, data: { from: 'end', label: 'the end of the stack' } });
  const dragging = active !== null;
  return (
    <li ref={setNodeRef} className={`stack-end${isOver ? ' is-over' : ''}${dragging ? ' is-active' : ''}`} aria-hidden={!dragging} data-testid="stack-end">
      {dragData(active)?.from === 'palette' || !dragging ? `Drop a layer here to add it at position ${count + 1}` : 'Drop here to move it to the end'}
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
  const global = analysis.issues.filter((i) => i.layerIndex === null);
  return (
    <section className="stack" aria-label="Layers">
      {analysis.input ? (
        <InputCard shape={analysis.input} selected={selectedId === INPUT_ID} onSelect={() => select(INPUT_ID)} />
      ) : (
        <button type="button" className="card input-card has-error" onClick={() => select(INPUT_ID)}>
          Input size is invalid: select to fix it
        </button>
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
      {global.length > 0 && (
        <ul className="card-issues stack-issues">
          {global.map((i, k) => (
            <li key={k} className={`issue issue-${i.severity}`}>
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
