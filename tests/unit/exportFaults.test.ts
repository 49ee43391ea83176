// Property-based tests (fast-check) for model files and export: random valid networks round-trip exactly through
// save → load and export to every format, their ONNX agrees with ConvLab; random or mutated bytes into the loader and
// the exporters (and `convlab export`) end only in the project's own errors, never a crash.

import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXPORT_FORMATS, ExportError, exportModel, exportOnnx, parseShapeComments } from '../../src/model/export/index.ts';
import { analyze, specToJSON, type LayerSpec, type NetworkSpec } from '../../src/model/index.ts';
import { decodeModelFile, encodeModelFile, ModelFileError } from '../../src/model/modelFile.ts';
import { parameterLayout } from '../../src/model/parameters.ts';
import { trainingPlan } from '../../src/model/plan.ts';
import { backendProbabilities, cpuBackendFor, maxAbsDifference, onnxProbabilities, randomImages, randomValues } from './exportHelpers.ts';

const size = (max: number) => fc.oneof(fc.integer({ min: 1, max }), fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })));

/** Layers that keep an image an image. */
const spatial: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record({ filters: fc.integer({ min: 1, max: 4 }), kernelSize: size(3), stride: size(2), padding: fc.oneof(size(1), fc.constant(0)), dilation: size(2), groups: fc.constantFrom(1, 2), useBias: fc.boolean() })
    .map((c): LayerSpec => ({ type: 'conv2d', ...c, filters: c.filters * c.groups })),
  fc.record({ type: fc.constantFrom('maxpool2d' as const, 'avgpool2d' as const, 'l2pool2d' as const), poolSize: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), padding: fc.integer({ min: 0, max: 1 }) })
    .map((p): LayerSpec => ({ ...p, padding: Math.min(p.padding, Math.floor(p.poolSize / 2)) })),
  fc.record({ epsilon: fc.constantFrom(1e-5, 1e-3) }).map((b): LayerSpec => ({ type: 'batchnorm', ...b })),
  fc.constantFrom<LayerSpec>({ type: 'relu' }, { type: 'tanh' }, { type: 'sigmoid' }, { type: 'softmax' }, { type: 'dropout', rate: 0.5 }),
  fc.double({ min: 0.05, max: 2, noNaN: true }).map((alpha): LayerSpec => ({ type: 'elu', alpha })),
  fc.double({ min: 0.01, max: 0.5, noNaN: true }).map((alpha): LayerSpec => ({ type: 'leakyrelu', alpha })),
);

/** Layers on feature vectors. */
const flat: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record({ units: fc.integer({ min: 1, max: 6 }), useBias: fc.boolean() }).map((d): LayerSpec => ({ type: 'dense', ...d })),
  fc.constantFrom<LayerSpec>({ type: 'batchnorm' }, { type: 'relu' }, { type: 'elu' }, { type: 'tanh' }, { type: 'dropout' }),
);

/** Small classifiers: an image body, a way to flatten (or none: dense flattens), a flat head, dense(classes), maybe softmax. */
const networkArb: fc.Arbitrary<NetworkSpec> = fc
  .record({
    input: fc.record({ height: fc.integer({ min: 3, max: 10 }), width: fc.integer({ min: 3, max: 10 }), channels: fc.integer({ min: 1, max: 3 }) }),
    body: fc.array(spatial, { maxLength: 5 }),
    flatten: fc.constantFrom<LayerSpec[]>([], [{ type: 'flatten' }], [{ type: 'globalavgpool' }]),
    head: fc.array(flat, { maxLength: 3 }),
    classes: fc.integer({ min: 2, max: 5 }),
    softmax: fc.boolean(),
  })
  .map((n) => ({
    input: n.input,
    layers: [...n.body, ...n.flatten, ...n.head, { type: 'dense', units: n.classes }, ...(n.softmax ? [{ type: 'softmax' }] : [])] as LayerSpec[],
  }));

