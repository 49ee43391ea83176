// The Data view: pick a bundled dataset or upload one, set how batches are prepared, and browse the examples.
import { useEffect } from 'react';
import { useAppStore } from '../../store/index.ts';
import { BatchSettings, flipOffered } from '../data/BatchSettings.tsx';
import { DatasetBrowser } from '../data/DatasetBrowser.tsx';
import { DatasetCachePanel } from '../data/DatasetCachePanel.tsx';
import { DatasetPicker } from '../data/DatasetPicker.tsx';
import { UploadPanel } from '../data/UploadPanel.tsx';
import '../data/data.css';

export function DataView() {
  const dataset = useAppStore((s) => s.dataset);
  const error = useAppStore((s) => s.datasetError);
  const dismiss = useAppStore((s) => s.dismissDatasetError);
  const flip = useAppStore((s) => s.trainSettings.augment.flip);
  const setTrainSettings = useAppStore((s) => s.setTrainSettings);
  // A flip left on from a colour dataset must not mirror digits: it is switched off when grayscale data is active.
  useEffect(() => {
    if (dataset && flip && !flipOffered(dataset.shape)) setTrainSettings({ augment: { ...useAppStore.getState().trainSettings.augment, flip: false } });
  }, [dataset, flip, setTrainSettings]);
  return (
    <main className="content data-view" data-testid="data-view">
      <div className="data-side">
        <DatasetPicker />
        <UploadPanel />
        <BatchSettings shape={dataset?.shape} />
        <DatasetCachePanel />
      </div>
      <div className="data-main">
        {error && (
          <div className="data-error" role="alert" data-testid="dataset-error">
            <span>{error}</span>
            <button type="button" className="link-button" aria-label="Dismiss" onClick={dismiss}>
              ×
            </button>
          </div>
        )}
        {dataset ? (
          <DatasetBrowser key={dataset.id} dataset={dataset} />
        ) : (
          <section className="data-panel">
            <h2>No dataset yet</h2>
            <p className="muted">Pick a bundled dataset or upload your own; it is downloaded only when you pick it.</p>
          </section>
        )}
      </div>
    </main>
  );
}
