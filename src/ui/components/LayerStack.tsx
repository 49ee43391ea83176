import type { NetworkAnalysis } from '../../model/index.ts';
import { InputCard } from './InputCard.tsx';
import { LayerCard } from './LayerCard.tsx';

export function LayerStack({ analysis }: { analysis: NetworkAnalysis }) {
  const shown = new Set(analysis.layers.map((l) => l.index));
  const specLayers = analysis.spec?.layers.length ?? analysis.layers.length;
  const stuck = analysis.issues.filter((i) => i.severity === 'error' && (i.layerIndex === null || !shown.has(i.layerIndex)));
  return (
    <section className="stack" aria-label="Layers">
      {analysis.input && <InputCard shape={analysis.input} />}
      <ol className="layer-list" role="list" aria-label={`${specLayers} layers`}>
        {analysis.layers.map((layer) => (
          <LayerCard key={layer.index} layer={layer} />
        ))}
      </ol>
      {stuck.length > 0 && (
        <ul className="card-issues stack-issues">
          {stuck.map((i, k) => (
            <li key={k} className="issue issue-error">
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
