// The PyTorch export's second file: `convlab export m.safetensors --format pytorch -o net.py` also writes
// net_train.py beside net.py, the training script that reproduces the run (src/model/export/pytorchTrain.ts).

import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { exportPytorchTrain, pytorchTrainFileName } from '../model/export/index.ts';
import type { ModelFile } from '../model/modelFile.ts';
import { UsageError } from './summary.ts';
import type { Io } from './main.ts';

export function writePytorchTrainScript(model: ModelFile, moduleTarget: string, io: Io): void {
  const script = join(dirname(moduleTarget), pytorchTrainFileName(basename(moduleTarget)));
  try {
    writeFileSync(script, exportPytorchTrain(model, basename(moduleTarget)), { mode: 0o755 });
  } catch (e) {
    throw new UsageError(`cannot write ${script} (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose another path with -o.`);
  }
  io.out(`wrote ${script} (PyTorch training script: python3 ${script} --data data/mnist --steps N --save out.safetensors)`);
}
