#!/usr/bin/env node
// The `dialtone` command: runs the TypeScript command line through tsx, so `npx dialtone` works straight
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
