import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { AcceptError, type AcceptErrorCode } from '../../../src/errors.js';
import { parseScan } from '../../../src/scanner/parse.js';
import type { IdentifyRequest, PlatformTransport } from '../../../src/transport/port.js';
import { identify } from '../../../src/verify/identify.js';
import { memoryReplayGuard, type ReplayGuard } from '../../../src/verify/replay.js';
import { pinnedKeys, type TrustStore } from '../../../src/verify/trust.js';
import { JTI, NOW_S, type TestKey, testKey, token } from './keys.js';

const LINK = `https://diia.app/documents/passport/65f1c0a2b3d4e5f60718293a/verify/${JTI}`;
const BARCODE = '2858364170864';

let key: TestKey;
let trust: TrustStore;
beforeAll(async () => {
  key = await testKey('ES256', 'platform-1');
  trust = await pinnedKeys([key.jwk]);
});

/** A platform double that uses each code up on success, as the real one does. */
function platform(answer: 'success' | 'not-genuine' | AcceptErrorCode | Error = 'success') {
  const calls: IdentifyRequest[] = [];
  const used = new Set<string>();
  const transport: Pick<PlatformTransport, 'identify'> = {
    async identify(request) {
      calls.push(request);
      await Promise.resolve();
      if (answer instanceof Error) throw answer;
      if (answer === 'not-genuine') return { success: false };
      if (answer !== 'success') throw new AcceptError(answer);
      const id = request.code.kind === 'barcode' ? request.code.barcode : request.code.otp;
      if (used.has(id)) throw new AcceptError('PLATFORM_CODE_USED');
      used.add(id);
      return { success: true };
    },
  };
  return { transport, calls };
}

function setup(p = platform(), replay?: ReplayGuard) {
  const clock = manualClock(NOW_S * 1000 + 2_000);
  return {
    clock,
    options: {
      transport: p.transport,
      branchId: 'branch-1',
      trust,
      replay: replay ?? memoryReplayGuard({ clock }),
      clock,
    },
  };
}

