#!/usr/bin/env node
// The whole test command: type check (each tsconfig), lint, then every vitest project
// (unit, gpu, e2e). Ends with one plain line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const env = { ...process.env };
// Dawn in Node finds SwiftShader's Vulkan driver (shipped with Debian's chromium) when no GPU driver is set.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!env.VK_ICD_FILENAMES && existsSync(swiftshader)) env.VK_ICD_FILENAMES = swiftshader;

function step(title, cmd, args) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status === 0;
}

// The wasm engine's kernels (AssemblyScript) compile first: its tests and the app load the builds.
let ok = step('wasm kernels', 'npx', ['tsx', 'scripts/build-wasm.ts']);
for (const config of ['tsconfig.model.json', 'tsconfig.engine.json', 'tsconfig.ui.json', 'tsconfig.node.json']) {
  ok = step(`type check (${config})`, 'npx', ['tsc', '-p', config]) && ok;
}
ok = step('lint', 'npx', ['eslint', '.']) && ok;

mkdirSync('tests/e2e/artifacts', { recursive: true });
const report = 'tests/e2e/artifacts/vitest-report.json';
const vitestOk = step('tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
ok = vitestOk && ok;

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  // A failed test also fails its file and describe blocks, so suites count only when no test failed (a file that
  // did not load, a hook that threw).
  failed = r.numFailedTests || r.numFailedTestSuites || 0;
}
if (!ok && failed === 0) failed = 1; // a type, lint or runner failure counts as a failure
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
