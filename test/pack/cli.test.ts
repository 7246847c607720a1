// The built `diia-accept` executable (package.json "bin") as a real child process, against a loopback
// server that answers like the platform. Runs after the build (`npm test` builds before the pack project).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACQUIRER_TOKEN, type FakePlatform, startFakePlatform } from '../unit/transport/fake-platform.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { bin: Record<string, string> };
const bin = `${root}/${pkg.bin['diia-accept']}`;

let platform: FakePlatform;
beforeAll(async () => {
  platform = await startFakePlatform();
});
afterAll(() => platform.close());

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the diia-accept executable', () => {
  it('prints its help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Exit codes:');
  });

  it('prints the version of its package.json with --version', async () => {
    const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(`diia-accept ${version}`);
  });

  it('identifies a barcode over HTTP and exits 0, then 3 for a code that is not genuine', async () => {
    const env = { DIIA_ACQUIRER_TOKEN: ACQUIRER_TOKEN, DIIA_BASE_URL: platform.url };
    const ok = await run(['identify', '2858364170864', '--branch', 'b-1', '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ valid: true, kind: 'barcode' });

    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ body: { success: false } }));
    const not = await run(['identify', '2858364170864', '--branch', 'b-1', '--lang', 'uk'], env);
    expect(not.code).toBe(3);
    expect(not.out).toContain('НЕ справжній');
  });

  it('exits 2 without the token and 5 with a wrong one, printing neither', async () => {
    const none = await run(['branches', 'list', '--base-url', platform.url]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('DIIA_ACQUIRER_TOKEN');
    const wrong = await run(['branches', 'list', '--base-url', platform.url], {
      DIIA_ACQUIRER_TOKEN: 'nope-nope-nope',
    });
    expect(wrong.code).toBe(5);
    expect(wrong.err).not.toContain('nope-nope-nope');
  });

  it('sandbox: starts on loopback, its printed barcode identifies, and Ctrl-C stops it with exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--json'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let out = '';
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const end = out.indexOf('\n');
        if (end >= 0) resolve(out.slice(0, end));
      });
    });
    const printed = JSON.parse(await firstLine) as {
      url: string;
      acquirerToken: string;
      branchId: string;
      document: { barcode: string };
    };
    const env = { DIIA_ACQUIRER_TOKEN: printed.acquirerToken, DIIA_BASE_URL: printed.url };
    const ok = await run(['identify', printed.document.barcode, '--branch', printed.branchId], env);
    expect(ok.code).toBe(0);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('sign --sandbox: a file signed in the sandbox app, verified, its signer printed; exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-sign-'));
    try {
      const file = join(dir, 'application.txt');
      writeFileSync(file, 'An application.\n');
      const { code, out, err } = await run(['sign', file, '--sandbox']);
      expect(code, err).toBe(0);
      expect(out).toMatch(/application\.txt\n {2}✓ verified\n {2}signer: +\S+ \S+/);
      expect(out).toMatch(/tax number: +\d{10}/);
      expect(err).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
