// Pure helpers over a test evaluation's per-example results (the confusion matrix's cells, the most confident
// mistakes), image pixels for a canvas, and the numbers the progress bar shows.

export interface PerExample {
  predicted: Uint8Array;
  /** [examples, classes] row-major. */
  probs: Float32Array;
  labels?: Uint8Array;
}

export interface Mistake {
  index: number;
  label: number;
  predicted: number;
  /** Probability given to the predicted class. */
  confidence: number;
  /** The k most probable classes, most probable first. */
  top: { cls: number; p: number }[];
}

/** The k most probable classes of example `row`. */
export function topClasses(probs: Float32Array, row: number, classes: number, k: number): { cls: number; p: number }[] {
  const list = Array.from({ length: classes }, (_, cls) => ({ cls, p: probs[row * classes + cls]! }));
  return list.sort((a, b) => b.p - a.p || a.cls - b.cls).slice(0, k);
}

/** Test-set indices whose true class is `actual` and prediction `predicted` (a confusion-matrix cell), in order. */
export function cellIndices(r: PerExample, actual: number, predicted: number, limit: number): number[] {
  const labels = requireLabels(r);
  const out: number[] = [];
  for (let i = 0; i < labels.length && out.length < limit; i++) if (labels[i] === actual && r.predicted[i] === predicted) out.push(i);
  return out;
}

/** The `limit` misclassified examples the network was most sure about, most confident first. */
export function topMistakes(r: PerExample, classes: number, limit: number, k = 3): Mistake[] {
  const labels = requireLabels(r);
  const wrong: { index: number; confidence: number }[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== r.predicted[i]) wrong.push({ index: i, confidence: r.probs[i * classes + r.predicted[i]!]! });
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return wrong.slice(0, limit).map(({ index, confidence }) => ({ index, label: labels[index]!, predicted: r.predicted[index]!, confidence, top: topClasses(r.probs, index, classes, k) }));
}

function requireLabels(r: PerExample): Uint8Array {
  if (!r.labels || r.labels.length !== r.predicted.length) throw new Error('the evaluation has no true labels per example; evaluate the test split again');
  return r.labels;
}

/** RGBA pixels of example `k` of concatenated NHWC uint8 images (1 channel: grey; 3: RGB; other counts: first channel). */
export function toRgba(pixels: Uint8Array, k: number, height: number, width: number, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const size = height * width * channels;
  if ((k + 1) * size > pixels.length) throw new Error(`image ${k} is beyond the ${pixels.length / size} images given`);
  const out = new Uint8ClampedArray(new ArrayBuffer(height * width * 4));
  for (let i = 0; i < height * width; i++) {
    const at = k * size + i * channels;
    const r = pixels[at]!;
    out[i * 4] = r;
    out[i * 4 + 1] = channels === 3 ? pixels[at + 1]! : r;
    out[i * 4 + 2] = channels === 3 ? pixels[at + 2]! : r;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** "45 s", "3 min 05 s", "1 h 02 min"; "—" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A learning rate or loss in a compact form: 0.001, 1.2e-5, 2.303. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}
