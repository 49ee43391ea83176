// `convlab train`, `convlab gradcheck` and `convlab eval`: the engine in Node, on WebGPU (Dawn), the wasm engine or
// the CPU reference (--backend; `auto` picks).

import { writeFileSync } from 'node:fs';
import { clip } from '../model/format.ts';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { NO_AUGMENT, augmentConfig, type AugmentConfig } from '../data/augment.ts';
import type { Dataset } from '../data/index.ts';
import { gradientCheck, randomBatch } from '../engine/gradcheck.ts';
import { GpuBackend } from '../engine/gpu/backend.ts';
import { formatProfile, profileStep } from '../engine/profile.ts';
import { Trainer, type TrainProgress } from '../engine/trainer.ts';
import { analyze, type NetworkSpec } from '../model/index.ts';
import { checkTrainingMemory, CPU_MEMORY_BYTES, WASM_MEMORY_BYTES } from '../model/memory.ts';
import { decodeModelFile, encodeModelFile } from '../model/modelFile.ts';
import { OPTIMIZER_KINDS, optimizerConfig, scheduleConfig, type OptimizerKind, type ScheduleConfig } from '../model/optimizers.ts';
import { initialParameters } from '../model/parameters.ts';
import { trainingPlan, type TrainingPlan } from '../model/plan.ts';
import { duration, progressWriter } from './progress.ts';
import { checkWritableFile } from './paths.ts';
import { modelFileNotes, readModelBytes, startingPoint } from './resume.ts';
import { BACKENDS, loadDataset, openBackend, type BackendChoice } from './session.ts';
import { loadSpecSource, UsageError } from './summary.ts';
import type { Io } from './main.ts';

