// The active dataset's labels (for the class chart and the filter) and one page of examples, fetched from the
// worker when the dataset, split, class filter or page changes. Stale answers are dropped.
import { useEffect, useMemo, useState } from 'react';
import type { DatasetInfo } from '../../engine/api.ts';
import { getEngine } from '../../store/engineClient.ts';
import { classCounts, indicesOfClass } from './classChart.ts';

export type Split = 'train' | 'test';

export interface SamplePage {
  indices: number[];
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Examples matching the filter in all. */
  total: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useDatasetSamples(dataset: DatasetInfo | null, split: Split, cls: number | null, start: number, pageSize: number) {
  const [labels, setLabels] = useState<{ key: string; labels: Uint8Array } | null>(null);
  const [page, setPage] = useState<(SamplePage & { key: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const labelsKey = dataset ? `${dataset.id}|${dataset.train}|${dataset.test}|${split}` : '';

  useEffect(() => {
    if (!dataset) return;
    let live = true;
    getEngine()
      .labels(split)
      .then((l) => live && setLabels({ key: labelsKey, labels: l }))
      .catch((e: unknown) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [dataset, split, labelsKey]);

  const current = labels && labels.key === labelsKey ? labels.labels : null;
  const counts = useMemo(() => (current && dataset ? classCounts(current, dataset.classes.length) : null), [current, dataset]);
  const pageKey = `${labelsKey}|${cls}|${start}|${pageSize}`;

  useEffect(() => {
    if (!current) return;
    const { indices, total } = indicesOfClass(current, cls, start, pageSize);
    let live = true;
    getEngine()
      .images(split, indices)
      .then((r) => live && setPage({ key: pageKey, indices, total, pixels: r.pixels, labels: r.labels }))
      .catch((e: unknown) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [current, cls, start, pageSize, split, pageKey]);

  return { counts, page: page && page.key === pageKey ? page : null, error };
}
