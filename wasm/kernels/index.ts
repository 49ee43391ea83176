// The wasm engine's entry: one dispatcher that every thread calls with the same (op, args) and its own part, and
// the op numbers, exported as globals so the host reads them from the module (never a second copy of the table).
// Memory is imported (shared between threads in the threaded build); the host allocates everything above heapBase().

import { batchNormBackward, batchNormEval, batchNormTrain } from './batchnorm';
import { biasGrad, convForward, convWeightGrad, packBackward, packForward, place } from './conv';
import { activationBackward, activationForward, dropoutForward, multiply } from './elementwise';
import { gatherBatch } from './gather';
import { softmaxBackward, softmaxCrossEntropy, softmaxForward } from './loss';
import { optimizerStep } from './optimizer';
import { globalPoolBackward, globalPoolForward, poolBackward, poolForward } from './pool';

export const OP_CONV_FORWARD: i32 = 1;
export const OP_CONV_WEIGHT_GRAD: i32 = 2;
export const OP_BIAS_GRAD: i32 = 3;
export const OP_PLACE: i32 = 4;
export const OP_PACK_FORWARD: i32 = 5;
export const OP_PACK_BACKWARD: i32 = 6;
export const OP_ACTIVATION_FORWARD: i32 = 7;
export const OP_ACTIVATION_BACKWARD: i32 = 8;
export const OP_DROPOUT_FORWARD: i32 = 9;
export const OP_MULTIPLY: i32 = 10;
export const OP_BATCHNORM_TRAIN: i32 = 11;
export const OP_BATCHNORM_EVAL: i32 = 12;
export const OP_BATCHNORM_BACKWARD: i32 = 13;
export const OP_POOL_FORWARD: i32 = 14;
export const OP_POOL_BACKWARD: i32 = 15;
export const OP_GLOBAL_POOL_FORWARD: i32 = 16;
export const OP_GLOBAL_POOL_BACKWARD: i32 = 17;
export const OP_SOFTMAX_CROSS_ENTROPY: i32 = 18;
export const OP_SOFTMAX_FORWARD: i32 = 19;
export const OP_SOFTMAX_BACKWARD: i32 = 20;
export const OP_OPTIMIZER_STEP: i32 = 21;
export const OP_GATHER_BATCH: i32 = 22;

/** First byte the host may use (above the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Whether this build uses relaxed SIMD's fused multiply-add. */
export function relaxedSimd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/** Runs part `part` of `parts` of kernel `op` on the arguments at `args`. */
export function run(op: i32, args: usize, part: i32, parts: i32): void {
  switch (op) {
    case OP_CONV_FORWARD: convForward(args, part, parts); break;
    case OP_CONV_WEIGHT_GRAD: convWeightGrad(args, part, parts); break;
    case OP_BIAS_GRAD: biasGrad(args, part, parts); break;
    case OP_PLACE: place(args, part, parts); break;
    case OP_PACK_FORWARD: packForward(args, part, parts); break;
    case OP_PACK_BACKWARD: packBackward(args, part, parts); break;
    case OP_ACTIVATION_FORWARD: activationForward(args, part, parts); break;
    case OP_ACTIVATION_BACKWARD: activationBackward(args, part, parts); break;
    case OP_DROPOUT_FORWARD: dropoutForward(args, part, parts); break;
    case OP_MULTIPLY: multiply(args, part, parts); break;
    case OP_BATCHNORM_TRAIN: batchNormTrain(args, part, parts); break;
    case OP_BATCHNORM_EVAL: batchNormEval(args, part, parts); break;
    case OP_BATCHNORM_BACKWARD: batchNormBackward(args, part, parts); break;
    case OP_POOL_FORWARD: poolForward(args, part, parts); break;
    case OP_POOL_BACKWARD: poolBackward(args, part, parts); break;
    case OP_GLOBAL_POOL_FORWARD: globalPoolForward(args, part, parts); break;
    case OP_GLOBAL_POOL_BACKWARD: globalPoolBackward(args, part, parts); break;
    case OP_SOFTMAX_CROSS_ENTROPY: softmaxCrossEntropy(args, part, parts); break;
    case OP_SOFTMAX_FORWARD: softmaxForward(args, part, parts); break;
    case OP_SOFTMAX_BACKWARD: softmaxBackward(args, part, parts); break;
    case OP_OPTIMIZER_STEP: optimizerStep(args, part, parts); break;
    case OP_GATHER_BATCH: gatherBatch(args, part, parts); break;
    default: unreachable();
  }
}