const int = (name: string, min = 1) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
  return n;
};
const float = (name: string, min = 0, max = Infinity) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number in [${min}, ${max}].`);
  return n;
};

/** "shift=2,flip,noise=0.1" → AugmentConfig; every term must parse (a term that does not is an error, never dropped). */
function parseAugment(v: string): AugmentConfig {
  if (v.trim() === 'none') return NO_AUGMENT;
  const out: Partial<AugmentConfig> = {};
  const bad = (term: string, want: string) => new InvalidArgumentError(`cannot read the term "${clip(term)}": ${want}; write e.g. shift=2,flip,noise=0.1 or none.`);
  const terms = v.split(',').map((s) => s.trim());
  if (terms.some((t) => t === '')) throw new InvalidArgumentError(`"${clip(v)}" has an empty term; write e.g. shift=2,flip,noise=0.1 or none.`);
  for (const part of terms) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? undefined : part.slice(eq + 1);
    if (key === 'flip') {
      if (value !== undefined && !['true', 'false'].includes(value)) throw bad(part, 'flip takes no value, or true or false');
      out.flip = value !== 'false';
    } else if (key === 'shift') {
      if (value === undefined || !/^\d+$/.test(value)) throw bad(part, 'shift needs a whole number of pixels, as shift=2');
      out.shift = Number(value);
    } else if (key === 'noise') {
      if (value === undefined || value.trim() === '' || !Number.isFinite(Number(value))) throw bad(part, 'noise needs a standard deviation, as noise=0.1');
      out.noise = Number(value);
    } else throw new InvalidArgumentError(`unknown augmentation "${clip(key)}"; use shift=N, flip, noise=X or none.`);
  }
  try {
    return augmentConfig(out);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

function planFor(source: unknown, classes?: number): TrainingPlan {
  const analysis = analyze(source);
  if (!analysis.ok) {
    throw new UsageError(analysis.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('\n'));
  }
  try {
    return trainingPlan(analysis, classes);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * The memory plan on this side of the engine: before the initial weights are drawn (they live in host memory for
 * every engine) and before any data is loaded. Each engine checks its own budget again when it opens.
 */
function checkHostMemory(plan: TrainingPlan, batchSize: number, optimizer: OptimizerKind, backend: BackendChoice): void {
  const budget =
    backend === 'cpu' ? { engine: 'the CPU reference', totalBytes: CPU_MEMORY_BYTES } : backend === 'wasm' ? { engine: 'the wasm engine', totalBytes: WASM_MEMORY_BYTES } : { engine: 'this machine (the host side of every engine)', totalBytes: CPU_MEMORY_BYTES };
  // A GPU run keeps its activations on the device (checked there against the adapter's limits); the host holds the weights.
  checkTrainingMemory(plan, backend === 'webgpu' || backend === 'auto' ? Math.min(batchSize, 1) : batchSize, optimizer, budget);
  if (backend === 'webgpu' || backend === 'auto') checkTrainingMemory(plan, batchSize, optimizer, { ...budget, totalBytes: 64 * 2 ** 30 });
}

function splits(ds: Dataset, trainLimit?: number, testLimit?: number) {
  const pixels = ds.height * ds.width * ds.channels;
  const cut = (s: Dataset['train'], n?: number) =>
    n === undefined || n >= s.count ? s : { images: s.images.subarray(0, n * pixels), labels: s.labels.subarray(0, n), count: n };
  return { train: cut(ds.train, trainLimit), test: cut(ds.test, testLimit), shape: [ds.height, ds.width, ds.channels] as [number, number, number] };
}

interface TrainOptions {
  dataset: string;
  epochs: number;
  steps?: number;
  batchSize: number;
  optimizer: OptimizerKind;
  lr?: number;
  momentum?: number;
  weightDecay?: number;
  schedule: 'constant' | 'step' | 'cosine';
  validationSplit: number;
  augment: AugmentConfig;
  seed: number;
  save?: string;
  resume?: string;
  json?: boolean;
  backend: BackendChoice;
  threads?: number;
  dataDir?: string;
  prepare?: boolean;
  limit?: number;
  testLimit?: number;
  profile?: boolean;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

async function train(source: string | undefined, o: TrainOptions, io: Io): Promise<number> {
  const log = (msg: string) => (o.json ? process.stderr.write(msg + '\n') : io.err(msg));
  const start = startingPoint(source, o.resume);
  const spec = start.spec;
  if (o.profile && o.backend === 'auto') o.backend = 'webgpu';
  if (o.profile && o.backend !== 'webgpu') throw new UsageError('--profile times GPU kernels; use it with --backend webgpu.');
  checkHostMemory(planFor(spec), o.batchSize, o.optimizer, o.backend); // spec and memory errors before loading data
  if (o.save) checkWritableFile(o.save, '--save'); // before the run, not after it
  const dataset = await loadDataset(o.dataset, o.dataDir, log, o.prepare);
  const plan = planFor(spec, dataset.classes.length);
  const data = splits(dataset, o.limit, o.testLimit);
  // The wasm engine keeps the dataset in its memory too: the whole plan, data included, before it opens.
  if (o.backend === 'wasm') {
    const dataBytes = data.train.images.length + data.train.labels.length + data.test.images.length + data.test.labels.length;
    checkTrainingMemory(plan, o.batchSize, o.optimizer, { engine: 'the wasm engine', totalBytes: WASM_MEMORY_BYTES }, dataBytes);
  }
  if (plan.input.join('x') !== data.shape.join('x')) {
    throw new UsageError(`The network takes ${plan.input.join('x')} inputs but ${dataset.name} images are ${data.shape.join('x')}; set the input block to ${data.shape.join(', ')}.`);
  }
  const optimizer = optimizerConfig({ kind: o.optimizer, ...(o.lr !== undefined && { learningRate: o.lr }), ...(o.momentum !== undefined && { momentum: o.momentum }), ...(o.weightDecay !== undefined && { weightDecay: o.weightDecay }) });
  const trainCount = data.train.count - Math.floor(data.train.count * o.validationSplit);
  const totalSteps = o.steps ?? o.epochs * Math.max(1, Math.floor(trainCount / o.batchSize));
  const schedule: ScheduleConfig =
    o.schedule === 'step'
      ? scheduleConfig({ kind: 'step', everySteps: Math.max(1, Math.floor(totalSteps / 3)), gamma: 0.1 })
      : o.schedule === 'cosine'
        ? scheduleConfig({ kind: 'cosine', totalSteps, minLearningRate: 0 })
        : { kind: 'constant' };
  const opened = await openBackend(o.backend, { plan, batchSize: o.batchSize, optimizer, seed: o.seed, initial: start.resumed?.values ?? initialParameters(plan.layout, o.seed) }, { threads: o.threads });
  try {
    for (const note of start.resumed?.notes ?? []) log(note);
    if (start.resumed) log(`resuming from ${start.resumed.file} (${start.resumed.steps} steps trained; the optimizer state starts afresh)`);
    log(`training ${plan.analysis.name ?? source} on ${dataset.name} (${data.train.count} examples) with ${opened.description}`);
    const bar = progressWriter(process.stderr);
    let last: TrainProgress | null = null;
    let window: { loss: number; accuracy: number }[] = [];
    const onProgress = (p: TrainProgress) => {
      last = p;
      window = [...window, ...p.points].slice(-50);
      const loss = window.reduce((s, q) => s + q.loss, 0) / Math.max(1, window.length);
      const acc = window.reduce((s, q) => s + q.accuracy, 0) / Math.max(1, window.length);
      if (o.json) {
        io.out(
          JSON.stringify({
            event: 'progress',
            epoch: p.epoch,
            step: p.step,
            totalSteps: p.totalSteps,
            loss: r4(loss),
            accuracy: r4(acc),
            learningRate: p.learningRate,
            examplesPerSecond: Math.round(p.examplesPerSecond),
            ...(p.validation && { validationLoss: r4(p.validation.loss), validationAccuracy: r4(p.validation.accuracy) }),
          }),
        );
      } else {
        const val = p.validation ? ` val ${(p.validation.accuracy * 100).toFixed(2)}%` : '';
        bar.show({
          fraction: p.step / p.totalSteps,
          text: `epoch ${p.epoch + 1} step ${p.step}/${p.totalSteps} loss ${loss.toFixed(4)} acc ${(acc * 100).toFixed(1)}%${val} ${Math.round(p.examplesPerSecond)} ex/s ETA ${duration(p.etaSeconds)}`,
        });
      }
    };
    const trainer = await Trainer.create(
      opened.backend,
      { epochs: o.epochs, steps: o.steps, batchSize: o.batchSize, optimizer, schedule, validationSplit: o.validationSplit, seed: o.seed, augment: o.augment, validateEachEpoch: true },
      data,
      onProgress,
    );
    const t0 = performance.now();
    await trainer.run();
    const seconds = (performance.now() - t0) / 1000;
    bar.done();
    if (trainer.status === 'diverged') {
      io.err(`error: ${trainer.message}`);
      return 1;
    }
    const test = await trainer.evaluate('test');
    if (o.profile && opened.backend instanceof GpuBackend) {
      const p = await profileStep(opened.backend.profileTarget());
      if (o.json) io.out(JSON.stringify({ event: 'profile', ...p }));
      else io.err(`where the time goes (one step, each part timed alone):\n${formatProfile(p, (i) => `${i + 1} ${plan.analysis.layers[i]!.type}`)}`);
    }
    const examplesPerSecond = (trainer.step * o.batchSize) / seconds;
    if (o.save) {
      const values = await opened.backend.readParams();
      // The run's settings, so that the PyTorch export's training script reproduces them (runSteps: the run's length).
      const runNotes = { batchSize: o.batchSize, schedule, validationSplit: o.validationSplit, augment: o.augment, epochs: o.epochs, ...(o.steps !== undefined && { runSteps: o.steps }) };
      const meta = { dataset: dataset.name, classes: dataset.classes, normalization: trainer.norm, training: { steps: (start.resumed?.steps ?? 0) + trainer.step, ...(start.resumed && { resumedFrom: start.resumed.file }), optimizer, seed: o.seed, testAccuracy: test.accuracy, ...runNotes } };
      writeFileSync(o.save, encodeModelFile(spec as NetworkSpec, values, meta));
      log(`saved ${o.save}`);
    }
    const final = {
      testAccuracy: r4(test.accuracy),
      testLoss: r4(test.loss),
      examplesPerSecond: Math.round(examplesPerSecond * 10) / 10,
      steps: trainer.step,
      epochs: r4(trainer.step / trainer.stepsPerEpoch),
      seconds: Math.round(seconds * 10) / 10,
      backend: opened.description,
      ...((last as TrainProgress | null)?.validation && { validationAccuracy: r4((last as unknown as TrainProgress).validation!.accuracy) }),
    };
    if (o.json) io.out(JSON.stringify(final));
    else io.out(`test accuracy ${(test.accuracy * 100).toFixed(2)}%, test loss ${test.loss.toFixed(4)}, ${final.examplesPerSecond} examples/s over ${trainer.step} steps (${duration(seconds)})`);
    return 0;
  } finally {
    opened.close();
  }
}

async function gradcheck(source: string, o: { batch: number; samples: number; tolerance: number; seed: number; backend: BackendChoice; threads?: number; json?: boolean }, io: Io): Promise<number> {
  const plan = planFor(loadSpecSource(source));
  checkHostMemory(plan, o.batch, 'sgd', o.backend);
  const initial = initialParameters(plan.layout, o.seed);
  const optimizer = optimizerConfig({ kind: 'sgd' });
  const opened = await openBackend(o.backend, { plan, batchSize: o.batch, optimizer, seed: o.seed, initial }, { threads: o.threads });
  try {
    const result = await gradientCheck(opened.backend, plan, initial, randomBatch(plan, o.batch, o.seed), o.seed, { samples: o.samples, tolerance: o.tolerance, seed: o.seed });
    if (o.json) io.out(JSON.stringify({ ...result, backend: opened.description }));
    else {
      io.out(`gradient check on ${opened.description}, batch ${o.batch}, tolerance ${o.tolerance}`);
      for (const e of result.entries) {
        const where = e.layerIndex === null ? 'input' : `layer ${e.layerIndex + 1} (${e.layerType}) ${e.tensor.split('.').pop()}`;
        io.out(`${e.ok ? 'ok  ' : 'FAIL'} ${where.padEnd(34)} max relative error ${e.maxRelativeError.toExponential(2)} over ${e.checked} entries`);
      }
      io.out(result.ok ? 'all gradients agree with finite differences' : 'some gradients disagree with finite differences');
    }
    return result.ok ? 0 : 1;
  } finally {
    opened.close();
  }
}

async function evaluate(file: string, o: { dataset: string; batchSize: number; backend: BackendChoice; threads?: number; json?: boolean; dataDir?: string; prepare?: boolean; testLimit?: number }, io: Io): Promise<number> {
  const model = decodeModelFile(readModelBytes(file), file);
  const notes = modelFileNotes(model, file);
  for (const note of notes) io.err(note);
  const norm = model.meta.normalization;
  if (!norm) throw new UsageError(`${clip(file)} carries no dataset normalisation; re-save it with convlab train --save.`);
  checkHostMemory(planFor(model.spec), o.batchSize, 'sgd', o.backend);
  const dataset = await loadDataset(o.dataset, o.dataDir, (m) => io.err(m), o.prepare);
  const data = splits(dataset, undefined, o.testLimit);
  const modelInput = planFor(model.spec).input;
  if (modelInput.join('x') !== data.shape.join('x')) {
    throw new UsageError(`${clip(file)} takes ${modelInput.join('x')} inputs but ${dataset.name} images are ${data.shape.join('x')}; evaluate it on the dataset it was trained on${model.meta.dataset ? ` (${clip(model.meta.dataset)})` : ''}.`);
  }
  const plan = planFor(model.spec, dataset.classes.length);
  const opened = await openBackend(o.backend, { plan, batchSize: o.batchSize, optimizer: optimizerConfig({ kind: 'sgd' }), seed: 0, initial: model.values }, { threads: o.threads });
  try {
    await opened.backend.setData({ train: data.test, test: data.test, validation: new Uint32Array(0), norm, augment: NO_AUGMENT });
    const t0 = performance.now();
    const r = await opened.backend.evaluate('test');
    const seconds = (performance.now() - t0) / 1000;
    const out = { testAccuracy: r4(r.accuracy), testLoss: r4(r.loss), ...(model.nonFinite ? { nonFiniteWeights: model.nonFinite } : {}), count: r.count, examplesPerSecond: Math.round(r.count / seconds), confusion: r.confusion, backend: opened.description };
    io.out(o.json ? JSON.stringify(out) : `test accuracy ${(r.accuracy * 100).toFixed(2)}% (${r.count} images), test loss ${r.loss.toFixed(4)}`);
    return 0;
  } finally {
    opened.close();
  }
}

/** Adds train, gradcheck and eval to the program; each action reports its exit status through setStatus. */
export function registerTrainCommands(program: Command, io: Io, setStatus: (status: number) => void): void {
  const backendOption = () =>
    new Option('--backend <name>', 'compute backend: auto (WebGPU on a GPU, else the faster of WebGPU and wasm), webgpu, wasm or cpu').choices(BACKENDS).default('auto');
  const threadsOption = () => new Option('--threads <n>', 'threads of the wasm engine (default: the logical processors, at most 8)').argParser(int('--threads'));
  program
    .command('train')
    .description('train a network on a bundled dataset (WebGPU through Dawn, or the CPU reference)')
    .argument('[spec]', 'a spec JSON file or a preset name (with --resume: defaults to the model file\'s network)')
    .requiredOption('--dataset <name>', 'mnist, fashion-mnist or cifar10')
    .option('--epochs <n>', 'epochs to train', int('--epochs'), 1)
    .option('--steps <n>', 'train this many steps instead of whole epochs', int('--steps'))
    .option('--batch-size <n>', 'examples per step', int('--batch-size'), 64)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZER_KINDS).default('adam'))
    .option('--lr <x>', 'learning rate (default: the optimizer\'s)', float('--lr', 1e-12))
    .option('--momentum <x>', 'momentum for momentum/nesterov', float('--momentum', 0, 0.999999))
    .option('--weight-decay <x>', 'L2 weight decay (decoupled for adamw)', float('--weight-decay'))
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').choices(['constant', 'step', 'cosine']).default('constant'))
    .option('--validation-split <x>', 'fraction of the training set held out', float('--validation-split', 0, 0.5), 0)
    .option('--augment <list>', 'augmentation: shift=N,flip,noise=X or none', parseAugment, NO_AUGMENT)
    .option('--seed <n>', 'seed for weights, shuffles, dropout and augmentation', int('--seed', 0), 1)
    .option('--save <file>', 'write the trained model (safetensors) here')
    .option('--resume <model-file>', 'start from a saved model\'s weights (same architecture; optimizer state starts afresh)')
    .option('--json', 'one JSON object per progress report and a final JSON line')
    .option('--limit <n>', 'use only the first N training examples', int('--limit'))
    .option('--test-limit <n>', 'use only the first N test examples', int('--test-limit'))
    .option('--data-dir <dir>', 'prepared data folder (default data)')
    .option('--prepare', 'convert the datasets into --data-dir even though ConvLab did not create it')
    .option('--profile', 'after training, time each layer\'s forward and backward kernels (GPU only)')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (source: string | undefined, o: TrainOptions) => setStatus(await train(source, o, io)));

  program
    .command('gradcheck')
    .description('compare the backward pass with central finite differences (float64 CPU reference) for every parameter tensor and the input')
    .argument('<spec>', 'a spec JSON file or a preset name')
    .option('--batch <n>', 'examples in the check batch', int('--batch'), 4)
    .option('--samples <n>', 'entries sampled per tensor', int('--samples'), 6)
    .option('--tolerance <x>', 'largest allowed relative error', float('--tolerance', 0), 1e-3)
    .option('--seed <n>', 'seed for weights, inputs and sampled entries', int('--seed', 0), 7)
    .option('--json', 'print one JSON object')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (source: string, o: Parameters<typeof gradcheck>[1]) => setStatus(await gradcheck(source, o, io)));

  program
    .command('eval')
    .description('evaluate a saved model file on a bundled test set')
    .argument('<model-file>', 'a model file written by convlab train --save')
    .requiredOption('--dataset <name>', 'mnist, fashion-mnist or cifar10')
    .option('--batch-size <n>', 'examples per batch', int('--batch-size'), 100)
    .option('--test-limit <n>', 'use only the first N test examples', int('--test-limit'))
    .option('--data-dir <dir>', 'prepared data folder (default data)')
    .option('--prepare', 'convert the datasets into --data-dir even though ConvLab did not create it')
    .option('--json', 'print one JSON object with testAccuracy, testLoss and the confusion matrix')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (file: string, o: Parameters<typeof evaluate>[1]) => setStatus(await evaluate(file, o, io)));
}
