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
import {
  ACQUIRER_TOKEN,
  error,
  type FakePlatform,
  startFakePlatform,
} from '../unit/transport/fake-platform.js';

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
  platform.on('POST', '/api/v1/acquirers/document-identification', (r) =>
    (r.body as { branchId?: string }).branchId === 'used' ? error(409) : undefined,
  );
  platform.on('GET', '/api/v2/acquirers/branch/slow', () => ({ hang: true }));
  platform.on('GET', '/api/v2/acquirers/branch/broken', () => ({ raw: '{' }));
  platform.on('GET', '/api/v1/acquirers/document-request/status', () => ({ body: { status: 'approved' } }));
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
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '')).toEqual({
      identified: { success: true },
      lists: 10,
      used: 'PLATFORM_CODE_USED',
      status: { status: 'consented', raw: 'approved' },
      timeout: 'PLATFORM_TIMEOUT',
      aborted: 'ABORTED',
      malformed: 'PLATFORM_MALFORMED_RESPONSE',
    });
    // One login for everything the script did, ten concurrent lists included.
    expect(platform.logins().length - before).toBe(1);
  });
});
