// Every optimizer's update, element-wise in float32 with the operation order of src/model/reference/optimizers.ts
// (no fused multiply-add here, so the result is bit-identical to the reference). The host computes the per-step
// coefficients (optimizerCoefficients) once. A thread owns a range of whole vectors.

import { argF, argI, argP, partStart } from './common';

// Kinds, in the order of OPTIMIZER_KINDS (src/model/optimizers.ts).
const SGD = 0;
const MOMENTUM = 1;
const NESTEROV = 2;
const ADAGRAD = 3;
const RMSPROP = 4;
const ADAM = 5;
const ADAMW = 6;

/**
 * Arguments: 0 params, 1 grads, 2 s0, 3 s1, 4 count (a multiple of 4), 5 kind, then f32: 6 lr, 7 l2, 8 decay,
 * 9 momentum, 10 beta1, 11 oneMinusBeta1, 12 beta2, 13 oneMinusBeta2, 14 rho, 15 oneMinusRho, 16 epsilon,
 * 17 correction1, 18 correction2.
 */
export function optimizerStep(args: usize, part: i32, parts: i32): void {
  const params = argP(args, 0), grads = argP(args, 1), s0 = argP(args, 2), s1 = argP(args, 3);
  const count = argI(args, 4), kind = argI(args, 5);
  const lr = f32x4.splat(argF(args, 6)), l2 = f32x4.splat(argF(args, 7)), decay = f32x4.splat(argF(args, 8));
  const mu = f32x4.splat(argF(args, 9)), b1 = f32x4.splat(argF(args, 10)), ob1 = f32x4.splat(argF(args, 11));
  const b2 = f32x4.splat(argF(args, 12)), ob2 = f32x4.splat(argF(args, 13)), rho = f32x4.splat(argF(args, 14));
  const orho = f32x4.splat(argF(args, 15)), eps = f32x4.splat(argF(args, 16)), c1 = f32x4.splat(argF(args, 17)), c2 = f32x4.splat(argF(args, 18));
  const vecs = count >> 2;
  const v0 = partStart(vecs, part, parts), v1 = partStart(vecs, part + 1, parts);
  for (let v = v0; v < v1; v++) {
    const o = <usize>v << 4;
    let p = v128.load(params + o);
    let g = v128.load(grads + o);
    if (kind == ADAMW) p = f32x4.mul(p, decay);
    else g = f32x4.add(g, f32x4.mul(l2, p));
    if (kind == SGD) {
      p = f32x4.sub(p, f32x4.mul(lr, g));
    } else if (kind == MOMENTUM) {
      const vel = f32x4.sub(f32x4.mul(mu, v128.load(s0 + o)), f32x4.mul(lr, g));
      v128.store(s0 + o, vel);
      p = f32x4.add(p, vel);
    } else if (kind == NESTEROV) {
      const lg = f32x4.mul(lr, g);
      const vel = f32x4.sub(f32x4.mul(mu, v128.load(s0 + o)), lg);
      v128.store(s0 + o, vel);
      p = f32x4.sub(f32x4.add(p, f32x4.mul(mu, vel)), lg);
    } else if (kind == ADAGRAD) {
      const r = f32x4.add(v128.load(s0 + o), f32x4.mul(g, g));
      v128.store(s0 + o, r);
      p = f32x4.sub(p, f32x4.div(f32x4.mul(lr, g), f32x4.add(eps, f32x4.sqrt(r))));
    } else if (kind == RMSPROP) {
      const r = f32x4.add(f32x4.mul(rho, v128.load(s0 + o)), f32x4.mul(orho, f32x4.mul(g, g)));
      v128.store(s0 + o, r);
      p = f32x4.sub(p, f32x4.div(f32x4.mul(lr, g), f32x4.add(eps, f32x4.sqrt(r))));
    } else {
      const s = f32x4.add(f32x4.mul(b1, v128.load(s0 + o)), f32x4.mul(ob1, g));
      const r = f32x4.add(f32x4.mul(b2, v128.load(s1 + o)), f32x4.mul(ob2, f32x4.mul(g, g)));
      v128.store(s0 + o, s);
      v128.store(s1 + o, r);
      p = f32x4.sub(p, f32x4.div(f32x4.mul(lr, f32x4.mul(s, c1)), f32x4.add(f32x4.sqrt(f32x4.mul(r, c2)), eps)));
    }
    v128.store(params + o, p);
  }
  void ADAM;
}
