// TensorFlow.js 4.22 as a bench contender, on one of its browser backends (webgpu, webgl, wasm with one thread,
// wasm with threads, cpu). The same layers, SGD with momentum 0.9 at lr 0.01 and batch 64 as ConvLab; the batches are
// uploaded once as normalised float tensors (an advantage ConvLab does not take: it gathers each batch from the
// dataset bytes itself), and each step's loss is read back with await loss.data(), as a live chart needs.
// The wasm backend trains through the Conv2DBackpropFilter shim (tfjsWasmShim.ts), checked before it is timed. Its
// one-thread SIMD build is tfjs's own 'wasm' backend; the threaded SIMD build is a second instance of the same backend
// registered here as 'wasm-threads' (with the same kernels), so both run side by side in one cross-origin isolated page.
// tfjs sizes that build's XNNPACK pool at most half the logical processors (it assumes two per core), up to 8: on a
// machine with 2 logical processors it runs on one thread; the table's threads column says what it got.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BackendWasm, getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { init as initWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { LayerSpec } from '../src/model/index.ts';
import type { ContenderSpec } from './contenders.ts';
import type { BenchData, Contender, Runner } from './harness.ts';
import { checkShim, registerConv2dBackpropFilterShim } from './tfjsWasmShim.ts';
import type { Workload } from './workloads.ts';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

/** The tfjs backend each tfjs contender flag runs on. */
const BACKEND_OF: Record<string, string> = { webgpu: 'webgpu', webgl: 'webgl', wasm: 'wasm', 'wasm-threads': 'wasm-threads', cpu: 'cpu' };
/** Threads the threaded wasm build got (known once it has started). */
let wasmThreads: number | undefined;

/** tfjs's 'wasm' as its one-thread SIMD build, 'wasm-threads' as the threaded one; both train through the shim. */
function registerWasmBackends(): void {
  if (tf.findBackendFactory('wasm-threads')) return;
  // tfjs picks the threaded build wherever the page may share memory: the plain 'wasm' contender is the one-thread one.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.registerBackend('wasm-threads', async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true);
    setThreadsCount(navigator.hardwareConcurrency || 1);
    try {
      const { wasm } = await initWasm();
      const backend = new BackendWasm(wasm);
      wasmThreads = getThreadsCount();
      return backend;
    } finally {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      setThreadsCount(-1);
    }
  }, 0);
  for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...kernel, backendName: 'wasm-threads' });
  registerConv2dBackpropFilterShim('wasm');
  registerConv2dBackpropFilterShim('wasm-threads');
}
registerWasmBackends();

/** The tfjs backend a contender flag names. */
export const tfjsBackendOf = (flag: string): string => BACKEND_OF[flag] ?? flag;

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
  // The shimmed weight gradient must match tfjs's CPU backend before anything is timed.
  if (backend.startsWith('wasm')) await checkShim(backend, workload.spec);
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
    ...(backend === 'wasm' && { threads: 1 }),
    ...(backend === 'wasm-threads' && wasmThreads !== undefined && { threads: wasmThreads }),
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

export function tfjsContender(spec: ContenderSpec): Contender {
  const backend = tfjsBackendOf(spec.flag);
  return { name: spec.name, stepScale: spec.stepScale, open: (workload, data) => openTfjs(backend, workload, data) };
}
