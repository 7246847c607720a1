/**
 * Detached signatures on delivered copies: the JWS travels apart from the file. Three forms:
 *
 * - `detached` (RFC 7515 appendix F): `BASE64URL(header)..signature`, signed over
 *   `BASE64URL(header) '.' BASE64URL(content)`;
 * - `unencoded` (RFC 7797): the header has `"b64": false, "crit": ["b64"]`, signed over
 *   `BASE64URL(header) '.' content`;
 * - `manifest`: a compact JWS with `typ: diia-digest+jws` whose payload names the content's digest and
 *   size: the signature covers a few bytes and the content is hashed as it streams past, so a large copy
 *   is never buffered at all.
 *
 * The two direct forms need the content once in memory plus its signing input (WebCrypto verifies one
 * buffer); prefer the manifest for large files.
 *
 * @module
 */

import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeBase64url } from '../base64url.js';
import { concatBytes, equalBytes } from '../bytes.js';
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { AcceptError, isAcceptError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import { assertContent, type CopyContent, type DigestAlgorithm, digestContent } from './content.js';
import { type CheckedHeader, checkHeader, decodeJsonSegment } from './header.js';
import {
  buildSigningInput,
  checkSignature,
  findSigner,
  SIGNATURE_CODES,
  splitCompact,
  verifyCompact,
} from './jws.js';
import { invalid, unknown, type Verdict } from './result.js';
import type { TrustStore } from './trust.js';

/**
 * `typ` of a detached signature over the file itself (appendix F or RFC 7797).
 *
 * @example
 * ```ts
 * import { FILE_SIGNATURE_TYPE } from 'diia-accept/verify';
 * const header = { alg: 'ES256', kid: 'platform-2026-1', typ: FILE_SIGNATURE_TYPE, iat: 1796004000 };
 * ```
 */
export const FILE_SIGNATURE_TYPE = 'diia-file+jws';

/**
 * `typ` of a signed digest manifest: a compact JWS whose payload is `{ "hash": "SHA-256" | "SHA-512",
 * "digest": BASE64URL(digest), "size": bytes }` and nothing else.
 *
 * @example
 * ```ts
 * import { DIGEST_MANIFEST_TYPE } from 'diia-accept/verify';
 * const header = { alg: 'EdDSA', kid: 'platform-2026-2', typ: DIGEST_MANIFEST_TYPE, iat: 1796004000 };
 * ```
 */
export const DIGEST_MANIFEST_TYPE = 'diia-digest+jws';

/**
 * Options of {@link verifyDetached}.
 *
 * @example
 * ```ts
 * import type { DetachedSignatureInput } from 'diia-accept/verify';
 * const input: DetachedSignatureInput = { content: pdfBytes, jws, trust };
 * ```
 */
export interface DetachedSignatureInput {
  /** The copy: bytes, or a stream of bytes (read once). */
  readonly content: Uint8Array | ReadableStream<Uint8Array>;
  /** The compact JWS: `header..signature` for the direct forms, `header.manifest.signature` for a manifest. */
  readonly jws: string;
  readonly trust: TrustStore;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** How far in the future a signing time (`iat`) may be. Default `'5m'`. */
  readonly clockTolerance?: Duration;
  /** The largest copy accepted, in bytes. Default 64 MiB. */
  readonly maxContentSize?: number;
  /** Cancels reading the content or fetching a key (`unknown` with `ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * A verified copy: who signed it, when, and the digest of the content.
 *
 * @example
 * ```ts
 * import type { VerifiedCopy } from 'diia-accept/verify';
 * const line = (c: VerifiedCopy) => `${c.kid} ${new Date(c.signedAt).toISOString()} ${c.digest.hex}`;
 * ```
 */
export interface VerifiedCopy {
  readonly kid: string;
  readonly alg: SignatureAlgorithm;
  /** The signing time (`iat`), ms since the epoch. */
  readonly signedAt: number;
  readonly form: 'detached' | 'unencoded' | 'manifest';
  /** SHA-256 of the content for the direct forms; the manifest's algorithm for a manifest. */
  readonly digest: { readonly algorithm: DigestAlgorithm; readonly hex: string };
  /** The content's length in bytes. */
  readonly size: number;
}

/**
 * The three-state result of {@link verifyDetached}.
 *
 * @example
 * ```ts
 * import type { DetachedSignatureResult } from 'diia-accept/verify';
 * const ok = (r: DetachedSignatureResult) => r.status === 'valid';
 * ```
 */
export type DetachedSignatureResult = Verdict<VerifiedCopy>;

/** A detached JWS or a manifest is a header, a short payload and a signature. */
const MAX_JWS_CHARS = 4096;
const DEFAULT_MAX_CONTENT = 64 * 1024 * 1024;
const MANIFEST_MEMBERS = new Set(['hash', 'digest', 'size']);
const DIGEST_LENGTH: Record<DigestAlgorithm, number> = { 'SHA-256': 32, 'SHA-512': 64 };

/**
 * Verifies the detached signature of a delivered copy. Never throws for anything the copy or signature
 * contains: `valid`, `invalid` (`SIGNATURE_*`) or `unknown` (trust unavailable or stale, reading aborted).
 * Throws `INVALID_ARGUMENT` for bad options.
 *
 * @example
 * ```ts
 * import { remoteJwks, verifyDetached } from 'diia-accept/verify';
 * const result = await verifyDetached({ content: response.body!, jws, trust: remoteJwks(jwksUrl) });
 * if (result.status === 'valid') console.log(result.kid, result.digest.hex);
 * ```
 */
export async function verifyDetached(input: DetachedSignatureInput): Promise<DetachedSignatureResult> {
  assertContent(input?.content);
  if (typeof input.trust?.resolve !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'trust must be a TrustStore' });
  const clock = input.clock ?? systemClock;
  const toleranceMs = parseDuration(input.clockTolerance ?? '5m');
  const maxSize = input.maxContentSize ?? DEFAULT_MAX_CONTENT;
  if (!Number.isSafeInteger(maxSize) || maxSize < 0)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxContentSize must be a whole number of bytes' });

  try {
    if (typeof input.jws !== 'string' || input.jws.length > MAX_JWS_CHARS)
      return invalid('SIGNATURE_MALFORMED', 'jws is not a string of at most 4096 characters');
    const parts = splitCompact(input.jws.trim());
    if (!parts) return invalid('SIGNATURE_MALFORMED', 'not three dot-separated segments');
    const settings = { clock, toleranceMs, maxSize, signal: input.signal };
    return parts[1] === ''
      ? await verifyDirect(parts, input.content, input.trust, settings)
      : await verifyManifest(parts.join('.'), input.content, input.trust, settings);
  } catch (error) {
    if (isAcceptError(error, 'ABORTED')) return unknown('ABORTED', error.detail, error);
    if (isAcceptError(error, 'SIGNATURE_MALFORMED'))
      return invalid('SIGNATURE_MALFORMED', error.detail, error);
    throw error;
  }
}

interface Settings {
  readonly clock: Clock;
  readonly toleranceMs: number;
  readonly maxSize: number;
  readonly signal: AbortSignal | undefined;
}

/** `iat` is the signing time: a whole number of seconds, not in the future beyond the tolerance. */
function signingTime(header: CheckedHeader, s: Settings): number | undefined {
  const iat = header.members.iat;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) return undefined;
  return iat * 1000 > s.clock.now() + s.toleranceMs ? undefined : iat * 1000;
}

