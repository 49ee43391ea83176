// The rows of the "where the time goes" chart, from an engine profile: one per layer (forward and backward stacked)
// and one per part outside the layers, with each row's share of the step. Pure, so it is unit-tested.

import type { ProfileResult } from '../../engine/api.ts';

export interface ProfileBar {
  label: string;
  /** Milliseconds of the forward kernels (or of the whole part, for input, loss and optimizer). */
  forwardMs: number;
  backwardMs: number;
  totalMs: number;
  /** Share of the summed parts, 0..1. */
  share: number;
}

export function profileBars(p: ProfileResult, layerName: (index: number, type: string) => string = (i, t) => `${i + 1} ${t}`): ProfileBar[] {
  const total = Math.max(1e-9, p.partsMs);
  const bar = (label: string, forwardMs: number, backwardMs: number): ProfileBar => ({
    label,
    forwardMs,
    backwardMs,
    totalMs: forwardMs + backwardMs,
    share: (forwardMs + backwardMs) / total,
  });
  const outside = (phase: string) => p.parts.filter((x) => x.layerIndex === null && x.phase === phase).reduce((s, x) => s + x.ms, 0);
  // Layers always get a row; the parts outside them only when they ran (no input part before a dataset is attached).
  const extra = (label: string, phase: string): ProfileBar[] => {
    const ms = outside(phase);
    return ms > 0 ? [bar(label, ms, 0)] : [];
  };
  return [
    ...extra('input batch', 'input'),
    ...p.layers.map((l) => bar(`${layerName(l.layerIndex, l.type)}${l.fused ? ' (fused)' : ''}`, l.forwardMs, l.backwardMs)),
    ...extra('softmax cross-entropy', 'loss'),
    ...extra('optimizer', 'optimizer'),
  ];
}
