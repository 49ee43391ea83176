// A counter that moves on when the built network changes (a training step, a reset, a rebuild), at most once per
// `intervalMs`: live views refetch on it. It listens through the store's subscribe so the 20 Hz progress reports
// do not re-render the views themselves.
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/index.ts';

export function useLiveTick(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      timer = null;
      last = performance.now();
      setTick((t) => t + 1);
    };
    const unsubscribe = useAppStore.subscribe((state, prev) => {
      if (state.session === prev.session || timer) return;
      timer = setTimeout(fire, Math.max(0, intervalMs - (performance.now() - last)));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs]);
  return tick;
}
