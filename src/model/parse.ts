// Turns untrusted JSON (a file, a URL, the editor) into a NetworkSpec, collecting every problem with a fix.

import { checkField, type FieldDef } from './fields.ts';
import { clip } from './format.ts';
import { closest, issue, SpecError, hasErrors, type SpecIssue } from './issues.ts';
import { LAYER_DEFS, layerDef } from './registry.ts';
import { isLayerKind, LAYER_KINDS, type NetworkSpec } from './spec.ts';

const TOP_KEYS = ['name', 'description', 'input', 'layers'];
const INPUT_KEYS = ['height', 'width', 'channels'] as const;
/** The rule for input.height, input.width and input.channels. */
export const INPUT_SIZE_FIELD: FieldDef = { key: 'size', label: 'size', kind: 'int', min: 1, max: 4096, help: '' };
const MAX_LAYERS = 500;
/** Deepest nesting of arrays and objects a spec may have (a real one is 4 deep: spec, layers, layer, [h, w]). */
export const MAX_SPEC_DEPTH = 32;
const TOO_DEEP = `the spec nests arrays or objects more than ${MAX_SPEC_DEPTH} levels deep (a real spec has 4); it is not a network spec, check the file.`;

/** Whether `value` nests deeper than `max`, found without recursion (so 100,000 nested arrays cannot overflow the stack). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let seen = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    if (++seen > 1_000_000) return true; // far beyond any real spec: refuse rather than walk forever
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ParseResult {
  /** Present when the structure is usable (it may still have shape errors; see analyze). */
  spec: NetworkSpec | null;
  issues: SpecIssue[];
}

/** Validates the structure and every field; shape problems are found later by analyze(). */
export function parseSpec(value: unknown): ParseResult {
  const issues: SpecIssue[] = [];
  const top = { layerIndex: null };
  if (nestsDeeperThan(value, MAX_SPEC_DEPTH)) {
    issues.push(issue('error', 'too-deep', top, TOO_DEEP));
    return { spec: null, issues };
  }
  if (!isObject(value)) {
    issues.push(issue('error', 'not-an-object', top, `a network spec must be a JSON object with "input" and "layers", got ${Array.isArray(value) ? 'an array' : typeof value}.`));
    return { spec: null, issues };
  }
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.includes(key)) {
      const hint = closest(key, TOP_KEYS);
      issues.push(issue('error', 'unknown-field', { layerIndex: null, field: clip(key) }, `unknown top-level field "${clip(key)}"${hint ? `; did you mean "${hint}"?` : `; allowed: ${TOP_KEYS.join(', ')}.`}`));
    }
  }
  for (const key of ['name', 'description'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') {
      issues.push(issue('error', 'not-a-string', { layerIndex: null, field: key }, `must be a string, got ${typeof value[key]}.`));
    }
  }
  const input = value.input;
  if (!isObject(input)) {
    issues.push(issue('error', 'missing-input', { layerIndex: null, field: 'input' },
      `missing or not an object; give the image size, e.g. "input": {"height": 28, "width": 28, "channels": 1}.`));
  } else {
    for (const key of Object.keys(input)) {
      if (!(INPUT_KEYS as readonly string[]).includes(key)) {
        const hint = closest(key, INPUT_KEYS);
        issues.push(issue('error', 'unknown-field', { layerIndex: null, field: `input.${clip(key)}` }, `unknown field${hint ? `; did you mean "input.${hint}"?` : `; allowed: ${INPUT_KEYS.join(', ')}.`}`));
      }
    }
    for (const key of INPUT_KEYS) {
      if (input[key] === undefined) {
        issues.push(issue('error', 'missing-field', { layerIndex: null, field: `input.${key}` }, `missing; give the input ${key} as a whole number.`));
        continue;
      }
      const problem = checkField({ ...INPUT_SIZE_FIELD, key, label: key }, input[key], { layerIndex: null });
      if (problem) issues.push({ ...problem, field: `input.${key}`, message: `input.${problem.message}` });
    }
  }
  const layers = value.layers;
  if (!Array.isArray(layers)) {
    issues.push(issue('error', 'missing-layers', { layerIndex: null, field: 'layers' }, `missing or not an array; list the layers, e.g. "layers": [{"type": "conv2d", "filters": 6, "kernelSize": 5}].`));
  } else if (layers.length > MAX_LAYERS) {
    issues.push(issue('error', 'too-many-layers', { layerIndex: null, field: 'layers' }, `${layers.length} layers is more than the ${MAX_LAYERS} ConvLab supports.`));
  } else {
    layers.forEach((layer, index) => issues.push(...checkLayer(layer, index)));
  }
  if (hasErrors(issues)) return { spec: null, issues };
  return { spec: value as unknown as NetworkSpec, issues };
}

