// The CPU reference optimizer step: every kind's update rule, in place on Float32Arrays, in float32 arithmetic with
// the same operation order as shaders/optimizer.wgsl, so the GPU kernel can be checked against it to ~1e-6.
//
// Update rules (g the gradient of the step, lr the scheduled learning rate ε, δ = epsilon, t the 1-based step).
// Source: the course's lecture notes on MLP optimization, which follow Goodfellow, Bengio & Courville, Deep Learning,
// ch. 8, algorithms 8.1-8.7 (notation "v ← αv − εg; θ ← θ + v"), in the forms PyTorch and Keras ship:
//   sgd       θ ← θ − lr·g
//   momentum  v ← μv − lr·g;  θ ← θ + v
//   nesterov  v ← μv − lr·g;  θ ← θ + μv − lr·g
//             (Sutskever et al. 2013's reformulation: the notes' look-ahead gradient at θ + μv, rewritten in terms
//             of the gradient at θ, so one backward pass per step; the same as PyTorch's nesterov=True with v = −lr·buf)
//   adagrad   r ← r + g²;  θ ← θ − lr·g / (δ + √r)         (the notes print "θ ← θ + Δθ" with Δθ = +ε·g/(δ+√r): a sign slip)
//   rmsprop   r ← ρr + (1−ρ)g²;  θ ← θ − lr·g / (δ + √r)
//   adam      s ← β1·s + (1−β1)·g;  r ← β2·r + (1−β2)·g²;  ŝ = s/(1−β1^t), r̂ = r/(1−β2^t);  θ ← θ − lr·ŝ / (√r̂ + δ)
//   adamw     θ ← θ·(1 − lr·λ) first (decoupled weight decay, Loshchilov & Hutter 2019, as PyTorch AdamW), then adam
// Weight decay λ for every kind but adamw is L2: g ← g + λθ before the update.
//
// Float32 agreement with the shader: every scalar the host derives (1−β, 1−lr·λ, the bias corrections
// 1/(1−β^t)) is computed once in float64 by optimizerCoefficients() and rounded to f32, exactly as the kernel's
// uniforms are; each arithmetic operation below is rounded with Math.fround, which for +, −, ×, ÷ and √ of f32
// values gives the correctly rounded f32 result.

import { optimizerStateSlots, type OptimizerConfig } from '../optimizers.ts';

export { optimizerStateSlots } from '../optimizers.ts';

/** The per-step scalars of the update, each already rounded to f32 (the shader's Params uniform holds the same). */
export interface OptimizerCoefficients {
  lr: number;
  /** λ for the L2 form (0 for adamw, which decays through `decay`). */
  l2: number;
  /** 1 − lr·λ for adamw; 1 otherwise. */
  decay: number;
  momentum: number;
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  rho: number;
  oneMinusRho: number;
  epsilon: number;
  /** 1 / (1 − β1^t) */
  correction1: number;
  /** 1 / (1 − β2^t) */
  correction2: number;
}

/** The f32 scalars for step t (1-based) at learning rate lr; validates t and lr. */
export function optimizerCoefficients(config: OptimizerConfig, t: number, lr: number): OptimizerCoefficients {
  if (!Number.isInteger(t) || t < 1) throw new Error(`optimizer: step t must be a positive integer (1-based), got ${t}`);
  if (!(Number.isFinite(lr) && lr >= 0)) throw new Error(`optimizer: learning rate must be a finite number ≥ 0, got ${lr}`);
  const f = Math.fround;
  const decoupled = config.kind === 'adamw';
  return {
    lr: f(lr),
    l2: f(decoupled ? 0 : config.weightDecay),
    decay: f(decoupled ? 1 - lr * config.weightDecay : 1),
    momentum: f(config.momentum),
    beta1: f(config.beta1),
    oneMinusBeta1: f(1 - config.beta1),
    beta2: f(config.beta2),
    oneMinusBeta2: f(1 - config.beta2),
    rho: f(config.rho),
    oneMinusRho: f(1 - config.rho),
    epsilon: f(config.epsilon),
    correction1: f(1 / (1 - config.beta1 ** t)),
    correction2: f(1 / (1 - config.beta2 ** t)),
  };
}

/**
 * One optimizer step in place over elements [0, count) (default: all of params): params and the state arrays
 * (optimizerStateSlots(kind) of them, each ≥ count long, zero before the first step) are updated, grads is read.
 * t is the 1-based step number (Adam's bias correction), lr the scheduled learning rate.
 */
export function optimizerStep(config: OptimizerConfig, params: Float32Array, grads: Float32Array, state: Float32Array[], t: number, lr: number, count = params.length): void {
  const slots = optimizerStateSlots(config.kind);
  if (state.length !== slots) throw new Error(`${config.kind} optimizer keeps ${slots} state arrays, got ${state.length}`);
  if (!Number.isInteger(count) || count < 0 || count > params.length || count > grads.length)
    throw new Error(`optimizer: count ${count} must be an integer in [0, ${Math.min(params.length, grads.length)}] (params ${params.length}, grads ${grads.length})`);
  for (const [i, s] of state.entries()) if (s.length < count) throw new Error(`optimizer: state array ${i} has ${s.length} elements, fewer than count ${count}`);
  const k = optimizerCoefficients(config, t, lr);
  const f = Math.fround;
  const s0 = state[0] ?? new Float32Array(0);
  const s1 = state[1] ?? new Float32Array(0);
  for (let i = 0; i < count; i++) {
    let p = params[i]!;
    let g = grads[i]!;
    // Same branch structure as update() in the shader.
    if (config.kind === 'adamw') p = f(p * k.decay);
    else g = f(g + f(k.l2 * p));
    switch (config.kind) {
      case 'sgd':
        params[i] = f(p - f(k.lr * g));
        break;
      case 'momentum': {
        const v = f(f(k.momentum * s0[i]!) - f(k.lr * g));
        s0[i] = v;
        params[i] = f(p + v);
        break;
      }
      case 'nesterov': {
        const lg = f(k.lr * g);
        const v = f(f(k.momentum * s0[i]!) - lg);
        s0[i] = v;
        params[i] = f(f(p + f(k.momentum * v)) - lg);
        break;
      }
      case 'adagrad': {
        const r = f(s0[i]! + f(g * g));
        s0[i] = r;
        params[i] = f(p - f(f(k.lr * g) / f(k.epsilon + f(Math.sqrt(r)))));
        break;
      }
      case 'rmsprop': {
        const r = f(f(k.rho * s0[i]!) + f(k.oneMinusRho * f(g * g)));
        s0[i] = r;
        params[i] = f(p - f(f(k.lr * g) / f(k.epsilon + f(Math.sqrt(r)))));
        break;
      }
      case 'adam':
      case 'adamw': {
        const s = f(f(k.beta1 * s0[i]!) + f(k.oneMinusBeta1 * g));
        const r = f(f(k.beta2 * s1[i]!) + f(k.oneMinusBeta2 * f(g * g)));
        s0[i] = s;
        s1[i] = r;
        params[i] = f(p - f(f(k.lr * f(s * k.correction1)) / f(f(Math.sqrt(f(r * k.correction2))) + k.epsilon)));
        break;
      }
      default:
        config.kind satisfies never;
    }
  }
}
