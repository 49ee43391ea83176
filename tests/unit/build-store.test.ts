// The network slice's builder actions: edits keep ids with their layers, select what they made, and undo/redo all.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { presetSpec } from '../../src/model/index.ts';
import { createNetworkSlice, INPUT_ID, selectAnalysis, type NetworkSlice } from '../../src/store/networkSlice.ts';
import { redoLabel, undoLabel } from '../../src/model/history.ts';

const store = () => createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));
const types = (s: ReturnType<typeof store>) => s.getState().spec.layers.map((l) => l.type);

describe('builder actions', () => {
  it('start with one id per layer of the default network', () => {
    const s = store();
    const { layerIds, spec } = s.getState();
    expect(layerIds).toHaveLength(spec.layers.length);
    expect(new Set(layerIds).size).toBe(layerIds.length);
  });

  it('insert after the selected layer, at the end without a selection, first after the input', () => {
    const s = store();
    s.getState().loadPreset('mlp');
    const n = s.getState().spec.layers.length;
    s.getState().insertLayer('dropout');
    expect(types(s)[n]).toBe('dropout');
    expect(s.getState().selectedId).toBe(s.getState().layerIds[n]);
    s.getState().select(s.getState().layerIds[0]!);
    s.getState().insertLayer('relu');
    expect(types(s)[1]).toBe('relu');
    s.getState().select(INPUT_ID);
    s.getState().insertLayer('batchnorm');
    expect(types(s)[0]).toBe('batchnorm');
    s.getState().insertLayer('sigmoid', 2);
    expect(types(s)[2]).toBe('sigmoid');
  });

  it('move keeps each id with its layer; delete clears a deleted selection', () => {
    const s = store();
    const [a, b] = s.getState().layerIds;
    s.getState().moveLayer(0, 1);
    expect(s.getState().layerIds.slice(0, 2)).toEqual([b, a]);
    expect(types(s).slice(0, 2)).toEqual(['relu', 'conv2d']);
    s.getState().select(a!);
    s.getState().removeLayer(1);
    expect(s.getState().selectedId).toBeNull();
    expect(s.getState().layerIds).not.toContain(a);
  });

  it('undo and redo every kind of edit, back to the exact spec', () => {
    const s = store();
    const original = s.getState().spec;
    const ids = s.getState().layerIds;
    s.getState().insertLayer('dropout', 3);
    s.getState().duplicateLayer(0);
    s.getState().moveLayer(0, 4);
    s.getState().removeLayer(2);
    s.getState().setLayerField(0, 'filters', 12);
    s.getState().setInputField('height', 32);
    s.getState().loadPreset('vgg16');
    const finalSpec = s.getState().spec;
    expect(undoLabel(s.getState().editHistory)).toBe('load preset VGG-16');
    for (let i = 0; i < 7; i++) s.getState().undo();
    expect(s.getState().spec).toBe(original);
    expect(s.getState().layerIds).toBe(ids);
    expect(s.getState().presetId).toBe('lenet5-mnist');
    s.getState().undo(); // nothing left: no change
    expect(s.getState().spec).toBe(original);
    expect(redoLabel(s.getState().editHistory)).toBe('insert Dropout at position 4');
    for (let i = 0; i < 7; i++) s.getState().redo();
    expect(s.getState().spec).toBe(finalSpec);
    expect(s.getState().presetId).toBe('vgg16');
  });

  it('typing into one field is one undo step, and an edited preset is no longer that preset', () => {
    const s = store();
    const original = s.getState().spec;
    for (const v of [1, 16, 160]) s.getState().setLayerField(0, 'filters', v);
    expect(s.getState().editHistory.past).toHaveLength(1);
    expect(s.getState().presetId).toBeNull();
    expect(undoLabel(s.getState().editHistory)).toBe('set filters of layer 1 (Conv 2D)');
    s.getState().undo();
    expect(s.getState().spec).toBe(original);
    expect(s.getState().presetId).toBe('lenet5-mnist');
  });

  it('an invalid field shows in the analysis, and undo brings back a valid network', () => {
    const s = store();
    s.getState().setLayerField(0, 'kernelSize', 40);
    const bad = selectAnalysis(s.getState());
    expect(bad.ok).toBe(false);
    expect(bad.issues.find((i) => i.severity === 'error')!.message).toMatch(/^Layer 1 \(conv2d\): the window, 40, is larger than the padded input 32/);
    s.getState().undo();
    expect(selectAnalysis(s.getState()).ok).toBe(true);
  });

  it('loading the same network again records nothing; a file load is undoable', () => {
    const s = store();
    s.getState().loadPreset('lenet5-mnist');
    expect(s.getState().editHistory.past).toHaveLength(0);
    s.getState().setSpec(presetSpec('mlp'));
    expect(s.getState().presetId).toBe('mlp');
    s.getState().setSpec({ ...presetSpec('mlp'), name: 'Mine' });
    expect(s.getState().presetId).toBeNull();
    s.getState().undo();
    s.getState().undo();
    expect(s.getState().presetId).toBe('lenet5-mnist');
  });
});
