// Bad specs: every one is reported (never thrown) with a stable code and a message that names the layer and the bad value.

import { describe, expect, it } from 'vitest';
import { analyze, analyzeOrThrow, parseSpec, parseSpecOrThrow, parseSpecText, SpecError, type SpecIssue } from '../../src/model/index.ts';

const INPUT = { height: 28, width: 28, channels: 1 };
const withLayers = (layers: unknown[], input: unknown = INPUT) => ({ input, layers });

interface BadCase {
  name: string;
  spec: unknown;
  code: string;
  /** The layer the error is about: [0-based index, type]; null for the input or the whole spec. */
  layer: [number, string] | null;
  /** Strings the message must contain (the bad value, the fix). */
  contains: string[];
  field?: string;
}

const CASES: BadCase[] = [
  // Layer types.
  { name: 'unknown type "Conv2D" suggests conv2d', spec: withLayers([{ type: 'Conv2D', filters: 4, kernelSize: 3 }]), code: 'unknown-layer-type', layer: [0, 'Conv2D'], contains: ['"Conv2D"', 'did you mean "conv2d"?'] },
  { name: 'unknown type "maxpool" suggests maxpool2d', spec: withLayers([{ type: 'relu' }, { type: 'maxpool' }]), code: 'unknown-layer-type', layer: [1, 'maxpool'], contains: ['"maxpool"', 'did you mean "maxpool2d"?'] },
  { name: 'unknown type far from any kind lists the kinds', spec: withLayers([{ type: 'transformerblock' }]), code: 'unknown-layer-type', layer: [0, 'transformerblock'], contains: ['"transformerblock"', 'use one of conv2d'] },
  { name: 'missing type', spec: withLayers([{ filters: 4, kernelSize: 3 }]), code: 'unknown-layer-type', layer: [0, 'no type'], contains: ['missing "type"', 'use one of'] },
  { name: 'layer that is not an object', spec: withLayers(['relu']), code: 'not-an-object', layer: [0, '?'], contains: ['"relu"'] },
  // Required fields.
  { name: 'conv2d without filters', spec: withLayers([{ type: 'conv2d', kernelSize: 3 }]), code: 'missing-field', layer: [0, 'conv2d'], contains: ['"filters"'], field: 'filters' },
  { name: 'conv2d without kernelSize', spec: withLayers([{ type: 'conv2d', filters: 6 }]), code: 'missing-field', layer: [0, 'conv2d'], contains: ['"kernelSize"'], field: 'kernelSize' },
  { name: 'dense without units', spec: withLayers([{ type: 'flatten' }, { type: 'dense' }]), code: 'missing-field', layer: [1, 'dense'], contains: ['"units"'], field: 'units' },
  // Numbers.
  { name: 'non-integer stride 2.5', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3, stride: 2.5 }]), code: 'not-an-integer', layer: [0, 'conv2d'], contains: ['2.5'], field: 'stride' },
  { name: 'non-integer filters 2.5', spec: withLayers([{ type: 'conv2d', filters: 2.5, kernelSize: 3 }]), code: 'not-an-integer', layer: [0, 'conv2d'], contains: ['2.5'], field: 'filters' },
  { name: 'non-integer units 2.5', spec: withLayers([{ type: 'dense', units: 2.5 }]), code: 'not-an-integer', layer: [0, 'dense'], contains: ['2.5'], field: 'units' },
  { name: 'zero stride', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3, stride: 0 }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['got 0'], field: 'stride' },
  { name: 'negative stride', spec: withLayers([{ type: 'maxpool2d', stride: -2 }]), code: 'too-small', layer: [0, 'maxpool2d'], contains: ['got -2'], field: 'stride' },
  { name: 'zero kernel', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 0 }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['got 0'], field: 'kernelSize' },
  { name: 'negative kernel in a pair', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: [3, -3] }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['kernelSize[1] (width)', 'got -3'], field: 'kernelSize' },
  { name: 'zero filters', spec: withLayers([{ type: 'conv2d', filters: 0, kernelSize: 3 }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['got 0'], field: 'filters' },
  { name: 'negative filters', spec: withLayers([{ type: 'conv2d', filters: -8, kernelSize: 3 }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['got -8'], field: 'filters' },
  { name: 'negative padding', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3, padding: -1 }]), code: 'too-small', layer: [0, 'conv2d'], contains: ['got -1'], field: 'padding' },
  { name: 'string filters', spec: withLayers([{ type: 'conv2d', filters: '8', kernelSize: 3 }]), code: 'not-a-number', layer: [0, 'conv2d'], contains: ['"8"'], field: 'filters' },
  { name: 'pair of three values', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: [3, 3, 3] }]), code: 'bad-pair', layer: [0, 'conv2d'], contains: ['3 values'], field: 'kernelSize' },
  { name: 'unknown padding word', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'full' }]), code: 'bad-value', layer: [0, 'conv2d'], contains: ['"full"'], field: 'padding' },
  { name: 'useBias not boolean', spec: withLayers([{ type: 'dense', units: 4, useBias: 'yes' }]), code: 'not-a-boolean', layer: [0, 'dense'], contains: ['"yes"'], field: 'useBias' },
  { name: 'dropout rate 1', spec: withLayers([{ type: 'dropout', rate: 1 }]), code: 'out-of-range', layer: [0, 'dropout'], contains: ['got 1'], field: 'rate' },
  { name: 'dropout rate -0.1', spec: withLayers([{ type: 'dropout', rate: -0.1 }]), code: 'out-of-range', layer: [0, 'dropout'], contains: ['got -0.1'], field: 'rate' },
  { name: 'batchnorm momentum 1', spec: withLayers([{ type: 'batchnorm', momentum: 1 }]), code: 'out-of-range', layer: [0, 'batchnorm'], contains: ['got 1'], field: 'momentum' },
  { name: 'leakyrelu alpha 2', spec: withLayers([{ type: 'leakyrelu', alpha: 2 }]), code: 'out-of-range', layer: [0, 'leakyrelu'], contains: ['got 2'], field: 'alpha' },
  // Shapes.
  { name: 'kernel larger than the input', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 7 }], { height: 5, width: 5, channels: 1 }), code: 'kernel-too-large', layer: [0, 'conv2d'], contains: ['7', 'padded input', 'input 5 '], field: 'kernelSize' },
  { name: 'kernel larger than the padded input', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 11, padding: 2 }], { height: 5, width: 5, channels: 1 }), code: 'kernel-too-large', layer: [0, 'conv2d'], contains: ['11', 'padded input', ' 9 ', '2·2'], field: 'kernelSize' },
  { name: 'dilated kernel larger than the input', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3, dilation: 4 }], { height: 8, width: 8, channels: 1 }), code: 'kernel-too-large', layer: [0, 'conv2d'], contains: ['effective 9 with dilation 4'], field: 'kernelSize' },
  {
    name: 'output shrinks to nothing after several pools',
    spec: withLayers([{ type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'flatten' }], { height: 8, width: 8, channels: 3 }),
    code: 'kernel-too-large',
    layer: [3, 'maxpool2d'],
    contains: ['padded input', 'input 1 ', 'fewer downsampling layers'],
    field: 'poolSize',
  },
  { name: 'conv after flatten', spec: withLayers([{ type: 'flatten' }, { type: 'dense', units: 10 }, { type: 'conv2d', filters: 4, kernelSize: 3 }]), code: 'needs-spatial-input', layer: [2, 'conv2d'], contains: ['flat vector of 10 features'] },
  { name: 'pool after global pooling', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'globalavgpool' }, { type: 'maxpool2d' }]), code: 'needs-spatial-input', layer: [2, 'maxpool2d'], contains: ['flat vector of 4 features'] },
  { name: 'groups not dividing channels', spec: withLayers([{ type: 'conv2d', filters: 6, kernelSize: 3, groups: 2 }], { height: 8, width: 8, channels: 3 }), code: 'groups-do-not-divide', layer: [0, 'conv2d'], contains: ['groups 2', '3 input channels'], field: 'groups' },
  { name: 'groups not dividing filters', spec: withLayers([{ type: 'conv2d', filters: 6, kernelSize: 3, groups: 4 }], { height: 8, width: 8, channels: 4 }), code: 'groups-do-not-divide', layer: [0, 'conv2d'], contains: ['groups 4', '6 filters'], field: 'groups' },
  { name: '"same" with an even kernel', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: 4, padding: 'same' }]), code: 'same-needs-odd-kernel', layer: [0, 'conv2d'], contains: ['"same"', 'got 4'], field: 'padding' },
  { name: '"same" with an even kernel width', spec: withLayers([{ type: 'conv2d', filters: 4, kernelSize: [3, 2], padding: 'same' }]), code: 'same-needs-odd-kernel', layer: [0, 'conv2d'], contains: ['got 2'], field: 'padding' },
  { name: 'pool padding more than half the pool size', spec: withLayers([{ type: 'maxpool2d', poolSize: 2, padding: 2 }]), code: 'pool-padding-too-large', layer: [0, 'maxpool2d'], contains: ['padding 2', 'pool size 2', 'at most 1'], field: 'padding' },
  { name: 'avg pool padding 2 with pool 3', spec: withLayers([{ type: 'relu' }, { type: 'avgpool2d', poolSize: 3, padding: 2 }]), code: 'pool-padding-too-large', layer: [1, 'avgpool2d'], contains: ['padding 2', 'pool size 3'], field: 'padding' },
  // Field names.
  { name: 'kernel_size suggests kernelSize', spec: withLayers([{ type: 'conv2d', filters: 4, kernel_size: 3 }]), code: 'unknown-field', layer: [0, 'conv2d'], contains: ['"kernel_size"', 'did you mean "kernelSize"?'], field: 'kernel_size' },
  { name: 'field on a kind with no fields', spec: withLayers([{ type: 'flatten', units: 3 }]), code: 'unknown-field', layer: [0, 'flatten'], contains: ['"units"'], field: 'units' },
  // The input block and the whole spec.
  { name: 'missing input', spec: { layers: [{ type: 'relu' }] }, code: 'missing-input', layer: null, contains: ['input'], field: 'input' },
  { name: 'input channels 0', spec: withLayers([{ type: 'relu' }], { height: 28, width: 28, channels: 0 }), code: 'too-small', layer: null, contains: ['input.channels', 'got 0'], field: 'input.channels' },
  { name: 'input height 2.5', spec: withLayers([{ type: 'relu' }], { height: 2.5, width: 28, channels: 1 }), code: 'not-an-integer', layer: null, contains: ['input.height', '2.5'], field: 'input.height' },
  { name: 'input without width', spec: withLayers([{ type: 'relu' }], { height: 28, channels: 1 }), code: 'missing-field', layer: null, contains: ['input.width'], field: 'input.width' },
  { name: 'input with a misspelt key', spec: withLayers([{ type: 'relu' }], { height: 28, width: 28, channels: 1, chanels: 1 }), code: 'unknown-field', layer: null, contains: ['did you mean "input.channels"?'], field: 'input.chanels' },
  { name: 'spec that is a number', spec: 42, code: 'not-an-object', layer: null, contains: ['number'] },
  { name: 'spec that is null', spec: null, code: 'not-an-object', layer: null, contains: ['object'] },
  { name: 'spec that is a string', spec: 'lenet5', code: 'not-an-object', layer: null, contains: ['string'] },
  { name: 'spec that is an array', spec: [{ type: 'relu' }], code: 'not-an-object', layer: null, contains: ['an array'] },
  { name: 'empty layers', spec: withLayers([]), code: 'no-layers', layer: null, contains: ['no layers'], field: 'layers' },
  { name: 'layers not an array', spec: { input: INPUT, layers: { type: 'relu' } }, code: 'missing-layers', layer: null, contains: ['layers'], field: 'layers' },
  { name: 'misspelt top-level key', spec: { input: INPUT, layers: [{ type: 'relu' }], layer: [] }, code: 'unknown-field', layer: null, contains: ['"layer"', 'did you mean "layers"?'], field: 'layer' },
  { name: 'name not a string', spec: { name: 3, input: INPUT, layers: [{ type: 'relu' }] }, code: 'not-a-string', layer: null, contains: ['number'], field: 'name' },
  { name: 'too many layers', spec: withLayers(Array.from({ length: 501 }, () => ({ type: 'relu' }))), code: 'too-many-layers', layer: null, contains: ['501'], field: 'layers' },
];

