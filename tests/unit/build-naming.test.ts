// Honest names: an edit that takes a network away from its preset drops the preset's name, description and id; a
// name the user typed stays; edited back, it is the preset again. Also the empty network and the real defaults the
// inspector shows as placeholders.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { analyze, fieldDefault, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { afterEdit, EMPTY_NETWORK_NAME, modifiedDescription, modifiedName, namedAfterPreset, withInfo } from '../../src/model/naming.ts';
import { createNetworkSlice, type NetworkSlice } from '../../src/store/networkSlice.ts';
import { undoLabel } from '../../src/model/history.ts';

const store = () => createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));
const lenet = () => presetSpec('lenet5-mnist');

describe('naming after an edit (model)', () => {
  it('a changed preset is "<preset>, modified" with a description saying where it came from, and no preset', () => {
    const edited: NetworkSpec = { ...lenet(), layers: lenet().layers.slice(1) };
    const { spec, presetId } = afterEdit(edited);
    expect(presetId).toBeNull();
    expect(spec.name).toBe('LeNet-5 (MNIST), modified');
    expect(spec.description).toBe('Started from the LeNet-5 (MNIST) preset, then edited.');
    expect(spec.layers).toBe(edited.layers);
    // A further edit keeps the same honest name.
    expect(afterEdit({ ...spec, layers: spec.layers.slice(1) }).spec.name).toBe(modifiedName('LeNet-5 (MNIST)'));
  });

  it('edited back to the preset\'s layers, it is the preset again, name and description included', () => {
    const modified: NetworkSpec = { ...lenet(), name: modifiedName('LeNet-5 (MNIST)'), description: modifiedDescription('LeNet-5 (MNIST)') };
    expect(afterEdit(modified)).toEqual({ spec: lenet(), presetId: 'lenet5-mnist' });
    expect(afterEdit(lenet())).toEqual({ spec: lenet(), presetId: 'lenet5-mnist' });
  });

  it('keeps a name or description the user typed', () => {
    const mine: NetworkSpec = { ...lenet(), name: 'My digits net', layers: lenet().layers.slice(2) };
    expect(afterEdit(mine)).toEqual({ spec: mine, presetId: null });
    const described: NetworkSpec = { ...lenet(), description: 'Mine.', layers: lenet().layers.slice(2) };
    const after = afterEdit(described);
    expect(after.spec.name).toBe('LeNet-5 (MNIST), modified');
    expect(after.spec.description).toBe('Mine.');
    // Typed text on the preset's own layers is not the preset.
    expect(afterEdit({ ...lenet(), description: 'Mine.' }).presetId).toBeNull();
  });

  it('recognises the preset a name refers to, and nothing else', () => {
    expect(namedAfterPreset({ ...lenet(), name: 'VGG-16, modified' })?.id).toBe('vgg16');
    expect(namedAfterPreset({ ...lenet(), name: 'VGG-16 modified' })).toBeUndefined();
    expect(namedAfterPreset({ ...lenet(), name: undefined })).toBeUndefined();
  });

  it('withInfo trims, leaves empty text out, and keeps the preset files\' key order', () => {
    expect(withInfo(lenet(), '  Mine ', '')).toEqual({ name: 'Mine', input: lenet().input, layers: lenet().layers });
    expect(JSON.stringify(withInfo(lenet(), lenet().name!, lenet().description!))).toBe(JSON.stringify(lenet()));
    expect(analyze(withInfo(lenet(), '', '')).name).toBe('Untitled network');
  });
});

describe('naming in the store', () => {
  it('an edit drops the preset identity and name; undo brings both back', () => {
    const s = store();
    s.getState().removeLayer(1);
    expect(s.getState().presetId).toBeNull();
    expect(s.getState().spec.name).toBe('LeNet-5 (MNIST), modified');
    expect(s.getState().spec.description).toBe(modifiedDescription('LeNet-5 (MNIST)'));
    s.getState().undo();
    expect(s.getState().spec).toEqual(lenet());
    expect(s.getState().presetId).toBe('lenet5-mnist');
  });

  it('change then change back (two edits) is the preset again, by value', () => {
    const s = store();
    s.getState().setLayerField(0, 'filters', 12);
    expect(s.getState().presetId).toBeNull();
    s.getState().setLayerField(3, 'filters', 20);
    s.getState().setLayerField(3, 'filters', 16);
    s.getState().setLayerField(0, 'filters', 6);
    expect(s.getState().spec).toEqual(lenet());
    expect(s.getState().presetId).toBe('lenet5-mnist');
  });

  it('a typed name is kept through edits, is undoable, and empty text clears it', () => {
    const s = store();
    s.getState().setNetworkInfo('Digits, small', 'Two convolutions.');
    expect(s.getState().spec).toMatchObject({ name: 'Digits, small', description: 'Two convolutions.' });
    expect(s.getState().presetId).toBeNull();
    expect(undoLabel(s.getState().editHistory)).toBe('rename the network to Digits, small');
    s.getState().insertLayer('dropout', 2);
    expect(s.getState().spec.name).toBe('Digits, small');
    expect(s.getState().spec.description).toBe('Two convolutions.');
    s.getState().setNetworkInfo('', '');
    expect(s.getState().spec.name).toBeUndefined();
    expect(analyze(s.getState().spec).name).toBe('Untitled network');
    // Saving unchanged text records nothing.
    const steps = s.getState().editHistory.past.length;
    s.getState().setNetworkInfo('', '');
    expect(s.getState().editHistory.past).toHaveLength(steps);
  });

  it('the empty network keeps the input size, has no layers and no preset, and is undoable', () => {
    const s = store();
    s.getState().loadPreset('cifar-vgg');
    s.getState().loadEmptyNetwork();
    expect(s.getState().spec).toEqual({ name: EMPTY_NETWORK_NAME, input: { height: 32, width: 32, channels: 3 }, layers: [] });
    expect(s.getState().presetId).toBeNull();
    expect(s.getState().layerIds).toEqual([]);
    expect(analyze(s.getState().spec).issues.map((i) => i.message)).toEqual(['layers: the network has no layers; add at least one: a classifier needs a flatten layer, then a dense layer with one unit per class.']);
    s.getState().insertLayer('flatten');
    expect(s.getState().spec.name).toBe(EMPTY_NETWORK_NAME);
    s.getState().undo();
    s.getState().undo();
    expect(s.getState().presetId).toBe('cifar-vgg');
  });
});

describe('real defaults for the inspector', () => {
  it('come from the rest of the layer, never from the field\'s own value', () => {
    expect(fieldDefault({ type: 'conv2d', filters: 4, kernelSize: 3, padding: 2 }, 'padding')).toEqual({ value: 0 });
    expect(fieldDefault({ type: 'conv2d', filters: 4, kernelSize: 3, dilation: 3 }, 'dilation')).toEqual({ value: 1 });
    expect(fieldDefault({ type: 'conv2d', filters: 4, kernelSize: 3 }, 'filters')).toBeUndefined();
    expect(fieldDefault({ type: 'dropout', rate: 0.2 }, 'rate')).toEqual({ value: 0.5 });
  });

  it('a pooling stride follows the pool size and says so', () => {
    expect(fieldDefault({ type: 'maxpool2d', poolSize: 3, stride: 2 }, 'stride')).toEqual({ value: 3, follows: 'the pool size' });
    expect(fieldDefault({ type: 'avgpool2d', poolSize: [2, 4] }, 'stride')).toEqual({ value: [2, 4], follows: 'the pool size' });
    expect(fieldDefault({ type: 'maxpool2d', poolSize: 3 }, 'padding')).toEqual({ value: 0 });
  });
});
