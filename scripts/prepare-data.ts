// `npm run data [-- --out DIR] [--force]`: converts the bundled npm datasets into the app's data folder (see src/cli/prepareData.ts).
import { resolve } from 'node:path';
import { DatasetError } from '../src/data/index.ts';
import { DEFAULT_DATA_DIR, prepareData, ROOT } from '../src/cli/prepareData.ts';

const argv = process.argv.slice(2);
const at = argv.indexOf('--out');
try {
  prepareData(at >= 0 && argv[at + 1] ? resolve(ROOT, argv[at + 1]!) : DEFAULT_DATA_DIR, { force: argv.includes('--force') });
} catch (e) {
  if (!(e instanceof DatasetError)) throw e;
  process.stderr.write(`prepare-data: ${e.message}\n`);
  process.exit(1);
}