function findIssue(issues: SpecIssue[], c: BadCase): SpecIssue | undefined {
  return issues.find((i) => i.code === c.code && i.severity === 'error' && (c.layer === null ? i.layerIndex === null : i.layerIndex === c.layer[0]));
}

describe('bad specs', () => {
  it.each(CASES)('$name → $code', (c) => {
    let result!: ReturnType<typeof analyze>;
    expect(() => {
      result = analyze(c.spec);
    }).not.toThrow();
    expect(result.ok).toBe(false);
    expect(result.spec).toBeNull();
    expect(result.outputShape).toBeNull();
    const found = findIssue(result.issues, c);
    expect(found, JSON.stringify(result.issues, null, 2)).toBeDefined();
    const i = found!;
    if (c.layer) {
      expect(i.layerIndex).toBe(c.layer[0]);
      expect(i.layerType).toBe(c.layer[1]);
      expect(i.message.startsWith(`Layer ${c.layer[0] + 1} (${c.layer[1]}): `)).toBe(true);
    } else {
      expect(i.layerIndex).toBeNull();
    }
    if (c.field !== undefined) expect(i.field).toBe(c.field);
    for (const s of c.contains) expect(i.message).toContain(s);
  });

  it.each(CASES)('$name: analyzeOrThrow throws a SpecError carrying the issue', (c) => {
    let error: unknown;
    try {
      analyzeOrThrow(c.spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const issues = (error as SpecError).issues;
    expect(findIssue(issues, c)).toBeDefined();
    expect((error as SpecError).message).toContain(findIssue(issues, c)!.message);
  });

  it('collects every problem, not just the first', () => {
    const a = analyze(withLayers([{ type: 'conv2d', filters: 0, kernelSize: 3, stride: 2.5 }, { type: 'dense' }, { type: 'Relu' }]));
    const codes = a.issues.map((i) => `${i.layerIndex}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining(['0:too-small', '0:not-an-integer', '1:missing-field', '2:unknown-layer-type']));
    const e = (() => {
      try {
        analyzeOrThrow(withLayers([{ type: 'conv2d', filters: 0, kernelSize: 3, stride: 2.5 }, { type: 'dense' }]));
      } catch (err) {
        return err as SpecError;
      }
      throw new Error('expected a throw');
    })();
    expect(e.message).toMatch(/^3 problems in the network spec:/);
  });

  it('a shape error stops the analysis at that layer but keeps the layers before it', () => {
    const a = analyze(withLayers([{ type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'maxpool2d' }, { type: 'flatten' }], { height: 8, width: 8, channels: 3 }));
    expect(a.layers.map((l) => l.outputShape)).toEqual([[4, 4, 3], [2, 2, 3], [1, 1, 3]]);
  });

  it('warnings alone do not make a spec invalid', () => {
    const a = analyze(withLayers([{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 3 }, { type: 'dense', units: 2 }], { height: 7, width: 7, channels: 1 }));
    expect(a.ok).toBe(true);
    expect(a.issues.map((i) => i.code).sort()).toEqual(['implicit-flatten', 'stride-does-not-fit']);
  });
});

describe('parseSpecText', () => {
  it.each(['', '{', '{"input": }', "{'input': 1}", 'nul', '[1, 2,]'])('invalid JSON %j → invalid-json', (text) => {
    const r = parseSpecText(text);
    expect(r.spec).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.code).toBe('invalid-json');
    expect(r.issues[0]!.severity).toBe('error');
    expect(r.issues[0]!.layerIndex).toBeNull();
    expect(r.issues[0]!.message).toContain('not valid JSON');
  });

  it('valid JSON goes on to spec validation', () => {
    expect(parseSpecText('42').issues[0]!.code).toBe('not-an-object');
    const ok = parseSpecText(JSON.stringify(withLayers([{ type: 'flatten' }, { type: 'dense', units: 10 }])));
    expect(ok.issues).toEqual([]);
    expect(ok.spec).not.toBeNull();
  });
});

describe('parseSpec', () => {
  it('accepts a good spec and returns it', () => {
    const spec = withLayers([{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'relu' }]);
    expect(parseSpec(spec)).toEqual({ spec, issues: [] });
    expect(parseSpecOrThrow(spec)).toBe(spec);
  });

  it('parseSpecOrThrow throws a SpecError for a bad spec', () => {
    expect(() => parseSpecOrThrow({})).toThrow(SpecError);
  });
});
