// Data fetched from the engine worker for one thing (`key`: which image, which network), one call at a time. The
// latest request wins (see LatestAnswer), and data is only ever returned for the current key, so a view never shows
// one image's results under another's caption. `refresh` asks again for the same key (training moved the weights
// on); the last answer stays shown until the new one lands. A failed fetch keeps the last good data for the key and
// reports why; a null fetch (nothing to ask yet) clears both.
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { LatestAnswer, type KeyedAnswer } from './coalesce.ts';

export interface WorkerData<T> {
  /** The answer for the current key, or null until it has arrived. */
  data: T | null;
  error: string | null;
}

export function useWorkerData<T>(fetch: (() => Promise<T>) | null, key: string, refresh: number | string = 0): WorkerData<T> {
  const [state, setState] = useState<KeyedAnswer<T> | null>(null);
  const asker = useRef<LatestAnswer<T> | null>(null);
  // Layout effects run in order, before the passive effect below asks: created, then told the current key.
  useLayoutEffect(() => {
    const a = new LatestAnswer<T>((answer) => {
      // A transition: React renders the new maps in slices, so a refresh does not hold the main thread.
      if (answer.error === null) startTransition(() => setState(answer));
      else setState((s) => ({ ...answer, data: s?.key === answer.key ? s.data : null }));
    });
    asker.current = a;
    return () => a.stop();
  }, []);
  useLayoutEffect(() => {
    asker.current?.set(key, fetch);
  });
  const enabled = fetch !== null;
  useEffect(() => {
    if (enabled) asker.current?.request();
    else setState(null);
  }, [key, refresh, enabled]);
  return enabled && state?.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}
