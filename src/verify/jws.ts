/**
 * The JWS steps shared by document tokens and copy signatures: split, check the header, find the key in
 * the trust store by `kid`, verify. Each caller passes its table of error codes, so a token says
 * `TOKEN_*` and a copy says `SIGNATURE_*` for the same failure.
 *
 * @internal
 * @module
 */

import { base64urlLength, decodeBase64url, encodeBase64urlInto } from '../base64url.js';
import type { AcceptErrorCode } from '../errors.js';
import { type AlgorithmEntry, algorithmOfKey } from './algorithms.js';
import { type CheckedHeader, checkHeader, type HeaderFailure, type HeaderRules } from './header.js';
import { invalid, unknown, type Verdict } from './result.js';
import type { TrustStore } from './trust.js';

const ascii = new TextEncoder();

/** Every way a JWS can fail, before the caller's own claims. */
export type JwsFailure = HeaderFailure | 'key-unknown' | 'algorithm-mismatch' | 'signature';

/** The error code each failure gets in one context. */
export type JwsCodes = Readonly<Record<JwsFailure, AcceptErrorCode>>;

/** Codes for document tokens: each attack has its own. */
export const TOKEN_CODES: JwsCodes = {
  'too-large': 'TOKEN_TOO_LARGE',
  encoding: 'TOKEN_ENCODING_INVALID',
  malformed: 'TOKEN_MALFORMED',
  'duplicate-member': 'TOKEN_DUPLICATE_MEMBER',
  algorithm: 'TOKEN_ALGORITHM_NOT_ALLOWED',
  forbidden: 'TOKEN_HEADER_FORBIDDEN',
  'unencoded-payload': 'TOKEN_UNENCODED_PAYLOAD',
  crit: 'TOKEN_CRIT_UNSUPPORTED',
  type: 'TOKEN_TYPE_INVALID',
  kid: 'TOKEN_KID_INVALID',
  'key-unknown': 'TOKEN_KEY_UNKNOWN',
  'algorithm-mismatch': 'TOKEN_ALGORITHM_MISMATCH',
  signature: 'TOKEN_SIGNATURE_INVALID',
};

/** Codes for copy signatures: structural problems are `SIGNATURE_MALFORMED` with a detail. */
export const SIGNATURE_CODES: JwsCodes = {
  'too-large': 'SIGNATURE_MALFORMED',
  encoding: 'SIGNATURE_MALFORMED',
  malformed: 'SIGNATURE_MALFORMED',
  'duplicate-member': 'SIGNATURE_MALFORMED',
  algorithm: 'SIGNATURE_ALGORITHM_NOT_ALLOWED',
  forbidden: 'SIGNATURE_MALFORMED',
  'unencoded-payload': 'SIGNATURE_MALFORMED',
  crit: 'SIGNATURE_MALFORMED',
  type: 'SIGNATURE_MALFORMED',
  kid: 'SIGNATURE_MALFORMED',
  'key-unknown': 'SIGNATURE_SIGNER_UNTRUSTED',
  'algorithm-mismatch': 'SIGNATURE_SIGNER_UNTRUSTED',
  signature: 'SIGNATURE_INVALID',
};

/** The three segments of a compact JWS, or `undefined` when there are not exactly three. */
export function splitCompact(text: string): [string, string, string] | undefined {
  const parts = text.split('.');
  return parts.length === 3 ? (parts as [string, string, string]) : undefined;
}

/** Decodes the signature segment and checks its length where the algorithm fixes it. */
export function decodeSignature(
  segment: string,
  algorithm: AlgorithmEntry,
  codes: JwsCodes,
): { ok: true; signature: Uint8Array } | { ok: false; failure: ReturnType<typeof invalid> } {
  const signature = decodeBase64url(segment);
  if (!signature)
    return { ok: false, failure: invalid(codes.encoding, 'signature is not canonical base64url') };
  if (
    signature.length === 0 ||
    (algorithm.signatureLength !== undefined && signature.length !== algorithm.signatureLength)
  )
    return { ok: false, failure: invalid(codes.signature, 'signature has the wrong length') };
  return { ok: true, signature };
}

/** Finds the key for a checked header; `unavailable`/`stale` trust gives `unknown`. */
async function resolveKey(
  trust: TrustStore,
  header: CheckedHeader,
  codes: JwsCodes,
  signal?: AbortSignal,
): Promise<Verdict<{ readonly key: CryptoKey }>> {
  let lookup: Awaited<ReturnType<TrustStore['resolve']>>;
  try {
    lookup = await trust.resolve(header.kid, header.algorithm.alg, signal ? { signal } : undefined);
  } catch (cause) {
    return unknown('TRUST_UNAVAILABLE', 'the trust store failed', cause);
  }
  switch (lookup.status) {
    case 'found':
      return { status: 'valid', key: lookup.key };
    case 'unknown-key':
      return invalid(codes['key-unknown'], 'no trusted key has this kid');
    case 'algorithm-mismatch':
      return invalid(codes['algorithm-mismatch'], 'the key with this kid signs with another algorithm');
    case 'stale':
      return unknown('TRUST_STALE', undefined, lookup.cause);
    default:
      return unknown('TRUST_UNAVAILABLE', undefined, lookup.cause);
  }
}

