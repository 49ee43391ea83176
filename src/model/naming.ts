// Honest names: a network edited away from its preset stops carrying the preset's name and description, which the
// Train heading, the share link and exported file names repeat. It becomes "LeNet-5 (MNIST), modified": that keeps
// where it came from (more useful than "Custom network") while saying it is no longer the preset. A name the user
// typed (or a file brought) is never changed. Edited back to the preset's layers, it is the preset again.

import { PRESETS, presetSpec, type Preset } from './presets.ts';
import type { InputSpec, NetworkSpec } from './spec.ts';

const MODIFIED = ', modified';

export const modifiedName = (presetName: string): string => `${presetName}${MODIFIED}`;

export const modifiedDescription = (presetName: string): string => `Started from the ${presetName} preset, then edited.`;

/** What an empty network (input only) is called until the user names it. */
export const EMPTY_NETWORK_NAME = 'Custom network';

/** A network with the given input and no layers yet. */
export function emptyNetwork(input: InputSpec): NetworkSpec {
  return { name: EMPTY_NETWORK_NAME, input: { ...input }, layers: [] };
}

/** The preset a spec is named after: its name is the preset's own, or the preset's "…, modified". */
export function namedAfterPreset(spec: NetworkSpec): Preset | undefined {
  const name = spec.name ?? '';
  const base = name.endsWith(MODIFIED) ? name.slice(0, -MODIFIED.length) : name;
  return base ? PRESETS.find((p) => p.spec.name === base) : undefined;
}

const structure = (spec: NetworkSpec) => JSON.stringify({ input: spec.input, layers: spec.layers });

/**
 * The spec to keep after an edit of a network's input or layers, and the preset it now is (null when none).
 * Only a network still named after a preset, with the preset's or the generated description, is renamed.
 */
export function afterEdit(next: NetworkSpec): { spec: NetworkSpec; presetId: string | null } {
  const origin = namedAfterPreset(next);
  if (!origin) return { spec: next, presetId: null };
  const presetName = origin.spec.name!;
  const generated = next.description === origin.spec.description || next.description === modifiedDescription(presetName);
  if (structure(next) === structure(origin.spec)) {
    return generated ? { spec: presetSpec(origin.id), presetId: origin.id } : { spec: next, presetId: null };
  }
  const spec: NetworkSpec = { ...next, name: modifiedName(presetName) };
  if (generated) spec.description = modifiedDescription(presetName);
  return { spec, presetId: null };
}

/** The spec with a new name and description; empty ones are left out (the app then says "Untitled network"). */
export function withInfo(spec: NetworkSpec, name: string, description: string): NetworkSpec {
  const { name: _n, description: _d, ...rest } = spec;
  const n = name.trim();
  const d = description.trim();
  return { ...(n ? { name: n } : {}), ...(d ? { description: d } : {}), ...rest };
}
