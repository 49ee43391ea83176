// The readable CPU reference: every layer's forward and backward on plain typed arrays, the oracle that
// GPU kernels are tested against. Slow on purpose; clarity over speed.

export * from './tensor.ts';
export * from './conv2d.ts';
export * from './pool.ts';
export * from './dense.ts';
export * from './activations.ts';
export * from './batchnorm.ts';
export * from './dropout.ts';
export * from './optimizers.ts';
