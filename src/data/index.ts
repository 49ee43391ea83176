// Dataset parsers and types: IDX (MNIST), CIFAR-10 binary batches and tarball, the common dataset and manifest.

export * from './cifar.ts';
export * from './dataset.ts';
export * from './errors.ts';
export * from './gzip.ts';
export * from './idx.ts';
export * from './manifest.ts';
export * from './tar.ts';
export * from './sprite.ts';
export * from './split.ts';
export * from './prepared.ts';
