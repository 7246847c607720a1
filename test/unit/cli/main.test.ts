// The `diia-accept` command in-process, against a loopback server that answers like the platform: output,
// JSON, languages, and the exit code of every kind of outcome.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor, main } from '../../../src/cli/main.js';
import { EXIT_CODES, HELP } from '../../../src/cli/messages.js';
import { ACQUIRER_TOKEN, error, type FakePlatform, startFakePlatform } from '../transport/fake-platform.js';

const BARCODE = '2858364170864';
const OTP = '0b6c5b1e-8c1a-4c55-9a41-0d0f6f1b2c3d';
const LINK = `https://diia.app/documents/passport/0123456789abcdef01234567/verify/${OTP}`;

let platform: FakePlatform;
beforeEach(async () => {
  platform = await startFakePlatform();
});
afterEach(() => platform.close());

async function run(argv: string[], env: Record<string, string> = { DIIA_ACQUIRER_TOKEN: ACQUIRER_TOKEN }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--base-url', platform.url], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const last = () => platform.calls().at(-1)!;

describe('help and usage', () => {
  it('prints help with --help and exits 0, listing the exit codes', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: diia-accept <command>');
    expect(out).toContain('Exit codes:');
  });

  it('prints help and exits 2 without a command', async () => {
    expect(await main([], { stdout: () => {}, stderr: () => {}, env: {} })).toBe(EXIT_CODES.usage);
  });

  it.each([
    [['frobnicate']],
    [['branches', 'list', '--no-such-option']],
    [['identify', BARCODE]], // no --branch
    [['identify', '2858364170865', '--branch', 'b-1']], // wrong check digit
    [['offers', 'create', '--branch', 'b-1', '--name', 'x', '--types', 'passport,spaceship']],
    [['request', BARCODE, '--branch', 'b-1', '--request-id', 'nope']],
    [['status', 'r', '--barcode', BARCODE, '--otp', OTP]],
    [['branches', 'list', '--lang', 'fr']],
    [['branches', 'list', '--limit', '-3']],
  ])('exits 2 for a wrong command line: %j', async (argv) => {
    const { code, err } = await run(argv);
    expect(code).toBe(EXIT_CODES.usage);
    expect(err.length).toBeGreaterThan(0);
    expect(platform.calls()).toHaveLength(0);
  });

  it('--version prints the version it is given and exits 0, without a token', async () => {
    const out: string[] = [];
    const code = await main(['--version'], {
      stdout: (t) => out.push(t),
      stderr: () => {},
      env: {},
      version: '9.8.7',
    });
    expect(code).toBe(EXIT_CODES.ok);
    expect(out).toEqual(['diia-accept 9.8.7']);
  });

  it.each([[['frobnicate']], [['branches', 'frob']], [['offers']], [['identifyy', BARCODE]]])(
    'names an unknown command and lists the commands before asking for a token: %j',
    async (argv) => {
      const { code, err } = await run(argv, {});
      expect(code).toBe(EXIT_CODES.usage);
      expect(err).toMatch(/unknown command: \S+/);
      expect(err).toContain('identify, request, deeplink, status, branches list');
      expect(err).not.toContain('DIIA_ACQUIRER_TOKEN');
    },
  );

  it('sandbox --help prints the sandbox help, not the general one, and starts nothing', async () => {
    const out: string[] = [];
    let started = false;
    const code = await main(
      ['sandbox', '--help'],
      { stdout: (t) => out.push(t), stderr: () => {}, env: {} },
      async () => {
        started = true;
        return 0;
      },
    );
    expect(code).toBe(EXIT_CODES.ok);
    expect(started).toBe(false);
    expect(out.join('\n')).toMatch(/^diia-accept sandbox: /);
    expect(out.join('\n')).toContain('--webhook URL');
    expect(out.join('\n')).not.toContain('branches create');
  });

  it('takes --lang ua as Ukrainian', async () => {
    const { code, err } = await run(['branches', 'list', '--lang', 'ua'], {});
    expect(code).toBe(EXIT_CODES.usage);
    expect(err).toContain('змінній середовища DIIA_ACQUIRER_TOKEN');
  });

  it('lists the exit codes one a line, in order, each with what it means', () => {
    const table = HELP.slice(HELP.indexOf('Exit codes:')).split('\n').slice(1);
    const codes = table
      .map((line) => /^\s+(\d+)\s{2}\S/.exec(line)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(codes).toEqual(Object.values(EXIT_CODES).sort((a, b) => a - b));
  });

  it('exits 2 and names the variable when the token is missing, in Ukrainian with --lang uk', async () => {
    const { code, err } = await run(['branches', 'list', '--lang', 'uk'], {});
    expect(code).toBe(EXIT_CODES.usage);
    expect(err).toContain('DIIA_ACQUIRER_TOKEN');
    expect(err).toMatch(/[\u0400-\u04FF]/);
  });
});

describe('commands', () => {
  it('identify: exits 0 for a genuine barcode, 3 for one that is not', async () => {
    const ok = await run(['identify', BARCODE, '--branch', 'b-1']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('genuine');
    expect(last().body).toEqual({ branchId: 'b-1', barcode: BARCODE });

    platform.on('POST', '/api/v1/acquirers/document-identification', () => ({ body: { success: false } }));
    const not = await run(['identify', BARCODE, '--branch', 'b-1', '--json']);
    expect(not.code).toBe(EXIT_CODES.notGenuine);
    expect(JSON.parse(not.out)).toEqual({ valid: false, kind: 'barcode' });
  });

  it('identify: sends the one-time code of a document link as qrcode, and speaks Ukrainian', async () => {
    const { code, out } = await run(['identify', LINK, '--branch', 'b-1', '--lang', 'uk']);
    expect(code).toBe(0);
    expect(out).toBe('Код справжній і чинний.');
    expect(last().body).toEqual({ branchId: 'b-1', qrcode: OTP });
  });

  it('request: sends the barcode with a fresh UUIDv4 and prints it', async () => {
    const { code, out } = await run(['request', BARCODE, '--branch', 'b-1', '--json']);
    expect(code).toBe(0);
    const { requestId } = JSON.parse(out) as { requestId: string };
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(last().body).toEqual({ branchId: 'b-1', barcode: BARCODE, requestId });
  });

  it('request --types: checks the branch scope first and refuses (exit 4) without asking the holder', async () => {
    const { code, out } = await run([
      'request',
      BARCODE,
      '--branch',
      'b-1',
      '--types',
      'passport,driver-license',
    ]);
    expect(code).toBe(EXIT_CODES.refused);
    expect(out).toContain('driver-license');
    expect(platform.calls().map((c) => c.method)).toEqual(['GET']);

    const ok = await run(['request', BARCODE, '--branch', 'b-1', '--types', 'passport', '--diia-id']);
    expect(ok.code).toBe(0);
    expect(last().body).toMatchObject({ barcode: BARCODE, useDiiaId: true });
  });

  it('deeplink: prints the link and the request id', async () => {
    const { code, out } = await run(['deeplink', '--branch', 'b-1', '--offer', 'o-1']);
    expect(code).toBe(0);
    expect(out).toContain('https://diia.app/acquirers/offer-request/dynamic/');
    expect(last().path).toBe('/api/v2/acquirers/branch/b-1/offer-request/dynamic');
  });

  it('branches list / create / delete', async () => {
    const list = await run(['branches', 'list', '--skip', '0', '--limit', '10', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).branches[0].id).toBe('b-1');
    expect(Object.fromEntries(last().query)).toEqual({ skip: '0', limit: '10' });

    const create = await run([
      'branches',
      'create',
      '--name',
      'Desk 1',
      '--sharing',
      'passport',
      '--identification',
      'passport',
    ]);
    expect(create.code).toBe(0);
    expect(create.out).toContain('b-new');
    expect(last().body).toMatchObject({
      name: 'Desk 1',
      scopes: { sharing: ['passport'], documentIdentification: ['passport'] },
    });

    expect((await run(['branches', 'delete', 'b-1'])).code).toBe(0);
    expect(last()).toMatchObject({ method: 'DELETE', path: '/api/v2/acquirers/branch/b-1' });
  });

  it('offers list / create / delete', async () => {
    const list = await run(['offers', 'list', '--branch', 'b-1']);
    expect(list.out).toContain('o-1\tPassport copy\tpassport');
    const create = await run([
      'offers',
      'create',
      '--branch',
      'b-1',
      '--name',
      'Copy',
      '--types',
      'passport',
    ]);
    expect(create.code).toBe(0);
    expect(last().body).toEqual({ name: 'Copy', scopes: { sharing: ['passport'] } });
    expect((await run(['offers', 'delete', 'o-1', '--branch', 'b-1'])).code).toBe(0);
    expect(last().path).toBe('/api/v1/acquirers/branch/b-1/offer/o-1');
  });

  it('status: by barcode or by otp', async () => {
    const requestId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    const one = await run(['status', requestId, '--barcode', BARCODE, '--json']);
    expect(JSON.parse(one.out)).toEqual({ status: 'awaiting-consent', raw: 'pending' });
    await run(['status', requestId, '--otp', OTP]);
    expect(last().path).toBe('/api/v1/acquirers/offer-request/status');
  });
});

describe('--wait', () => {
  function statuses(path: string, words: string[]) {
    let n = 0;
    platform.on('GET', path, () => ({ body: { status: words[Math.min(n++, words.length - 1)] } }));
  }

  it('request --wait follows the status to delivered (exit 0), printing each change once', async () => {
    statuses('/api/v1/acquirers/document-request/status', ['pending', 'pending', 'approved', 'delivered']);
    const { code, out } = await run([
      'request',
      BARCODE,
      '--branch',
      'b-1',
      '--wait',
      '--poll',
      '100ms',
      '--json',
    ]);
    expect(code).toBe(0);
    const lines = out.split('\n').map((l) => JSON.parse(l) as { status?: string; requestId?: string });
    expect(lines.map((l) => l.status ?? 'requested')).toEqual([
      'requested',
      'awaiting-consent',
      'consented',
      'delivered',
    ]);
    const polls = platform.calls().filter((c) => c.path.endsWith('/status'));
    expect(polls).toHaveLength(4);
    expect(polls[0]!.query.get('requestId')).toBe(lines[0]!.requestId);
    expect(polls[0]!.query.get('barcode')).toBe(BARCODE);
  });

  it('exits 7 when the holder declines and 8 when the wait runs out', async () => {
    statuses('/api/v1/acquirers/document-request/status', ['pending', 'declined']);
    expect((await run(['request', BARCODE, '--branch', 'b-1', '--wait', '--poll', '100ms'])).code).toBe(7);
    platform.reset();
    statuses('/api/v1/acquirers/document-request/status', ['pending']);
    const late = await run([
      'request',
      BARCODE,
      '--branch',
      'b-1',
      '--wait',
      '--poll',
      '100ms',
      '--wait-for',
      '150ms',
    ]);
    expect(late.code).toBe(8);
  });

  it('deeplink --wait follows the offer request status by its one-time code', async () => {
    statuses('/api/v1/acquirers/offer-request/status', ['expired']);
    const { code } = await run(['deeplink', '--branch', 'b-1', '--offer', 'o-1', '--wait']);
    expect(code).toBe(8);
    expect(platform.calls().at(-1)!.query.get('otp')).toBe('0b6c5b1e-8c1a-4c55-9a41-0d0f6f1b2c3d');
  });

  it('refuses --wait with a document link, and a bad --poll, before sending anything', async () => {
    expect((await run(['request', LINK, '--branch', 'b-1', '--wait'])).code).toBe(2);
    expect((await run(['request', BARCODE, '--branch', 'b-1', '--wait', '--poll', 'soon'])).code).toBe(2);
    expect(platform.calls()).toHaveLength(0);
  });
});

describe('failures become exit codes, without secrets', () => {
  it.each([
    [409, EXIT_CODES.refused, 'PLATFORM_CODE_USED'],
    [403, EXIT_CODES.refused, 'PLATFORM_FORBIDDEN_SCOPE'],
    [503, EXIT_CODES.unavailable, 'PLATFORM_UNAVAILABLE'],
  ])('HTTP %i → exit %i', async (status, exit, name) => {
    platform.on('POST', '/api/v1/acquirers/document-identification', () => error(status));
    const { code, err } = await run(['identify', BARCODE, '--branch', 'b-1', '--json']);
    expect(code).toBe(exit);
    expect(JSON.parse(err).error.code).toBe(name);
    expect(err).not.toContain(BARCODE);
  });

  it('a wrong acquirer token → exit 5, and the token is not printed', async () => {
    const { code, err } = await run(['branches', 'list'], { DIIA_ACQUIRER_TOKEN: 'wrong-secret-token' });
    expect(code).toBe(EXIT_CODES.unauthorised);
    expect(err).not.toContain('wrong-secret-token');
  });

  it('maps every code family', () => {
    expect(exitCodeFor(undefined)).toBe(1);
    expect(exitCodeFor('ABORTED')).toBe(130);
    expect(exitCodeFor('PLATFORM_TIMEOUT')).toBe(6);
    expect(exitCodeFor('SCAN_CHECK_DIGIT')).toBe(2);
    expect(exitCodeFor('INVALID_DURATION')).toBe(2);
    expect(exitCodeFor('SHARE_FAILED')).toBe(1);
    // sign and login: a delivered signature refused by a check, an unanswered request
    for (const code of [
      'SIGNATURE_DIGEST_MISMATCH',
      'SIGNATURE_SIGNER_UNTRUSTED',
      'SIGNATURE_MALFORMED',
      'CERTIFICATE_EXPIRED',
      'DER_LIMIT_EXCEEDED',
      'DIIA_ID_FILE_UNKNOWN',
    ] as const)
      expect(exitCodeFor(code), code).toBe(EXIT_CODES.signatureRefused);
    expect(exitCodeFor('DIIA_ID_EXPIRED')).toBe(EXIT_CODES.expired);
    expect(exitCodeFor('DIIA_ID_VERIFY_FAILED')).toBe(1);
  });

  it('--sandbox belongs to sign and login only', async () => {
    const { code, err } = await run(['branches', 'list', '--sandbox']);
    expect(code).toBe(EXIT_CODES.usage);
    expect(err).toContain('--sandbox is for sign and login');
    expect(platform.calls()).toHaveLength(0);
  });

  it('the help lists sign and login, the Diia ID options and exit code 9', () => {
    expect(HELP).toMatch(/^ {2}sign FILE… --branch ID --offer ID/m);
    expect(HELP).toMatch(/^ {2}login --branch ID --offer ID/m);
    expect(HELP).toMatch(/--ca FILE/);
    expect(HELP).toMatch(/^ {4}9 {2}sign, login: the signature was delivered but refused/m);
  });
});
