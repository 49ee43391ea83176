// The PyTorch export run in PyTorch for real (Debian's python3-torch; skipped, visibly, where no python3 has torch):
// the exported model's probabilities equal ConvLab's on 100 test images for every preset small enough to train, the
// exported training script trains 20 steps on the bundled MNIST with falling loss, two processes under
// DistributedDataParallel (gloo) end with identical weights, and the model file it writes opens in `convlab eval`
// with PyTorch's accuracy.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_DATA_DIR, prepareData } from '../../src/cli/prepareData.ts';
import { parseCifarBatch } from '../../src/data/cifar.ts';
import { parseIdxImages } from '../../src/data/idx.ts';
import { analyze, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { encodeModelFile } from '../../src/model/modelFile.ts';
import { backendProbabilities, cpuBackendFor, maxAbsDifference, randomImages, randomValues, toNCHW } from './exportHelpers.ts';

/** A python3 that has torch (Debian's python3-torch lives in /usr/bin/python3, which may not be the first python3). */
const torchPython = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
const dir = mkdtempSync(join(tmpdir(), 'convlab-pytorch-'));
const MNIST = join(DEFAULT_DATA_DIR, 'mnist');
const MNIST_NORM = { mean: [33.32], std: [78.57] };

/** Runs the CLI in-process; its output lines. */
async function cli(args: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['node', 'convlab', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out, err };
}

/** Exports `spec` with seeded weights and `training` notes as dir/<name>.py and dir/<name>_train.py. */
async function exported(name: string, spec: NetworkSpec, norm: { mean: number[]; std: number[] }, training: Record<string, unknown> = {}) {
  const values = randomValues(spec, 5);
  const weights = join(dir, `${name}.safetensors`);
  writeFileSync(weights, encodeModelFile(spec, values, { normalization: norm, dataset: 'MNIST', training }));
  const r = await cli(['export', weights, '--format', 'pytorch', '-o', join(dir, `${name}.py`)]);
  expect(r.status, r.err.join('\n')).toBe(0);
  expect(r.out.join('\n')).toContain(`wrote ${join(dir, `${name}_train.py`)}`);
  return { values, weights, module: join(dir, `${name}.py`), script: join(dir, `${name}_train.py`) };
}

/** The JSON lines a script printed. */
const jsonLines = (text: string) => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, number | string>);

/** Class probabilities from the exported module (softmax added when the network does not end with one). */
const PROBS = `import importlib.util, struct, sys, torch
spec = importlib.util.spec_from_file_location("net", sys.argv[1]); net = importlib.util.module_from_spec(spec); spec.loader.exec_module(net)
model = net.load_convlab_weights(net.build_model(), sys.argv[2]).eval()
n, c, h, w = (int(v) for v in sys.argv[4:8])
data = open(sys.argv[3], "rb").read()
x = torch.tensor(struct.unpack(f"<{len(data) // 4}f", data)).reshape(n, c, h, w)
with torch.no_grad():
    y = model(x).reshape(n, -1)
    if not isinstance(list(model.children())[-1], torch.nn.Softmax):
        y = torch.softmax(y, 1)
open(sys.argv[3] + ".out", "wb").write(struct.pack(f"<{y.numel()}f", *y.reshape(-1).tolist()))
`;

beforeAll(() => {
  if (torchPython) prepareData(DEFAULT_DATA_DIR); // a no-op when data/ is current
}, 300_000);

