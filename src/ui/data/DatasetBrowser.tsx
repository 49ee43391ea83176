// The dataset browser: the class distribution (click a bar or pick a class to filter), a page of examples with their
// labels, and what augmentation does to the picked example.
import { useCallback, useMemo, useState } from 'react';
import { channelStats } from '../../data/augment.ts';
import type { DatasetInfo } from '../../engine/api.ts';
import { useAppStore } from '../../store/index.ts';
import { AugmentPreview } from './AugmentPreview.tsx';
import { ClassChart } from './ClassChart.tsx';
import { exampleAt } from './pixels.ts';
import { SampleGrid } from './SampleGrid.tsx';
import { useDatasetSamples, type Split } from './useDatasetSamples.ts';

const PAGE = 48;

export function DatasetBrowser(props: { dataset: DatasetInfo }) {
  const { dataset } = props;
  const settings = useAppStore((s) => s.trainSettings);
  const [split, setSplit] = useState<Split>('train');
  const [cls, setCls] = useState<number | null>(null);
  const [start, setStart] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const { counts, page, error } = useDatasetSamples(dataset, split, cls, start, PAGE);
  const filter = useCallback((c: number | null) => {
    setCls(c);
    setStart(0);
    setPicked(null);
  }, []);
  const [h, w, c] = dataset.shape;
  const size = h * w * c;
  // Per-channel statistics of the page shown stand in for the training split's (they only scale the noise here).
  const norm = useMemo(() => (page && page.indices.length > 0 ? channelStats(page.pixels, [h, w, c], page.indices.map((_, k) => k)) : null), [page, h, w, c]);
  const pickedAt = page && picked !== null ? page.indices.indexOf(picked) : -1;
  const sample = page && pickedAt >= 0 ? exampleAt(page.pixels, pickedAt, size) : page && page.indices.length > 0 ? exampleAt(page.pixels, 0, size) : null;
  const sampleIndex = pickedAt >= 0 ? picked! : (page?.indices[0] ?? 0);
  const sampleLabel = page ? (dataset.classes[page.labels[Math.max(0, pickedAt)]!] ?? '') : '';
  const name = (i: number) => dataset.classes[i] ?? String(i);
  return (
    <section className="data-panel data-browser" aria-labelledby="browser-title">
      <div className="browser-head">
        <h2 id="browser-title">{dataset.name}</h2>
        <div className="browser-controls">
          <div className="data-field inline">
            <label htmlFor="browser-split">Split</label>
            <select id="browser-split" value={split} onChange={(e) => {
                setSplit(e.target.value === 'test' ? 'test' : 'train');
                filter(null);
              }} data-testid="browser-split">
              <option value="train">Training ({dataset.train.toLocaleString('en-US')})</option>
              <option value="test">Test ({dataset.test.toLocaleString('en-US')})</option>
            </select>
          </div>
          <div className="data-field inline">
            <label htmlFor="browser-class">Class</label>
            <select id="browser-class" value={cls ?? ''} onChange={(e) => filter(e.target.value === '' ? null : Number(e.target.value))} data-testid="class-filter">
              <option value="">All classes</option>
              {dataset.classes.map((n, i) => (
                <option key={i} value={i}>
                  {n}
                  {counts ? ` (${counts[i]!.toLocaleString('en-US')})` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {error && <p className="field-error">{error}</p>}
      {counts && <ClassChart counts={counts} classes={dataset.classes} selected={cls} onSelect={filter} />}
      {counts && (
        <p className="muted" data-testid="class-summary">
          {split === 'train' ? 'Training' : 'Test'} examples per class: {Math.min(...counts).toLocaleString('en-US')} to {Math.max(...counts).toLocaleString('en-US')}
          {cls !== null && `; showing ${name(cls)} only`}.
        </p>
      )}
      {page && (
        <>
          <SampleGrid dataset={dataset} page={page} selected={pickedAt >= 0 ? picked : null} onSelect={setPicked} />
          <div className="pager">
            <button type="button" className="button" disabled={start === 0} onClick={() => {
                setStart(Math.max(0, start - PAGE));
                setPicked(null);
              }}>
              Previous
            </button>
            <span data-testid="pager-range">
              {page.total === 0 ? 'No examples' : `${start + 1}–${start + page.indices.length} of ${page.total.toLocaleString('en-US')}`}
            </span>
            <button type="button" className="button" disabled={start + PAGE >= page.total} onClick={() => {
                setStart(start + PAGE);
                setPicked(null);
              }} data-testid="pager-next">
              Next
            </button>
          </div>
        </>
      )}
      {sample && norm && (
        <>
          <h3>Augmentation</h3>
          <AugmentPreview dataset={dataset} index={sampleIndex} pixels={sample} label={sampleLabel} norm={norm} augment={settings.augment} seed={settings.seed} />
        </>
      )}
    </section>
  );
}
