// Build and train from the Inside view, so what you look at can change while you watch: the session's state and
// the training buttons (the Train view has the full settings).
import { useAppStore } from '../../store/index.ts';

export function InsideToolbar() {
  const session = useAppStore((s) => s.session);
  const status = useAppStore((s) => s.trainStatus);
  const error = useAppStore((s) => s.trainError);
  const load = useAppStore((s) => s.datasetLoad);
  const ensureBuilt = useAppStore((s) => s.ensureBuilt);
  const start = useAppStore((s) => s.startTraining);
  const pause = useAppStore((s) => s.pauseTraining);
  const step = useAppStore((s) => s.stepTraining);
  // The spec, dataset or settings changed since the build: what is shown is the network as it was built.
  const changed = useAppStore((s) => s.session !== null && s.needsRebuild());
  const running = status === 'running';
  const busy = status === 'building' || load !== null;

  let state: string;
  if (load) state = `Loading ${load.id}${load.total > 0 ? ` (${Math.round((100 * load.loaded) / load.total)}%)` : ''}…`;
  else if (status === 'building') state = 'Building the network…';
  else if (!session) state = 'The network is not built yet.';
  else state = `${session.backend === 'webgpu' ? 'WebGPU' : session.backend === 'wasm' ? 'WASM' : 'CPU'} · step ${session.step.toLocaleString('en')} of ${session.totalSteps.toLocaleString('en')} · ${status}`;

  return (
    <div className="inside-toolbar" role="toolbar" aria-label="Network and training">
      <span className="inside-state" data-testid="inside-state" aria-live="polite">
        {state}
      </span>
      {session && <span className="visually-hidden" data-testid="inside-step">{session.step}</span>}
      <button type="button" className="button" disabled={busy || running || (session !== null && !changed)} onClick={() => void ensureBuilt()}>
        {session ? 'Rebuild' : 'Build the network'}
      </button>
      {changed && (
        <span className="issue issue-info" role="status" data-testid="inside-changed">
          The network, dataset or settings changed since this build; rebuild to look at the new one (training starts again).
        </span>
      )}
      {session && (
        <>
          <button type="button" className="button" disabled={busy} onClick={() => void (running ? pause() : start())} data-testid="inside-train">
            {running ? 'Pause training' : status === 'paused' ? 'Resume training' : 'Train'}
          </button>
          <button type="button" className="button" disabled={busy || running} onClick={() => void step()}>
            One step
          </button>
        </>
      )}
      {error && (
        <p className="issue issue-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
