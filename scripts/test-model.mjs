#!/usr/bin/env node
// `npm run test:model`: the model-based operator sequences (test/model) with 200 sequences per peer
// instead of the 25 that `npm test` runs. DIALTONE_MODEL_SEED replays a printed seed.
import { spawnSync } from 'node:child_process';

const runs = process.env.DIALTONE_MODEL_RUNS ?? '200';
const r = spawnSync('npx', ['vitest', 'run', 'test/model'], { stdio: 'inherit', env: { ...process.env, DIALTONE_MODEL_RUNS: runs } });
process.exitCode = r.status ?? 1;
