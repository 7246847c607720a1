// The JWE of a sealed file, decrypted from its bytes without jose: jose's CompactEncrypt makes the
// envelopes (the second implementation as the oracle), for every curve and both key agreements the
// profile allows, with and without party info; tampering and malformed segments are refused by code.
// (An empty ciphertext is refused as an empty segment: a sealed file always holds a signature line.)
import fc from 'fast-check';
import { CompactEncrypt, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import type { KeyAgreementAlgorithm } from '../../../src/profiles/jose/algorithms.js';
import { openEnvelope, splitEnvelope } from '../../../src/profiles/jose/envelope.js';
import { codeOf } from '../../support/codes.js';

const ascii = (text: string) => new TextEncoder().encode(text);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

async function seal(
  plaintext: Uint8Array,
  publicKey: CryptoKey,
  alg: KeyAgreementAlgorithm,
  party?: { apu: Uint8Array; apv: Uint8Array },
): Promise<string> {
  const jwe = new CompactEncrypt(plaintext).setProtectedHeader({ alg, enc: 'A256GCM', kid: 'p-1' });
  if (party) jwe.setKeyManagementParameters(party);
  return jwe.encrypt(publicKey);
}

async function open(jwe: string, privateKey: CryptoKey, alg: KeyAgreementAlgorithm): Promise<Uint8Array> {
  const parts = splitEnvelope(ascii(jwe));
  const header = JSON.parse(Buffer.from(parts.protectedHeader, 'base64url').toString('utf8'));
  return openEnvelope(parts, header, alg, privateKey);
}

const CURVES = ['P-256', 'P-384', 'P-521', 'X25519'] as const;
const ALGS: KeyAgreementAlgorithm[] = ['ECDH-ES+A256KW', 'ECDH-ES'];

describe('the sealed-file JWE, opened from bytes', () => {
  for (const crv of CURVES) {
    for (const alg of ALGS) {
      it(`opens what jose seals: ${crv}, ${alg}, with and without apu/apv`, async () => {
        const { publicKey, privateKey } = await generateKeyPair(alg, { crv });
        await fc.assert(
          fc.asyncProperty(
            fc.uint8Array({ minLength: 1, maxLength: 300 }),
            fc.boolean(),
            async (plaintext, withParty) => {
              const party = withParty ? { apu: ascii('platform'), apv: ascii('partner-1') } : undefined;
              const jwe = await seal(plaintext, publicKey, alg, party);
              expect(await open(jwe, privateKey, alg)).toEqual(plaintext);
            },
          ),
          { numRuns: 10 },
        );
      });
    }
  }

  it('refuses a flipped bit anywhere it counts, a short IV or tag, and another key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256' });
    const jwe = await seal(ascii('a copy'), publicKey, 'ECDH-ES+A256KW');
    const segments = jwe.split('.');
    const edit = (i: number, value: string) => segments.map((s, j) => (j === i ? value : s)).join('.');
    const flip = (s: string) => b64(Buffer.from(s, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b)));
    for (const i of [1, 2, 3, 4])
      expect(await codeOf(open(edit(i, flip(segments[i]!)), privateKey, 'ECDH-ES+A256KW'))).toBe(
        'ENVELOPE_DECRYPT_FAILED',
      );
    expect(await codeOf(open(edit(2, b64(new Uint8Array(8))), privateKey, 'ECDH-ES+A256KW'))).toBe(
      'ENVELOPE_MALFORMED',
    );
    expect(await codeOf(open(edit(4, segments[4]!.slice(0, 12)), privateKey, 'ECDH-ES+A256KW'))).toBe(
      'ENVELOPE_DECRYPT_FAILED',
    );
    const other = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256' });
    expect(await codeOf(open(jwe, other.privateKey, 'ECDH-ES+A256KW'))).toBe('ENVELOPE_DECRYPT_FAILED');
    // An ephemeral key that is not on the curve, or is missing.
    const header = JSON.parse(Buffer.from(segments[0]!, 'base64url').toString());
    const parts = splitEnvelope(ascii(jwe));
    const offCurve = { ...header, epk: { ...header.epk, y: header.epk.x } };
    expect(await codeOf(openEnvelope(parts, offCurve, 'ECDH-ES+A256KW', privateKey))).toBe(
      'ENVELOPE_MALFORMED',
    );
    const noEpk = { ...header, epk: undefined };
    expect(await codeOf(openEnvelope(parts, noEpk, 'ECDH-ES+A256KW', privateKey))).toBe('ENVELOPE_MALFORMED');
  });

  it('refuses segments that are not five canonical base64url strings, and never throws anything else', () => {
    const ok = 'eyJ9.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA';
    expect(() => splitEnvelope(ascii(ok))).not.toThrow();
    for (const bad of [
      ok.replace('.AAAA.', '.'),
      `${ok}.AAAA`,
      ok.replace('eyJ9', ''),
      ok.replace('AAAA.AAAAAAAAAAAAAAAAAAAAAA', 'AAAA.'),
      ok.replace('.AAAA.AAAAAAAAAAAAAAAAAAAAAA', '.AB.AAAAAAAAAAAAAAAAAAAAAA'),
      ok.replace('eyJ9', 'ey+9'),
      ok.replace('.AAAA.AAAAAAAAAAAAAAAAAAAAAA', '.AAAAA.AAAAAAAAAAAAAAAAAAAAAA'),
      `${ok}=`,
    ])
      expect(() => splitEnvelope(ascii(bad)), bad).toThrow(
        expect.objectContaining({ code: 'ENVELOPE_MALFORMED' }),
      );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          splitEnvelope(bytes);
        } catch (e) {
          expect(isAcceptError(e, 'ENVELOPE_MALFORMED')).toBe(true);
        }
      }),
    );
  });
});
