// Published JOSE examples, embedded with their source. Most use algorithms the SDK refuses (RS256, PS384,
// ES512, HS256): for those the vectors pin the byte-level constructions (canonical base64url, signing
// inputs for attached, detached and unencoded payloads) with an HMAC computed in the test, and show that
// the SDK's verifiers refuse the algorithm. The ES256 and EdDSA examples are verified with the SDK's own
// allow-list entries and key import.
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../../src/base64url.js';
import { manualClock } from '../../../src/clock.js';
import { algorithmEntry, importVerificationJwk } from '../../../src/verify/algorithms.js';
import { decodeJsonSegment } from '../../../src/verify/header.js';
import { buildSigningInput } from '../../../src/verify/jws.js';
import { verifyDetached } from '../../../src/verify/signature.js';
import { verifyDocumentToken } from '../../../src/verify/token.js';
import { pinnedKeys } from '../../../src/verify/trust.js';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (b64: string) => decodeBase64url(b64)!;

async function hs256(keyB64: string, input: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    bytes(keyB64) as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return encodeBase64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, input)));
}

async function verifyWithEntry(
  jwk: Record<string, unknown>,
  alg: string,
  compact: string,
  detachedPayload?: Uint8Array,
) {
  const imported = await importVerificationJwk(jwk);
  if (!imported.ok) throw new Error(imported.reason);
  expect(imported.alg).toBe(alg);
  const [h, p, s] = compact.split('.') as [string, string, string];
  const input = buildSigningInput(h, detachedPayload ?? bytes(p), true);
  const signature = bytes(s) as Uint8Array<ArrayBuffer>;
  return crypto.subtle.verify(algorithmEntry(alg)!.params, imported.key, signature, input);
}

// RFC 7515 appendix A.3 (ES256): Figures 21 (key, public part) and 27 (compact serialization).
const RFC7515_A3 = {
  jwk: {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  },
  compact:
    'eyJhbGciOiJFUzI1NiJ9.' +
    'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.' +
    'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
  payload: '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}',
};

// RFC 8037 appendix A.4 (Ed25519): the public key of A.2 and the JWS of A.4.
const RFC8037_A4 = {
  jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
  compact:
    'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.' +
    'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
  payload: 'Example of Ed25519 signing',
};

// RFC 7797 section 4 (payload "$.02", HMAC key of RFC 7515 appendix A.1).
const RFC7797 = {
  key: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
  payload: '$.02',
  encoded: {
    header: 'eyJhbGciOiJIUzI1NiJ9',
    payload: 'JC4wMg',
    signature: '5mvfOroL-g7HyqJoozehmsaqmvTYGEq5jTI1gVvoEoQ',
  },
  unencoded: {
    header: 'eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19',
    signature: 'A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY',
  },
};

// RFC 7520 section 4 ("It's a dangerous business, Frodo…"), Figures 5 (HMAC key), 7 (payload), 34 and 40
// (sections 4.4 and 4.5: the same signature, attached and detached), and the headers of 4.1 (RS256) and
// 4.3 (ES512).
const RFC7520 = {
  hmacKey: 'hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg',
  payload:
    'SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4',
  hs256Header: 'eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9',
  hs256Signature: 's0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0',
  rs256Header: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9',
  es512Header: 'eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9',
};

describe('RFC 7515 appendix A.3 (ES256)', () => {
  it('decodes the payload to the exact bytes of the example (CRLFs included)', () => {
    expect(new TextDecoder().decode(bytes(RFC7515_A3.compact.split('.')[1]!))).toBe(RFC7515_A3.payload);
  });

  it('verifies with the SDK ES256 entry and key import', async () => {
    expect(await verifyWithEntry(RFC7515_A3.jwk, 'ES256', RFC7515_A3.compact)).toBe(true);
  });

  it('fails with one signature bit flipped', async () => {
    const [h, p, sig] = RFC7515_A3.compact.split('.') as [string, string, string];
    const raw = bytes(sig);
    raw[10]! ^= 1;
    const flipped = `${h}.${p}.${encodeBase64url(raw)}`;
    expect(await verifyWithEntry(RFC7515_A3.jwk, 'ES256', flipped)).toBe(false);
  });

  it('verifies in detached form (appendix F) over the payload bytes', async () => {
    const [h, , s] = RFC7515_A3.compact.split('.');
    expect(await verifyWithEntry(RFC7515_A3.jwk, 'ES256', `${h}..${s}`, text(RFC7515_A3.payload))).toBe(true);
  });

  it('is still not a document token (no typ, no kid) and not a file signature', async () => {
    const trust = await pinnedKeys([{ ...RFC7515_A3.jwk, kid: 'a3' }]);
    const clock = manualClock(1_300_819_300_000);
    expect(await verifyDocumentToken(RFC7515_A3.compact, { trust, clock })).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_TYPE_INVALID',
    });
    const [h, , s] = RFC7515_A3.compact.split('.');
    const r = await verifyDetached({ content: text(RFC7515_A3.payload), jws: `${h}..${s}`, trust, clock });
    expect(r).toMatchObject({ status: 'invalid', reason: 'SIGNATURE_MALFORMED' });
  });
});

