// Build-time tuning: where a layer's kernel has several variants that fit its shape (tile shapes set by override
// constants), each is timed a few times on this device and the fastest is kept; the choice is cached on the device's
// pipeline cache by shape, so rebuilding the same network (reset, new settings) times nothing again.

import type { KernelDispatch } from '../kernels/kernel.ts';
import type { PipelineCache } from '../pipelines.ts';

/** Variants timed per kernel: the heuristic's first choice and its runner-up (the rest are known to be slower). */
const MAX_CANDIDATES = 2;
/** Timed rounds per candidate (the fastest of each counts). */
const TIMED_ROUNDS = 5;
/**
 * After two timed rounds (one in each order), a tuning that has taken this long stops: a big layer on a slow adapter
 * (VGG-16 on SwiftShader) would otherwise add seconds per kernel to every build, and its long dispatches are the ones
 * least moved by short bursts of other work.
 */
export const TUNING_BUDGET_MS = 1000;

const now = (): number => globalThis.performance?.now() ?? Date.now();

async function timeOnce(device: GPUDevice, dispatch: KernelDispatch): Promise<number> {
  const t0 = now();
  const encoder = device.createCommandEncoder({ label: 'tune' });
  const pass = encoder.beginComputePass({ label: 'tune' });
  dispatch.encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  return now() - t0;
}

/**
 * The dispatch of the fastest variant among `choices` (best guess first). Candidates run on the caller's buffers, so
 * call this at build time, before those buffers hold anything that matters.
 */
export async function fastestVariant<T extends string | number>(
  cache: PipelineCache,
  key: string,
  choices: readonly T[],
  make: (choice: T) => Promise<KernelDispatch>,
): Promise<KernelDispatch> {
  if (choices.length === 0) throw new Error(`tune ${key}: no kernel variant fits`);
  const known = cache.tuned.get(key) as T | undefined;
  if (choices.length === 1 || (known !== undefined && choices.includes(known))) return make(known ?? choices[0]!);
  cache.onTuning?.(key);
  const candidates = await Promise.all(choices.slice(0, MAX_CANDIDATES).map(async (choice) => ({ choice, dispatch: await make(choice), ms: Infinity })));
  // A warm-up round (first use of each pipeline), then timed rounds in alternating order, keeping each one's best: on a
  // shared CPU (SwiftShader) one round can land in another job's burst and make the slower tile look faster.
  const start = now();
  for (const c of candidates) await timeOnce(cache.device, c.dispatch);
  for (let round = 0; round < TIMED_ROUNDS && !(round >= 2 && now() - start > TUNING_BUDGET_MS); round++)
    for (const c of round % 2 === 0 ? [...candidates].reverse() : candidates) c.ms = Math.min(c.ms, await timeOnce(cache.device, c.dispatch));
  const best = candidates.reduce((a, b) => (b.ms < a.ms ? b : a));
  for (const c of candidates) if (c !== best) c.dispatch.destroy();
  cache.tuned.set(key, best.choice);
  return best.dispatch;
}
