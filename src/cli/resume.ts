// `convlab train --resume <model-file>`: where a run starts. The weights (and batchnorm statistics) come from the
// file; the network is the file's own, or the given spec when it has the same architecture. The file stores no
// optimizer state, so Adam's moments and momentum start afresh, and the learning-rate schedule restarts.

import { readFileSync } from 'node:fs';
import { decodeModelFile, valuesForNetwork, type ModelFileMeta } from '../model/modelFile.ts';
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
  };
}

/** Reads a model file's bytes, or a UsageError naming the file and what to give instead. */
export function readModelBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new UsageError(`cannot read model file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of a file saved with convlab train --save or the app's "Save model".`);
  }
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
  const spec: NetworkSpec = source === undefined ? model.spec : (loadSpecSource(source) as NetworkSpec);
  // Refuses a spec of another architecture with ModelFileError('architecture-mismatch') naming the first differing layer.
  const values = valuesForNetwork(model, spec, resume);
  const steps = model.meta.training?.steps;
  return { spec, resumed: { file: resume, values, steps: typeof steps === 'number' && Number.isSafeInteger(steps) && steps >= 0 ? steps : 0, meta: model.meta } };
}
