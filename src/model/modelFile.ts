// ConvLab model files: a trained network saved as safetensors (https://github.com/huggingface/safetensors), so
// other tools can read the weights. The spec, normalisation and class names travel in "__metadata__"; tensors are
// F32 in the project layout (spec.ts), named "layers.<index>.<tensor>", stored in layout order without padding.

import { strFromU8, strToU8 } from 'fflate';
import { analyze, type NetworkAnalysis } from './analyze.ts';
import { crc32 } from './crc32.ts';
import { grouped } from './format.ts';
import { layerName, SpecError } from './issues.ts';
import { parameterLayout, type ParameterLayout, type ParameterValues, type ParamTensor } from './parameters.ts';
import { canonicalSpec } from './serialize.ts';
import type { NetworkSpec } from './spec.ts';

const FORMAT = 'convlab';
const VERSION = '1';
const DTYPE = 'F32';
const BYTES_PER_FLOAT = 4;
/** The limit the safetensors reference implementation puts on a header; anything larger is not a header. */
const MAX_HEADER_BYTES = 100_000_000;
/** A ConvLab header (spec of at most 500 layers, one entry per tensor) is far below this; a larger one is refused unread. */
export const CONVLAB_MAX_HEADER_BYTES = 16 * 2 ** 20;
const DEFAULT_FILE_NAME = 'the model file';
/** What the not-convlab and bad-header messages tell the user to choose instead. */
const EXPECTED = 'a ConvLab model file (.safetensors, saved with "Save model" in ConvLab or by the ConvLab CLI)';

export interface ModelFileMeta {
  /** The dataset the network was trained on, e.g. "mnist". */
  dataset?: string;
  /** Class names in output order. */
  classes?: string[];
  /** Per-channel input normalisation applied before the first layer: x' = (x - mean) / std. */
  normalization?: { mean: number[]; std: number[] };
  /** Free-form training information (epochs, optimizer, final accuracy, ...). */
  training?: Record<string, unknown>;
}

export interface ModelFile {
  spec: NetworkSpec;
  /** In the parameterLayout(analyze(spec)) layout, alignment gaps zeroed. */
  values: ParameterValues;
  meta: ModelFileMeta;
  /** 'verified': the data matched the CRC-32 in the metadata; 'absent': the file has none (older files), say so. */
  checksum?: 'verified' | 'absent';
  /** How many stored values are NaN or infinite (0 for a healthy model); eval and load flag them. */
  nonFinite?: number;
}

export type ModelFileErrorCode =
  | 'truncated'
  | 'bad-header'
  | 'not-convlab'
  | 'bad-dtype'
  | 'bad-spec'
  | 'missing-tensor'
  | 'shape-mismatch'
  | 'architecture-mismatch'
  | 'trailing-data'
  | 'bad-checksum'
  | 'non-finite';

/** Every failure to save, read or fit a model file; the message names the file, the problem and what to do. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';

  constructor(
    readonly code: ModelFileErrorCode,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** The header key of a tensor: "layers.3.runningMean". */
export function tensorKey(t: Pick<ParamTensor, 'layerIndex' | 'name'>): string {
  return `layers.${t.layerIndex}.${t.name}`;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Copies floats into bytes as little-endian, whatever the platform's byte order. */
function writeFloats(out: Uint8Array, at: number, src: Float32Array): void {
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at, src.byteLength);
  for (let i = 0; i < src.length; i++) view.setFloat32(i * BYTES_PER_FLOAT, src[i]!, true);
}

/** Reads little-endian floats from bytes (any alignment) into dst. */
function readFloats(dst: Float32Array, bytes: Uint8Array, at: number): void {
  if (LITTLE_ENDIAN) {
    new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(bytes.subarray(at, at + dst.byteLength));
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, dst.byteLength);
  for (let i = 0; i < dst.length; i++) dst[i] = view.getFloat32(i * BYTES_PER_FLOAT, true);
}

/** The analysis and layout of a spec, or a bad-spec error carrying the spec's own message and `fix`. */
function layoutOf(spec: unknown, file: string, whose: string, fix: string): { analysis: NetworkAnalysis; layout: ParameterLayout } {
  let analysis: NetworkAnalysis;
  try {
    analysis = analyze(spec);
  } catch (e) {
    throw new ModelFileError('bad-spec', file, `${whose} cannot be analysed (${e instanceof Error ? e.message : String(e)}); ${fix}.`);
  }
  if (!analysis.ok) {
    throw new ModelFileError('bad-spec', file, `${whose} cannot be used (${fix}): ${new SpecError(analysis.issues).message}`);
  }
  return { analysis, layout: parameterLayout(analysis) };
}

