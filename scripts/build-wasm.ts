// Compiles the wasm engine's AssemblyScript kernels (wasm/kernels/) into every build of WASM_VARIANTS under
// wasm/build/ (gitignored). Skips the work when every output is newer than every source. Run by npm start, test,
// build and bench, and by the CLI and tests when a build is missing (ensureWasmBuilt).
import { mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { ascFlags, WASM_VARIANTS } from '../src/engine/wasm/variants.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'wasm', 'kernels');
const out = join(root, 'wasm', 'build');
const inputs = [
  ...readdirSync(sources).map((f) => join(sources, f)),
  join(root, 'scripts', 'build-wasm.ts'),
  join(root, 'src', 'engine', 'wasm', 'variants.ts'),
];
const newestSource = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
const stale = WASM_VARIANTS.filter((v) => !existsSync(join(out, v.file)) || statSync(join(out, v.file)).mtimeMs < newestSource);
const force = process.argv.includes('--force');
const todo = force ? WASM_VARIANTS : stale;
if (todo.length === 0) {
  console.log('wasm: kernels up to date');
} else {
  mkdirSync(out, { recursive: true });
  for (const v of todo) {
    const t0 = performance.now();
    const { error, stderr } = await asc.main([join(sources, 'index.ts'), '-o', join(out, v.file), ...ascFlags(v)]);
    if (error) {
      console.error(stderr.toString());
      console.error(`wasm: building ${v.file} failed: ${error.message}`);
      process.exit(1);
    }
    console.log(`wasm: built wasm/build/${v.file} in ${Math.round(performance.now() - t0)} ms`);
  }
}
