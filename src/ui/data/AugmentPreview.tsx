// What augmentation does to one example: the example as stored, and as the training batch receives it, computed by
// the CPU twin of the GPU gather (src/data/augment.ts) with the run's seed; each draw is the next training step.
import { useMemo, useState } from 'react';
import { gatherBatch, type AugmentConfig, type Normalization } from '../../data/augment.ts';
import type { DatasetInfo } from '../../engine/api.ts';
import { denormalize } from './pixels.ts';
import { SampleCanvas } from './SampleCanvas.tsx';

export function AugmentPreview(props: { dataset: DatasetInfo; index: number; pixels: Uint8Array; label: string; norm: Normalization; augment: AugmentConfig; seed: number }) {
  const { dataset, index, pixels, label, norm, augment, seed } = props;
  const [step, setStep] = useState(0);
  const [h, w, c] = dataset.shape;
  const after = useMemo(() => {
    const { x } = gatherBatch({ images: pixels, labels: [0], shape: [h, w, c], order: [0], offset: index, batch: 1, norm, augment, seed, step, training: true });
    return denormalize(x, norm, c);
  }, [pixels, h, w, c, norm, augment, seed, step, index]);
  const none = augment.shift === 0 && !augment.flip && augment.noise === 0;
  return (
    <div className="augment-preview" data-testid="augment-preview">
      <figure>
        <SampleCanvas pixels={pixels} height={h} width={w} channels={c} size={128} label={`Example ${index} (${label}) as stored`} testId="augment-before" />
        <figcaption>Before: #{index}, {label}</figcaption>
      </figure>
      <figure>
        <SampleCanvas pixels={after} height={h} width={w} channels={c} size={128} label={`Example ${index} as training sees it at step ${step}`} testId="augment-after" />
        <figcaption>
          After: step {step}
          {none && ' (no augmentation set)'}
        </figcaption>
      </figure>
      <div className="augment-actions">
        <button type="button" className="button" onClick={() => setStep((s) => s + 1)} data-testid="augment-redraw">
          Next draw
        </button>
        <p className="muted">Seeded by the run seed ({seed}) and the step, as in training; evaluation never augments.</p>
      </div>
    </div>
  );
}
