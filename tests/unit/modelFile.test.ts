// ConvLab model files (safetensors): exact round trips, the byte layout read back independently, one clear
// ModelFileError per kind of damage, architecture checks, and fuzzing that nothing but ModelFileError escapes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec, specToJSON, type NetworkSpec } from '../../src/model/index.ts';
import {
  assertSameArchitecture,
  decodeModelFile,
  encodeModelFile,
  ModelFileError,
  tensorKey,
  valuesForNetwork,
  type ModelFileErrorCode,
  type ModelFileMeta,
} from '../../src/model/modelFile.ts';
import { initialParameters, parameterLayout, type ParameterValues } from '../../src/model/parameters.ts';

/** Batchnorm (state tensors), a frozen conv, a grouped conv and a dense without bias. */
const MIXED: NetworkSpec = {
  name: 'Mixed',
  input: { height: 8, width: 8, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
    { type: 'batchnorm' },
    { type: 'relu' },
    { type: 'conv2d', filters: 6, kernelSize: 3, groups: 2, trainable: false },
    { type: 'maxpool2d', poolSize: 2 },
    { type: 'batchnorm', trainable: false },
    { type: 'flatten' },
    { type: 'dense', units: 7, useBias: false },
    { type: 'softmax' },
  ],
};

/** Small enough that random mutations often land in the header. */
const SMALL: NetworkSpec = {
  input: { height: 4, width: 4, channels: 1 },
  layers: [
    { type: 'conv2d', filters: 2, kernelSize: 3 },
    { type: 'batchnorm' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 3 },
  ],
};

const META: ModelFileMeta = {
  dataset: 'mnist',
  classes: ['zero', 'one', 'two', 'drei', '四'],
  normalization: { mean: [0.1307], std: [0.3081] },
  training: { epochs: 3, optimizer: { kind: 'adam', lr: 0.001 }, accuracy: 0.987 },
};

const layoutOf = (spec: NetworkSpec) => parameterLayout(analyze(spec));
/** META with one normalisation term per input channel (a file whose terms do not match its input is refused). */
const metaFor = (spec: NetworkSpec): ModelFileMeta => {
  const c = spec.input.channels;
  return { ...META, normalization: { mean: Array(c).fill(0.1307), std: Array(c).fill(0.3081) } };
};

/** Seeded values with the batchnorm running statistics made non-trivial too. */
function valuesFor(spec: NetworkSpec, seed = 7): ParameterValues {
  const layout = layoutOf(spec);
  const values = initialParameters(layout, seed);
  // Only inside tensors: the alignment gaps stay zero, as the decoder rebuilds them.
  for (const t of layout.tensors) if (t.role === 'state') for (let i = 0; i < t.size; i++) values.state[t.offset + i] = Math.sin(t.offset + i + seed);
  return values;
}

/** Bitwise equality (NaN payloads and -0 included); reports the first differing float, not the whole array. */
function bitsEqual(a: Float32Array, b: Float32Array): void {
  expect(b.length).toBe(a.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const first = x.findIndex((v, i) => v !== y[i]);
  expect(first, `first differing float at ${first}`).toBe(-1);
}

/** Splits a file into its parsed header and its tensor bytes, independently of the decoder. */
function split(bytes: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), data: bytes.slice(8 + n) };
}

/** A safetensors file from a header object and tensor bytes (as any writer would make it). */
function build(header: Record<string, unknown>, data: Uint8Array = new Uint8Array()): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

type Header = Record<string, Record<string, unknown>>;

/** Re-encodes a valid file after changing its header and/or data. */
function edit(bytes: Uint8Array, change: (header: Header, data: Uint8Array) => Uint8Array | void): Uint8Array {
  const { header, data } = split(bytes);
  const newData = change(header as Header, data) ?? data;
  return build(header, newData);
}

function expectError(f: () => unknown, code: ModelFileErrorCode, ...fragments: string[]): ModelFileError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelFileError);
  const e = error as ModelFileError;
  expect(e.code).toBe(code);
  expect(e.name).toBe('ModelFileError');
  for (const fragment of fragments) expect(e.message).toContain(fragment);
  return e;
}

