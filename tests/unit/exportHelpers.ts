// Shared by the export tests: ConvLab's class probabilities (the CPU backend's predict, the same path the app and the
// CLI use) and onnxruntime-node's for the same raw images, plus seeded weights with non-trivial batchnorm statistics.

import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import type { Normalization } from '../../src/data/augment.ts';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import type { Backend } from '../../src/engine/backend.ts';
import { createCpuBackend } from '../../src/engine/cpu/backend.ts';
import { analyze, type NetworkSpec } from '../../src/model/index.ts';
import { optimizerConfig } from '../../src/model/optimizers.ts';
import { initialParameters, parameterLayout, type ParameterValues } from '../../src/model/parameters.ts';
import { trainingPlan } from '../../src/model/plan.ts';

/** Seeded uint8 NHWC images (mulberry32). */
export function randomImages(count: number, [h, w, c]: [number, number, number], seed: number): Uint8Array {
  let s = seed >>> 0;
  const out = new Uint8Array(count * h * w * c);
  for (let i = 0; i < out.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) % 256;
  }
  return out;
}

/** Seeded initial values with running means in [-0.5, 0.5] and variances in [0.5, 1.5], so batchnorm is not the identity. */
export function randomValues(spec: NetworkSpec, seed: number): ParameterValues {
  const layout = parameterLayout(analyze(spec));
  const values = initialParameters(layout, seed);
  for (const t of layout.tensors) {
    for (let i = 0; i < t.size; i++) {
      const r = Math.sin((t.offset + i + 1) * 12.9898 + seed) * 0.5;
      if (t.name === 'runningMean') values.state[t.offset + i] = r;
      else if (t.name === 'runningVar') values.state[t.offset + i] = 1 + r;
      else if (t.name === 'beta' || t.name === 'bias') values.params[t.offset + i] = r * 0.2;
      else if (t.name === 'gamma') values.params[t.offset + i] = 1 + r * 0.5;
    }
  }
  return values;
}

/** NHWC uint8 pixels → NCHW float32 in [0, 1], the exported model's input. */
export function toNCHW(images: Uint8Array, count: number, [h, w, c]: [number, number, number]): Float32Array {
  const out = new Float32Array(images.length);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((n * c + k) * h + y) * w + x] = images[((n * h + y) * w + x) * c + k]! / 255;
  return out;
}

/** Probabilities [count, classes] from onnxruntime for raw images; also checks the output's dims. */
export async function onnxProbabilities(model: Uint8Array, images: Uint8Array, count: number, shape: [number, number, number]): Promise<{ probs: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(model);
  try {
    const [h, w, c] = shape;
    const result = await session.run({ image: new ort.Tensor('float32', toNCHW(images, count, shape), [count, c, h, w]) });
    const out = result.probabilities!;
    return { probs: out.data as Float32Array, dims: out.dims };
  } finally {
    await session.release();
  }
}

/** ConvLab's probabilities through a backend's predict, image by image. */
export async function backendProbabilities(backend: Backend, images: Uint8Array, count: number): Promise<Float32Array[]> {
  const per = images.length / count;
  const out: Float32Array[] = [];
  for (let n = 0; n < count; n++) out.push(await backend.predict(images.subarray(n * per, (n + 1) * per)));
  return out;
}

/** A CPU backend holding `values` with data set up so predict normalises with `norm`. */
export async function cpuBackendFor(spec: NetworkSpec, values: ParameterValues, norm: Normalization): Promise<Backend> {
  const plan = trainingPlan(analyze(spec));
  const backend = await createCpuBackend({ plan, batchSize: 1, optimizer: optimizerConfig({ kind: 'sgd' }), seed: 0, initial: values });
  const [h, w, c] = plan.input;
  const one = { images: new Uint8Array(h * w * c), labels: new Uint8Array(1), count: 1 };
  await backend.setData({ train: one, test: one, validation: new Uint32Array(0), norm, augment: NO_AUGMENT });
  return backend;
}

/** max |a - b| over every image's probabilities; fails on a length mismatch or NaN. */
export function maxAbsDifference(onnx: Float32Array, convlab: Float32Array[]): number {
  const classes = convlab[0]!.length;
  expect(onnx.length).toBe(convlab.length * classes);
  let worst = 0;
  convlab.forEach((p, n) => p.forEach((v, k) => {
    const d = Math.abs(onnx[n * classes + k]! - v);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }));
  return worst;
}

/** A protobuf message's fields (wire types 0, 2 and 5), read back independently of the writer. */
export function protoFields(bytes: Uint8Array): { field: number; value: number | Uint8Array }[] {
  const out: { field: number; value: number | Uint8Array }[] = [];
  let at = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[at++]!;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return v;
    }
  };
  while (at < bytes.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    if (wire === 0) out.push({ field: tag >> 3, value: Number(BigInt.asIntN(64, varint())) });
    else if (wire === 2) {
      const n = Number(varint());
      out.push({ field: tag >> 3, value: bytes.subarray(at, at + n) });
      at += n;
    } else if (wire === 5) {
      out.push({ field: tag >> 3, value: new DataView(bytes.buffer, bytes.byteOffset + at, 4).getFloat32(0, true) });
      at += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);

/** The parts of an ONNX ModelProto the tests look at: opset, IR version, node op types in order, metadata. */
export function readOnnx(model: Uint8Array): { irVersion: number; opset: number; ops: string[]; metadata: Record<string, string> } {
  const top = protoFields(model);
  const graph = protoFields(top.find((f) => f.field === 7)!.value as Uint8Array);
  const ops = graph.filter((f) => f.field === 1).map((n) => text(protoFields(n.value as Uint8Array).find((f) => f.field === 4)!.value));
  const opsetFields = protoFields(top.find((f) => f.field === 8)!.value as Uint8Array);
  const metadata: Record<string, string> = {};
  for (const entry of top.filter((f) => f.field === 14)) {
    const kv = protoFields(entry.value as Uint8Array);
    metadata[text(kv.find((f) => f.field === 1)!.value)] = text(kv.find((f) => f.field === 2)!.value);
  }
  return { irVersion: top.find((f) => f.field === 1)!.value as number, opset: opsetFields.find((f) => f.field === 2)!.value as number, ops, metadata };
}
