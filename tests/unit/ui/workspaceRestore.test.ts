// Reopening a workspace, against a real engine session on the CPU backend and an in-memory stand-in for IndexedDB:
// the panel knows the step to restore before the engine is rebuilt, the test-set results come back with the run, the
// undo history starts afresh (a restore is not an edit), a link's settings win but for the engine, and a run that edits
// discarded is not saved as if current.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { EngineApi } from '../../../src/engine/api.ts';
import { EngineSession } from '../../../src/engine/session.ts';
import type { NetworkSpec } from '../../../src/model/index.ts';
import type { WorkspaceData, WorkspaceMeta } from '../../../src/store/workspaceDb.ts';
import { toyDataset as dataset } from './toyDataset.ts';

const db = vi.hoisted(() => new Map<string, { meta: WorkspaceMeta; data: WorkspaceData }>());
vi.mock('../../../src/store/workspaceDb.ts', () => ({
  openWorkspaceStores: () => ({}),
  listWorkspaces: async () => [...db.values()].map((r) => r.meta),
  saveWorkspace: async (_stores: unknown, meta: WorkspaceMeta, data: WorkspaceData) => void db.set(meta.id, { meta, data: structuredClone(data) }),
  loadWorkspace: async (_stores: unknown, id: string) => structuredClone(db.get(id) ?? null),
  renameWorkspace: async () => {},
  deleteWorkspace: async () => {},
}));

let session: EngineSession;
vi.mock('../../../src/store/engineClient.ts', () => ({
  dataUrl: () => '/data/',
  setEngineFaultHandler: () => {},
  restartEngine: () => {},
  getEngine: (): Partial<EngineApi> => ({
    build: (s, settings, onProgress) => session.build(s, settings, undefined, onProgress),
    train: (onProgress) => session.train(onProgress),
    pause: () => session.pause(),
    step: (onProgress) => session.step(onProgress),
    reset: () => session.reset(),
    evaluate: (split, perExample) => session.evaluate(split, perExample),
    checkpoint: () => session.checkpoint(),
    restore: (checkpoint) => session.restore(checkpoint),
  }),
}));

const { createNetworkSlice } = await import('../../../src/store/networkSlice.ts');
const { createDatasetSlice } = await import('../../../src/store/datasetSlice.ts');
const { createTrainSlice } = await import('../../../src/store/trainSlice.ts');
const { createWorkspaceSlice } = await import('../../../src/store/workspaceSlice.ts');
const { DEFAULT_TRAIN_SETTINGS } = await import('../../../src/store/trainSettings.ts');
type AppState = import('../../../src/store/index.ts').AppState;

const spec: NetworkSpec = { name: 'Toy net', input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }, { type: 'softmax' }] };

/** A page load: a fresh store (as src/store/index.ts composes it) and a fresh engine holding the toy dataset. */
function openPage() {
  session = new EngineSession();
  session.attachDataset('toy', dataset);
  const store = create<AppState>()((...a) => ({
    ...createNetworkSlice(...(a as Parameters<typeof createNetworkSlice>)),
    ...createDatasetSlice(...(a as Parameters<typeof createDatasetSlice>)),
    ...createTrainSlice(...a),
    ...createWorkspaceSlice()(...a),
  }));
  store.getState().openNetwork(spec);
  store.setState({ dataset: session.datasetInfo(), trainSettings: { ...DEFAULT_TRAIN_SETTINGS, batchSize: 16, steps: 30 } });
  return store;
}

beforeEach(() => db.clear());

