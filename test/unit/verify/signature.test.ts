import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { FlattenedSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../../src/base64url.js';
import { manualClock } from '../../../src/clock.js';
import { buildSigningInput } from '../../../src/verify/jws.js';
import { verifyDetached } from '../../../src/verify/signature.js';
import { pinnedKeys, type TrustStore } from '../../../src/verify/trust.js';
import { b64, NOW_S, signSegments, type TestKey, testKey } from './keys.js';

let es: TestKey;
let ed: TestKey;
let trust: TrustStore;
const clock = manualClock(NOW_S * 1000 + 60_000);
const json = (o: unknown) => JSON.stringify(o);

beforeAll(async () => {
  [es, ed] = await Promise.all([testKey('ES256', 'platform-2026-1'), testKey('EdDSA', 'platform-2026-2')]);
  trust = await pinnedKeys([es.jwk, ed.jwk]);
});

const pdf = new TextEncoder().encode('%PDF-1.7\n% a copy of a document\n%%EOF\n');

function fileHeader(key: TestKey, extra: Record<string, unknown> = {}) {
  return { alg: key.alg, kid: key.kid, typ: 'diia-file+jws', iat: NOW_S, ...extra };
}

/** A detached JWS: `header..signature`, signed over the content in the given form. */
async function detached(
  key: TestKey,
  content: Uint8Array,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const h = b64(json(fileHeader(key, extra)));
  const params = key.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  const b64flag = (extra as { b64?: boolean }).b64 !== false;
  const sig = await crypto.subtle.sign(params, key.privateKey, buildSigningInput(h, content, b64flag));
  return `${h}..${encodeBase64url(new Uint8Array(sig))}`;
}

async function manifest(
  key: TestKey,
  content: Uint8Array,
  hash: 'SHA-256' | 'SHA-512' = 'SHA-256',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const digest = hash === 'SHA-256' ? sha256(content) : sha512(content);
  const body = { hash, digest: encodeBase64url(digest), size: content.length, ...extra };
  return signSegments(b64(json(fileHeader(key, { typ: 'diia-digest+jws' }))), b64(json(body)), key);
}

function streamOf(content: Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= content.length) return controller.close();
      controller.enqueue(content.slice(at, at + chunk));
      at += chunk;
    },
  });
}

const check = (
  content: Uint8Array | ReadableStream<Uint8Array>,
  jws: string,
  extra: Record<string, unknown> = {},
) => verifyDetached({ content, jws, trust, clock, ...extra });

describe('verifyDetached: the three forms', () => {
  it('RFC 7515 appendix F (ES256): valid, with signer, signing time and SHA-256', async () => {
    const r = await check(pdf, await detached(es, pdf));
    expect(r).toEqual({
      status: 'valid',
      kid: 'platform-2026-1',
      alg: 'ES256',
      signedAt: NOW_S * 1000,
      form: 'detached',
      digest: { algorithm: 'SHA-256', hex: bytesToHex(sha256(pdf)) },
      size: pdf.length,
    });
  });

  it('RFC 7797 unencoded payload (EdDSA): valid', async () => {
    const jws = await detached(ed, pdf, { b64: false, crit: ['b64'] });
    expect(await check(pdf, jws)).toMatchObject({
      status: 'valid',
      form: 'unencoded',
      kid: 'platform-2026-2',
    });
  });

  it.each([false, true])('streams give the same answer as bytes (unencoded: %s)', async (unencoded) => {
    const jws = await detached(es, pdf, unencoded ? { b64: false, crit: ['b64'] } : {});
    expect(await check(streamOf(pdf), jws)).toMatchObject({ status: 'valid' });
  });

  it.each(['SHA-256', 'SHA-512'] as const)('a signed %s manifest over a stream: valid', async (hash) => {
    const r = await check(streamOf(pdf, 5), await manifest(es, pdf, hash));
    const expected = hash === 'SHA-256' ? sha256(pdf) : sha512(pdf);
    expect(r).toMatchObject({
      status: 'valid',
      form: 'manifest',
      digest: { algorithm: hash, hex: bytesToHex(expected) },
    });
  });

  it('a 50 MB copy through a manifest is hashed chunk by chunk, never buffered', async () => {
    const chunk = new Uint8Array(1024 * 1024).map((_, i) => i * 31);
    const total = 50;
    const hasher = sha256.create();
    for (let i = 0; i < total; i++) hasher.update(chunk);
    const digest = hasher.digest();
    const body = { hash: 'SHA-256', digest: encodeBase64url(digest), size: chunk.length * total };
    const jws = await signSegments(
      b64(json(fileHeader(es, { typ: 'diia-digest+jws' }))),
      b64(json(body)),
      es,
    );
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === total) controller.close();
        else controller.enqueue(chunk); // the same buffer each time: the copy never exists in memory at once
      },
    });
    expect(await check(stream, jws, { maxContentSize: 64 * 1024 * 1024 })).toMatchObject({
      status: 'valid',
      size: 50 * 1024 * 1024,
    });
  });

  it('interoperates with jose FlattenedSign (detached and unencoded)', async () => {
    for (const b64flag of [true, false]) {
      const header = { ...fileHeader(es), ...(b64flag ? {} : { b64: false, crit: ['b64'] }) };
      const signed = await new FlattenedSign(pdf).setProtectedHeader(header as never).sign(es.privateKey);
      expect(await check(pdf, `${signed.protected}..${signed.signature}`), String(b64flag)).toMatchObject({
        status: 'valid',
      });
    }
  });
});

