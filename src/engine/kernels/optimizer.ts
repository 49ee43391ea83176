// Optimizer step kernel (shaders/optimizer.wgsl): one dispatch updates params[0, count) and the optimizer state in
// place from the gradients. The host derives every per-step scalar (optimizerCoefficients, shared with the CPU
// reference) so the GPU and src/model/reference/optimizers.ts agree to float32 rounding.

import { OPTIMIZER_KINDS, optimizerConfig, optimizerStateSlots, type OptimizerConfig } from '../../model/optimizers.ts';
import { optimizerCoefficients } from '../../model/reference/optimizers.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch, type UniformValue } from './kernel.ts';

export interface OptimizerDispatch extends KernelDispatch {
  /** Before each step's submit: t (1-based, for Adam's bias correction) and the scheduled learning rate. */
  setStep(t: number, lr: number): void;
  /** Whether the vec4 entry point runs (count % 4 == 0). */
  readonly vectorized: boolean;
}

export interface OptimizerArgs {
  config: OptimizerConfig;
  /** Elements updated: the trainable prefix of the flat parameter buffer. */
  count: number;
  params: BufferRef;
  grads: BufferRef;
  /** optimizerStateSlots(kind) buffers of ≥ count f32, zero-initialised by the caller. */
  state: BufferRef[];
}

export const OPTIMIZER_WORKGROUP = 256;
/** Index of the first per-step field (lr, decay, correction1, correction2) in the shader's Params. */
const STEP_FIELD = 10;

/** The Params uniform for step t at learning rate lr, in the WGSL struct's field order. */
export function optimizerUniforms(config: OptimizerConfig, count: number, t: number, lr: number): UniformValue[] {
  const k = optimizerCoefficients(config, t, lr);
  const constant = [k.l2, k.momentum, k.beta1, k.oneMinusBeta1, k.beta2, k.oneMinusBeta2, k.rho, k.oneMinusRho, k.epsilon];
  return [count, ...constant.map((f32) => ({ f32 })), ...stepUniforms(config, t, lr)];
}

function stepUniforms(config: OptimizerConfig, t: number, lr: number): UniformValue[] {
  const k = optimizerCoefficients(config, t, lr);
  return [k.lr, k.decay, k.correction1, k.correction2].map((f32) => ({ f32 }));
}

export async function prepareOptimizer(cache: PipelineCache, a: OptimizerArgs): Promise<OptimizerDispatch> {
  const config = optimizerConfig(a.config);
  const { count } = a;
  if (!Number.isInteger(count) || count < 1) throw new Error(`optimizer: count must be a positive integer, got ${count}`);
  const slots = optimizerStateSlots(config.kind);
  if (a.state.length !== slots) throw new Error(`${config.kind} optimizer keeps ${slots} state buffers, got ${a.state.length}`);
  // The shader has one layout with two state bindings; unused ones get disjoint ranges of one small buffer (two
  // writable bindings of the same range would be rejected as aliasing). The shader never touches them.
  const placeholder =
    slots < 2 ? cache.device.createBuffer({ label: 'optimizer no-state', size: 256 + 16, usage: GPUBufferUsage.STORAGE }) : null;
  const unused = placeholder ? [{ buffer: placeholder, offset: 0, size: 16 }, { buffer: placeholder, offset: 256, size: 16 }] : [];
  const state = [...a.state, ...unused.slice(slots)].slice(0, 2);
  const vectorized = count % 4 === 0;
  const kernel = await prepareKernel(cache, {
    shader: 'optimizer',
    entryPoint: vectorized ? 'main_vec4' : 'main',
    constants: { KIND: OPTIMIZER_KINDS.indexOf(config.kind), WG: OPTIMIZER_WORKGROUP },
    uniforms: optimizerUniforms(config, count, 1, config.learningRate),
    buffers: [a.params, a.grads, ...state],
    workgroups: workgroups1d(Math.ceil(count / 4), OPTIMIZER_WORKGROUP),
    label: `optimizer ${config.kind}`,
  });
  return {
    vectorized,
    encode: kernel.encode,
    setStep(t, lr) {
      kernel.setUniforms(STEP_FIELD, stepUniforms(config, t, lr));
    },
    destroy() {
      kernel.destroy();
      placeholder?.destroy();
    },
  };
}
