// Inspector text parsing: every accepted form, and the model's own messages for values it refuses.
import { describe, expect, it } from 'vitest';
import { layerDef, type FieldDef } from '../../src/model/index.ts';
import { formatFieldValue, parseFieldText } from '../../src/model/fieldText.ts';
import { INPUT_SIZE_FIELD } from '../../src/model/parse.ts';

const field = (kind: Parameters<typeof layerDef>[0], key: string): FieldDef => layerDef(kind).fields.find((f) => f.key === key)!;
const stride = field('conv2d', 'stride');
const padding = field('conv2d', 'padding');
const filters = field('conv2d', 'filters');
const rate = field('dropout', 'rate');
const bias = field('conv2d', 'useBias');

describe('parseFieldText', () => {
  it.each([
    ['2', 2],
    [' 3 ', 3],
    ['3, 5', [3, 5]],
    ['3x5', [3, 5]],
    ['[3,5]', [3, 5]],
    ['3 5', [3, 5]],
  ])('reads the pair %j', (text, value) => {
    expect(parseFieldText(stride, text, 0, 'conv2d')).toEqual({ ok: true, value });
  });

  it('reads padding words and numbers', () => {
    expect(parseFieldText(padding, 'Same', 0, 'conv2d')).toEqual({ ok: true, value: 'same' });
    expect(parseFieldText(padding, 'valid', 0, 'conv2d')).toEqual({ ok: true, value: 'valid' });
    expect(parseFieldText(padding, '0', 0, 'conv2d')).toEqual({ ok: true, value: 0 });
  });

  it('gives the model message for a stride of 0, naming the layer', () => {
    const r = parseFieldText(stride, '0', 2, 'conv2d');
    expect(r).toEqual({ ok: false, message: 'Layer 3 (conv2d): stride must be at least 1 (zero or negative values are meaningless here), got 0; use 1 or more.' });
  });

  it.each([
    [stride, '1.5', /stride must be a whole number, got 1.5; use 2/],
    [stride, 'abc', /stride must be a number or two numbers \(height, width\), got "abc"/],
    [stride, '1,2,3', /got "1,2,3"/],
    [padding, 'full', /"same" or "valid", got "full"/],
    [padding, '-1', /padding must be at least 0/],
    [rate, '1', /0 ≤ rate < 1, got 1/],
    [rate, 'half', /rate must be a number, got "half"/],
    [filters, '', /filters is required/],
  ])('refuses %#', (def, text, message) => {
    const r = parseFieldText(def, text, 0, 'conv2d');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it('empty text clears an optional field back to its default', () => {
    expect(parseFieldText(stride, '  ', 0, 'conv2d')).toEqual({ ok: true, value: undefined });
  });

  it('checks the input block with the input rule', () => {
    const height = { ...INPUT_SIZE_FIELD, key: 'height', label: 'Height' };
    expect(parseFieldText(height, '32', null)).toEqual({ ok: true, value: 32 });
    const r = parseFieldText(height, '0', null);
    expect(!r.ok && r.message).toBe('input.height: height must be at least 1 (zero or negative values are meaningless here), got 0; use 1 or more.');
    expect(parseFieldText(height, '5000', null).ok).toBe(false);
  });

  it('reads booleans', () => {
    expect(parseFieldText(bias, 'false', 0, 'conv2d')).toEqual({ ok: true, value: false });
    expect(parseFieldText(bias, 'no', 0, 'conv2d').ok).toBe(false);
  });
});

describe('formatFieldValue', () => {
  it('round-trips through parseFieldText', () => {
    for (const [def, value] of [[stride, [2, 3]], [stride, 2], [padding, 'same'], [rate, 0.25]] as const) {
      expect(parseFieldText(def, formatFieldValue(def, value), 0, 'conv2d')).toEqual({ ok: true, value });
    }
    expect(formatFieldValue(stride, undefined)).toBe('');
  });
});
