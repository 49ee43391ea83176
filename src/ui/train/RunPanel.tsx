// Start / pause / resume / single step / reset, and the progress that is always visible: status, epoch, step,
// examples per second, ETA, learning rate, and which backend runs it. While the network is built or a workspace is
// reopened it says what is happening (loading data, compiling and tuning kernels) with progress. Also the messages a
// run can end with, and the warning that edits discard the trained run. Compact once it sticks under the header.
import { useAppStore, useAnalysis } from '../../store/index.ts';
import type { RunChange } from '../../store/runIdentity.ts';
import { formatDuration, formatNumber } from './results.ts';
import { buildStageText, runStatusLabel, staleRunText } from './runState.ts';
import { useStuck } from './useStuck.ts';

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="run-stat">
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** The header's height: where the panel sticks (train.css, .run-panel top). */
const STICKY_TOP = 72;

export function RunPanel() {
  const status = useAppStore((s) => s.trainStatus);
  const progress = useAppStore((s) => s.progress);
  const session = useAppStore((s) => s.session);
  const error = useAppStore((s) => s.trainError);
  const linkError = useAppStore((s) => s.trainLinkError);
  const restoring = useAppStore((s) => s.restoring);
  const buildStage = useAppStore((s) => s.buildStage);
  const datasetLoad = useAppStore((s) => s.datasetLoad);
  const changes = useAppStore((s) => s.runChanges().join(','));
  const lastPoint = useAppStore((s) => s.history.steps[s.history.steps.length - 1]);
  const { startTraining, pauseTraining, stepTraining, resetTraining, setTrainLinkError, keepTrainedRun, trainSettings } = useAppStore.getState();
  const lr = useAppStore((s) => s.progress?.learningRate ?? s.trainSettings.optimizer.learningRate);
  const [sentinel, stuck] = useStuck(STICKY_TOP);

  const analysis = useAnalysis();
  const datasetName = useAppStore((s) => s.dataset?.name);
  const stale = changes !== '';
  const running = status === 'running';
  const busy = status === 'building' || restoring !== null;
  const step = progress?.step ?? session?.step ?? restoring?.step ?? 0;
  const total = progress?.totalSteps ?? session?.totalSteps ?? 0;
  const perEpoch = progress?.stepsPerEpoch ?? session?.stepsPerEpoch ?? 0;
  const epochs = perEpoch > 0 ? Math.ceil(total / perEpoch) : trainSettings.epochs;
  // The epoch the next step belongs to, or the last step's once the run is over (1-based).
  const epoch = perEpoch > 0 ? Math.floor(Math.max(0, Math.min(step, total - 1)) / perEpoch) + 1 : 0;
  const finished = status === 'done' || status === 'diverged';
  const startLabel = (status === 'paused' || (restoring?.step ?? 0) > 0) && !stale ? 'Resume' : finished && !stale ? 'Finished' : 'Start';
  const stage = busy ? buildStageText(buildStage, datasetLoad, restoring, !!session) : null;
  const fill = busy ? (stage?.fraction ?? 0) : total > 0 ? step / total : 0;
  const staleText = stale && !running && session ? staleRunText(changes.split(',') as RunChange[], session.step) : null;

  return (
    <>
      <div ref={sentinel} className="run-sentinel" aria-hidden="true" />
      <section className={`train-panel run-panel${stuck ? ' is-stuck' : ''}`} aria-label="Run" data-testid="run-panel">
        <h2 className="run-title" data-testid="train-network">
          {analysis.name}
          <span className="sub"> on {datasetName ?? 'the dataset that fits its input'}</span>
        </h2>
        <div className="run-buttons">
          {running ? (
            <button className="button primary" onClick={() => void pauseTraining()}>
              Pause
            </button>
          ) : (
            <button className="button primary" onClick={() => void startTraining()} disabled={busy || (finished && !stale)}>
              {startLabel}
            </button>
          )}
          <button className="button" onClick={() => void stepTraining()} disabled={running || busy || (finished && !stale)}>
            Step
          </button>
          <button className="button" onClick={() => void resetTraining()} disabled={running || busy || !session}>
            Reset
          </button>
          {stuck && (
            <span className="run-compact-name" title={analysis.name}>
              {analysis.name}
            </span>
          )}
          <span className={`run-status status-${restoring ? 'building' : status}`} role="status" data-testid="train-status">
            {runStatusLabel(status, restoring)}
          </span>
        </div>
        <div
          className={`progress-track${busy ? ' is-building' : ''}`}
          role="progressbar"
          aria-label={busy ? 'Build progress' : 'Training progress'}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(100 * fill)}
        >
          <div className="progress-fill" style={{ width: `${100 * fill}%` }} />
        </div>
        <dl className="run-stats">
          <Stat label="Epoch" value={total > 0 ? `${epoch} / ${epochs}` : '—'} testId="progress-epoch" />
          <Stat label="Step" value={total > 0 ? `${step.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}` : restoring?.step ? `${restoring.step.toLocaleString('en-US')} / …` : '—'} testId="progress-step" />
          <Stat label="Examples/s" value={progress && progress.examplesPerSecond > 0 ? Math.round(progress.examplesPerSecond).toLocaleString('en-US') : '—'} testId="progress-rate" />
          <Stat label="ETA" value={running && progress ? formatDuration(progress.etaSeconds) : '—'} testId="progress-eta" />
          <Stat label="Learning rate" value={formatNumber(lr)} testId="progress-lr" />
          <Stat label="Batch loss" value={lastPoint ? formatNumber(lastPoint.loss) : '—'} testId="progress-loss" />
          <Stat label="Batch accuracy" value={lastPoint ? `${(lastPoint.accuracy * 100).toFixed(1)}%` : '—'} testId="progress-accuracy" />
        </dl>
        <p className={session?.backend === 'cpu' && !busy ? 'run-device notice notice-warn' : 'run-device'} data-testid="train-backend" data-engine={busy ? undefined : session?.backend}>
          {stage
            ? stage.text
            : session
              ? `${session.backend === 'webgpu' ? `WebGPU (${session.device})` : session.device} · ${session.reason} · ${session.params.toLocaleString('en-US')} parameters`
              : 'Not built yet: Start or Step builds the network in the engine worker.'}
        </p>
        {staleText && (
          <p className="notice notice-warn run-stale" role="status" data-testid="run-stale">
            {staleText.text}{' '}
            {staleText.undoable && (
              <button className="link-button" onClick={() => keepTrainedRun()} data-testid="run-stale-undo">
                Undo the edits
              </button>
            )}
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert" data-testid="train-error">
            {error}
          </p>
        )}
        {linkError && (
          <p className="notice notice-warn" role="alert" data-testid="train-link-error">
            {linkError}{' '}
            <button className="link-button small" onClick={() => setTrainLinkError(null)} aria-label="Dismiss">
              ×
            </button>
          </p>
        )}
      </section>
    </>
  );
}