describe('RFC 8037 appendix A.4 (Ed25519)', () => {
  it('verifies with the SDK EdDSA entry and key import', async () => {
    expect(new TextDecoder().decode(bytes(RFC8037_A4.compact.split('.')[1]!))).toBe(RFC8037_A4.payload);
    expect(await verifyWithEntry(RFC8037_A4.jwk, 'EdDSA', RFC8037_A4.compact)).toBe(true);
  });

  it('fails over other bytes', async () => {
    const [h, , s] = RFC8037_A4.compact.split('.');
    expect(
      await verifyWithEntry(RFC8037_A4.jwk, 'EdDSA', `${h}..${s}`, text('Example of Ed25519 signing!')),
    ).toBe(false);
  });
});

describe('RFC 7797 section 4', () => {
  it('4.1: the encoded (b64:true) signing input reproduces the published signature', async () => {
    const { header, payload, signature } = RFC7797.encoded;
    expect(encodeBase64url(text(RFC7797.payload))).toBe(payload);
    expect(await hs256(RFC7797.key, buildSigningInput(header, text(RFC7797.payload), true))).toBe(signature);
  });

  it('4.2: the unencoded (b64:false) signing input reproduces the published signature', async () => {
    const { header, signature } = RFC7797.unencoded;
    expect(decodeJsonSegment(header)).toEqual({
      ok: true,
      value: { alg: 'HS256', b64: false, crit: ['b64'] },
    });
    expect(await hs256(RFC7797.key, buildSigningInput(header, text(RFC7797.payload), false))).toBe(signature);
  });

  it('4.2 as a detached copy signature: b64/crit understood, HS256 refused', async () => {
    const trust = await pinnedKeys([{ ...RFC8037_A4.jwk, kid: 'k' }]);
    const jws = `${RFC7797.unencoded.header}..${RFC7797.unencoded.signature}`;
    expect(await verifyDetached({ content: text(RFC7797.payload), jws, trust })).toMatchObject({
      status: 'invalid',
      reason: 'SIGNATURE_ALGORITHM_NOT_ALLOWED',
    });
  });
});

describe('RFC 7520 section 4', () => {
  it('4.4 and 4.5: attached and detached signing inputs reproduce the one published HS256 signature', async () => {
    expect(decodeJsonSegment(RFC7520.hs256Header)).toEqual({
      ok: true,
      value: { alg: 'HS256', kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037' },
    });
    const content = bytes(RFC7520.payload);
    expect(new TextDecoder().decode(content)).toMatch(/^It’s a dangerous business, Frodo/);
    expect(await hs256(RFC7520.hmacKey, buildSigningInput(RFC7520.hs256Header, content, true))).toBe(
      RFC7520.hs256Signature,
    );
  });

  it.each([
    ['4.1 RS256', RFC7520.rs256Header, 'RS256'],
    ['4.3 ES512', RFC7520.es512Header, 'ES512'],
    ['4.4 HS256', RFC7520.hs256Header, 'HS256'],
  ])('%s is refused by both verifiers for its algorithm', async (_, header, alg) => {
    expect(decodeJsonSegment(header)).toMatchObject({ ok: true, value: { alg } });
    const trust = await pinnedKeys([{ ...RFC8037_A4.jwk, kid: 'k' }]);
    const token = `${header}.${RFC7520.payload}.${RFC7520.hs256Signature}`;
    expect(await verifyDocumentToken(token, { trust, maxTokenSize: 8192 })).toMatchObject({
      reason: 'TOKEN_ALGORITHM_NOT_ALLOWED',
    });
    const r = await verifyDetached({
      content: bytes(RFC7520.payload),
      jws: `${header}..${RFC7520.hs256Signature}`,
      trust,
    });
    expect(r).toMatchObject({ status: 'invalid', reason: 'SIGNATURE_ALGORITHM_NOT_ALLOWED' });
  });
});

describe('RFC 7515 appendix A.2 (RS256) is not applicable', () => {
  it('an RSA key is imported only for PS256, never for RS256 (PKCS#1 v1.5)', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    expect((await importVerificationJwk({ ...jwk, alg: 'RS256' })).ok).toBe(false);
    expect((await importVerificationJwk(jwk)).ok).toBe(false);
    expect((await importVerificationJwk({ ...jwk, alg: 'PS256' })).ok).toBe(true);
  });
});
