// The words the Train view uses for a run's state: the status pill, what a build or a restore is doing, and what an
// edit does to a trained run. Pure, so the wording is tested without a page.
import type { DatasetLoad } from '../../store/datasetSlice.ts';
import type { RunChange } from '../../store/runIdentity.ts';
import type { BuildStage, TrainStatus } from '../../store/trainSlice.ts';
import type { WorkspaceSlice } from '../../store/workspaceSlice.ts';

const STATUS_LABELS: Record<TrainStatus, string> = { idle: 'Ready', building: 'Building…', running: 'Training', paused: 'Paused', done: 'Finished', diverged: 'Stopped: diverged' };

/** The status pill: a workspace being reopened says so (and at which step) before the engine has rebuilt it. */
export function runStatusLabel(status: TrainStatus, restoring: WorkspaceSlice['restoring']): string {
  if (restoring) return restoring.step === null ? 'Opening workspace…' : `Restoring step ${restoring.step.toLocaleString('en-US')}…`;
  return STATUS_LABELS[status];
}

const PHASES: Record<BuildStage['phase'], string> = {
  dataset: 'loading the dataset',
  device: 'opening the GPU',
  engine: 'timing WebGPU and WASM on one training step (once per network and device)',
  kernels: 'compiling kernels',
  tuning: 'tuning kernels (timing tile variants)',
  data: 'preparing the data',
};

const percent = (f: number) => `${Math.round(100 * Math.max(0, Math.min(1, f)))}%`;

/**
 * What a build (or a restore) is doing, in words, and how far it is (0 to 1). `built`: the network is built (a restore
 * then puts the saved weights and optimizer state back).
 */
export function buildStageText(stage: BuildStage | null, load: DatasetLoad | null, restoring: WorkspaceSlice['restoring'], built = false): { text: string; fraction: number } {
  const lead = restoring ? (restoring.step === null ? 'Opening your last workspace' : `Restoring step ${restoring.step.toLocaleString('en-US')}`) : 'Building the network';
  if (load) {
    const fraction = load.total > 0 ? load.loaded / load.total : 0;
    return { text: `${lead}: loading ${load.label ?? load.id}… ${load.total > 0 ? percent(fraction) : ''}`.trimEnd(), fraction: 0.1 * fraction };
  }
  if (!stage) {
    if (restoring?.step === null) return { text: `${lead}…`, fraction: 0 };
    return built && restoring ? { text: `${lead}: putting back the saved weights and optimizer state…`, fraction: 1 } : { text: `${lead}: starting the engine…`, fraction: 0 };
  }
  // Loading the data takes the first tenth of the bar, the engine's build the rest.
  const fraction = stage.phase === 'dataset' ? 0 : 0.1 + 0.9 * stage.fraction;
  const detail = stage.phase === 'kernels' || stage.phase === 'tuning' || stage.phase === 'data' ? `, ${stage.detail}` : '';
  return { text: `${lead}: ${PHASES[stage.phase]}${detail}… ${percent(fraction)}`, fraction };
}

const CHANGED: Record<RunChange, string> = { network: 'the network', settings: 'the training settings', dataset: 'the dataset' };

/** What the edits since a run was built do to it, and whether "Undo the edits" can bring it back. */
export function staleRunText(changes: RunChange[], step: number): { text: string; undoable: boolean } {
  const what = changes.map((c) => CHANGED[c]);
  const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : (what[0] ?? 'nothing');
  if (step === 0) return { text: `You changed ${list} since the network was built: Start or Step builds it again.`, undoable: false };
  const at = `the run at step ${step.toLocaleString('en-US')}`;
  if (changes.includes('dataset')) return { text: `You changed ${list}: ${at} is discarded, and Start trains a new run from step 0. Its curves and results stay until then.`, undoable: false };
  // Anything that needs the network built (Start, Step, an evaluation, the gradient check) rebuilds it for the edits.
  return { text: `You changed ${list}: the next Start, Step or evaluation rebuilds the network and discards ${at}. Undo to get it back.`, undoable: true };
}
