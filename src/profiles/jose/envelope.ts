/**
 * The compact JWE of a sealed file (RFC 7516 section 7.1), read and decrypted straight from the bytes that
 * arrived. jose's `compactDecrypt` takes the JWE as a string and decodes the ciphertext through more
 * strings and copies, so a 10 MB copy needed about 70 MB at once; here the ciphertext and tag are decoded
 * into one buffer and decrypted by WebCrypto, and the copy is held about twice (ciphertext, plaintext).
 * The steps are jose's, with the algorithms fixed by the profile: ECDH-ES key agreement with the partner's
 * key (RFC 7518 section 4.6), Concat KDF, AES key unwrap for `ECDH-ES+A256KW`, then A256GCM with the
 * protected header as additional data.
 *
 * @internal
 * @module
 */

import {
  base64urlDecodedLength,
  decodeBase64url,
  decodeBase64urlInto,
  isBase64urlBytes,
} from '../../base64url.js';
import { AcceptError, type AcceptErrorCode } from '../../errors.js';
import { CONTENT_ENCRYPTION, type KeyAgreementAlgorithm } from './algorithms.js';

/** The five segments: the header as text (it is the AAD), the others decoded. */
export interface EnvelopeParts {
  readonly protectedHeader: string;
  readonly encryptedKey: Uint8Array;
  readonly iv: Uint8Array;
  /** Ciphertext followed by the tag, as WebCrypto takes them. */
  readonly ciphertextAndTag: Uint8Array<ArrayBuffer>;
  readonly tagLength: number;
}

const ascii = new TextDecoder();
const utf8 = new TextEncoder();
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

function fail(code: AcceptErrorCode, detail: string, cause?: unknown): never {
  throw new AcceptError(code, cause === undefined ? { detail } : { detail, cause });
}

function decodeSegment(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(base64urlDecodedLength(end - start));
  if (!decodeBase64urlInto(bytes, start, end, out, 0))
    fail('ENVELOPE_MALFORMED', 'a JWE segment is not base64url');
  return out;
}

/** Splits the sealed bytes into the five segments of a compact JWE and decodes them. */
export function splitEnvelope(sealed: Uint8Array): EnvelopeParts {
  const dots: number[] = [];
  for (let at = sealed.indexOf(0x2e); at >= 0 && dots.length < 5; at = sealed.indexOf(0x2e, at + 1))
    dots.push(at);
  if (dots.length !== 4) fail('ENVELOPE_MALFORMED', 'not a compact JWE (five base64url segments)');
  const [a, b, c, d] = dots as [number, number, number, number];
  if (a === 0 || c === b + 1 || d === c + 1 || d === sealed.length - 1)
    fail('ENVELOPE_MALFORMED', 'an empty JWE segment');
  if (!isBase64urlBytes(sealed, 0, a)) fail('ENVELOPE_MALFORMED', 'a JWE segment is not base64url');
  const ciphertextChars = d - c - 1;
  const tagChars = sealed.length - d - 1;
  if (ciphertextChars % 4 === 1 || tagChars % 4 === 1)
    fail('ENVELOPE_MALFORMED', 'a JWE segment is not base64url');
  const ciphertextLength = base64urlDecodedLength(ciphertextChars);
  const tagLength = base64urlDecodedLength(tagChars);
  const ciphertextAndTag = new Uint8Array(ciphertextLength + tagLength);
  if (
    !decodeBase64urlInto(sealed, c + 1, d, ciphertextAndTag, 0) ||
    !decodeBase64urlInto(sealed, d + 1, sealed.length, ciphertextAndTag, ciphertextLength)
  )
    fail('ENVELOPE_MALFORMED', 'a JWE segment is not base64url');
  return {
    protectedHeader: ascii.decode(sealed.subarray(0, a)),
    encryptedKey: decodeSegment(sealed, a + 1, b),
    iv: decodeSegment(sealed, b + 1, c),
    ciphertextAndTag,
    tagLength,
  };
}

/** RFC 7518 section 4.6.2: one round of Concat KDF with SHA-256, for a 256-bit key. */
async function concatKdf(z: Uint8Array, algorithmId: string, apu: Uint8Array, apv: Uint8Array) {
  const id = utf8.encode(algorithmId);
  const input = new Uint8Array(4 + z.length + 12 + id.length + apu.length + apv.length + 4);
  const view = new DataView(input.buffer);
  view.setUint32(0, 1);
  input.set(z, 4);
  let o = 4 + z.length;
  for (const part of [id, apu, apv]) {
    view.setUint32(o, part.length);
    input.set(part, o + 4);
    o += 4 + part.length;
  }
  view.setUint32(o, 256);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

function partyInfo(value: unknown): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  const bytes = typeof value === 'string' ? decodeBase64url(value) : undefined;
  return bytes ?? fail('ENVELOPE_MALFORMED', 'apu or apv is not base64url');
}