const FIX_FILE = 'the file is damaged or was edited; save the model again';
const FIX_NETWORK = 'fix the network first';

/** The buffer a tensor lives in. */
const bufferOf = (values: ParameterValues, t: ParamTensor) => (t.role === 'state' ? values.state : values.params);

/** Saves a network and its values (in the parameterLayout(analyze(spec)) layout) as a safetensors file. */
export function encodeModelFile(spec: NetworkSpec, values: ParameterValues, meta: ModelFileMeta = {}): Uint8Array {
  const file = 'the model being saved';
  const { layout } = layoutOf(spec, file, 'The network being saved', FIX_NETWORK);
  if (values.params.length < layout.paramFloats || values.state.length < layout.stateFloats) {
    throw new ModelFileError('shape-mismatch', file,
      `Cannot save: the values hold ${grouped(values.params.length)} parameter and ${grouped(values.state.length)} state floats ` +
        `but the network's layout needs ${grouped(layout.paramFloats)} and ${grouped(layout.stateFloats)}; the values belong to another network.`);
  }
  const metadata: Record<string, string> = { format: FORMAT, version: VERSION, spec: JSON.stringify(canonicalSpec(spec)) };
  if (meta.normalization) metadata.normalization = JSON.stringify({ mean: meta.normalization.mean, std: meta.normalization.std });
  if (meta.dataset !== undefined) metadata.dataset = meta.dataset;
  if (meta.classes) metadata.classes = JSON.stringify(meta.classes);
  if (meta.training) metadata.training = JSON.stringify(meta.training);

  const header: Record<string, unknown> = { __metadata__: metadata };
  let end = 0;
  for (const t of layout.tensors) {
    const begin = end;
    end += t.size * BYTES_PER_FLOAT;
    header[tensorKey(t)] = { dtype: DTYPE, shape: t.shape, data_offsets: [begin, end] };
  }
  const data = new Uint8Array(end);
  let at = 0;
  for (const t of layout.tensors) {
    writeFloats(data, at, bufferOf(values, t).subarray(t.offset, t.offset + t.size));
    at += t.size * BYTES_PER_FLOAT;
  }
  metadata.checksum = checksumText(data);
  const json = strToU8(JSON.stringify(header));
  // Pad with spaces (valid JSON whitespace) so the tensor bytes start 8-byte aligned, as safetensors writers do.
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + end);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true);
  view.setUint32(4, Math.floor(headerBytes / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  out.set(data, 8 + headerBytes);
  return out;
}

/** "crc32:cbf43926": the metadata's checksum of the tensor data. */
const checksumText = (data: Uint8Array) => `crc32:${crc32(data).toString(16).padStart(8, '0')}`;

/** NaN and infinite values among a model's parameters and state (export refuses them; eval and load flag them). */
export function countNonFinite(values: ParameterValues): number {
  let n = 0;
  for (const a of [values.params, values.state]) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) n++;
  return n;
}

/**
 * The header of a model file on disk, checked before its data is read: `prefix` holds at least the first 8 bytes
 * (and the header when it is that long), `fileLength` the whole file's size. Returns the bytes to read for the
 * header (8 + its length); with the whole header in `prefix`, every header check runs, tensors and spec included.
 */
export function checkModelFileHeader(prefix: Uint8Array, fileLength: number, fileName: string = DEFAULT_FILE_NAME): number {
  try {
    const length = headerLength(prefix, fileLength, fileName);
    if (prefix.length >= 8 + length) decode(prefix, fileName, fileLength, true);
    return 8 + length;
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError('bad-header', fileName, `${fileName} could not be read (${e instanceof Error ? e.message : String(e)}); choose ${EXPECTED}.`);
  }
}

interface Entry {
  key: string;
  shape: number[];
  begin: number;
  end: number;
}

