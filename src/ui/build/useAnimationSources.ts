// Real inputs for the convolution animation: a test image of the active dataset (loading MNIST, or CIFAR-10 for
// RGB networks, when none is loaded) and the first layer's learned filters from the built session.
import { useEffect, useRef, useState } from 'react';
import type { Grid } from '../../model/slidingWindow.ts';
import { useAppStore } from '../../store/index.ts';
import { getEngine } from '../../store/engineClient.ts';

export interface SampleImage {
  grid: Grid;
  label: string;
  index: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useSampleImage(enabled: boolean, index: number, channels: number) {
  const dataset = useAppStore((s) => s.dataset);
  const loading = useAppStore((s) => s.datasetLoad);
  const datasetError = useAppStore((s) => s.datasetError);
  const [image, setImage] = useState<SampleImage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (enabled && !dataset && !useAppStore.getState().datasetLoad && !useAppStore.getState().datasetError) {
      void useAppStore.getState().selectDataset(channels === 3 ? 'cifar10' : 'mnist');
    }
  }, [enabled, dataset, channels]);

  useEffect(() => {
    if (!enabled || !dataset) return;
    let live = true;
    const i = ((index % dataset.test) + dataset.test) % dataset.test;
    getEngine()
      .images('test', [i])
      .then(({ pixels, labels }) => {
        if (!live) return;
        const [height, width, c] = dataset.shape;
        setImage({ grid: { height, width, channels: c, values: pixels }, label: dataset.classes[labels[0]!] ?? String(labels[0]), index: i });
        setError(null);
      })
      .catch((e: unknown) => live && setError(`Could not read test image ${i}: ${message(e)}`));
    return () => {
      live = false;
    };
  }, [enabled, dataset, index]);

  return { image: enabled ? image : null, loading: enabled && !!loading, error: enabled ? (error ?? datasetError) : null, dataset };
}

export interface LearnedWeights {
  values: Float32Array;
  shape: number[];
  step: number;
}

/** Layer 1's conv weights from the worker, refreshed as training moves on (one request at a time; a change that
 * arrives while a request is out is fetched when it returns). */
export function useLearnedWeights(enabled: boolean) {
  const session = useAppStore((s) => s.session);
  const [weights, setWeights] = useState<LearnedWeights | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [returned, setReturned] = useState(0);
  const inFlight = useRef(false);
  const fetchedFor = useRef<unknown>(null);
  useEffect(() => {
    if (!enabled || !session || inFlight.current || fetchedFor.current === session) return;
    inFlight.current = true;
    fetchedFor.current = session;
    const step = session.step;
    getEngine()
      .layerTensors(0)
      .then((t) => {
        const w = t.tensors.find((x) => x.name === 'weights');
        setWeights(w ? { values: w.values, shape: w.shape, step } : null);
        setError(w ? null : 'Layer 1 has no weights to show.');
      })
      .catch((e: unknown) => setError(`Could not read the learned kernel: ${message(e)}`))
      .finally(() => {
        inFlight.current = false;
        setReturned((n) => n + 1);
      });
  }, [enabled, session, returned]);
  return { weights: enabled && session ? weights : null, error: enabled ? error : null, built: session !== null };
}