async function verifyDirect(
  [encodedHeader, , encodedSignature]: [string, string, string],
  content: CopyContent,
  trust: TrustStore,
  s: Settings,
): Promise<DetachedSignatureResult> {
  const checked = checkHeader(encodedHeader, { types: [FILE_SIGNATURE_TYPE], allowUnencoded: true });
  if (!checked.ok) return invalid(SIGNATURE_CODES[checked.failure], checked.detail);
  const { header } = checked;
  const signedAt = signingTime(header, s);
  if (signedAt === undefined) return invalid('SIGNATURE_TIME_INVALID');
  const signer = await findSigner(header, encodedSignature, trust, SIGNATURE_CODES, s.signal);
  if (signer.status !== 'valid') return signer;

  // The content is read once; a stream's chunks are kept only until the signing input is assembled.
  const chunks: Uint8Array[] = [];
  const { digest, size } = await digestContent(
    content,
    'SHA-256',
    s.maxSize,
    s.signal,
    content instanceof Uint8Array ? undefined : (chunk) => chunks.push(chunk),
  );
  const bytes = content instanceof Uint8Array ? content : concatBytes(chunks);
  chunks.length = 0;
  const signingInput = buildSigningInput(encodedHeader, bytes, header.b64);

  const failure = await checkSignature(header, signer, signingInput, SIGNATURE_CODES);
  if (failure) return failure;
  return {
    status: 'valid',
    kid: header.kid,
    alg: header.algorithm.alg,
    signedAt,
    form: header.b64 ? 'detached' : 'unencoded',
    digest: { algorithm: 'SHA-256', hex: bytesToHex(digest) },
    size,
  };
}

