import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { verifyDocumentToken } from '../../../src/verify/token.js';
import { pinnedKeys, type TrustStore } from '../../../src/verify/trust.js';
import { JTI, NOW_S, signRaw, type TestKey, testKey, token } from './keys.js';

let es: TestKey;
let ed: TestKey;
let ps: TestKey;
let trust: TrustStore;
const clock = manualClock(NOW_S * 1000 + 10_000);

beforeAll(async () => {
  [es, ed, ps] = await Promise.all([
    testKey('ES256', 'es-1'),
    testKey('EdDSA', 'ed-1'),
    testKey('PS256', 'ps-1'),
  ]);
  trust = await pinnedKeys([es.jwk, ed.jwk, ps.jwk]);
});

const verify = (t: unknown, extra: Record<string, unknown> = {}) =>
  verifyDocumentToken(t, { trust, clock, ...extra });

describe('verifyDocumentToken: valid tokens', () => {
  it.each(['ES256', 'EdDSA', 'PS256'] as const)(
    'accepts a %s token and returns no personal data',
    async (alg) => {
      const key = { ES256: es, EdDSA: ed, PS256: ps }[alg];
      const result = await verify(await token(key));
      expect(result).toEqual({
        status: 'valid',
        documentType: 'passport',
        handle: 'h-7Qd2',
        jti: JTI,
        issuer: 'https://diia.app',
        kid: key.kid,
        alg,
        issuedAt: NOW_S * 1000,
        expiresAt: (NOW_S + 180) * 1000,
      });
    },
  );

  it('accepts typ case-insensitively and with application/', async () => {
    expect((await verify(await token(es, { typ: 'application/DIIA-Document+JWT' }))).status).toBe('valid');
  });

  it('accepts a matching audience and issuer', async () => {
    const t = await token(es, {}, { aud: ['branch-1', 'branch-2'] });
    const r = await verify(t, { audience: 'branch-2', issuer: ['https://diia.app'] });
    expect(r.status).toBe('valid');
  });

  it('accepts at exactly exp + tolerance minus 1 ms', async () => {
    const c = manualClock((NOW_S + 180) * 1000 + 5_000 - 1);
    expect((await verifyDocumentToken(await token(es), { trust, clock: c })).status).toBe('valid');
  });
});

describe('verifyDocumentToken: options are programming errors, so they throw', () => {
  it.each([[{ trust: undefined }], [{ clockTolerance: '61s' }], [{ maxTokenSize: 1 }], [{ audience: [] }]])(
    '%j',
    async (bad) => {
      await expect(verify('x.y.z', bad)).rejects.toSatisfy((e) => isAcceptError(e, 'INVALID_ARGUMENT'));
    },
  );
});

describe('verifyDocumentToken: trust that cannot answer is unknown, never invalid', () => {
  it.each([
    ['unavailable', 'TRUST_UNAVAILABLE'],
    ['stale', 'TRUST_STALE'],
  ] as const)('%s', async (status, reason) => {
    const r = await verifyDocumentToken(await token(es), {
      trust: { resolve: async () => ({ status }) },
      clock,
    });
    expect(r).toMatchObject({ status: 'unknown', reason });
  });

  it('a trust store that throws', async () => {
    const r = await verifyDocumentToken(await token(es), {
      trust: {
        resolve: async () => {
          throw new Error('boom');
        },
      },
      clock,
    });
    expect(r).toMatchObject({ status: 'unknown', reason: 'TRUST_UNAVAILABLE' });
  });

  it('a replay guard that fails gives unknown with its code', async () => {
    const r = await verify(await token(es), {
      replay: {
        claim: async () => {
          throw new Error('redis down');
        },
      },
    });
    expect(r).toMatchObject({ status: 'unknown', reason: 'STORE_UNAVAILABLE' });
  });
});

describe('verifyDocumentToken: parser properties', () => {
  it('never throws and never says valid for arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await verify(s);
        expect(r.status).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('never says valid for arbitrary three-segment base64url tokens', async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/);
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (a, b, c) => {
        const r = await verify(`${a}.${b}.${c}`);
        expect(r.status).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any single-character change of a valid token', async () => {
    const good = await token(es);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: good.length - 1 }),
        fc.constantFrom('A', 'x', '_', '-', '.'),
        async (i, ch) => {
          fc.pre(good[i] !== ch);
          const bad = good.slice(0, i) + ch + good.slice(i + 1);
          expect((await verify(bad)).status).toBe('invalid');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('claims with arbitrary JSON values never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
        async (extra) => {
          const r = await verify(
            await signRaw(
              JSON.stringify({ alg: 'ES256', typ: 'diia-document+jwt', kid: 'es-1' }),
              JSON.stringify(extra),
              es,
            ),
          );
          expect(['invalid', 'valid']).toContain(r.status);
        },
      ),
      { numRuns: 60 },
    );
  });
});
