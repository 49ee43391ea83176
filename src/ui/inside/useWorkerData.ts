// Data fetched from the engine worker, refetched whenever `key` changes, one call at a time (see Coalescer). A failed
// fetch keeps the last good data and reports why; a null fetch (nothing to ask yet) clears both.
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Coalescer } from './coalesce.ts';

export interface WorkerData<T> {
  data: T | null;
  error: string | null;
}

export function useWorkerData<T>(fetch: (() => Promise<T>) | null, key: string): WorkerData<T> {
  const [state, setState] = useState<WorkerData<T>>({ data: null, error: null });
  const fetchRef = useRef(fetch);
  const coalescer = useRef<Coalescer | null>(null);
  useLayoutEffect(() => {
    fetchRef.current = fetch;
  });
  useEffect(() => {
    const c = new Coalescer(async () => {
      const f = fetchRef.current;
      if (!f) return;
      try {
        const data = await f();
        // A transition: React renders the new maps in slices, so a refresh does not hold the main thread.
        startTransition(() => setState({ data, error: null }));
      } catch (e) {
        setState((s) => ({ data: s.data, error: e instanceof Error ? e.message : String(e) }));
      }
    });
    coalescer.current = c;
    return () => c.stop();
  }, []);
  const enabled = fetch !== null;
  useEffect(() => {
    if (enabled) coalescer.current?.request();
    else setState({ data: null, error: null });
  }, [key, enabled]);
  return state;
}
