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
    // Diia ID: the application signed in the sandbox's app, verified, with who signed and when.
    expect(stdout).toMatch(/Signed in the app, delivered to the webhook and verified: application\.txt/);
    expect(stdout).toMatch(/Signer: [А-ЯІЇЄҐ]\S+ [А-ЯІЇЄҐ]\S+ [А-ЯІЇЄҐ]\S+, tax number \d{10}\n/);
    expect(stdout).toMatch(
      /Signed at \d{4}-\d\d-\d\dT[\d:.]+Z, CAdES-BES; verified against the CA certificates/,
    );
    expect(stdout).toMatch(
      /another file's hash arrives for the application\n +Refused as expected: SIGNATURE_DIGEST_MISMATCH/,
    );
    const files = readdirSync(join(cwd, 'demo-output'));
    expect(files).toContain('application.txt');
    // The signature as the app made it: CMS, DER (a SEQUENCE).
    expect(readFileSync(join(cwd, 'demo-output', 'application.txt.p7s'))[0]).toBe(0x30);
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
    expect(stdout).toMatch(/Checks passed: .*certificate chain valid, certificate valid now/);
    expect(stdout).toMatch(/PLATFORM_CODE_USED/);
    expect(stdout).toMatch(/Signer: .+, tax number \d{10}/);
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

describe('npm run demo (scripts/demo.mjs: compiles only what the example imports, then runs it)', () => {
  const demo = (args: string[], cwd = workDir()) =>
    run(process.execPath, [join(root, 'scripts/demo.mjs'), 'quickstart', ...args], {
      cwd,
      timeout: 120_000,
    }).then(
      (r) => ({ ...r, code: 0 }),
      (error: { stdout: string; stderr: string; code: number }) => error,
    );

  it('says what it does first, and speaks Ukrainian for --lang ua and --lang=uk without internal names', async () => {
    for (const lang of [['--lang', 'ua'], ['--lang=uk']]) {
      const { stdout, stderr, code } = await demo(lang);
      expect(code, stderr).toBe(0);
      expect(stdout.split('\n')[0]).toMatch(
        /^Compiling the \d+ SDK entries examples\/quickstart\/index\.mjs imports/,
      );
      expect(stdout).toMatch(/Документ справжній і чинний: паспорт \(перевірено на платформі\)/);
      expect(stdout).toMatch(/Кадр камери розпізнано: QR-код, посилання на документ \(паспорт\)/);
      expect(stdout).toMatch(/Пройдені перевірки: розшифровано, підпис дійсний/);
      expect(stdout).toMatch(/Підписано в застосунку, доставлено на вебхук і перевірено: application\.txt/);
      expect(stdout).toMatch(/Підписувач: \S+ \S+ \S+, РНОКПП \d{10}\n/);
      expect(stdout).toMatch(/CAdES-BES; перевірено за сертифікатами ЦСК/);
      // The report without its file names (passport-qr.png is a file name, not a word).
      const report = stdout.slice(stdout.indexOf('швидкий старт')).replace(/\S+\.(png|pdf|json)\b/g, '');
      // No English words of the SDK's own (document types, scan kinds, check names) in the Ukrainian report.
      expect(report).not.toMatch(/passport|document-link|qr-code|online|signature-valid|within-lifetime/);
      // Every count has the plural form Intl.PluralRules gives it.
      const forms: Record<string, string> = { one: 'байт', few: 'байти', many: 'байтів' };
      const uk = new Intl.PluralRules('uk');
      const counts = [...report.matchAll(/(\d+) (байт\p{L}*)/gu)];
      expect(counts.length).toBeGreaterThanOrEqual(2);
      for (const [, n, word] of counts) expect(word, `${n} ${word}`).toBe(forms[uk.select(Number(n))]);
    }
  });

  it('refuses an unknown language or option with exit code 2 and the help; --help prints it', async () => {
    for (const args of [['--lang', 'de'], ['--bogus'], ['--lang'], ['--profile', 'rsa'], ['extra']]) {
      const { stdout, stderr, code } = await demo(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/Wrong command line[\s\S]*--lang en\|uk/);
      expect(stdout).not.toMatch(/Sandbox platform|Пісочниця/);
    }
    const help = await demo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--profile jose\|dstu/);
    expect(help.stdout).not.toMatch(/Sandbox platform/);
  });

  it('leaves one copy and one receipt in ./demo-output after two runs', async () => {
    const cwd = workDir();
    for (let i = 0; i < 2; i++) expect((await demo([], cwd)).code).toBe(0);
    const files = readdirSync(join(cwd, 'demo-output')).sort();
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('application.txt'))).toEqual([
      'application.txt',
      'application.txt.p7s',
    ]);
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
