// The transport is core code over web-standard fetch: the same bundle (platform neutral) runs on Node 20/22/24,
// Deno and Bun against a loopback server that answers like the platform, with the same results. Runtimes come
// as in test/support/runtimes.ts; a missing one is skipped loudly, and fails under CI=true.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineRuntimes } from '../support/runtimes.js';
import { ACQUIRER_TOKEN, type FakePlatform, startFakePlatform } from '../unit/transport/fake-platform.js';
import { answerExercise, EXERCISE_RESULT } from './transport-exercise-platform.js';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.tmp', 'transport-runtimes');
const run = promisify(execFile);
const RUNTIMES = commandLineRuntimes(['--allow-net=127.0.0.1']);

let platform: FakePlatform;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { script: join(root, 'test/integration/transport-runtimes.script.ts') },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    target: 'es2022',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  platform = await startFakePlatform();
  answerExercise(platform);
});
afterAll(() => platform?.close());

describe('the transport on every runtime', () => {
  it.each(RUNTIMES)('%s', async (_name, executable, args) => {
    if (!executable) return; // skipped loudly by commandLineRuntimes
    const before = platform.logins().length;
    const { stdout } = await run(
      executable,
      [...args, join(out, 'script.mjs'), platform.url, ACQUIRER_TOKEN],
      {
        cwd: out,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' },
        timeout: 60_000,
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '')).toEqual(EXERCISE_RESULT);
    // One login for everything the script did, ten concurrent lists included.
    expect(platform.logins().length - before).toBe(1);
  });
});
