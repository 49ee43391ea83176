// Sliding-window arithmetic for convolution and pooling, per axis:
//   out = floor((in + 2P - D(K - 1) - 1) / S) + 1
// which for D = 1 is the lecture form (N - F + 2P) / S + 1.

export type Shape = [height: number, width: number, channels: number];

export interface AxisWindow {
  input: number;
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
}

/** The derived geometry of a conv or pooling layer, computed once here and read by every backend. */
export interface WindowGeometry {
  input: Shape;
  output: Shape;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** How a window fits along one axis, for the "doesn't fit" teaching case. */
export interface AxisFit {
  /** (in + 2P - D(K-1) - 1) / S + 1 before flooring, e.g. 2.33 for 7x7, K3, S3. */
  exact: number;
  output: number;
  fits: boolean;
  /** 0-based input rows (or columns) that no window position ever covers. */
  uncovered: number[];
  /** Strides that make the window fit exactly with this padding (up to 16). */
  fittingStrides: number[];
  /** Paddings up to K that make the window fit exactly at this stride. */
  fittingPaddings: number[];
}

export function effectiveKernel(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/** Output size along one axis; 0 or less means the window does not fit at all. */
export function outputSize(a: AxisWindow): number {
  const span = a.input + 2 * a.padding - effectiveKernel(a.kernel, a.dilation);
  return span < 0 ? 0 : Math.floor(span / a.stride) + 1;
}

export function axisFit(a: AxisWindow): AxisFit {
  const eff = effectiveKernel(a.kernel, a.dilation);
  const span = a.input + 2 * a.padding - eff;
  const output = outputSize(a);
  const exact = span / a.stride + 1;
  const fits = span >= 0 && span % a.stride === 0;
  const uncovered: number[] = [];
  if (span >= 0) {
    // The last window ends at padded index (out-1)*S + eff - 1; input index = padded index - P.
    const firstUncovered = (output - 1) * a.stride + eff - a.padding;
    for (let i = Math.max(0, firstUncovered); i < a.input; i++) uncovered.push(i);
  }
  const fittingStrides: number[] = [];
  if (span >= 0) {
    for (let s = 1; s <= Math.max(1, span) && fittingStrides.length < 16; s++) if (span % s === 0) fittingStrides.push(s);
  }
  const fittingPaddings: number[] = [];
  for (let p = 0; p <= a.kernel; p++) {
    const sp = a.input + 2 * p - eff;
    if (sp >= 0 && sp % a.stride === 0) fittingPaddings.push(p);
  }
  return { exact, output, fits, uncovered, fittingStrides, fittingPaddings };
}

/** The formula with the layer's own numbers, e.g. "(28 - 5 + 2·2) / 1 + 1 = 28". */
export function formulaText(a: AxisWindow): string {
  const eff = effectiveKernel(a.kernel, a.dilation);
  const f = a.dilation === 1 ? `${a.kernel}` : `${eff}`;
  const span = a.input + 2 * a.padding - eff;
  const exact = span / a.stride + 1;
  const shown = Number.isInteger(exact) ? `${exact}` : `${round2(exact)} → ${Math.floor(exact)}`;
  const note = a.dilation === 1 ? '' : ` (effective kernel ${a.dilation}·(${a.kernel} - 1) + 1 = ${eff})`;
  return `(${a.input} - ${f} + 2·${a.padding}) / ${a.stride} + 1 = ${span < 0 ? `${round2(exact)} (no room)` : shown}${note}`;
}

function round2(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

/** Padding per side that keeps the size at stride 1, or null when the effective kernel is even. */
export function samePadding(kernel: number, dilation: number): number | null {
  const eff = effectiveKernel(kernel, dilation);
  return eff % 2 === 1 ? (eff - 1) / 2 : null;
}

export function shapeText(s: Shape): string {
  return `${s[0]}x${s[1]}x${s[2]}`;
}

export function shapeSize(s: Shape): number {
  return s[0] * s[1] * s[2];
}
