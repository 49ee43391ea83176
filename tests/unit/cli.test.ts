// The convlab CLI: exit codes, the table, and the JSON shape of `convlab summary`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

function specFile(spec: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'convlab-cli-'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return file;
}

describe('convlab summary', () => {
  it('prints a table with totals for a preset', async () => {
    const r = await run('summary', 'lenet5-mnist');
    expect(r.status).toBe(0);
    expect(r.out).toContain('LeNet-5 (MNIST)');
    expect(r.out).toMatch(/conv2d 6@5 p2\s+28x28x6\s+156\s+117,600\s+5x5 \(jump 1\)/);
    expect(r.out).toContain('Total params: 61,706');
    expect(r.out).toContain('Total MACs: 416,520');
  });

  it('accepts a preset by its display name', async () => {
    expect((await run('summary', 'VGG-16')).out).toContain('Total params: 138,357,544');
  });

  it('--json prints one object with layers, totalParams and totalMacs', async () => {
    const r = await run('summary', 'alexnet', '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.totalParams).toBe(61_100_840);
    expect(json.totalMacs).toBe(714_188_480);
    expect(json.layers).toHaveLength(22);
    expect(json.layers[0]).toMatchObject({ type: 'conv2d', outputShape: [55, 55, 64], params: 23_296, macs: 70_276_800 });
    for (const layer of json.layers) {
      expect(layer).toEqual(expect.objectContaining({ type: expect.any(String), outputShape: expect.any(Array), params: expect.any(Number), macs: expect.any(Number) }));
    }
  });

  it('reads a spec file and reports the seeds\' 760-parameter layer', async () => {
    const file = specFile({ input: { height: 32, width: 32, channels: 3 }, layers: [{ type: 'conv2d', filters: 10, kernelSize: 5, stride: 1, padding: 2 }] });
    const json = JSON.parse((await run('summary', file, '--json')).out);
    expect(json.layers[0].outputShape).toEqual([32, 32, 10]);
    expect(json.totalParams).toBe(760);
  });

  it('prints the doesn\'t-fit warning in the table', async () => {
    const file = specFile({ input: { height: 7, width: 7, channels: 1 }, layers: [{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 3 }] });
    const r = await run('summary', file);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/warning: Layer 1 \(conv2d\): stride 3 doesn't fit.*Strides that fit: 1, 2 and 4/);
  });

  it.each([
    ['an invalid spec', { input: { height: 7, width: 7, channels: 1 }, layers: [{ type: 'conv2d', filters: 1, kernelSize: 9 }] }, /Layer 1 \(conv2d\).*larger than the padded input/],
    ['an unknown layer type', { input: { height: 7, width: 7, channels: 1 }, layers: [{ type: 'conv3d' }] }, /unknown layer type "conv3d"; did you mean "conv2d"\?/],
    ['malformed JSON', '{"input": ', /not valid JSON/],
  ])('exits 2 with the error on stderr for %s', async (_name, spec, message) => {
    const r = await run('summary', specFile(spec));
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('exits 2 for a missing file or unknown preset, naming the presets', async () => {
    const r = await run('summary', 'no-such-net');
    expect(r.status).toBe(2);
    expect(r.err).toContain('lenet5-mnist');
  });

  it('exits 2 for an unknown command or option', async () => {
    expect((await run('sumary', 'lenet5')).status).toBe(2);
    expect((await run('summary', 'lenet5', '--bogus')).status).toBe(2);
  });
});

describe('the convlab bin', () => {
  it('runs as a real process with the documented exit codes', () => {
    const out = execFileSync('node', ['bin/convlab.mjs', 'summary', 'mlp', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).totalParams).toBe(235_146);
    const bad = spawnSync('node', ['bin/convlab.mjs', 'summary', specFile({ input: { height: 0, width: 7, channels: 1 }, layers: [] })], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('input.height');
    // Two node processes starting tsx: seconds on a busy 2-core machine, so more than the default 5 s.
  }, 30_000);
});