const specs: [string, NetworkSpec][] = [
  ['lenet5-mnist', presetSpec('lenet5-mnist')],
  ['lenet5', presetSpec('lenet5')],
  ['tiny-vgg', presetSpec('tiny-vgg')],
  ['mlp', presetSpec('mlp')],
  ['cifar-vgg', presetSpec('cifar-vgg')],
  ['mixed (batchnorm, frozen, groups, no bias)', MIXED],
];

describe('round trip', () => {
  it.each(specs)('%s: decode(encode(x)) is bitwise equal', (_id, spec) => {
    const values = valuesFor(spec);
    const file = decodeModelFile(encodeModelFile(spec, values, metaFor(spec)));
    bitsEqual(values.params, file.values.params);
    bitsEqual(values.state, file.values.state);
    expect(specToJSON(file.spec)).toBe(specToJSON(spec));
    expect(file.meta).toEqual(metaFor(spec));
    expect(file.checksum).toBe('verified');
  });

  it('keeps NaN payloads, infinities, -0 and subnormals bit for bit', () => {
    const values = valuesFor(SMALL);
    const bits = new Uint32Array(values.params.buffer);
    const specials = [0x7fc00001, 0xffc12345, 0x7f800000, 0xff800000, 0x80000000, 0x00000001, 0x807fffff];
    specials.forEach((b, i) => (bits[i] = b));
    const file = decodeModelFile(encodeModelFile(SMALL, values));
    bitsEqual(values.params, file.values.params);
  });

  it('leaves meta empty when none is given', () => {
    const file = decodeModelFile(encodeModelFile(SMALL, valuesFor(SMALL)));
    expect(file.meta).toEqual({});
  });

  it('does not store the alignment gaps and zeroes them on decode', () => {
    const layout = layoutOf(MIXED);
    const values = valuesFor(MIXED);
    const inTensor = new Uint8Array(values.params.length);
    for (const t of layout.tensors) if (t.role !== 'state') inTensor.fill(1, t.offset, t.offset + t.size);
    for (let i = 0; i < values.params.length; i++) if (!inTensor[i]) values.params[i] = 123;
    const bytes = encodeModelFile(MIXED, values);
    const stored = layout.tensors.reduce((n, t) => n + t.size, 0);
    expect(split(bytes).data.length).toBe(stored * 4);
    const back = decodeModelFile(bytes).values.params;
    for (let i = 0; i < back.length; i++) expect(back[i]).toBe(inTensor[i] ? values.params[i] : 0);
  });
});

describe('byte layout (read back without the decoder)', () => {
  const values = valuesFor(MIXED);
  const bytes = encodeModelFile(MIXED, values, metaFor(MIXED));
  const layout = layoutOf(MIXED);
  const { header, data } = split(bytes);

  it('has an 8-byte little-endian header length, padded so tensors start 8-byte aligned', () => {
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(bytes.length).toBe(8 + n + data.length);
    expect(bytes[8]).toBe('{'.charCodeAt(0));
  });

  it('has string metadata with the format, version, spec, dataset, classes, normalisation and training', () => {
    const m = header.__metadata__ as Record<string, string>;
    for (const v of Object.values(m)) expect(typeof v).toBe('string');
    expect(m.format).toBe('convlab');
    expect(m.version).toBe('1');
    expect(specToJSON(JSON.parse(m.spec!))).toBe(specToJSON(MIXED));
    expect(m.dataset).toBe('mnist');
    expect(JSON.parse(m.classes!)).toEqual(META.classes);
    expect(JSON.parse(m.normalization!)).toEqual(metaFor(MIXED).normalization);
    expect(JSON.parse(m.training!)).toEqual(META.training);
  });

  it('lists every tensor as F32 with its project-layout shape, contiguous in layout order, as little-endian floats', () => {
    const keys = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(keys).toEqual(layout.tensors.map(tensorKey));
    expect(keys).toContain('layers.1.runningMean');
    expect(keys).toContain('layers.3.weights');
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let end = 0;
    for (const t of layout.tensors) {
      const entry = header[tensorKey(t)] as { dtype: string; shape: number[]; data_offsets: [number, number] };
      expect(entry.dtype).toBe('F32');
      expect(entry.shape).toEqual(t.shape);
      expect(entry.data_offsets).toEqual([end, end + t.size * 4]);
      const source = t.role === 'state' ? values.state : values.params;
      for (let i = 0; i < t.size; i += Math.max(1, Math.floor(t.size / 7))) {
        expect(dv.getFloat32(end + i * 4, true)).toBe(source[t.offset + i]);
      }
      end += t.size * 4;
    }
    expect(end).toBe(data.length);
    expect((header['layers.3.weights'] as { shape: number[] }).shape).toEqual([3, 3, 2, 6]);
    // 8x8 'same' conv, 3x3 valid conv to 6x6x6, 2x2 pool to 3x3x6 = 54 features.
    expect((header['layers.7.weights'] as { shape: number[] }).shape).toEqual([54, 7]);
  });

  it('reads a file written by another writer: tensors in a different order, unpadded header', () => {
    const { header: h, data: d } = split(encodeModelFile(SMALL, valuesFor(SMALL)));
    delete (h.__metadata__ as Record<string, string>).checksum; // other writers add none; the file loads with a note
    const entries = Object.entries(h).filter(([k]) => k !== '__metadata__') as [string, { data_offsets: [number, number] }][];
    // Reverse the byte order of the tensors and rewrite their offsets; key order stays as it was.
    let at = 0;
    const parts: Uint8Array[] = [];
    for (const [, e] of [...entries].reverse()) {
      const [b, en] = e.data_offsets;
      parts.push(d.slice(b, en));
      e.data_offsets = [at, at + en - b];
      at += en - b;
    }
    const newData = new Uint8Array(at);
    let pos = 0;
    for (const p of parts) {
      newData.set(p, pos);
      pos += p.length;
    }
    const file = decodeModelFile(build(h, newData));
    expect(file.checksum).toBe('absent');
    bitsEqual(valuesFor(SMALL).params, file.values.params);
    bitsEqual(valuesFor(SMALL).state, file.values.state);
  });
});

