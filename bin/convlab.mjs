#!/usr/bin/env node
// The `convlab` command: runs the TypeScript CLI through tsx, so the CLI shares the app's source.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
