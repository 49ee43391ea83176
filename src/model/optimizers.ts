// Optimizer and learning-rate schedule configuration: the kinds, their defaults, validation, how much state each
// keeps, and the scheduled learning rate at a step. Pure data and arithmetic; the update rules themselves live in
// src/model/reference/optimizers.ts (CPU) and shaders/optimizer.wgsl (GPU).

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export interface OptimizerConfig {
  kind: OptimizerKind;
  /** Base step size ε (the schedule scales it per step). */
  learningRate: number;
  /** μ of momentum, nesterov. */
  momentum: number;
  /** β1 of adam(w): decay of the first-moment average s. */
  beta1: number;
  /** β2 of adam(w): decay of the second-moment average r. */
  beta2: number;
  /** ρ of rmsprop: decay of the squared-gradient average r. */
  rho: number;
  /** δ, the small constant that keeps the adaptive divisions finite. */
  epsilon: number;
  /** λ: decoupled decay θ ← θ·(1 − lr·λ) for adamw, L2 (g ← g + λθ) for every other kind. */
  weightDecay: number;
}

/** Fields shared by every kind; a kind ignores those it does not read (see OPTIMIZER_FIELDS). */
const BASE = { momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, epsilon: 1e-8, weightDecay: 0 } as const;

/** Defaults per kind, as the common deep-learning libraries ship them (PyTorch / Keras). */
export const OPTIMIZER_DEFAULTS: Record<OptimizerKind, OptimizerConfig> = {
  sgd: { ...BASE, kind: 'sgd', learningRate: 0.01 },
  momentum: { ...BASE, kind: 'momentum', learningRate: 0.01 },
  nesterov: { ...BASE, kind: 'nesterov', learningRate: 0.01 },
  adagrad: { ...BASE, kind: 'adagrad', learningRate: 0.01, epsilon: 1e-10 },
  rmsprop: { ...BASE, kind: 'rmsprop', learningRate: 0.001 },
  adam: { ...BASE, kind: 'adam', learningRate: 0.001 },
  adamw: { ...BASE, kind: 'adamw', learningRate: 0.001, weightDecay: 0.01 },
};

/** The hyperparameters each kind reads (for editors that show only the relevant ones). */
export const OPTIMIZER_FIELDS: Record<OptimizerKind, readonly (keyof Omit<OptimizerConfig, 'kind'>)[]> = {
  sgd: ['learningRate', 'weightDecay'],
  momentum: ['learningRate', 'momentum', 'weightDecay'],
  nesterov: ['learningRate', 'momentum', 'weightDecay'],
  adagrad: ['learningRate', 'epsilon', 'weightDecay'],
  rmsprop: ['learningRate', 'rho', 'epsilon', 'weightDecay'],
  adam: ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay'],
  adamw: ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay'],
};

type Range = { min: number; minInclusive: boolean; max: number; maxExclusive: boolean };
const positive: Range = { min: 0, minInclusive: false, max: Infinity, maxExclusive: true };
const nonNegative: Range = { min: 0, minInclusive: true, max: Infinity, maxExclusive: true };
const unit: Range = { min: 0, minInclusive: true, max: 1, maxExclusive: true };

const OPTIMIZER_RANGES: Record<keyof Omit<OptimizerConfig, 'kind'>, Range> = {
  learningRate: positive,
  momentum: unit,
  beta1: unit,
  beta2: unit,
  rho: unit,
  epsilon: positive,
  weightDecay: nonNegative,
};

function describeRange(r: Range): string {
  if (r.max === Infinity) return r.minInclusive ? `≥ ${r.min}` : `> ${r.min}`;
  return `in ${r.minInclusive ? '[' : '('}${r.min}, ${r.max}${r.maxExclusive ? ')' : ']'}`;
}

function inRange(v: number, r: Range): boolean {
  return Number.isFinite(v) && (r.minInclusive ? v >= r.min : v > r.min) && (r.maxExclusive ? v < r.max : v <= r.max);
}

function isOptimizerKind(kind: unknown): kind is OptimizerKind {
  return (OPTIMIZER_KINDS as readonly unknown[]).includes(kind);
}