describe('errors name the file, the problem and the fix', () => {
  const bytes = encodeModelFile(MIXED, valuesFor(MIXED), metaFor(MIXED));
  const dataBytes = split(bytes).data.length;

  it('truncated tensor data', () => {
    const cut = bytes.slice(0, bytes.length - dataBytes + 1000);
    expectError(() => decodeModelFile(cut, 'model.safetensors'), 'truncated',
      `model.safetensors is truncated: the header says ${dataBytes.toLocaleString('en-US')} bytes of tensors but only 1,000 follow`);
  });

  it('a header length beyond the file, and fewer than 8 bytes', () => {
    expectError(() => decodeModelFile(bytes.slice(0, 100), 'm.safetensors'), 'truncated', 'm.safetensors is truncated', 'header');
    expectError(() => decodeModelFile(bytes.slice(0, 5)), 'truncated', 'only 5 bytes');
    expectError(() => decodeModelFile(new Uint8Array()), 'truncated');
  });

  it('not a safetensors file at all', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expectError(() => decodeModelFile(png, 'cat.png'), 'bad-header', 'cat.png is not a safetensors file', 'ConvLab model file');
    const notJson = build({}).slice(0, 8);
    const text = new TextEncoder().encode('{"a": nope}     ');
    new DataView(notJson.buffer).setBigUint64(0, BigInt(text.length), true);
    expectError(() => decodeModelFile(new Uint8Array([...notJson, ...text])), 'bad-header', 'not valid JSON');
    expectError(() => decodeModelFile(build([1, 2] as unknown as Record<string, unknown>)), 'bad-header', 'not a JSON object');
  });

  it('another library\'s safetensors file', () => {
    const torch = build({ __metadata__: { format: 'pt' }, weight: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4));
    expectError(() => decodeModelFile(torch, 'pytorch_model.safetensors'), 'not-convlab', 'pytorch_model.safetensors', 'not a ConvLab model', '"format": "convlab"');
    expectError(() => decodeModelFile(build({ weight: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4))), 'not-convlab');
  });

  it('a dtype other than F32', () => {
    const f16 = edit(bytes, (h) => {
      h['layers.0.weights']!.dtype = 'F16';
      const [b, e] = h['layers.0.weights']!.data_offsets as [number, number];
      h['layers.0.weights']!.data_offsets = [b, e]; // sizes then disagree, but the dtype is reported first
    });
    expectError(() => decodeModelFile(f16), 'bad-dtype', 'layers.0.weights is F16; ConvLab model files store F32');
  });

  it('a newer format version or malformed metadata', () => {
    expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.version = '2'))), 'bad-header', 'version "2"', 'reads version 1');
    expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.classes = '["a",'))), 'bad-header', '"classes" is not valid JSON');
    expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.normalization = '{"mean": [1]}'))), 'bad-header', 'normalization');
    expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.epochs = 3 as unknown as string))), 'bad-header', '"epochs" is not a string');
  });

  it('a spec that is missing, not JSON, or does not analyse (with the spec\'s own message)', () => {
    expectError(() => decodeModelFile(edit(bytes, (h) => void delete h.__metadata__!.spec)), 'bad-spec', 'no network spec');
    expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.spec = '{"input":'))), 'bad-spec', 'not valid JSON');
    const tooBig = { ...MIXED, layers: [{ type: 'conv2d', filters: 4, kernelSize: 9 }, ...MIXED.layers.slice(1)] };
    const specMessage = analyze(tooBig).issues.find((i) => i.severity === 'error')!.message;
    const e = expectError(() => decodeModelFile(edit(bytes, (h) => void (h.__metadata__!.spec = JSON.stringify(tooBig))), 'x.safetensors'), 'bad-spec', specMessage);
    expect(e.message).toContain('x.safetensors');
  });

  it('a tensor missing, with the wrong shape, or not in the spec', () => {
    const missing = edit(bytes, (h, d) => {
      // The last tensor, so the data is simply cut before it.
      const [b] = h['layers.7.weights']!.data_offsets as [number, number];
      delete h['layers.7.weights'];
      return d.slice(0, b);
    });
    expectError(() => decodeModelFile(missing), 'missing-tensor', '"layers.7.weights"', 'Layer 8 (dense) weights', '[54, 7]');
    const reshaped = edit(bytes, (h) => void (h['layers.7.weights']!.shape = [7, 54]));
    expectError(() => decodeModelFile(reshaped), 'shape-mismatch', '[7, 54]', '[54, 7]', 'Layer 8 (dense) weights');
    const extra = edit(bytes, (h, d) => {
      h['layers.2.weights'] = { dtype: 'F32', shape: [1], data_offsets: [d.length, d.length + 4] };
      return new Uint8Array([...d, 0, 0, 0, 0]);
    });
    expectError(() => decodeModelFile(extra), 'bad-header', '"layers.2.weights"', 'does not have');
  });

  it('overlapping or gapped tensor data, and offsets that disagree with the shape', () => {
    const overlap = edit(bytes, (h) => void (h['layers.0.bias']!.data_offsets = [0, 16]));
    expectError(() => decodeModelFile(overlap), 'bad-header');
    const wrongSize = edit(bytes, (h) => void (h['layers.0.bias']!.data_offsets = [0, 12]));
    expectError(() => decodeModelFile(wrongSize), 'bad-header', 'layers.0.bias', 'needs 16');
  });

  it('extra bytes after the last tensor', () => {
    const longer = new Uint8Array([...bytes, 1, 2, 3]);
    expectError(() => decodeModelFile(longer, 'model.safetensors'), 'trailing-data', 'model.safetensors has 3 bytes after its last tensor');
  });

  it('encode refuses values from another network and specs with errors', () => {
    expectError(() => encodeModelFile(MIXED, valuesFor(SMALL)), 'shape-mismatch');
    expectError(() => encodeModelFile({ input: { height: 2, width: 2, channels: 1 }, layers: [] }, valuesFor(SMALL)), 'bad-spec', 'no layers');
  });
});

