// Element-wise activation kernels (shaders/activation.wgsl): forward y = f(x) and backward dx = dy · f'(x).
// One pipeline per activation kind (an override constant); alpha travels in the uniforms. A vec4 entry point
// runs when count % 4 == 0, a scalar one otherwise.

import { elu, leakyrelu } from '../../model/layers/activations.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch } from './kernel.ts';

export type ActivationKind = 'relu' | 'leakyrelu' | 'elu' | 'tanh' | 'sigmoid';

/** The shader's KIND override for each activation. */
const KIND_CODE = { relu: 0, leakyrelu: 1, elu: 2, tanh: 3, sigmoid: 4 } as const satisfies Record<ActivationKind, number>;

export const ACTIVATION_WORKGROUP = 64;
/** Chunks of four elements per invocation (the shader's VPT): fewer, longer invocations pay on SwiftShader. */
export const ACTIVATION_CHUNKS_PER_INVOCATION = 16;

/** alpha when the caller gives none: the layer's default (slope 0.01 for leakyrelu, scale 1 for elu). */
function alphaOf(kind: ActivationKind, alpha: number | undefined): number {
  if (alpha !== undefined) return alpha;
  if (kind === 'leakyrelu') return leakyrelu.defaults.alpha ?? 0.01;
  if (kind === 'elu') return elu.defaults.alpha ?? 1;
  return 0;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`activation: count must be a positive integer, got ${count}`);
}

async function prepare(
  cache: PipelineCache,
  direction: 'forward' | 'backward',
  kind: ActivationKind,
  alpha: number,
  count: number,
  buffers: BufferRef[],
): Promise<KernelDispatch> {
  checkCount(count);
  const vectorized = count % 4 === 0;
  const kernel = await prepareKernel(cache, {
    shader: 'activation',
    entryPoint: vectorized ? `${direction}_vec4` : direction,
    constants: { WG: ACTIVATION_WORKGROUP, VPT: ACTIVATION_CHUNKS_PER_INVOCATION, KIND: KIND_CODE[kind] },
    uniforms: [count, { f32: alpha }],
    buffers,
    workgroups: workgroups1d(Math.ceil(count / 4), ACTIVATION_WORKGROUP * ACTIVATION_CHUNKS_PER_INVOCATION),
    label: `${kind} ${direction}`,
  });
  return { encode: kernel.encode, destroy: kernel.destroy };
}

/** y = f(x) over `count` elements; alpha is the slope (leakyrelu) or scale (elu), ignored by the others. */
export function prepareActivationForward(
  cache: PipelineCache,
  a: { kind: ActivationKind; alpha?: number; count: number; x: BufferRef; y: BufferRef },
): Promise<KernelDispatch> {
  return prepare(cache, 'forward', a.kind, alphaOf(a.kind, a.alpha), a.count, [a.x, a.y]);
}

/** dx = dy · f'(x) (f' may be computed from x or from y = f(x), whichever the reference uses; both are bound) */
export function prepareActivationBackward(
  cache: PipelineCache,
  a: { kind: ActivationKind; alpha?: number; count: number; x: BufferRef; y: BufferRef; dy: BufferRef; dx: BufferRef },
): Promise<KernelDispatch> {
  return prepare(cache, 'backward', a.kind, alphaOf(a.kind, a.alpha), a.count, [a.x, a.y, a.dy, a.dx]);
}
