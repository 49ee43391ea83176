// Issue 18: every bad input to the CLI exits 2 with a message that names the problem and the fix; 1 is kept for
// failures while running. One table per fault class.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { analyze, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { encodeModelFile, type ModelFileMeta } from '../../src/model/modelFile.ts';
import { initialParameters, parameterLayout } from '../../src/model/parameters.ts';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'convlab-robust-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const huge = file('huge.json', JSON.stringify({ input: { height: 512, width: 512, channels: 3 }, layers: [{ type: 'dense', units: 4000 }, { type: 'dense', units: 10 }] }));

interface Case {
  name: string;
  args: () => string[];
  status: number;
  message: RegExp;
}

function table(cases: Case[]) {
  it.each(cases.map((c) => [c.name, c] as const))('%s', { timeout: 120_000 }, async (_name, c) => {
    const r = await run(...c.args());
    expect(r.err).toMatch(c.message);
    expect(r.status).toBe(c.status);
  });
}

describe('memory is planned before it is allocated', () => {
  table([
    { name: '3.1 billion parameters on the CPU reference', args: () => ['train', huge, '--dataset', 'mnist', '--backend', 'cpu'], status: 2, message: /the CPU reference can hold 4.00 GiB; the biggest part is the parameter backups.*shrink the network/s },
    { name: '--batch-size 1e9', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--batch-size', '1e9', '--backend', 'cpu'], status: 2, message: /batch size of 1000000000 is out of range.*largest batch size that fits is \d+/ },
    { name: '--batch-size 1000000 on wasm', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--batch-size', '1000000', '--backend', 'wasm'], status: 2, message: /the wasm engine can hold 4\.00 GiB.*largest batch size that fits is \d+; use --batch-size \d+ or less/ },
    { name: 'gradcheck with --batch 1000000', args: () => ['gradcheck', 'lenet5-mnist', '--batch', '1000000', '--backend', 'cpu'], status: 2, message: /largest batch size that fits/ },
  ]);
});

const spec = (layers: string) => `{"input":{"height":28,"width":28,"channels":1},"layers":${layers}}`;
describe('limits before work on specs and strings', () => {
  table([
    { name: '100,000 nested arrays', args: () => ['summary', file('deep.json', spec('[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']'))], status: 2, message: /nests arrays or objects more than 32 levels deep/ },
    { name: 'a 4 MB layer type: no hint, clipped echo', args: () => ['summary', file('long.json', spec(JSON.stringify([{ type: 'x'.repeat(4_000_000) }])))], status: 2, message: /unknown layer type "x{60}… \(3,999,940 more characters\)"; use one of/ },
    { name: 'ANSI escapes in a name are escaped', args: () => ['summary', file('ansi.json', spec(JSON.stringify([{ type: '\u001b[31mred' }])))], status: 2, message: /unknown layer type "\\x1b\[31mred"/ },
  ]);
  it('a long layer type costs no edit distance and echoes a bounded message', async () => {
    const t0 = performance.now();
    const r = await run('summary', file('long2.json', spec(JSON.stringify([{ type: 'y'.repeat(4_000_000) }]))));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.err.length).toBeLessThan(2000);
    expect(r.err).not.toContain('\u001b');
  });
});

/** A model file for `spec`, its values changed by `edit`, with `meta` (MNIST normalisation by default). */
function model(name: string, spec: NetworkSpec, meta: ModelFileMeta = { normalization: { mean: [33.3], std: [78.6] } }, edit?: (p: Float32Array) => void): string {
  const values = initialParameters(parameterLayout(analyze(spec)), 1);
  edit?.(values.params);
  return file(name, encodeModelFile(spec, values, meta));
}
const lenet = presetSpec('lenet5-mnist') as NetworkSpec;
const rgbNet: NetworkSpec = { name: 'rgb', input: { height: 32, width: 32, channels: 3 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] } as NetworkSpec;
function flipped(path: string): string {
  const bytes = new Uint8Array(readFileSync(path));
  bytes[bytes.length - 5]! ^= 0x10;
  return file(path.split('/').pop()!.replace('.safetensors', '-flipped.safetensors'), bytes);
}
function withoutChecksum(name: string): string {
  const bytes = encodeModelFile(lenet, initialParameters(parameterLayout(analyze(lenet)), 1), { normalization: { mean: [33.3], std: [78.6] } });
  const length = new DataView(bytes.buffer).getUint32(0, true);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + length)).replace(/,?"checksum":"crc32:[0-9a-f]{8}"/, '');
  const header = new TextEncoder().encode(text.padEnd(length, ' '));
  const out = bytes.slice();
  out.set(header, 8);
  return file(name, out);
}
function hugeHeader(name: string): string {
  const length = 99_000_000;
  const out = new Uint8Array(8 + 1000);
  new DataView(out.buffer).setUint32(0, length, true);
  out.set(new TextEncoder().encode('{"__metadata__":'), 8);
  return file(name, out); // the file is short: the header length alone refuses it, without reading further
}

describe('model files: exact exit codes, integrity, header first', () => {
  table([
    { name: 'normalisation with std 0', args: () => ['eval', model('std0.safetensors', lenet, { normalization: { mean: [33], std: [0] } }), '--dataset', 'mnist', '--backend', 'cpu', '--test-limit', '10'], status: 2, message: /unusable normalisation: 1 means and 1 standard deviations \[0\] for a 1-channel input/ },
    { name: 'normalisation for 3 channels on a 1-channel net', args: () => ['eval', model('ch3.safetensors', lenet, { normalization: { mean: [1, 2, 3], std: [1, 1, 1] } }), '--dataset', 'mnist', '--backend', 'cpu'], status: 2, message: /3 means and 3 standard deviations .* for a 1-channel input.*save the model again/ },
    { name: 'a CIFAR-shaped model evaluated on MNIST', args: () => ['eval', model('rgb.safetensors', rgbNet, { normalization: { mean: [1, 2, 3], std: [1, 1, 1] } }), '--dataset', 'mnist', '--backend', 'cpu'], status: 2, message: /takes 32x32x3 inputs but MNIST images are 28x28x1; evaluate it on the dataset it was trained on/ },
    { name: 'a flipped data byte', args: () => ['eval', flipped(model('ok.safetensors', lenet)), '--dataset', 'mnist', '--backend', 'cpu'], status: 2, message: /is damaged: its tensor data does not match the checksum in its metadata/ },
    { name: 'a 99 MB header is refused from its length', args: () => ['eval', hugeHeader('huge-header.safetensors'), '--dataset', 'mnist'], status: 2, message: /header length says 99,000,000 bytes of header but only 1,000 follow/ },
    { name: 'NaN weights: export refuses', args: () => ['export', model('nan.safetensors', lenet, undefined, (p) => (p[3] = NaN)), '--format', 'onnx', '-o', join(dir, 'nan.onnx')], status: 2, message: /1 of the model's values are NaN or infinite/ },
    { name: 'NaN weights: resume refuses', args: () => ['train', '--resume', model('nan2.safetensors', lenet, undefined, (p) => (p[0] = Infinity)), '--dataset', 'mnist', '--backend', 'cpu'], status: 2, message: /holds 1 NaN or infinite values.*resuming would train nothing/ },
    { name: 'a missing model file', args: () => ['eval', join(dir, 'nope.safetensors'), '--dataset', 'mnist'], status: 2, message: /cannot read model file .*nope.safetensors \(ENOENT\)/ },
  ]);

  it('NaN weights: eval flags them and reports the count', { timeout: 120_000 }, async () => {
    const r = await run('eval', model('nan3.safetensors', lenet, undefined, (p) => (p[5] = NaN)), '--dataset', 'mnist', '--backend', 'cpu', '--test-limit', '20', '--json');
    expect(r.err).toMatch(/warning: 1 of the values in .* are NaN or infinite/);
    expect(JSON.parse(r.out).nonFiniteWeights).toBe(1);
    expect(r.status).toBe(0);
  });

  it('a file without a checksum loads with a note', { timeout: 120_000 }, async () => {
    const r = await run('eval', withoutChecksum('old.safetensors'), '--dataset', 'mnist', '--backend', 'cpu', '--test-limit', '20');
    expect(r.err).toMatch(/note: .*carries no checksum of its data/);
    expect(r.status).toBe(0);
  });
});

describe('flags and output paths: exit 2 before any work', () => {
  const notConvlab = join(dir, 'someone-elses');
  mkdirSync(notConvlab, { recursive: true });
  writeFileSync(join(notConvlab, 'keep.txt'), 'mine');
  table([
    { name: '--save into a missing folder', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--backend', 'cpu', '--save', join(dir, 'missing', 'm.safetensors')], status: 2, message: /--save .*: the folder .*missing does not exist; create it first/ },
    { name: '--save onto a folder', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--backend', 'cpu', '--save', dir], status: 2, message: /is a folder; give a file name/ },
    { name: '--data-dir that ConvLab did not create', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--backend', 'cpu', '--data-dir', notConvlab], status: 2, message: /has no manifest.json \(it holds 1 other entries\).*add --prepare/ },
    { name: '--data-dir /sys', args: () => ['eval', model('m.safetensors', lenet), '--dataset', 'mnist', '--data-dir', '/sys'], status: 2, message: /--data-dir \/sys has no manifest.json/ },
    { name: '--augment flip=banana', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--augment', 'flip=banana'], status: 2, message: /cannot read the term "flip=banana": flip takes no value, or true or false/ },
    { name: '--augment shift=', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--augment', 'shift='], status: 2, message: /cannot read the term "shift=": shift needs a whole number/ },
    { name: '--augment noise=x', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--augment', 'noise=x'], status: 2, message: /noise needs a standard deviation/ },
    { name: '--augment shift=2,,flip', args: () => ['train', 'lenet5-mnist', '--dataset', 'mnist', '--augment', 'shift=2,,flip'], status: 2, message: /has an empty term/ },
    { name: 'an unknown dataset', args: () => ['train', 'lenet5-mnist', '--dataset', '\u001b[2Jmnist'], status: 2, message: /unknown dataset "\\x1b\[2Jmnist"/ },
  ]);
  it('the refused data dir was not written to', () => {
    expect(existsSync(join(notConvlab, 'manifest.json'))).toBe(false);
    expect(existsSync(join(notConvlab, 'mnist'))).toBe(false);
  });
});
