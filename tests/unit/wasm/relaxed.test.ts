// The relaxed-SIMD builds (f32x4.relaxed_madd) are loaded where the runtime validates relaxed SIMD. Node 20 needs
// --experimental-wasm-relaxed-simd for it, so this suite runs relaxedProbe.ts in a child Node with the flag.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasRelaxedSimd } from '../../../src/engine/wasm/runtime.ts';

describe('relaxed SIMD', () => {
  it('is detected by validating a one-instruction module', () => {
    expect(typeof hasRelaxedSimd()).toBe('boolean');
  });

  it('the fused multiply-add builds give the CPU reference loss and gradients (1 and 2 threads)', () => {
    const probe = fileURLToPath(new URL('./relaxedProbe.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as { name: string; threads: number; relaxed: boolean; loss: number; grads: number; input: number }[];
    expect(results.length).toBe(4);
    for (const x of results) {
      expect(x.relaxed, `${x.name}, ${x.threads} thread(s)`).toBe(true);
      expect(x.loss).toBeLessThan(1e-5);
      expect(x.grads, `${x.name} gradients`).toBeLessThan(1e-3);
      expect(x.input, `${x.name} input gradient`).toBeLessThan(1e-3);
    }
  }, 120_000);
});
