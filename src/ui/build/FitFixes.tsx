// One-click settings that make a window layer fit its input exactly (strides, then paddings), shown with the
// "doesn't fit" warning on the layer's card: the one place that warning's text appears.
import { axisFit, type AxisFit, type LayerAnalysis } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';

/** Issue codes about how the window covers the input: shown in full on the card, pointed to from the inspector. */
export const FIT_CODES = new Set(['stride-does-not-fit', 'stride-leaves-padding', 'padding-exceeds-kernel']);

function fits(layer: LayerAnalysis): [AxisFit, AxisFit] | null {
  const w = layer.window;
  if (!w) return null;
  const axis = (i: 0 | 1) => axisFit({ input: w.input[i], kernel: w.kernel[i], stride: w.stride[i], padding: w.padding[i], dilation: w.dilation[i] });
  return [axis(0), axis(1)];
}

/** The strides and paddings that fit both axes (at most 6 and 4), or null when the layer already fits. */
export function fitChoices(layer: LayerAnalysis): { strides: number[]; paddings: number[] } | null {
  const f = fits(layer);
  if (!f || (f[0].fits && f[1].fits)) return null;
  const common = (a: number[], b: number[]) => a.filter((x) => b.includes(x));
  return { strides: common(f[0].fittingStrides, f[1].fittingStrides).slice(0, 6), paddings: common(f[0].fittingPaddings, f[1].fittingPaddings).slice(0, 4) };
}

export function FitFixes({ layer }: { layer: LayerAnalysis }) {
  const setLayerField = useAppStore((s) => s.setLayerField);
  const choices = fitChoices(layer);
  if (!choices || (choices.strides.length === 0 && choices.paddings.length === 0)) return null;
  const index = layer.index;
  return (
    <span className="quick-fixes" role="group" aria-label={`Settings that fit for layer ${index + 1}`}>
      {choices.strides.length > 0 && <span>Use:</span>}
      {choices.strides.map((s) => (
        <button key={`s${s}`} type="button" className="button small" onClick={() => setLayerField(index, 'stride', s)} aria-label={`Use stride ${s}`}>
          stride {s}
        </button>
      ))}
      {choices.paddings.length > 0 && <span>{choices.strides.length > 0 ? 'or' : 'Use:'}</span>}
      {choices.paddings.map((p) => (
        <button key={`p${p}`} type="button" className="button small" onClick={() => setLayerField(index, 'padding', p)} aria-label={`Use padding ${p}`}>
          padding {p}
        </button>
      ))}
    </span>
  );
}
