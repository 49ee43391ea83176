// The animation's setup (which input, which kernel, or why nothing can be shown) and the drag-and-drop words.
import type { Active, Over } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_INPUT } from '../../../src/model/exampleKernels.ts';
import { makeWindow } from '../../../src/model/reference/tensor.ts';
import { conv2dForward } from '../../../src/model/reference/conv2d.ts';
import type { Grid } from '../../../src/model/slidingWindow.ts';
import { animationSetup, standardise, type SetupArgs } from '../../../src/ui/build/animationSetup.ts';
import { dropIndex, makeAnnouncements, paletteData, STACK_END_ID } from '../../../src/ui/build/dnd.ts';

const lenetWindow = makeWindow({ input: [28, 28, 1], kernel: 5, filters: 6, padding: 2 });
const noLearned = { built: false, weights: null, error: null };
const args = (over: Partial<SetupArgs>): SetupArgs => ({
  op: 'conv',
  window: lenetWindow,
  layerIndex: 0,
  input: EXAMPLE_INPUT,
  inputProblem: 'loading',
  kernelId: 'integers',
  learned: noLearned,
  filter: 0,
  ...over,
});

/** A 28x28 gray "image" with a bright square, as uint8 values. */
const image: Grid = { height: 28, width: 28, channels: 1, values: Array.from({ length: 784 }, (_, i) => ((i % 28) > 8 && (i % 28) < 20 && i > 200 && i < 600 ? 255 : 0)) };

describe('animation setup', () => {
  it('small integers of the layer kernel size over the 7x7 example with the layer padding', () => {
    const s = animationSetup(args({}));
    if (s.problem !== undefined) throw new Error(s.problem);
    expect(s.slide.output).toEqual([7, 7]);
    expect(s.kernel!.height).toBe(5);
    expect(s.kernelNote).toBe('5×5 kernel of −1, 0, 1');
  });

  it('a classic kernel keeps its own 3x3 size; pooling needs no kernel', () => {
    const sobel = animationSetup(args({ kernelId: 'sobel-x' }));
    expect(sobel.problem === undefined && sobel.slide.output).toEqual([9, 9]);
    const pool = animationSetup(args({ op: 'max', window: makeWindow({ input: [28, 28, 6], kernel: 2, stride: 2 }) }));
    expect(pool.problem === undefined && pool.kernel).toBeUndefined();
    expect(pool.problem === undefined && pool.slide.output).toEqual([3, 3]);
  });

  it('says why nothing shows: loading, no session, a deeper layer, a stale session, no room', () => {
    expect(animationSetup(args({ input: null, inputProblem: 'Loading the dataset…' }))).toEqual({ problem: 'Loading the dataset…' });
    expect(animationSetup(args({ input: image, kernelId: 'learned' })).problem).toMatch(/^Train the network/);
    expect(animationSetup(args({ input: image, kernelId: 'learned', layerIndex: 3 })).problem).toMatch(/^Only layer 1 sees the image/);
    const stale = { built: true, weights: { values: new Float32Array(3 * 3 * 8), shape: [3, 3, 1, 8], step: 5 }, error: null };
    expect(animationSetup(args({ input: image, kernelId: 'learned', learned: stale })).problem).toMatch(/first kernel is 3×3×1, but this layer needs 5×5×1/);
    const big = makeWindow({ input: [28, 28, 1], kernel: 11, filters: 1 });
    expect(animationSetup(args({ window: big })).problem).toBe('The 11×11 window does not fit this 7×7 input with padding 0×0.');
    expect(animationSetup(args({ kernelId: 'nope' })).problem).toMatch(/Unknown kernel "nope"/);
  });

  it('slides a learned filter over the standardised image, matching the reference conv2d', () => {
    const weights = Float32Array.from({ length: 5 * 5 * 1 * 6 }, (_, i) => Math.sin(i));
    const learned = { built: true, weights: { values: weights, shape: [5, 5, 1, 6], step: 42 }, error: null };
    const s = animationSetup(args({ input: image, kernelId: 'learned', learned, filter: 2 }));
    if (s.problem !== undefined) throw new Error(s.problem);
    expect(s.kernelNote).toBe('learned filter 3 of 6 (after 42 steps); input standardised');
    expect(s.signedInput).toBe(true);
    const x = Float64Array.from(standardise(image).values);
    const ref = conv2dForward(x, Float64Array.from(weights), null, lenetWindow, 1);
    expect(s.output).toHaveLength(28 * 28);
    s.output.forEach((v, i) => expect(v).toBeCloseTo(ref[i * 6 + 2]!, 6));
  });

  it('standardises to mean 0 and std 1 per channel', () => {
    const g = standardise(image);
    const xs = Array.from(g.values);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(0, 10);
    expect(sd).toBeCloseTo(1, 10);
  });
});

describe('drag and drop', () => {
  const over = (id: string, data: unknown) => ({ id, data: { current: data } }) as unknown as Over;
  const active = (data: unknown) => ({ id: 'a', data: { current: data } }) as unknown as Active;

  it('drops before the card under the pointer, or at the end', () => {
    expect(dropIndex(over('layer-3', { from: 'stack', index: 2, label: 'layer 3 (ReLU)' }), 5)).toBe(2);
    expect(dropIndex(over(STACK_END_ID, { from: 'end', label: 'the end of the stack' }), 5)).toBe(5);
    expect(dropIndex(null, 5)).toBeNull();
    expect(dropIndex(over('palette:relu', paletteData('relu')), 5)).toBeNull();
  });

  it('announces each step in words', () => {
    const announcements = makeAnnouncements(() => 5);
    const a = active(paletteData('conv2d'));
    const card = over('layer-2', { from: 'stack', index: 1, label: 'layer 2 (ReLU)' });
    expect(announcements.onDragStart({ active: a })).toMatch(/^Picked up a new Conv 2D layer\./);
    expect(announcements.onDragOver({ active: a, over: card })).toBe('A new Conv 2D layer would be inserted before layer 2 (ReLU).');
    expect(announcements.onDragEnd({ active: a, over: card })).toBe('Dropped. A new Conv 2D layer was inserted before layer 2 (ReLU).');
    const moving = active({ from: 'stack', index: 0, label: 'layer 1 (Conv 2D)' });
    expect(announcements.onDragOver({ active: moving, over: card })).toBe('Layer 1 (Conv 2D) would move to position 2.');
    expect(announcements.onDragEnd({ active: moving, over: card })).toBe('Dropped. Layer 1 (Conv 2D) moved to position 2.');
    // A drop that changed nothing is said once, by the builder's status line (dropOutcome's message); the drag's
    // live region is cleared rather than left saying where it "would" have gone.
    expect(announcements.onDragEnd({ active: moving, over: null })).toBe('');
    expect(announcements.onDragEnd({ active: moving, over: over('layer-1', { from: 'stack', index: 0, label: 'layer 1 (Conv 2D)' }) })).toBe('');
    expect(announcements.onDragCancel({ active: moving, over: null })).toBe('Cancelled moving layer 1 (Conv 2D); the stack is unchanged.');
  });
});
