// What counts as the same run (architecture and settings by value), the words the Train view uses for a run's
// state, and the undo history around opening links (not an edit: the history starts afresh; presets stay undoable).
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { encodeSpecToken, presetSpec, type NetworkSpec } from '../../../src/model/index.ts';
import { createNetworkSlice, hashFor, stateFromHash, type NetworkSlice } from '../../../src/store/networkSlice.ts';
import { architectureKey, runChanges, settingsKey, stableJson } from '../../../src/store/runIdentity.ts';
import { DEFAULT_TRAIN_SETTINGS } from '../../../src/store/trainSettings.ts';
import { buildStageText, runStatusLabel, staleRunText } from '../../../src/ui/train/runState.ts';

const net: NetworkSpec = { name: 'A', input: { height: 8, width: 8, channels: 1 }, layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'flatten' }, { type: 'dense', units: 2 }] };

describe('run identity', () => {
  it('sorts keys, so an edit that re-adds a field in another place is the same value', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 0 } })).toBe('{"a":{"c":0,"d":[1,{"e":3,"f":2}]},"b":1}');
  });

  it('compares architectures with defaults filled in, ignoring the name and description', () => {
    const explicit: NetworkSpec = { ...net, name: 'B', description: 'other words', layers: [{ type: 'conv2d', kernelSize: 3, filters: 4, stride: 1, padding: 0 }, { type: 'flatten' }, { type: 'dense', units: 2, useBias: true }] };
    expect(architectureKey(explicit)).toBe(architectureKey(net));
    expect(architectureKey({ ...net, layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, stride: 2 }, ...net.layers.slice(1)] })).not.toBe(architectureKey(net));
    expect(architectureKey({ ...net, input: { ...net.input, channels: 3 } })).not.toBe(architectureKey(net));
  });

  it('lists what changed: network, settings, dataset', () => {
    const dataset = { id: 'mnist' };
    const built = { spec: net, settings: DEFAULT_TRAIN_SETTINGS, dataset };
    expect(runChanges(built, { spec: { ...net }, settings: { ...DEFAULT_TRAIN_SETTINGS }, dataset })).toEqual([]);
    expect(runChanges(built, { spec: { ...net, layers: net.layers.slice(1) }, settings: { ...DEFAULT_TRAIN_SETTINGS, seed: 2 }, dataset: { id: 'mnist' } })).toEqual(['network', 'settings', 'dataset']);
    expect(settingsKey({ ...DEFAULT_TRAIN_SETTINGS, optimizer: { kind: 'adam' } })).toBe(settingsKey(DEFAULT_TRAIN_SETTINGS));
  });
});

describe('run state words', () => {
  it('says a workspace is being reopened, and at which step, before the engine has rebuilt it', () => {
    expect(runStatusLabel('idle', { step: null })).toBe('Opening workspace…');
    expect(runStatusLabel('idle', { step: 1280 })).toBe('Restoring step 1,280…');
    expect(runStatusLabel('building', null)).toBe('Building…');
    expect(runStatusLabel('paused', null)).toBe('Paused');
  });

  it('describes each phase of a build with its progress', () => {
    expect(buildStageText(null, { id: 'cifar10', label: 'CIFAR-10 (32x32 RGB)', loaded: 50, total: 200 }, null)).toEqual({ text: 'Building the network: loading CIFAR-10 (32x32 RGB)… 25%', fraction: 0.025 });
    expect(buildStageText({ phase: 'kernels', detail: 'layer 3 of 9 (conv2d)', fraction: 0.5 }, null, { step: 80 })).toEqual({
      text: 'Restoring step 80: compiling kernels, layer 3 of 9 (conv2d)… 55%',
      fraction: 0.55,
    });
    expect(buildStageText({ phase: 'tuning', detail: 'layer 1 of 9 (conv2d)', fraction: 0 }, null, null).text).toBe('Building the network: tuning kernels (timing tile variants), layer 1 of 9 (conv2d)… 10%');
    expect(buildStageText({ phase: 'device', detail: 'opening the GPU device', fraction: 0 }, null, null).text).toBe('Building the network: opening the GPU… 10%');
    expect(buildStageText(null, null, { step: null }).text).toBe('Opening your last workspace…');
    expect(buildStageText(null, null, { step: 80 }, true)).toEqual({ text: 'Restoring step 80: putting back the saved weights and optimizer state…', fraction: 1 });
  });

  it('warns that an edit discards a trained run, and offers Undo unless the dataset changed', () => {
    expect(staleRunText(['network'], 80)).toEqual({ text: 'You changed the network: the next Start, Step or evaluation rebuilds the network and discards the run at step 80. Undo to get it back.', undoable: true });
    expect(staleRunText(['network', 'settings'], 80).text).toMatch(/^You changed the network and the training settings: /);
    expect(staleRunText(['dataset'], 80)).toMatchObject({ undoable: false });
    expect(staleRunText(['settings'], 0)).toEqual({ text: 'You changed the training settings since the network was built: Start or Step builds it again.', undoable: false });
  });
});

describe('undo around links', () => {
  const store = () => createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));
  const other = presetSpec('mlp');

  it('reads the network part of a link that also carries training settings', () => {
    const hash = `${hashFor(encodeSpecToken(other))}&train=lr:0.05,bs:128`;
    expect(stateFromHash(hash)).toEqual({ spec: other, presetId: 'mlp', linkError: null });
  });

  it('opens a link as a fresh start: no undo entry that would put the previous network back', () => {
    const s = store();
    s.getState().insertLayer('relu', 0);
    expect(s.getState().editHistory.past).toHaveLength(1);
    s.getState().openHash(`${hashFor(encodeSpecToken(other))}&train=bs:32`);
    expect(s.getState().spec).toEqual(other);
    expect(s.getState().editHistory).toEqual({ past: [], future: [], lastKey: null });
    s.getState().undo();
    expect(s.getState().spec).toEqual(other);
  });

  it('keeps presets and file loads undoable', () => {
    const s = store();
    const before = s.getState().spec;
    s.getState().loadPreset('mlp');
    s.getState().setSpec(net);
    expect(s.getState().editHistory.past.map((e) => e.label)).toEqual([`load preset ${presetSpec('mlp').name}`, 'load A']);
    s.getState().undo();
    s.getState().undo();
    expect(s.getState().spec).toEqual(before);
  });
});
