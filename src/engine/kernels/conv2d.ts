// Convolution kernels (shaders/conv2d_forward.wgsl, conv2d_backward_input.wgsl, conv2d_backward_weights.wgsl):
// forward, ∂L/∂x and ∂L/∂w of a 2-D convolution over NHWC with stride, zero padding, dilation and groups, matching
// src/model/reference/conv2d.ts. All three are implicit GEMMs with register blocking; the bias gradient is biasGrad.ts.

import type { WindowGeometry } from '../../model/geometry.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch, type UniformValue } from './kernel.ts';

/** Invocations per workgroup (the shaders' WG). */
export const CONV_WORKGROUP = 64;
/** Output pixels per invocation of the forward pass, input pixels per invocation of backward-input. */
const PIXEL_BLOCK = 8;

export interface Conv2dForwardArgs {
  geometry: WindowGeometry;
  batch: number;
  /** [batch, H, W, C] */
  x: BufferRef;
  /** [KH, KW, C/groups, F] */
  w: BufferRef;
  /** [F]; null or absent when the layer has no bias. */
  bias?: BufferRef | null;
  /** [batch, OH, OW, F], written. */
  y: BufferRef;
  /** fused ReLU epilogue: y = max(0, conv + bias) */
  relu?: boolean;
  /** The tile (one of conv2dForwardVariants); default the first. */
  variant?: ForwardVariant;
}

/** The sizes every conv shader reads, checked once. */
interface ConvDims {
  H: number; W: number; C: number; OH: number; OW: number; F: number;
  /** Input channels and filters per group. */
  Cg: number; Fg: number;
  groups: number;
}

