// Spec <-> JSON text and <-> URL token: exact round trips, and every malformed input rejected with a SpecError.

import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  canonicalSpec,
  decodeSpecToken,
  encodeSpecToken,
  PRESETS,
  SpecError,
  specFromJSON,
  specToJSON,
  type LayerSpec,
  type NetworkSpec,
} from '../../src/model/index.ts';

/** A token in the current format for any text, valid spec or not. */
function tokenOf(text: string): string {
  return 'n1.' + Buffer.from(deflateSync(strToU8(text), { level: 9 })).toString('base64url');
}

function expectSpecError(f: () => unknown, code?: string): SpecError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SpecError);
  const e = error as SpecError;
  expect(e.issues.length).toBeGreaterThan(0);
  for (const i of e.issues.filter((x) => x.severity === 'error')) expect(typeof i.message).toBe('string');
  expect(e.issues.some((i) => i.severity === 'error')).toBe(true);
  if (code) expect(e.issues.map((i) => i.code)).toContain(code);
  return e;
}

const presetRows = PRESETS.map((p) => [p.id, p.spec] as const);

describe('JSON round trip', () => {
  it.each(presetRows)('%s: specFromJSON(specToJSON(s)) equals the canonical spec', (_id, spec) => {
    const text = specToJSON(spec);
    const back = specFromJSON(text);
    expect(back).toEqual(canonicalSpec(spec));
    expect(back).toEqual(spec);
    // Key order is canonical too, and a second round trip gives the same text.
    expect(Object.keys(back)).toEqual(Object.keys(canonicalSpec(spec)));
    expect(specToJSON(back)).toBe(text);
  });

  it.each(presetRows)('%s: one layer per line, ending in a newline', (_id, spec) => {
    const text = specToJSON(spec);
    expect(text.endsWith('}\n')).toBe(true);
    for (const layer of spec.layers) expect(text).toContain(`    ${JSON.stringify(layer)}`);
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('canonical order puts name and description first, then input and layers', () => {
    const spec = { layers: [{ type: 'relu' }], input: { channels: 1, width: 4, height: 3 }, description: 'd', name: 'n' } as NetworkSpec;
    const c = canonicalSpec(spec);
    expect(Object.keys(c)).toEqual(['name', 'description', 'input', 'layers']);
    expect(Object.keys(c.input)).toEqual(['height', 'width', 'channels']);
    expect(specFromJSON(specToJSON(spec))).toEqual(c);
  });

  it('specFromJSON rejects invalid JSON and invalid specs with a SpecError', () => {
    expectSpecError(() => specFromJSON('{"input": '), 'invalid-json');
    expectSpecError(() => specFromJSON('[]'), 'not-an-object');
    expectSpecError(() => specFromJSON('{"input": {"height": 1, "width": 1, "channels": 1}, "layers": [{"type": "conv"}]}'), 'unknown-layer-type');
  });
});

describe('URL token round trip', () => {
  it.each(presetRows)('%s: decodeSpecToken(encodeSpecToken(s)) equals the canonical spec', (_id, spec) => {
    const token = encodeSpecToken(spec);
    expect(token.startsWith('n1.')).toBe(true);
    expect(token).toMatch(/^n1\.[A-Za-z0-9_-]+$/);
    expect(decodeSpecToken(token)).toEqual(canonicalSpec(spec));
    expect(encodeSpecToken(decodeSpecToken(token))).toBe(token);
  });

  it.each(presetRows)('%s: the token is shorter than the JSON', (_id, spec) => {
    const token = encodeSpecToken(spec);
    expect(token.length).toBeLessThan(JSON.stringify(spec).length);
    expect(token.length).toBeLessThan(specToJSON(spec).length);
  });

  it('a token built independently (Node base64url of deflate-raw) decodes', () => {
    const spec = PRESETS[0]!.spec;
    expect(decodeSpecToken(tokenOf(JSON.stringify(spec)))).toEqual(canonicalSpec(spec));
  });
});

describe('decodeSpecToken rejects malformed tokens with a SpecError', () => {
  const good = encodeSpecToken(PRESETS.find((p) => p.id === 'vgg16')!.spec);

  it.each([
    ['empty', ''],
    ['garbage', 'hello world'],
    ['JSON instead of a token', JSON.stringify(PRESETS[0]!.spec)],
    ['wrong prefix n2.', 'n2.' + good.slice(3)],
    ['no prefix', good.slice(3)],
    ['upper-case prefix', 'N1.' + good.slice(3)],
    ['prefix only', 'n1.'],
    ['bad characters', 'n1.abc$def'],
    ['standard base64 characters', 'n1.' + good.slice(3, 40) + '+/=='],
    ['whitespace inside', 'n1.' + good.slice(3, 20) + ' ' + good.slice(20)],
    ['impossible base64 length', 'n1.A'],
    ['random base64url', 'n1.QUJDREVGR0hJSktMTU5PUA'],
    ['too long', 'n1.' + 'A'.repeat(20_001)],
  ])('%s', (_name, token) => {
    const e = expectSpecError(() => decodeSpecToken(token));
    expect(e.issues.every((i) => i.severity === 'error')).toBe(true);
  });

  it.each([1, 2, 3, 5, 10, Math.floor(good.length / 2), good.length - 4])('truncated by %i characters', (cut) => {
    expectSpecError(() => decodeSpecToken(good.slice(0, good.length - cut)));
  });

  it.each([
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"lenet5"'],
    ['an array', '[{"type": "relu"}]'],
    ['an empty object', '{}'],
    ['missing layers', '{"input": {"height": 28, "width": 28, "channels": 1}}'],
    ['a bad layer', '{"input": {"height": 28, "width": 28, "channels": 1}, "layers": [{"type": "conv2d", "filters": 0, "kernelSize": 3}]}'],
  ])('valid JSON that is not a spec: %s', (_name, text) => {
    const e = expectSpecError(() => decodeSpecToken(tokenOf(text)));
    expect(e.issues.some((i) => i.severity === 'error')).toBe(true);
    expect(e.issues.map((i) => i.code)).not.toContain('bad-link');
  });

  it('text that is not JSON inside a good envelope', () => {
    expectSpecError(() => decodeSpecToken(tokenOf('{"input": ')), 'bad-link');
    expectSpecError(() => decodeSpecToken(tokenOf('not json at all')), 'bad-link');
  });

  it('a non-string token', () => {
    expectSpecError(() => decodeSpecToken(42 as unknown as string), 'bad-link');
    expectSpecError(() => decodeSpecToken(undefined as unknown as string), 'bad-link');
  });
});

// --- Property tests ----------------------------------------------------------------------------------

const pair = (min: number, max: number) => fc.oneof(fc.integer({ min, max }), fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })));
const padding = fc.oneof(pair(0, 3), fc.constantFrom('valid' as const, 'same' as const));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Drops keys whose value is undefined, as JSON would. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const convArb: fc.Arbitrary<LayerSpec> = fc
  .record({
    filters: fc.integer({ min: 1, max: 64 }),
    kernelSize: pair(1, 7),
    stride: maybe(pair(1, 4)),
    padding: maybe(padding),
    dilation: maybe(pair(1, 3)),
    groups: maybe(fc.integer({ min: 1, max: 4 })),
    useBias: maybe(fc.boolean()),
    trainable: maybe(fc.boolean()),
  })
  .map((r) => compact({ type: 'conv2d' as const, ...r }));