/** Checks one header entry's structure; the dtype first, since a wrong dtype is the likeliest problem. */
function readEntry(key: string, value: unknown, file: string): Entry {
  const bad = (what: string) =>
    new ModelFileError('bad-header', file, `${file} has a malformed header: tensor "${key}" ${what}; the file is damaged, save the model again.`);
  if (!isObject(value)) throw bad('is not an object with dtype, shape and data_offsets');
  if (typeof value.dtype !== 'string') throw bad('has no dtype');
  if (value.dtype !== DTYPE) {
    throw new ModelFileError('bad-dtype', file,
      `${key} is ${value.dtype}; ConvLab model files store ${DTYPE}. Convert the weights to float32 before loading, or load a model saved by ConvLab.`);
  }
  const shape = value.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad('has a shape that is not a list of sizes');
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  const offsets = value.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1]) || offsets[0] > offsets[1]) {
    throw bad('has data_offsets that are not [begin, end] byte positions');
  }
  const [begin, end] = offsets as [number, number];
  if (!Number.isSafeInteger(size * BYTES_PER_FLOAT) || end - begin !== size * BYTES_PER_FLOAT) {
    throw bad(`spans ${grouped(end - begin)} bytes but its shape ${shapeText(shape as number[])} needs ${grouped(size * BYTES_PER_FLOAT)}`);
  }
  return { key, shape: shape as number[], begin, end };
}

/** Reads the optional metadata fields, each a JSON string except the dataset name. */
function readMeta(metadata: Record<string, unknown>, file: string): ModelFileMeta {
  const bad = (field: string, what: string) =>
    new ModelFileError('bad-header', file, `${file} has malformed metadata: "${field}" ${what}; the file is damaged, save the model again.`);
  const json = (field: string): unknown => {
    try {
      return JSON.parse(metadata[field] as string);
    } catch {
      throw bad(field, 'is not valid JSON');
    }
  };
  const meta: ModelFileMeta = {};
  if (metadata.dataset !== undefined) meta.dataset = metadata.dataset as string;
  if (metadata.classes !== undefined) {
    const classes = json('classes');
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) throw bad('classes', 'is not a list of class names');
    meta.classes = classes as string[];
  }
  if (metadata.normalization !== undefined) {
    const n = json('normalization');
    const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (!isObject(n) || !numbers(n.mean) || !numbers(n.std)) throw bad('normalization', 'is not {"mean": [...], "std": [...]}');
    meta.normalization = { mean: n.mean, std: n.std };
  }
  if (metadata.training !== undefined) {
    const training = json('training');
    if (!isObject(training)) throw bad('training', 'is not a JSON object');
    meta.training = training;
  }
  return meta;
}

/** Reads a ConvLab model file; throws a ModelFileError (and nothing else) naming the problem and what to do. */
export function decodeModelFile(bytes: Uint8Array, fileName: string = DEFAULT_FILE_NAME): ModelFile {
  try {
    return decode(bytes, fileName);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    // A safety net: every known problem has its own message above; this one should never be seen.
    throw new ModelFileError('bad-header', fileName,
      `${fileName} could not be read (${e instanceof Error ? e.message : String(e)}); choose ${EXPECTED}.`);
  }
}