function dims(name: string, g: WindowGeometry, batch: number): ConvDims {
  const [H, W, C] = g.input;
  const [OH, OW, F] = g.output;
  const positive = { batch, H, W, C, OH, OW, F, groups: g.groups, KH: g.kernel[0], KW: g.kernel[1], SH: g.stride[0], SW: g.stride[1], DH: g.dilation[0], DW: g.dilation[1] };
  for (const [k, v] of Object.entries(positive))
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${k} must be a positive integer, got ${v}`);
  for (const p of g.padding) if (!Number.isInteger(p) || p < 0) throw new Error(`${name}: padding must be a non-negative integer, got ${p}`);
  if (C % g.groups !== 0 || F % g.groups !== 0) throw new Error(`${name}: groups ${g.groups} must divide channels ${C} and filters ${F}`);
  return { H, W, C, OH, OW, F, Cg: C / g.groups, Fg: F / g.groups, groups: g.groups };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Filters per invocation of a forward or backward-weights entry point, by its name's suffix (4 when it has none). */
function filterWidth(entry: string): number {
  return entry.endsWith('_f16') ? 16 : entry.endsWith('_f8') ? 8 : 4;
}

/** Input channels per invocation of a backward-input entry point, by its name's suffix (4 when it has none). */
function channelWidth(entry: string): number {
  const m = /_c(\d+)$/.exec(entry);
  return m ? Number(m[1]) : 4;
}

/** KH, KW, SH, SW, PH, PW, DH, DW: the window fields, in the order all three Params structs declare them. */
function windowFields(g: WindowGeometry): number[] {
  return [...g.kernel, ...g.stride, ...g.padding, ...g.dilation];
}

async function prepare(
  cache: PipelineCache,
  shader: string,
  entryPoint: string,
  constants: Record<string, number | boolean>,
  uniforms: UniformValue[],
  buffers: BufferRef[],
  label: string,
): Promise<KernelDispatch> {
  const count = uniforms[0] as number;
  const kernel = await prepareKernel(cache, {
    shader,
    entryPoint,
    constants: { WG: CONV_WORKGROUP, ...constants },
    uniforms,
    buffers,
    workgroups: workgroups1d(count, CONV_WORKGROUP),
    label,
  });
  return { encode: kernel.encode, destroy: kernel.destroy };
}

/**
 * Whether the row-of-three-taps tiles fit (main_row3*): a 3-wide kernel row at stride 1 without groups, over blocks of
 * 8 pixels that stay in one row of the output (forward, backward-weights) or input (backward-input).
 */
function rowOfThree(g: WindowGeometry, along: 'output' | 'input'): boolean {
  return g.kernel[1] === 3 && g.stride[1] === 1 && g.dilation[1] === 1 && g.groups === 1 && g[along][1] % PIXEL_BLOCK === 0;
}

/**
 * Whether the row-of-five-taps tiles fit (main_row5*): a 5-wide kernel row at stride 1 without groups (LeNet's layers).
 * Their blocks of 8, 10 or 14 pixels never cross a row, so any width fits (the last block of a row is partly idle).
 */
function rowOfFive(g: WindowGeometry): boolean {
  return g.kernel[1] === 5 && g.stride[1] === 1 && g.dilation[1] === 1 && g.groups === 1;
}

export type ForwardEntryPoint = 'main_row5p14s_f8' | 'main_row5p10s_f8' | 'main_row3p16_f8' | 'main_row3_f16' | 'main_row3s_f16' | 'main_vec4x4_f16' | 'main_vec4x4_f8' | 'main_vec4x4' | 'main_vec4_f16' | 'main_vec4_f8' | 'main_vec4' | 'main_f8' | 'main';

/** Pixels per block of the row-of-five forward tiles, which lay their blocks per output row (the others along P). */
const ROW_OF_FIVE_PIXELS: Partial<Record<ForwardEntryPoint, number>> = { main_row5p10s_f8: 10, main_row5p14s_f8: 14 };

/** A forward tile: the entry point and, for main_vec4(_f8, _f16), its input channels per loop step (1 for the others). */
export interface ForwardVariant {
  entryPoint: ForwardEntryPoint;
  channelStep: 1 | 2 | 3;
}

/**
 * Every forward tile that fits the geometry, best guess first: vec4 along F when each group's filters come in quads
 * (8 or 16 filters per invocation when they come in octets or sixteens), along C too when channels do, else scalar
 * (8 filters per invocation without groups); main_vec4(_f8, _f16) takes 3 or 2 channels per loop step where they divide Cg
 * (fewer tap computations). The build-time tuner times the first two.
 */
export function conv2dForwardVariants(g: WindowGeometry): ForwardVariant[] {
  const Cg = g.input[2] / g.groups;
  const Fg = g.output[2] / g.groups;
  if (Fg % 4 !== 0)
    return [
      ...(rowOfFive(g) ? [{ entryPoint: 'main_row5p14s_f8', channelStep: 1 } as const] : []),
      ...(g.groups === 1 ? [{ entryPoint: 'main_f8', channelStep: 1 } as const] : []),
      { entryPoint: 'main', channelStep: 1 },
    ];
  const row3 = rowOfThree(g, 'output');
  if (Cg % 4 === 0)
    return (['main_row3p16_f8', 'main_row3_f16', 'main_vec4x4_f16', 'main_vec4x4_f8', 'main_vec4x4'] as const)
      .filter((e) => Fg % filterWidth(e) === 0 && (!e.startsWith('main_row3') || row3) && (e !== 'main_row3p16_f8' || g.output[1] % 16 === 0))
      .map((entryPoint) => ({ entryPoint, channelStep: 1 }));
  const steps = ([3, 2, 1] as const).filter((s) => Cg % s === 0);
  const wider = (['main_row5p10s_f8', 'main_row3s_f16', 'main_vec4_f16', 'main_vec4_f8'] as const).filter(
    (e) => Fg % filterWidth(e) === 0 && (e !== 'main_row3s_f16' || row3) && (e !== 'main_row5p10s_f8' || rowOfFive(g)),
  );
  return [...wider.map((entryPoint) => ({ entryPoint, channelStep: entryPoint.startsWith('main_row') ? 1 : steps[0]! })), ...steps.map((channelStep) => ({ entryPoint: 'main_vec4', channelStep }) as const)];
}

/** The forward entry point the heuristic picks first. */
export function conv2dForwardEntryPoint(g: WindowGeometry): ForwardEntryPoint {
  return conv2dForwardVariants(g)[0]!.entryPoint;
}

/** y = conv(x, w) + bias (optionally ReLU'd); every y element is written. */
export async function prepareConv2dForward(cache: PipelineCache, a: Conv2dForwardArgs): Promise<KernelDispatch> {
  const d = dims('conv2d forward', a.geometry, a.batch);
  const { entryPoint: entry, channelStep } = a.variant ?? conv2dForwardVariants(a.geometry)[0]!;
  if (!conv2dForwardVariants(a.geometry).some((v) => v.entryPoint === entry && v.channelStep === channelStep))
    throw new Error(`conv2d forward: ${entry} with channel step ${channelStep} does not fit Cg ${d.Cg}, Fg ${d.Fg}`);
  // Filter groups per pixel block (the vec4 tiles only fit where F divides evenly; main and main_f8 clamp the last).
  const lanes = Math.ceil(d.F / filterWidth(entry));
  const pixels = a.batch * d.OH * d.OW;
  const block = entry === 'main_row3p16_f8' ? 2 * PIXEL_BLOCK : PIXEL_BLOCK;
  const rowBlock = ROW_OF_FIVE_PIXELS[entry];
  const blocks = rowBlock ? a.batch * d.OH * Math.ceil(d.OW / rowBlock) : Math.ceil(pixels / block);
  const uniforms = [blocks * lanes, lanes, pixels, d.H, d.W, d.C, d.OH, d.OW, d.F, ...windowFields(a.geometry), d.Cg, d.Fg];
  // The shader statically uses the bias binding, so it is always bound: a 16-byte placeholder when there is no bias.
  const placeholder = a.bias ? null : cache.device.createBuffer({ label: 'conv2d no-bias', size: 16, usage: GPUBufferUsage.STORAGE });
  const constants = { HAS_BIAS: a.bias != null, RELU: a.relu ?? false, GROUPED: d.groups > 1 && entry === 'main', ...(/^main_vec4(_f8|_f16)?$/.test(entry) && { CSTEP: channelStep }) };
  const kernel = await prepare(cache, 'conv2d_forward', entry, constants, uniforms, [a.x, a.w, a.y, a.bias ?? placeholder!], 'conv2d forward');
  return {
    encode: kernel.encode,
    destroy() {
      kernel.destroy();
      placeholder?.destroy();
    },
  };
}

export type BackwardInputEntryPoint = 'main_row5_c6' | 'main_row5_c8' | 'main_row3p16_c8' | 'main_row3_c16' | 'main_vec4_c32' | 'main_vec4_c16' | 'main_vec4_c8' | 'main_vec4' | 'main';

/**
 * Every backward-input entry point that fits, best guess first: vec4 along F when each group's filters come in quads
 * and a channel quad shares a group, 8 or 16 channels per invocation when that many share a group (without groups,
 * channels past C are clamped).
 */
export function conv2dBackwardInputEntryPoints(g: WindowGeometry): BackwardInputEntryPoint[] {
  const Cg = g.input[2] / g.groups;
  const Fg = g.output[2] / g.groups;
  if (Fg % 4 !== 0 || !(g.groups === 1 || Cg % 4 === 0)) return ['main'];
  // Wider tiles only where they waste no more than a quarter of their channels (LeNet's 6 take 8, not 16).
  const fits = (n: number) => (g.groups === 1 && g.input[2] >= (3 * n) / 4) || Cg % n === 0;
  // A row of three taps at stride 1 over blocks of 8 or 16 pixels that stay in one input row.
  const row3 = rowOfThree(g, 'input') && g.stride[0] === 1;
  const rows = [
    ...(rowOfFive(g) && g.stride[0] === 1 && Cg % 6 === 0 ? ['main_row5_c6' as const] : []),
    ...(rowOfFive(g) && g.stride[0] === 1 && fits(8) ? ['main_row5_c8' as const] : []),
    ...(row3 && Cg % 8 === 0 && g.input[1] % 16 === 0 ? ['main_row3p16_c8' as const] : []),
    ...(row3 && Cg % 16 === 0 ? ['main_row3_c16' as const] : []),
  ];
  return [...rows, ...(['main_vec4_c32', 'main_vec4_c16', 'main_vec4_c8'] as const).filter((e) => fits(channelWidth(e))), 'main_vec4'];
}

/** The backward-input entry point the heuristic picks first. */
export function conv2dBackwardInputEntryPoint(g: WindowGeometry): BackwardInputEntryPoint {
  return conv2dBackwardInputEntryPoints(g)[0]!;
}

/** dx [batch,H,W,C] = ∂L/∂x from dy [batch,OH,OW,F] and w; every dx element is written. */
export async function prepareConv2dBackwardInput(
  cache: PipelineCache,
  a: { geometry: WindowGeometry; batch: number; dy: BufferRef; w: BufferRef; dx: BufferRef; entryPoint?: BackwardInputEntryPoint },
): Promise<KernelDispatch> {
  const g = a.geometry;
  const d = dims('conv2d backward input', g, a.batch);
  const entry = a.entryPoint ?? conv2dBackwardInputEntryPoint(g);
  if (!conv2dBackwardInputEntryPoints(g).includes(entry)) throw new Error(`conv2d backward input: entry point ${entry} does not fit C ${d.C}, Cg ${d.Cg}, Fg ${d.Fg}`);
  const SW = g.stride[1];
  const lanes = Math.ceil(d.C / channelWidth(entry));
  // Pixels of one row are grouped by column phase ix mod SW, PIXEL_BLOCK per invocation.
  const phases = Math.min(SW, d.W);
  const blocks = Math.ceil(Math.ceil(d.W / SW) / (entry === 'main_row3p16_c8' ? 2 * PIXEL_BLOCK : PIXEL_BLOCK));
  const count = a.batch * d.H * phases * blocks * lanes;
  // Periods of the taps that divide evenly by the stride (the shader visits only those).
  const tapPeriods = [g.stride[0] / gcd(g.stride[0], g.dilation[0]), g.stride[1] / gcd(g.stride[1], g.dilation[1])];
  const uniforms = [count, lanes, blocks, phases, d.H, d.W, d.C, d.OH, d.OW, d.F, ...windowFields(g), d.Cg, d.Fg, ...tapPeriods];
  const sameGroup = d.groups === 1 || d.Cg % 4 === 0;
  return prepare(cache, 'conv2d_backward_input', entry, { SAME_GROUP: sameGroup }, uniforms, [a.dy, a.w, a.dx], 'conv2d backward input');
}

/**
 * The backward-weights entry point: vec4 dy when each group's filters come in quads, vec4 x too when channels do, and
 * 8 dW rows per invocation when channels come in octets (half the loads and index math per FMA), by 8 filters when
 * filters do too (the 8x8 blocking of the best matmul), or by 16 (the tuner keeps the faster of the first two).
 */
export function conv2dBackwardWeightsEntryPoint(g: WindowGeometry): BackwardWeightsEntryPoint {
  return conv2dBackwardWeightsEntryPoints(g)[0]!;
}

export type BackwardWeightsEntryPoint = 'main_row5p14s_f8' | 'main_row5p10_f8' | 'main_row3_f8' | 'main_row3s_f16' | 'main_taps' | 'main_taps_f16' | 'main_taps_f8' | 'main_vec4x16_f16' | 'main_vec4x8_f16' | 'main_vec4x8_f8' | 'main_vec4x8' | 'main_vec4x4' | 'main_vec4_f8' | 'main_vec4' | 'main';

/** Kernel widths main_taps and main_taps_f8/f16 unroll (their accumulators). */
const MAX_TAPS = 8;
const MAX_TAPS_RGB = 5;

/** Entry points whose invocation owns a whole kernel row: all KW taps of every input channel (one to three). */
const WHOLE_KERNEL_ROW: readonly BackwardWeightsEntryPoint[] = ['main_taps', 'main_taps_f8', 'main_taps_f16', 'main_row3s_f16', 'main_row5p14s_f8'];

/** Every backward-weights entry point that fits the geometry, fastest first (main fits any shape). */
export function conv2dBackwardWeightsEntryPoints(g: WindowGeometry): BackwardWeightsEntryPoint[] {
  const Cg = g.input[2] / g.groups;
  const Fg = g.output[2] / g.groups;
  const out: BackwardWeightsEntryPoint[] = [];
  const row3 = rowOfThree(g, 'output');
  if (g.input[2] === 1 && rowOfFive(g)) out.push('main_row5p14s_f8');
  if (g.input[2] > 1 && rowOfFive(g) && Fg % 8 === 0) out.push('main_row5p10_f8');
  if (g.input[2] === 1 && g.groups === 1 && g.kernel[1] <= MAX_TAPS) out.push('main_taps');
  if (g.input[2] <= 3 && row3 && Fg % 16 === 0) out.push('main_row3s_f16');
  if (g.input[2] <= 3 && g.groups === 1 && g.kernel[1] <= MAX_TAPS_RGB) out.push(...(['main_taps_f16', 'main_taps_f8'] as const).filter((e) => Fg % filterWidth(e) === 0));
  if (row3 && Cg % 8 === 0 && Fg % 8 === 0) out.push('main_row3_f8');
  if (Fg % 16 === 0 && Cg % 16 === 0) out.push('main_vec4x16_f16');
  if (Fg % 16 === 0 && Cg % 8 === 0) out.push('main_vec4x8_f16');
  if (Fg % 8 === 0 && Cg % 8 === 0) out.push('main_vec4x8_f8');
  if (Fg % 4 === 0 && Cg % 8 === 0) out.push('main_vec4x8');
  if (Fg % 4 === 0 && Cg % 4 === 0) out.push('main_vec4x4');
  // Small groups (an RGB or LeNet layer's Cg of 3 or 6) take all their rows at once, by 8 filters when they fit.
  if (Fg % 8 === 0 && Cg % 4 !== 0) out.push('main_vec4_f8');
  if (Fg % 4 === 0) out.push('main_vec4');
  out.push('main');
  return out;
}

/**
 * Invocations a backward-weights dispatch should reach by splitting its batch (conv2d_backward_weights.wgsl): 64
 * workgroups, enough to spread over every core SwiftShader uses and to give a GPU's SMs several workgroups each.
 */
export const CONV_DW_TARGET_INVOCATIONS = 64 * CONV_WORKGROUP;

/** The tile of one backward-weights entry point: filter quads, dW rows per invocation, and the unsplit invocations. */
function backwardWeightsTile(g: WindowGeometry, d: ConvDims, entry: BackwardWeightsEntryPoint): { lanes: number; rowBlock: number; rowBlocks: number; count: number; wholeRow: boolean } {
  const lanes = Math.ceil(d.F / filterWidth(entry));
  const wholeRow = WHOLE_KERNEL_ROW.includes(entry);
  // dW rows per invocation: one when there is a single input channel per group (4 would compute 3 copies of it).
  // main_vec4 takes all of a small group's channels at once (LeNet's 6, RGB's 3): no clamped row computed twice.
  // main_row5p10_f8 takes channel pairs.
  const rowBlock = wholeRow ? d.Cg : entry.startsWith('main_vec4x16') ? 16 : entry.startsWith('main_vec4x8') || entry === 'main_row3_f8' ? 8 : entry === 'main_row5p10_f8' ? 2 : d.Cg === 1 ? 1 : (entry === 'main_vec4' || entry === 'main_vec4_f8') && d.Cg <= 8 ? d.Cg : 4;
  const rowBlocks = Math.ceil(d.Cg / rowBlock);
  // One invocation per kernel row (the whole-row tiles, main_row3_f8 and main_row5p10_f8) or per tap, then per row block and filter group.
  const count = g.kernel[0] * (wholeRow || entry === 'main_row3_f8' || entry === 'main_row5p10_f8' ? 1 : g.kernel[1]) * rowBlocks * lanes;
  return { lanes, rowBlock, rowBlocks, count, wholeRow };
}

/** How the batch is split: `slices` runs of `sliceImages` images (every slice non-empty), 1 slice when dW alone is enough work. */
export function conv2dBackwardWeightsSlices(g: WindowGeometry, batch: number, entry = conv2dBackwardWeightsEntryPoint(g)): { slices: number; sliceImages: number } {
  const { count } = backwardWeightsTile(g, dims('conv2d backward weights', g, batch), entry);
  const wanted = Math.min(batch, Math.ceil(CONV_DW_TARGET_INVOCATIONS / count));
  const sliceImages = Math.ceil(batch / wanted);
  return { slices: Math.ceil(batch / sliceImages), sliceImages };
}

/**
 * dw [KH,KW,C/groups,F] = ∂L/∂w summed over the batch; every dw element is written. With more than one slice the
 * kernel writes partial blocks to a buffer it owns and a second dispatch (shaders/sum_slices.wgsl) sums them into dw.
 */
export async function prepareConv2dBackwardWeights(
  cache: PipelineCache,
  a: { geometry: WindowGeometry; batch: number; x: BufferRef; dy: BufferRef; dw: BufferRef; entryPoint?: BackwardWeightsEntryPoint; sliceImages?: number },
): Promise<KernelDispatch> {
  const g = a.geometry;
  const d = dims('conv2d backward weights', g, a.batch);
  const entry = a.entryPoint ?? conv2dBackwardWeightsEntryPoint(g);
  if (!conv2dBackwardWeightsEntryPoints(g).includes(entry)) throw new Error(`conv2d backward weights: entry point ${entry} does not fit Cg ${d.Cg}, Fg ${d.Fg}`);
  const sliceImages = a.sliceImages ?? conv2dBackwardWeightsSlices(g, a.batch, entry).sliceImages;
  if (!Number.isInteger(sliceImages) || sliceImages < 1) throw new Error(`conv2d backward weights: images per slice must be a positive integer, got ${sliceImages}`);
  const slices = Math.ceil(a.batch / sliceImages);
  const { lanes, rowBlock, rowBlocks, count, wholeRow } = backwardWeightsTile(g, d, entry);
  const uniforms = [count * slices, lanes, rowBlocks, a.batch, d.H, d.W, d.C, d.OH, d.OW, d.F, ...windowFields(g), d.Cg, d.Fg, slices, sliceImages];
  const constants = {
    GROUPED: d.groups > 1 && entry === 'main',
    ROW_BLOCK: rowBlock,
    ...(wholeRow && { TAPS: g.kernel[1] }),
    ...(wholeRow && entry !== 'main_taps' && entry !== 'main_row5p14s_f8' && { CH: d.C, QUADS: filterWidth(entry) / 4 }),
  };
  const n = g.kernel[0] * g.kernel[1] * d.Cg * d.F;
  const partial = slices > 1 ? cache.device.createBuffer({ label: 'conv2d dW slices', size: slices * n * 4, usage: GPUBufferUsage.STORAGE }) : null;
  const kernel = await prepare(cache, 'conv2d_backward_weights', entry, constants, uniforms, [a.x, a.dy, partial ?? a.dw], 'conv2d backward weights');
  const sum = partial
    ? await prepareKernel(cache, {
        shader: 'sum_slices',
        constants: { WG: CONV_WORKGROUP },
        uniforms: [n, slices],
        buffers: [partial, a.dw],
        workgroups: workgroups1d(n, CONV_WORKGROUP),
        label: 'conv2d dW slice sum',
      })
    : null;
  return {
    encode(pass) {
      kernel.encode(pass);
      sum?.encode(pass);
    },
    destroy() {
      kernel.destroy();
      sum?.destroy();
      partial?.destroy();
    },
  };
}