describe('verifyDetached: a changed copy', () => {
  it('one changed byte: SIGNATURE_INVALID (direct forms)', async () => {
    const jws = await detached(es, pdf);
    const changed = pdf.slice();
    changed[3]! ^= 1;
    expect(await check(changed, jws)).toMatchObject({ status: 'invalid', reason: 'SIGNATURE_INVALID' });
  });

  it.each([
    ['changed', (c: Uint8Array) => c.map((b, i) => (i === 0 ? b ^ 1 : b))],
    ['longer', (c: Uint8Array) => new Uint8Array([...c, 0])],
    ['shorter', (c: Uint8Array) => c.slice(1)],
  ])('%s content: SIGNATURE_DIGEST_MISMATCH (manifest)', async (_, alter) => {
    const jws = await manifest(es, pdf);
    expect(await check(streamOf(alter(pdf)), jws)).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_DIGEST_MISMATCH',
    });
  });

  it('a manifest signed by another key: SIGNATURE_INVALID', async () => {
    const other = await testKey('ES256', 'platform-2026-1');
    expect(await check(pdf, await manifest(other, pdf))).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_INVALID',
    });
  });
});

describe('verifyDetached: attacks and malformed signatures', () => {
  it.each([
    ['alg none', { alg: 'none' }, 'SIGNATURE_ALGORITHM_NOT_ALLOWED'],
    ['HS256', { alg: 'HS256' }, 'SIGNATURE_ALGORITHM_NOT_ALLOWED'],
    ['smuggled jwk', { jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' } }, 'SIGNATURE_MALFORMED'],
    ['x5u', { x5u: 'https://attacker.example/cert' }, 'SIGNATURE_MALFORMED'],
    ['b64:false without crit', { b64: false }, 'SIGNATURE_MALFORMED'],
    ['unknown crit', { crit: ['zip'], zip: 'DEF' }, 'SIGNATURE_MALFORMED'],
    ['token typ', { typ: 'diia-document+jwt' }, 'SIGNATURE_MALFORMED'],
    ['kid with a path', { kid: '../keys/platform' }, 'SIGNATURE_MALFORMED'],
    ['no iat', { iat: undefined }, 'SIGNATURE_TIME_INVALID'],
    ['iat in the future', { iat: NOW_S + 3600 }, 'SIGNATURE_TIME_INVALID'],
    ['fractional iat', { iat: NOW_S + 0.5 }, 'SIGNATURE_TIME_INVALID'],
    ['unknown kid', { kid: 'platform-2019' }, 'SIGNATURE_SIGNER_UNTRUSTED'],
    ['kid of the EdDSA key', { kid: 'platform-2026-2' }, 'SIGNATURE_SIGNER_UNTRUSTED'],
  ])('%s → %s', async (_, extra, reason) => {
    const jws = await detached(es, pdf, extra);
    expect(await check(pdf, jws)).toMatchObject({ status: 'invalid', reason });
  });

  it('duplicate member in the header → SIGNATURE_MALFORMED', async () => {
    const h = b64(`{"alg":"ES256","kid":"platform-2026-1","typ":"diia-file+jws","iat":${NOW_S},"iat":0}`);
    const sig = (await signSegments(h, b64(''), es)).split('.')[2];
    expect(await check(pdf, `${h}..${sig}`)).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_MALFORMED',
    });
  });

  it.each([
    ['an extra member', { note: 'x' }],
    ['a digest of the wrong length', { digest: encodeBase64url(new Uint8Array(31)) }],
    ['an unknown hash', { hash: 'MD5' }],
  ])('a manifest with %s → SIGNATURE_MALFORMED', async (_, extra) => {
    expect(await check(pdf, await manifest(es, pdf, 'SHA-256', extra))).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_MALFORMED',
    });
  });

  it('trust that is stale gives unknown', async () => {
    const r = await verifyDetached({
      content: pdf,
      jws: await detached(es, pdf),
      trust: { resolve: async () => ({ status: 'stale' }) },
      clock,
    });
    expect(r).toMatchObject({ status: 'unknown', reason: 'TRUST_STALE' });
  });

  it('an aborted read gives unknown ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await check(streamOf(pdf), await manifest(es, pdf), { signal: controller.signal });
    expect(r).toMatchObject({ status: 'unknown', reason: 'ABORTED' });
  });

  it('a stream that fails gives unknown ABORTED', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error('socket hang up'));
      },
    });
    expect(await check(failing, await manifest(es, pdf))).toMatchObject({
      status: 'unknown',
      reason: 'ABORTED',
    });
  });

  it('content over maxContentSize → SIGNATURE_MALFORMED', async () => {
    expect(await check(pdf, await detached(es, pdf), { maxContentSize: 10 })).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_MALFORMED',
    });
  });

  it('bad content is a programming error and throws', async () => {
    await expect(check('text' as never, 'a..b')).rejects.toThrow();
  });

  it('property: arbitrary signature strings never throw and are never valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (jws) => {
        expect((await check(pdf, jws)).status).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });
});
