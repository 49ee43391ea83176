// Node loader for shaders/*.wgsl (the engine's shaders.ts uses import.meta.glob, which plain Node lacks).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setShaderSource } from '../../src/engine/shaders.ts';

const shaderDir = fileURLToPath(new URL('../../shaders/', import.meta.url));

export function installShaderFiles(): void {
  setShaderSource((name) => readFileSync(`${shaderDir}${name}.wgsl`, 'utf8'));
}
