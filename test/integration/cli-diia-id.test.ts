// `diia-accept sign` and `diia-accept login` in-process (main with captured output), against the real
// sandbox on loopback: its holder's app signs, the delivery comes to the command's own webhook over HTTP and
// is verified against the CA certificates given. Both flows, both algorithms, a refused signature for each
// sandbox fault, an unanswered request, and the command line's mistakes, each with its exit code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runDiiaId } from '../../src/cli/diia-id-command.js';
import { main } from '../../src/cli/main.js';
import { EXIT_CODES } from '../../src/cli/messages.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

const work = mkdtempSync(join(tmpdir(), 'cli-diia-id-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const application = join(work, 'application.txt');
writeFileSync(application, 'Application to the administrative services centre.\n');
const notACertificate = join(work, 'not-a-certificate.cer');
writeFileSync(notACertificate, 'garbage');
// A real CA bundle (the official SDK's test CAs), for a run that never gets as far as a signature.
const fixtureCa = join(
  import.meta.dirname,
  '../fixtures/diia-sdk-js/certificates/CACertificates.Test.All.p7b',
);
const contract = join(work, 'contract.txt');
writeFileSync(contract, 'A contract, second file.\n');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the command with captured output; `onLine` sees each stdout line as it is printed. */
async function run(
  argv: string[],
  env: Record<string, string> = {},
  onLine: (line: string) => void = () => {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    {
      stdout: (text) => {
        out.push(text);
        onLine(text);
      },
      stderr: (text) => err.push(text),
      env,
    },
    undefined,
    runDiiaId,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('against a sandbox the command starts (--sandbox)', () => {
  it('sign: prints the link, then per file: verified, the signer, the tax number, the time, the level', async () => {
    const { code, out, err } = await run(['sign', application, contract, '--sandbox']);
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toMatch(/Show this link .* Request id: [0-9a-f-]{36}\n\S+/);
    for (const name of ['application.txt', 'contract.txt']) {
      const block = out.slice(out.indexOf(`\n${name}\n`));
      expect(block).toMatch(/✓ verified/);
      expect(block).toMatch(/signer: +\S+ \S+/);
      expect(block).toMatch(/tax number: +\d{10}\n/);
      expect(block).toMatch(/signed at: +\d{4}-\d\d-\d\dT/);
      expect(block).toMatch(/level: +CAdES-BES/);
    }
    // Personal data goes to stdout only.
    expect(err).toBe('');
  });

  it('sign --sign-algo ECDSA --json: one JSON line for the link, one for the result', async () => {
    const { code, out, err } = await run([
      'sign',
      application,
      '--sandbox',
      '--sign-algo',
      'ecdsa',
      '--json',
    ]);
    expect(code, err).toBe(EXIT_CODES.ok);
    const lines = out.split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0].deeplink).toEqual(expect.any(String));
    const [file] = lines[1].files;
    expect(file).toMatchObject({ name: 'application.txt', verified: true, level: 'CAdES-BES' });
    expect(file.signer.taxId).toMatch(/^\d{10}$/);
    expect(Date.parse(file.signedAt)).toBeGreaterThan(0);
  });

  it('login (Ukrainian): prints the person, verified', async () => {
    const { code, out, err } = await run(['login', '--sandbox', '--lang', 'uk']);
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toContain('увійти з «Дія.Підписом»');
    expect(out).toMatch(/✓ перевірено/);
    expect(out).toMatch(/особа: +\S+ \S+/);
    expect(out).toMatch(/РНОКПП: +\d{10}/);
    expect(err).toBe('');
  });
});

describe('against a platform given by its URL, token and CA certificates (here: a sandbox)', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  /** A sandbox with Diia ID, a branch and an offer; its CA certificates written to files for --ca. */
  async function platform(
    diiaId: NonNullable<SandboxOptions['diiaId']>,
    scope: 'hashedFilesSigning' | 'auth',
  ) {
    sandbox = await createSandbox({ diiaId });
    const branch = sandbox.addBranch({ name: 'Desk' });
    const offerId = sandbox.diiaId!.addOffer(branch.id, scope);
    const ca = sandbox.diiaId!.caCertificates.map((der, i) => {
      const path = join(work, `ca-${i}.cer`);
      writeFileSync(path, der);
      return path;
    });
    const target = sandbox;
    // The branch's webhook is the command's own listener, once it says where that is.
    const onLine = (line: string) => {
      const url =
        /Receiving deliveries at .*: (http:\/\/\S+)/.exec(line)?.[1] ??
        /^\{"webhook":"([^"]+)"\}$/.exec(line)?.[1];
      if (url) target.setWebhook(branch.id, url);
    };
    const argv = [
      '--branch',
      branch.id,
      '--offer',
      offerId,
      '--base-url',
      sandbox.url,
      '--listen',
      '127.0.0.1:0',
    ];
    const env = { DIIA_ACQUIRER_TOKEN: sandbox.acquirerToken, DIIA_CA_CERTIFICATES: ca.join(':') };
    return { argv, env, onLine, citizen: sandbox.diiaId!.citizen, ca };
  }

  it('sign: the sandbox citizen, by name and tax number, verified against the CAs from DIIA_CA_CERTIFICATES', async () => {
    const { argv, env, onLine, citizen } = await platform({}, 'hashedFilesSigning');
    const { code, out, err } = await run(['sign', application, ...argv], env, onLine);
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toContain(citizen.fullName);
    expect(out).toMatch(new RegExp(`tax number: +${citizen.taxId}`));
    expect(err).toBe('');
  });

  it('login with --ca: the person', async () => {
    const { argv, env, onLine, citizen, ca } = await platform({}, 'auth');
    const { code, out, err } = await run(
      ['login', ...argv, ...ca.flatMap((path) => ['--ca', path])],
      { DIIA_ACQUIRER_TOKEN: env.DIIA_ACQUIRER_TOKEN },
      onLine,
    );
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toContain(citizen.fullName);
    expect(out).toContain(citizen.taxId);
  });

  it('sign with a timestamp (CAdES-T), ECDSA: the level says T', async () => {
    const { argv, env, onLine, citizen } = await platform({ timestamp: true }, 'hashedFilesSigning');
    const { code, out, err } = await run(['sign', application, ...argv, '--sign-algo', 'ECDSA'], env, onLine);
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toMatch(/level: +CAdES-T\n?/);
    expect(out).toContain(citizen.taxId);
  });

  it('login --sign-algo ECDSA --login-hash php-sample (SHA-256 of the id): the person', async () => {
    const { argv, env, onLine, citizen } = await platform({}, 'auth');
    const { code, out, err } = await run(
      ['login', ...argv, '--sign-algo', 'ECDSA', '--login-hash', 'php-sample'],
      env,
      onLine,
    );
    expect(code, err).toBe(EXIT_CODES.ok);
    expect(out).toContain(citizen.fullName);
  });

  it.each([
    ['other-file', 'sign'],
    ['untrusted-ca', 'sign'],
    ['expired-certificate', 'sign'],
    ['truncated-signature', 'sign'],
    ['other-file', 'login'],
  ] as const)(
    'a delivery with the fault %s (%s) is refused: exit 9, its code on stderr, nothing personal',
    async (fault, command) => {
      const { argv, env, onLine, citizen } = await platform(
        { fault },
        command === 'sign' ? 'hashedFilesSigning' : 'auth',
      );
      const { code, out, err } = await run(
        command === 'sign' ? ['sign', application, ...argv] : ['login', ...argv],
        env,
        onLine,
      );
      expect(code, `${out}\n${err}`).toBe(EXIT_CODES.signatureRefused);
      expect(err).toMatch(/refused[\s\S]*\((SIGNATURE|CERTIFICATE|DIIA_ID|DER)_[A-Z_]+\)/);
      expect(out + err).not.toContain(citizen.fullName);
      expect(out + err).not.toContain(citizen.taxId);
    },
  );

  it('Ctrl-C while waiting: exit 130', async () => {
    const { argv, env, onLine } = await platform({ answer: 'ignore' }, 'hashedFilesSigning');
    const controller = new AbortController();
    const err: string[] = [];
    const code = await main(
      ['sign', application, ...argv],
      {
        stdout: (line) => {
          onLine(line);
          if (line.includes('Waiting for the holder')) controller.abort();
        },
        stderr: (text) => err.push(text),
        env,
        signal: controller.signal,
      },
      undefined,
      runDiiaId,
    );
    expect(code).toBe(EXIT_CODES.interrupted);
    expect(err.join('\n')).toContain('ABORTED');
  });

  it('--json: a refusal is one JSON line on stderr with its code', async () => {
    const { argv, env, onLine } = await platform({ fault: 'truncated-signature' }, 'hashedFilesSigning');
    const { code, err } = await run(['sign', application, ...argv, '--json'], env, onLine);
    expect(code).toBe(EXIT_CODES.signatureRefused);
    const lines = err.split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).error.code).toMatch(/^(SIGNATURE|DER|DIIA_ID)_/);
  });

  it('no answer within --wait-for: exit 8', async () => {
    const { argv, env, onLine } = await platform({ answer: 'ignore' }, 'hashedFilesSigning');
    const { code, err } = await run(['sign', application, ...argv, '--wait-for', '1s'], env, onLine);
    expect(code).toBe(EXIT_CODES.expired);
    expect(err).toContain('DIIA_ID_EXPIRED');
  });
});

