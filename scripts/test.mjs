#!/usr/bin/env node
// `npm test`: every check the project has, in order, stopping at the first failure.
// Ends with one line "tests: N passed, N failed, N skipped" counted over every Vitest project that ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, '.tmp', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const vitest = (project) => [
  'npx',
  'vitest',
  'run',
  '--passWithNoTests',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, `${project}.json`)}`,
];

const steps = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npx', 'biome', 'check', '.']],
  ['unit tests', vitest('unit')],
  // A short fuzz pass with a fixed seed; `npm run fuzz` runs the long one.
  ['fuzz (short run)', vitest('fuzz')],
  ['integration tests', vitest('integration')],
  ['build', ['npx', 'tsup', '--silent']],
  // Every benchmark group with tiny counts: it must run and print its tables; no timing is asserted.
  ['benchmarks (smoke)', ['npm', 'run', '--silent', 'bench:smoke']],
  ['browser tests', vitest('browser')],
  ['runtime conformance (Node 20/22/24, Deno, Bun, workerd, Chromium)', vitest('runtimes')],
  ['package lint (publint --strict)', ['npx', 'publint', '--strict']],
  ['package types (are-the-types-wrong)', ['npx', 'attw', '--pack', '.', '--profile', 'node16']],
  ['packed tarball in a consumer project', vitest('pack')],
  [
    'API docs (typedoc, warnings are errors)',
    ['npx', 'typedoc', '--treatWarningsAsErrors', '--logLevel', 'Warn'],
  ],
  // Every relative link resolves, every source link names a file of the repo, none goes into node_modules.
  ['API docs links', ['node', 'scripts/check-api-site.mjs']],
];

const only = process.argv.slice(2);
let failed = null;
for (const [name, command] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.log(`✗ ${name} failed after ${seconds}s`);
    failed = name;
    break;
  }
  console.log(`✓ ${name} (${seconds}s)`);
}

let passed = 0;
let failures = 0;
let skipped = 0;
for (const project of ['unit', 'fuzz', 'integration', 'browser', 'runtimes', 'pack']) {
  try {
    const report = JSON.parse(readFileSync(join(reports, `${project}.json`), 'utf8'));
    passed += report.numPassedTests;
    failures += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } catch {
    // the project did not run (or has no test files yet)
  }
}
if (failed) console.log(`\nnpm test stopped at: ${failed}`);
console.log(`tests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
