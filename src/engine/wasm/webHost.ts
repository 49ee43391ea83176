// The wasm engine in the browser: the builds served by Vite (wasm/build/*.wasm as asset URLs), helper threads as
// classic Web Workers started from a Blob of threadSource.ts, and shared memory only in a cross-origin isolated
// page (the dev and preview servers send COOP/COEP; a host that does not gets one thread, and says why).

import relaxedThreadsUrl from '../../../wasm/build/convlab-relaxed-threads.wasm?url';
import relaxedUrl from '../../../wasm/build/convlab-relaxed.wasm?url';
import simdThreadsUrl from '../../../wasm/build/convlab-simd-threads.wasm?url';
import simdUrl from '../../../wasm/build/convlab-simd.wasm?url';
import type { HelperThread, WasmHost } from './runtime.ts';

const URLS: Record<string, string> = {
  'convlab-simd.wasm': simdUrl,
  'convlab-simd-threads.wasm': simdThreadsUrl,
  'convlab-relaxed.wasm': relaxedUrl,
  'convlab-relaxed-threads.wasm': relaxedThreadsUrl,
};

function webThread(source: string): HelperThread | null {
  if (typeof Worker === 'undefined') return null;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    const w = new Worker(url);
    return {
      post: (m) => w.postMessage(m),
      onMessage: (listener) => w.addEventListener('message', (e: MessageEvent) => listener(e.data)),
      terminate: () => {
        w.terminate();
        URL.revokeObjectURL(url);
      },
    };
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
}

export function webWasmHost(): WasmHost {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const isolated = g.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  return {
    load: async (file) => {
      const url = URLS[file];
      if (!url) throw new Error(`no wasm build named ${file}`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`loading ${file} failed: HTTP ${response.status}`);
      return response.arrayBuffer();
    },
    spawn: webThread,
    sharedMemory: isolated,
    ...(!isolated && { sharedMemoryMissing: 'the page is not cross-origin isolated (no COOP/COEP headers), so no shared memory' }),
    hardwareThreads: g.navigator?.hardwareConcurrency ?? 1,
  };
}