describe('the command line', () => {
  it.each([
    [['sign', '--sandbox']], // no file
    [['login', 'extra', '--sandbox']],
    [['sign', application, '--sandbox', '--sign-algo', 'RSA']],
    [['sign', join(work, 'no-such-file'), '--sandbox']],
    [['sign', work, '--sandbox']], // a directory
    [['sign', application, '--sandbox', '--wait-for', 'soon']],
    [['sign', application, '--sandbox', '--listen', 'nowhere:99999']],
    [['sign', application, '--offer', 'o', '--branch', 'b']], // no CA certificates
    [['login', '--branch', 'b']], // no --offer
    [['sign', application, '--offer', 'o', '--branch', 'b', '--ca', notACertificate]],
    [['sign', application, '--sandbox', '--login-hash', 'php-sample']],
    [['login', '--sandbox', '--login-hash', 'md5']],
  ])('%j exits 2 and says why', async (argv) => {
    const { code, err } = await run(argv, { DIIA_ACQUIRER_TOKEN: 'token' });
    expect(code).toBe(EXIT_CODES.usage);
    expect(err).toMatch(/Wrong command line: \S/);
  });

  it('a platform that does not answer: exit 6 (the result is unknown)', async () => {
    const { code, err } = await run(
      [
        'login',
        '--offer',
        'o',
        '--branch',
        'b',
        '--listen',
        '127.0.0.1:0',
        '--base-url',
        'http://127.0.0.1:9',
      ],
      {
        DIIA_ACQUIRER_TOKEN: 'token',
        DIIA_CA_CERTIFICATES: fixtureCa,
      },
    );
    expect(code, err).toBe(EXIT_CODES.unavailable);
    expect(err).toContain('PLATFORM_UNAVAILABLE');
  });

  it('without a token (and without --sandbox) exits 2', async () => {
    const { code, err } = await run(['login', '--offer', 'o', '--branch', 'b']);
    expect(code).toBe(EXIT_CODES.usage);
    expect(err).toContain('DIIA_ACQUIRER_TOKEN');
  });

  it('a build without the Diia ID command says so (exit 2)', async () => {
    const err: string[] = [];
    const code = await main(['sign', application, '--sandbox'], {
      stdout: () => {},
      stderr: (t) => err.push(t),
      env: {},
    });
    expect(code).toBe(EXIT_CODES.usage);
    expect(err.join('\n')).toContain('sign is not available');
  });
});
