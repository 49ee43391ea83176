// Output paths checked before any work: a --save or -o target must be writable before training starts, and a
// --data-dir is written only when ConvLab created it (its manifest is there) or the user says --prepare.

import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MANIFEST_FILE } from '../data/index.ts';
import { clip } from '../model/format.ts';
import { UsageError } from './summary.ts';

/** Throws a UsageError naming the path and the fix when `path` cannot be written (its folder missing or read-only, or it is a folder). */
export function checkWritableFile(path: string, flag: string): void {
  const full = resolve(path);
  const folder = dirname(full);
  const shown = clip(path);
  if (!existsSync(folder)) throw new UsageError(`${flag} ${shown}: the folder ${clip(folder)} does not exist; create it first or choose another path.`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`${flag} ${shown}: ${clip(folder)} is not a folder; choose another path.`);
  if (existsSync(full)) {
    if (statSync(full).isDirectory()) throw new UsageError(`${flag} ${shown} is a folder; give a file name such as ${clip(path.replace(/\/?$/, '/model.safetensors'))}.`);
    try {
      accessSync(full, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${shown} exists and cannot be overwritten (no write permission); choose another path.`);
    }
    return;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${shown}: the folder ${clip(folder)} is not writable; choose another path.`);
  }
}

/**
 * A --data-dir that is about to be (re)filled: fine when it does not exist yet (ConvLab creates it) or holds a
 * ConvLab manifest; an existing folder without one is refused unless `prepare` (--prepare) says to write there.
 */
export function checkDataDirWritable(dir: string, prepare: boolean): void {
  if (!existsSync(dir) || prepare) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`--data-dir ${clip(dir)} is not a folder; give a folder for the prepared datasets.`);
  if (existsSync(resolve(dir, MANIFEST_FILE))) return;
  const entries = readdirSync(dir).length;
  throw new UsageError(
    `--data-dir ${clip(dir)} has no ${MANIFEST_FILE} (${entries === 0 ? 'it is empty' : `it holds ${entries} other entries`}), so ConvLab did not create it and will not write the datasets there; ` +
      `give a new folder name, or add --prepare to convert the datasets into it.`,
  );
}
