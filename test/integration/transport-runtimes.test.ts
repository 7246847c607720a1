// The transport is core code over web-standard fetch: the same bundle (platform neutral) runs on Node 20/22/24,
// Deno and Bun against a loopback server that answers like the platform, with the same results. Runtimes come
// from npm packages (node22, node24, @deno/linux-x64-glibc, @oven/bun-linux-x64); a missing one is skipped
// loudly, and fails under CI=true.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACQUIRER_TOKEN, type FakePlatform, startFakePlatform } from '../unit/transport/fake-platform.js';
import { answerExercise, EXERCISE_RESULT } from './transport-exercise-platform.js';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.tmp', 'transport-runtimes');
const run = promisify(execFile);
const CI = process.env.CI === 'true' || process.env.CI === '1';
const bin = (p: string) => join(root, 'node_modules', p);

const RUNTIMES: Array<[string, string, string[]]> = [
  ['Node 20 (this one)', process.execPath, []],
  ['Node 22', bin('node22/bin/node'), []],
  ['Node 24', bin('node24/bin/node'), []],
  ['Deno', bin('@deno/linux-x64-glibc/deno'), ['run', '--no-prompt', '--allow-net=127.0.0.1']],
  ['Bun', bin('@oven/bun-linux-x64/bin/bun'), ['run']],
];

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
  it.each(RUNTIMES)('%s', async (name, executable, args) => {
    if (!existsSync(executable)) {
      if (CI) throw new Error(`${name} is missing at ${executable}: CI must have it`);
      console.warn(`SKIPPED: ${name} is not installed (${executable})`);
      return;
    }
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
