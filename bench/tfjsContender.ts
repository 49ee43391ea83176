// TensorFlow.js 4.22 as a bench contender, on one of its browser backends (webgpu, webgl, wasm, cpu). The same layers,
// SGD with momentum 0.9 at lr 0.01 and batch 64 as ConvLab; the batches are uploaded once as normalised float
// tensors (an advantage ConvLab does not take: it gathers each batch from the dataset bytes on the GPU), and each
// step's loss is read back with await loss.data(), as a live chart needs.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { LayerSpec } from '../src/model/index.ts';
import type { BenchData, Contender, Runner } from './harness.ts';
import type { Workload } from './workloads.ts';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

/** Batches kept on the device and cycled through. */
const BATCHES = 4;

const pair = (v: number | [number, number] | undefined, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v);

/** The workload's spec as tf.layers (a final softmax is left out: the loss takes logits, as ConvLab fuses it). */
function buildModel(workload: Workload): tf.Sequential {
  const { height, width, channels } = workload.spec.input;
  const model = tf.sequential();
  const layers = workload.spec.layers as LayerSpec[];
  layers.forEach((l, i) => {
    const first = i === 0 ? { inputShape: [height, width, channels] } : {};
    if (l.type === 'conv2d') {
      const k = pair(l.kernelSize, 1);
      const p = pair(typeof l.padding === 'number' || Array.isArray(l.padding) ? l.padding : 0, 0);
      // tf.layers pads 'same' as (k-1)/2 per side at stride 1: exactly the workloads' paddings.
      const padding = p[0] === 0 && p[1] === 0 ? 'valid' : p[0] === (k[0] - 1) / 2 && p[1] === (k[1] - 1) / 2 ? 'same' : null;
      if (!padding) throw new Error(`layer ${i + 1}: tfjs bench supports only valid or same padding`);
      model.add(tf.layers.conv2d({ ...first, filters: l.filters, kernelSize: k, strides: pair(l.stride, 1), padding }));
    } else if (l.type === 'relu') model.add(tf.layers.reLU());
    else if (l.type === 'maxpool2d') model.add(tf.layers.maxPooling2d({ poolSize: pair(l.poolSize, 2), strides: pair(l.stride, pair(l.poolSize, 2)[0]) }));
    else if (l.type === 'flatten') model.add(tf.layers.flatten());
    else if (l.type === 'dense') model.add(tf.layers.dense({ ...first, units: l.units }));
    else if (l.type === 'softmax' && i === layers.length - 1) return;
    else throw new Error(`layer ${i + 1} (${l.type}) has no tfjs counterpart in the bench`);
  });
  return model;
}

/** Per-channel mean and standard deviation of the bench images (ConvLab's normalisation). */
function channelMoments(data: BenchData): { mean: number[]; std: number[] } {
  const c = data.shape[2];
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let i = 0; i < data.images.length; i++) {
    const v = data.images[i]! / 255;
    sum[i % c]! += v;
    sq[i % c]! += v * v;
  }
  const n = data.images.length / c;
  const mean = [...sum].map((s) => s / n);
  return { mean, std: [...sq].map((s, k) => Math.sqrt(Math.max(1e-12, s / n - mean[k]! ** 2))) };
}

async function openTfjs(backend: string, workload: Workload, data: BenchData): Promise<Runner> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} could not be initialised here`);
  await tf.ready();
  const B = workload.batchSize;
  const [h, w, c] = data.shape;
  const per = h * w * c;
  const { mean, std } = channelMoments(data);
  const normalise = (pixels: Uint8Array, n: number) =>
    tf.tidy(() => tf.tensor4d(pixels, [n, h, w, c], 'int32').toFloat().div(255).sub(tf.tensor1d(mean)).div(tf.tensor1d(std)));
  const batches = Array.from({ length: Math.min(BATCHES, Math.floor(data.count / B)) }, (_, b) => ({
    x: normalise(data.images.subarray(b * B * per, (b + 1) * B * per), B),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels.subarray(b * B, (b + 1) * B), 'int32'), data.classes).toFloat()),
  }));
  if (batches.length === 0) throw new Error(`the bench data holds fewer than ${B} examples`);
  const model = buildModel(workload);
  const optimizer = tf.train.momentum(workload.learningRate, workload.momentum);
  let step = 0;
  const use = async () => {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };
  return {
    async train(steps) {
      await use();
      let last = NaN;
      for (let i = 0; i < steps; i++) {
        const { x, y } = batches[step++ % batches.length]!;
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), true)!;
        last = (await loss.data())[0]!;
        loss.dispose();
      }
      return last;
    },
    async predict(index) {
      await use();
      const probs = tf.tidy(() => tf.softmax(model.predict(normalise(data.images.subarray(index * per, (index + 1) * per), 1)) as tf.Tensor));
      const out = (await probs.data()) as Float32Array;
      probs.dispose();
      return out;
    },
    dispose() {
      for (const b of batches) tf.dispose([b.x, b.y]);
      model.dispose();
      optimizer.dispose();
    },
  };
}

/** Slow CPU backends run a fraction of the steps, so the whole bench stays a few minutes long. */
const STEP_SCALE: Record<string, number> = { webgpu: 1, webgl: 1, wasm: 0.5, cpu: 0.25 };

export function tfjsContender(backend: string): Contender {
  return { name: `tfjs-${backend}`, stepScale: STEP_SCALE[backend] ?? 1, open: (workload, data) => openTfjs(backend, workload, data) };
}
