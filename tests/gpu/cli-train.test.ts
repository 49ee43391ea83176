// `convlab train`, `convlab gradcheck` and `convlab eval` end to end in Node on Dawn: the JSON lines scripts rely on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { gpuAvailable } from './helpers.ts';

async function run(args: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'convlab-cli-'));

describe.skipIf(!gpuAvailable)('convlab train / gradcheck / eval', () => {
  it('trains, prints JSON progress and a final line, and saves a model that eval reads back', async () => {
    const model = join(dir, 'lenet.safetensors');
    const r = await run(['train', 'lenet5-mnist', '--dataset', 'mnist', '--steps', '40', '--limit', '4000', '--test-limit', '1000', '--json', '--save', model, '--validation-split', '0.1']);
    expect(r.err.join('\n')).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const lines = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    const final = lines[lines.length - 1]!;
    expect(Object.keys(final)).toEqual(expect.arrayContaining(['testAccuracy', 'testLoss', 'examplesPerSecond', 'steps']));
    expect(final.steps).toBe(40);
    expect(final.testAccuracy as number).toBeGreaterThan(0.6);
    expect(lines.slice(0, -1).every((l) => l.event === 'progress')).toBe(true);
    expect(lines.length).toBeGreaterThan(1);

    const e = await run(['eval', model, '--dataset', 'mnist', '--test-limit', '1000', '--json']);
    expect(e.status).toBe(0);
    const evaluated = JSON.parse(e.out[0]!) as { testAccuracy: number; confusion: number[][] };
    expect(evaluated.testAccuracy).toBeCloseTo(final.testAccuracy as number, 3);
    expect(evaluated.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
  }, 180_000);

  it('gradcheck passes for LeNet-5 and a batchnorm/dropout net on the GPU', async () => {
    const spec = join(dir, 'bn.json');
    writeFileSync(
      spec,
      JSON.stringify({
        input: { height: 8, width: 8, channels: 3 },
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2, padding: 1 },
          { type: 'batchnorm' },
          { type: 'leakyrelu' },
          { type: 'l2pool2d', poolSize: 2 },
          { type: 'dropout', rate: 0.3 },
          { type: 'globalavgpool' },
          { type: 'dense', units: 5 },
          { type: 'sigmoid' },
          { type: 'dense', units: 3 },
        ],
      }),
    );
    for (const source of ['lenet5-mnist', spec]) {
      const r = await run(['gradcheck', source, '--json']);
      const result = JSON.parse(r.out[0]!) as { ok: boolean; entries: { tensor: string; maxRelativeError: number }[] };
      expect(result.entries.filter((e) => e.maxRelativeError > 1e-3)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(r.status).toBe(0);
      expect(result.entries.map((e) => e.tensor)).toContain('input');
    }
  }, 120_000);

  it('refuses a network whose output does not match the dataset, and a corrupt model file', async () => {
    const spec = join(dir, 'wrong.json');
    writeFileSync(spec, JSON.stringify({ input: { height: 28, width: 28, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 7 }] }));
    const r = await run(['train', spec, '--dataset', 'mnist', '--steps', '1']);
    expect(r.status).toBe(2);
    expect(r.err.join('\n')).toMatch(/outputs 7 scores but the dataset has 10 classes/);
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, readFileSync(join(dir, 'lenet.safetensors')).subarray(0, 300));
    const e = await run(['eval', bad, '--dataset', 'mnist']);
    expect(e.status).toBe(2);
    expect(e.err.join('\n')).toMatch(/bad\.safetensors/);
  }, 60_000);
});
