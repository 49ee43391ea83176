// `convlab export` and `convlab train --resume` end to end in-process: files written where asked, exit status 2 with
// a message naming the problem and the fix for bad files, formats and paths, and resumed runs that really start from
// the file's weights (and refuse another architecture).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { presetSpec } from '../../src/model/index.ts';
import { decodeModelFile, encodeModelFile } from '../../src/model/modelFile.ts';
import { randomValues } from './exportHelpers.ts';

async function run(args: string[], cwd?: string): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { status, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(before);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'convlab-export-cli-'));
const spec = presetSpec('lenet5-mnist');
const values = randomValues(spec, 2);
const model = join(dir, 'lenet.safetensors');
writeFileSync(model, encodeModelFile(spec, values, { dataset: 'mnist', normalization: { mean: [33.3], std: [78.6] }, training: { steps: 7 } }));

describe('convlab export', () => {
  it('writes each format next to the current folder by default, or to -o', async () => {
    const onnx = await run(['export', model, '--format', 'onnx'], dir);
    expect(onnx.err).toBe('');
    expect(onnx.status).toBe(0);
    expect(onnx.out).toMatch(/wrote lenet\.onnx \(onnx, [\d,]+ bytes\)/);
    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'lenet.onnx')));
    expect(session.outputNames).toEqual(['probabilities']);
    await session.release();
    for (const [format, file] of [['pytorch', 'lenet_pytorch.py'], ['keras', 'lenet_keras.py']] as const) {
      const r = await run(['export', model, '--format', format], dir);
      expect(r.status).toBe(0);
      expect(r.out).toContain(`it loads the weights from lenet.safetensors`);
      expect(readFileSync(join(dir, file), 'utf8')).toContain('def load_convlab_weights(model, path):');
    }
    const custom = join(dir, 'custom.py');
    expect((await run(['export', model, '--format', 'keras', '-o', custom])).status).toBe(0);
    expect(readFileSync(custom, 'utf8')).toContain('keras.Sequential([');
  }, 30_000);

  it('warns when the file carries no normalisation', async () => {
    const bare = join(dir, 'bare.safetensors');
    writeFileSync(bare, encodeModelFile(spec, values));
    const r = await run(['export', bare, '--format', 'onnx', '-o', join(dir, 'bare.onnx')]);
    expect(r.status).toBe(0);
    expect(r.err).toContain('carries no dataset normalisation');
  }, 30_000);

  it.each([
    ['a missing file', () => join(dir, 'nope.safetensors'), ['cannot read model file', 'ENOENT', 'convlab train --save']],
    ['a truncated file', () => cut(100), ['is truncated', 'save or download it again']],
    ['not a model file', () => write('junk.safetensors', new TextEncoder().encode('{"not": "a model"}')), ['not a safetensors file']],
  ])('exit 2 for %s, nothing written', async (_what, path, fragments) => {
    const target = join(dir, `out-${Math.random()}.onnx`);
    const r = await run(['export', path(), '--format', 'onnx', '-o', target]);
    expect(r.status).toBe(2);
    for (const f of fragments) expect(r.err).toContain(f);
    expect(existsSync(target)).toBe(false);
  }, 30_000);

  it('exit 2 for an unknown or missing format, and for an unwritable output', async () => {
    const bad = await run(['export', model, '--format', 'tflite']);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('unknown format "tflite"; choose one of onnx, pytorch, keras');
    const missing = await run(['export', model]);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('--format');
    const unwritable = await run(['export', model, '--format', 'onnx', '-o', join(dir, 'no-such-dir', 'x.onnx')]);
    expect(unwritable.status).toBe(2);
    expect(unwritable.err).toContain('choose another path with -o');
    const before = readFileSync(model);
    const itself = await run(['export', model, '--format', 'onnx', '-o', model]);
    expect(itself.status).toBe(2);
    expect(itself.err).toContain('is the model file itself');
    expect(readFileSync(model)).toEqual(before);
  }, 30_000);
});

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function cut(bytes: number): string {
  const whole = readFileSync(model);
  return write('cut.safetensors', whole.subarray(0, whole.length - bytes));
}

describe('convlab train --resume', () => {
  const base = ['--dataset', 'mnist', '--steps', '1', '--batch-size', '4', '--limit', '64', '--test-limit', '8', '--backend', 'cpu', '--json'];

  it('starts from the file\'s weights (a step at a negligible learning rate keeps them) and adds up the steps', async () => {
    const out = join(dir, 'resumed.safetensors');
    const r = await run(['train', '--resume', model, ...base, '--optimizer', 'sgd', '--lr', '1e-12', '--save', out]);
    expect(r.status, r.err).toBe(0);
    const resumed = decodeModelFile(readFileSync(out));
    let worst = 0;
    for (let i = 0; i < values.params.length; i++) worst = Math.max(worst, Math.abs(resumed.values.params[i]! - values.params[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(resumed.meta.training?.steps).toBe(8);
    expect(resumed.meta.training?.resumedFrom).toBe(model);
    // A fresh run from the same seed does not start there.
    const fresh = join(dir, 'fresh.safetensors');
    expect((await run(['train', 'lenet5-mnist', ...base, '--optimizer', 'sgd', '--lr', '1e-12', '--save', fresh])).status).toBe(0);
    expect(Math.abs(decodeModelFile(readFileSync(fresh)).values.params[0]! - values.params[0]!)).toBeGreaterThan(1e-6);
  }, 60_000);

  it('accepts the same architecture given as a spec, refuses another one with exit 2 and the differing layer', async () => {
    expect((await run(['train', 'lenet5-mnist', '--resume', model, ...base])).status).toBe(0);
    const other = await run(['train', 'mlp', '--resume', model, ...base]);
    expect(other.status).toBe(2);
    expect(other.err).toContain('does not fit the current network: layer 1');
  }, 60_000);

  it('exit 2 without a spec or --resume, and for a truncated file or a wrong dtype', async () => {
    const none = await run(['train', ...base]);
    expect(none.status).toBe(2);
    expect(none.err).toContain('or --resume <model-file>');
    const damaged = await run(['train', '--resume', cut(3), ...base]);
    expect(damaged.status).toBe(2);
    expect(damaged.err).toContain('is truncated');
    // Same header length, one tensor's dtype changed to half precision.
    const header = readFileSync(model).toString('latin1');
    const f16 = write('f16.safetensors', new Uint8Array(Buffer.from(header.replace('"dtype":"F32"', '"dtype":"F16"'), 'latin1')));
    const dtype = await run(['train', '--resume', f16, ...base]);
    expect(dtype.status).toBe(2);
    expect(dtype.err).toContain('is F16; ConvLab model files store F32');
  }, 30_000);
});
