// PyTorch and Keras code export: for every preset and the awkward op-coverage nets, the per-layer output-shape
// comments and the EXPECTED_SHAPES table agree with `convlab summary --json`, every tensor of the model file is
// loaded, the padding/stride workarounds appear where needed, and python3 parses the code. When python3 has torch,
// the PyTorch model also runs and must give ConvLab's probabilities.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { exportKeras, exportPytorch, parseShapeComments } from '../../src/model/export/index.ts';
import { analyze, PRESETS, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { decodeModelFile, encodeModelFile, tensorKey, type ModelFile } from '../../src/model/modelFile.ts';
import { parameterLayout } from '../../src/model/parameters.ts';
import { backendProbabilities, cpuBackendFor, maxAbsDifference, randomImages, randomValues, toNCHW } from './exportHelpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'convlab-export-py-'));
const python = spawnSync('python3', ['--version']).status === 0;

/** A net needing every workaround: padded max/avg/l2 pools, stride with dilation, a frozen layer, flat batchnorm. */
const AWKWARD: NetworkSpec = {
  input: { height: 15, width: 12, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 3, stride: 2, dilation: 2, padding: 2, groups: 3, trainable: false },
    { type: 'maxpool2d', poolSize: 3, stride: 1, padding: 1 },
    { type: 'avgpool2d', poolSize: [3, 2], stride: 1, padding: [1, 1] },
    { type: 'l2pool2d', poolSize: 2, padding: 1 },
    { type: 'leakyrelu', alpha: 0.1 },
    { type: 'dense', units: 8 },
    { type: 'batchnorm', momentum: 0.8 },
    { type: 'elu' },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 3, useBias: false },
  ],
};

const NETS: [string, NetworkSpec][] = [...PRESETS.map((p): [string, NetworkSpec] => [p.id, presetSpec(p.id)]), ['awkward', AWKWARD]];

async function summaryShapes(spec: NetworkSpec): Promise<{ type: string; outputShape: number[] }[]> {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  const out: string[] = [];
  expect(await main(['node', 'convlab', 'summary', file, '--json'], { out: (t) => out.push(t), err: () => {} })).toBe(0);
  return (JSON.parse(out[0]!) as { layers: { type: string; outputShape: number[] }[] }).layers;
}

/**
 * A model file through encode and decode; the huge presets (alexnet, vgg16: hundreds of MB) skip the file and get
 * zero weights, as only shapes matter here.
 */
function modelOf(spec: NetworkSpec): ModelFile {
  const a = analyze(spec);
  const layout = parameterLayout(a);
  const channels = a.input![2];
  const meta = { normalization: { mean: Array<number>(channels).fill(120), std: Array<number>(channels).fill(60) }, classes: ['a', 'b'] };
  if (a.totals.params > 2_000_000) return { spec: a.spec!, values: { params: new Float32Array(layout.paramFloats), state: new Float32Array(layout.stateFloats) }, meta };
  return decodeModelFile(encodeModelFile(spec, randomValues(spec, 1), meta));
}

