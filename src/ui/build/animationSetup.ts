// What the convolution animation slides over what: the input grid, the kernel (small integers, a classic filter or
// the learned one) and the geometry, or the sentence saying why there is nothing to show. Pure, tested in Node.
import { channelStats } from '../../data/augment.ts';
import { CLASSIC_KERNELS, filterOf, integerKernel, spreadChannels } from '../../model/exampleKernels.ts';
import type { LayerKind, WindowGeometry } from '../../model/index.ts';
import { positions, slide, slideAll, type Grid, type Slide, type SlideOp } from '../../model/slidingWindow.ts';

export const WINDOW_OPS: Partial<Record<LayerKind, SlideOp>> = { conv2d: 'conv', maxpool2d: 'max', avgpool2d: 'avg', l2pool2d: 'l2' };

export interface LearnedSource {
  /** A session is built in the worker. */
  built: boolean;
  weights: { values: ArrayLike<number>; shape: number[]; step: number } | null;
  error: string | null;
}

export interface SetupArgs {
  op: SlideOp;
  window: WindowGeometry;
  layerIndex: number;
  /** The grid to slide over, or null while it loads (with `inputProblem` saying why). */
  input: Grid | null;
  inputProblem: string;
  /** 'integers', a CLASSIC_KERNELS id, or 'learned'. */
  kernelId: string;
  learned: LearnedSource;
  filter: number;
}

export type AnimationSetup =
  | { problem: string }
  | { problem?: undefined; input: Grid; kernel?: Grid; slide: Slide; output: Float64Array; kernelNote: string; signedInput: boolean };

/** Each channel standardised by this image's own mean and std (the trained net saw the training set's, which are close). */
export function standardise(g: Grid): Grid {
  const { mean, std } = channelStats(Uint8Array.from(g.values), [g.height, g.width, g.channels], [0]);
  const values = Array.from(g.values, (v, i) => (v - mean[i % g.channels]!) / std[i % g.channels]!);
  return { ...g, values };
}

export function animationSetup(a: SetupArgs): AnimationSetup {
  const w = a.window;
  let input = a.input;
  if (!input) return { problem: a.inputProblem };
  let kernel: Grid | undefined;
  let kernelNote = `${w.kernel[0]}×${w.kernel[1]} window`;
  let signedInput = false;
  if (a.op === 'conv') {
    if (a.kernelId === 'learned') {
      if (a.layerIndex !== 0) return { problem: 'Only layer 1 sees the image itself; select layer 1 to use its learned kernel.' };
      if (!a.learned.built) return { problem: 'Train the network (Train view) to get learned kernels; until then pick a classic one.' };
      const weights = a.learned.weights;
      if (!weights) return { problem: a.learned.error ?? 'Reading the learned kernel…' };
      const shape = weights.shape;
      if (shape.length !== 4 || shape[0] !== w.kernel[0] || shape[1] !== w.kernel[1] || shape[2] !== input.channels) {
        return { problem: `The trained network's first kernel is ${shape.slice(0, 3).join('×')}, but this layer needs ${w.kernel[0]}×${w.kernel[1]}×${input.channels}; train it again after editing.` };
      }
      const f = Math.max(0, Math.min(a.filter, shape[3]! - 1));
      kernel = filterOf(weights.values, shape, f);
      input = standardise(input);
      signedInput = true;
      kernelNote = `learned filter ${f + 1} of ${shape[3]} (after ${weights.step} ${weights.step === 1 ? 'step' : 'steps'}); input standardised`;
    } else if (a.kernelId === 'integers') {
      kernel = integerKernel(w.kernel[0], w.kernel[1], input.channels);
      kernelNote = `${w.kernel[0]}×${w.kernel[1]} kernel of −1, 0, 1`;
    } else {
      const classic = CLASSIC_KERNELS.find((k) => k.id === a.kernelId);
      if (!classic) return { problem: `Unknown kernel "${a.kernelId}"; pick one from the list.` };
      kernel = input.channels === 1 ? classic.kernel : spreadChannels(classic.kernel, input.channels);
      kernelNote = `${classic.label} (3×3: ${classic.note})${input.channels > 1 ? `, spread over the ${input.channels} channels` : ''}`;
    }
  }
  const size: [number, number] = kernel ? [kernel.height, kernel.width] : w.kernel;
  const s = slide([input.height, input.width], { kernel: size, stride: w.stride, padding: w.padding, dilation: w.dilation });
  if (positions(s) === 0) {
    return { problem: `The ${size[0]}×${size[1]} window${w.dilation.some((d) => d > 1) ? ` (dilation ${w.dilation.join('×')})` : ''} does not fit this ${input.height}×${input.width} input with padding ${w.padding.join('×')}.` };
  }
  return { input, kernel, slide: s, output: slideAll(s, input, a.op, kernel), kernelNote, signedInput };
}