describe('identify: document links and barcodes go to the platform', () => {
  it('a link the platform confirms is valid, online, with the document type only', async () => {
    const p = platform();
    const { options, clock } = setup(p);
    const result = await identify(parseScan(LINK), options);
    expect(result).toEqual({
      status: 'valid',
      method: 'online',
      checkedAt: clock.now(),
      documentType: 'passport',
    });
    expect(p.calls).toEqual([
      {
        branchId: 'branch-1',
        code: { kind: 'document-link', otp: JTI, documentType: 'passport', link: LINK },
      },
    ]);
  });

  it("claims the scan's singleUseId (the canonical lower-case otp)", async () => {
    const replay = memoryReplayGuard({ clock: manualClock(NOW_S * 1000) });
    const { options } = setup(platform(), replay);
    expect(await identify(parseScan(LINK.replace(JTI, JTI.toUpperCase())), options)).toMatchObject({
      status: 'valid',
    });
    expect(await replay.claim(JTI, NOW_S * 1000 + 60_000)).toBe(false);
  });

  it('a barcode the platform confirms is valid', async () => {
    const { options } = setup();
    expect(await identify(parseScan(BARCODE), options)).toMatchObject({ status: 'valid', method: 'online' });
  });

  it('success:false is invalid CODE_NOT_CONFIRMED', async () => {
    const { options } = setup(platform('not-genuine'));
    expect(await identify(parseScan(BARCODE), options)).toMatchObject({
      status: 'invalid',
      reason: 'CODE_NOT_CONFIRMED',
    });
  });

  it.each(['PLATFORM_CODE_USED', 'PLATFORM_CODE_EXPIRED', 'PLATFORM_BAD_BARCODE'] as const)(
    '%s is invalid',
    async (code) => {
      const { options } = setup(platform(code));
      expect(await identify(parseScan(BARCODE), options)).toMatchObject({ status: 'invalid', reason: code });
    },
  );

  it.each([
    'PLATFORM_TIMEOUT',
    'PLATFORM_UNAVAILABLE',
    'PLATFORM_UNAUTHORISED',
    'PLATFORM_FORBIDDEN_SCOPE',
    'PLATFORM_RATE_LIMITED',
    'PLATFORM_MALFORMED_RESPONSE',
    'ABORTED',
  ] as const)('%s is unknown with its code, and does not burn the code', async (code) => {
    const replay = memoryReplayGuard({ clock: manualClock(NOW_S * 1000) });
    const { options } = setup(platform(code), replay);
    expect(await identify(parseScan(BARCODE), options)).toMatchObject({ status: 'unknown', reason: code });
    // The operator retries once the platform is back: the code was not claimed by the failed attempt.
    const retry = setup(platform(), replay);
    expect(await identify(parseScan(BARCODE), retry.options)).toMatchObject({ status: 'valid' });
  });

  it('a transport throwing something that is not an AcceptError is unknown PLATFORM_UNAVAILABLE', async () => {
    const { options } = setup(platform(new TypeError('fetch failed')));
    expect(await identify(parseScan(BARCODE), options)).toMatchObject({
      status: 'unknown',
      reason: 'PLATFORM_UNAVAILABLE',
    });
  });

  it('the same code twice concurrently: exactly one valid', async () => {
    const { options } = setup();
    const results = await Promise.all(Array.from({ length: 5 }, () => identify(parseScan(LINK), options)));
    expect(results.filter((r) => r.status === 'valid')).toHaveLength(1);
    expect(results.every((r) => r.status !== 'unknown')).toBe(true);
  });

  it('a platform that confirms twice (does not use codes up) is still stopped by the replay guard', async () => {
    const lax: Pick<PlatformTransport, 'identify'> = { identify: async () => ({ success: true }) };
    const { options } = setup({ transport: lax, calls: [] });
    const [a, b] = await Promise.all([
      identify(parseScan(LINK), options),
      identify(parseScan(LINK), options),
    ]);
    expect([a.status, b.status].sort()).toEqual(['invalid', 'valid']);
    expect([a.reason, b.reason]).toContain('CODE_ALREADY_USED');
  });

  it('a replay guard that is down gives unknown, never valid', async () => {
    const broken: ReplayGuard = {
      claim: async () => {
        throw new AcceptError('STORE_UNAVAILABLE');
      },
    };
    const { options } = setup(platform(), broken);
    expect(await identify(parseScan(BARCODE), options)).toMatchObject({
      status: 'unknown',
      reason: 'STORE_UNAVAILABLE',
    });
  });
});

