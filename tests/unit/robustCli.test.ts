// Issue 18: every bad input to the CLI exits 2 with a message that names the problem and the fix; 1 is kept for
// failures while running. One table per fault class.
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
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
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