const poolArb: fc.Arbitrary<LayerSpec> = fc
  .record({
    type: fc.constantFrom('maxpool2d' as const, 'avgpool2d' as const, 'l2pool2d' as const),
    poolSize: maybe(pair(1, 4)),
    stride: maybe(pair(1, 4)),
    padding: maybe(fc.oneof(pair(0, 2), fc.constant('valid' as const))),
  })
  .map((r) => compact(r));

const denseArb: fc.Arbitrary<LayerSpec> = fc
  .record({ units: fc.integer({ min: 1, max: 4096 }), useBias: maybe(fc.boolean()), trainable: maybe(fc.boolean()) })
  .map((r) => compact({ type: 'dense' as const, ...r }));

const rate = fc.integer({ min: 0, max: 99 }).map((n) => n / 100);
const activationArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.constantFrom<LayerSpec>({ type: 'relu' }, { type: 'tanh' }, { type: 'sigmoid' }, { type: 'softmax' }, { type: 'flatten' }, { type: 'globalavgpool' }),
  rate.map((alpha): LayerSpec => ({ type: 'leakyrelu', alpha })),
  fc.integer({ min: 0, max: 100 }).map((n): LayerSpec => ({ type: 'elu', alpha: n / 10 })),
  maybe(rate).map((r): LayerSpec => compact({ type: 'dropout' as const, rate: r })),
  fc.record({ momentum: maybe(rate), trainable: maybe(fc.boolean()) }).map((r): LayerSpec => compact({ type: 'batchnorm' as const, ...r })),
);