describe('identify: signed tokens', () => {
  it('verifies offline without calling the platform', async () => {
    const p = platform();
    const { options } = setup(p);
    const result = await identify(parseScan(await token(key)), options);
    expect(result).toMatchObject({ status: 'valid', method: 'offline', documentType: 'passport' });
    expect(p.calls).toHaveLength(0);
  });

  it('the same token twice: the second is CODE_ALREADY_USED', async () => {
    const { options } = setup();
    const t = await token(key);
    await identify(parseScan(t), options);
    expect(await identify(parseScan(t), options)).toMatchObject({
      status: 'invalid',
      reason: 'CODE_ALREADY_USED',
    });
  });

  it('online: confirmed with the platform as the link it stands for', async () => {
    const p = platform();
    const { options } = setup(p);
    const result = await identify(parseScan(await token(key, {}, { handle: '65f1c0a2b3d4e5f60718293a' })), {
      ...options,
      online: true,
    });
    expect(result).toMatchObject({ status: 'valid', method: 'online' });
    expect(p.calls[0]?.code).toEqual({
      kind: 'document-link',
      otp: JTI,
      documentType: 'passport',
      link: LINK,
    });
  });

  it('online: a platform outage is unknown and leaves the token unclaimed', async () => {
    const { options } = setup(platform('PLATFORM_TIMEOUT'));
    const t = await token(key);
    expect(await identify(parseScan(t), { ...options, online: true })).toMatchObject({
      status: 'unknown',
      reason: 'PLATFORM_TIMEOUT',
    });
    expect(await identify(parseScan(t), options)).toMatchObject({ status: 'valid', method: 'offline' });
  });

  it('a token for another branch is invalid TOKEN_AUDIENCE_MISMATCH', async () => {
    const { options } = setup();
    expect(await identify(parseScan(await token(key, {}, { aud: 'branch-2' })), options)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_AUDIENCE_MISMATCH',
    });
  });

  // parseScan only decodes a token: these scan as `document-token`, and identify refuses them through the
  // verifier with its code (the scanner used to refuse them as SCAN_TOKEN_MALFORMED).
  it.each([
    ['jti the nil UUID', {}, { jti: '00000000-0000-0000-0000-000000000000' }, 'TOKEN_CLAIM_INVALID'],
    ['jti not a UUID', {}, { jti: 'abc' }, 'TOKEN_CLAIM_INVALID'],
    ['doc unknown', {}, { doc: 'bank-card' }, 'TOKEN_CLAIM_INVALID'],
    ['exp a string', {}, { exp: String(NOW_S + 180) }, 'TOKEN_CLAIM_INVALID'],
    ['typ of an ordinary JWT', { typ: 'JWT' }, {}, 'TOKEN_TYPE_INVALID'],
  ])('a scanned token with %s is refused by the verifier: %s', async (_name, h, c, reason) => {
    const p = platform();
    const { options } = setup(p);
    const scan = parseScan(await token(key, h, c));
    expect(scan).toMatchObject({ kind: 'document-token', singleUseId: undefined });
    expect(await identify(scan, { ...options, online: true })).toMatchObject({ status: 'invalid', reason });
    expect(p.calls).toHaveLength(0);
  });

  it('claims the verified jti, whatever a scan object says about its claims', async () => {
    const replay = memoryReplayGuard({ clock: manualClock(NOW_S * 1000) });
    const { options } = setup(platform(), replay);
    const scan = parseScan(await token(key));
    if (scan.kind !== 'document-token') throw new Error('not a token');
    const forged = { ...scan, claims: { ...scan.claims, jti: '11111111-1111-4111-8111-111111111111' } };
    expect(await identify(forged, options)).toMatchObject({ status: 'valid' });
    expect(await replay.claim(JTI, NOW_S * 1000 + 60_000)).toBe(false);
  });

  it('trust that cannot answer is unknown', async () => {
    const { options } = setup();
    const result = await identify(parseScan(await token(key)), {
      ...options,
      trust: { resolve: async () => ({ status: 'stale' }) },
    });
    expect(result).toMatchObject({ status: 'unknown', reason: 'TRUST_STALE', method: 'offline' });
  });
});

describe('identify: anything else', () => {
  it('an unrecognised scan is invalid with the scanner reason', async () => {
    const { options } = setup();
    expect(await identify(parseScan('http://diia.app/documents/passport/x/verify/y'), options)).toMatchObject(
      {
        status: 'invalid',
        method: 'offline',
      },
    );
  });

  it('an app deeplink is not a document code', async () => {
    const { options } = setup();
    const scan = parseScan(`https://diia.app/acquirers/offer-request/dynamic/${JTI}`);
    expect(scan.kind).toBe('deeplink');
    expect(await identify(scan, options)).toMatchObject({ status: 'invalid', reason: 'SCAN_UNRECOGNISED' });
  });

  it('a hand-built barcode without its singleUseId is refused before the platform is asked', async () => {
    const p = platform();
    const { options } = setup(p);
    const scan = { kind: 'barcode', barcode: BARCODE, symbology: undefined } as never;
    expect(await identify(scan, options)).toMatchObject({ status: 'invalid', reason: 'SCAN_UNRECOGNISED' });
    expect(p.calls).toHaveLength(0);
  });

  it('garbage instead of a scan does not throw', async () => {
    const { options } = setup();
    expect(await identify(null as never, options)).toMatchObject({ status: 'invalid' });
  });

  it('results never carry more than status, type, method, time and reason', async () => {
    const { options } = setup();
    const result = await identify(parseScan(await token(key)), options);
    expect(Object.keys(result).sort()).toEqual(['checkedAt', 'documentType', 'method', 'status']);
  });
});
