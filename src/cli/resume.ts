// `convlab train --resume <model-file>`: where a run starts. The weights (and batchnorm statistics) come from the
// file; the network is the file's own, or the given spec when it has the same architecture. The file stores no
// optimizer state, so Adam's moments and momentum start afresh, and the learning-rate schedule restarts.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { clip } from '../model/format.ts';
import { checkModelFileHeader, decodeModelFile, ModelFileError, valuesForNetwork, type ModelFile, type ModelFileMeta } from '../model/modelFile.ts';
import type { ParameterValues } from '../model/parameters.ts';
import type { NetworkSpec } from '../model/spec.ts';
import { loadSpecSource, UsageError } from './summary.ts';

export interface StartingPoint {
  /** The spec to train (unvalidated when it comes from the command line). */
  spec: unknown;
  resumed: null | {
    file: string;
    values: ParameterValues;
    /** Steps the file says it was trained for (0 when it does not say). */
    steps: number;
    meta: ModelFileMeta;
    /** What the user should know about the file (no checksum). */
    notes: string[];
  };
}

/** Reads `length` bytes at `position` of an open file (readSync may return fewer at a time). */
function readAt(fd: number, length: number, position: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

/**
 * Reads a model file header first: the 8-byte length, then the header, each checked before the next read, so a
 * file whose header is huge, damaged or not ConvLab's is refused without reading (or copying) its data. Throws a
 * UsageError naming the file when it cannot be read, a ModelFileError when it is not a usable model file.
 */
export function readModelBytes(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UsageError(`cannot read model file ${clip(file)} (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of a file saved with convlab train --save or the app's "Save model".`);
  }
  try {
    const size = fstatSync(fd).size;
    if (!fstatSync(fd).isFile()) throw new UsageError(`${clip(file)} is not a file; give the path of a model file saved with convlab train --save.`);
    const headerEnd = checkModelFileHeader(readAt(fd, Math.min(8, size), 0), size, file);
    checkModelFileHeader(readAt(fd, headerEnd, 0), size, file);
    return readAt(fd, size, 0);
  } finally {
    closeSync(fd);
  }
}

/** The notes a loaded model earns: no checksum (an older file), and NaN or infinite values. */
export function modelFileNotes(model: ModelFile, file: string): string[] {
  const notes: string[] = [];
  if (model.checksum === 'absent') notes.push(`note: ${clip(file)} carries no checksum of its data (saved by an older ConvLab), so damage cannot be detected; save it again to add one.`);
  if ((model.nonFinite ?? 0) > 0) notes.push(`warning: ${model.nonFinite} of the values in ${clip(file)} are NaN or infinite (training diverged); its results are meaningless. Train again with a lower learning rate.`);
  return notes;
}

/**
 * The spec and initial values of a run: from `source` alone, or from the model file `resume` (with `source`, if
 * given, checked to have the file's architecture). Throws UsageError or ModelFileError (exit status 2).
 */
export function startingPoint(source: string | undefined, resume: string | undefined): StartingPoint {
  if (resume === undefined) {
    if (source === undefined) throw new UsageError('give a spec file or preset name to train, or --resume <model-file> to continue a saved model.');
    return { spec: loadSpecSource(source), resumed: null };
  }
  const model = decodeModelFile(readModelBytes(resume), resume);
  if ((model.nonFinite ?? 0) > 0) {
    throw new ModelFileError('non-finite', resume, `${clip(resume)} holds ${model.nonFinite} NaN or infinite values (its training diverged); resuming would train nothing. Resume from an earlier model file, or train afresh with a lower learning rate.`);
  }
  const spec: NetworkSpec = source === undefined ? model.spec : (loadSpecSource(source) as NetworkSpec);
  // Refuses a spec of another architecture with ModelFileError('architecture-mismatch') naming the first differing layer.
  const values = valuesForNetwork(model, spec, resume);
  const steps = model.meta.training?.steps;
  return { spec, resumed: { file: resume, values, steps: typeof steps === 'number' && Number.isSafeInteger(steps) && steps >= 0 ? steps : 0, meta: model.meta, notes: modelFileNotes(model, resume) } };
}
