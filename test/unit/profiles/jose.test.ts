import fc from 'fast-check';
import { base64url, CompactEncrypt, compactDecrypt, FlattenedSign, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { type AcceptErrorCode, isAcceptError } from '../../../src/errors.js';
import {
  type GeneratedKeys,
  generatePartnerKeys,
  generatePlatformKeys,
  joseOpener,
  joseSealer,
} from '../../../src/profiles/jose/index.js';
import type { TrustLookup, TrustStore } from '../../../src/verify/trust.js';

const NOW = Date.parse('2026-11-30T02:10:00Z');
const clock = manualClock(NOW);
const text = (s: string) => new TextEncoder().encode(s);
const ascii = (b: Uint8Array) => new TextDecoder().decode(b);

/** A trust store that knows exactly these public keys, by kid. */
function trustOf(...keys: GeneratedKeys[]): TrustStore {
  return {
    async resolve(kid, alg): Promise<TrustLookup> {
      const found = keys.find((k) => k.kid === kid && k.alg === alg);
      return found ? { status: 'found', key: found.publicKey, kid } : { status: 'unknown-key' };
    },
  };
}

async function expectCode(promise: Promise<unknown>, code: AcceptErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAcceptError(error) ? error.code : error).toBe(code);
}

function bytesOf(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

let platform: GeneratedKeys;
let partner: GeneratedKeys;
let sealer: ReturnType<typeof joseSealer>;
let opener: ReturnType<typeof joseOpener>;

beforeAll(async () => {
  platform = await generatePlatformKeys({ kid: 'platform-1' });
  partner = await generatePartnerKeys({ kid: 'partner-1' });
  sealer = joseSealer({ signingKey: platform.privateJwk, recipientKey: partner.publicJwk, clock });
  opener = joseOpener({ decryptionKey: partner.privateJwk, trust: trustOf(platform), clock });
});

/** Decrypts with the partner key (as an attacker who holds it could), edits, and seals again. */
async function reseal(sealed: Uint8Array, edit: (plaintext: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  const { plaintext, protectedHeader } = await compactDecrypt(ascii(sealed), partner.privateKey);
  const jwe = await new CompactEncrypt(edit(plaintext))
    .setProtectedHeader({
      alg: protectedHeader.alg!,
      enc: protectedHeader.enc!,
      kid: protectedHeader.kid!,
      cty: protectedHeader.cty!,
    })
    .encrypt(partner.publicKey);
  return text(jwe);
}

function segments(sealed: Uint8Array): string[] {
  return ascii(sealed).split('.');
}

function flipBit(segment: string, index = 0): string {
  const bytes = base64url.decode(segment);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return base64url.encode(bytes);
}

describe('jose profile: seal and open', () => {
  it('opens a small file to identical bytes with its signer, time, checks and digest', async () => {
    const content = text('%PDF-1.4 tiny');
    const opened = await opener.open(await sealer.seal(content));
    expect(opened.content).toEqual(content);
    expect(opened.signer.keyId).toBe('platform-1');
    expect(opened.signedAt).toBe(Math.floor(NOW / 1000) * 1000);
    expect(opened.checks).toEqual(['decrypted', 'signature-valid', 'signer-trusted']);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', content));
    expect(opened.sha256).toBe(Buffer.from(digest).toString('hex'));
  });

  it('has the shape of docs/protocol.md: JWE header, detached JWS, line feed, file', async () => {
    const content = text('abc');
    const sealed = await sealer.seal(content, { signedAt: NOW });
    const [header] = segments(sealed);
    const jweHeader = JSON.parse(ascii(base64url.decode(header!)));
    expect(jweHeader).toMatchObject({
      alg: 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      kid: 'partner-1',
      cty: 'diia-accept.signed-file',
    });
    expect(jweHeader.epk).toBeTypeOf('object');
    const { plaintext } = await compactDecrypt(ascii(sealed), partner.privateKey);
    const split = plaintext.indexOf(0x0a);
    const [h, payload, signature] = ascii(plaintext.subarray(0, split)).split('.');
    expect(payload).toBe('');
    expect(base64url.decode(signature!)).toHaveLength(64);
    expect(JSON.parse(ascii(base64url.decode(h!)))).toEqual({
      alg: 'ES256',
      kid: 'platform-1',
      typ: 'diia-file+jws',
      iat: Math.floor(NOW / 1000),
    });
    expect(plaintext.subarray(split + 1)).toEqual(content);
  });

  it('matches the worked example of docs/protocol.md §4.2 byte for byte where it is deterministic', async () => {
    const p = await generatePlatformKeys({ kid: 'platform-2026-1' });
    const s = joseSealer({ signingKey: p.privateJwk, recipientKey: partner.publicJwk });
    const sealed = await s.seal(new Uint8Array([0x25, 0x50, 0x44]), { signedAt: 1796004000_000 });
    expect(segments(sealed).map((x) => x.length)).toEqual([298, 54, 16, 262, 22]);
    expect(sealed).toHaveLength(656);
    const { plaintext } = await compactDecrypt(ascii(sealed), partner.privateKey);
    expect(plaintext).toHaveLength(196);
    expect(ascii(plaintext.subarray(0, 106))).toBe(
      'eyJhbGciOiJFUzI1NiIsImtpZCI6InBsYXRmb3JtLTIwMjYtMSIsInR5cCI6ImRpaWEtZmlsZStqd3MiLCJpYXQiOjE3OTYwMDQwMDB9..',
    );
    expect([...plaintext.subarray(192)]).toEqual([0x0a, 0x25, 0x50, 0x44]);
    const o = joseOpener({
      decryptionKey: partner.privateJwk,
      trust: trustOf(p),
      clock: manualClock(1796004000_000),
    });
    expect([...(await o.open(sealed)).content]).toEqual([0x25, 0x50, 0x44]);
  });

  it.each([
    ['normal (base64url payload)', Number.MAX_SAFE_INTEGER],
    ['unencoded (RFC 7797)', 0],
  ])('opens 1 MB in the %s form', async (_name, threshold) => {
    const big = bytesOf(1024 * 1024);
    const s = joseSealer({
      signingKey: platform.privateJwk,
      recipientKey: partner.publicJwk,
      clock,
      unencodedPayloadThreshold: threshold,
    });
    const sealed = await s.seal(big);
    const { plaintext } = await compactDecrypt(ascii(sealed), partner.privateKey);
    const jwsHeader = JSON.parse(ascii(base64url.decode(ascii(plaintext.subarray(0, 200)).split('.')[0]!)));
    expect(jwsHeader.b64 === false).toBe(threshold === 0);
    const opened = await opener.open(sealed);
    // Buffer.equals: a deep toEqual over a million elements is far slower than the crypto under test.
    expect(Buffer.from(opened.content).equals(big)).toBe(true);
  });

  it('opens a file signed with a digest manifest, and refuses one whose content was swapped', async () => {
    const s = joseSealer({
      signingKey: platform.privateJwk,
      recipientKey: partner.publicJwk,
      clock,
      signatureForm: 'manifest',
    });
    const big = bytesOf(300_000);
    const sealed = await s.seal(big);
    const { plaintext } = await compactDecrypt(ascii(sealed), partner.privateKey);
    const [h, payload] = ascii(plaintext.subarray(0, plaintext.indexOf(0x0a))).split('.');
    expect(JSON.parse(ascii(base64url.decode(h!))).typ).toBe('diia-digest+jws');
    expect(JSON.parse(ascii(base64url.decode(payload!)))).toMatchObject({ hash: 'SHA-256', size: 300_000 });
    const opened = await opener.open(sealed);
    expect(Buffer.from(opened.content).equals(big)).toBe(true);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', big as Uint8Array<ArrayBuffer>));
    expect(opened.sha256).toBe(Buffer.from(digest).toString('hex'));
    const swapped = await reseal(sealed, (p) => {
      const copy = p.slice();
      copy[copy.length - 1] = copy.at(-1)! ^ 0x01;
      return copy;
    });
    await expectCode(opener.open(swapped), 'SIGNATURE_DIGEST_MISMATCH');
  });

  it.each(['EdDSA', 'PS256'] as const)('opens files signed with %s', async (alg) => {
    const key = await generatePlatformKeys({ alg, kid: `platform-${alg}` });
    const s = joseSealer({ signingKey: key.privateJwk, recipientKey: partner.publicJwk, clock });
    const o = joseOpener({ decryptionKey: partner.privateJwk, trust: trustOf(key), clock });
    expect((await o.open(await s.seal(text('x')))).signer.keyId).toBe(`platform-${alg}`);
  });

  it('takes CryptoKeys with a kid as well as JWKs, and tolerates a trailing line break', async () => {
    const s = joseSealer({
      signingKey: { kid: 'platform-1', key: platform.privateKey },
      recipientKey: { kid: 'partner-1', key: partner.publicKey },
      clock,
    });
    const o = joseOpener({
      decryptionKey: [
        { kid: 'old', key: (await generatePartnerKeys()).privateKey },
        { kid: 'partner-1', key: partner.privateKey },
      ],
      trust: trustOf(platform),
      clock,
    });
    const sealed = await s.seal(text('content'));
    const withBreak = new Uint8Array([...sealed, 0x0d, 0x0a]);
    expect(ascii((await o.open(withBreak)).content)).toBe('content');
  });

  it('accepts ECDH-ES only when the opener allows it', async () => {
    const s = joseSealer({
      signingKey: platform.privateJwk,
      recipientKey: partner.publicJwk,
      clock,
      keyAgreement: 'ECDH-ES',
    });
    const sealed = await s.seal(text('direct'));
    await expectCode(opener.open(sealed), 'ENVELOPE_ALGORITHM_NOT_ALLOWED');
    const o = joseOpener({
      decryptionKey: partner.privateJwk,
      trust: trustOf(platform),
      clock,
      algorithms: { keyAgreement: ['ECDH-ES+A256KW', 'ECDH-ES'] },
    });
    expect(ascii((await o.open(sealed)).content)).toBe('direct');
  });
});

describe('jose profile: every tampering has its own code', () => {
  let sealed: Uint8Array;
  beforeAll(async () => {
    sealed = await sealer.seal(text('%PDF-1.4 original copy'));
  });
  const withSegment = (i: number, value: string) => {
    const parts = segments(sealed);
    parts[i] = value;
    return text(parts.join('.'));
  };

  it('a flipped ciphertext bit', async () => {
    await expectCode(
      opener.open(withSegment(3, flipBit(segments(sealed)[3]!, 5))),
      'ENVELOPE_DECRYPT_FAILED',
    );
  });
  it('a flipped tag bit', async () => {
    await expectCode(opener.open(withSegment(4, flipBit(segments(sealed)[4]!))), 'ENVELOPE_DECRYPT_FAILED');
  });
  it('a flipped IV bit and a flipped wrapped-key bit', async () => {
    await expectCode(opener.open(withSegment(2, flipBit(segments(sealed)[2]!))), 'ENVELOPE_DECRYPT_FAILED');
    await expectCode(opener.open(withSegment(1, flipBit(segments(sealed)[1]!))), 'ENVELOPE_DECRYPT_FAILED');
  });
  it('an edited protected header (it is the AAD)', async () => {
    const header = JSON.parse(ascii(base64url.decode(segments(sealed)[0]!)));
    const edited = base64url.encode(JSON.stringify({ ...header, extra: 1 }));
    await expectCode(opener.open(withSegment(0, edited)), 'ENVELOPE_DECRYPT_FAILED');
  });
  it('a protected header that is not JSON, and wrong segment counts', async () => {
    await expectCode(opener.open(withSegment(0, base64url.encode('not json'))), 'ENVELOPE_MALFORMED');
    await expectCode(opener.open(text(segments(sealed).slice(0, 4).join('.'))), 'ENVELOPE_MALFORMED');
    await expectCode(opener.open(new Uint8Array([0xff, 0xfe])), 'ENVELOPE_MALFORMED');
  });
  it('a header that names its own key, or another content type', async () => {
    const header = JSON.parse(ascii(base64url.decode(segments(sealed)[0]!)));
    await expectCode(
      opener.open(withSegment(0, base64url.encode(JSON.stringify({ ...header, jku: 'https://evil' })))),
      'ENVELOPE_MALFORMED',
    );
    await expectCode(
      opener.open(withSegment(0, base64url.encode(JSON.stringify({ ...header, cty: 'JWT' })))),
      'ENVELOPE_MALFORMED',
    );
  });
  it('a changed inner signature', async () => {
    const tampered = await reseal(sealed, (p) => {
      const copy = p.slice();
      const split = copy.indexOf(0x0a);
      copy[split - 3] = copy[split - 3] === 0x41 ? 0x42 : 0x41;
      return copy;
    });
    await expectCode(opener.open(tampered), 'SIGNATURE_INVALID');
  });
  it('a changed file byte under a valid envelope', async () => {
    const tampered = await reseal(sealed, (p) => {
      const copy = p.slice();
      copy[copy.length - 1] = copy.at(-1)! ^ 0x01;
      return copy;
    });
    await expectCode(opener.open(tampered), 'SIGNATURE_INVALID');
  });
  it('a missing detached signature or a broken JWS header', async () => {
    await expectCode(
      reseal(sealed, () => text('no line feed here')).then((s) => opener.open(s)),
      'SIGNATURE_MALFORMED',
    );
    await expectCode(
      reseal(sealed, (p) => new Uint8Array([...text('bm90IGpzb24..AAAA\n'), ...p])).then((s) =>
        opener.open(s),
      ),
      'SIGNATURE_MALFORMED',
    );
    await expectCode(
      reseal(sealed, (p) => new Uint8Array([...text('e30..AAAA\n'), ...p])).then((s) => opener.open(s)),
      'SIGNATURE_ALGORITHM_NOT_ALLOWED',
    );
  });
  it('an inner header with jwk, or without typ', async () => {
    for (const header of [
      { alg: 'ES256', kid: 'platform-1', typ: 'diia-file+jws', iat: 1, jwk: platform.publicJwk },
      { alg: 'ES256', kid: 'platform-1', iat: 1 },
    ]) {
      const jws = await new FlattenedSign(text('x')).setProtectedHeader(header).sign(platform.privateKey);
      const forged = await reseal(sealed, () => text(`${jws.protected}..${jws.signature}\nx`));
      await expectCode(opener.open(forged), 'SIGNATURE_MALFORMED');
    }
  });
  it('a signing time in the future, or none', async () => {
    const future = await sealer.seal(text('x'), { signedAt: NOW + 3_600_000 });
    await expectCode(opener.open(future), 'SIGNATURE_TIME_INVALID');
    const jws = await new FlattenedSign(text('x'))
      .setProtectedHeader({ alg: 'ES256', kid: 'platform-1', typ: 'diia-file+jws' })
      .sign(platform.privateKey);
    await expectCode(
      reseal(sealed, () => text(`${jws.protected}..${jws.signature}\nx`)).then((s) => opener.open(s)),
      'SIGNATURE_TIME_INVALID',
    );
  });
});

describe('jose profile: keys and algorithms', () => {
  it('a file sealed for another partner kid is ENVELOPE_WRONG_RECIPIENT', async () => {
    const other = await generatePartnerKeys({ kid: 'partner-2' });
    const s = joseSealer({ signingKey: platform.privateJwk, recipientKey: other.publicJwk, clock });
    await expectCode(opener.open(await s.seal(text('x'))), 'ENVELOPE_WRONG_RECIPIENT');
  });
  it('a file sealed to another key under the same kid fails to decrypt', async () => {
    const other = await generatePartnerKeys({ kid: 'partner-1' });
    const s = joseSealer({ signingKey: platform.privateJwk, recipientKey: other.publicJwk, clock });
    await expectCode(opener.open(await s.seal(text('x'))), 'ENVELOPE_DECRYPT_FAILED');
  });
  it('a key of another curve under the same kid is ENVELOPE_WRONG_RECIPIENT', async () => {
    const other = await generatePartnerKeys({ kid: 'partner-1', crv: 'P-384' });
    const s = joseSealer({ signingKey: platform.privateJwk, recipientKey: other.publicJwk, clock });
    await expectCode(opener.open(await s.seal(text('x'))), 'ENVELOPE_WRONG_RECIPIENT');
  });
  it('a signer the trust store does not know is SIGNATURE_SIGNER_UNTRUSTED', async () => {
    const rogue = await generatePlatformKeys({ kid: 'rogue' });
    const s = joseSealer({ signingKey: rogue.privateJwk, recipientKey: partner.publicJwk, clock });
    await expectCode(opener.open(await s.seal(text('x'))), 'SIGNATURE_SIGNER_UNTRUSTED');
  });
  it('a rogue key that reuses the trusted kid is SIGNATURE_INVALID', async () => {
    const rogue = await generatePlatformKeys({ kid: 'platform-1' });
    const s = joseSealer({ signingKey: rogue.privateJwk, recipientKey: partner.publicJwk, clock });
    await expectCode(opener.open(await s.seal(text('x'))), 'SIGNATURE_INVALID');
  });
  it('an unavailable or stale trust store is unknown, not invalid', async () => {
    const sealed = await sealer.seal(text('x'));
    for (const status of ['unavailable', 'stale'] as const) {
      const o = joseOpener({
        decryptionKey: partner.privateJwk,
        trust: { resolve: async () => ({ status }) },
        clock,
      });
      await expectCode(o.open(sealed), status === 'stale' ? 'TRUST_STALE' : 'TRUST_UNAVAILABLE');
    }
  });
  it('disallowed JWE algorithms: alg, enc, zip', async () => {
    const plaintext = text('x');
    const header = { kid: 'partner-1', cty: 'diia-accept.signed-file' };
    const a128 = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ ...header, alg: 'ECDH-ES+A128KW', enc: 'A256GCM' })
      .encrypt(partner.publicKey);
    await expectCode(opener.open(text(a128)), 'ENVELOPE_ALGORITHM_NOT_ALLOWED');
    const cbc = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ ...header, alg: 'ECDH-ES+A256KW', enc: 'A256CBC-HS512' })
      .encrypt(partner.publicKey);
    await expectCode(opener.open(text(cbc)), 'ENVELOPE_ALGORITHM_NOT_ALLOWED');
    const parts = ascii(await sealer.seal(plaintext)).split('.');
    const h = JSON.parse(ascii(base64url.decode(parts[0]!)));
    parts[0] = base64url.encode(JSON.stringify({ ...h, zip: 'DEF' }));
    await expectCode(opener.open(text(parts.join('.'))), 'ENVELOPE_ALGORITHM_NOT_ALLOWED');
  });
  it('disallowed JWS algorithms: HS256, none, and one the opener was narrowed away from', async () => {
    const sealed = await sealer.seal(text('x'));
    const secret = new Uint8Array(32);
    const hs = await new FlattenedSign(text('x'))
      .setProtectedHeader({ alg: 'HS256', kid: 'platform-1', typ: 'diia-file+jws', iat: 1 })
      .sign(secret);
    await expectCode(
      reseal(sealed, () => text(`${hs.protected}..${hs.signature}\nx`)).then((s) => opener.open(s)),
      'SIGNATURE_ALGORITHM_NOT_ALLOWED',
    );
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', kid: 'platform-1', typ: 'diia-file+jws', iat: 1 }))}..AA`;
    await expectCode(
      reseal(sealed, () => text(`${none}\nx`)).then((s) => opener.open(s)),
      'SIGNATURE_ALGORITHM_NOT_ALLOWED',
    );
    const narrow = joseOpener({
      decryptionKey: partner.privateJwk,
      trust: trustOf(platform),
      clock,
      algorithms: { signature: ['EdDSA'] },
    });
    await expectCode(narrow.open(sealed), 'SIGNATURE_ALGORITHM_NOT_ALLOWED');
  });
  it('refuses allow-lists outside the profile and keys without kid', async () => {
    expect(() =>
      joseOpener({
        decryptionKey: partner.privateJwk,
        trust: trustOf(platform),
        algorithms: { signature: ['HS256' as 'ES256'] },
      }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const { kid: _, ...noKid } = partner.publicJwk;
    const sealer = joseSealer({
      signingKey: platform.privateJwk,
      recipientKey: noKid as JWK & { kid: string },
    });
    await expect(sealer.seal(text('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
  it('an aborted signal stops before any work', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(opener.open(await sealer.seal(text('x')), { signal: controller.signal }), 'ABORTED');
  });
});

describe('jose profile: arbitrary input', () => {
  it('throws nothing but AcceptError for arbitrary bytes and arbitrary five-segment strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(fc.base64String({ maxLength: 60 }), { minLength: 5, maxLength: 5 })
            .map((s) => text(s.join('.').replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_'))),
        ),
        async (input) => {
          const error = await opener.open(input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isAcceptError(error)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
