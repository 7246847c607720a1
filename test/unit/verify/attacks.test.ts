// The attack matrix of docs/threat-model.md: every row is one test here, named by its row id, and each
// asserts the exact code the attack is refused with.
import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../../src/base64url.js';
import { manualClock } from '../../../src/clock.js';
import { memoryReplayGuard } from '../../../src/verify/replay.js';
import { verifyDocumentToken } from '../../../src/verify/token.js';
import { pinnedKeys, type TrustStore } from '../../../src/verify/trust.js';
import {
  b64,
  claims,
  header,
  NOW_S,
  signRaw,
  signSegments,
  type TestKey,
  testKey,
  text,
  token,
} from './keys.js';

let es: TestKey;
let ed: TestKey;
let trust: TrustStore;
const clock = manualClock(NOW_S * 1000 + 10_000);

beforeAll(async () => {
  [es, ed] = await Promise.all([testKey('ES256', 'es-1'), testKey('EdDSA', 'ed-1')]);
  trust = await pinnedKeys([es.jwk, ed.jwk]);
});

const verify = (t: string, extra: Record<string, unknown> = {}) =>
  verifyDocumentToken(t, { trust, clock, ...extra });
const json = (o: unknown) => JSON.stringify(o);

async function hmac(
  encodedHeader: string,
  encodedPayload: string,
  secret: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, text(`${encodedHeader}.${encodedPayload}`));
  return `${encodedHeader}.${encodedPayload}.${encodeBase64url(new Uint8Array(mac))}`;
}

