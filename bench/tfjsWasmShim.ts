// Makes TensorFlow.js's wasm backend train conv nets. tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter
// (tensorflow/tfjs#8474), so the weight gradient of a conv2d has no kernel. The shim writes it as a convolution the
// wasm backend's own Transpose and Conv2D kernels (XNNPACK) run:
//
//   dW[kh, kw, ci, co] = Σ_{n, oh, ow} xpad[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
//
// is the convolution of x' = transpose(x, [3, 1, 2, 0]) (batch ci, channels n) by the filter
// dy' = transpose(dy, [1, 2, 0, 3]) (OH x OW taps, n in, co out), with the forward's padding and its stride as the
// dilation: out[ci, kh, kw, co] = Σ_{oh, ow, n} x'pad[ci, kh + oh·s, kw + ow·s, n] · dy'[oh, ow, n, co], transposed
// back with [1, 2, 0, 3]. checkShim compares it with tfjs's CPU backend on the workloads' conv layers before timing.

import * as tf from '@tensorflow/tfjs';
import { analyze, type NetworkSpec } from '../src/model/index.ts';

type Info = tf.TensorInfo;
type KernelBackend = tf.KernelBackend & { disposeData(dataId: object): boolean };

function run(name: string, backendName: string, backend: KernelBackend, inputs: Record<string, Info>, attrs: Record<string, unknown>): Info {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel) throw new Error(`the ${backendName} backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

/** Registers the shim as `backendName`'s Conv2DBackpropFilter kernel. */
export function registerConv2dBackpropFilterShim(backendName: string): void {
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Info; dy: Info };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (dataFormat === 'NCHW') throw new Error('the Conv2DBackpropFilter shim takes NHWC only');
      const b = backend as KernelBackend;
      const conv = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
      const { top, bottom, left, right } = conv.padInfo;
      const xT = run(tf.Transpose, backendName, b, { x }, { perm: [3, 1, 2, 0] });
      const dyT = run(tf.Transpose, backendName, b, { x: dy }, { perm: [1, 2, 0, 3] });
      const out = run(tf.Conv2D, backendName, b, { x: xT, filter: dyT }, {
        strides: [1, 1],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [conv.strideHeight, conv.strideWidth],
        dimRoundingMode: 'floor',
      });
      b.disposeData(xT.dataId);
      b.disposeData(dyT.dataId);
      const [kh, kw] = filterShape;
      if (out.shape[1] !== kh || out.shape[2] !== kw) {
        b.disposeData(out.dataId);
        throw new Error(`the Conv2DBackpropFilter shim got a ${out.shape.join('x')} gradient for a ${filterShape.join('x')} filter (strided 'same' padding is not covered)`);
      }
      const dW = run(tf.Transpose, backendName, b, { x: out }, { perm: [1, 2, 0, 3] });
      b.disposeData(out.dataId);
      return dW;
    },
  });
}

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

/** The weight gradient of one conv layer on the current backend, by tf.grad (so through Conv2DBackpropFilter). */
function weightGradient(x: Float32Array, dy: Float32Array, w: Float32Array, shapes: { x: number[]; w: number[]; dy: number[] }, stride: number, pad: 'same' | 'valid'): Float32Array {
  return tf.tidy(() => {
    const X = tf.tensor4d(x, shapes.x as [number, number, number, number]);
    const DY = tf.tensor4d(dy, shapes.dy as [number, number, number, number]);
    const grad = tf.grad((W: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(X, W as tf.Tensor4D, stride, pad), DY)));
    return grad(tf.tensor4d(w, shapes.w as [number, number, number, number])).dataSync() as Float32Array;
  });
}

/**
 * Checks the shim on `backendName` against tfjs's CPU backend for every conv layer of `spec` (batch 2, seeded
 * values); throws naming the layer and the error when one is off. Leaves `backendName` as the active backend.
 */
export async function checkShim(backendName: string, spec: NetworkSpec): Promise<void> {
  const analysis = analyze(spec);
  for (const layer of analysis.layers) {
    if (layer.type !== 'conv2d' || !layer.window) continue;
    const [h, w, c] = layer.inputShape;
    const [oh, ow, co] = layer.outputShape;
    const [kh, kw] = layer.window.kernel;
    const stride = layer.window.stride[0];
    const pad = oh === h && ow === w ? 'same' : 'valid';
    const shapes = { x: [2, h, w, c], w: [kh, kw, c, co], dy: [2, oh, ow, co] };
    const x = seeded(2 * h * w * c, 1);
    const dy = seeded(2 * oh * ow * co, 2);
    const weights = seeded(kh * kw * c * co, 3);
    await tf.setBackend('cpu');
    const expected = weightGradient(x, dy, weights, shapes, stride, pad);
    await tf.setBackend(backendName);
    const got = weightGradient(x, dy, weights, shapes, stride, pad);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      scale = Math.max(scale, Math.abs(expected[i]!));
    }
    if (!(worst <= 1e-4 * Math.max(1, scale))) throw new Error(`the Conv2DBackpropFilter shim is off on layer ${layer.index + 1} (${shapes.x.join('x')} by ${shapes.w.join('x')}): worst error ${worst} of values up to ${scale}`);
  }
}
