// Training settings in the URL hash, after the network: "#net=<token>&train=ds:mnist,opt:sgd,lr:0.05,...".
// One table of properties (short key, read, write) drives both directions, as TensorFlow Playground does; only
// values that differ from the defaults are written, so a link without "&train=" means the default settings. The engine
// and its threads stay out of links: they belong to the machine that trains (and a run's result does not depend on them).
import type { TrainSettings } from '../engine/api.ts';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_KINDS, SCHEDULE_DEFAULTS, SCHEDULE_KINDS, type OptimizerConfig, type OptimizerKind, type ScheduleKind } from '../model/optimizers.ts';
import { checkTrainSettings, DEFAULT_TRAIN_SETTINGS, type EditableTrainSettings } from './trainSettings.ts';

/** What a link reproduces: the settings and, for a bundled dataset, which one. */
export interface TrainSetup {
  settings: EditableTrainSettings;
  dataset: string | null;
}

const TRAIN_PARAM = 'train=';

interface Prop {
  key: string;
  /** The value to write, or undefined to leave the key out (it has its default). */
  read(s: TrainSetup): string | undefined;
  /** Applies a value to a draft; throws for text that is not of the right kind. */
  write(d: TrainSetup, text: string): void;
}

function num(key: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new Error(`"${key}" should be a number, got "${text}"`);
  return v;
}

const fmt = (v: number) => String(v);

/** An optimizer hyperparameter: written when it differs from its kind's default. */
function optimizerProp(key: string, field: keyof Omit<OptimizerConfig, 'kind'>): Prop {
  return {
    key,
    read: (s) => (s.settings.optimizer[field] !== OPTIMIZER_DEFAULTS[s.settings.optimizer.kind][field] ? fmt(s.settings.optimizer[field]) : undefined),
    write: (d, t) => {
      d.settings.optimizer = { ...d.settings.optimizer, [field]: num(key, t) };
    },
  };
}

function scheduleProp(key: string, kind: 'step' | 'cosine', field: string): Prop {
  return {
    key,
    read: (s) => {
      const sc = s.settings.schedule as unknown as Record<string, number | string>;
      const def = SCHEDULE_DEFAULTS[kind] as unknown as Record<string, number>;
      return sc.kind === kind && sc[field] !== def[field] ? fmt(sc[field] as number) : undefined;
    },
    write: (d, t) => {
      if (d.settings.schedule.kind !== kind) throw new Error(`"${key}" belongs to the ${kind} schedule; put "sched:${kind}" before it`);
      d.settings.schedule = { ...d.settings.schedule, [field]: num(key, t) } as EditableTrainSettings['schedule'];
    },
  };
}

function settingProp(key: string, field: 'epochs' | 'batchSize' | 'validationSplit' | 'seed'): Prop {
  return {
    key,
    read: (s) => (s.settings[field] !== DEFAULT_TRAIN_SETTINGS[field] ? fmt(s.settings[field]) : undefined),
    write: (d, t) => {
      d.settings[field] = num(key, t);
    },
  };
}

/** Order matters when reading: the optimizer and schedule kinds come before their fields. */
const PROPS: Prop[] = [
  {
    key: 'ds',
    read: (s) => s.dataset ?? undefined,
    write: (d, t) => {
      if (!/^[a-z0-9-]+$/.test(t)) throw new Error(`"ds" should name a bundled dataset such as mnist, got "${t}"`);
      d.dataset = t;
    },
  },
  {
    key: 'opt',
    read: (s) => (s.settings.optimizer.kind !== DEFAULT_TRAIN_SETTINGS.optimizer.kind ? s.settings.optimizer.kind : undefined),
    write: (d, t) => {
      if (!(OPTIMIZER_KINDS as readonly string[]).includes(t)) throw new Error(`"opt" should be one of ${OPTIMIZER_KINDS.join(', ')}, got "${t}"`);
      d.settings.optimizer = { ...OPTIMIZER_DEFAULTS[t as OptimizerKind] };
    },
  },
  optimizerProp('lr', 'learningRate'),
  optimizerProp('mom', 'momentum'),
  optimizerProp('b1', 'beta1'),
  optimizerProp('b2', 'beta2'),
  optimizerProp('rho', 'rho'),
  optimizerProp('eps', 'epsilon'),
  optimizerProp('wd', 'weightDecay'),
  settingProp('bs', 'batchSize'),
  settingProp('epochs', 'epochs'),
  {
    key: 'steps',
    read: (s) => (s.settings.steps !== undefined ? fmt(s.settings.steps) : undefined),
    write: (d, t) => {
      d.settings.steps = num('steps', t);
    },
  },
  {
    key: 'sched',
    read: (s) => (s.settings.schedule.kind !== 'constant' ? s.settings.schedule.kind : undefined),
    write: (d, t) => {
      if (!(SCHEDULE_KINDS as readonly string[]).includes(t)) throw new Error(`"sched" should be one of ${SCHEDULE_KINDS.join(', ')}, got "${t}"`);
      d.settings.schedule = { ...SCHEDULE_DEFAULTS[t as ScheduleKind] };
    },
  },
  scheduleProp('every', 'step', 'everySteps'),
  scheduleProp('gamma', 'step', 'gamma'),
  scheduleProp('span', 'cosine', 'totalSteps'),
  scheduleProp('minlr', 'cosine', 'minLearningRate'),
  settingProp('val', 'validationSplit'),
  settingProp('seed', 'seed'),
  {
    key: 'shift',
    read: (s) => (s.settings.augment.shift ? fmt(s.settings.augment.shift) : undefined),
    write: (d, t) => {
      d.settings.augment = { ...d.settings.augment, shift: num('shift', t) };
    },
  },
  {
    key: 'flip',
    read: (s) => (s.settings.augment.flip ? '1' : undefined),
    write: (d, t) => {
      if (t !== '0' && t !== '1') throw new Error(`"flip" should be 0 or 1, got "${t}"`);
      d.settings.augment = { ...d.settings.augment, flip: t === '1' };
    },
  },
  {
    key: 'noise',
    read: (s) => (s.settings.augment.noise ? fmt(s.settings.augment.noise) : undefined),
    write: (d, t) => {
      d.settings.augment = { ...d.settings.augment, noise: num('noise', t) };
    },
  },
];

