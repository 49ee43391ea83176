// The table of layer kinds: one definition each, checked complete by the type system.

import { relu, leakyrelu, elu, tanh, sigmoid, softmax } from './layers/activations.ts';
import { conv2d } from './layers/conv2d.ts';
import { dense } from './layers/dense.ts';
import { maxpool2d, avgpool2d, l2pool2d, globalavgpool } from './layers/pool2d.ts';
import { batchnorm, dropout, flatten } from './layers/regularization.ts';
import type { LayerDef, Resolved } from './layers/types.ts';
import type { LayerKind, LayerSpec, SpecOf } from './spec.ts';

export const LAYER_DEFS = {
  conv2d,
  maxpool2d,
  avgpool2d,
  l2pool2d,
  globalavgpool,
  batchnorm,
  dropout,
  flatten,
  dense,
  relu,
  leakyrelu,
  elu,
  tanh,
  sigmoid,
  softmax,
} as const satisfies { [K in LayerKind]: LayerDef<K> };

export function layerDef<K extends LayerKind>(kind: K): LayerDef<K> {
  return LAYER_DEFS[kind] as unknown as LayerDef<K>;
}

/** The spec with defaults filled in; pooling's stride defaults to its pool size. */
export function resolveLayer<K extends LayerKind>(layer: SpecOf<K>): Resolved<K> {
  const def = layerDef(layer.type as K);
  const resolved = { ...def.defaults, ...layer } as unknown as Resolved<K>;
  if (def.category === 'pooling' && 'poolSize' in resolved && (layer as { stride?: unknown }).stride === undefined) {
    (resolved as { stride: unknown }).stride = resolved.poolSize;
  }
  return resolved;
}

/**
 * The value a field takes when the layer leaves it out, as the inspector shows it greyed: resolved from the rest of
 * the layer (never from the field's own value), with the field it follows when it has no fixed default.
 */
export function fieldDefault(layer: LayerSpec, key: string): { value: unknown; follows?: string } | undefined {
  const def = layerDef(layer.type);
  const field = def.fields.find((f) => f.key === key);
  if (!field || field.required) return undefined;
  const rest = { ...layer } as Record<string, unknown>;
  delete rest[key];
  const value = (resolveLayer(rest as unknown as LayerSpec) as unknown as Record<string, unknown>)[key];
  return def.category === 'pooling' && key === 'stride' ? { value, follows: 'the pool size' } : { value };
}

/**
 * A new layer of this kind, as the palette adds it. A pooling layer leaves its stride out, so the stride follows
 * the pool size when that is edited (an explicit 2 would make a 3-wide pool overlap without a word).
 */
export function newLayer<K extends LayerKind>(kind: K): LayerSpec {
  const layer = { type: kind, ...JSON.parse(JSON.stringify(layerDef(kind).defaults)) } as Record<string, unknown>;
  if (layerDef(kind).category === 'pooling') delete layer.stride;
  return layer as unknown as LayerSpec;
}

/** Whether the layer kind owns trainable parameters. */
export function hasParameters(kind: LayerKind): boolean {
  return layerDef(kind).fields.some((f) => f.key === 'trainable');
}
