// Compute pipeline cache keyed by shader name, entry point and override constants.
// Shader modules are created inside a validation error scope, so a WGSL compile error becomes an Error naming the shader.

import { shaderSource } from './shaders.ts';

export type OverrideConstants = Record<string, number | boolean>;

function constantsKey(constants: OverrideConstants): string {
  return Object.keys(constants)
    .sort()
    .map((k) => `${k}=${Number(constants[k])}`)
    .join(',');
}

function toGpuConstants(constants: OverrideConstants): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(constants)) out[k] = Number(v);
  return out;
}

export class PipelineCache {
  private readonly modules = new Map<string, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();
  /** Kernel variants chosen by timing on this device (src/engine/gpu/tune.ts), by layer shape. */
  readonly tuned = new Map<string, string | number>();
  /** Told when a tuning starts timing variants (the build's progress); set by the backend during its build. */
  onTuning: ((key: string) => void) | null = null;

  constructor(readonly device: GPUDevice) {}

  /** The compiled module of shaders/<name>.wgsl; rejects with the compiler's messages on a WGSL error. */
  module(name: string): Promise<GPUShaderModule> {
    let m = this.modules.get(name);
    if (!m) {
      m = this.compile(name);
      this.modules.set(name, m);
      m.catch(() => this.modules.delete(name));
    }
    return m;
  }

  /** A cached compute pipeline (layout 'auto') for the entry point with these override constants. */
  pipeline(name: string, entryPoint: string, constants: OverrideConstants = {}): Promise<GPUComputePipeline> {
    const key = `${name}:${entryPoint}:${constantsKey(constants)}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.create(name, entryPoint, constants);
      this.pipelines.set(key, p);
      p.catch(() => this.pipelines.delete(key));
    }
    return p;
  }

  private async compile(name: string): Promise<GPUShaderModule> {
    const code = shaderSource(name);
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label: name, code });
    const info = await module.getCompilationInfo();
    const scopeError = await this.device.popErrorScope();
    const errors = info.messages.filter((m) => m.type === 'error').map((m) => `${name}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}`);
    if (errors.length > 0 || scopeError) {
      throw new Error(`WGSL shader "${name}" failed to compile:\n${errors.length > 0 ? errors.join('\n') : scopeError!.message}`);
    }
    return module;
  }

  private async create(name: string, entryPoint: string, constants: OverrideConstants): Promise<GPUComputePipeline> {
    const module = await this.module(name);
    try {
      return await this.device.createComputePipelineAsync({
        label: `${name}:${entryPoint}`,
        layout: 'auto',
        compute: { module, entryPoint, constants: toGpuConstants(constants) },
      });
    } catch (e) {
      throw new Error(`WGSL shader "${name}" entry "${entryPoint}" (${constantsKey(constants)}): pipeline creation failed: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
  }
}

// One cache per device, so rebuilding a network (reset, new settings, restore) compiles nothing it compiled before.
const perDevice = new WeakMap<GPUDevice, PipelineCache>();

export function pipelineCacheFor(device: GPUDevice): PipelineCache {
  let cache = perDevice.get(device);
  if (!cache) {
    cache = new PipelineCache(device);
    perDevice.set(device, cache);
  }
  return cache;
}