describe('assertSameArchitecture and valuesForNetwork', () => {
  const file = decodeModelFile(encodeModelFile(MIXED, valuesFor(MIXED)));
  const withLayer = (i: number, layer: NetworkSpec['layers'][number]): NetworkSpec => ({ ...MIXED, layers: MIXED.layers.map((l, k) => (k === i ? layer : l)) });

  it('accepts the same tensors, even with other activations or trainable flags', () => {
    expect(() => assertSameArchitecture(file, MIXED)).not.toThrow();
    expect(() => assertSameArchitecture(file, withLayer(2, { type: 'tanh' }))).not.toThrow();
    expect(() => assertSameArchitecture(file, withLayer(3, { type: 'conv2d', filters: 6, kernelSize: 3, groups: 2 }))).not.toThrow();
  });

  it('names the first differing layer and both shapes', () => {
    const wider = withLayer(3, { type: 'conv2d', filters: 8, kernelSize: 3, groups: 2, trainable: false });
    expectError(() => assertSameArchitecture(file, wider, 'model.safetensors'), 'architecture-mismatch',
      'model.safetensors does not fit', 'layer 4', 'weights [3, 3, 2, 6]', 'weights [3, 3, 2, 8]');
    const shifted: NetworkSpec = { ...MIXED, layers: [{ type: 'dropout' }, ...MIXED.layers] };
    expectError(() => assertSameArchitecture(file, shifted), 'architecture-mismatch', 'layer 1 is conv2d with weights [3, 3, 3, 4], bias [4] in the file but dropout with no parameters');
    const shorter: NetworkSpec = { ...MIXED, layers: MIXED.layers.slice(0, 7).concat([{ type: 'dense', units: 7, useBias: true }]) };
    expectError(() => assertSameArchitecture(file, shorter), 'architecture-mismatch', 'layer 8', 'bias [7]');
    const other = decodeModelFile(encodeModelFile(SMALL, valuesFor(SMALL)));
    expectError(() => assertSameArchitecture(other, MIXED), 'architecture-mismatch', 'layer 1');
  });

  it('refuses a current network with errors', () => {
    expectError(() => assertSameArchitecture(file, { ...MIXED, layers: [] }), 'bad-spec', 'current network');
  });

  it('moves values into the current layout when frozen flags differ', () => {
    const unfrozen = withLayer(3, { type: 'conv2d', filters: 6, kernelSize: 3, groups: 2 });
    const moved = valuesForNetwork(file, unfrozen);
    const from = layoutOf(MIXED);
    const to = layoutOf(unfrozen);
    to.tensors.forEach((t, i) => {
      const s = from.tensors[i]!;
      const src = s.role === 'state' ? file.values.state : file.values.params;
      const dst = t.role === 'state' ? moved.state : moved.params;
      expect(dst.subarray(t.offset, t.offset + t.size)).toEqual(src.subarray(s.offset, s.offset + s.size));
    });
    expect(to.tensors.find((t) => t.layerIndex === 3)!.offset).not.toBe(from.tensors.find((t) => t.layerIndex === 3)!.offset);
  });
});

