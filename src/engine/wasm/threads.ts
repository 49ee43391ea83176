// How many threads the wasm engine runs on: the limits and the default, with no engine code attached, so the Train
// view's settings can offer them without loading the engine.

/** The most threads a pool starts (beyond this the kernels' splits stop paying on the layer sizes we train). */
export const MAX_THREADS = 16;

/** The most threads the default takes (more rarely pays on the layer sizes people train here). */
export const DEFAULT_THREAD_CAP = 8;

/** The default thread count on a machine with `hardwareThreads` logical processors. */
export function defaultThreadCount(hardwareThreads: number): number {
  return Math.max(1, Math.min(DEFAULT_THREAD_CAP, Math.floor(hardwareThreads) || 1));
}