/** Problems in one layer object's type and fields. */
export function checkLayer(layer: unknown, index: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (!isObject(layer)) {
    return [issue('error', 'not-an-object', { layerIndex: index, layerType: '?' }, `each layer must be an object such as {"type": "relu"}, got ${clip(JSON.stringify(layer) ?? typeof layer)}.`)];
  }
  const type = layer.type;
  if (!isLayerKind(type)) {
    const shown = clip(typeof type === 'string' ? type : type === undefined ? 'no type' : (JSON.stringify(type) ?? typeof type));
    const hint = typeof type === 'string' ? closest(type, LAYER_KINDS) : undefined;
    const fix = hint ? `did you mean "${hint}"?` : `use one of ${LAYER_KINDS.join(', ')}.`;
    const text = type === undefined ? `missing "type"; ${fix}` : `unknown layer type "${shown}"; ${fix}`;
    return [issue('error', 'unknown-layer-type', { layerIndex: index, layerType: shown }, text)];
  }
  const def = LAYER_DEFS[type];
  const where = { layerIndex: index, layerType: type };
  const keys = def.fields.map((f) => f.key);
  for (const key of Object.keys(layer)) {
    if (key === 'type' || keys.includes(key)) continue;
    const hint = closest(key, keys);
    const allowed = keys.length ? `fields of ${type}: ${keys.join(', ')}` : `${type} takes no fields`;
    issues.push(issue('error', 'unknown-field', { ...where, field: clip(key) }, `unknown field "${clip(key)}"${hint ? `; did you mean "${hint}"?` : `; ${allowed}.`}`));
  }
  for (const field of def.fields) {
    const value = layer[field.key];
    if (value === undefined) {
      if (field.required) {
        issues.push(issue('error', 'missing-field', { ...where, field: field.key }, `missing required field "${field.key}" (${field.label}: ${field.help}); add e.g. "${field.key}": ${JSON.stringify((layerDef(type).defaults as Record<string, unknown>)[field.key])}.`));
      }
      continue;
    }
    const problem = checkField(field, value, where);
    if (problem) issues.push(problem);
  }
  return issues;
}

/** Whether JSON text nests brackets deeper than `max`, scanned before JSON.parse (whose recursion a deep text overflows). */
export function jsonTextNestsDeeperThan(text: string, max = MAX_SPEC_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Parses JSON text, turning a syntax error into an issue that gives the position. */
export function parseSpecText(text: string): ParseResult {
  if (jsonTextNestsDeeperThan(text)) return { spec: null, issues: [issue('error', 'too-deep', { layerIndex: null }, TOO_DEEP)] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { spec: null, issues: [issue('error', 'invalid-json', { layerIndex: null }, `the spec is not valid JSON (${clip(detail, 200)}).`)] };
  }
  return parseSpec(value);
}

/** parseSpec that throws a SpecError listing every problem. */
export function parseSpecOrThrow(value: unknown): NetworkSpec {
  const { spec, issues } = parseSpec(value);
  if (!spec) throw new SpecError(issues);
  return spec;
}

