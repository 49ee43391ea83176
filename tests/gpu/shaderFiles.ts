// Node loader for shaders/*.wgsl (the engine's shaders.ts uses import.meta.glob, which plain Node lacks).
export { installShaderFiles } from '../../src/cli/nodeGpu.ts';
