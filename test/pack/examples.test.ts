// The runnable examples, run as a user runs them after the build: real processes importing the built package
// by its own name, against the built-in sandbox on loopback.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'diia-accept-example-'));
  dirs.push(dir);
  return dir;
}

describe('npm run demo (examples/quickstart)', () => {
  it('runs the whole desk and writes the verified copy and the receipt', async () => {
    const cwd = workDir();
    const { stdout } = await run(process.execPath, [join(root, 'examples/quickstart/index.mjs')], { cwd });
    expect(stdout).toMatch(/genuine and current: passport/);
    expect(stdout).toMatch(/signature verified: 1 file \(internal-passport\)/);
    expect(stdout).toMatch(/SHARE_DECLINED/);
    expect(stdout).toMatch(/PLATFORM_CODE_EXPIRED/);
    expect(stdout).toMatch(/PLATFORM_CODE_USED/);
    const files = readdirSync(join(cwd, 'demo-output'));
    const pdf = files.find((f) => f.endsWith('.pdf'));
    const receiptFile = files.find((f) => f.endsWith('.json'));
    expect(pdf, files.join(', ')).toBeDefined();
    expect(receiptFile, files.join(', ')).toBeDefined();
    expect(
      readFileSync(join(cwd, 'demo-output', pdf!))
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const receipt = JSON.parse(readFileSync(join(cwd, 'demo-output', receiptFile!), 'utf8'));
    // A request for passport (request-only) is answered with the holder's ID card.
    expect(receipt.documentTypes).toEqual(['internal-passport']);
    expect(receipt.requestedDocumentTypes).toEqual(['passport']);
    expect(receipt.copies[0].checks).toContain('signature-valid');
    expect(receipt.checks).toContain('trace-id-matches');
    expect(Date.parse(receipt.consentedAt)).toBeGreaterThanOrEqual(Date.parse(receipt.requestedAt));
    expect(JSON.stringify(receipt)).not.toMatch(/"barcode":/);
  });

  it('with --profile dstu, delivers a real-format copy sealed with the test keys and names its signer', async () => {
    const cwd = workDir();
    const { stdout } = await run(
      process.execPath,
      [join(root, 'examples/quickstart/index.mjs'), '--profile', 'dstu'],
      { cwd, timeout: 120_000 },
    );
    expect(stdout).toMatch(/Signed by: .*CN=ДП ДІЯ \(Тестування\).*, serial [0-9a-f]+, EDRPOU 43395033/);
    expect(stdout).toMatch(/opened and its signature verified: 1 file \(internal-passport\)/);
    expect(stdout).toMatch(/Checks passed: .*certificate-chain-valid, certificate-valid-now/);
    expect(stdout).toMatch(/PLATFORM_CODE_USED/);
    const receiptFile = readdirSync(join(cwd, 'demo-output')).find((f) => f.endsWith('.json'));
    const receipt = JSON.parse(readFileSync(join(cwd, 'demo-output', receiptFile!), 'utf8'));
    expect(receipt.profile).toBe('dstu');
    expect(receipt.copies[0].checks).toContain('signature-valid');
    expect(receipt.copies[0].signer.edrpou).toBe('43395033');
  });

  it('speaks Ukrainian with --lang uk', async () => {
    const cwd = workDir();
    const { stdout } = await run(
      process.execPath,
      [join(root, 'examples/quickstart/index.mjs'), '--lang', 'uk'],
      {
        cwd,
      },
    );
    expect(stdout).toMatch(/[\u0400-\u04FF]{4,}/);
    expect(stdout).toMatch(/SHARE_DECLINED/);
    expect(existsSync(join(cwd, 'demo-output'))).toBe(true);
  });
});

describe('examples/webhook-in-a-framework (Express 5)', () => {
  it('receives a copy from the sandbox through Express and exits', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'examples/webhook-in-a-framework/server.mjs')],
      {
        cwd: workDir(),
        env: { ...process.env, PORT: '0' },
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(/webhook on http:\/\/127\.0\.0\.1:\d+\/diia\/webhook/);
    expect(stdout).toMatch(/copy received: internal-passport, sha256 [0-9a-f]{64}/);
  });
});
