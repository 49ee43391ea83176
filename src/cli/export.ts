// `convlab export <model-file> --format onnx|pytorch|keras [-o FILE]`: a saved model handed on to other frameworks.
// The ONNX file is standalone; the Python files load the weights from the model file they were exported from.

import { writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { writePytorchTrainScript } from './exportTrain.ts';
import { EXPORT_EXTENSIONS, EXPORT_FORMATS, ExportError, exportModel, type ExportFormat } from '../model/export/index.ts';
import { decodeModelFile } from '../model/modelFile.ts';
import { modelFileNotes, readModelBytes } from './resume.ts';
import { UsageError } from './summary.ts';
import type { Io } from './main.ts';

function format(v: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(`unknown format "${v}"; choose one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  return v as ExportFormat;
}

/** "runs/lenet.safetensors" → "lenet.onnx" (in the current folder), "lenet_pytorch.py", ... */
function defaultOutput(file: string, f: ExportFormat): string {
  return basename(file, extname(file)) + EXPORT_EXTENSIONS[f];
}

export function exportCommand(file: string, o: { format: ExportFormat; output?: string }, io: Io): number {
  const model = decodeModelFile(readModelBytes(file), file);
  for (const note of modelFileNotes(model, file)) io.err(note);
  let out: Uint8Array | string;
  try {
    out = exportModel(model, o.format, basename(file));
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(`cannot export ${file} as ${o.format}: ${e.message}`);
    throw e;
  }
  const target = o.output ?? defaultOutput(file, o.format);
  if (resolve(target) === resolve(file)) throw new UsageError(`${target} is the model file itself; choose another output path with -o so the model is not overwritten.`);
  try {
    writeFileSync(target, out);
  } catch (e) {
    throw new UsageError(`cannot write ${target} (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose another path with -o.`);
  }
  if (!model.meta.normalization) io.err(`warning: ${file} carries no dataset normalisation; the exported model expects inputs normalised as in training.`);
  const size = typeof out === 'string' ? new TextEncoder().encode(out).length : out.length;
  io.out(`wrote ${target} (${o.format}, ${size.toLocaleString('en-US')} bytes)${o.format === 'onnx' ? '' : `; it loads the weights from ${basename(file)} (pass its path as the first argument)`}`);
  if (o.format === 'pytorch') writePytorchTrainScript(model, target, io);
  return 0;
}

/** Adds `export` to the program; the action reports its exit status through setStatus. */
export function registerExportCommand(program: Command, io: Io, setStatus: (status: number) => void): void {
  program
    .command('export')
    .description('export a saved model as ONNX (float32 NCHW images in [0, 1], normalisation inside) or as PyTorch / Keras code')
    .argument('<model-file>', 'a model file written by convlab train --save or the app')
    .requiredOption('--format <name>', `one of ${EXPORT_FORMATS.join(', ')}`, format)
    .option('-o, --output <file>', 'where to write (default: the model file\'s name with .onnx, _pytorch.py or _keras.py, in the current folder)')
    .action((file: string, o: { format: ExportFormat; output?: string }) => setStatus(exportCommand(file, o, io)));
}
