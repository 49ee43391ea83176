// The one way every kernel family prepares a dispatch: a cached pipeline, a uniform block written once,
// a bind group over the caller's buffers, and an encode(pass) that allocates nothing (safe inside the step loop).
//
// Binding convention for every shader in shaders/: binding 0 is the `Params` uniform (when the kernel has one),
// then the storage buffers in the order the caller lists them (binding 1, 2, ...).

import type { OverrideConstants, PipelineCache } from '../pipelines.ts';

/** A whole buffer, or a byte range of one (e.g. one tensor inside the flat parameter buffer). */
export type BufferRef = GPUBuffer | { buffer: GPUBuffer; offset?: number; size?: number };

/** A prepared, reusable dispatch. */
export interface KernelDispatch {
  /** Records the dispatch into a compute pass; allocates nothing. */
  encode(pass: GPUComputePassEncoder): void;
  /** Frees what the dispatch owns (its uniform buffer); operand buffers belong to the caller. */
  destroy(): void;
}

/** A uniform value: a u32 unless tagged as f32 or i32. */
export type UniformValue = number | { f32: number } | { i32: number };

export interface KernelOptions {
  /** shaders/<shader>.wgsl */
  shader: string;
  entryPoint?: string;
  constants?: OverrideConstants;
  /** The Params struct's fields in declaration order, each 4 bytes (u32 by default; pad to 16 bytes is automatic). */
  uniforms?: UniformValue[];
  /** Storage buffers bound at 1, 2, ... (0 when there are no uniforms). */
  buffers: BufferRef[];
  /** Workgroup counts [x, y, z]. */
  workgroups: readonly number[];
  label?: string;
}

/** A dispatch whose uniforms can be rewritten between steps (e.g. the step counter of dropout or the optimizer). */
export interface UniformKernelDispatch extends KernelDispatch {
  /** Rewrites uniform fields starting at field `index` (queue.writeBuffer; lands before the next submit). */
  setUniforms(index: number, values: UniformValue[]): void;
}

/** Packs uniform values into a 16-byte-aligned block. */
export function packUniforms(values: UniformValue[]): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.max(16, Math.ceil((values.length * 4) / 16) * 16));
  writeUniformValues(new DataView(bytes), 0, values);
  return bytes;
}

function writeUniformValues(view: DataView, byteOffset: number, values: UniformValue[]): void {
  values.forEach((v, i) => {
    const at = byteOffset + i * 4;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`uniform field ${i}: ${v} is not a u32 (tag floats as { f32 })`);
      view.setUint32(at, v, true);
    } else if ('f32' in v) view.setFloat32(at, v.f32, true);
    else view.setInt32(at, v.i32, true);
  });
}

function bindingResource(ref: BufferRef): GPUBufferBinding {
  // A GPUBuffer has no `buffer` property; a range does.
  return 'buffer' in ref ? { buffer: ref.buffer, offset: ref.offset ?? 0, size: ref.size } : { buffer: ref };
}

/** Splits a 1-D count of workgroups over x and y when it exceeds the per-dimension limit (65535 by default). */
export function workgroups1d(invocations: number, workgroupSize: number, maxPerDimension = 65535): [number, number] {
  const groups = Math.max(1, Math.ceil(invocations / workgroupSize));
  if (groups <= maxPerDimension) return [groups, 1];
  const y = Math.ceil(groups / maxPerDimension);
  return [Math.ceil(groups / y), y];
}

export async function prepareKernel(cache: PipelineCache, o: KernelOptions): Promise<UniformKernelDispatch> {
  const { device } = cache;
  const label = o.label ?? o.shader;
  const pipeline = await cache.pipeline(o.shader, o.entryPoint ?? 'main', o.constants ?? {});
  const entries: GPUBindGroupEntry[] = [];
  let uniformBuffer: GPUBuffer | null = null;
  let uniformView: DataView | null = null;
  if (o.uniforms) {
    const packed = packUniforms(o.uniforms);
    uniformView = new DataView(packed);
    uniformBuffer = device.createBuffer({ label: `${label} params`, size: packed.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniformBuffer, 0, packed);
    entries.push({ binding: 0, resource: { buffer: uniformBuffer } });
  }
  const first = o.uniforms ? 1 : 0;
  o.buffers.forEach((ref, i) => entries.push({ binding: first + i, resource: bindingResource(ref) }));
  const bindGroup = device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
  const [x = 1, y = 1, z = 1] = o.workgroups;
  return {
    encode(pass) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, y, z);
    },
    setUniforms(index, values) {
      if (!uniformBuffer || !uniformView) throw new Error(`${label}: kernel has no uniforms`);
      writeUniformValues(uniformView, index * 4, values);
      device.queue.writeBuffer(uniformBuffer, index * 4, uniformView.buffer, index * 4, values.length * 4);
    },
    destroy() {
      uniformBuffer?.destroy();
    },
  };
}
