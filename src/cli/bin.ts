#!/usr/bin/env node
/**
 * The `diia-accept` executable: the process's streams, environment and Ctrl-C around {@link main}.
 *
 * @module
 */
import { main } from './main.js';

const controller = new AbortController();
let stop: () => void = () => {};
const stopped = new Promise<void>((resolve) => {
  stop = resolve;
});
process.once('SIGINT', () => {
  controller.abort();
  stop();
});

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  signal: controller.signal,
  untilStopped: () => stopped,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
