// What makes a trained run the same run: the network's architecture (every layer field with its defaults filled in;
// the name and description do not change the weights) and the training settings, compared by value, so that an edit
// undone by hand (change a field, then change it back) keeps the run.
import { analyze, type NetworkSpec } from '../model/index.ts';
import type { TrainSettings } from '../engine/api.ts';
import { checkTrainSettings } from './trainSettings.ts';

/** JSON with object keys sorted, so that key order (an edit re-adding a field) does not count as a difference. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

// Keyed by spec identity: the store replaces the spec on every edit, so each spec object is keyed once.
const specKeys = new WeakMap<NetworkSpec, string>();

/** The spec's architecture as a string: input and layers with defaults filled in (the raw layers where analysis stops). */
export function architectureKey(spec: NetworkSpec): string {
  let key = specKeys.get(spec);
  if (key === undefined) {
    const analysis = analyze(spec);
    const layers = analysis.ok ? analysis.layers.map((l) => l.layer) : spec.layers;
    key = stableJson({ input: spec.input, layers });
    specKeys.set(spec, key);
  }
  return key;
}

/**
 * The settings that shape a run, with their defaults filled in, as a string (settings the store holds are always
 * valid). The engine and its threads are left out: a run moves to another engine and goes on (float rounding aside).
 */
export function settingsKey(settings: TrainSettings): string {
  const run = ({ engine: _engine, threads: _threads, ...rest }: TrainSettings) => rest;
  try {
    return stableJson(run(checkTrainSettings(settings)));
  } catch {
    return stableJson(run(settings));
  }
}

export type RunChange = 'network' | 'settings' | 'dataset';

/** What the run was built from, and what the store holds now. */
export interface RunInputs {
  spec: NetworkSpec;
  settings: TrainSettings;
  dataset: unknown;
}

/** What differs between the inputs a run was built from and the current ones (empty: the run is still current). */
export function runChanges(built: RunInputs, now: RunInputs): RunChange[] {
  const changes: RunChange[] = [];
  if (built.spec !== now.spec && architectureKey(built.spec) !== architectureKey(now.spec)) changes.push('network');
  if (built.settings !== now.settings && settingsKey(built.settings) !== settingsKey(now.settings)) changes.push('settings');
  if (built.dataset !== now.dataset) changes.push('dataset');
  return changes;
}
