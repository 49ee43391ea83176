// Where the CLI remembers `auto`'s engine choices: one JSON file in the user's cache folder (XDG_CACHE_HOME or
// ~/.cache), keyed by network shape and device. A missing or unreadable file is an empty store.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChoiceStore, PickRecord } from '../engine/enginePick.ts';

export function choiceFile(): string {
  return process.env.CONVLAB_ENGINE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'convlab', 'engine-choices.json');
}

export function nodeChoiceStore(file = choiceFile()): ChoiceStore {
  const readAll = (): Record<string, PickRecord> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, PickRecord>;
    } catch {
      return {};
    }
  };
  return {
    get: async (key) => readAll()[key],
    set: async (key, value) => {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ ...readAll(), [key]: value }, null, 1));
      } catch {
        // A read-only home: the choice is timed again next time.
      }
    },
  };
}
