// Edits to a network spec, as the builder makes them: each returns a new spec and leaves the old one untouched
// (undo keeps the old one). Indices are 0-based positions in spec.layers; a bad index is a caller bug and throws.

import { layerDef, newLayer } from './registry.ts';
import type { InputSpec, LayerKind, LayerSpec, NetworkSpec } from './spec.ts';

function checkIndex(index: number, length: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`${what}: index ${index} is outside 0..${length - 1}`);
}

/** A copy of `items` with `item` at `index` (0 ≤ index ≤ length). */
export function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  if (!Number.isInteger(index) || index < 0 || index > items.length) throw new RangeError(`insert: index ${index} is outside 0..${items.length}`);
  return [...items.slice(0, index), item, ...items.slice(index)];
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  checkIndex(index, items.length, 'remove');
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

/** A copy with the item at `from` moved so that it ends up at index `to` (dnd-kit's arrayMove semantics). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  checkIndex(from, items.length, 'move');
  checkIndex(to, items.length, 'move');
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

const withLayers = (spec: NetworkSpec, layers: LayerSpec[]): NetworkSpec => ({ ...spec, layers });

/** Inserts a new layer of `kind` (with its defaults) before position `index`; index = length appends. */
export function insertLayer(spec: NetworkSpec, index: number, kind: LayerKind): NetworkSpec {
  return withLayers(spec, insertAt(spec.layers, index, newLayer(kind)));
}

export function removeLayer(spec: NetworkSpec, index: number): NetworkSpec {
  return withLayers(spec, removeAt(spec.layers, index));
}

export function moveLayer(spec: NetworkSpec, from: number, to: number): NetworkSpec {
  return withLayers(spec, moveItem(spec.layers, from, to));
}

/** A deep copy of the layer right after it. */
export function duplicateLayer(spec: NetworkSpec, index: number): NetworkSpec {
  checkIndex(index, spec.layers.length, 'duplicate');
  return withLayers(spec, insertAt(spec.layers, index + 1, JSON.parse(JSON.stringify(spec.layers[index]!)) as LayerSpec));
}

/**
 * Sets one field of a layer; `undefined` removes it, so the kind's default applies again. The value is stored as
 * given: checking it is analyze()'s job, so the card and inspector show the model's own message.
 */
export function setLayerField(spec: NetworkSpec, index: number, key: string, value: unknown): NetworkSpec {
  checkIndex(index, spec.layers.length, 'set field');
  if (key === 'type') throw new Error('set field: change a layer kind by inserting a new layer, not by editing "type"');
  const layer = { ...spec.layers[index]! } as Record<string, unknown>;
  if (value === undefined) delete layer[key];
  else layer[key] = value;
  const layers = [...spec.layers];
  layers[index] = layer as unknown as LayerSpec;
  return withLayers(spec, layers);
}

export function setInputField(spec: NetworkSpec, key: keyof InputSpec, value: number): NetworkSpec {
  return { ...spec, input: { ...spec.input, [key]: value } };
}

/** "Conv 2D" for a layer kind, for edit labels and announcements. */
export function kindLabel(kind: LayerKind): string {
  return layerDef(kind).label;
}
