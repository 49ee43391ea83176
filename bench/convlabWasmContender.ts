// ConvLab's wasm engine as a bench contender: convlab-wasm (every logical processor, up to the engine's cap) and
// convlab-wasm-1t (one thread), each in a Web Worker of its own (bench/convlabWasmWorker.ts).
import { wrap } from 'comlink';
import type { ContenderSpec } from './contenders.ts';
import type { ConvlabWasmWorker } from './convlabWasmWorker.ts';
import type { Contender, Runner } from './harness.ts';

export function convlabWasmContender(spec: ContenderSpec, log: (message: string) => void = () => {}): Contender {
  return {
    name: spec.name,
    stepScale: spec.stepScale,
    async open(workload, data): Promise<Runner> {
      const worker = new Worker(new URL('./convlabWasmWorker.ts', import.meta.url), { type: 'module', name: spec.name });
      const remote = wrap<ConvlabWasmWorker>(worker);
      try {
        // Every logical processor: the app's default leaves one to the page, the bench page has nothing else to do.
        const opened = await remote.open(workload.id, data, spec.threads === 'one' ? 1 : navigator.hardwareConcurrency || 1);
        log(`${spec.name}: ${opened.describe}`);
        return {
          threads: opened.threads,
          train: (steps) => remote.train(steps),
          predict: (index) => remote.predict(index),
          dispose: () => {
            void remote.dispose().finally(() => worker.terminate());
          },
        };
      } catch (e) {
        worker.terminate();
        throw e;
      }
    },
  };
}
