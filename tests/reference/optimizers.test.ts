// The CPU reference optimizer step against hand-computed values: each kind on three scalars over three steps
// (expected values written out from the textbook formulas in float64), weight decay, and the count prefix.

import { describe, expect, it } from 'vitest';
import { OPTIMIZER_KINDS, optimizerConfig, type OptimizerConfig, type OptimizerKind } from '../../src/model/optimizers.ts';
import { optimizerCoefficients, optimizerStateSlots, optimizerStep } from '../../src/model/reference/index.ts';

const THETA = [0.5, -1, 2];
/** Gradients of steps 1, 2, 3. */
const GRADS = [
  [0.2, -0.4, 1],
  [-0.1, 0.3, 0.5],
  [0.6, 0.05, -2],
];
const LRS = [0.1, 0.05, 0.2];

/** Runs the reference for three steps from THETA with GRADS / LRS; returns params and state in float64. */
function run(config: OptimizerConfig, theta = THETA, grads = GRADS): { params: number[]; state: number[][] } {
  const params = Float32Array.from(theta);
  const state = Array.from({ length: optimizerStateSlots(config.kind) }, () => new Float32Array(theta.length));
  grads.forEach((g, i) => optimizerStep(config, params, Float32Array.from(g), state, i + 1, LRS[i]!));
  return { params: [...params], state: state.map((s) => [...s]) };
}

