// Display helpers for the UI (numbers themselves are formatted by src/model/format.ts).
import type { Shape } from '../model/index.ts';

/** [28, 28, 6] -> "28×28×6"; a flat vector shows its feature count alone. */
export function shapeLabel(shape: Shape, flat = false): string {
  return flat ? `${shape[2]}` : `${shape[0]}×${shape[1]}×${shape[2]}`;
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
