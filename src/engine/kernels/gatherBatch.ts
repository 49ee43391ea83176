// Batch gather kernel (shaders/gather_batch.wgsl): each training step turns the dataset bytes resident on the GPU into
// a normalised, optionally augmented float batch and its labels, in one dispatch. src/data/augment.ts is the CPU twin.

import { MAX_NORM_CHANNELS, augmentConfig, normalizationTerms, type AugmentConfig, type Normalization } from '../../data/augment.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch, type UniformKernelDispatch, type UniformValue } from './kernel.ts';

export interface GatherDispatch extends KernelDispatch {
  /** before each submit: where in `order` the batch starts, the step (RNG counter) and whether to augment */
  setBatch(offset: number, step: number, training: boolean): void;
}

export const GATHER_WORKGROUP = 64;
/** Index of the `offset` field in the shader's Params (followed by step). */
const OFFSET_FIELD = 8;

/** Bytes a binding covers: the range's size, or the rest of the buffer after its offset. */
function bindingBytes(ref: BufferRef): number {
  if ('buffer' in ref) return ref.size ?? ref.buffer.size - (ref.offset ?? 0);
  return ref.size;
}

function u32Field(what: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`gatherBatch: ${what} must be an integer from 0 to 2³²−1, got ${v}`);
  return v;
}

export async function prepareGatherBatch(
  cache: PipelineCache,
  a: {
    batch: number;
    shape: [number, number, number];
    count: number /* examples in the dataset */;
    /** uint8 NHWC pixels of all examples, packed 4 per u32 little-endian (byte i of the dataset is bits 8·(i%4) of word i/4) */
    images: BufferRef;
    /** u32 [count] */ labels: BufferRef;
    /** u32 example indices for the epoch, length orderLength */ order: BufferRef;
    orderLength: number;
    norm: Normalization;
    augment: AugmentConfig;
    seed: number;
    /** outputs: f32 [batch, H, W, C], u32 [batch] */ x: BufferRef;
    y: BufferRef;
  },
): Promise<GatherDispatch> {
  const [H, W, C] = a.shape;
  for (const [k, v] of Object.entries({ batch: a.batch, height: H, width: W, channels: C, count: a.count, orderLength: a.orderLength })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`gatherBatch: ${k} must be a positive integer, got ${v}`);
  }
  if (C > MAX_NORM_CHANNELS) throw new Error(`gatherBatch: ${C} channels; the kernel supports at most ${MAX_NORM_CHANNELS}`);
  const augment = augmentConfig(a.augment);
  const { mean, invStd } = normalizationTerms(a.norm, C);
  const seed = u32Field('seed', a.seed);

  // The whole dataset is one binding, so it must fit the device's binding limit (the engine requests the adapter's maximum).
  const datasetBytes = Math.ceil((a.count * H * W * C) / 4) * 4;
  const limit = cache.device.limits.maxStorageBufferBindingSize;
  if (datasetBytes > limit) {
    throw new Error(
      `gatherBatch: the dataset's images take ${datasetBytes} bytes (${(datasetBytes / 1e6).toFixed(1)} MB), more than this device's ` +
        `maxStorageBufferBindingSize of ${limit} bytes (${(limit / 1e6).toFixed(1)} MB), the most one binding can hold. ` +
        `Train on fewer examples (a subset of the split) or use a browser/GPU whose adapter offers a larger limit.`,
    );
  }
  const needs: [string, BufferRef, number][] = [
    ['images', a.images, datasetBytes],
    ['labels', a.labels, a.count * 4],
    ['order', a.order, a.orderLength * 4],
    ['x', a.x, a.batch * H * W * C * 4],
    ['y', a.y, a.batch * 4],
  ];
  for (const [name, ref, bytes] of needs) {
    if (bindingBytes(ref) < bytes) throw new Error(`gatherBatch: the ${name} buffer holds ${bindingBytes(ref)} bytes; it needs ${bytes}`);
  }
  // Bind exactly the dataset's bytes, so that a bigger pooled buffer does not trip the limit.
  const images: BufferRef = 'buffer' in a.images ? { buffer: a.images.buffer, offset: a.images.offset ?? 0, size: datasetBytes } : { buffer: a.images, size: datasetBytes };

  // One invocation per output row (b, h).
  const workgroups = workgroups1d(a.batch * H, GATHER_WORKGROUP);
  const padded = (values: Float32Array): UniformValue[] => Array.from({ length: MAX_NORM_CHANNELS }, (_, c) => ({ f32: values[c] ?? 0 }));
  const uniforms: UniformValue[] = [
    a.batch,
    H,
    W,
    a.count,
    a.orderLength,
    augment.shift,
    { f32: augment.noise },
    seed,
    0, // offset } rewritten by setBatch (OFFSET_FIELD)
    0, // step   }
    workgroups[0] * GATHER_WORKGROUP,
    0,
    ...padded(mean),
    ...padded(invStd),
  ];
  // Two specialised pipelines: training compiles in the configured augmentations, evaluation none.
  const prepare = (shift: boolean, flip: boolean, noise: boolean): Promise<UniformKernelDispatch> =>
    prepareKernel(cache, {
      shader: 'gather_batch',
      constants: { WG: GATHER_WORKGROUP, CHANNELS: C, SHIFT: shift, FLIP: flip, NOISE: noise },
      uniforms,
      buffers: [images, a.labels, a.order, a.x, a.y],
      workgroups,
      label: 'gather_batch',
    });
  const train = await prepare(augment.shift > 0, augment.flip, augment.noise > 0);
  const evaluate = await prepare(false, false, false);
  let active = train;
  return {
    encode: (pass) => active.encode(pass),
    destroy() {
      train.destroy();
      evaluate.destroy();
    },
    setBatch(offset, step, training) {
      active = training ? train : evaluate;
      active.setUniforms(OFFSET_FIELD, [u32Field('offset', offset), u32Field('step', step)]);
    },
  };
}

/** Packs uint8 bytes into a Uint32Array (padded with zeros to a multiple of 4 bytes) for upload. */
export function packBytes(bytes: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  // Byte i goes to bits 8·(i%4) of word i/4: little-endian, independent of the host's byte order.
  const whole = bytes.length >> 2;
  for (let i = 0; i < whole; i++) {
    const j = i * 4;
    words[i] = (bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24)) >>> 0;
  }
  for (let j = whole * 4; j < bytes.length; j++) words[j >> 2]! |= bytes[j]! << ((j & 3) * 8);
  return words;
}
