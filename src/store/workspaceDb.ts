// Workspaces in IndexedDB (through idb-keyval): a small list store for names and dates, and a data store for what a
// workspace holds (network, training settings, curves and the latest checkpoint), so listing never reads weights.
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { Checkpoint } from '../engine/api.ts';
import type { NetworkSpec } from '../model/index.ts';
import type { TestResult, TrainHistory } from './trainSlice.ts';
import type { EditableTrainSettings } from './trainSettings.ts';

export interface WorkspaceMeta {
  id: string;
  name: string;
  /** Date.now() of the last save. */
  savedAt: number;
  /** Steps trained in the saved checkpoint (0 without one). */
  step: number;
}

export interface WorkspaceData {
  spec: NetworkSpec;
  trainSettings: EditableTrainSettings;
  /** The bundled dataset the run used, or null (an uploaded dataset cannot be restored without the files). */
  datasetId: string | null;
  history: TrainHistory;
  /** The latest test-set evaluation (confusion matrix, per-example predictions); absent in records saved before it was kept. */
  testResult?: TestResult | null;
  /** Weights, optimizer state and step; null before training or after the network changed. */
  checkpoint: Checkpoint | null;
}

export interface WorkspaceStores {
  meta: UseStore;
  data: UseStore;
}

/** The two stores, opened on first use (so that creating the app store touches no IndexedDB, e.g. in Node). */
export function openWorkspaceStores(prefix = 'convlab'): WorkspaceStores {
  let opened: { meta: UseStore; data: UseStore } | null = null;
  const open = () => (opened ??= { meta: createStore(`${prefix}-workspaces`, 'meta'), data: createStore(`${prefix}-workspace-data`, 'data') });
  return {
    meta: (mode, callback) => open().meta(mode, callback),
    data: (mode, callback) => open().data(mode, callback),
  };
}

export async function listWorkspaces(stores: WorkspaceStores): Promise<WorkspaceMeta[]> {
  const all = await entries<string, WorkspaceMeta>(stores.meta);
  return all.map(([, meta]) => meta).sort((a, b) => b.savedAt - a.savedAt);
}

export async function saveWorkspace(stores: WorkspaceStores, meta: WorkspaceMeta, data: WorkspaceData): Promise<void> {
  // Data first: a list entry never points at data that is not there. Each put is one transaction: one that fails
  // (a full disk) is rolled back, so the last good autosave stays as it was.
  try {
    await set(meta.id, data, stores.data);
    await set(meta.id, meta, stores.meta);
  } catch (e) {
    if (isQuotaError(e)) throw new Error(quotaMessage(meta, data), { cause: e });
    throw e;
  }
}

/** IndexedDB's "the disk or the site's quota is full" (a DOMException named QuotaExceededError, or an abort for it). */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  const text = e instanceof Error ? e.message : String(e);
  return name === 'QuotaExceededError' || /quota/i.test(text);
}

function quotaMessage(meta: WorkspaceMeta, data: WorkspaceData): string {
  const what = data.checkpoint ? `the network, its settings, the curves and the weights at step ${data.checkpoint.step.toLocaleString('en-US')}` : 'the network, its settings and the curves';
  return (
    `the browser's storage for this site is full, so “${meta.name}” (${what}) could not be saved; the last good autosave is intact. ` +
    `Free space by deleting workspaces you no longer need in the workspace menu, or by clearing other sites' data in the browser settings.`
  );
}

export async function loadWorkspace(stores: WorkspaceStores, id: string): Promise<{ meta: WorkspaceMeta; data: WorkspaceData } | null> {
  const [meta, data] = await Promise.all([get<WorkspaceMeta>(id, stores.meta), get<WorkspaceData>(id, stores.data)]);
  return meta && data ? { meta, data } : null;
}

export async function renameWorkspace(stores: WorkspaceStores, id: string, name: string): Promise<void> {
  const meta = await get<WorkspaceMeta>(id, stores.meta);
  if (meta) await set(id, { ...meta, name }, stores.meta);
}

export async function deleteWorkspace(stores: WorkspaceStores, id: string): Promise<void> {
  await del(id, stores.meta);
  await del(id, stores.data);
}
