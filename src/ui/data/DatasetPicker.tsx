// The bundled datasets: pick one to fetch it into the worker (only then is it downloaded), with a progress bar.
import { BUNDLED_DATASETS } from '../../store/datasetSlice.ts';
import { useAppStore } from '../../store/index.ts';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function LoadProgress() {
  const load = useAppStore((s) => s.datasetLoad);
  if (!load) return null;
  const fraction = load.total > 0 ? Math.min(1, load.loaded / load.total) : null;
  const amount = load.unit === 'images' ? (load.total > 0 ? `${load.loaded} of ${load.total} images` : 'reading files') : load.total > 0 ? `${mb(load.loaded)} of ${mb(load.total)}` : 'starting';
  return (
    <div className="load-progress" data-testid="dataset-progress">
      <span>
        Loading {load.label ?? load.id}… {fraction !== null && `${Math.round(fraction * 100)}%`} ({amount})
      </span>
      <progress max={1} value={fraction ?? undefined} aria-label={`Loading ${load.label ?? load.id}`} />
    </div>
  );
}

export function DatasetPicker() {
  const dataset = useAppStore((s) => s.dataset);
  const load = useAppStore((s) => s.datasetLoad);
  const selectDataset = useAppStore((s) => s.selectDataset);
  const input = useAppStore((s) => s.spec.input);
  const fits = !dataset || (dataset.shape[0] === input.height && dataset.shape[1] === input.width && dataset.shape[2] === input.channels);
  return (
    <section className="data-panel" aria-labelledby="bundled-title">
      <h2 id="bundled-title">Bundled datasets</h2>
      <div className="dataset-buttons" role="group" aria-label="Bundled datasets">
        {BUNDLED_DATASETS.map((d) => (
          <button
            key={d.id}
            type="button"
            className={`button${dataset?.id === d.id ? ' active' : ''}`}
            aria-pressed={dataset?.id === d.id}
            disabled={!!load}
            data-testid={`pick-${d.id}`}
            onClick={() => void selectDataset(d.id)}
          >
            {d.label}
          </button>
        ))}
      </div>
      <LoadProgress />
      {dataset && (
        <p className="active-dataset" data-testid="active-dataset">
          Active: <strong>{dataset.name}</strong>, {dataset.shape.join('×')}, {dataset.classes.length} classes, {dataset.train.toLocaleString('en-US')} training and{' '}
          {dataset.test.toLocaleString('en-US')} test images.
        </p>
      )}
      {!fits && (
        <p className="data-warning" data-testid="input-mismatch">
          The network takes {input.height}×{input.width}×{input.channels} inputs but these images are {dataset!.shape.join('×')}; change the input block in the Build
          view before training.
        </p>
      )}
    </section>
  );
}
