// The selected conv or pooling layer's arithmetic: the output-size formula with its own numbers (from analyze()),
// the receptive field, and the "doesn't fit" warning with one-click strides and paddings that do fit.
import { axisFit, type AxisFit, type LayerAnalysis, type SpecIssue } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { ConvAnimation } from './ConvAnimation.tsx';

const FIT_CODES = new Set(['stride-does-not-fit', 'stride-leaves-padding', 'padding-exceeds-kernel']);

function fits(layer: LayerAnalysis): [AxisFit, AxisFit] | null {
  const w = layer.window;
  if (!w) return null;
  const axis = (i: 0 | 1) => axisFit({ input: w.input[i], kernel: w.kernel[i], stride: w.stride[i], padding: w.padding[i], dilation: w.dilation[i] });
  return [axis(0), axis(1)];
}

function QuickFixes({ layer, index }: { layer: LayerAnalysis; index: number }) {
  const setLayerField = useAppStore((s) => s.setLayerField);
  const f = fits(layer);
  if (!f || (f[0].fits && f[1].fits)) return null;
  // A fix must fit both axes: keep the values that appear for both.
  const common = (a: number[], b: number[]) => a.filter((x) => b.includes(x));
  const strides = common(f[0].fittingStrides, f[1].fittingStrides).slice(0, 6);
  const paddings = common(f[0].fittingPaddings, f[1].fittingPaddings).slice(0, 4);
  return (
    <div className="quick-fixes" aria-label="Settings that fit">
      {strides.length > 0 && <span>Strides that fit:</span>}
      {strides.map((s) => (
        <button key={`s${s}`} type="button" className="button small" onClick={() => setLayerField(index, 'stride', s)} aria-label={`Use stride ${s}`}>
          stride {s}
        </button>
      ))}
      {paddings.length > 0 && <span>or paddings:</span>}
      {paddings.map((p) => (
        <button key={`p${p}`} type="button" className="button small" onClick={() => setLayerField(index, 'padding', p)} aria-label={`Use padding ${p}`}>
          padding {p}
        </button>
      ))}
    </div>
  );
}

function rfText(layer: LayerAnalysis): string {
  const rf = layer.receptiveField;
  if (rf.global) return 'the whole input';
  const [h, w] = rf.size;
  return `${h}×${w} input pixels; neighbouring outputs are ${rf.jump[0] === rf.jump[1] ? rf.jump[0] : `${rf.jump[0]}×${rf.jump[1]}`} input pixels apart`;
}

export function ArithmeticPanel({ layer, issues }: { layer: LayerAnalysis | undefined; issues: SpecIssue[] }) {
  if (!layer?.window || !layer.formula) return null;
  const f = layer.formula;
  const fitIssues = issues.filter((i) => FIT_CODES.has(i.code));
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
      {fitIssues.map((i, k) => (
        <p key={k} className={`issue issue-${i.severity}`} role="status" data-testid="fit-warning">
          {i.message}
        </p>
      ))}
      <QuickFixes layer={layer} index={layer.index} />
      <ConvAnimation layer={layer} />
    </section>
  );
}
