/**
 * Signed document tokens (the `jose` profile): a compact JWS `{ alg, typ: 'diia-document+jwt', kid }` over
 * `{ iss, iat, exp, jti, doc, handle, aud? }`, living at most 180 seconds and usable once.
 *
 * @module
 */

import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { type DocumentType, isDocumentType } from '../documents.js';
import { AcceptError, isAcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { DOCUMENT_TOKEN_TYPE } from '../scanner/document-token.js';
import { isDocumentId } from '../scanner/links.js';
import { isUuid } from '../uuid.js';
import type { SignatureAlgorithm } from './algorithms.js';
import { TOKEN_CODES, verifyCompact } from './jws.js';
import type { ReplayGuard } from './replay.js';
import { invalid, unknown, type Verdict } from './result.js';
import type { TrustStore } from './trust.js';

/**
 * The platform's codes live 180 seconds; a token claiming longer (`exp − iat`) is refused whatever it says.
 *
 * @example
 * ```ts
 * import { MAX_TOKEN_LIFETIME_S } from 'diia-accept/verify';
 * console.log(`a code lives at most ${MAX_TOKEN_LIFETIME_S} s`);
 * ```
 */
export const MAX_TOKEN_LIFETIME_S = 180;
const DEFAULT_MAX_TOKEN_SIZE = 4096;
const MAX_TOKEN_SIZE_LIMIT = 16_384;
const DEFAULT_TOLERANCE_MS = 5_000;
/** More skew than this hides a broken clock rather than absorbing drift. */
const MAX_TOLERANCE_MS = 60_000;

/**
 * Options of {@link verifyDocumentToken}.
 *
 * @example
 * ```ts
 * import type { DocumentTokenOptions } from 'diia-accept/verify';
 * const options: DocumentTokenOptions = { trust, clockTolerance: '5s', audience: 'branch-1' };
 * ```
 */
export interface DocumentTokenOptions {
  /** Where the platform's keys come from. The token's own `jwk`/`jku`/`x5u`/`x5c` are never used. */
  readonly trust: TrustStore;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Allowed clock skew for `iat`, `nbf` and `exp`. Default `'5s'`, at most `'60s'`. */
  readonly clockTolerance?: Duration;
  /**
   * The branch id(s) this verifier accepts. A token with `aud` must name one of them; a token with `aud`
   * is refused when no audience is configured; a token without `aud` is accepted (the claim is optional).
   */
  readonly audience?: string | readonly string[];
  /** Accepted issuers (`iss`). Default: any non-empty issuer whose key the trust store holds. */
  readonly issuer?: string | readonly string[];
  /** When given, the token's `jti` is claimed here as the last step: a second use is `CODE_ALREADY_USED`. */
  readonly replay?: ReplayGuard;
  /** Longest token accepted, in characters. Default 4096, at most 16384. */
  readonly maxTokenSize?: number;
  /** Cancels a key fetch. */
  readonly signal?: AbortSignal;
}

/**
 * What a valid token says. No personal data: the document type, an opaque handle and times.
 *
 * @example
 * ```ts
 * import type { VerifiedDocumentToken } from 'diia-accept/verify';
 * const show = (t: VerifiedDocumentToken) => `${t.documentType} until ${new Date(t.expiresAt).toISOString()}`;
 * ```
 */
export interface VerifiedDocumentToken {
  readonly documentType: DocumentType;
  /** An opaque id of the document; not personal data. */
  readonly handle: string;
  /** The single-use id (a UUID, lowercase). */
  readonly jti: string;
  readonly issuer: string;
  /** The key id that signed it. */
  readonly kid: string;
  readonly alg: SignatureAlgorithm;
  /** `iat`, ms since the epoch. */
  readonly issuedAt: number;
  /** `exp`, ms since the epoch. */
  readonly expiresAt: number;
}

/**
 * The three-state result of {@link verifyDocumentToken}.
 *
 * @example
 * ```ts
 * import type { DocumentTokenResult } from 'diia-accept/verify';
 * const label = (r: DocumentTokenResult) => (r.status === 'valid' ? r.documentType : r.reason);
 * ```
 */
export type DocumentTokenResult = Verdict<VerifiedDocumentToken>;

/**
 * Verifies a signed document token. Never throws for anything a token can contain: the answer is `valid`,
 * `invalid` with the code of the first check that failed, or `unknown` when the trust store or the replay
 * guard cannot answer. Throws `INVALID_ARGUMENT` only for bad options.
 *
 * The checks, in order: size; three canonical base64url segments; a header of strict JSON with an allowed
 * `alg`, none of `jwk`/`jku`/`x5u`/`x5c`/`b64`, no `crit`, `typ: diia-document+jwt` and a plain `kid`; the
 * key from the trust store by `kid`, which must fit the `alg`; the signature (WebCrypto); the claims (`iss`, `iat`, `exp`,
 * `exp − iat ≤ 180 s`, `jti`, `doc`, `handle`, `aud`) against the clock; and last the single-use claim.
 *
 * @example
 * ```ts
 * import { memoryReplayGuard, pinnedKeys, verifyDocumentToken } from 'diia-accept/verify';
 * const result = await verifyDocumentToken(token, {
 *   trust: await pinnedKeys(jwks),
 *   replay: memoryReplayGuard(),
 * });
 * if (result.status === 'valid') console.log(result.documentType);
 * else console.log(result.status, result.reason);
 * ```
 */
export async function verifyDocumentToken(
  token: unknown,
  options: DocumentTokenOptions,
): Promise<DocumentTokenResult> {
  const settings = readOptions(options);
  if (typeof token !== 'string') return invalid('TOKEN_MALFORMED', 'not a string');
  if (token.length > settings.maxTokenSize)
    return invalid('TOKEN_TOO_LARGE', `over ${settings.maxTokenSize} characters`);

  const verified = await verifyCompact(
    token,
    { types: [DOCUMENT_TOKEN_TYPE], allowUnencoded: false },
    options.trust,
    TOKEN_CODES,
    options.signal,
  );
  if (verified.status !== 'valid') return verified;
  const claims = parseJsonObject(verified.payload);
  if (!claims.ok)
    return invalid(
      claims.failure === 'duplicate-member' ? 'TOKEN_DUPLICATE_MEMBER' : 'TOKEN_MALFORMED',
      'claims are not a strict JSON object',
    );

  const checked = checkClaims(claims.value, settings);
  if (checked.status !== 'valid') return checked;
  const result: VerifiedDocumentToken = {
    ...checked,
    kid: verified.header.kid,
    alg: verified.header.algorithm.alg,
  };

  if (options.replay) {
    try {
      const first = await options.replay.claim(result.jti, result.expiresAt + settings.toleranceMs);
      if (!first) return invalid('CODE_ALREADY_USED');
    } catch (cause) {
      return unknown(isAcceptError(cause) ? cause.code : 'STORE_UNAVAILABLE', 'replay guard failed', cause);
    }
  }
  return { status: 'valid', ...result };
}

interface Settings {
  readonly clock: Clock;
  readonly toleranceMs: number;
  readonly maxTokenSize: number;
  readonly audience: readonly string[] | undefined;
  readonly issuer: readonly string[] | undefined;
}

function readOptions(options: DocumentTokenOptions): Settings {
  refuseUnknownOptions(
    options,
    optionKeys<DocumentTokenOptions>({
      trust: true,
      clock: true,
      clockTolerance: true,
      audience: true,
      issuer: true,
      replay: true,
      maxTokenSize: true,
      signal: true,
    }),
    'verifyDocumentToken',
  );
  if (typeof options?.trust?.resolve !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'trust must be a TrustStore' });
  const toleranceMs =
    options.clockTolerance === undefined ? DEFAULT_TOLERANCE_MS : parseDuration(options.clockTolerance);
  if (toleranceMs > MAX_TOLERANCE_MS)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'clockTolerance is at most 60s' });
  const maxTokenSize = options.maxTokenSize ?? DEFAULT_MAX_TOKEN_SIZE;
  if (!Number.isSafeInteger(maxTokenSize) || maxTokenSize < 64 || maxTokenSize > MAX_TOKEN_SIZE_LIMIT)
    throw new AcceptError('INVALID_ARGUMENT', { detail: `maxTokenSize must be 64-${MAX_TOKEN_SIZE_LIMIT}` });
  return {
    clock: options.clock ?? systemClock,
    toleranceMs,
    maxTokenSize,
    audience: listOf(options.audience, 'audience'),
    issuer: listOf(options.issuer, 'issuer'),
  };
}

