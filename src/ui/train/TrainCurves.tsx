// The training curves: loss and accuracy of every training batch (raw and smoothed) and of each validation,
// against steps or epochs, with a legend that says when validation runs. The charts read the history straight from
// the store on each animation frame. A run that edits have made stale is drawn greyed until the next run starts.
import { useCallback, useId, useState } from 'react';
import { VALIDATION_SAMPLE, VALIDATIONS_PER_RUN } from '../../engine/sessionTypes.ts';
import { useAppStore } from '../../store/index.ts';
import type { ChartData, ChartSeries } from '../charts/drawChart.ts';
import { LineChart } from '../charts/LineChart.tsx';
import { emaSmooth } from '../charts/series.ts';
import { formatNumber, formatPercent } from './results.ts';

type XAxis = 'steps' | 'epochs';

const VALIDATION_NAME = 'validation';

/** When validation runs, in words, for the legend. */
function validationSchedule(split: number, totalSteps: number | undefined): string {
  if (split === 0) return 'No validation: the validation split is 0.';
  const every = totalSteps ? `every ${Math.max(1, Math.ceil(totalSteps / VALIDATIONS_PER_RUN)).toLocaleString('en-US')} steps (a tenth of the run)` : 'every tenth of the run';
  return `Validation ${every} on ${VALIDATION_SAMPLE} held-out images, and on all ${Math.round(split * 100)}% held out at the last step.`;
}

function Legend({ smoothing }: { smoothing: number }) {
  const split = useAppStore((s) => s.trainSettings.validationSplit);
  const totalSteps = useAppStore((s) => s.session?.totalSteps);
  return (
    <div className="curve-legend" data-testid="curve-legend">
      <ul>
        <li>
          <span className="key key-line" aria-hidden="true" /> training batches{smoothing > 0 ? ' (smoothed)' : ''}
        </li>
        {smoothing > 0 && (
          <li>
            <span className="key key-faint" aria-hidden="true" /> each batch (raw)
          </li>
        )}
        <li>
          <span className="key key-dots" aria-hidden="true" /> {VALIDATION_NAME} (held-out images)
        </li>
      </ul>
      <p className="muted">{validationSchedule(split, totalSteps)}</p>
    </div>
  );
}

function curves(metric: 'loss' | 'accuracy', smoothing: number, xAxis: XAxis, log: boolean): ChartData {
  const { history, session } = useAppStore.getState();
  const per = xAxis === 'epochs' ? (session?.stepsPerEpoch ?? 1) : 1;
  // A step point is plotted after the step: step 0's batch is at x = 1.
  const x = history.steps.map((p) => (p.step + 1) / per);
  const raw = history.steps.map((p) => p[metric]);
  const series: ChartSeries[] = [
    { name: smoothing > 0 ? 'train (raw)' : 'train', color: '--accent', x, y: raw, style: smoothing > 0 ? 'faint' : 'line', quiet: smoothing > 0 },
    ...(smoothing > 0 ? [{ name: 'train', color: '--accent', x, y: emaSmooth(raw, smoothing), style: 'line' as const }] : []),
    { name: VALIDATION_NAME, color: '--val', x: history.validation.map((v) => v.step / per), y: history.validation.map((v) => v[metric]), style: 'dots' },
  ];
  return { series, yKind: metric === 'accuracy' ? 'unit' : log ? 'log' : 'linear', xLabel: xAxis, yFormat: metric === 'accuracy' ? formatPercent : formatNumber };
}

const subscribeHistory = (listener: () => void) =>
  useAppStore.subscribe((s, prev) => {
    if (s.history !== prev.history || s.session !== prev.session) listener();
  });

export function TrainCurves() {
  const [smoothing, setSmoothing] = useState(0.9);
  const [log, setLog] = useState(false);
  const [xAxis, setXAxis] = useState<XAxis>('steps');
  const id = useId();
  const readLoss = useCallback(() => curves('loss', smoothing, xAxis, log), [smoothing, xAxis, log]);
  const readAccuracy = useCallback(() => curves('accuracy', smoothing, xAxis, false), [smoothing, xAxis]);
  const previousStep = useAppStore((s) => (s.runChanges().length > 0 ? (s.session?.step ?? 0) : 0));

  return (
    <section className={`train-panel train-curves${previousStep > 0 ? ' is-previous-run' : ''}`} aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Training curves</h2>
        <label className="field">
          Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />
          <output className="num">{smoothing.toFixed(2)}</output>
        </label>
        <label className="field">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
          Log scale (loss)
        </label>
        <label className="field">
          x axis
          <select value={xAxis} onChange={(e) => setXAxis(e.target.value as XAxis)} aria-label="x axis">
            <option value="steps">steps</option>
            <option value="epochs">epochs</option>
          </select>
        </label>
      </div>
      {previousStep > 0 && (
        <p className="previous-run-note" data-testid="curves-previous-run">
          Greyed: the run at step {previousStep.toLocaleString('en-US')}, from before your edits. The next Start replaces it.
        </p>
      )}
      <Legend smoothing={smoothing} />
      <div className="curve-grid">
        <figure>
          <figcaption>Loss (cross-entropy)</figcaption>
          <LineChart label="Loss" read={readLoss} subscribe={subscribeHistory} testId="loss-chart" />
        </figure>
        <figure>
          <figcaption>Accuracy</figcaption>
          <LineChart label="Accuracy" read={readAccuracy} subscribe={subscribeHistory} testId="accuracy-chart" />
        </figure>
      </div>
    </section>
  );
}