/** Whether the network is valid and trainable (windows fit, groups divide channels, ...): fast-check discards the rest. */
function usable(spec: NetworkSpec): boolean {
  const a = analyze(spec);
  if (!a.ok) return false;
  try {
    trainingPlan(a);
    return true;
  } catch {
    return false;
  }
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('random networks', () => {
  it('save → load round-trips exactly (spec, every float bit, metadata) and every format exports', () => {
    fc.assert(
      fc.property(networkArb, fc.integer({ min: 0, max: 1000 }), (spec, seed) => {
        fc.pre(usable(spec));
        const values = randomValues(spec, seed);
        const meta = { dataset: 'mnist', classes: ['a', 'b'], normalization: { mean: Array<number>(spec.input.channels).fill(seed / 7), std: Array<number>(spec.input.channels).fill(1 + seed) }, training: { steps: seed } };
        const file = decodeModelFile(encodeModelFile(spec, values, meta));
        expect(specToJSON(file.spec)).toBe(specToJSON(analyze(spec).spec!));
        expect(bitsOf(file.values.params)).toEqual(bitsOf(values.params));
        expect(bitsOf(file.values.state)).toEqual(bitsOf(values.state));
        expect(file.meta).toEqual(meta);
        for (const format of EXPORT_FORMATS) {
          const out = exportModel(file, format);
          if (typeof out === 'string') expect(parseShapeComments(out).map((c) => c.shape)).toEqual(analyze(spec).layers.map((l) => l.outputShape));
          else expect(out.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('their ONNX export gives ConvLab\'s probabilities in onnxruntime', async () => {
    await fc.assert(
      fc.asyncProperty(networkArb, fc.integer({ min: 0, max: 1000 }), async (spec, seed) => {
        fc.pre(usable(spec));
        const a = analyze(spec);
        const input = a.input!;
        const values = randomValues(spec, seed);
        const norm = { mean: Array<number>(input[2]).fill(100), std: Array<number>(input[2]).fill(60) };
        const images = randomImages(4, input, seed);
        const onnx = await onnxProbabilities(exportOnnx({ spec: a.spec!, values, meta: { normalization: norm } }), images, 4, input);
        const backend = await cpuBackendFor(spec, values, norm);
        const convlab = await backendProbabilities(backend, images, 4);
        backend.destroy();
        expect(maxAbsDifference(onnx.probs, convlab)).toBeLessThanOrEqual(1e-4);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

/** Decodes and exports in every format, or throws one of the project's own errors; anything else fails. */
function loadAndExport(bytes: Uint8Array): void {
  try {
    const file = decodeModelFile(bytes, 'fuzz.safetensors');
    for (const format of EXPORT_FORMATS) exportModel(file, format);
  } catch (e) {
    if (!(e instanceof ModelFileError || e instanceof ExportError)) throw e;
    expect(e.message).not.toContain('could not be read'); // the decoder's safety net for unforeseen failures
    expect(e.message.length).toBeGreaterThan(30);
  }
}

describe('damaged files', () => {
  const spec: NetworkSpec = {
    input: { height: 6, width: 6, channels: 2 },
    layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'batchnorm' }, { type: 'l2pool2d', padding: 1 }, { type: 'dense', units: 3 }],
  };
  const valid = encodeModelFile(spec, randomValues(spec, 1), { normalization: { mean: [1, 2], std: [3, 4] } });
  const headerEnd = 8 + new DataView(valid.buffer).getUint32(0, true);

  it('random byte strings end in ModelFileError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), loadAndExport), { numRuns: 300 });
  }, 60_000);

  it('mutated valid files (bytes changed, cut, inserted; header text edited) export or end in ModelFileError/ExportError', () => {
    const text = new TextDecoder().decode(valid.subarray(8, headerEnd));
    const mutation = fc.oneof(
      fc.record({ at: fc.nat({ max: valid.length - 1 }), value: fc.nat({ max: 255 }) }).map((m) => (b: Uint8Array) => {
        const c = b.slice();
        c[Math.min(m.at, c.length - 1)] = m.value;
        return c;
      }),
      fc.nat({ max: valid.length }).map((at) => (b: Uint8Array) => b.slice(0, Math.min(at, b.length))),
      // Replace one JSON number or string in the header by another of the same length, so offsets still line up.
      fc.record({ at: fc.nat({ max: text.length - 1 }), digit: fc.constantFrom(...'0123456789-."e') }).map((m) => (b: Uint8Array) => {
        const c = b.slice();
        const i = 8 + m.at;
        if (i < headerEnd && /[0-9]/.test(String.fromCharCode(c[i]!))) c[i] = m.digit.charCodeAt(0);
        return c;
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => loadAndExport(ms.reduce((b, m) => m(b), valid))),
      { numRuns: 600 },
    );
  }, 60_000);

  it('convlab export answers random files with exit status 2 and a message, never a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convlab-export-fuzz-'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: valid.length - 1 }).map((n) => valid.slice(0, n))), fc.constantFrom(...EXPORT_FORMATS), async (bytes, format) => {
        const path = join(dir, 'bad.safetensors');
        writeFileSync(path, bytes);
        const err: string[] = [];
        const status = await main(['node', 'convlab', 'export', path, '--format', format, '-o', join(dir, 'out')], { out: () => {}, err: (t) => err.push(t) });
        expect(status).toBe(2);
        expect(err.join('\n')).toMatch(/^error: .*bad\.safetensors/);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a layout mismatch is never silently exported: a file whose tensors were swapped for another shape is refused', () => {
    const other: NetworkSpec = { ...spec, layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }, ...spec.layers.slice(1)] };
    const layout = parameterLayout(analyze(spec));
    const bytes = encodeModelFile(spec, randomValues(spec, 1));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true)))) as { __metadata__: { spec: string } };
    header.__metadata__.spec = JSON.stringify(other);
    const json = new TextEncoder().encode(JSON.stringify(header));
    const data = bytes.subarray(8 + new DataView(bytes.buffer).getUint32(0, true));
    const edited = new Uint8Array(8 + json.length + data.length);
    new DataView(edited.buffer).setUint32(0, json.length, true);
    edited.set(json, 8);
    edited.set(data, 8 + json.length);
    expect(layout.tensors.length).toBeGreaterThan(0);
    expect(() => loadAndExport(edited)).not.toThrow();
    expect(() => decodeModelFile(edited)).toThrow(ModelFileError);
  });
});
