// Named workspaces that keep everything: the network, the training settings, the curves and the latest checkpoint
// (weights, optimizer state, step) autosave to IndexedDB, come back on reload, and come back again after the engine
// worker crashes or the GPU device is lost (the engine restarts without a page reload).
import type { StateCreator } from 'zustand';
import type { NetworkSpec } from '../model/index.ts';
import type { DatasetSlice } from './datasetSlice.ts';
import { getEngine, restartEngine } from './engineClient.ts';
import type { NetworkSlice } from './networkSlice.ts';
import { datasetForInput, type TrainSlice } from './trainSlice.ts';
import { deleteWorkspace, listWorkspaces, loadWorkspace, openWorkspaceStores, renameWorkspace, saveWorkspace, type WorkspaceData, type WorkspaceMeta, type WorkspaceStores } from './workspaceDb.ts';

export interface WorkspaceSlice {
  workspaceId: string;
  workspaceName: string;
  workspaces: WorkspaceMeta[];
  /** When the current workspace was last saved (Date.now()), or null before its first save. */
  savedAt: number | null;
  /** What happened that the user should know: a restore, a recovery, an autosave that failed. Dismissable. */
  workspaceNotice: string | null;
  /**
   * While a workspace is being reopened: the step its checkpoint holds (known from the record before the network is
   * rebuilt), or null while the record is still being read. Null when no restore is under way.
   */
  restoring: { step: number | null } | null;
  refreshWorkspaces(): Promise<void>;
  /** Saves now: the spec and settings always, a checkpoint when a network is built (taken without pausing). */
  saveWorkspaceNow(): Promise<void>;
  /** Saves the open workspace, then starts another with `start` as its network (the current one when absent). */
  newWorkspace(name?: string, start?: NetworkSpec): Promise<void>;
  openWorkspace(id: string): Promise<void>;
  renameWorkspace(id: string, name: string): Promise<void>;
  deleteWorkspace(id: string): Promise<void>;
  /**
   * At start-up: reopens the last workspace (and goes on from its checkpoint) unless the page was opened from a
   * shared link to another network, which then gets a workspace of its own.
   */
  resumeLastWorkspace(openedFromLink: boolean): Promise<void>;
  /** After a fault: a fresh engine, then the last autosave of this workspace. */
  recoverEngine(reason: string): Promise<void>;
  dismissWorkspaceNotice(): void;
}

type Store = WorkspaceSlice & TrainSlice & NetworkSlice & DatasetSlice;

/** Weights above this many parameters are not autosaved (they would fill IndexedDB's quota); the spec still is. */
export const AUTOSAVE_MAX_PARAMS = 8_000_000;