/** The header length from the first 8 bytes, checked against the limits and the file's length. */
function headerLength(bytes: Uint8Array, fileLength: number, file: string): number {
  if (!(bytes instanceof Uint8Array)) throw new ModelFileError('bad-header', file, `${file} is not binary data; choose ${EXPECTED}.`);
  if (fileLength < 8 || bytes.length < 8) {
    throw new ModelFileError('truncated', file,
      `${file} is truncated: a safetensors file starts with an 8-byte header length but it holds only ${fileLength} bytes; save or download it again.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (headerBytes > MAX_HEADER_BYTES || headerBytes < 2) {
    throw new ModelFileError('bad-header', file,
      `${file} is not a safetensors file: its first 8 bytes give a header length of ${grouped(headerBytes)} bytes; choose ${EXPECTED}.`);
  }
  if (8 + headerBytes > fileLength) {
    throw new ModelFileError('truncated', file,
      `${file} is truncated: its header length says ${grouped(headerBytes)} bytes of header but only ${grouped(fileLength - 8)} follow; save or download it again.`);
  }
  if (headerBytes > CONVLAB_MAX_HEADER_BYTES) {
    throw new ModelFileError('bad-header', file,
      `${file} has a ${grouped(headerBytes)}-byte header, far larger than any ConvLab model's (at most ${grouped(CONVLAB_MAX_HEADER_BYTES)}); it was not saved by ConvLab or is damaged. Choose ${EXPECTED}.`);
  }
  return headerBytes;
}

function decode(bytes: Uint8Array, file: string, fileLength = bytes.length, headerOnly = false): ModelFile {
  const headerBytes = headerLength(bytes, fileLength, file);
  let header: unknown;
  try {
    header = JSON.parse(strFromU8(bytes.subarray(8, 8 + headerBytes)));
  } catch (e) {
    throw new ModelFileError('bad-header', file,
      `${file} is damaged or not a safetensors file: its header is not valid JSON (${e instanceof Error ? e.message : String(e)}); choose ${EXPECTED}.`);
  }
  if (!isObject(header)) {
    throw new ModelFileError('bad-header', file, `${file} is damaged or not a safetensors file: its header is not a JSON object; choose ${EXPECTED}.`);
  }

  const metadata = header.__metadata__;
  if (!isObject(metadata) || metadata.format !== FORMAT) {
    throw new ModelFileError('not-convlab', file,
      `${file} is a safetensors file but not a ConvLab model (its metadata has no "format": "${FORMAT}"); it was probably saved by another library. Choose ${EXPECTED}.`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new ModelFileError('bad-header', file, `${file} has malformed metadata: "${key}" is not a string (safetensors metadata maps strings to strings); save the model again.`);
    }
  }
  if (metadata.version !== VERSION) {
    throw new ModelFileError('bad-header', file,
      `${file} is a ConvLab model file of format version ${JSON.stringify(metadata.version ?? null)}, but this ConvLab reads version ${VERSION}; open it with the ConvLab that saved it, or update ConvLab.`);
  }
  const meta = readMeta(metadata, file);

  const entries = Object.entries(header).filter(([key]) => key !== '__metadata__').map(([key, value]) => readEntry(key, value, file));
  // Safetensors forbids gaps and overlaps: sorted by start, each tensor begins where the previous one ends.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let total = 0;
  for (const e of sorted) {
    if (e.begin !== total) {
      throw new ModelFileError('bad-header', file,
        `${file} has a malformed header: tensor "${e.key}" starts at byte ${grouped(e.begin)} of the data where byte ${grouped(total)} was expected (tensors overlap or leave gaps); save the model again.`);
    }
    total = e.end;
  }
  const dataStart = 8 + headerBytes;
  const available = fileLength - dataStart;
  if (total > available) {
    throw new ModelFileError('truncated', file,
      `${file} is truncated: the header says ${grouped(total)} bytes of tensors but only ${grouped(available)} follow; the download or copy was cut short, save or download it again.`);
  }
  if (available > total) {
    throw new ModelFileError('trailing-data', file,
      `${file} has ${grouped(available - total)} bytes after its last tensor (the header accounts for ${grouped(total)}); it may be damaged or joined with another file; save or download it again.`);
  }

  if (typeof metadata.spec !== 'string') {
    throw new ModelFileError('bad-spec', file, `${file} holds no network spec (metadata "spec" is missing); save the model again from ConvLab.`);
  }
  let specValue: unknown;
  try {
    specValue = JSON.parse(metadata.spec);
  } catch (e) {
    throw new ModelFileError('bad-spec', file, `${file} holds a network spec that is not valid JSON (${e instanceof Error ? e.message : String(e)}); save the model again.`);
  }
  const { analysis, layout } = layoutOf(specValue, file, `The network spec in ${file}`, FIX_FILE);
  const n = meta.normalization;
  const channels = analysis.input?.[2];
  if (n && channels !== undefined && (n.mean.length !== channels || n.std.length !== channels || n.std.some((x) => !(x > 0)))) {
    throw new ModelFileError('bad-header', file,
      `${file} has an unusable normalisation: ${n.mean.length} means and ${n.std.length} standard deviations [${n.std.slice(0, 4).join(', ')}${n.std.length > 4 ? ', …' : ''}] for a ${channels}-channel input (one positive standard deviation per channel is needed); save the model again with convlab train --save.`);
  }

  const byKey = new Map(entries.map((e) => [e.key, e]));
  const unused = new Set(byKey.keys());
  for (const t of layout.tensors) {
    const key = tensorKey(t);
    const e = byKey.get(key);
    const what = `${layerName(t.layerIndex, t.layerType)} ${t.name}`;
    if (!e) {
      throw new ModelFileError('missing-tensor', file,
        `${file} has no tensor "${key}" (${what}, shape ${shapeText(t.shape)}) although its own spec needs it; the file is damaged or was edited, save the model again.`);
    }
    if (!sameShape(e.shape, t.shape)) {
      throw new ModelFileError('shape-mismatch', file,
        `${file} stores "${key}" with shape ${shapeText(e.shape)} but its own spec gives ${what} the shape ${shapeText(t.shape)}; the file is damaged or was edited, save the model again.`);
    }
    unused.delete(key);
  }
  const extra = unused.values().next();
  if (!extra.done) {
    throw new ModelFileError('bad-header', file,
      `${file} holds a tensor "${extra.value}" that its own spec does not have; the file is damaged or was edited, save the model again.`);
  }

  if (metadata.checksum !== undefined && !/^crc32:[0-9a-f]{8}$/.test(metadata.checksum as string)) {
    throw new ModelFileError('bad-header', file, `${file} has malformed metadata: "checksum" is not "crc32:" and 8 hex digits; the file is damaged, save the model again.`);
  }
  if (headerOnly) return { spec: analysis.spec!, values: { params: new Float32Array(0), state: new Float32Array(0) }, meta };
  const data = bytes.subarray(dataStart, dataStart + total);
  if (metadata.checksum !== undefined && checksumText(data) !== metadata.checksum) {
    throw new ModelFileError('bad-checksum', file,
      `${file} is damaged: its tensor data does not match the checksum in its metadata (${metadata.checksum as string}, the data gives ${checksumText(data)}); a byte changed since it was saved. Save or download it again.`);
  }
  const values: ParameterValues = { params: new Float32Array(layout.paramFloats), state: new Float32Array(layout.stateFloats) };
  for (const t of layout.tensors) {
    const e = byKey.get(tensorKey(t))!;
    readFloats(bufferOf(values, t).subarray(t.offset, t.offset + t.size), bytes, dataStart + e.begin);
  }
  return { spec: analysis.spec!, values, meta, checksum: metadata.checksum === undefined ? 'absent' : 'verified', nonFinite: countNonFinite(values) };
}

/** "conv2d with weights [5, 5, 1, 6] and bias [6]", for architecture messages. */
function describeLayer(analysis: NetworkAnalysis, index: number): string {
  const layer = analysis.layers[index];
  if (!layer) return `absent (the network has ${analysis.layers.length} layers)`;
  const tensors = layer.tensors.map((t) => `${t.name} ${shapeText(t.shape)}`);
  return tensors.length === 0 ? `${layer.type} with no parameters` : `${layer.type} with ${tensors.join(', ')}`;
}

/**
 * Checks that a decoded file fits the current network (same tensors and shapes, layer by layer; activation types and
 * trainable flags may differ); throws ModelFileError('architecture-mismatch') naming the first differing layer.
 */
export function assertSameArchitecture(file: ModelFile, spec: NetworkSpec, fileName: string = DEFAULT_FILE_NAME): void {
  const saved = layoutOf(file.spec, fileName, `The network spec in ${fileName}`, FIX_FILE).analysis;
  const current = layoutOf(spec, fileName, 'The current network', FIX_NETWORK).analysis;
  const layers = Math.max(saved.layers.length, current.layers.length);
  for (let i = 0; i < layers; i++) {
    const a = saved.layers[i]?.tensors ?? [];
    const b = current.layers[i]?.tensors ?? [];
    const same = a.length === b.length && a.every((t, k) => t.name === b[k]!.name && sameShape(t.shape, b[k]!.shape));
    if (same) continue;
    throw new ModelFileError('architecture-mismatch', fileName,
      `${fileName} does not fit the current network: layer ${i + 1} is ${describeLayer(saved, i)} in the file but ${describeLayer(current, i)} in the current network. ` +
        `Load the network stored in the file, or build the same architecture before loading its weights.`);
  }
}

/** The file's values rearranged into the current network's layout (frozen flags may differ); checks the architecture first. */
export function valuesForNetwork(file: ModelFile, spec: NetworkSpec, fileName: string = DEFAULT_FILE_NAME): ParameterValues {
  assertSameArchitecture(file, spec, fileName);
  const from = layoutOf(file.spec, fileName, `The network spec in ${fileName}`, FIX_FILE).layout;
  const to = layoutOf(spec, fileName, 'The current network', FIX_NETWORK).layout;
  const values: ParameterValues = { params: new Float32Array(to.paramFloats), state: new Float32Array(to.stateFloats) };
  to.tensors.forEach((t, i) => {
    const s = from.tensors[i]!;
    bufferOf(values, t).set(bufferOf(file.values, s).subarray(s.offset, s.offset + s.size), t.offset);
  });
  return values;
}