const specArb: fc.Arbitrary<NetworkSpec> = fc
  .record({
    name: maybe(fc.string({ unit: 'binary', maxLength: 30 })),
    description: maybe(fc.string({ maxLength: 80 })),
    input: fc.record({ height: fc.integer({ min: 1, max: 4096 }), width: fc.integer({ min: 1, max: 4096 }), channels: fc.integer({ min: 1, max: 4096 }) }),
    layers: fc.array(fc.oneof(convArb, poolArb, denseArb, activationArb), { minLength: 1, maxLength: 20 }),
  })
  .map((r) => compact(r));

describe('properties', () => {
  it('analyze never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const a = analyze(value);
        expect(typeof a.ok).toBe('boolean');
        expect(Array.isArray(a.issues)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('analyze never throws on spec-shaped JSON with random layers', () => {
    const layer = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('type', 'filters', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'units', 'poolSize', 'rate'), fc.jsonValue()));
    fc.assert(
      fc.property(fc.record({ input: fc.oneof(fc.jsonValue(), fc.record({ height: fc.jsonValue(), width: fc.jsonValue(), channels: fc.jsonValue() })), layers: fc.array(layer, { maxLength: 8 }) }), (value) => {
        analyze(value);
      }),
      { numRuns: 500 },
    );
  });

  it('analyze never throws on valid-ish specs, and reports a layer or an error for each', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const a = analyze(spec);
        if (a.ok) expect(a.layers).toHaveLength(spec.layers.length);
        else expect(a.issues.some((i) => i.severity === 'error')).toBe(true);
        for (const l of a.layers) {
          expect(l.params).toBe(l.weights + l.biases);
          expect(l.activationBytes).toBe(4 * l.outputShape[0] * l.outputShape[1] * l.outputShape[2]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('decodeSpecToken throws only SpecError on random strings', () => {
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), b64.map((s) => 'n1.' + s), fc.string().map((s) => 'n1.' + s)), (token) => {
        try {
          decodeSpecToken(token);
        } catch (e) {
          expect(e).toBeInstanceOf(SpecError);
          expect((e as SpecError).issues.some((i) => i.severity === 'error')).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('decodeSpecToken throws only SpecError on deflated random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeSpecToken(tokenOf(JSON.stringify(value)));
        } catch (e) {
          expect(e).toBeInstanceOf(SpecError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('random specs round-trip exactly through the token and through JSON', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const canonical = canonicalSpec(spec);
        expect(canonical).toEqual(spec);
        const token = encodeSpecToken(spec);
        expect(token).toMatch(/^n1\.[A-Za-z0-9_-]*$/);
        expect(decodeSpecToken(token)).toEqual(canonical);
        expect(specFromJSON(specToJSON(spec))).toEqual(canonical);
        expect(specToJSON(specFromJSON(specToJSON(spec)))).toBe(specToJSON(spec));
      }),
      { numRuns: 300 },
    );
  });
});
