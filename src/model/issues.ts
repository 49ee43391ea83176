// Problems found in a spec: every message names the layer (1-based position and type), the value and the fix.

export type Severity = 'error' | 'warning' | 'info';

export interface SpecIssue {
  severity: Severity;
  /** Machine-readable kind of problem, stable for tests and the UI. */
  code: string;
  /** 0-based index into spec.layers; null for the input or the whole spec. */
  layerIndex: number | null;
  layerType?: string;
  /** The field at fault, e.g. "stride" or "input.height". */
  field?: string;
  /** The whole sentence shown to the user, including where and how to fix it. */
  message: string;
}

/** "Layer 3 (conv2d)" — the way every message names a layer. */
export function layerName(index: number, type: string): string {
  return `Layer ${index + 1} (${type})`;
}

export function issue(
  severity: Severity,
  code: string,
  where: { layerIndex: number | null; layerType?: string; field?: string },
  text: string,
): SpecIssue {
  const prefix =
    where.layerIndex === null ? (where.field ? `${where.field}: ` : '') : `${layerName(where.layerIndex, where.layerType ?? '?')}: `;
  return { severity, code, ...where, message: prefix + text };
}

/** Thrown when a spec cannot be used; carries every error found, not just the first. */
export class SpecError extends Error {
  readonly issues: SpecIssue[];
  constructor(issues: SpecIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} problems in the network spec:\n` + errors.map((e) => `  - ${e.message}`).join('\n'));
    this.name = 'SpecError';
    this.issues = issues;
  }
}

export function hasErrors(issues: readonly SpecIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Names longer than this get no "did you mean" hint. */
const MAX_HINT_LENGTH = 40;

/** The closest of `candidates` to `word` (edit distance at most 3), for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Only short names get a hint: the edit distance costs length x length, and a long string is no typo.
  if (word.length > MAX_HINT_LENGTH) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const w = norm(word);
  let best: string | undefined;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = editDistance(w, norm(c));
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