/** A signature segment decoded, and the trusted key to check it with. */
export interface Signer {
  readonly key: CryptoKey;
  readonly signature: Uint8Array;
}

/**
 * Decodes the signature segment and finds the signer's key by the header's `kid`. The key must fit exactly
 * the header's allowed algorithm: a trust store handing out the wrong kind of key (or an RSA key under 2048
 * bits) must not get as far as a verification call that might accept it under other parameters.
 */
export async function findSigner(
  header: CheckedHeader,
  encodedSignature: string,
  trust: TrustStore,
  codes: JwsCodes,
  signal?: AbortSignal,
): Promise<Verdict<Signer>> {
  const signature = decodeSignature(encodedSignature, header.algorithm, codes);
  if (!signature.ok) return signature.failure;
  const resolved = await resolveKey(trust, header, codes, signal);
  if (resolved.status !== 'valid') return resolved;
  if (algorithmOfKey(resolved.key) !== header.algorithm.alg)
    return invalid(codes['algorithm-mismatch'], 'the key does not fit the algorithm');
  return { status: 'valid', key: resolved.key, signature: signature.signature };
}

/**
 * WebCrypto's check of the signature over the signing input: `undefined` when it holds, the failure
 * otherwise (a key or signature the engine refuses counts as a bad signature).
 */
export async function checkSignature(
  header: CheckedHeader,
  signer: Signer,
  signingInput: Uint8Array<ArrayBuffer>,
  codes: JwsCodes,
): Promise<ReturnType<typeof invalid> | undefined> {
  let ok: boolean;
  try {
    ok = await crypto.subtle.verify(
      header.algorithm.params,
      signer.key,
      signer.signature as Uint8Array<ArrayBuffer>,
      signingInput,
    );
  } catch (cause) {
    return invalid(codes.signature, undefined, cause);
  }
  return ok ? undefined : invalid(codes.signature);
}

/** A verified compact JWS with an attached payload. */
export interface VerifiedCompact {
  readonly header: CheckedHeader;
  readonly payload: Uint8Array;
}

/**
 * Verifies a compact JWS with an attached base64url payload: our own strict checks first, then the key
 * from the trust store, which must serve exactly the header's allowed algorithm, then WebCrypto over the
 * signing input. Each segment is decoded once: handing the token to a second JOSE library would decode
 * and parse it all again for checks this function has already made more strictly.
 */
export async function verifyCompact(
  text: string,
  rules: HeaderRules,
  trust: TrustStore,
  codes: JwsCodes,
  signal?: AbortSignal,
): Promise<Verdict<VerifiedCompact>> {
  const parts = splitCompact(text);
  if (!parts) return invalid(codes.malformed, 'not three dot-separated segments');
  const checked = checkHeader(parts[0], rules);
  if (!checked.ok) return invalid(codes[checked.failure], checked.detail);
  const { header } = checked;
  const payload = decodeBase64url(parts[1]);
  if (!payload) return invalid(codes.encoding, 'payload is not canonical base64url');
  const signer = await findSigner(header, parts[2], trust, codes, signal);
  if (signer.status !== 'valid') return signer;
  // RFC 7515 section 5.2: the signing input is the ASCII of the first two segments as they were sent.
  const signingInput = ascii.encode(text.slice(0, parts[0].length + 1 + parts[1].length));
  const failure = await checkSignature(header, signer, signingInput, codes);
  if (failure) return failure;
  return { status: 'valid', header, payload };
}

/**
 * The JWS Signing Input for a detached payload, built in one allocation: `header '.' BASE64URL(content)`
 * (RFC 7515 section 5.2) or, with `b64: false`, `header '.' content` (RFC 7797 section 3).
 *
 * @internal
 */
export function buildSigningInput(
  encodedHeader: string,
  content: Uint8Array,
  b64: boolean,
): Uint8Array<ArrayBuffer> {
  const prefix = ascii.encode(`${encodedHeader}.`);
  const input = new Uint8Array(prefix.length + (b64 ? base64urlLength(content.length) : content.length));
  input.set(prefix, 0);
  if (b64) encodeBase64urlInto(content, input, prefix.length);
  else input.set(content, prefix.length);
  return input;
}
