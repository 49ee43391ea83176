// WebGPU in Node: Dawn from the `webgpu` npm package, the WGSL files read from shaders/, and SwiftShader as the
// Vulkan driver on machines without a GPU. The CLI and the GPU tests get their device from here.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, globals } from 'webgpu';
import { setShaderSource } from '../engine/shaders.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const shaderDir = fileURLToPath(new URL('../../shaders/', import.meta.url));

let gpu: GPU | null = null;

/** True when the machine shows no GPU device node (no /dev/dri render node, no NVIDIA device). */
function noHardwareGpu(): boolean {
  return !existsSync('/dev/dri/renderD128') && !existsSync('/dev/nvidia0');
}

/** Dawn's GPU object (Vulkan backend), created once; WebGPU globals (GPUBufferUsage, ...) are installed too. */
export function nodeGpu(): GPU {
  if (!gpu) {
    // The Vulkan loader reads this when Dawn starts: point it at SwiftShader only where there is no real GPU.
    if (!process.env.VK_ICD_FILENAMES && noHardwareGpu() && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    // Without it the Vulkan loader prints "XDG_RUNTIME_DIR is invalid" on every start (containers, CI).
    if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'convlab-xdg-'));
    Object.assign(globalThis, globals);
    gpu = create(['backend=vulkan']) as unknown as GPU;
  }
  return gpu;
}

/** Makes shaderSource() read shaders/<name>.wgsl from disk (plain Node has no import.meta.glob). */
export function installShaderFiles(): void {
  setShaderSource((name) => readFileSync(`${shaderDir}${name}.wgsl`, 'utf8'));
}