const CURRENT_KEY = 'convlab.workspace';
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const newId = () => `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const BUNDLED = new Set(['mnist', 'fashion-mnist', 'cifar10']);

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** This tab's own record of its workspace (survives a reload of the tab, not shared with other tabs). */
function tabStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Remembers the open workspace: for this tab's reloads, and as the one a new tab opens. */
function rememberCurrent(id: string): void {
  tabStorage()?.setItem(CURRENT_KEY, id);
  storage()?.setItem(CURRENT_KEY, id);
}

export function createWorkspaceSlice(stores: WorkspaceStores = openWorkspaceStores()): StateCreator<Store, [], [], WorkspaceSlice> {
  return (set, get) => {
    let saving: Promise<void> = Promise.resolve();

    const snapshot = async (): Promise<WorkspaceData> => {
      const s = get();
      let checkpoint: WorkspaceData['checkpoint'] = null;
      if (s.session && !s.needsRebuild() && s.session.step > 0 && s.session.params <= AUTOSAVE_MAX_PARAMS) {
        checkpoint = await getEngine().checkpoint();
      } else {
        // No live run to snapshot (not built yet, being restored, settings edited): the saved checkpoint stays
        // as long as it belongs to this very network.
        const stored = (await loadWorkspace(stores, s.workspaceId))?.data;
        if (stored && JSON.stringify(stored.spec) === JSON.stringify(s.spec)) checkpoint = stored.checkpoint;
      }
      const datasetId = s.dataset && BUNDLED.has(s.dataset.id) ? s.dataset.id : null;
      // A run that edits have discarded (no checkpoint of it is kept) takes its curves and test results with it.
      const discarded = !!s.session && s.needsRebuild() && checkpoint === null;
      const history = discarded ? { steps: [], validation: [] } : s.history;
      return { spec: s.spec, trainSettings: s.trainSettings, datasetId, history, testResult: discarded ? null : s.testResult, checkpoint };
    };

    const save = async () => {
      const data = await snapshot();
      const s = get();
      const meta: WorkspaceMeta = { id: s.workspaceId, name: s.workspaceName, savedAt: Date.now(), step: data.checkpoint?.step ?? 0 };
      await saveWorkspace(stores, meta, data);
      set({ savedAt: meta.savedAt });
      rememberCurrent(meta.id);
      await get().refreshWorkspaces();
    };

    /** Puts a saved workspace in the store and, when it has a checkpoint, rebuilds the network and goes on from it. */
    const restore = async (meta: WorkspaceMeta, data: WorkspaceData, recovering = false): Promise<string> => {
      // Not an edit of the network on screen: the undo history starts afresh with the workspace. A recovery from an
      // engine fault brings back the network already on screen: its undo history stays.
      if (!recovering || JSON.stringify(data.spec) !== JSON.stringify(get().spec)) get().openNetwork(data.spec);
      const testResult = data.testResult ?? null;
      set({ workspaceId: meta.id, workspaceName: meta.name, savedAt: meta.savedAt, trainSettings: data.trainSettings, session: null, trainStatus: 'idle', progress: null, history: data.history, testResult, trainError: null });
      rememberCurrent(meta.id);
      if (!data.checkpoint) return `Opened “${meta.name}”.`;
      set({ restoring: { step: data.checkpoint.step } });
      await settledDatasetLoad();
      if (data.datasetId && get().dataset?.id !== data.datasetId) await get().selectDataset(data.datasetId);
      await settledDatasetLoad();
      if (!get().dataset && !data.datasetId && !datasetForInput(data.spec.input)) {
        return `Opened “${meta.name}”; its weights (step ${data.checkpoint.step}) were trained on an uploaded dataset: upload it again in the Data view, then open the workspace again.`;
      }
      const info = await get().ensureBuilt();
      if (!info) return `Opened “${meta.name}”, but the network could not be built: ${get().trainError ?? 'unknown error'}`;
      const restored = await getEngine().restore(data.checkpoint);
      const status = restored.step === 0 ? 'idle' : restored.step >= restored.totalSteps ? 'done' : 'paused';
      // The build cleared the curves and results of the previous session: these are the restored run's own.
      set({ session: restored, history: data.history, testResult, trainStatus: status });
      return `Restored “${meta.name}” at step ${restored.step.toLocaleString('en-US')}${status === 'paused' ? ': press Resume to go on training' : ''}.`;
    };

    /** Resolves once no dataset load is in flight (one may have been started by a view as the page opened). */
    const settledDatasetLoad = () =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (get().datasetLoad) setTimeout(check, 100);
          else resolve();
        };
        check();
      });

    const guarded = async (task: () => Promise<string | void>) => {
      try {
        const note = await task();
        if (note) set({ workspaceNotice: note });
      } catch (e) {
        set({ workspaceNotice: `Workspace problem: ${message(e)} Your current network is unchanged.` });
      } finally {
        if (get().restoring) set({ restoring: null });
      }
    };

    return {
      workspaceId: tabStorage()?.getItem(CURRENT_KEY) ?? storage()?.getItem(CURRENT_KEY) ?? newId(),
      workspaceName: 'Untitled workspace',
      workspaces: [],
      savedAt: null,
      workspaceNotice: null,
      restoring: null,
      async refreshWorkspaces() {
        set({ workspaces: await listWorkspaces(stores) });
      },
      saveWorkspaceNow() {
        // One save at a time, in order; a failed save is reported and the next one tries again.
        saving = saving.then(save).catch((e: unknown) => set({ workspaceNotice: `Autosave failed: ${message(e)} Use Save model to keep your weights.` }));
        return saving;
      },
      newWorkspace: (name, start) =>
        guarded(async () => {
          if (get().trainStatus === 'running') await get().pauseTraining();
          await get().saveWorkspaceNow();
          // A new workspace's network is not an edit of the previous one's: its undo history starts afresh.
          if (start) get().openNetwork(start);
          set({ workspaceId: newId(), workspaceName: name?.trim() || 'Untitled workspace', savedAt: null, history: { steps: [], validation: [] }, session: null, trainStatus: 'idle', progress: null, testResult: null });
          await get().saveWorkspaceNow();
          return `Started a new workspace; the previous one is in the list.`;
        }),
      openWorkspace: (id) =>
        guarded(async () => {
          if (get().trainStatus === 'running') await get().pauseTraining();
          await get().saveWorkspaceNow();
          const found = await loadWorkspace(stores, id);
          if (!found) throw new Error(`the workspace ${id} no longer exists.`);
          return restore(found.meta, found.data);
        }),
      renameWorkspace: (id, name) =>
        guarded(async () => {
          const clean = name.trim();
          if (!clean) throw new Error('a workspace needs a name.');
          if (id === get().workspaceId) set({ workspaceName: clean });
          await renameWorkspace(stores, id, clean);
          await get().refreshWorkspaces();
        }),
      deleteWorkspace: (id) =>
        guarded(async () => {
          if (id === get().workspaceId) throw new Error('the open workspace cannot be deleted; open or start another one first.');
          await deleteWorkspace(stores, id);
          await get().refreshWorkspaces();
        }),
      resumeLastWorkspace: (openedFromLink) => {
        // Shown at once: the Train view says it is opening the workspace instead of offering a fresh Start.
        set({ restoring: { step: null } });
        return guarded(async () => {
          await get().refreshWorkspaces();
          const found = await loadWorkspace(stores, get().workspaceId);
          if (!found) return;
          if (openedFromLink && JSON.stringify(found.data.spec) !== JSON.stringify(get().spec)) {
            set({ workspaceId: newId(), workspaceName: get().spec.name ? `${get().spec.name} (shared link)` : 'Shared network' });
            return;
          }
          // The link also carries the training settings (defaults when it has no &train= part): they win, but for the
          // engine and its threads, which links leave out (they belong to this machine).
          const { engine = 'auto', threads } = found.data.trainSettings;
          const linked = { ...get().trainSettings, engine, ...(threads !== undefined && { threads }) };
          if (threads === undefined) delete linked.threads;
          return restore(found.meta, openedFromLink ? { ...found.data, trainSettings: linked } : found.data);
        });
      },
      recoverEngine: (reason) =>
        guarded(async () => {
          restartEngine();
          set({ session: null, dataset: null, datasetLoad: null, trainStatus: 'idle', progress: null });
          const found = await loadWorkspace(stores, get().workspaceId);
          if (!found) return `${reason} ConvLab restarted the engine; there was no autosave yet, so train again when ready.`;
          const note = await restore(found.meta, found.data, true);
          return `${reason} ConvLab restarted the engine and restored your last autosave: ${note}`;
        }),
      dismissWorkspaceNotice: () => set({ workspaceNotice: null }),
    };
  };
}