/** "ds:mnist,lr:0.01", or "" when everything has its default. */
export function encodeTrainSetup(setup: TrainSetup): string {
  const parts: string[] = [];
  for (const p of PROPS) {
    const v = p.read(setup);
    if (v !== undefined) parts.push(`${p.key}:${v}`);
  }
  return parts.join(',');
}

/** Reads the text after "train="; throws an Error saying which part is wrong and what it should be. */
export function decodeTrainSetup(text: string): TrainSetup {
  const draft: TrainSetup = { settings: structuredClone(DEFAULT_TRAIN_SETTINGS), dataset: null };
  const pairs = text.split(',').filter((p) => p !== '');
  const byKey = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    if (at < 1) throw new Error(`"${pair}" should be key:value, e.g. lr:0.01`);
    const key = pair.slice(0, at);
    if (!PROPS.some((p) => p.key === key)) throw new Error(`"${key}" is not a training setting (known: ${PROPS.map((p) => p.key).join(', ')})`);
    if (byKey.has(key)) throw new Error(`"${key}" appears twice`);
    byKey.set(key, pair.slice(at + 1));
  }
  for (const p of PROPS) {
    const v = byKey.get(p.key);
    if (v !== undefined) p.write(draft, v);
  }
  return { settings: checkTrainSettings(draft.settings as TrainSettings), dataset: draft.dataset };
}

/** Splits "#net=...&train=..." into the network part (as networkSlice.openHash takes it) and the training text. */
export function splitHash(hash: string): { net: string; train: string | null } {
  const at = hash.indexOf(`&${TRAIN_PARAM}`);
  if (at < 0) return { net: hash, train: null };
  return { net: hash.slice(0, at), train: decodeURIComponent(hash.slice(at + 1 + TRAIN_PARAM.length)) };
}

/** "&train=..." for the hash, or "" for the default settings. */
export function trainHashSuffix(setup: TrainSetup): string {
  const text = encodeTrainSetup(setup);
  return text ? `&${TRAIN_PARAM}${text}` : '';
}

/** The training settings of a shared link, or why they could not be read (the defaults are then used). */
export function trainSetupFromHash(hash: string): { setup: TrainSetup | null; error: string | null } {
  const { train } = splitHash(hash);
  if (train === null) return { setup: null, error: null };
  try {
    return { setup: decodeTrainSetup(train), error: null };
  } catch (e) {
    return { setup: null, error: `The link's training settings could not be read: ${e instanceof Error ? e.message : String(e)}. The default settings are used instead.` };
  }
}

/** Bundled datasets are shared by id; an upload exists only in the browser that made it. */
export function shareableDataset(id: string | null | undefined, bundled: readonly { id: string }[]): string | null {
  return id && bundled.some((b) => b.id === id) ? id : null;
}

/** The parts of the store a shared link touches. */
export interface LinkTarget {
  dataset: { id: string } | null;
  openHash(hash: string): void;
  setTrainSettings(patch: Partial<EditableTrainSettings>): string | null;
  setTrainLinkError(message: string | null): void;
  selectDataset(id: string): Promise<void>;
}

/** Opens a shared link's network (the part before "&train=") and its training settings and dataset. */
export function openSharedHash(target: LinkTarget, hash: string): void {
  const { net, train } = splitHash(hash);
  if (train === null) return;
  // networkSlice reads "#net=" hashes whole; give it only its part.
  target.openHash(net);
  const { setup, error } = trainSetupFromHash(hash);
  target.setTrainLinkError(error);
  if (!setup) return;
  // The engine is this machine's choice, not the link's: it stays as it is.
  const { engine: _engine, threads: _threads, ...settings } = setup.settings;
  target.setTrainSettings(settings);
  if (setup.dataset && setup.dataset !== target.dataset?.id) void target.selectDataset(setup.dataset);
}
