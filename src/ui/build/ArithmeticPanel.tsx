// The selected conv or pooling layer's arithmetic: the output-size formula with its own numbers (from analyze()) and
// the receptive field. The "doesn't fit" warning and its one-click fixes are on the layer's card (FitFixes), once.
import { lazy, Suspense } from 'react';
import type { LayerAnalysis } from '../../model/index.ts';

// The animation (d3 colour scales, the example kernels) loads in its own chunk when a conv or pooling layer is selected.
const ConvAnimation = lazy(() => import('./ConvAnimation.tsx').then((m) => ({ default: m.ConvAnimation })));

function rfText(layer: LayerAnalysis): string {
  const rf = layer.receptiveField;
  if (rf.global) return 'the whole input';
  const [h, w] = rf.size;
  return `${h}×${w} input pixels; neighbouring outputs are ${rf.jump[0] === rf.jump[1] ? rf.jump[0] : `${rf.jump[0]}×${rf.jump[1]}`} input pixels apart`;
}

export function ArithmeticPanel({ layer }: { layer: LayerAnalysis | undefined }) {
  if (!layer?.window || !layer.formula) return null;
  const f = layer.formula;
  const w = layer.window;
  return (
    <section className="arithmetic panel" aria-label={`Arithmetic of layer ${layer.index + 1}`} data-testid="arithmetic">
      <h2>Arithmetic: layer {layer.index + 1}</h2>
      <p className="hint">
        out = (N − F + 2P) / S + 1 with N = input, F = {w.dilation.some((d) => d > 1) ? 'effective ' : ''}kernel, P = padding, S = stride
      </p>
      <dl className="formula">
        {f.height === f.width ? (
          <>
            <dt>Height and width</dt>
            <dd data-testid="formula-hw">{f.height}</dd>
          </>
        ) : (
          <>
            <dt>Height</dt>
            <dd data-testid="formula-h">{f.height}</dd>
            <dt>Width</dt>
            <dd data-testid="formula-w">{f.width}</dd>
          </>
        )}
        <dt>Receptive field</dt>
        <dd data-testid="receptive-field">{rfText(layer)}</dd>
      </dl>
      <Suspense fallback={null}>
        <ConvAnimation layer={layer} />
      </Suspense>
    </section>
  );
}
