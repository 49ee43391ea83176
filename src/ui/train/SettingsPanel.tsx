// The training settings form: dataset, optimizer and the hyperparameters its kind reads, batch size, when to
// stop, learning-rate schedule, validation split, augmentation, seed, and the engine with its threads. Every value
// is checked by the store (checkTrainSettings) and a refused one stays in its field with the message.
import { useId } from 'react';
import { MAX_SHIFT } from '../../data/augment.ts';
import { ENGINE_CHOICES, type EngineChoice } from '../../engine/enginePick.ts';
import { defaultThreadCount, MAX_THREADS } from '../../engine/wasm/threads.ts';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_FIELDS, OPTIMIZER_KINDS, SCHEDULE_DEFAULTS, SCHEDULE_KINDS, type OptimizerConfig, type OptimizerKind, type ScheduleKind } from '../../model/optimizers.ts';
import { BUNDLED_DATASETS } from '../../store/datasetSlice.ts';
import { useAnalysis, useAppStore } from '../../store/index.ts';
import { TRAIN_LIMITS } from '../../store/trainSettings.ts';
import { NumberField } from './NumberField.tsx';

const OPTIMIZER_LABELS: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  nesterov: 'Nesterov momentum',
  adagrad: 'AdaGrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
  adamw: 'AdamW',
};

const FIELD_LABELS: Record<keyof Omit<OptimizerConfig, 'kind'>, string> = {
  learningRate: 'Learning rate',
  momentum: 'Momentum μ',
  beta1: 'β1',
  beta2: 'β2',
  rho: 'ρ (decay)',
  epsilon: 'ε',
  weightDecay: 'Weight decay λ',
};

const SCHEDULE_LABELS: Record<ScheduleKind, string> = { constant: 'Constant', step: 'Step decay', cosine: 'Cosine' };

const ENGINE_LABELS: Record<EngineChoice, string> = { auto: 'Auto (fastest)', webgpu: 'WebGPU', wasm: 'WASM SIMD', cpu: 'CPU reference' };