function expectParses(code: string, name: string): void {
  if (!python) return;
  const file = join(dir, `${name}.py`);
  writeFileSync(file, code);
  const r = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** The EXPECTED_SHAPES table of generated code, per layer name. */
function expectedTable(code: string): string[] {
  const table = code.slice(code.indexOf('EXPECTED_SHAPES = {'), code.indexOf('}', code.indexOf('EXPECTED_SHAPES = {')));
  return [...table.matchAll(/": \(([^)]*)\)/g)].map((m) => m[1]!.replace(/,$/, ''));
}

describe.each([
  ['pytorch', exportPytorch, (s: number[], flat: boolean) => (flat ? `${s[2]}` : `${s[2]}, ${s[0]}, ${s[1]}`)],
  ['keras', exportKeras, (s: number[], flat: boolean) => (flat ? `None, ${s[2]}` : `None, ${s.join(', ')}`)],
] as const)('%s export', (format, exporter, tableShape) => {
  it.each(NETS)('%s: shape comments and EXPECTED_SHAPES match convlab summary; every tensor is loaded; python parses it', async (name, spec) => {
    const model = modelOf(spec);
    const code = exporter(model, `${name}.safetensors`);
    const summary = await summaryShapes(spec);
    const comments = parseShapeComments(code);
    expect(comments.map((c) => c.index)).toEqual(summary.map((_, i) => i));
    expect(comments.map((c) => c.type)).toEqual(summary.map((l) => l.type));
    expect(comments.map((c) => c.shape)).toEqual(summary.map((l) => l.outputShape));
    const a = analyze(spec);
    expect(expectedTable(code)).toEqual(a.layers.map((l) => tableShape(l.outputShape, l.flat)));
    for (const t of parameterLayout(a).tensors) expect(code).toContain(`t["${tensorKey(t)}"]`);
    expect(code).toContain(`"${name}.safetensors"`);
    expectParses(code, `${name}_${format}`);
    }, 30_000);
});

describe('format-specific layers', () => {
  const model = modelOf(AWKWARD);

  it('pytorch: NHWC flatten, zero padding before LPPool2d, excluded padding in averages, torch momentum, frozen', () => {
    const code = exportPytorch(model);
    expect(code).toContain('("layer6_dense", nn.Sequential(FlattenNHWC(), nn.Linear(');
    expect(code).toContain('nn.Sequential(nn.ZeroPad2d((1, 1, 1, 1)), nn.LPPool2d(2, kernel_size=(2, 2), stride=(2, 2)))');
    expect(code).toContain('count_include_pad=False');
    expect(code).toContain('nn.BatchNorm1d(8, eps=0.00001, momentum=0.2)');
    expect(code).toContain('stride=(2, 2), padding=(2, 2), dilation=(2, 2), groups=3');
    expect(code).toContain('m.requires_grad_(False)');
    expect(code).toContain('m = model.layer6_dense\n        m[1].weight.copy_(t["layers.5.weights"].t())');
    // Orders agree for a 1x1 image or one channel: plain nn.Flatten.
    expect(exportPytorch(modelOf(presetSpec('mlp')))).not.toContain('FlattenNHWC');
  });

  it('keras: stride with dilation as conv + Subsample2D, padded pools, frozen weights, no channel reorder', () => {
    const code = exportKeras(model);
    expect(code).toContain('layers.ZeroPadding2D(padding=((2, 2), (2, 2)), name="layer1_conv2d_pad")');
    expect(code).toContain('strides=(1, 1), padding="valid", dilation_rate=(2, 2), groups=3');
    expect(code).toContain('Subsample2D((2, 2), name="layer1_conv2d_stride")');
    expect(code).toContain('"layer1_conv2d_stride": (None, ');
    for (const kind of ['max', 'avg', 'l2']) expect(code).toMatch(new RegExp(`PaddedPool2D\\("${kind}"`));
    expect(code).toContain('model.get_layer("layer1_conv2d").trainable = False');
    expect(code).toContain('layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=0.00001');
    expect(code).not.toContain('permute');
    // Helper classes only when used.
    const plain = exportKeras(modelOf(presetSpec('lenet5-mnist')));
    expect(plain).not.toContain('class PaddedPool2D');
    expect(plain).not.toContain('class Subsample2D');
  });
});

/** A python3 that has torch (Debian's python3-torch lives in /usr/bin/python3, which may not be the first python3). */
const torchPython = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0);

/** Stands in for the safetensors package (not in Debian): reads the same file format into torch tensors. */
const SAFETENSORS_SHIM = `import json, struct, torch
def load_file(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    out = {}
    for key, v in header.items():
        if key == "__metadata__":
            continue
        begin, end = v["data_offsets"]
        out[key] = torch.frombuffer(bytearray(data[8 + n + begin:8 + n + end]), dtype=torch.float32).reshape(v["shape"])
    return out
`;

/** Runs each generated module on its images: check_shapes, then class probabilities (softmax added as ConvLab reads them). */
const DRIVER = `import importlib.util, json, sys
import numpy as np, torch
for job in json.load(open(sys.argv[1])):
    spec = importlib.util.spec_from_file_location(job["name"], job["code"])
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    model = gen.load_convlab_weights(gen.build_model(), job["weights"]).eval()
    n, c, h, w = job["shape"]
    x = torch.from_numpy(np.fromfile(job["input"], dtype=np.float32).reshape(n, c, h, w))
    with torch.no_grad():
        gen.check_shapes(model)
        y = model(x).reshape(n, -1)
        if not job["softmax"]:
            y = torch.softmax(y, dim=1)
    y.numpy().astype(np.float32).tofile(job["output"])
`;

describe.skipIf(!torchPython)('the PyTorch code runs in torch and gives ConvLab\'s probabilities', () => {
  it('awkward, lenet5-mnist, cifar-vgg and tiny-vgg on random weights', async () => {
    const shim = join(dir, 'shim', 'safetensors');
    mkdirSync(shim, { recursive: true });
    writeFileSync(join(shim, '__init__.py'), '');
    writeFileSync(join(shim, 'torch.py'), SAFETENSORS_SHIM);
    writeFileSync(join(dir, 'driver.py'), DRIVER);
    const count = 6;
    const nets: [string, NetworkSpec][] = [['awkward', AWKWARD], ['lenet5_mnist', presetSpec('lenet5-mnist')], ['cifar_vgg', presetSpec('cifar-vgg')], ['tiny_vgg', presetSpec('tiny-vgg')]];
    const jobs = nets.map(([name, spec]) => {
      const a = analyze(spec);
      const input = a.input!;
      const values = randomValues(spec, 4);
      const norm = { mean: Array<number>(input[2]).fill(110), std: Array<number>(input[2]).fill(70) };
      const weights = join(dir, `${name}.safetensors`);
      writeFileSync(weights, encodeModelFile(spec, values, { normalization: norm }));
      const code = join(dir, `${name}_pytorch.py`);
      writeFileSync(code, exportPytorch(decodeModelFile(readFileSync(weights))));
      const images = randomImages(count, input, 8);
      writeFileSync(join(dir, `${name}.in`), toNCHW(images, count, input));
      return { job: { name, code, weights, shape: [count, input[2], input[0], input[1]], input: join(dir, `${name}.in`), output: join(dir, `${name}.out`), softmax: a.layers[a.layers.length - 1]!.type === 'softmax' }, spec, values, norm, images };
    });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs.map((j) => j.job)));
    const r = spawnSync(torchPython!, [join(dir, 'driver.py'), join(dir, 'jobs.json')], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(dir, 'shim') } });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    for (const j of jobs) {
      const torchProbs = new Float32Array(new Uint8Array(readFileSync(j.job.output)).buffer);
      const backend = await cpuBackendFor(j.spec, j.values, j.norm);
      const convlab = await backendProbabilities(backend, j.images, count);
      backend.destroy();
      expect(maxAbsDifference(torchProbs, convlab), j.job.name).toBeLessThanOrEqual(1e-4);
    }
  }, 120_000);
});
