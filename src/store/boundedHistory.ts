// Training curves in bounded memory: a run of millions of steps keeps at most HISTORY_MAX_POINTS step points. When
// the buffer fills, neighbouring points are merged in pairs (their mean loss and accuracy, the later step), so the
// curve keeps its shape at half the resolution, and each report appends to a buffer that never grows past the cap.
import type { StepPoint } from '../engine/trainer.ts';

/** Most step points kept per run (the charts draw far fewer pixels than this). */
export const HISTORY_MAX_POINTS = 8192;

/** Pairs of neighbours merged into one point: the later step, the mean loss and accuracy. */
function halve(points: readonly StepPoint[]): StepPoint[] {
  const out: StepPoint[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const a = points[i]!;
    const b = points[i + 1]!;
    out.push({ step: b.step, epoch: b.epoch, loss: (a.loss + b.loss) / 2, accuracy: (a.accuracy + b.accuracy) / 2 });
  }
  if (points.length % 2 === 1) out.push(points[points.length - 1]!);
  return out;
}

/** `history` with `points` appended, halved until it fits `cap`; the same array when there is nothing to add. */
export function appendBounded(history: readonly StepPoint[], points: readonly StepPoint[], cap = HISTORY_MAX_POINTS): StepPoint[] {
  if (points.length === 0) return history as StepPoint[];
  let all = history.length + points.length <= cap ? [...history, ...points] : halve([...history, ...points]);
  while (all.length > cap) all = halve(all);
  return all;
}
