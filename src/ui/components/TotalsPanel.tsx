import { bytes, compact, grouped, type NetworkAnalysis } from '../../model/index.ts';
import { shapeLabel } from '../format.ts';

export function TotalsPanel({ analysis }: { analysis: NetworkAnalysis }) {
  const t = analysis.totals;
  const last = analysis.layers.at(-1);
  return (
    <aside className="totals" aria-label="Totals">
      <h2>Totals</h2>
      <dl>
        <dt>Parameters</dt>
        <dd>
          <span className="big" data-testid="total-params">
            {grouped(t.params)}
          </span>
          <span className="sub">
            {grouped(t.trainableParams)} trainable · {grouped(t.frozenParams)} frozen
          </span>
          <span className="sub">
            {grouped(t.weights)} weights · {grouped(t.biases)} biases
            {t.state > 0 ? ` · ${grouped(t.state)} state` : ''}
          </span>
        </dd>
        <dt>Multiply-accumulates</dt>
        <dd>
          <span className="big" data-testid="total-macs" title={`${grouped(t.macs)} MACs`}>
            {compact(t.macs)}
          </span>
          <span className="sub">{grouped(t.macs)} per example</span>
        </dd>
        <dt>Activation memory</dt>
        <dd>
          <span className="big" data-testid="activation-memory">
            {bytes(t.activationBytes)}
          </span>
          <span className="sub">per example (float32 outputs)</span>
        </dd>
        <dt>Parameter memory</dt>
        <dd>
          <span className="big" data-testid="param-memory">
            {bytes(t.paramBytes)}
          </span>
          <span className="sub">float32</span>
        </dd>
        {last && (
          <>
            <dt>Output</dt>
            <dd>
              <span className="big">{shapeLabel(last.outputShape, last.flat)}</span>
            </dd>
          </>
        )}
      </dl>
      {!analysis.ok && (
        <p className="issue issue-error" role="status">
          The network has errors; totals cover the layers up to the first one that could not be computed.
        </p>
      )}
    </aside>
  );
}