describe.skipIf(!torchPython)('PyTorch: the exported model and training script run in torch', () => {
  it('gives ConvLab\'s class probabilities within 1e-4 on 100 test images, for every preset small enough to train', async () => {
    writeFileSync(join(dir, 'probs.py'), PROBS);
    const mnist = parseIdxImages(new Uint8Array(readFileSync(join(MNIST, 't10k-images-idx3-ubyte'))), 't10k').pixels.subarray(0, 100 * 784);
    const cifar = parseCifarBatch(new Uint8Array(readFileSync(join(DEFAULT_DATA_DIR, 'cifar10', 'test_batch.bin'))), 'test_batch.bin');
    const cifarNhwc = new Uint8Array(100 * 3072);
    for (let n = 0; n < 100; n++) for (let k = 0; k < 3; k++) for (let p = 0; p < 1024; p++) cifarNhwc[n * 3072 + p * 3 + k] = cifar.pixels[n * 3072 + k * 1024 + p]!;
    for (const preset of ['lenet5-mnist', 'mlp', 'lenet5', 'cifar-vgg', 'tiny-vgg']) {
      const spec = presetSpec(preset);
      const input = analyze(spec).input!;
      const key = input.join('x');
      const images = key === '28x28x1' ? mnist : key === '32x32x3' ? cifarNhwc : randomImages(100, input, 11);
      const norm = input[2] === 1 ? MNIST_NORM : { mean: [125, 123, 114], std: [63, 62, 66] };
      const e = await exported(preset.replace(/-/g, '_'), spec, norm);
      const file = join(dir, `${preset}.in`);
      writeFileSync(file, toNCHW(images, 100, input));
      const r = spawnSync(torchPython!, [join(dir, 'probs.py'), e.module, e.weights, file, '100', String(input[2]), String(input[0]), String(input[1])], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const torchProbs = new Float32Array(new Uint8Array(readFileSync(`${file}.out`)).buffer);
      const backend = await cpuBackendFor(spec, e.values, norm);
      const convlab = await backendProbabilities(backend, images, 100);
      backend.destroy();
      expect(maxAbsDifference(torchProbs, convlab), preset).toBeLessThanOrEqual(1e-4);
    }
  }, 240_000);

  it('trains 20 steps on the bundled MNIST with falling loss; `convlab eval` of its model file gives its accuracy', async () => {
    const e = await exported('net', presetSpec('lenet5-mnist'), MNIST_NORM, { optimizer: { kind: 'momentum', learningRate: 0.05, momentum: 0.9 }, batchSize: 32, seed: 3, validationSplit: 0 });
    const out = join(dir, 'trained.safetensors');
    const r = spawnSync(torchPython!, [e.script, '--data', MNIST, '--steps', '20', '--log-every', '1', '--limit', '4000', '--test-limit', '500', '--init', e.weights, '--save', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const start = lines[0]!;
    expect(start).toMatchObject({ event: 'start', steps: 20, batchSize: 32, processes: 1, optimizer: { kind: 'momentum', learningRate: 0.05 } });
    const losses = lines.filter((l) => 'loss' in l && 'lr' in l).map((l) => Number(l.loss));
    expect(losses).toHaveLength(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.8);
    const final = lines[lines.length - 1]!;
    expect(Object.keys(final)).toEqual(expect.arrayContaining(['steps', 'loss', 'testAccuracy']));
    expect(final.steps).toBe(20);
    expect(existsSync(out)).toBe(true);

    const ev = await cli(['eval', out, '--dataset', 'mnist', '--json', '--test-limit', '500', '--backend', 'cpu']);
    expect(ev.status, ev.err.join('\n')).toBe(0);
    const convlab = JSON.parse(ev.out[ev.out.length - 1]!) as { testAccuracy: number };
    expect(Math.abs(convlab.testAccuracy - Number(final.testAccuracy)) * 100).toBeLessThanOrEqual(0.2);
  }, 240_000);

  it('trains in two processes with DistributedDataParallel (gloo), both ending with the same weights', async () => {
    const e = await exported('ddp', presetSpec('lenet5-mnist'), MNIST_NORM, { optimizer: { kind: 'adam', learningRate: 0.002 }, batchSize: 32, seed: 4 });
    // Debian's torchrun 1.13 fails under Python 3.11, so the two ranks start as torchrun would start them.
    const port = String(20000 + (process.pid % 20000));
    const ranks = [0, 1].map((rank) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(torchPython!, [e.script, '--data', MNIST, '--steps', '8', '--limit', '2000', '--test-limit', '200', '--validation-split', '0.05', '--report-all-ranks', '--save', join(dir, 'ddp-out.safetensors')], {
        env: { ...process.env, MASTER_ADDR: '127.0.0.1', MASTER_PORT: port, RANK: String(rank), WORLD_SIZE: '2', LOCAL_RANK: String(rank) },
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    }));
    const [r0, r1] = await Promise.all(ranks);
    expect(r0!.code, r0!.stderr).toBe(0);
    expect(r1!.code, r1!.stderr).toBe(0);
    const f0 = jsonLines(r0!.stdout).at(-1)!;
    const f1 = jsonLines(r1!.stdout).at(-1)!;
    expect(jsonLines(r0!.stdout)[0]).toMatchObject({ event: 'start', processes: 2, batchSize: 32 });
    // Rank 0 logs; rank 1 prints only its final line (asked for with --report-all-ranks).
    expect(jsonLines(r1!.stdout)).toHaveLength(1);
    expect([f0.rank, f1.rank]).toEqual([0, 1]);
    expect(f0.steps).toBe(8);
    expect(f1.weightsDigest).toBe(f0.weightsDigest);
    expect(existsSync(join(dir, 'ddp-out.safetensors'))).toBe(true);
  }, 240_000);
});
