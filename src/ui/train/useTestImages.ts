// Pixels of test-set examples by index, fetched from the engine worker (null while loading or for no indices).
import { useEffect, useState } from 'react';
import { getEngine } from '../../store/engineClient.ts';

export interface LoadedImages {
  key: string;
  pixels: Uint8Array;
  labels: Uint8Array;
}

export function useTestImages(indices: readonly number[]): { images: LoadedImages | null; error: string | null } {
  const key = indices.join(',');
  const [state, setState] = useState<{ images: LoadedImages | null; error: string | null; key: string }>({ images: null, error: null, key: '' });
  useEffect(() => {
    if (key === '') return;
    let live = true;
    const list = key.split(',').map(Number);
    getEngine()
      .images('test', list)
      .then(
        (r) => live && setState({ images: { key, ...r }, error: null, key }),
        (e: unknown) => live && setState({ images: null, error: `Could not fetch the images: ${e instanceof Error ? e.message : String(e)}`, key }),
      );
    return () => {
      live = false;
    };
  }, [key]);
  // Stale results (for other indices) are never shown.
  return state.key === key && key !== '' ? { images: state.images, error: state.error } : { images: null, error: null };
}
