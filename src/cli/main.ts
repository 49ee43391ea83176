// The convlab command line: argument parsing with commander; each command lives in its own module.

import { Command, CommanderError } from 'commander';
import { DatasetError } from '../data/errors.ts';
import { analyze } from '../model/index.ts';
import { clip } from '../model/format.ts';
import { MemoryPlanError } from '../model/memory.ts';
import { ModelFileError } from '../model/modelFile.ts';
import { loadSpecSource, summaryJSON, summaryTable, UsageError } from './summary.ts';
import { registerTrainCommands } from './train.ts';
import { registerExportCommand } from './export.ts';

/** Exit statuses: 0 ok, 1 failure while running, 2 bad input (usage, invalid spec). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

/** An error message for the terminal: control characters escaped (line breaks kept), at most a few thousand characters. */
const safeMessage = (m: string) => m.split('\n').map((line) => clip(line, 2000)).join('\n');

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let status: number = EXIT.ok;
  const program = new Command()
    .name('convlab')
    .description('ConvLab from the command line: inspect, train and export convolutional networks.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('summary')
    .description('print each layer\'s output shape, parameters, MACs and receptive field')
    .argument('<spec>', 'a spec JSON file or a preset name (lenet5, lenet5-mnist, tiny-vgg, cifar-vgg, mlp, alexnet, vgg16)')
    .option('--json', 'print one JSON object instead of a table')
    .action((source: string, options: { json?: boolean }) => {
      const analysis = analyze(loadSpecSource(source));
      if (!analysis.ok) {
        for (const e of analysis.issues.filter((i) => i.severity === 'error')) io.err(`error: ${safeMessage(e.message)}`);
        status = EXIT.badInput;
        return;
      }
      io.out(options.json ? JSON.stringify(summaryJSON(analysis)) : summaryTable(analysis));
    });

  registerTrainCommands(program, io, (s) => {
    status = s;
  });
  registerExportCommand(program, io, (s) => (status = s));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (e instanceof UsageError || e instanceof DatasetError || e instanceof ModelFileError || e instanceof MemoryPlanError) {
      io.err(`error: ${safeMessage(e.message)}`);
      return EXIT.badInput;
    }
    io.err(`error: ${safeMessage(e instanceof Error ? e.message : String(e))}`);
    return EXIT.failed;
  }
  return status;
}