async function verifyManifest(
  jws: string,
  content: CopyContent,
  trust: TrustStore,
  s: Settings,
): Promise<DetachedSignatureResult> {
  // The signature is checked before the content is read: an unsigned manifest costs no hashing.
  const verified = await verifyCompact(
    jws,
    { types: [DIGEST_MANIFEST_TYPE], allowUnencoded: false },
    trust,
    SIGNATURE_CODES,
    s.signal,
  );
  if (verified.status !== 'valid') return verified;
  const signedAt = signingTime(verified.header, s);
  if (signedAt === undefined) return invalid('SIGNATURE_TIME_INVALID');
  const manifest = readManifest(jws.split('.')[1]!);
  if (!manifest) return invalid('SIGNATURE_MALFORMED', 'the manifest is not {hash, digest, size}');

  if (manifest.size > s.maxSize) return invalid('SIGNATURE_MALFORMED', `content over ${s.maxSize} bytes`);
  let read: { digest: Uint8Array; size: number };
  try {
    // Reading stops one chunk past the signed size: longer content cannot match anyway.
    read = await digestContent(content, manifest.hash, manifest.size, s.signal);
  } catch (error) {
    if (isAcceptError(error, 'SIGNATURE_MALFORMED'))
      return invalid('SIGNATURE_DIGEST_MISMATCH', 'content is longer');
    throw error;
  }
  const { digest, size } = read;
  if (size !== manifest.size || !equalBytes(digest, manifest.digest))
    return invalid('SIGNATURE_DIGEST_MISMATCH');
  return {
    status: 'valid',
    kid: verified.header.kid,
    alg: verified.header.algorithm.alg,
    signedAt,
    form: 'manifest',
    digest: { algorithm: manifest.hash, hex: bytesToHex(digest) },
    size,
  };
}

function readManifest(
  segment: string,
): { hash: DigestAlgorithm; digest: Uint8Array; size: number } | undefined {
  const decoded = decodeJsonSegment(segment);
  if (!decoded.ok) return undefined;
  const m = decoded.value;
  if (!Object.keys(m).every((k) => MANIFEST_MEMBERS.has(k))) return undefined;
  if (m.hash !== 'SHA-256' && m.hash !== 'SHA-512') return undefined;
  if (typeof m.size !== 'number' || !Number.isSafeInteger(m.size) || m.size < 0) return undefined;
  const digest = typeof m.digest === 'string' ? decodeBase64url(m.digest) : undefined;
  if (!digest || digest.length !== DIGEST_LENGTH[m.hash]) return undefined;
  return { hash: m.hash, digest, size: m.size };
}