function listOf(value: string | readonly string[] | undefined, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v.length > 0))
    throw new AcceptError('INVALID_ARGUMENT', { detail: `${name} must be a non-empty string or list` });
  return list;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkClaims(
  c: Readonly<Record<string, unknown>>,
  s: Settings,
): Verdict<Omit<VerifiedDocumentToken, 'kid' | 'alg'>> {
  if (typeof c.iss !== 'string' || c.iss.length === 0 || c.iss.length > 256)
    return invalid('TOKEN_CLAIM_INVALID', 'iss');
  if (s.issuer && !s.issuer.includes(c.iss)) return invalid('TOKEN_ISSUER_MISMATCH');
  if (!isNumericDate(c.iat)) return invalid('TOKEN_CLAIM_INVALID', 'iat');
  if (!isNumericDate(c.exp)) return invalid('TOKEN_CLAIM_INVALID', 'exp');
  if (c.exp <= c.iat) return invalid('TOKEN_CLAIM_INVALID', 'exp is not after iat');
  if (c.exp - c.iat > MAX_TOKEN_LIFETIME_S) return invalid('TOKEN_LIFETIME_TOO_LONG');
  if (c.nbf !== undefined && !isNumericDate(c.nbf)) return invalid('TOKEN_CLAIM_INVALID', 'nbf');

  const now = s.clock.now();
  if (c.iat * 1000 > now + s.toleranceMs) return invalid('TOKEN_NOT_YET_VALID', 'iat is in the future');
  if (c.nbf !== undefined && c.nbf * 1000 > now + s.toleranceMs)
    return invalid('TOKEN_NOT_YET_VALID', 'nbf is in the future');
  if (c.exp * 1000 + s.toleranceMs <= now) return invalid('TOKEN_EXPIRED');

  if (!isUuid(c.jti)) return invalid('TOKEN_CLAIM_INVALID', 'jti');
  if (!isDocumentType(c.doc)) return invalid('TOKEN_CLAIM_INVALID', 'doc');
  if (!isDocumentId(c.handle)) return invalid('TOKEN_CLAIM_INVALID', 'handle');

  if (c.aud !== undefined) {
    const aud = typeof c.aud === 'string' ? [c.aud] : c.aud;
    if (!Array.isArray(aud) || !aud.every((a) => typeof a === 'string'))
      return invalid('TOKEN_CLAIM_INVALID', 'aud');
    if (!s.audience || !aud.some((a) => s.audience!.includes(a))) return invalid('TOKEN_AUDIENCE_MISMATCH');
  }

  return {
    status: 'valid',
    documentType: c.doc,
    handle: c.handle,
    jti: c.jti.toLowerCase(),
    issuer: c.iss,
    issuedAt: c.iat * 1000,
    expiresAt: c.exp * 1000,
  };
}
