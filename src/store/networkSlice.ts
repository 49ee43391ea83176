// The network being viewed: the spec is held once; the analysis is derived from it (see selectAnalysis).
import type { StateCreator } from 'zustand';
import { analyze, decodeSpecToken, DEFAULT_PRESET_ID, findPreset, presetSpec, SpecError, type NetworkAnalysis, type NetworkSpec } from '../model/index.ts';

export interface NetworkSlice {
  spec: NetworkSpec;
  /** The preset the spec came from, or null once it was loaded from a file or a link. */
  presetId: string | null;
  /** Why a shared link could not be opened; shown as a banner until dismissed. */
  linkError: string | null;
  loadPreset(id: string): void;
  setSpec(spec: NetworkSpec, presetId?: string | null): void;
  /** Opens a "#net=<token>" hash; a malformed one sets linkError and keeps or falls back to the default. */
  openHash(hash: string): void;
  dismissLinkError(): void;
}

const HASH_PREFIX = '#net=';

export function hashFor(token: string): string {
  return HASH_PREFIX + token;
}

/** The preset whose spec equals this one, so a shared preset link still selects it. */
function matchingPreset(spec: NetworkSpec): string | null {
  const preset = findPreset(spec.name ?? '');
  return preset && JSON.stringify(presetSpec(preset.id)) === JSON.stringify(spec) ? preset.id : null;
}

/** The starting state for a location hash: the linked network, or the default preset and an error. */
export function stateFromHash(hash: string): Pick<NetworkSlice, 'spec' | 'presetId' | 'linkError'> {
  const fallback = { spec: presetSpec(DEFAULT_PRESET_ID), presetId: DEFAULT_PRESET_ID };
  if (!hash.startsWith(HASH_PREFIX)) return { ...fallback, linkError: null };
  try {
    const spec = decodeSpecToken(decodeURIComponent(hash.slice(HASH_PREFIX.length)));
    return { spec, presetId: matchingPreset(spec), linkError: null };
  } catch (e) {
    const message = e instanceof SpecError || e instanceof Error ? e.message : String(e);
    return { ...fallback, linkError: `Could not open the shared link: ${message} Showing the default network instead.` };
  }
}

export const createNetworkSlice: StateCreator<NetworkSlice, [], [], NetworkSlice> = (set) => ({
  ...stateFromHash(typeof location === 'undefined' ? '' : location.hash),
  loadPreset: (id) => set({ spec: presetSpec(id), presetId: id, linkError: null }),
  setSpec: (spec, presetId = null) => set({ spec, presetId }),
  openHash: (hash) => {
    if (!hash.startsWith(HASH_PREFIX)) return;
    const next = stateFromHash(hash);
    set(next.linkError ? { linkError: next.linkError } : next);
  },
  dismissLinkError: () => set({ linkError: null }),
});

// Memoised by spec identity: every component reading the analysis of the same spec shares one result.
const analyses = new WeakMap<NetworkSpec, NetworkAnalysis>();

export function selectAnalysis(state: Pick<NetworkSlice, 'spec'>): NetworkAnalysis {
  let result = analyses.get(state.spec);
  if (!result) {
    result = analyze(state.spec);
    analyses.set(state.spec, result);
  }
  return result;
}
