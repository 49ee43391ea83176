// The pure network model: specs, layer definitions, shape arithmetic, validation, presets, serialisation.

export * from './spec.ts';
export * from './geometry.ts';
export * from './issues.ts';
export * from './fields.ts';
export * from './parse.ts';
export * from './analyze.ts';
export * from './registry.ts';
export * from './presets.ts';
export * from './serialize.ts';
export * from './format.ts';
export type { LayerDef, LayerCategory, Resolved, TensorDef } from './layers/types.ts';
