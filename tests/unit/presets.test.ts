// Every preset analyses cleanly and matches its published parameter and MAC counts.

import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_PRESET_ID, findPreset, PRESETS, presetSpec } from '../../src/model/index.ts';

describe('every preset', () => {
  it('has a unique id', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(DEFAULT_PRESET_ID);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s analyses ok with no errors', (_id, preset) => {
    const a = analyze(preset.spec);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.spec).not.toBeNull();
    expect(a.layers).toHaveLength(preset.spec.layers.length);
    expect(a.outputShape).not.toBeNull();
    expect(a.totals.params).toBeGreaterThan(0);
    expect(a.totals.params).toBe(a.totals.weights + a.totals.biases);
  });
});

describe('published counts', () => {
  it.each([
    { id: 'lenet5', params: 61_706 },
    { id: 'lenet5-mnist', params: 61_706 },
    { id: 'mlp', params: 235_146 },
    { id: 'tiny-vgg', params: 19_920 },
    { id: 'alexnet', params: 61_100_840, macs: 714_188_480 },
    { id: 'vgg16', params: 138_357_544, macs: 15_470_264_320 },
  ])('$id has $params parameters', ({ id, params, macs }) => {
    const preset = findPreset(id)!;
    expect(preset).toBeDefined();
    const a = analyze(preset.spec);
    expect(a.ok).toBe(true);
    expect(a.totals.params).toBe(params);
    if (macs !== undefined) expect(a.totals.macs).toBe(macs);
  });

  it.each(['lenet5', 'lenet5-mnist', 'mlp', 'alexnet', 'vgg16'])('%s ends in 10 or 1000 classes', (id) => {
    const a = analyze(findPreset(id)!.spec);
    const out = a.outputShape!;
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(1);
    expect([10, 1000]).toContain(out[2]);
  });
});

describe('findPreset', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('finds %s by id and by display name', (id, preset) => {
    expect(findPreset(id)).toBe(preset);
    expect(findPreset(`  ${id.toUpperCase()} `)).toBe(preset);
    const name = preset.spec.name!;
    expect(name).toBeTruthy();
    expect(findPreset(name)).toBe(preset);
    expect(findPreset(name.toLowerCase())).toBe(preset);
    expect(findPreset(name.toUpperCase())).toBe(preset);
  });

  it.each([
    ['LeNet-5', 'lenet5'],
    ['VGG-16', 'vgg16'],
    ['AlexNet', 'alexnet'],
    ['Tiny VGG', 'tiny-vgg'],
  ])('display name %s → %s', (name, id) => {
    expect(findPreset(name)?.id).toBe(id);
  });

  it('returns undefined for an unknown name', () => {
    expect(findPreset('resnet50')).toBeUndefined();
    expect(findPreset('')).toBeUndefined();
  });

  it('presetSpec returns a fresh copy and throws for an unknown id', () => {
    const a = presetSpec('lenet5');
    a.layers.pop();
    expect(findPreset('lenet5')!.spec.layers.length).toBe(a.layers.length + 1);
    expect(() => presetSpec('nope')).toThrow(/unknown preset "nope"/);
  });
});
