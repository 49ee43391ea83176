// The WebGPU probe result for components, or null while the worker is still answering.
import { useEffect, useState } from 'react';
import type { ProbeResult } from '../engine/api.ts';
import { probeEngine } from '../store/engineClient.ts';

export function useEngineProbe(): ProbeResult | null {
  const [result, setResult] = useState<ProbeResult | null>(null);
  useEffect(() => {
    let live = true;
    void probeEngine().then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, []);
  return result;
}
