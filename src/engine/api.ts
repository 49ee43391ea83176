// The engine worker's interface as seen from the UI through comlink.
import type { ProbeResult } from './device.ts';

export type { ProbeResult } from './device.ts';

export interface EngineApi {
  /** WebGPU availability and adapter details, as seen from inside the worker. */
  probe(): Promise<ProbeResult>;
}
