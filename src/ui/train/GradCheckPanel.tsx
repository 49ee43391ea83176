// The gradient check: the engine's backward pass against central finite differences of the float64 CPU
// reference, on four test images and the current weights; one row per parameter tensor (and the input).
import { useAppStore } from '../../store/index.ts';

export function GradCheckPanel() {
  const result = useAppStore((s) => s.gradCheck);
  const checking = useAppStore((s) => s.gradChecking);
  const session = useAppStore((s) => s.session);
  const building = useAppStore((s) => s.trainStatus === 'building');
  return (
    <section className="train-panel gradcheck" aria-label="Gradient check">
      <div className="panel-head">
        <h2>Gradient check</h2>
        <button className="button" onClick={() => void useAppStore.getState().runGradientCheck()} disabled={checking || building}>
          {checking ? 'Checking…' : 'Run gradient check'}
        </button>
        {result && (
          <span className={result.ok ? 'badge ok' : 'badge bad'} data-testid="gradcheck-verdict">
            {result.ok ? 'Passed' : 'Failed'}: {result.entries.filter((e) => e.ok).length} of {result.entries.length} tensors within {result.tolerance} ({result.backend}, batch {result.batch})
          </span>
        )}
      </div>
      {!result && !checking && (
        <p className="muted">
          Compares the {session?.backend === 'cpu' ? 'CPU' : session?.backend === 'wasm' ? 'WASM' : 'GPU'} backward pass with (L(θ + h) − L(θ − h)) / 2h for sampled entries of every tensor; the worst relative error per tensor is listed.
        </p>
      )}
      {result && (
        <table className="gradcheck-table" data-testid="gradcheck-table">
          <thead>
            <tr>
              <th scope="col">Tensor</th>
              <th scope="col">Layer</th>
              <th scope="col">Entries</th>
              <th scope="col">Worst relative error</th>
              <th scope="col">Analytic</th>
              <th scope="col">Numeric</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((e) => (
              <tr key={e.tensor} className={e.ok ? undefined : 'bad'}>
                <td>{e.tensor}</td>
                <td>{e.layerIndex === null ? 'input' : `${e.layerIndex + 1} ${e.layerType}`}</td>
                <td className="num">{e.checked}</td>
                <td className="num">{e.maxRelativeError.toExponential(2)}</td>
                <td className="num">{e.worst.analytic.toExponential(4)}</td>
                <td className="num">{e.worst.numeric.toExponential(4)}</td>
                <td>{e.ok ? '✓ ok' : '✗ too far'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