describe('reopening a workspace', () => {
  it('shows the step at once, restores the run with its test results, and starts a fresh undo history', async () => {
    const first = openPage();
    for (let k = 0; k < 6; k++) await first.getState().stepTraining();
    const result = (await first.getState().evaluateTest())!;
    expect(result.step).toBe(6);
    await first.getState().saveWorkspaceNow();
    const saved = db.get(first.getState().workspaceId)!.data;
    expect(saved.checkpoint?.step).toBe(6);
    expect(saved.testResult?.step).toBe(6);
    expect(Array.from(saved.testResult!.perExample!.predicted)).toEqual(Array.from(result.perExample!.predicted));

    // The reload: the default network with an edit in its undo history (as a link opened at start-up once left one).
    const page = openPage();
    page.setState({ workspaceId: first.getState().workspaceId });
    page.getState().insertLayer('relu', 1);
    const seen: (number | null | undefined)[] = [];
    const unsubscribe = page.subscribe((st) => seen.push(st.restoring ? st.restoring.step : undefined));
    const resumed = page.getState().resumeLastWorkspace(false);
    // Before anything was read from the database, the panel already knows a workspace is being reopened.
    expect(page.getState().restoring).toEqual({ step: null });
    await resumed;
    unsubscribe();
    // The step from the record is shown while the engine rebuilds, and goes once the run is back.
    expect(seen).toContain(6);
    expect(seen.indexOf(6)).toBeLessThan(seen.lastIndexOf(undefined));
    const st = page.getState();
    expect(st.restoring).toBeNull();
    expect(st.session?.step).toBe(6);
    expect(st.trainStatus).toBe('paused');
    expect(st.workspaceNotice).toMatch(/^Restored .* at step 6: press Resume/);
    expect(st.testResult?.step).toBe(6);
    expect(st.testResult?.accuracy).toBe(result.accuracy);
    expect(st.testResult?.confusion).toEqual(result.confusion);
    expect(st.history.steps).toHaveLength(6);
    // Nothing to undo: undo must not offer the network from before the restore.
    expect(st.editHistory.past).toEqual([]);
    expect(st.spec).toEqual(spec);
    // And the run goes on from its step.
    await st.stepTraining();
    expect(page.getState().session?.step).toBe(7);
  });

  it('reopened from a link, takes the link’s training settings but keeps the workspace’s engine and threads', async () => {
    const first = openPage();
    first.getState().setTrainSettings({ engine: 'cpu', threads: 1 });
    await first.getState().stepTraining();
    await first.getState().saveWorkspaceNow();
    const page = openPage();
    page.setState({ workspaceId: first.getState().workspaceId });
    // The link's settings (a batch of 8) are in the store when the workspace is resumed.
    page.getState().setTrainSettings({ batchSize: 8 });
    await page.getState().resumeLastWorkspace(true);
    expect(page.getState().trainSettings).toMatchObject({ batchSize: 8, engine: 'cpu', threads: 1 });
  });

  it('keeps the undo history through an engine recovery (the same network comes back), not through opening a workspace', async () => {
    const page = openPage();
    page.getState().insertLayer('relu', 1);
    page.getState().removeLayer(1);
    await page.getState().saveWorkspaceNow();
    await page.getState().recoverEngine('The engine worker crashed.');
    expect(page.getState().editHistory.past).toHaveLength(2);
    await page.getState().openWorkspace(page.getState().workspaceId);
    expect(page.getState().editHistory.past).toHaveLength(0);
  });

  it('saves a run that edits discarded without its curves and results, and keeps them while the run is current', async () => {
    const page = openPage();
    for (let k = 0; k < 3; k++) await page.getState().stepTraining();
    await page.getState().evaluateTest();
    page.getState().setLayerField(1, 'units', 5);
    expect(page.getState().runChanges()).toEqual(['network']);
    await page.getState().saveWorkspaceNow();
    const discarded = db.get(page.getState().workspaceId)!.data;
    expect(discarded).toMatchObject({ checkpoint: null, testResult: null, history: { steps: [], validation: [] } });
    // The store still shows them (greyed in the view), and Undo makes the run current again: saved whole once more.
    expect(page.getState().history.steps).toHaveLength(3);
    expect(page.getState().keepTrainedRun()).toBeNull();
    await page.getState().saveWorkspaceNow();
    const kept = db.get(page.getState().workspaceId)!.data;
    expect(kept.checkpoint?.step).toBe(3);
    expect(kept.history.steps).toHaveLength(3);
    expect(kept.testResult?.step).toBe(3);
  });
});