/** Float64 results of float32 arithmetic: a few ulps of the largest magnitude involved. */
function expectNear(actual: number[], expected: number[], tol = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `index ${i}: got ${a}, expected ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}

describe('optimizerStep: each kind over three steps', () => {
  it('sgd: θ ← θ − lr·g, written out', () => {
    // θ1 = θ0 − 0.1·g1,  θ2 = θ1 − 0.05·g2,  θ3 = θ2 − 0.2·g3
    const expected = [0.5 - 0.02 + 0.005 - 0.12, -1 + 0.04 - 0.015 - 0.01, 2 - 0.1 - 0.025 + 0.4];
    expectNear(run(optimizerConfig({ kind: 'sgd' })).params, expected);
  });

  it('momentum: v ← μv − lr·g; θ ← θ + v, written out for the first element', () => {
    const { params, state } = run(optimizerConfig({ kind: 'momentum', momentum: 0.5 }));
    const v1 = -0.1 * 0.2; // -0.02
    const v2 = 0.5 * v1 - 0.05 * -0.1; // -0.005
    const v3 = 0.5 * v2 - 0.2 * 0.6; // -0.1225
    expect(params[0]).toBeCloseTo(0.5 + v1 + v2 + v3, 6);
    expect(state[0]![0]).toBeCloseTo(v3, 7);
  });

  it('nesterov: θ ← θ + μv − lr·g with the new v, written out for the first element', () => {
    const { params, state } = run(optimizerConfig({ kind: 'nesterov', momentum: 0.5 }));
    const v1 = -0.02;
    const t1 = 0.5 + 0.5 * v1 - 0.1 * 0.2; // 0.47
    const v2 = 0.5 * v1 + 0.05 * 0.1; // -0.005
    const t2 = t1 + 0.5 * v2 + 0.05 * 0.1; // 0.4725
    const v3 = 0.5 * v2 - 0.2 * 0.6;
    const t3 = t2 + 0.5 * v3 - 0.2 * 0.6;
    expect(params[0]).toBeCloseTo(t3, 6);
    expect(state[0]![0]).toBeCloseTo(v3, 7);
  });

  /** Independent float64 transcriptions of the formulas, element by element. */
  const textbook: Record<OptimizerKind, (c: OptimizerConfig, theta: number, gs: number[]) => { theta: number; state: number[] }> = {
    sgd: (c, th, gs) => {
      gs.forEach((g, i) => (th -= LRS[i]! * (g + c.weightDecay * th)));
      return { theta: th, state: [] };
    },
    momentum: (c, th, gs) => {
      let v = 0;
      gs.forEach((g, i) => {
        v = c.momentum * v - LRS[i]! * (g + c.weightDecay * th);
        th += v;
      });
      return { theta: th, state: [v] };
    },
    nesterov: (c, th, gs) => {
      let v = 0;
      gs.forEach((g, i) => {
        const gd = g + c.weightDecay * th;
        v = c.momentum * v - LRS[i]! * gd;
        th += c.momentum * v - LRS[i]! * gd;
      });
      return { theta: th, state: [v] };
    },
    adagrad: (c, th, gs) => {
      let r = 0;
      gs.forEach((g, i) => {
        const gd = g + c.weightDecay * th;
        r += gd * gd;
        th -= (LRS[i]! * gd) / (c.epsilon + Math.sqrt(r));
      });
      return { theta: th, state: [r] };
    },
    rmsprop: (c, th, gs) => {
      let r = 0;
      gs.forEach((g, i) => {
        const gd = g + c.weightDecay * th;
        r = c.rho * r + (1 - c.rho) * gd * gd;
        th -= (LRS[i]! * gd) / (c.epsilon + Math.sqrt(r));
      });
      return { theta: th, state: [r] };
    },
    adam: (c, th, gs) => {
      let s = 0;
      let r = 0;
      gs.forEach((g, i) => {
        const t = i + 1;
        const gd = g + c.weightDecay * th;
        s = c.beta1 * s + (1 - c.beta1) * gd;
        r = c.beta2 * r + (1 - c.beta2) * gd * gd;
        th -= (LRS[i]! * (s / (1 - c.beta1 ** t))) / (Math.sqrt(r / (1 - c.beta2 ** t)) + c.epsilon);
      });
      return { theta: th, state: [s, r] };
    },
    adamw: (c, th, gs) => {
      let s = 0;
      let r = 0;
      gs.forEach((g, i) => {
        const t = i + 1;
        th *= 1 - LRS[i]! * c.weightDecay;
        s = c.beta1 * s + (1 - c.beta1) * g;
        r = c.beta2 * r + (1 - c.beta2) * g * g;
        th -= (LRS[i]! * (s / (1 - c.beta1 ** t))) / (Math.sqrt(r / (1 - c.beta2 ** t)) + c.epsilon);
      });
      return { theta: th, state: [s, r] };
    },
  };

  for (const kind of OPTIMIZER_KINDS) {
    for (const weightDecay of [0, 0.1]) {
      it(`${kind}${weightDecay ? ' with weight decay 0.1' : ''} matches the float64 formulas`, () => {
        const config = optimizerConfig({ kind, weightDecay, momentum: 0.8, rho: 0.7, beta1: 0.8, beta2: 0.9, epsilon: 1e-6 });
        const { params, state } = run(config);
        const expected = THETA.map((th, j) => textbook[kind](config, th, GRADS.map((g) => g[j]!)));
        expectNear(params, expected.map((e) => e.theta));
        expect(state.length).toBe(optimizerStateSlots(kind));
        state.forEach((slot, k) => expectNear(slot, expected.map((e) => e.state[k]!)));
      });
    }
  }

  it('adagrad and rmsprop: the first step moves each element by lr·g/(δ + |g|) ≈ lr (adagrad) or lr/√(1−ρ) (rmsprop)', () => {
    const p1 = Float32Array.from(THETA);
    optimizerStep(optimizerConfig({ kind: 'adagrad' }), p1, Float32Array.from(GRADS[0]!), [new Float32Array(3)], 1, 0.1);
    expectNear([...p1], [0.4, -0.9, 1.9]);
    const p2 = Float32Array.from(THETA);
    optimizerStep(optimizerConfig({ kind: 'rmsprop', rho: 0.75 }), p2, Float32Array.from(GRADS[0]!), [new Float32Array(3)], 1, 0.1);
    expectNear([...p2], [0.3, -0.8, 1.8]); // r = 0.25·g², √r = |g|/2
  });

  it('adam: the bias-corrected first step moves each element by lr·sign(g)', () => {
    const p = Float32Array.from(THETA);
    const state = [new Float32Array(3), new Float32Array(3)];
    optimizerStep(optimizerConfig({ kind: 'adam' }), p, Float32Array.from(GRADS[0]!), state, 1, 0.1);
    expectNear([...p], [0.4, -0.9, 1.9]);
    expectNear([...state[0]!], [0.02, -0.04, 0.1]); // (1 − β1)·g
    expectNear([...state[1]!], [0.001 * 0.04, 0.001 * 0.16, 0.001]); // (1 − β2)·g²
  });

  it('bias corrections are 1/(1 − β^t) in float64 rounded to f32, and tend to 1', () => {
    const c = optimizerConfig({ kind: 'adam' });
    const k1 = optimizerCoefficients(c, 1, 0.001);
    expect(k1.correction1).toBe(Math.fround(1 / 0.1));
    expect(k1.correction2).toBe(Math.fround(1 / (1 - 0.999)));
    expect(optimizerCoefficients(c, 100000, 0.001).correction2).toBe(1);
  });
});

describe('weight decay', () => {
  const zero = [[0, 0, 0]];

  it('L2 with a zero gradient shrinks θ by lr·λ·θ (sgd) and pushes it by lr·sign(θ) (adam)', () => {
    expectNear(run(optimizerConfig({ kind: 'sgd', weightDecay: 0.5 }), THETA, zero).params, THETA.map((t) => t * (1 - 0.1 * 0.5)));
    expectNear(run(optimizerConfig({ kind: 'adam', weightDecay: 0.5 }), THETA, zero).params, THETA.map((t) => t - 0.1 * Math.sign(t)));
  });

  it('adamw decays θ by (1 − lr·λ) outside the adaptive step: a zero gradient leaves the moments at zero', () => {
    const { params, state } = run(optimizerConfig({ kind: 'adamw', weightDecay: 0.5 }), THETA, zero);
    expectNear(params, THETA.map((t) => t * (1 - 0.1 * 0.5)));
    expect(state).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('changes the result of every kind', () => {
    for (const kind of OPTIMIZER_KINDS) {
      const a = run(optimizerConfig({ kind, weightDecay: 0 })).params;
      const b = run(optimizerConfig({ kind, weightDecay: 0.05 })).params;
      expect(a, kind).not.toEqual(b);
    }
  });
});

describe('count prefix and argument checks', () => {
  it('updates only [0, count): the rest of params and state is untouched', () => {
    for (const kind of OPTIMIZER_KINDS) {
      const n = 7;
      const params = Float32Array.from({ length: n }, (_, i) => i - 3);
      const grads = Float32Array.from({ length: n }, (_, i) => 0.5 - i * 0.1);
      const state = Array.from({ length: optimizerStateSlots(kind) }, () => new Float32Array(n).fill(0.25));
      optimizerStep(optimizerConfig({ kind, weightDecay: 0.01 }), params, grads, state, 1, 0.1, 4);
      expect([...params.subarray(4)], kind).toEqual([1, 2, 3]);
      for (const s of state) expect([...s.subarray(4)], kind).toEqual([0.25, 0.25, 0.25]);
      expect(params.subarray(0, 4).some((v, i) => v !== i - 3), kind).toBe(true);
    }
  });

  it('count 0 is a no-op; a count past the arrays, a wrong number of state arrays or t < 1 throws', () => {
    const c = optimizerConfig({ kind: 'adam' });
    const params = Float32Array.from([1, 2]);
    const state = [new Float32Array(2), new Float32Array(2)];
    optimizerStep(c, params, Float32Array.from([1, 1]), state, 1, 0.1, 0);
    expect([...params]).toEqual([1, 2]);
    expect(() => optimizerStep(c, params, new Float32Array(2), state, 1, 0.1, 3)).toThrow(/count 3 must be an integer in \[0, 2\]/);
    expect(() => optimizerStep(c, params, new Float32Array(2), [new Float32Array(2)], 1, 0.1)).toThrow(/adam optimizer keeps 2 state arrays, got 1/);
    expect(() => optimizerStep(c, params, new Float32Array(2), [new Float32Array(2), new Float32Array(1)], 1, 0.1)).toThrow(/state array 1 has 1 elements/);
    expect(() => optimizerStep(c, params, new Float32Array(2), state, 0, 0.1)).toThrow(/step t must be a positive integer/);
    expect(() => optimizerStep(c, params, new Float32Array(2), state, 1, NaN)).toThrow(/learning rate must be a finite number/);
  });
});
