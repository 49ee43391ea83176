// Presets: spec files users can load by name (CLI) or with one click (UI). Their JSON lives in presets/.

import alexnet from './presets/alexnet.json' with { type: 'json' };
import cifarVgg from './presets/cifar-vgg.json' with { type: 'json' };
import lenet5Mnist from './presets/lenet5-mnist.json' with { type: 'json' };
import lenet5 from './presets/lenet5.json' with { type: 'json' };
import mlp from './presets/mlp.json' with { type: 'json' };
import tinyVgg from './presets/tiny-vgg.json' with { type: 'json' };
import vgg16 from './presets/vgg16.json' with { type: 'json' };
import type { NetworkSpec } from './spec.ts';

export interface Preset {
  id: string;
  spec: NetworkSpec;
  /** Small enough to train in a browser on a CPU adapter. */
  trainable: boolean;
  /** The dataset it is meant for, when there is one. */
  dataset?: 'mnist' | 'cifar10';
}

export const PRESETS: readonly Preset[] = [
  { id: 'lenet5-mnist', spec: lenet5Mnist as NetworkSpec, trainable: true, dataset: 'mnist' },
  { id: 'lenet5', spec: lenet5 as NetworkSpec, trainable: true },
  { id: 'tiny-vgg', spec: tinyVgg as NetworkSpec, trainable: true },
  { id: 'cifar-vgg', spec: cifarVgg as NetworkSpec, trainable: true, dataset: 'cifar10' },
  { id: 'mlp', spec: mlp as NetworkSpec, trainable: true, dataset: 'mnist' },
  { id: 'alexnet', spec: alexnet as NetworkSpec, trainable: false },
  { id: 'vgg16', spec: vgg16 as NetworkSpec, trainable: false },
];

export const DEFAULT_PRESET_ID = 'lenet5-mnist';

/** A preset by id ("lenet5") or, forgivingly, by its display name ("LeNet-5"). */
export function findPreset(name: string): Preset | undefined {
  const key = name.trim().toLowerCase();
  return PRESETS.find((p) => p.id === key || p.spec.name?.toLowerCase() === key);
}

/** A fresh copy of a preset's spec, safe to edit. */
export function presetSpec(id: string): NetworkSpec {
  const preset = findPreset(id);
  if (!preset) throw new Error(`unknown preset "${id}"; presets: ${PRESETS.map((p) => p.id).join(', ')}`);
  return JSON.parse(JSON.stringify(preset.spec)) as NetworkSpec;
}
