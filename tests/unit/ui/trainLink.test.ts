// Training settings: validation messages, and the "&train=" part of a shared link in both directions.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_DEFAULTS } from '../../../src/model/optimizers.ts';
import { decodeTrainSetup, encodeTrainSetup, openSharedHash, splitHash, trainHashSuffix, trainSetupFromHash, type LinkTarget, type TrainSetup } from '../../../src/store/trainLink.ts';
import { checkTrainSettings, DEFAULT_TRAIN_SETTINGS, trainSettingsProblem } from '../../../src/store/trainSettings.ts';

const defaults = (): TrainSetup => ({ settings: structuredClone(DEFAULT_TRAIN_SETTINGS), dataset: null });

describe('checkTrainSettings', () => {
  it('accepts the defaults and fills the optimizer kind’s defaults', () => {
    expect(checkTrainSettings(DEFAULT_TRAIN_SETTINGS)).toEqual(DEFAULT_TRAIN_SETTINGS);
    expect(checkTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, optimizer: { kind: 'sgd' } }).optimizer).toEqual(OPTIMIZER_DEFAULTS.sgd);
  });

  it.each([
    [{ batchSize: 0 }, /^Batch size must be a whole number from 1 to 4,096, got 0; powers of two/],
    [{ batchSize: 2.5 }, /^Batch size must be a whole number/],
    [{ epochs: 0 }, /^Epochs must be a whole number from 1/],
    [{ steps: -4 }, /^Steps must be a whole number from 1/],
    [{ validationSplit: 0.7 }, /^Validation split must be a fraction from 0 to 0.5, got 0.7/],
    [{ seed: -1 }, /^Seed must be a whole number from 0/],
    [{ optimizer: { ...DEFAULT_TRAIN_SETTINGS.optimizer, learningRate: 0 } }, /adam optimizer: learningRate must be a finite number > 0, got 0/],
    [{ optimizer: { ...DEFAULT_TRAIN_SETTINGS.optimizer, beta1: 1 } }, /beta1 must be a finite number in \[0, 1\)/],
    [{ schedule: { kind: 'step', everySteps: 0, gamma: 0.5 } }, /step schedule: everySteps must be a positive integer/],
    [{ augment: { shift: 20, flip: false, noise: 0 } }, /^Shift must be a whole number of pixels from 0 to 8, got 20\./],
  ] as const)('refuses %j with a message naming the field', (patch, message) => {
    expect(trainSettingsProblem({ ...DEFAULT_TRAIN_SETTINGS, ...patch } as never)).toMatch(message);
  });
});

describe('the train link', () => {
  it('writes nothing for the default settings, so plain #net= links stay as they were', () => {
    expect(encodeTrainSetup(defaults())).toBe('');
    expect(trainHashSuffix(defaults())).toBe('');
    expect(splitHash('#net=n1.abc')).toEqual({ net: '#net=n1.abc', train: null });
    expect(trainSetupFromHash('#net=n1.abc')).toEqual({ setup: null, error: null });
  });

  it('writes only what differs from the defaults, readably', () => {
    const s = defaults();
    s.dataset = 'fashion-mnist';
    s.settings = checkTrainSettings({ ...s.settings, optimizer: { kind: 'momentum', learningRate: 0.05 }, batchSize: 32, schedule: { kind: 'cosine', totalSteps: 400, minLearningRate: 0 } });
    expect(encodeTrainSetup(s)).toBe('ds:fashion-mnist,opt:momentum,lr:0.05,bs:32,sched:cosine,span:400');
  });

  it('round-trips every field', () => {
    const s: TrainSetup = {
      dataset: 'cifar10',
      settings: checkTrainSettings({
        epochs: 3,
        steps: 1234,
        batchSize: 128,
        optimizer: { kind: 'adamw', learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.05 },
        schedule: { kind: 'step', everySteps: 200, gamma: 0.3 },
        validationSplit: 0.2,
        seed: 42,
        augment: { shift: 2, flip: true, noise: 0.1 },
      }),
    };
    const hash = `#net=n1.xyz${trainHashSuffix(s)}`;
    expect(splitHash(hash).net).toBe('#net=n1.xyz');
    expect(trainSetupFromHash(hash)).toEqual({ setup: s, error: null });
    // RMSProp's rho and momentum's μ too.
    for (const optimizer of [{ kind: 'rmsprop' as const, rho: 0.8 }, { kind: 'nesterov' as const, momentum: 0.5 }]) {
      const t = { dataset: null, settings: checkTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, optimizer }) };
      expect(decodeTrainSetup(encodeTrainSetup(t))).toEqual(t);
    }
  });

  it.each([
    ['lr:abc', /"lr" should be a number, got "abc"/],
    ['learning:0.1', /"learning" is not a training setting \(known: ds, opt, lr/],
    ['opt:lion', /"opt" should be one of sgd, momentum/],
    ['bs:0', /Batch size must be a whole number from 1/],
    ['lr:0.1,lr:0.2', /"lr" appears twice/],
    ['gamma:0.5', /"gamma" belongs to the step schedule; put "sched:step" before it/],
    ['flip:yes', /"flip" should be 0 or 1/],
    ['nonsense', /"nonsense" should be key:value/],
    ['ds:../../etc', /"ds" should name a bundled dataset/],
  ])('refuses %s with a message, falling back to the defaults', (text, message) => {
    const r = trainSetupFromHash(`#net=n1.abc&train=${text}`);
    expect(r.setup).toBeNull();
    expect(r.error).toMatch(message);
    expect(r.error).toMatch(/^The link's training settings could not be read: .*The default settings are used instead\.$/);
  });

  it('opens a link: the network part goes to openHash alone, settings and dataset are applied', () => {
    const calls: string[] = [];
    const target: LinkTarget = {
      dataset: { id: 'mnist' },
      openHash: (h) => calls.push(`net ${h}`),
      setTrainSettings: (p) => (calls.push(`settings ${p.optimizer?.kind} ${p.batchSize}`), null),
      setTrainLinkError: (m) => calls.push(`error ${m}`),
      selectDataset: async (id) => void calls.push(`dataset ${id}`),
    };
    openSharedHash(target, '#net=n1.abc&train=ds:cifar10,opt:sgd,bs:16');
    expect(calls).toEqual(['net #net=n1.abc', 'error null', 'settings sgd 16', 'dataset cifar10']);
    calls.length = 0;
    openSharedHash(target, '#net=n1.abc');
    expect(calls).toEqual([]);
    openSharedHash(target, '#net=n1.abc&train=bs:x');
    expect(calls[0]).toBe('net #net=n1.abc');
    expect(calls[1]).toMatch(/^error The link's training settings could not be read: "bs" should be a number/);
    expect(calls).toHaveLength(2);
  });
});
