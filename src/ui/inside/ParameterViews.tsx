// The parameter sections of the Inside view: filters and histograms, from one read of every layer's tensors,
// refreshed less often than the maps while training (all weights and gradients cross from the worker).
import type { NetworkAnalysis } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { Filters } from './Filters.tsx';
import { Histograms } from './Histograms.tsx';
import { useLiveTick } from './useLiveTick.ts';
import { useParamTensors } from './useParamTensors.ts';

const REFRESH_MS = 3000;

export function ParameterViews({ analysis }: { analysis: NetworkAnalysis }) {
  const built = useAppStore((s) => s.session !== null);
  const tick = useLiveTick(REFRESH_MS);
  const params = useParamTensors(analysis, built, tick);
  return (
    <>
      <section className="inside-panel" aria-labelledby="filters-heading">
        <h3 id="filters-heading">Filters</h3>
        {params.error && (
          <p className="issue issue-error" role="alert">
            Could not read the weights: {params.error}
          </p>
        )}
        {params.data ? <Filters analysis={analysis} tensors={params.data} /> : <p className="inside-note">Reading the weights…</p>}
      </section>
      <section className="inside-panel" aria-labelledby="hist-heading">
        <h3 id="hist-heading">Weight and gradient histograms</h3>
        {params.data && <Histograms analysis={analysis} tensors={params.data} />}
      </section>
    </>
  );
}
