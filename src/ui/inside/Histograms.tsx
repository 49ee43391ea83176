// Weight and gradient histograms for every layer with weights: how the distributions spread or collapse as the
// network trains (gradients appear after the first step).
import { useMemo } from 'react';
import type { LayerTensors } from '../../engine/api.ts';
import type { NetworkAnalysis } from '../../model/index.ts';
import { HistogramChart } from './HistogramChart.tsx';
import { histogram, type Histogram } from './histogram.ts';

const BINS = 30;

const summary = (what: string, h: Histogram) =>
  `${what}: ${h.count.toLocaleString('en')} values from ${h.x0.toPrecision(2)} to ${h.x1.toPrecision(2)}, mean ${h.mean.toPrecision(3)}, standard deviation ${h.std.toPrecision(3)}`;

function histogramRows(analysis: NetworkAnalysis, tensors: LayerTensors[]) {
  return tensors.flatMap((t) => {
    const layer = analysis.layers[t.layerIndex];
    // The layer's multiplicative parameters (weights, or batchnorm's gamma); biases start at 0 and would only add a spike.
    const w = t.tensors.find((x) => x.name === 'weights') ?? t.tensors.find((x) => x.name === 'gamma');
    if (!layer || !w) return [];
    return [{ layer, name: w.name, values: histogram(w.values, BINS), grads: w.grads ? histogram(w.grads, BINS) : null }];
  });
}

export function Histograms({ analysis, tensors }: { analysis: NetworkAnalysis; tensors: LayerTensors[] }) {
  const rows = useMemo(() => histogramRows(analysis, tensors), [analysis, tensors]);
  if (rows.length === 0) return <p className="inside-note">This network has no trainable weights.</p>;
  return (
    <div className="histograms" data-testid="histograms">
      {rows.map((r) => {
        const title = `Layer ${r.layer.index + 1} ${r.layer.type}`;
        return (
          <section key={r.layer.index} className="hist-row" aria-label={`${title} histograms`}>
            <h4>{title}</h4>
            <figure>
              <HistogramChart histogram={r.values} label={summary(`${title} ${r.name}`, r.values)} tone="weights" />
              <figcaption>
                {r.name} · σ {r.values.std.toPrecision(2)}
              </figcaption>
            </figure>
            <figure>
              {r.grads ? (
                <HistogramChart histogram={r.grads} label={summary(`${title} gradient of ${r.name}`, r.grads)} tone="grads" />
              ) : (
                <p className="inside-note hist-empty">No gradients yet: take a training step.</p>
              )}
              <figcaption>gradient{r.grads ? ` · σ ${r.grads.std.toPrecision(2)}` : ''}</figcaption>
            </figure>
          </section>
        );
      })}
    </div>
  );
}