/** Fills defaults for the kind and validates; throws an Error naming the field and its allowed range. */
export function optimizerConfig(partial: Partial<OptimizerConfig> & { kind: OptimizerKind }): OptimizerConfig {
  if (!isOptimizerKind(partial.kind)) throw new Error(`optimizer kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${String(partial.kind)}`);
  const config: OptimizerConfig = { ...OPTIMIZER_DEFAULTS[partial.kind] };
  // An explicit `undefined` (e.g. an unset CLI flag) means "use the default", not "clear the field".
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  for (const [field, range] of Object.entries(OPTIMIZER_RANGES)) {
    const v: unknown = config[field as keyof typeof OPTIMIZER_RANGES];
    if (typeof v !== 'number' || !inRange(v, range)) throw new Error(`${partial.kind} optimizer: ${field} must be a finite number ${describeRange(range)}, got ${String(v)}`);
  }
  return config;
}

/** How many arrays of the parameter count the optimizer keeps: sgd 0, momentum/nesterov 1 (v), adagrad/rmsprop 1 (r), adam/adamw 2 (s, r). */
export function optimizerStateSlots(kind: OptimizerKind): 0 | 1 | 2 {
  switch (kind) {
    case 'sgd':
      return 0;
    case 'momentum':
    case 'nesterov':
    case 'adagrad':
    case 'rmsprop':
      return 1;
    case 'adam':
    case 'adamw':
      return 2;
    default:
      return kind satisfies never;
  }
}

// ----------------------------------------------------------------------------------------------------------------
// Learning-rate schedules

export type ScheduleConfig =
  | { kind: 'constant' }
  | {
      kind: 'step';
      /** Multiply the learning rate by gamma every `everySteps` steps. */
      everySteps: number;
      gamma: number;
    }
  | {
      kind: 'cosine';
      /** Steps over which the learning rate goes from the base rate down to minLearningRate (then stays there). */
      totalSteps: number;
      minLearningRate: number;
    };

export type ScheduleKind = ScheduleConfig['kind'];
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'step', 'cosine'];

/** A schedule with any of its numeric fields left out (they take SCHEDULE_DEFAULTS). */
export type PartialScheduleConfig = { [K in ScheduleKind]: Partial<Extract<ScheduleConfig, { kind: K }>> & { kind: K } }[ScheduleKind];

export const SCHEDULE_DEFAULTS: { [K in ScheduleKind]: Extract<ScheduleConfig, { kind: K }> } = {
  constant: { kind: 'constant' },
  step: { kind: 'step', everySteps: 1000, gamma: 0.5 },
  cosine: { kind: 'cosine', totalSteps: 1000, minLearningRate: 0 },
};

/** Fills defaults for the kind and validates; throws an Error naming the field and its allowed values. */
export function scheduleConfig(partial: PartialScheduleConfig): ScheduleConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const positiveInteger = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${partial.kind} schedule: ${name} must be a positive integer, got ${v}`);
  };
  switch (partial.kind) {
    case 'constant':
      return { kind: 'constant' };
    case 'step': {
      const s = { ...SCHEDULE_DEFAULTS.step, ...defined, kind: 'step' as const };
      positiveInteger('everySteps', s.everySteps);
      if (!(Number.isFinite(s.gamma) && s.gamma > 0 && s.gamma <= 1)) throw new Error(`step schedule: gamma must be a finite number in (0, 1], got ${s.gamma}`);
      return { kind: 'step', everySteps: s.everySteps, gamma: s.gamma };
    }
    case 'cosine': {
      const s = { ...SCHEDULE_DEFAULTS.cosine, ...defined, kind: 'cosine' as const };
      positiveInteger('totalSteps', s.totalSteps);
      if (!(Number.isFinite(s.minLearningRate) && s.minLearningRate >= 0))
        throw new Error(`cosine schedule: minLearningRate must be a finite number ≥ 0, got ${s.minLearningRate}`);
      return { kind: 'cosine', totalSteps: s.totalSteps, minLearningRate: s.minLearningRate };
    }
    default:
      throw new Error(`schedule kind must be one of ${SCHEDULE_KINDS.join(', ')}, got ${String((partial as { kind: unknown }).kind)}`);
  }
}

/**
 * Learning rate at 0-based step `step` (the step about to run); negative steps count as 0.
 *   constant: base
 *   step:     base · gamma^floor(step / everySteps)
 *   cosine:   min + (base − min) · (1 + cos(π · min(step, total) / total)) / 2   (SGDR, Loshchilov & Hutter 2017,
 *             without restarts: base at step 0, min from step `total` on)
 */
export function learningRateAt(base: number, schedule: ScheduleConfig, step: number): number {
  const s = Math.max(0, step);
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(s / schedule.everySteps);
    case 'cosine': {
      const { totalSteps: total, minLearningRate: min } = schedule;
      return min + ((base - min) * (1 + Math.cos((Math.PI * Math.min(s, total)) / total))) / 2;
    }
    default:
      return schedule satisfies never;
  }
}