/** The page's logical processors, and whether helper threads can share memory (a cross-origin isolated page). */
function threadRoom(): { hardware: number; shared: boolean } {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return { hardware: g.navigator?.hardwareConcurrency ?? 1, shared: g.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined' };
}

/** The engine picker and the wasm engine's threads; a built run moves to the chosen engine and goes on. */
function EngineFields({ id }: { id: string }) {
  const engine = useAppStore((st) => st.trainSettings.engine);
  const threads = useAppStore((st) => st.trainSettings.threads);
  const choose = useAppStore((st) => st.chooseEngine);
  const { hardware, shared } = threadRoom();
  const most = shared ? Math.min(MAX_THREADS, Math.max(hardware, threads ?? 1)) : 1;
  return (
    <>
      <div className="num-field">
        <label htmlFor={`${id}-engine`}>Engine</label>
        <select id={`${id}-engine`} value={engine} title="Auto: WebGPU on a GPU; on a software adapter, whichever of WebGPU and WASM trains this network faster" onChange={(e) => void choose(e.target.value as EngineChoice, threads)} data-testid="engine-choice">
          {ENGINE_CHOICES.map((k) => (
            <option key={k} value={k}>
              {ENGINE_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {(engine === 'auto' || engine === 'wasm') && (
        <div className="num-field">
          <label htmlFor={`${id}-threads`}>WASM threads</label>
          <select id={`${id}-threads`} value={threads ?? ''} disabled={!shared} onChange={(e) => void choose(engine, e.target.value === '' ? undefined : Number(e.target.value))} data-testid="engine-threads">
            <option value="">default ({shared ? defaultThreadCount(hardware) : 1})</option>
            {Array.from({ length: most }, (_, k) => k + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          {!shared && <span className="field-hint">one thread: this page is not cross-origin isolated</span>}
        </div>
      )}
    </>
  );
}

export function SettingsPanel({ locked }: { locked: boolean }) {
  const id = useId();
  const s = useAppStore((st) => st.trainSettings);
  const set = useAppStore((st) => st.setTrainSettings);
  const dataset = useAppStore((st) => st.dataset);
  const datasetLoad = useAppStore((st) => st.datasetLoad);
  const datasetError = useAppStore((st) => st.datasetError);
  const selectDataset = useAppStore((st) => st.selectDataset);
  const analysis = useAnalysis();
  const input = analysis.spec?.input;
  const fits = !dataset || !input || (dataset.shape[0] === input.height && dataset.shape[1] === input.width && dataset.shape[2] === input.channels);
  const datasetChoices = [...BUNDLED_DATASETS, ...(dataset && !BUNDLED_DATASETS.some((d) => d.id === dataset.id) ? [{ id: dataset.id, label: `${dataset.name} (uploaded)` }] : [])];
  const opt = s.optimizer;
  const sched = s.schedule;

  return (
    <section className="train-panel train-settings" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Settings</h2>
      <fieldset disabled={locked} className="settings-grid">
        <div className="num-field wide">
          <label htmlFor={`${id}-ds`}>Dataset</label>
          <select id={`${id}-ds`} value={datasetLoad?.id ?? dataset?.id ?? ''} onChange={(e) => void selectDataset(e.target.value)} disabled={!!datasetLoad}>
            {!dataset && !datasetLoad && <option value="">Chosen from the network input</option>}
            {datasetChoices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
          {datasetLoad && (
            <span className="field-hint" role="status">
              Loading {datasetLoad.id}… {datasetLoad.total > 0 ? `${Math.round((100 * datasetLoad.loaded) / datasetLoad.total)}%` : ''}
            </span>
          )}
          {datasetError && <span className="field-error">{datasetError}</span>}
          {!fits && dataset && input && (
            <span className="field-error">
              {dataset.name} images are {dataset.shape.join('x')} but the network takes {input.height}x{input.width}x{input.channels}; change the input block in the Build view or pick another dataset.
            </span>
          )}
        </div>

        <div className="num-field">
          <label htmlFor={`${id}-opt`}>Optimizer</label>
          <select id={`${id}-opt`} value={opt.kind} onChange={(e) => set({ optimizer: { ...OPTIMIZER_DEFAULTS[e.target.value as OptimizerKind] } })}>
            {OPTIMIZER_KINDS.map((k) => (
              <option key={k} value={k}>
                {OPTIMIZER_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        {OPTIMIZER_FIELDS[opt.kind].map((f) => (
          <NumberField key={`${opt.kind}-${f}`} label={FIELD_LABELS[f]} value={opt[f]} onCommit={(v) => set({ optimizer: { ...opt, [f]: v } })} testId={`opt-${f}`} />
        ))}

        <NumberField label="Batch size" value={s.batchSize} step={1} min={1} max={TRAIN_LIMITS.maxBatchSize} onCommit={(v) => set({ batchSize: v })} testId="batch-size" />
        <div className="num-field">
          <label htmlFor={`${id}-stop`}>Stop after</label>
          <select id={`${id}-stop`} value={s.steps === undefined ? 'epochs' : 'steps'} onChange={(e) => set({ steps: e.target.value === 'steps' ? 500 : undefined })}>
            <option value="epochs">epochs</option>
            <option value="steps">steps</option>
          </select>
        </div>
        {s.steps === undefined ? (
          <NumberField label="Epochs" value={s.epochs} step={1} min={1} onCommit={(v) => set({ epochs: v })} testId="epochs" />
        ) : (
          <NumberField label="Steps" value={s.steps} step={1} min={1} onCommit={(v) => set({ steps: v })} testId="steps" />
        )}

        <div className="num-field">
          <label htmlFor={`${id}-sched`}>Schedule</label>
          <select id={`${id}-sched`} value={sched.kind} onChange={(e) => set({ schedule: { ...SCHEDULE_DEFAULTS[e.target.value as ScheduleKind] } })}>
            {SCHEDULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {SCHEDULE_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        {sched.kind === 'step' && (
          <>
            <NumberField label="Every (steps)" value={sched.everySteps} step={1} min={1} onCommit={(v) => set({ schedule: { ...sched, everySteps: v } })} />
            <NumberField label="Multiply by γ" value={sched.gamma} min={0} max={1} onCommit={(v) => set({ schedule: { ...sched, gamma: v } })} />
          </>
        )}
        {sched.kind === 'cosine' && (
          <>
            <NumberField label="Over (steps)" value={sched.totalSteps} step={1} min={1} onCommit={(v) => set({ schedule: { ...sched, totalSteps: v } })} />
            <NumberField label="Minimum rate" value={sched.minLearningRate} min={0} onCommit={(v) => set({ schedule: { ...sched, minLearningRate: v } })} />
          </>
        )}

        <NumberField label="Validation split" value={s.validationSplit} min={0} max={TRAIN_LIMITS.maxValidationSplit} step={0.05} onCommit={(v) => set({ validationSplit: v })} testId="validation-split" />
        <NumberField label="Shift (px)" value={s.augment.shift} step={1} min={0} max={MAX_SHIFT} onCommit={(v) => set({ augment: { ...s.augment, shift: v } })} hint="random shift with zero padding (pad and crop)" />
        <div className="num-field check">
          <label>
            <input type="checkbox" checked={s.augment.flip} onChange={(e) => set({ augment: { ...s.augment, flip: e.target.checked } })} />
            Random horizontal flip
          </label>
        </div>
        <NumberField label="Noise σ" value={s.augment.noise} min={0} max={1} step={0.05} onCommit={(v) => set({ augment: { ...s.augment, noise: v } })} />
        <NumberField label="Seed" value={s.seed} step={1} min={0} onCommit={(v) => set({ seed: v })} testId="seed" />
        <EngineFields id={id} />
      </fieldset>
    </section>
  );
}