/** The content-encryption key: ECDH-ES with the header's ephemeral key, then the key unwrap. */
async function contentKey(
  parts: EnvelopeParts,
  header: Readonly<Record<string, unknown>>,
  alg: KeyAgreementAlgorithm,
  key: CryptoKey,
): Promise<CryptoKey> {
  const epk = header.epk as Record<string, unknown> | undefined;
  if (typeof epk !== 'object' || epk === null || Array.isArray(epk))
    fail('ENVELOPE_MALFORMED', 'the JWE has no ephemeral key');
  const curve = key.algorithm as KeyAlgorithm & { namedCurve?: string };
  const ecdh = curve.name === 'ECDH';
  let ephemeral: CryptoKey;
  try {
    // Only the public members are taken from the header (WebCrypto checks their types and that the point
    // is on the curve); the curve is the partner key's own.
    const jwk = { kty: epk.kty, crv: epk.crv, x: epk.x, ...(ecdh ? { y: epk.y } : {}) } as JsonWebKey;
    ephemeral = await crypto.subtle.importKey(
      'jwk',
      jwk,
      ecdh ? { name: 'ECDH', namedCurve: curve.namedCurve! } : { name: curve.name },
      false,
      [],
    );
  } catch (cause) {
    fail('ENVELOPE_MALFORMED', 'the ephemeral key is not a public key on the partner key’s curve', cause);
  }
  const bits = ecdh ? Math.ceil(Number(curve.namedCurve!.slice(-3)) / 8) * 8 : 256;
  let z: Uint8Array;
  try {
    z = new Uint8Array(await crypto.subtle.deriveBits({ name: curve.name, public: ephemeral }, key, bits));
  } catch (cause) {
    fail('ENVELOPE_WRONG_RECIPIENT', 'the key does not fit the envelope', cause);
  }
  const derived = await concatKdf(
    z,
    alg === 'ECDH-ES' ? CONTENT_ENCRYPTION : alg,
    partyInfo(header.apu),
    partyInfo(header.apv),
  );
  if (alg === 'ECDH-ES') return crypto.subtle.importKey('raw', derived, 'AES-GCM', false, ['decrypt']);
  const kek = await crypto.subtle.importKey('raw', derived, 'AES-KW', false, ['unwrapKey']);
  let cek: CryptoKey;
  try {
    cek = await crypto.subtle.unwrapKey(
      'raw',
      parts.encryptedKey as Uint8Array<ArrayBuffer>,
      kek,
      'AES-KW',
      'AES-GCM',
      false,
      ['decrypt'],
    );
  } catch (cause) {
    fail('ENVELOPE_DECRYPT_FAILED', 'the wrapped key does not unwrap', cause);
  }
  if ((cek.algorithm as AesKeyAlgorithm).length !== 256)
    fail('ENVELOPE_DECRYPT_FAILED', 'the wrapped key is not a 256-bit key');
  return cek;
}

/**
 * Decrypts a sealed file whose header the caller has checked (alg allowed, `enc` A256GCM, no `zip`, no
 * `crit`, the partner key chosen by `kid` and on the header's curve).
 */
export async function openEnvelope(
  parts: EnvelopeParts,
  header: Readonly<Record<string, unknown>>,
  alg: KeyAgreementAlgorithm,
  key: CryptoKey,
): Promise<Uint8Array> {
  if (parts.iv.length !== GCM_IV_BYTES) fail('ENVELOPE_MALFORMED', 'the IV is not 96 bits');
  const cek = await contentKey(parts, header, alg, key);
  if (parts.tagLength !== GCM_TAG_BYTES) fail('ENVELOPE_DECRYPT_FAILED', 'the tag is not 128 bits');
  try {
    const plaintext = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: parts.iv as Uint8Array<ArrayBuffer>,
        additionalData: utf8.encode(parts.protectedHeader),
        tagLength: 128,
      },
      cek,
      parts.ciphertextAndTag,
    );
    return new Uint8Array(plaintext);
  } catch (cause) {
    fail('ENVELOPE_DECRYPT_FAILED', 'the tag does not verify', cause);
  }
}
