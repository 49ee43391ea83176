// The network being viewed: the spec is held once; the analysis is derived from it (see selectAnalysis).
// Every change to the spec (builder edits, presets, files, links) goes through one path that records it for undo.
import type { StateCreator } from 'zustand';
import { analyze, decodeSpecToken, DEFAULT_PRESET_ID, findPreset, presetSpec, SpecError, type InputSpec, type LayerKind, type NetworkAnalysis, type NetworkSpec } from '../model/index.ts';
import * as edits from '../model/edits.ts';
import { emptyHistory, record, redo, undo, type History } from '../model/history.ts';
import { afterEdit, emptyNetwork, withInfo } from '../model/naming.ts';

/** What undo restores: the spec, the cards' stable keys (for drag and drop and React), and the preset it matched. */
export interface NetworkSnapshot {
  spec: NetworkSpec;
  layerIds: string[];
  presetId: string | null;
}

/** The id the input block is selected by. */
export const INPUT_ID = 'input';

export interface NetworkSlice {
  spec: NetworkSpec;
  /** The preset the spec is, or null once edited away from it (see naming.ts) or loaded from a file or a link. */
  presetId: string | null;
  /** Why a shared link could not be opened; shown as a banner until dismissed. */
  linkError: string | null;
  loadPreset(id: string): void;
  /** Replaces the network (undoably); presetId defaults to the preset the spec equals, if any. */
  setSpec(spec: NetworkSpec, presetId?: string | null): void;
  /**
   * Replaces the network and starts a fresh undo history: opening a link or restoring a workspace is not an edit of
   * the network the user had, so Undo must not offer to go back across it.
   */
  openNetwork(spec: NetworkSpec, presetId?: string | null): void;
  /** Opens a "#net=<token>" hash; a malformed one sets linkError and keeps or falls back to the default. */
  openHash(hash: string): void;
  dismissLinkError(): void;
  /** One stable id per layer, parallel to spec.layers; it follows the layer through moves. */
  layerIds: string[];
  /** The layer (by id) or the input block (INPUT_ID) shown in the inspector. */
  selectedId: string | null;
  editHistory: History<NetworkSnapshot>;
  select(id: string | null): void;
  /** Inserts a new layer of `kind` before `index` (default: after the selected layer, else at the end) and selects it. */
  insertLayer(kind: LayerKind, index?: number): void;
  removeLayer(index: number): void;
  duplicateLayer(index: number): void;
  moveLayer(from: number, to: number): void;
  /** Sets (or, with undefined, clears to the default) one field; repeated edits of one field are one undo step. */
  setLayerField(index: number, key: string, value: unknown): void;
  setInputField(key: keyof InputSpec, value: number): void;
  /** Names and describes the network (undoably); empty text leaves either out. */
  setNetworkInfo(name: string, description: string): void;
  /** Replaces the network (undoably) with one of the same input size and no layers. */
  loadEmptyNetwork(): void;
  undo(): void;
  redo(): void;
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
    // The network's part only: "&train=…" (trainLink.ts) follows it when the settings differ from the defaults.
    const token = hash.slice(HASH_PREFIX.length).split('&')[0]!;
    const spec = decodeSpecToken(decodeURIComponent(token));
    return { spec, presetId: matchingPreset(spec), linkError: null };
  } catch (e) {
    const message = e instanceof SpecError || e instanceof Error ? e.message : String(e);
    return { ...fallback, linkError: `Could not open the shared link: ${message} Showing the default network instead.` };
  }
}

