// Builder edits on specs and the undo/redo history they are recorded in.
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { duplicateLayer, insertAt, insertLayer, moveItem, moveLayer, removeAt, removeLayer, setInputField, setLayerField } from '../../src/model/edits.ts';
import { emptyHistory, HISTORY_LIMIT, record, redo, redoLabel, undo, undoLabel } from '../../src/model/history.ts';

const base = (): NetworkSpec => ({ name: 'T', input: { height: 8, width: 8, channels: 1 }, layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'relu' }, { type: 'flatten' }] });

describe('list edits', () => {
  it('insert, remove and move like dnd-kit arrayMove', () => {
    expect(insertAt(['a', 'b'], 0, 'x')).toEqual(['x', 'a', 'b']);
    expect(insertAt(['a', 'b'], 2, 'x')).toEqual(['a', 'b', 'x']);
    expect(removeAt(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('throws on indices outside the list', () => {
    expect(() => insertAt(['a'], 2, 'x')).toThrow(RangeError);
    expect(() => removeAt(['a'], 1)).toThrow(/outside 0..0/);
    expect(() => moveItem(['a', 'b'], 0, -1)).toThrow(RangeError);
    expect(() => removeAt(['a'], 0.5)).toThrow(RangeError);
  });
});

describe('spec edits', () => {
  it('insert a new layer with its defaults, leaving the original spec alone', () => {
    const spec = base();
    const before = JSON.stringify(spec);
    const next = insertLayer(spec, 1, 'maxpool2d');
    expect(next.layers.map((l) => l.type)).toEqual(['conv2d', 'maxpool2d', 'relu', 'flatten']);
    // The stride is left out so that it follows the pool size.
    expect(next.layers[1]).toEqual({ type: 'maxpool2d', poolSize: 2, padding: 0 });
    expect(JSON.stringify(spec)).toBe(before);
    expect(analyze(next).layers[1]!.outputShape).toEqual([3, 3, 2]);
    const wider = { ...next, layers: next.layers.map((l, i) => (i === 1 ? { ...l, poolSize: 3 } : l)) };
    expect(analyze(wider).layers[1]!.window?.stride).toEqual([3, 3]);
  });

  it('remove, move and duplicate (a deep copy)', () => {
    const spec = base();
    expect(removeLayer(spec, 0).layers.map((l) => l.type)).toEqual(['relu', 'flatten']);
    expect(moveLayer(spec, 2, 0).layers.map((l) => l.type)).toEqual(['flatten', 'conv2d', 'relu']);
    const dup = duplicateLayer(spec, 0);
    expect(dup.layers).toHaveLength(4);
    expect(dup.layers[1]).toEqual(spec.layers[0]);
    expect(dup.layers[1]).not.toBe(spec.layers[0]);
  });

  it('sets and clears fields; the model then reports on the value', () => {
    const spec = base();
    const strided = setLayerField(spec, 0, 'stride', 4);
    expect(strided.layers[0]).toMatchObject({ stride: 4 });
    expect(analyze(strided).issues.map((i) => i.code)).toContain('stride-does-not-fit');
    expect(setLayerField(strided, 0, 'stride', undefined).layers[0]).not.toHaveProperty('stride');
    expect(() => setLayerField(spec, 0, 'type', 'dense')).toThrow(/type/);
    expect(setInputField(spec, 'height', 10).input).toEqual({ height: 10, width: 8, channels: 1 });
    expect(spec.input.height).toBe(8);
  });

  it('a preset survives a round of edits undone by hand', () => {
    const spec = presetSpec('lenet5-mnist');
    const back = moveLayer(moveLayer(spec, 0, 5), 5, 0);
    expect(back).toEqual(spec);
  });
});

describe('history', () => {
  it('undoes and redoes in order, with the labels of the edits', () => {
    let h = emptyHistory<number>();
    h = record(h, 0, 'one');
    h = record(h, 1, 'two');
    expect(undoLabel(h)).toBe('two');
    const u1 = undo(h, 2)!;
    expect(u1.state).toBe(1);
    expect(redoLabel(u1.history)).toBe('two');
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe(0);
    expect(undo(u2.history, u2.state)).toBeNull();
    const r1 = redo(u2.history, u2.state)!;
    expect(r1.state).toBe(1);
    const r2 = redo(r1.history, r1.state)!;
    expect(r2.state).toBe(2);
    expect(redo(r2.history, r2.state)).toBeNull();
  });

  it('a new edit clears the redo stack', () => {
    let h = record(emptyHistory<string>(), 'a', 'x');
    h = undo(h, 'b')!.history;
    expect(h.future).toHaveLength(1);
    h = record(h, 'a', 'y');
    expect(h.future).toEqual([]);
    expect(undoLabel(h)).toBe('y');
  });

  it('merges repeated edits of one field into one step, but not across an undo', () => {
    let h = emptyHistory<string>();
    h = record(h, '', 'set filters', 'f');
    h = record(h, '3', 'set filters', 'f');
    h = record(h, '32', 'set filters', 'f');
    expect(h.past).toHaveLength(1);
    expect(undo(h, '320')!.state).toBe('');
    h = record(h, '320', 'set stride', 's');
    expect(h.past).toHaveLength(2);
    const u = undo(h, 'x')!;
    const again = record(u.history, u.state, 'set stride', 's');
    expect(again.past).toHaveLength(2);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = record(h, i, `e${i}`);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]!.snapshot).toBe(10);
  });
});
