// Editable layer fields as data: the UI builds its inspector from these and the parser validates with them.

import { issue, type SpecIssue } from './issues.ts';

interface FieldBase {
  key: string;
  /** Short label for the inspector. */
  label: string;
  /** One line of help shown beside the field. */
  help: string;
  /** Present in every spec of this kind (no default). */
  required?: boolean;
}

export type FieldDef =
  | (FieldBase & { kind: 'int'; min: number; max?: number })
  | (FieldBase & { kind: 'pair'; min: number; max?: number })
  | (FieldBase & { kind: 'padding' })
  | (FieldBase & { kind: 'number'; min: number; max: number; maxExclusive?: boolean; step: number })
  | (FieldBase & { kind: 'bool' });

const TRAINABLE_FIELD: FieldDef = {
  key: 'trainable',
  label: 'Trainable',
  kind: 'bool',
  help: 'Untick to freeze this layer (transfer learning: keep early features, retrain the top).',
};
export const trainableField = TRAINABLE_FIELD;

type Where = { layerIndex: number | null; layerType?: string; field?: string };

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function checkInt(value: unknown, min: number, max: number | undefined, key: string, where: Where): SpecIssue | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return issue('error', 'not-a-number', where, `${key} must be a whole number, got ${describe(value)}.`);
  }
  if (!Number.isInteger(value)) {
    return issue('error', 'not-an-integer', where, `${key} must be a whole number, got ${value}; use ${Math.max(min, Math.round(value))}.`);
  }
  if (value < min) {
    const what = min === 1 ? 'at least 1 (zero or negative values are meaningless here)' : `at least ${min}`;
    return issue('error', 'too-small', where, `${key} must be ${what}, got ${value}; use ${min} or more.`);
  }
  if (max !== undefined && value > max) {
    return issue('error', 'too-large', where, `${key} must be at most ${max}, got ${value}.`);
  }
  return null;
}

/** Checks one field's value; returns the problem, or null when it is valid. */
export function checkField(def: FieldDef, value: unknown, where: Omit<Where, 'field'>): SpecIssue | null {
  const at = { ...where, field: def.key };
  const key = def.key;
  switch (def.kind) {
    case 'int':
      return checkInt(value, def.min, def.max, key, at);
    case 'pair':
    case 'padding': {
      if (def.kind === 'padding' && (value === 'valid' || value === 'same')) return null;
      const min = def.kind === 'pair' ? def.min : 0;
      const max = def.kind === 'pair' ? def.max : undefined;
      if (Array.isArray(value)) {
        if (value.length !== 2) {
          return issue('error', 'bad-pair', at, `${key} must be a number or [height, width], got an array of ${value.length} values.`);
        }
        return checkInt(value[0], min, max, `${key}[0] (height)`, at) ?? checkInt(value[1], min, max, `${key}[1] (width)`, at);
      }
      if (typeof value === 'string') {
        const allowed = def.kind === 'padding' ? 'a number, [height, width], "valid" or "same"' : 'a number or [height, width]';
        return issue('error', 'bad-value', at, `${key} must be ${allowed}, got ${describe(value)}.`);
      }
      return checkInt(value, min, max, key, at);
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return issue('error', 'not-a-number', at, `${key} must be a number, got ${describe(value)}.`);
      }
      const tooBig = def.maxExclusive ? value >= def.max : value > def.max;
      if (value < def.min || tooBig) {
        const range = `${def.min} ≤ ${key} ${def.maxExclusive ? '<' : '≤'} ${def.max}`;
        return issue('error', 'out-of-range', at, `${key} must satisfy ${range}, got ${value}.`);
      }
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : issue('error', 'not-a-boolean', at, `${key} must be true or false, got ${describe(value)}.`);
    default:
      return def satisfies never;
  }
}

/** A pair field as [height, width]. */
export function pairOf(value: number | [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}
