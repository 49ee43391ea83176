// Shared by convolution and pooling: resolves padding, checks the window fits, and warns when a stride "doesn't fit".

import { pairOf } from '../fields.ts';
import { axisFit, effectiveKernel, samePadding, type AxisWindow, type WindowGeometry } from '../geometry.ts';
import { issue } from '../issues.ts';
import type { Padding, Pair } from '../spec.ts';
import type { LayerContext } from './types.ts';

export interface WindowFields {
  type: string;
  /** Name of the size field in messages: "kernelSize" or "poolSize". */
  sizeKey: string;
  size: Pair;
  stride: Pair;
  padding: Padding;
  dilation: Pair;
  outChannels: number;
  groups: number;
}

const AXES = ['height', 'width'] as const;
const ROW = { height: 'row', width: 'column' } as const;

function list(xs: number[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** The window's geometry, or null after pushing an error. */
export function resolveWindow(f: WindowFields, ctx: LayerContext): WindowGeometry | null {
  const where = { layerIndex: ctx.index, layerType: f.type };
  const kernel = pairOf(f.size);
  const stride = pairOf(f.stride);
  const dilation = pairOf(f.dilation);
  let padding: [number, number];
  if (f.padding === 'valid') {
    padding = [0, 0];
  } else if (f.padding === 'same') {
    const ph = samePadding(kernel[0], dilation[0]);
    const pw = samePadding(kernel[1], dilation[1]);
    if (ph === null || pw === null) {
      const k = kernel[ph === null ? 0 : 1];
      ctx.issues.push(
        issue('error', 'same-needs-odd-kernel', { ...where, field: 'padding' },
          `"same" padding needs an odd ${f.sizeKey} so both sides get equal padding, got ${k}; use an odd size such as ${k + 1}, or give padding as a number.`),
      );
      return null;
    }
    padding = [ph, pw];
  } else {
    padding = pairOf(f.padding);
  }
  const [h, w] = ctx.input;
  const axes: AxisWindow[] = [0, 1].map((i) => ({
    input: i === 0 ? h : w,
    kernel: kernel[i]!,
    stride: stride[i]!,
    padding: padding[i]!,
    dilation: dilation[i]!,
  }));
  let ok = true;
  const sameAxes = JSON.stringify(axes[0]) === JSON.stringify(axes[1]);
  axes.forEach((a, i) => {
    if (sameAxes && i === 1) return;
    const eff = effectiveKernel(a.kernel, a.dilation);
    const padded = a.input + 2 * a.padding;
    if (eff > padded) {
      ok = false;
      const dil = a.dilation > 1 ? ` (effective ${eff} with dilation ${a.dilation})` : '';
      const needPad = Math.ceil((eff - a.input) / 2);
      ctx.issues.push(
        issue('error', 'kernel-too-large', { ...where, field: f.sizeKey },
          `the window, ${a.kernel}${dil}${sameAxes ? '' : ` along the ${AXES[i]}`}, is larger than the padded input${sameAxes ? '' : ` ${AXES[i]}`} ${padded} (input ${a.input} + 2·${a.padding} padding), so the output would shrink to nothing. ` +
            `Use a ${f.sizeKey} of at most ${a.dilation > 1 ? Math.floor((padded - 1) / a.dilation) + 1 : padded}, padding of at least ${needPad}, or fewer downsampling layers before this one.`),
      );
    }
  });
  if (!ok) return null;

  const fits = axes.map((a) => axisFit(a));
  (sameAxes ? [0] : [0, 1]).forEach((i) => {
    const a = axes[i]!;
    const fit = fits[i]!;
    const eff = effectiveKernel(a.kernel, a.dilation);
    const axisName = sameAxes ? 'height and width' : AXES[i]!;
    const rowName = sameAxes ? 'row and column' : ROW[AXES[i]!];
    if (!fit.fits) {
      const head = `stride ${a.stride} doesn't fit along the ${axisName}: (${a.input} - ${eff} + 2·${a.padding}) / ${a.stride} + 1 = ${Math.round(fit.exact * 100) / 100}, so the output is floored to ${fit.output}`;
      const pads = fit.fittingPaddings.length ? `; or keep stride ${a.stride} with padding ${list(fit.fittingPaddings.slice(0, 3))}` : '';
      if (fit.uncovered.length) {
        const rows = list(fit.uncovered.map((r) => r + 1));
        const plural = fit.uncovered.length > 1 ? `${rowName}s` : rowName;
        ctx.issues.push(issue('warning', 'stride-does-not-fit', { ...where, field: 'stride' },
          `${head} and input ${plural} ${rows} (counting from 1) ${fit.uncovered.length > 1 ? 'are' : 'is'} never covered. Strides that fit: ${list(fit.fittingStrides)}${pads}.`));
      } else {
        // Only padding is left over: no input pixel is lost, but the padding on one side is partly unused.
        ctx.issues.push(issue('info', 'stride-leaves-padding', { ...where, field: 'stride' },
          `${head}; only padding is left uncovered, so no input pixel is lost. Strides that fit exactly: ${list(fit.fittingStrides)}${pads}.`));
      }
    }
    if (a.padding >= eff) {
      ctx.issues.push(issue('warning', 'padding-exceeds-kernel', { ...where, field: 'padding' },
        `padding ${a.padding} is at least the window size ${eff}, so the outermost outputs along the ${axisName} see only zeros; use padding below ${eff}.`));
    }
  });
  const output = fits.map((f) => f.output);
  return {
    input: ctx.input,
    output: [output[0]!, output[1]!, f.outChannels],
    kernel,
    stride,
    padding,
    dilation,
    groups: f.groups,
  };
}
