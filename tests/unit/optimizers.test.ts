// Optimizer configuration (defaults, validation messages, state slots) and learning-rate schedules.

import { describe, expect, it } from 'vitest';
import {
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_FIELDS,
  OPTIMIZER_KINDS,
  learningRateAt,
  optimizerConfig,
  optimizerStateSlots,
  scheduleConfig,
  type OptimizerKind,
} from '../../src/model/optimizers.ts';

describe('optimizerConfig', () => {
  it('has the usual library defaults per kind', () => {
    expect(OPTIMIZER_DEFAULTS.sgd).toMatchObject({ learningRate: 0.01, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.momentum).toMatchObject({ learningRate: 0.01, momentum: 0.9, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.nesterov).toMatchObject({ learningRate: 0.01, momentum: 0.9, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.adagrad).toMatchObject({ learningRate: 0.01, epsilon: 1e-10, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.rmsprop).toMatchObject({ learningRate: 0.001, rho: 0.9, epsilon: 1e-8, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.adam).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    expect(OPTIMIZER_DEFAULTS.adamw).toMatchObject({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
    for (const kind of OPTIMIZER_KINDS) {
      expect(OPTIMIZER_DEFAULTS[kind].kind).toBe(kind);
      expect(optimizerConfig({ kind })).toEqual(OPTIMIZER_DEFAULTS[kind]);
      expect(OPTIMIZER_FIELDS[kind]).toContain('learningRate');
    }
  });

  it('fills the defaults of the kind around the given fields; undefined means "default"', () => {
    expect(optimizerConfig({ kind: 'adam', learningRate: 0.01 })).toEqual({ ...OPTIMIZER_DEFAULTS.adam, learningRate: 0.01 });
    expect(optimizerConfig({ kind: 'momentum', momentum: 0, learningRate: undefined })).toEqual({ ...OPTIMIZER_DEFAULTS.momentum, momentum: 0 });
    // Weight decay defaults to 0 except for adamw, whose point is decoupled decay.
    expect(optimizerConfig({ ...OPTIMIZER_DEFAULTS.adamw, kind: 'adamw' }).weightDecay).toBe(0.01);
    expect(optimizerConfig({ kind: 'adam' }).weightDecay).toBe(0);
  });

  const bad: [string, Partial<Record<string, number>>, RegExp][] = [
    ['learningRate 0', { learningRate: 0 }, /adam optimizer: learningRate must be a finite number > 0, got 0/],
    ['learningRate NaN', { learningRate: NaN }, /learningRate must be a finite number > 0, got NaN/],
    ['learningRate Infinity', { learningRate: Infinity }, /learningRate must be a finite number > 0, got Infinity/],
    ['momentum 1', { momentum: 1 }, /momentum must be a finite number in \[0, 1\), got 1/],
    ['momentum -0.1', { momentum: -0.1 }, /momentum must be a finite number in \[0, 1\), got -0.1/],
    ['beta1 1', { beta1: 1 }, /beta1 must be a finite number in \[0, 1\), got 1/],
    ['beta2 1.5', { beta2: 1.5 }, /beta2 must be a finite number in \[0, 1\), got 1.5/],
    ['rho -1', { rho: -1 }, /rho must be a finite number in \[0, 1\), got -1/],
    ['epsilon 0', { epsilon: 0 }, /epsilon must be a finite number > 0, got 0/],
    ['weightDecay -0.01', { weightDecay: -0.01 }, /weightDecay must be a finite number ≥ 0, got -0.01/],
  ];
  for (const [name, fields, message] of bad) {
    it(`rejects ${name} with a message naming the field and its range`, () => {
      expect(() => optimizerConfig({ kind: 'adam', ...fields })).toThrow(message);
    });
  }

  it('accepts the edges of the ranges', () => {
    expect(() => optimizerConfig({ kind: 'nesterov', momentum: 0, weightDecay: 0 })).not.toThrow();
    expect(() => optimizerConfig({ kind: 'adam', beta1: 0, beta2: 0.999999, epsilon: 1e-30 })).not.toThrow();
  });

  it('rejects an unknown kind and a non-number field', () => {
    expect(() => optimizerConfig({ kind: 'lion' as OptimizerKind })).toThrow(/optimizer kind must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, got lion/);
    expect(() => optimizerConfig({ kind: 'sgd', learningRate: '0.1' as unknown as number })).toThrow(/learningRate must be a finite number > 0, got 0.1/);
  });

  it('counts the state arrays each kind keeps', () => {
    expect(OPTIMIZER_KINDS.map(optimizerStateSlots)).toEqual([0, 1, 1, 1, 1, 2, 2]);
  });
});

describe('learning-rate schedules', () => {
  it('constant: the base rate at every step', () => {
    const s = scheduleConfig({ kind: 'constant' });
    expect(s).toEqual({ kind: 'constant' });
    for (const step of [0, 1, 999, 1e6]) expect(learningRateAt(0.1, s, step)).toBe(0.1);
  });

  it('step: multiplies by gamma every everySteps steps', () => {
    const s = scheduleConfig({ kind: 'step', everySteps: 10, gamma: 0.5 });
    expect(learningRateAt(0.1, s, 0)).toBe(0.1);
    expect(learningRateAt(0.1, s, 9)).toBe(0.1);
    expect(learningRateAt(0.1, s, 10)).toBe(0.05);
    expect(learningRateAt(0.1, s, 19)).toBe(0.05);
    expect(learningRateAt(0.1, s, 20)).toBe(0.025);
    expect(learningRateAt(0.1, s, 35)).toBeCloseTo(0.0125, 15);
  });

  it('cosine: base at step 0, the mean of base and min halfway, min at totalSteps and after', () => {
    const s = scheduleConfig({ kind: 'cosine', totalSteps: 100, minLearningRate: 0.001 });
    expect(learningRateAt(0.1, s, 0)).toBe(0.1);
    expect(learningRateAt(0.1, s, 50)).toBeCloseTo((0.1 + 0.001) / 2, 15);
    expect(learningRateAt(0.1, s, 25)).toBeCloseTo(0.001 + 0.099 * (1 + Math.SQRT1_2) / 2, 15);
    expect(learningRateAt(0.1, s, 100)).toBeCloseTo(0.001, 15);
    expect(learningRateAt(0.1, s, 1000)).toBeCloseTo(0.001, 15);
    // Monotone non-increasing in between.
    for (let k = 1; k <= 100; k++) expect(learningRateAt(0.1, s, k)).toBeLessThanOrEqual(learningRateAt(0.1, s, k - 1));
  });

  it('treats a negative step as step 0', () => {
    expect(learningRateAt(0.1, scheduleConfig({ kind: 'cosine', totalSteps: 10 }), -1)).toBe(0.1);
    expect(learningRateAt(0.1, scheduleConfig({ kind: 'step', everySteps: 1, gamma: 0.5 }), -3)).toBe(0.1);
  });

  it('fills defaults and drops fields of other kinds', () => {
    expect(scheduleConfig({ kind: 'step' })).toEqual({ kind: 'step', everySteps: 1000, gamma: 0.5 });
    expect(scheduleConfig({ kind: 'cosine', totalSteps: 50 })).toEqual({ kind: 'cosine', totalSteps: 50, minLearningRate: 0 });
    expect(scheduleConfig({ kind: 'constant', gamma: 0.1 } as never)).toEqual({ kind: 'constant' });
  });

  it('validates with clear messages', () => {
    expect(() => scheduleConfig({ kind: 'step', everySteps: 0, gamma: 0.5 })).toThrow(/step schedule: everySteps must be a positive integer, got 0/);
    expect(() => scheduleConfig({ kind: 'step', everySteps: 2.5 })).toThrow(/everySteps must be a positive integer, got 2.5/);
    expect(() => scheduleConfig({ kind: 'step', everySteps: 10, gamma: 0 })).toThrow(/step schedule: gamma must be a finite number in \(0, 1\], got 0/);
    expect(() => scheduleConfig({ kind: 'step', everySteps: 10, gamma: 2 })).toThrow(/gamma must be a finite number in \(0, 1\], got 2/);
    expect(() => scheduleConfig({ kind: 'cosine', totalSteps: 0 })).toThrow(/cosine schedule: totalSteps must be a positive integer, got 0/);
    expect(() => scheduleConfig({ kind: 'cosine', totalSteps: 10, minLearningRate: -1 })).toThrow(/cosine schedule: minLearningRate must be a finite number ≥ 0, got -1/);
    expect(() => scheduleConfig({ kind: 'linear' } as never)).toThrow(/schedule kind must be one of constant, step, cosine, got linear/);
  });
});
