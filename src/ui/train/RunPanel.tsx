// Start / pause / resume / single step / reset, and the progress that is always visible: status, epoch, step,
// examples per second, ETA, learning rate, and which backend runs it. Also the messages a run can end with.
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { formatDuration, formatNumber } from './results.ts';

const STATUS_LABELS = { idle: 'Ready', building: 'Building…', running: 'Training', paused: 'Paused', done: 'Finished', diverged: 'Stopped: diverged' } as const;

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

export function RunPanel() {
  const status = useAppStore((s) => s.trainStatus);
  const progress = useAppStore((s) => s.progress);
  const session = useAppStore((s) => s.session);
  const error = useAppStore((s) => s.trainError);
  const linkError = useAppStore((s) => s.trainLinkError);
  const stale = useAppStore((s) => !!s.session && s.needsRebuild());
  const lastPoint = useAppStore((s) => s.history.steps[s.history.steps.length - 1]);
  const { startTraining, pauseTraining, stepTraining, resetTraining, setTrainLinkError, trainSettings } = useAppStore.getState();
  const lr = useAppStore((s) => s.progress?.learningRate ?? s.trainSettings.optimizer.learningRate);

  const analysis = useAnalysis();
  const datasetName = useAppStore((s) => s.dataset?.name);
  const running = status === 'running';
  const busy = status === 'building';
  const step = progress?.step ?? session?.step ?? 0;
  const total = progress?.totalSteps ?? session?.totalSteps ?? 0;
  const perEpoch = progress?.stepsPerEpoch ?? session?.stepsPerEpoch ?? 0;
  const epochs = perEpoch > 0 ? Math.ceil(total / perEpoch) : trainSettings.epochs;
  // The epoch the next step belongs to, or the last step's once the run is over (1-based).
  const epoch = perEpoch > 0 ? Math.floor(Math.max(0, Math.min(step, total - 1)) / perEpoch) + 1 : 0;
  const finished = status === 'done' || status === 'diverged';
  const startLabel = status === 'paused' && !stale ? 'Resume' : finished && !stale ? 'Finished' : 'Start';

  return (
    <section className="train-panel run-panel" aria-label="Run">
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
        <span className={`run-status status-${status}`} role="status" data-testid="train-status">
          {STATUS_LABELS[status]}
        </span>
      </div>
      <div className="progress-track" aria-hidden="true">
        <div className="progress-fill" style={{ width: `${total > 0 ? (100 * step) / total : 0}%` }} />
      </div>
      <dl className="run-stats">
        <Stat label="Epoch" value={total > 0 ? `${epoch} / ${epochs}` : '—'} testId="progress-epoch" />
        <Stat label="Step" value={total > 0 ? `${step.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}` : '—'} testId="progress-step" />
        <Stat label="Examples/s" value={progress && progress.examplesPerSecond > 0 ? Math.round(progress.examplesPerSecond).toLocaleString('en-US') : '—'} testId="progress-rate" />
        <Stat label="ETA" value={running && progress ? formatDuration(progress.etaSeconds) : '—'} testId="progress-eta" />
        <Stat label="Learning rate" value={formatNumber(lr)} testId="progress-lr" />
        <Stat label="Batch loss" value={lastPoint ? formatNumber(lastPoint.loss) : '—'} testId="progress-loss" />
        <Stat label="Batch accuracy" value={lastPoint ? `${(lastPoint.accuracy * 100).toFixed(1)}%` : '—'} testId="progress-accuracy" />
      </dl>
      <p className={session?.backend === 'cpu' ? 'run-device notice notice-warn' : 'run-device'} data-testid="train-backend">
        {session ? (session.backend === 'webgpu' ? `WebGPU · ${session.device} · ${session.params.toLocaleString('en-US')} parameters` : `CPU backend · ${session.device}`) : 'Not built yet: Start or Step builds the network in the engine worker.'}
      </p>
      {stale && !running && (
        <p className="notice" role="status">
          The network, dataset or settings changed since this run was built: Start or Step begins a new run from step 0 with them.
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
  );
}
