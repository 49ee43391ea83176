// Pooling kernels (shaders/pool2d_forward.wgsl, shaders/pool2d_backward.wgsl, shaders/global_avg_pool.wgsl):
// max / average / L2 pooling forward and backward over NHWC, and global average pooling, matching
// src/model/reference/pool.ts (argmax = flat NHWC index into x over the whole batch; padding left out of averages).

import { effectiveKernel, type WindowGeometry } from '../../model/geometry.ts';
import type { PoolKind } from '../../model/spec.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch, type UniformValue } from './kernel.ts';

export type { PoolKind };

/** Invocations per workgroup (the shaders' WG). */
export const POOL_WORKGROUP = 64;

function checkPositive(name: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values))
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${k} must be a positive integer, got ${v}`);
}

function checkGeometry(name: string, g: WindowGeometry, batch: number): void {
  const [H, W, C] = g.input;
  const [OH, OW, OC] = g.output;
  checkPositive(name, { batch, H, W, C, OH, OW, KH: g.kernel[0], KW: g.kernel[1], SH: g.stride[0], SW: g.stride[1], DH: g.dilation[0], DW: g.dilation[1] });
  if (OC !== C) throw new Error(`${name}: output channels (${OC}) must equal input channels (${C})`);
  for (const p of g.padding) if (!Number.isInteger(p) || p < 0) throw new Error(`${name}: padding must be a non-negative integer, got ${p}`);
}

/**
 * The pool2d shaders' Params in declaration order: count, lanes, channels, H, W, OH, OW, KH, KW, SH, SW, PH, PW, DH, DW.
 * Every invocation owns a group of 4 channels (lanes = ceil(C/4); all C, lanes = 1, for the ALL_CHANNELS entry points)
 * of one pixel: an output pixel (forward, and the tiled backward, which writes that output's block of dx) or an input
 * pixel (gather backward).
 */
export function poolUniforms(g: WindowGeometry, batch: number, perOutputPixel: boolean, entry = ''): UniformValue[] {
  const [H, W, C] = g.input;
  const [OH, OW] = g.output;
  // The scalar 2x2 entry points take all channels of a pixel per invocation.
  const lanes = ALL_CHANNELS.includes(entry) ? 1 : Math.ceil(C / 4);
  const pixels = perOutputPixel ? OH * OW : H * W;
  return [batch * pixels * lanes, lanes, C, H, W, OH, OW, ...g.kernel, ...g.stride, ...g.padding, ...g.dilation];
}

/** Entry points whose invocation owns every channel of its pixel rather than four (lanes = 1). */
const ALL_CHANNELS = ['maxpool2x2', 'maxgrad2x2'];

/** The lean max path: 2x2 windows at stride 2, no padding, no dilation, so every window is whole and they tile the input. */
function isPlain2x2(g: WindowGeometry): boolean {
  return [...g.kernel, ...g.stride].every((v) => v === 2) && g.padding.every((v) => v === 0) && g.dilation.every((v) => v === 1);
}

/** Windows never overlap (stride ≥ effective window on both axes): backward runs per output block, not per input pixel. */
export function windowsTile(g: WindowGeometry): boolean {
  return [0, 1].every((i) => g.stride[i]! >= effectiveKernel(g.kernel[i]!, g.dilation[i]!));
}

/**
 * The entry point that runs: _vec4 (vec4 loads/stores) when C % 4 == 0, scalar loads of the same 4-channel groups
 * otherwise; the lean 2x2 forward (and backward, on even sizes) for plain max pooling; the tiled backward when windows
 * never overlap.
 */
export function poolEntryPoint(kind: PoolKind, direction: 'forward' | 'backward', g: WindowGeometry): string {
  const vectorized = g.input[2] % 4 === 0;
  const suffix = vectorized ? '_vec4' : '';
  if (direction === 'forward') {
    if (kind === 'maxpool2d') return isPlain2x2(g) ? `maxpool2x2${suffix}` : `maxpool${suffix}`;
    return `sumpool${suffix}`;
  }
  // Even sizes: the 2x2 windows cover every input pixel, so the lean backward writes all of dx.
  if (kind === 'maxpool2d' && isPlain2x2(g) && g.input[0] % 2 === 0 && g.input[1] % 2 === 0) return `maxgrad2x2${suffix}`;
  const name = { maxpool2d: 'maxgrad', avgpool2d: 'avggrad', l2pool2d: 'l2grad' } as const satisfies Record<PoolKind, string>;
  return `${name[kind]}${windowsTile(g) ? '_tiled' : ''}${suffix}`;
}

async function prepare(
  cache: PipelineCache,
  shader: string,
  entryPoint: string,
  uniforms: UniformValue[],
  buffers: BufferRef[],
  label: string,
  constants: Record<string, number | boolean> = {},
): Promise<KernelDispatch> {
  const count = uniforms[0] as number;
  const kernel = await prepareKernel(cache, {
    shader,
    entryPoint,
    constants: { WG: POOL_WORKGROUP, ...constants },
    uniforms,
    buffers,
    workgroups: workgroups1d(count, POOL_WORKGROUP),
    label,
  });
  return { encode: kernel.encode, destroy: kernel.destroy };
}

/** y = pool(x) for x [batch,H,W,C] → y [batch,OH,OW,C]; max pooling also writes argmax (i32, flat index into x). */
export async function preparePoolForward(
  cache: PipelineCache,
  a: {
    kind: PoolKind;
    geometry: WindowGeometry;
    batch: number;
    x: BufferRef;
    y: BufferRef;
    /** required for max: i32 index into x (flat NHWC index over the whole batch) of each output's max; -1 if the window saw only padding */
    argmax?: BufferRef | null;
  },
): Promise<KernelDispatch> {
  const g = a.geometry;
  checkGeometry(`${a.kind} forward`, g, a.batch);
  const entry = poolEntryPoint(a.kind, 'forward', g);
  const uniforms = poolUniforms(g, a.batch, true, entry);
  const label = `${a.kind} forward`;
  switch (a.kind) {
    case 'maxpool2d':
      if (!a.argmax) throw new Error('maxpool2d forward: an argmax buffer is required (backward routes gradients through it)');
      return prepare(cache, 'pool2d_forward', entry, uniforms, [a.x, a.y, a.argmax], label);
    case 'avgpool2d':
    case 'l2pool2d':
      return prepare(cache, 'pool2d_forward', entry, uniforms, [a.x, a.y], label, { L2: a.kind === 'l2pool2d' });
    default:
      return a.kind satisfies never;
  }
}

/** dx [batch,H,W,C] from dy [batch,OH,OW,C]; every dx element is written. Max needs argmax; L2 needs x and y. */
export async function preparePoolBackward(
  cache: PipelineCache,
  a: {
    kind: PoolKind;
    geometry: WindowGeometry;
    batch: number;
    dy: BufferRef;
    dx: BufferRef;
    argmax?: BufferRef | null;
    /** L2 needs the forward input and output; max pooling the output. */
    x?: BufferRef | null;
    y?: BufferRef | null;
    /** Max pooling: fold in the backward of the ReLU that produced x (dy of a window whose max is 0 is dropped). */
    reluMask?: boolean;
  },
): Promise<KernelDispatch> {
  const g = a.geometry;
  checkGeometry(`${a.kind} backward`, g, a.batch);
  const entry = poolEntryPoint(a.kind, 'backward', g);
  const uniforms = poolUniforms(g, a.batch, windowsTile(g), entry);
  const label = `${a.kind} backward`;
  switch (a.kind) {
    case 'maxpool2d':
      if (!a.argmax || !a.y) throw new Error('maxpool2d backward: the argmax buffer and the output y of the forward pass are required');
      return prepare(cache, 'pool2d_backward', entry, uniforms, [a.dx, a.dy, a.argmax, a.y], label, { RELU_MASK: a.reluMask ?? false });
    case 'avgpool2d':
      return prepare(cache, 'pool2d_backward', entry, uniforms, [a.dx, a.dy], label);
    case 'l2pool2d':
      if (!a.x || !a.y) throw new Error('l2pool2d backward: the forward input x and output y are required');
      return prepare(cache, 'pool2d_backward', entry, uniforms, [a.dx, a.dy, a.x, a.y], label);
    default:
      return a.kind satisfies never;
  }
}

function globalUniforms(name: string, shape: [number, number, number], batch: number, perPixel: boolean): { uniforms: UniformValue[]; suffix: string } {
  const [H, W, C] = shape;
  checkPositive(name, { batch, H, W, C });
  const lanes = Math.ceil(C / 4);
  const pixels = H * W;
  return { uniforms: [batch * (perPixel ? pixels : 1) * lanes, lanes, pixels, C], suffix: C % 4 === 0 ? '_vec4' : '' };
}

/** y [batch,C] = mean over H, W of x [batch,H,W,C]; shape = [H, W, C]. */
export async function prepareGlobalAvgPoolForward(
  cache: PipelineCache,
  a: { shape: [number, number, number]; batch: number; x: BufferRef; y: BufferRef },
): Promise<KernelDispatch> {
  const { uniforms, suffix } = globalUniforms('globalavgpool forward', a.shape, a.batch, false);
  return prepare(cache, 'global_avg_pool', `forward${suffix}`, uniforms, [a.x, a.y], 'globalavgpool forward');
}

/** dx [batch,H,W,C] = dy [batch,C] / (H·W) at every pixel; shape = [H, W, C]. */
export async function prepareGlobalAvgPoolBackward(
  cache: PipelineCache,
  a: { shape: [number, number, number]; batch: number; dy: BufferRef; dx: BufferRef },
): Promise<KernelDispatch> {
  const { uniforms, suffix } = globalUniforms('globalavgpool backward', a.shape, a.batch, true);
  return prepare(cache, 'global_avg_pool', `backward${suffix}`, uniforms, [a.dy, a.dx], 'globalavgpool backward');
}
