#!/usr/bin/env node
// `npm run fuzz`: the long fuzz pass — every parser, 50 times the runs of the short pass in `npm test`,
// with a fresh random seed (printed by fast-check on a failure, and replayable with FUZZ_SEED=<seed>).
//   npm run fuzz                    FUZZ_SCALE=200 npm run fuzz    FUZZ_SEED=123 npm run fuzz
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const seed = process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
console.log(`fuzz: seed ${seed}, scale ${process.env.FUZZ_SCALE ?? 50}`);
const result = spawnSync('npx', ['vitest', 'run', '--project', 'fuzz', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_LONG: '1', FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);
