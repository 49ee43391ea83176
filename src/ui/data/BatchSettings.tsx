// How batches are prepared (stored in the training settings, shared with the Train view): the validation split and
// seed, and augmentation (shift with zero padding, horizontal flip for photos such as CIFAR-10, Gaussian noise).
// The fields have the Train view's names and the store's checks (trainSettingsProblem), so each setting is one.
import type { EditableTrainSettings } from '../../store/trainSettings.ts';
import { trainSettingsProblem } from '../../store/trainSettings.ts';
import { useAppStore } from '../../store/index.ts';
import { DraftNumber } from './DraftNumber.tsx';

/** Mirroring is offered for colour photographs; a mirrored digit or letter is a different symbol (or none). */
export function flipOffered(shape: [number, number, number] | undefined): boolean {
  return shape !== undefined && shape[2] === 3;
}

export function BatchSettings(props: { shape?: [number, number, number] }) {
  const settings = useAppStore((s) => s.trainSettings);
  const setTrainSettings = useAppStore((s) => s.setTrainSettings);
  const { augment } = settings;
  const canFlip = flipOffered(props.shape);
  // The store's message for the settings with this change, or null when it would accept them.
  const check = (patch: Partial<EditableTrainSettings>) => trainSettingsProblem({ ...settings, ...patch });
  return (
    <section className="data-panel" aria-labelledby="batch-settings-title">
      <h2 id="batch-settings-title">Preparing batches</h2>
      <div className="data-fields">
        <DraftNumber
          label="Validation split"
          value={settings.validationSplit}
          step={0.05}
          testId="data-validation-split"
          check={(v) => check({ validationSplit: v })}
          onCommit={(v) => setTrainSettings({ validationSplit: v })}
        />
        <DraftNumber
          label="Seed"
          value={settings.seed}
          step={1}
          testId="data-seed"
          check={(v) => check({ seed: v })}
          onCommit={(v) => setTrainSettings({ seed: v })}
        />
        <DraftNumber
          label="Shift (px)"
          value={augment.shift}
          step={1}
          testId="augment-shift"
          check={(v) => check({ augment: { ...augment, shift: v } })}
          onCommit={(v) => setTrainSettings({ augment: { ...augment, shift: v } })}
        />
        <DraftNumber
          label="Noise σ"
          value={augment.noise}
          step={0.05}
          testId="augment-noise"
          check={(v) => check({ augment: { ...augment, noise: v } })}
          onCommit={(v) => setTrainSettings({ augment: { ...augment, noise: v } })}
        />
        <label className="data-check" title={canFlip ? 'Mirror left-right with probability 1/2' : 'Offered for colour photos such as CIFAR-10: a mirrored digit is not the same digit.'}>
          <input
            type="checkbox"
            checked={augment.flip && canFlip}
            disabled={!canFlip}
            data-testid="augment-flip"
            onChange={(e) => setTrainSettings({ augment: { ...augment, flip: e.target.checked } })}
          />
          Horizontal flip {!canFlip && <span className="muted">(for RGB photos such as CIFAR-10, not digits)</span>}
        </label>
      </div>
      <p className="muted">
        The split is taken from the training set ({Math.round(settings.validationSplit * 100)}%, seed {settings.seed}); normalisation uses the remaining training
        images&apos; per-channel mean and std. Shift moves the image up to ±{augment.shift} px with zero padding (pad-and-crop).
      </p>
    </section>
  );
}
