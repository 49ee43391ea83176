// `convlab summary`: a torchinfo-style table of a network, or one JSON object with --json.

import { readFileSync } from 'node:fs';
import { findPreset, PRESETS, shapeText, type NetworkAnalysis } from '../model/index.ts';
import { bytes, clip, compact, grouped } from '../model/format.ts';
import { jsonTextNestsDeeperThan, MAX_SPEC_DEPTH } from '../model/parse.ts';

export class UsageError extends Error {}

/** A spec from a file path or a preset name. */
export function loadSpecSource(source: string): unknown {
  const preset = findPreset(source);
  if (preset) return JSON.parse(JSON.stringify(preset.spec));
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    throw new UsageError(`"${clip(source)}" is neither a spec file nor a preset; presets: ${PRESETS.map((p) => p.id).join(', ')}.`);
  }
  if (jsonTextNestsDeeperThan(text)) throw new UsageError(`${clip(source)} nests arrays or objects more than ${MAX_SPEC_DEPTH} levels deep (a real spec has 4); it is not a network spec, check the file.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${clip(source)} is not valid JSON (${clip(e instanceof Error ? e.message : String(e), 200)}); fix the file or give a preset name.`);
  }
}

export function summaryJSON(a: NetworkAnalysis): object {
  return {
    name: a.name,
    inputShape: a.input,
    layers: a.layers.map((l) => ({
      index: l.index,
      type: l.type,
      inputShape: l.inputShape,
      outputShape: l.outputShape,
      params: l.params,
      weights: l.weights,
      biases: l.biases,
      trainable: l.trainable,
      macs: l.macs,
      activationBytes: l.activationBytes,
      receptiveField: { size: l.receptiveField.size, jump: l.receptiveField.jump, global: l.receptiveField.global },
      ...(l.formula ? { formula: l.formula } : {}),
    })),
    totalParams: a.totals.params,
    trainableParams: a.totals.trainableParams,
    frozenParams: a.totals.frozenParams,
    totalMacs: a.totals.macs,
    activationBytes: a.totals.activationBytes,
    paramBytes: a.totals.paramBytes,
    outputShape: a.outputShape,
    warnings: a.issues.filter((i) => i.severity !== 'error').map((i) => ({ severity: i.severity, code: i.code, layerIndex: i.layerIndex, message: i.message })),
  };
}

function describeLayer(a: NetworkAnalysis['layers'][number]): string {
  const l = a.layer as unknown as Record<string, unknown>;
  const pair = (v: unknown) => (Array.isArray(v) ? `${v[0]}x${v[1]}` : String(v));
  switch (a.type) {
    case 'conv2d':
      return `conv2d ${l.filters}@${pair(l.kernelSize)}` + (pair(l.stride) !== '1' ? ` s${pair(l.stride)}` : '') + (a.window && (a.window.padding[0] || a.window.padding[1]) ? ` p${pair(a.window.padding[0] === a.window.padding[1] ? a.window.padding[0] : a.window.padding)}` : '') + (pair(l.dilation) !== '1' ? ` d${pair(l.dilation)}` : '') + (l.groups !== 1 ? ` g${l.groups}` : '');
    case 'maxpool2d':
    case 'avgpool2d':
    case 'l2pool2d':
      return `${a.type} ${pair(l.poolSize)} s${pair(l.stride)}`;
    case 'dense':
      return `dense ${l.units}`;
    case 'dropout':
      return `dropout ${l.rate}`;
    case 'leakyrelu':
    case 'elu':
      return `${a.type} α=${l.alpha}`;
    default:
      return a.type;
  }
}

export function summaryTable(a: NetworkAnalysis): string {
  const header = ['#', 'Layer', 'Output shape', 'Params', 'MACs', 'Receptive field'];
  const rows: string[][] = [['', 'input', a.input ? shapeText(a.input) : '?', '', '', '1x1']];
  for (const l of a.layers) {
    const rf = l.receptiveField;
    rows.push([
      String(l.index + 1),
      describeLayer(l) + (l.trainable ? '' : ' (frozen)'),
      shapeText(l.outputShape),
      grouped(l.params),
      grouped(l.macs),
      rf.global ? 'whole input' : `${rf.size[0]}x${rf.size[1]} (jump ${rf.jump[0] === rf.jump[1] ? rf.jump[0] : rf.jump.join('x')})`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([0, 3, 4]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const width = line(header).length;
  const t = a.totals;
  const out = [
    '='.repeat(width),
    `${a.name}`,
    '='.repeat(width),
    line(header),
    '-'.repeat(width),
    ...rows.map(line),
    '='.repeat(width),
    `Total params: ${grouped(t.params)} (${compact(t.params)}): weights ${grouped(t.weights)}, biases ${grouped(t.biases)}`,
    `Trainable params: ${grouped(t.trainableParams)}   Frozen params: ${grouped(t.frozenParams)}` + (t.state ? `   Non-trained state: ${grouped(t.state)}` : ''),
    `Total MACs: ${grouped(t.macs)} (${compact(t.macs)}) per example`,
    `Activation memory: ${bytes(t.activationBytes)} per example   Parameter memory: ${bytes(t.paramBytes)}`,
    '='.repeat(width),
  ];
  const notes = a.issues.filter((i) => i.severity !== 'error');
  if (notes.length) out.push(...notes.map((n) => `${n.severity}: ${n.message}`));
  return out.join('\n');
}
