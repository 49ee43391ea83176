// The totals beside the layer stack: parameters, MACs, memory and the output shape.
import { useMemo, type ReactNode } from 'react';
import { bytes, compact, grouped, type NetworkAnalysis } from '../../model/index.ts';
import { estimateTrainingMemory, formatBytes } from '../../model/memory.ts';
import type { OptimizerKind } from '../../model/optimizers.ts';
import { trainingPlan } from '../../model/plan.ts';
import { useAppStore } from '../../store/index.ts';
import { shapeLabel } from '../format.ts';

/** One figure: a term, its big value, and the smaller lines under it. */
function Stat({ term, value, testId, title, notes = [] }: { term: string; value: string; testId?: string; title?: string; notes?: ReactNode[] }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>
        <span className="big" data-testid={testId} title={title}>
          {value}
        </span>
        {notes.map((note, i) => (
          <span key={i} className="sub">
            {note}
          </span>
        ))}
      </dd>
    </>
  );
}

/** The whole run's memory plan at the Train settings' batch size (null while the network cannot train). */
function useTrainingMemory(analysis: NetworkAnalysis, batch: number, optimizer: OptimizerKind) {
  return useMemo(() => {
    try {
      return estimateTrainingMemory(trainingPlan(analysis), batch, optimizer);
    } catch {
      return null;
    }
  }, [analysis, batch, optimizer]);
}

const selectBatchSize = (s: { trainSettings: { batchSize: number } }) => s.trainSettings.batchSize;
const selectOptimizer = (s: { trainSettings: { optimizer: { kind: OptimizerKind } } }) => s.trainSettings.optimizer.kind;

export function TotalsPanel({ analysis }: { analysis: NetworkAnalysis }) {
  const t = analysis.totals;
  const batch = useAppStore(selectBatchSize);
  const optimizer = useAppStore(selectOptimizer);
  const training = useTrainingMemory(analysis, batch, optimizer);
  const last = analysis.layers.at(-1);
  return (
    <aside className="totals" aria-label="Totals">
      <h2>Totals</h2>
      <dl>
        <Stat
          term="Parameters"
          value={grouped(t.params)}
          testId="total-params"
          notes={[
            `${grouped(t.trainableParams)} trainable · ${grouped(t.frozenParams)} frozen`,
            `${grouped(t.weights)} weights · ${grouped(t.biases)} biases${t.state > 0 ? ` · ${grouped(t.state)} state` : ''}`,
          ]}
        />
        <Stat term="Multiply-accumulates" value={compact(t.macs)} testId="total-macs" title={`${grouped(t.macs)} MACs`} notes={[`${grouped(t.macs)} per example`]} />
        <Stat term="Activation memory" value={bytes(t.activationBytes)} testId="activation-memory" notes={['per example (float32 outputs)']} />
        <Stat term="Parameter memory" value={bytes(t.paramBytes)} testId="param-memory" notes={['float32']} />
        {training && (
          <Stat
            term="Training memory"
            value={formatBytes(training.totalBytes)}
            testId="training-memory"
            title={training.parts.map((p) => `${p.name}: ${formatBytes(p.bytes)}`).join('\n')}
            notes={[`at batch size ${batch} with ${optimizer}`, `biggest: ${training.parts[0]?.name.replace(/^the /, '')}`]}
          />
        )}
        {last && <Stat term="Output" value={shapeLabel(last.outputShape, last.flat)} />}
      </dl>
      {analysis.issues.some((i) => i.code === 'no-layers') ? (
        <p className="hint" role="status">
          No layers yet: the totals grow as you add them.
        </p>
      ) : (
        !analysis.ok && (
          <p className="issue issue-error" role="status">
            The network has errors; totals cover the layers up to the first one that could not be computed.
          </p>
        )
      )}
    </aside>
  );
}
