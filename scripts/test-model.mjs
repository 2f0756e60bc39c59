#!/usr/bin/env node
// `npm run test:model`: the model-based operator sequences at full length:
//   - test/model (sessions against PortManager and ser2net): 200 sequences per peer instead of the 25
//     that `npm test` runs (DIALTONE_MODEL_RUNS; DIALTONE_MODEL_SEED replays a printed seed);
//   - e2e/model.spec.ts (the window in Chromium): 100 sequences instead of 10 (DIALTONE_UI_MODEL_RUNS;
//     DIALTONE_UI_MODEL_SEED replays a printed seed). It needs the built renderer: built first.
import { spawnSync } from 'node:child_process';

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
const runs = process.env.DIALTONE_MODEL_RUNS ?? '200';
const uiRuns = process.env.DIALTONE_UI_MODEL_RUNS ?? '100';
let status = run('npx', ['vitest', 'run', 'test/model'], { DIALTONE_MODEL_RUNS: runs });
status ||= run('node', ['scripts/build.mjs']);
status ||= run('npx', ['playwright', 'test', 'e2e/model.spec.ts'], { DIALTONE_UI_MODEL_RUNS: uiRuns });
process.exitCode = status;
