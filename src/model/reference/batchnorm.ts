// Reference batch normalisation per channel (the last axis of NHWC, statistics over N, H and W):
// training forward with batch statistics, its backward, evaluation with running statistics, running update.

/*
 * With M = N·H·W values per channel c:
 *   μ = (1/M) Σ x,  σ² = (1/M) Σ (x - μ)²  (biased, used to normalise),  x̂ = (x - μ)/sqrt(σ² + ε)
 *   y = γ x̂ + β
 * Backward (dy given):
 *   ∂L/∂β = Σ dy      ∂L/∂γ = Σ dy·x̂
 *   ∂L/∂x = γ / (M sqrt(σ² + ε)) · (M dy - Σ dy - x̂ Σ dy·x̂)
 * Evaluation: y = γ (x - runningMean)/sqrt(runningVar + ε) + β.
 * Running update: running = m·running + (1 - m)·batch, where the batch variance fed to runningVar is the
 * UNBIASED one, σ²·M/(M - 1) (PyTorch's convention; σ² itself when M = 1), so runningVar estimates the
 * population variance rather than shrinking it by (M - 1)/M.
 */

import { allocLike, expectLength, type FloatArray } from './tensor.ts';

export interface BatchNormTrainResult<T extends FloatArray> {
  y: T;
  /** Per-channel batch mean. */
  mean: Float64Array;
  /** Per-channel biased batch variance (the one used to normalise). */
  variance: Float64Array;
  /** Per-channel 1 / sqrt(variance + ε). */
  invStd: Float64Array;
  /** Normalised input x̂, kept for backward. */
  xhat: T;
}

function checkChannels(x: FloatArray, channels: number): number {
  if (x.length % channels !== 0 || x.length === 0) throw new Error('batchnorm: length must be a positive multiple of channels');
  return x.length / channels;
}

export function batchNormTrainForward<T extends FloatArray>(x: T, gamma: T, beta: T, channels: number, epsilon: number): BatchNormTrainResult<T> {
  const M = checkChannels(x, channels);
  expectLength('batchnorm gamma', gamma, channels);
  expectLength('batchnorm beta', beta, channels);
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const invStd = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) mean[i % channels]! += x[i]!;
  for (let c = 0; c < channels; c++) mean[c]! /= M;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - mean[i % channels]!;
    variance[i % channels]! += d * d;
  }
  for (let c = 0; c < channels; c++) {
    variance[c]! /= M;
    invStd[c] = 1 / Math.sqrt(variance[c]! + epsilon);
  }
  const xhat = allocLike(x, x.length);
  const y = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    const h = (x[i]! - mean[c]!) * invStd[c]!;
    xhat[i] = h;
    y[i] = gamma[c]! * h + beta[c]!;
  }
  return { y, mean, variance, invStd, xhat };
}

export interface BatchNormGrads<T extends FloatArray> {
  dx: T;
  dgamma: T;
  dbeta: T;
}

/** Backward through the training forward, from its saved x̂ and invStd. */
export function batchNormBackward<T extends FloatArray>(dy: T, xhat: T, invStd: Float64Array, gamma: T, channels: number): BatchNormGrads<T> {
  const M = checkChannels(dy, channels);
  expectLength('batchnorm xhat', xhat, dy.length);
  const sumDy = new Float64Array(channels);
  const sumDyXhat = new Float64Array(channels);
  for (let i = 0; i < dy.length; i++) {
    sumDy[i % channels]! += dy[i]!;
    sumDyXhat[i % channels]! += dy[i]! * xhat[i]!;
  }
  const dx = allocLike(dy, dy.length);
  for (let i = 0; i < dy.length; i++) {
    const c = i % channels;
    dx[i] = ((gamma[c]! * invStd[c]!) / M) * (M * dy[i]! - sumDy[c]! - xhat[i]! * sumDyXhat[c]!);
  }
  const dgamma = allocLike(dy, channels);
  const dbeta = allocLike(dy, channels);
  dgamma.set(sumDyXhat);
  dbeta.set(sumDy);
  return { dx, dgamma, dbeta };
}

export function batchNormEvalForward<T extends FloatArray>(x: T, gamma: T, beta: T, runningMean: FloatArray, runningVar: FloatArray, channels: number, epsilon: number): T {
  checkChannels(x, channels);
  expectLength('batchnorm runningMean', runningMean, channels);
  expectLength('batchnorm runningVar', runningVar, channels);
  const y = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    y[i] = (gamma[c]! * (x[i]! - runningMean[c]!)) / Math.sqrt(runningVar[c]! + epsilon) + beta[c]!;
  }
  return y;
}

/**
 * In place: running = m·running + (1 - m)·batch. `variance` is the biased batch variance from the forward
 * pass and `count` = N·H·W; runningVar receives the unbiased variance·count/(count - 1).
 */
export function batchNormUpdateRunning(runningMean: FloatArray, runningVar: FloatArray, mean: ArrayLike<number>, variance: ArrayLike<number>, count: number, momentum: number): void {
  const correction = count > 1 ? count / (count - 1) : 1;
  for (let c = 0; c < runningMean.length; c++) {
    runningMean[c] = momentum * runningMean[c]! + (1 - momentum) * mean[c]!;
    runningVar[c] = momentum * runningVar[c]! + (1 - momentum) * variance[c]! * correction;
  }
}