describe('fuzzing: only ModelFileError escapes', () => {
  const valid = encodeModelFile(SMALL, valuesFor(SMALL), META);
  const headerEnd = 8 + Number(new DataView(valid.buffer).getBigUint64(0, true));

  /** Decodes or throws a ModelFileError, never the decoder's catch-all for unexpected failures. */
  function decodesOrModelFileError(bytes: Uint8Array): void {
    try {
      decodeModelFile(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError);
      expect((e as Error).message).not.toContain('could not be read');
    }
  }

  it('random byte strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), decodesOrModelFileError), { numRuns: 500 });
  });

  it('random byte strings behind a plausible header length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        const bytes = new Uint8Array(8 + body.length);
        new DataView(bytes.buffer).setUint32(0, body.length, true);
        bytes.set(body, 8);
        decodesOrModelFileError(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('random mutations of a valid file (byte changes mostly in the header, cuts, insertions)', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: headerEnd + 16 }), value: fc.nat({ max: 255 }) }),
      fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: valid.length - 1 }), value: fc.nat({ max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: valid.length }), value: fc.constant(0) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: valid.length }), value: fc.nat({ max: 255 }) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let bytes = valid.slice();
        for (const m of mutations) {
          const at = Math.min(m.at, bytes.length);
          if (m.kind === 'set' && at < bytes.length) bytes[at] = m.value;
          else if (m.kind === 'cut') bytes = bytes.slice(0, at);
          else if (m.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), m.value, ...bytes.subarray(at)]);
        }
        decodesOrModelFileError(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('header mutations that stay JSON: random values in place of fields', () => {
    const { header, data } = split(valid);
    const paths: [string, string][] = [];
    for (const [k, v] of Object.entries(header)) for (const f of Object.keys(v as object)) paths.push([k, f]);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), ([k, f], value) => {
        const h = structuredClone(header) as Header;
        h[k]![f] = value;
        decodesOrModelFileError(build(h, data));
      }),
      { numRuns: 500 },
    );
  });
});
