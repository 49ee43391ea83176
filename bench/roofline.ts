// The adapter's roofline: the best matrix-multiply GFLOP/s it reaches, over a few register-blocked kernels
// (bench/roofline_matmul.wgsl and the engine's own GEMMs) and sizes. Each candidate is checked against a few
// entries computed on the CPU, so a fast but wrong kernel cannot set the bar.

import { conv2dForwardEntryPoint, prepareConv2dForward } from '../src/engine/kernels/conv2d.ts';
import type { KernelDispatch } from '../src/engine/kernels/kernel.ts';
import { prepareMatmul } from '../src/engine/kernels/matmul.ts';
import type { WindowGeometry } from '../src/model/geometry.ts';
import { PipelineCache } from '../src/engine/pipelines.ts';

export interface RooflineCandidate {
  kernel: string;
  size: number;
  gflops: number;
}

export interface Roofline {
  /** The best GFLOP/s of any candidate. */
  gflops: number;
  best: RooflineCandidate;
  candidates: RooflineCandidate[];
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

interface Operands {
  size: number;
  a: Float32Array;
  b: Float32Array;
  bufA: GPUBuffer;
  bufAt: GPUBuffer;
  bufB: GPUBuffer;
  bufC: GPUBuffer;
}

function operands(device: GPUDevice, size: number): Operands {
  const a = seeded(size * size, 1);
  const b = seeded(size * size, 2);
  const at = new Float32Array(size * size);
  for (let i = 0; i < size; i++) for (let k = 0; k < size; k++) at[k * size + i] = a[i * size + k]!;
  const upload = (data: Float32Array) => {
    const buf = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, data);
    return buf;
  };
  const bufC = device.createBuffer({ size: size * size * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  return { size, a, b, bufA: upload(a), bufAt: upload(at), bufB: upload(b), bufC };
}

/** Compares C at a few positions with the CPU product; throws when the kernel is wrong. */
async function check(device: GPUDevice, o: Operands, kernel: string): Promise<void> {
  const n = o.size;
  const staging = device.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(o.bufC, 0, staging, 0, n * n * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const c = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, 3], [7, n - 5]] as const) {
    let want = 0;
    for (let k = 0; k < n; k++) want += o.a[i * n + k]! * o.b[k * n + j]!;
    if (!(Math.abs(c[i * n + j]! - want) <= 1e-3 * (1 + Math.abs(want)))) throw new Error(`roofline kernel ${kernel} is wrong at C[${i},${j}]: ${c[i * n + j]} vs ${want}`);
  }
}

/** Median GFLOP/s of encode() over a few submissions, each repeated enough to last ≥ targetMs. */
async function time(device: GPUDevice, size: number, encode: (pass: GPUComputePassEncoder) => void, targetMs: number): Promise<number> {
  const submit = async (times: number) => {
    const t0 = now();
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let r = 0; r < times; r++) encode(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return now() - t0;
  };
  const first = await submit(1);
  const times = Math.max(1, Math.min(256, Math.ceil(targetMs / Math.max(first, 0.01))));
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) samples.push(await submit(times));
  samples.sort((x, y) => x - y);
  const ms = samples[1]! / times;
  return (2 * size ** 3) / (ms / 1000) / 1e9;
}

export interface RooflineOptions {
  /** Matrix sizes tried (multiples of 64). */
  sizes?: number[];
  /** Each timed submission lasts about this long. */
  targetMs?: number;
  log?: (message: string) => void;
}

/** Finds the best matrix-multiply GFLOP/s of the device. `shaderCode` is bench/roofline_matmul.wgsl. */
export async function measureRoofline(device: GPUDevice, shaderCode: string, o: RooflineOptions = {}): Promise<Roofline> {
  const sizes = o.sizes ?? [256, 512];
  const targetMs = o.targetMs ?? 150;
  const module = device.createShaderModule({ label: 'roofline matmul', code: shaderCode });
  const cache = new PipelineCache(device);
  const candidates: RooflineCandidate[] = [];
  for (const size of sizes) {
    const ops = operands(device, size);
    const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, new Uint32Array([size, size, size, 0]));
    try {
      for (const [entry, rows, cols, wg] of [['main_8x8', 8, 8, 8], ['main_8x8', 8, 8, 4], ['main_4x8', 4, 8, 8], ['main_4x4', 4, 4, 8]] as const) {
        const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: entry, constants: { WG_X: wg, WG_Y: wg } } });
        const bind = device.createBindGroup({
          layout: pipeline.getBindGroupLayout(0),
          entries: [uniform, ops.bufAt, ops.bufB, ops.bufC].map((buffer, binding) => ({ binding, resource: { buffer } })),
        });
        const groups = [Math.ceil(size / cols / wg), Math.ceil(size / rows / wg)] as const;
        const encode = (pass: GPUComputePassEncoder) => {
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(groups[0], groups[1]);
        };
        const kernel = `${entry.slice(5)} blocks, ${wg}x${wg} workgroup`;
        const gflops = await time(device, size, encode, targetMs);
        await check(device, ops, kernel);
        candidates.push({ kernel, size, gflops });
        o.log?.(`roofline ${kernel} ${size}³: ${gflops.toFixed(3)} GFLOP/s`);
      }
      // The engine's own GEMMs: the dense layers' matmul, and a 1x1 convolution over a size x 1 image of size channels
      // into size filters (C = A·B with A as the image and B as the weights), its widest register-blocked tile.
      const window = (n: number): WindowGeometry => ({ input: [n, 1, n], output: [n, 1, n], kernel: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 });
      const matmul = await prepareMatmul(cache, { a: ops.bufA, b: ops.bufB, c: ops.bufC, M: size, N: size, K: size });
      const engines: [string, KernelDispatch][] = [
        [`engine matmul (${matmul.entryPoint})`, matmul],
        [`engine conv2d 1x1 (${conv2dForwardEntryPoint(window(size))})`, await prepareConv2dForward(cache, { geometry: window(size), batch: 1, x: ops.bufA, w: ops.bufB, y: ops.bufC })],
      ];
      for (const [kernel, dispatch] of engines) {
        try {
          const gflops = await time(device, size, dispatch.encode, targetMs);
          await check(device, ops, kernel);
          candidates.push({ kernel, size, gflops });
          o.log?.(`roofline ${kernel} ${size}³: ${gflops.toFixed(3)} GFLOP/s`);
        } finally {
          dispatch.destroy();
        }
      }
    } finally {
      for (const b of [ops.bufA, ops.bufAt, ops.bufB, ops.bufC, uniform]) b.destroy();
    }
  }
  const best = candidates.reduce((x, y) => (y.gflops > x.gflops ? y : x));
  return { gflops: best.gflops, best, candidates };
}

/** The better of two roofline measurements (the bench measures before and after the workloads, so drift cannot flatter them). */
export function bestRoofline(a: Roofline | null, b: Roofline | null): Roofline | null {
  if (!a || !b) return a ?? b;
  const candidates = [...a.candidates, ...b.candidates];
  const best = candidates.reduce((x, y) => (y.gflops > x.gflops ? y : x));
  return { gflops: best.gflops, best, candidates };
}
