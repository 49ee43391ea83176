// The engine worker: owns the WebGPU device off the main thread; the UI talks to it through comlink.
import { expose } from 'comlink';
import type { EngineApi } from '../engine/api.ts';
import { probeWebGPU } from '../engine/device.ts';

const api: EngineApi = {
  probe: () => probeWebGPU(),
};

expose(api);
