// The CLI on the wasm engine: `convlab gradcheck --backend wasm` passes on LeNet-5 and on a batchnorm/dropout net,
// and `convlab train --backend wasm --threads N` trains and names the engine it ran on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';

async function run(args: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'convlab-wasm-cli-'));

describe('convlab on the wasm engine', () => {
  it('gradcheck --backend wasm passes for LeNet-5 and a batchnorm/dropout net', async () => {
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
      const r = await run(['gradcheck', source, '--backend', 'wasm', '--threads', '2', '--json']);
      const result = JSON.parse(r.out[0]!) as { ok: boolean; backend: string; entries: { tensor: string; maxRelativeError: number }[] };
      expect(result.entries.filter((e) => e.maxRelativeError > 1e-3)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(r.status).toBe(0);
      expect(result.backend).toMatch(/^wasm: WASM SIMD.*2 threads/);
      expect(result.entries.map((e) => e.tensor)).toContain('input');
    }
  }, 120_000);

  it('train --backend wasm trains LeNet-5 and says which engine ran', async () => {
    const r = await run(['train', 'lenet5-mnist', '--dataset', 'mnist', '--steps', '60', '--limit', '4000', '--test-limit', '500', '--backend', 'wasm', '--threads', '2', '--json']);
    expect(r.status).toBe(0);
    const final = JSON.parse(r.out[r.out.length - 1]!) as { testAccuracy: number; steps: number; backend: string };
    expect(final.steps).toBe(60);
    expect(final.testAccuracy).toBeGreaterThan(0.6);
    expect(final.backend).toMatch(/^wasm: WASM SIMD/);
  }, 120_000);

  it('refuses an unknown backend and a bad thread count', async () => {
    expect((await run(['gradcheck', 'lenet5-mnist', '--backend', 'metal'])).status).toBe(2);
    expect((await run(['gradcheck', 'lenet5-mnist', '--backend', 'wasm', '--threads', '0'])).status).toBe(2);
  });
});
