#!/usr/bin/env node
/**
 * The `diia-accept` executable: the process's streams, environment and Ctrl-C around {@link main}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { runDiiaId } from './diia-id-command.js';
import { main } from './main.js';
import { runSandbox } from './sandbox-command.js';

const controller = new AbortController();
let stop: () => void = () => {};
const stopped = new Promise<void>((resolve) => {
  stop = resolve;
});
process.once('SIGINT', () => {
  controller.abort();
  stop();
});
process.once('SIGTERM', () => {
  controller.abort();
  stop();
});

let input: Interface | undefined;

/** The version in the package's package.json: next to dist/ when installed, two levels up in src/cli. */
function packageVersion(): string | undefined {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'diia-accept' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next place
    }
  }
  return undefined;
}

main(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    signal: controller.signal,
    version: packageVersion(),
    untilStopped: () => stopped,
    // Made only when a command asks for lines: an open interface keeps the process waiting for input.
    get lines() {
      input ??= createInterface({ input: process.stdin, terminal: false });
      return input;
    },
  },
  runSandbox,
  runDiiaId,
).then(
  (code) => {
    if (input) {
      input.close();
      process.stdin.destroy();
    }
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