describe('attack matrix (document tokens)', () => {
  it('A01 alg none with an empty signature → TOKEN_ALGORITHM_NOT_ALLOWED', async () => {
    const t = `${b64(json({ alg: 'none', typ: 'diia-document+jwt', kid: 'es-1' }))}.${b64(json(claims()))}.`;
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' });
  });

  it('A02 HS256 keyed with the public key (its JWK text as the secret) → TOKEN_ALGORITHM_NOT_ALLOWED', async () => {
    const t = await hmac(b64(json(header(es, { alg: 'HS256' }))), b64(json(claims())), text(json(es.jwk)));
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_ALGORITHM_NOT_ALLOWED' });
  });

  it('A03 algorithm confusion: EdDSA header naming the ES256 key → TOKEN_ALGORITHM_MISMATCH', async () => {
    // Signed honestly with an Ed25519 key, but pointing at the P-256 key's kid.
    const t = await signRaw(json(header(ed, { kid: 'es-1' })), json(claims()), ed);
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_ALGORITHM_MISMATCH' });
  });

  it('A03b a trust store handing out a key of the wrong kind is caught by jose → TOKEN_ALGORITHM_MISMATCH', async () => {
    const sloppy: TrustStore = { resolve: async (kid) => ({ status: 'found', key: ed.publicKey, kid }) };
    const t = await token(es);
    expect(await verify(t, { trust: sloppy })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_ALGORITHM_MISMATCH',
    });
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c'])(
    'A04 a key smuggled in "%s" → TOKEN_HEADER_FORBIDDEN',
    async (member) => {
      const attacker = await generateKeyPair('ES256');
      const value =
        member === 'jwk'
          ? await exportJWK(attacker.publicKey)
          : member === 'x5c'
            ? ['MIIBszCCAVmgAwIBAgIUB']
            : 'https://attacker.example/keys';
      const t = await signRaw(json(header(es, { [member]: value })), json(claims()), es);
      expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_HEADER_FORBIDDEN' });
    },
  );

  it('A05 unknown crit → TOKEN_CRIT_UNSUPPORTED', async () => {
    const t = await token(es, { crit: ['exp-policy'], 'exp-policy': 'lenient' });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_CRIT_UNSUPPORTED' });
  });

  it('A06 b64:false without crit → TOKEN_UNENCODED_PAYLOAD', async () => {
    const t = await token(es, { b64: false });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_UNENCODED_PAYLOAD' });
  });

  it('A06b b64:false with crit is still refused for tokens → TOKEN_UNENCODED_PAYLOAD', async () => {
    const t = await token(es, { b64: false, crit: ['b64'] });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_UNENCODED_PAYLOAD' });
  });

  it.each([
    '../../etc/passwd',
    'keys/es-1',
    '..',
    "es-1' OR '1'='1",
    '<script>alert(1)</script>',
    'es-1\u0000',
    'https://attacker.example/k',
    '',
    'x'.repeat(129),
  ])('A07 path or injection string in kid %j → TOKEN_KID_INVALID', async (kid) => {
    const t = await token(es, { kid });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_KID_INVALID' });
  });

  it('A07b kid that is not a string → TOKEN_KID_INVALID', async () => {
    const t = await token(es, { kid: ['es-1'] });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_KID_INVALID' });
  });

  it('A08 duplicate member in the header ("alg" twice) → TOKEN_DUPLICATE_MEMBER', async () => {
    const t = await signRaw(
      '{"alg":"ES256","typ":"diia-document+jwt","kid":"es-1","alg":"ES256"}',
      json(claims()),
      es,
    );
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_DUPLICATE_MEMBER' });
  });

  it('A08b duplicate member in the claims, spelled with an escape ("jti" and "\\u006a" "ti") → TOKEN_DUPLICATE_MEMBER', async () => {
    const body = json(claims()).replace(/}$/, ',"\\u006ati":"00000000-0000-4000-8000-000000000000"}');
    const t = await signRaw(json(header(es)), body, es);
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_DUPLICATE_MEMBER' });
  });

  it('A09 oversized token (payload) → TOKEN_TOO_LARGE', async () => {
    const t = await token(es, {}, { pad: 'x'.repeat(4000) });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_TOO_LARGE' });
  });

  it('A09b oversized header within the token limit → TOKEN_TOO_LARGE', async () => {
    const t = await token(es, { pad: 'x'.repeat(1200) });
    expect(await verify(t, { maxTokenSize: 8192 })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_TOO_LARGE',
    });
  });

  it('A10 exp more than 180 s after iat → TOKEN_LIFETIME_TOO_LONG', async () => {
    const t = await token(es, {}, { exp: NOW_S + 181 });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_LIFETIME_TOO_LONG' });
  });

  it('A11 iat in the future beyond the tolerance → TOKEN_NOT_YET_VALID', async () => {
    const at = manualClock(NOW_S * 1000 - 5_001);
    const t = await token(es);
    expect(await verify(t, { clock: at })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_NOT_YET_VALID',
    });
    expect((await verify(t, { clock: manualClock(NOW_S * 1000 - 5_000) })).status).toBe('valid');
  });

  it('A12 expired by one second beyond the tolerance → TOKEN_EXPIRED', async () => {
    const at = manualClock((NOW_S + 180) * 1000 + 5_000 + 1_000);
    expect(await verify(await token(es), { clock: at })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_EXPIRED',
    });
  });

  it('A13 the same code twice → CODE_ALREADY_USED', async () => {
    const replay = memoryReplayGuard({ clock });
    const t = await token(es);
    expect((await verify(t, { replay })).status).toBe('valid');
    expect(await verify(t, { replay })).toMatchObject({ status: 'invalid', reason: 'CODE_ALREADY_USED' });
  });

  it('A14 the same code twice concurrently: exactly one valid', async () => {
    const replay = memoryReplayGuard({ clock });
    const t = await token(es);
    const results = await Promise.all(Array.from({ length: 8 }, () => verify(t, { replay })));
    expect(results.filter((r) => r.status === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'invalid' && r.reason === 'CODE_ALREADY_USED')).toHaveLength(7);
  });

  it('A15 wrong audience → TOKEN_AUDIENCE_MISMATCH', async () => {
    const t = await token(es, {}, { aud: 'branch-other' });
    expect(await verify(t, { audience: 'branch-1' })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_AUDIENCE_MISMATCH',
    });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_AUDIENCE_MISMATCH' });
  });

  it('A15b wrong issuer → TOKEN_ISSUER_MISMATCH', async () => {
    const t = await token(es, {}, { iss: 'https://attacker.example' });
    expect(await verify(t, { issuer: 'https://diia.app' })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_ISSUER_MISMATCH',
    });
  });

  it.each([undefined, 'JWT', 'diia-file+jws', 'at+jwt'])(
    'A16 wrong typ %j → TOKEN_TYPE_INVALID',
    async (typ) => {
      const t = await token(es, { typ });
      expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_TYPE_INVALID' });
    },
  );

  it('A17 a key rotated out (kid no longer trusted) → TOKEN_KEY_UNKNOWN', async () => {
    const old = await testKey('ES256', 'es-2025');
    const t = await token(old);
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_KEY_UNKNOWN' });
  });

  it('A18 truncated signature (whole bytes cut off, still canonical) → TOKEN_SIGNATURE_INVALID', async () => {
    const [h, p, sig] = (await token(es)).split('.') as [string, string, string];
    const cut = encodeBase64url(decodeBase64url(sig)!.subarray(0, 60));
    expect(await verify(`${h}.${p}.${cut}`)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_SIGNATURE_INVALID',
    });
  });

  it('A18b signature of other bytes (payload changed after signing) → TOKEN_SIGNATURE_INVALID', async () => {
    const t = await token(es);
    const [h, , s] = t.split('.');
    const forged = `${h}.${b64(json(claims({ doc: 'driver-license' })))}.${s}`;
    expect(await verify(forged)).toMatchObject({ status: 'invalid', reason: 'TOKEN_SIGNATURE_INVALID' });
  });

  it.each([
    ['padding', (t: string) => `${t}=`],
    [
      'standard alphabet',
      (t: string) => t.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')) + (/[-_]/.test(t) ? '' : '+'),
    ],
  ])('A19 non-canonical base64url (%s) → TOKEN_ENCODING_INVALID', async (_, mangle) => {
    const t = await token(es);
    const [h, p, s] = t.split('.') as [string, string, string];
    expect(await verify(`${h}.${p}.${mangle(s)}`)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_ENCODING_INVALID',
    });
  });

  it('A19b non-canonical base64url (non-zero trailing bits), correctly signed as such → TOKEN_ENCODING_INVALID', async () => {
    // Lenient decoders map both spellings to the same bytes; this one must refuse the second spelling.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let h = '';
    for (let pad = 0; h.length % 4 === 0; pad++) h = b64(json(header(es, { x: 'y'.repeat(pad) })));
    const last = alphabet.indexOf(h[h.length - 1]!);
    const loose = h.slice(0, -1) + alphabet[last | 1];
    expect(decodeBase64url(h)).toBeDefined();
    const t = await signSegments(loose, b64(json(claims())), es);
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_ENCODING_INVALID' });
  });

  it('A20 missing required claims → TOKEN_CLAIM_INVALID', async () => {
    for (const drop of ['iss', 'iat', 'exp', 'jti', 'doc', 'handle']) {
      const c = claims();
      delete c[drop];
      const t = await signRaw(json(header(es)), json(c), es);
      expect(await verify(t), drop).toMatchObject({ status: 'invalid', reason: 'TOKEN_CLAIM_INVALID' });
    }
  });

  it('A20b a name (personal data) in place of the document type → TOKEN_CLAIM_INVALID', async () => {
    const t = await token(es, {}, { doc: 'Шевченко Тарас' });
    expect(await verify(t)).toMatchObject({ status: 'invalid', reason: 'TOKEN_CLAIM_INVALID' });
  });

  it.each([
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['the max UUID', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['version 0', '6f1c1f6e-2b8a-0a57-9d3e-0d6a3c1b2e4f'],
    ['a non-RFC variant', '6f1c1f6e-2b8a-4a57-cd3e-0d6a3c1b2e4f'],
  ])('A20c jti %s (no generator of one-time codes makes it) → TOKEN_CLAIM_INVALID', async (_name, jti) => {
    const t = await token(es, {}, { jti });
    const result = await verify(t);
    expect(result).toMatchObject({ status: 'invalid', reason: 'TOKEN_CLAIM_INVALID' });
    expect(result.status === 'valid' ? undefined : result.error.detail).toBe('jti');
  });

  // The scanner only decodes (parse.test.ts "decoded as sent"): each of these, correctly signed, is refused here.
  it.each([
    ['typ missing', { typ: undefined }, {}, 'TOKEN_TYPE_INVALID'],
    ['typ of an ordinary JWT', { typ: 'JWT' }, {}, 'TOKEN_TYPE_INVALID'],
    ['alg not a string', { alg: 1 }, {}, 'TOKEN_ALGORITHM_NOT_ALLOWED'],
    ['kid not a string', { kid: ['es-1'] }, {}, 'TOKEN_KID_INVALID'],
    ['jti not a UUID', {}, { jti: 'abc' }, 'TOKEN_CLAIM_INVALID'],
    ['exp a string', {}, { exp: String(NOW_S + 180) }, 'TOKEN_CLAIM_INVALID'],
    ['handle empty', {}, { handle: '' }, 'TOKEN_CLAIM_INVALID'],
    // The handle is the document id of the link an online check builds: the link parser's rule, not a looser one.
    ['handle with a dot', {}, { handle: 'doc.1' }, 'TOKEN_CLAIM_INVALID'],
    ['handle with a tilde', {}, { handle: 'doc~1' }, 'TOKEN_CLAIM_INVALID'],
    ['aud a number', {}, { aud: 7 }, 'TOKEN_CLAIM_INVALID'],
    ['doc unknown', {}, { doc: 'bank-card' }, 'TOKEN_CLAIM_INVALID'],
  ])('A21 %s, signed → %s', async (_name, h, c, reason) => {
    const t = await token(es, h, c);
    expect(await verify(t, { audience: 'branch-1' })).toMatchObject({ status: 'invalid', reason });
  });
});