export const createNetworkSlice: StateCreator<NetworkSlice, [], [], NetworkSlice> = (set, get) => {
  // Ids only need to be unique within this store; a counter keeps them short and readable in tests.
  let counter = 0;
  const freshId = () => `layer-${++counter}`;
  const freshIds = (spec: NetworkSpec) => spec.layers.map(freshId);
  const initial = stateFromHash(typeof location === 'undefined' ? '' : location.hash);

  const snapshot = (): NetworkSnapshot => ({ spec: get().spec, layerIds: get().layerIds, presetId: get().presetId });

  /** Applies a change as one undoable step; `mergeKey` folds repeated edits of one field into the same step. */
  const commit = (label: string, next: Partial<NetworkSnapshot> & { spec: NetworkSpec }, extra: Partial<NetworkSlice> = {}, mergeKey: string | null = null) => {
    const layerIds = next.layerIds ?? get().layerIds;
    if (layerIds.length !== next.spec.layers.length) throw new Error(`network: ${layerIds.length} ids for ${next.spec.layers.length} layers`);
    // An edit (no preset id given) that takes a network away from its preset drops the preset's name (naming.ts).
    const named = next.presetId !== undefined ? { spec: next.spec, presetId: next.presetId } : afterEdit(next.spec);
    set({
      editHistory: record(get().editHistory, snapshot(), label, mergeKey),
      spec: named.spec,
      layerIds,
      presetId: named.presetId,
      ...extra,
    });
  };

  /** A whole new network (preset, file, link): new ids, selection cleared. */
  const replace = (label: string, spec: NetworkSpec, presetId: string | null, extra: Partial<NetworkSlice> = {}) => {
    if (JSON.stringify(spec) === JSON.stringify(get().spec)) {
      set({ presetId, ...extra });
      return;
    }
    commit(label, { spec, layerIds: freshIds(spec), presetId }, { selectedId: null, ...extra });
  };

  const restore = (step: { state: NetworkSnapshot; history: History<NetworkSnapshot> } | null) => {
    if (!step) return;
    const selected = get().selectedId;
    const keep = selected === INPUT_ID || (selected !== null && step.state.layerIds.includes(selected));
    set({ ...step.state, editHistory: step.history, selectedId: keep ? selected : null });
  };

  const layerWhat = (index: number) => `layer ${index + 1} (${edits.kindLabel(get().spec.layers[index]!.type)})`;

  return {
    ...initial,
    layerIds: freshIds(initial.spec),
    selectedId: null,
    editHistory: emptyHistory(),
    loadPreset: (id) => replace(`load preset ${presetSpec(id).name ?? id}`, presetSpec(id), id, { linkError: null }),
    // Without a preset id, a spec equal to a preset (a saved preset file, a restored workspace) still selects it.
    setSpec: (spec, presetId) => replace(`load ${spec.name ?? 'network'}`, spec, presetId === undefined ? matchingPreset(spec) : presetId),
    openNetwork: (spec, presetId) => {
      const same = JSON.stringify(spec) === JSON.stringify(get().spec);
      set({
        spec: same ? get().spec : spec,
        layerIds: same ? get().layerIds : freshIds(spec),
        selectedId: same ? get().selectedId : null,
        presetId: presetId === undefined ? matchingPreset(spec) : presetId,
        editHistory: emptyHistory(),
      });
    },
    openHash: (hash) => {
      if (!hash.startsWith(HASH_PREFIX)) return;
      const next = stateFromHash(hash);
      if (next.linkError) return set({ linkError: next.linkError });
      get().openNetwork(next.spec, next.presetId);
      set({ linkError: null });
    },
    dismissLinkError: () => set({ linkError: null }),
    select: (id) => set({ selectedId: id }),
    insertLayer: (kind, index) => {
      const { spec, layerIds, selectedId } = get();
      const selected = selectedId ? layerIds.indexOf(selectedId) : -1;
      const at = index ?? (selectedId === INPUT_ID ? 0 : selected >= 0 ? selected + 1 : spec.layers.length);
      const id = freshId();
      commit(`insert ${edits.kindLabel(kind)} at position ${at + 1}`, { spec: edits.insertLayer(spec, at, kind), layerIds: edits.insertAt(layerIds, at, id) }, { selectedId: id });
    },
    removeLayer: (index) => {
      const { spec, layerIds, selectedId } = get();
      const removed = layerIds[index];
      commit(`delete ${layerWhat(index)}`, { spec: edits.removeLayer(spec, index), layerIds: edits.removeAt(layerIds, index) }, selectedId === removed ? { selectedId: null } : {});
    },
    duplicateLayer: (index) => {
      const { spec, layerIds } = get();
      const id = freshId();
      commit(`duplicate ${layerWhat(index)}`, { spec: edits.duplicateLayer(spec, index), layerIds: edits.insertAt(layerIds, index + 1, id) }, { selectedId: id });
    },
    moveLayer: (from, to) => {
      if (from === to) return;
      const { spec, layerIds } = get();
      commit(`move ${layerWhat(from)} to position ${to + 1}`, { spec: edits.moveLayer(spec, from, to), layerIds: edits.moveItem(layerIds, from, to) });
    },
    setLayerField: (index, key, value) => {
      const { spec, layerIds } = get();
      commit(`set ${key} of ${layerWhat(index)}`, { spec: edits.setLayerField(spec, index, key, value) }, {}, `field:${layerIds[index]}:${key}`);
    },
    setInputField: (key, value) => {
      commit(`set input ${key} to ${value}`, { spec: edits.setInputField(get().spec, key, value) }, {}, `input:${key}`);
    },
    setNetworkInfo: (name, description) => {
      const spec = withInfo(get().spec, name, description);
      if (JSON.stringify(spec) === JSON.stringify(get().spec)) return;
      commit(spec.name ? `rename the network to ${spec.name}` : 'clear the network name', { spec, presetId: matchingPreset(spec) });
    },
    loadEmptyNetwork: () => replace('start an empty network', emptyNetwork(get().spec.input), null, { linkError: null }),
    undo: () => restore(undo(get().editHistory, snapshot())),
    redo: () => restore(redo(get().editHistory, snapshot())),
  };
};

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
