// Inspector text boxes <-> field values: what a user types ("3", "3, 5", "same") becomes a spec value, and every
// value that cannot be used comes back with the model's own message (checkField), never silently changed.

import { checkField, type FieldDef } from './fields.ts';
import { layerName } from './issues.ts';

export type FieldParse = { ok: true; value: unknown } | { ok: false; message: string };

/** The text shown for a value in its field's box: [3, 5] -> "3, 5". */
export function formatFieldValue(def: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (def.kind === 'bool') return value ? 'true' : 'false';
  return String(value);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function toNumber(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null;
}

/** "3" -> 3, "3, 5", "3x5", "[3, 5]" -> [3, 5]; null when it is not one or two numbers. */
function toPair(text: string): number | [number, number] | null {
  const parts = text.replace(/^\[|\]$/g, '').split(/\s*[,x×\s]\s*/i).filter((p) => p !== '');
  const nums = parts.map(toNumber);
  if (nums.some((n) => n === null)) return null;
  if (nums.length === 1) return nums[0]!;
  if (nums.length === 2) return [nums[0]!, nums[1]!];
  return null;
}

/**
 * Parses the text for one field of layer `index` (null for the input block). Empty text clears an optional field
 * (value undefined: the default applies) and is refused for a required one.
 */
export function parseFieldText(def: FieldDef, text: string, index: number | null, layerType?: string): FieldParse {
  const where = index === null ? 'input' : layerName(index, layerType ?? '?');
  const t = text.trim();
  if (t === '') {
    return def.required
      ? { ok: false, message: `${where}: ${def.key} is required; enter ${def.kind === 'pair' ? 'a whole number or two (height, width)' : 'a whole number'}.` }
      : { ok: true, value: undefined };
  }
  let value: unknown;
  switch (def.kind) {
    case 'int':
    case 'number':
      value = toNumber(t);
      if (value === null) return { ok: false, message: `${where}: ${def.key} must be a number, got "${t}".` };
      break;
    case 'pair':
    case 'padding': {
      const word = t.toLowerCase();
      if (def.kind === 'padding' && (word === 'same' || word === 'valid')) {
        value = word;
        break;
      }
      value = toPair(t);
      if (value === null) {
        const allowed = def.kind === 'padding' ? 'a number, two numbers (height, width), "same" or "valid"' : 'a number or two numbers (height, width)';
        return { ok: false, message: `${where}: ${def.key} must be ${allowed}, got "${t}".` };
      }
      break;
    }
    case 'bool':
      if (t !== 'true' && t !== 'false') return { ok: false, message: `${where}: ${def.key} must be true or false, got "${t}".` };
      value = t === 'true';
      break;
    default:
      return def satisfies never;
  }
  const problem = checkField(def, value, { layerIndex: index, layerType });
  if (problem) return { ok: false, message: index === null ? `input.${problem.message}` : problem.message };
  return { ok: true, value };
}
