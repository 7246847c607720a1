/**
 * The signed document code of the jose profile, read but not verified: a compact JWS whose header says
 * `typ: 'diia-document+jwt'` and whose claims name the document type and a single-use id. Checking the
 * signature, the algorithm allow-list and the 180-second lifetime is the verify module's work.
 *
 * @module
 */

import { decodeBase64url } from '../base64url.js';
import { type DocumentType, isDocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import { isUuid } from '../uuid.js';

/**
 * The `typ` header value of a signed document code.
 *
 * @example
 * ```ts
 * import { DOCUMENT_TOKEN_TYPE } from 'diia-accept/scanner';
 * if (scan.kind === 'document-token') console.assert(scan.header.typ === DOCUMENT_TOKEN_TYPE);
 * ```
 */
export const DOCUMENT_TOKEN_TYPE = 'diia-document+jwt';

/**
 * The protected header of a signed document code, as sent (not yet checked against any allow-list).
 *
 * @example
 * ```ts
 * import type { DocumentTokenHeader } from 'diia-accept/scanner';
 * const header: DocumentTokenHeader = { alg: 'ES256', typ: 'diia-document+jwt', kid: 'platform-2026' };
 * ```
 */
export interface DocumentTokenHeader {
  /** The signature algorithm the token claims; the verifier checks it against its allow-list. */
  readonly alg: string;
  /** Always `'diia-document+jwt'`. */
  readonly typ: typeof DOCUMENT_TOKEN_TYPE;
  /** The id of the platform key that signed it, if present. */
  readonly kid?: string | undefined;
  /** Any other header parameter, kept for the verifier (which rejects `jwk`, `jku`, unknown `crit` …). */
  readonly [parameter: string]: unknown;
}

/**
 * The claims of a signed document code. They carry no personal data: `handle` is an opaque id.
 *
 * @example
 * ```ts
 * import type { DocumentTokenClaims } from 'diia-accept/scanner';
 * function secondsLeft(claims: DocumentTokenClaims, nowSeconds: number) {
 *   return claims.exp - nowSeconds;
 * }
 * ```
 */
export interface DocumentTokenClaims {
  /** The issuer (the platform). */
  readonly iss: string;
  /** Issued at, in seconds since the epoch. */
  readonly iat: number;
  /** Expires at, in seconds since the epoch. */
  readonly exp: number;
  /** The single-use id (a UUID, lower case). */
  readonly jti: string;
  /** The document type shown. */
  readonly doc: DocumentType;
  /** An opaque id of the shown document; not personal data. */
  readonly handle: string;
  /** The branch (or branches) the code was issued for, if any. */
  readonly aud?: string | readonly string[] | undefined;
  /** Any other claim, kept for the verifier. */
  readonly [claim: string]: unknown;
}

/** The parts of a compact JWS, decoded; throws `SCAN_TOKEN_MALFORMED` or `SCAN_DOCUMENT_TYPE_UNKNOWN`. @internal */
export function readDocumentToken(token: string): {
  header: DocumentTokenHeader;
  claims: DocumentTokenClaims;
} {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    throw malformed('expected three non-empty base64url parts');
  }
  const header = decodeJsonObject(parts[0]!, 'header');
  const claims = decodeJsonObject(parts[1]!, 'claims');
  base64UrlToBytes(parts[2]!, 'signature');

  if (typeof header.alg !== 'string' || header.alg.length === 0) throw malformed('header alg');
  if (header.typ !== DOCUMENT_TOKEN_TYPE) throw malformed('header typ is not diia-document+jwt');
  if (header.kid !== undefined && typeof header.kid !== 'string') throw malformed('header kid');

  for (const name of ['iss', 'handle'] as const) {
    if (typeof claims[name] !== 'string' || claims[name] === '') throw malformed(`claim ${name}`);
  }
  for (const name of ['iat', 'exp'] as const) {
    if (!Number.isFinite(claims[name])) throw malformed(`claim ${name}`);
  }
  if (!isUuid(claims.jti)) throw malformed('claim jti is not a UUID');
  if (!isDocumentType(claims.doc)) {
    throw new AcceptError('SCAN_DOCUMENT_TYPE_UNKNOWN', { detail: 'claim doc' });
  }
  const aud = claims.aud;
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((entry) => typeof entry === 'string'))
  ) {
    throw malformed('claim aud');
  }
  return {
    header: Object.freeze(header) as DocumentTokenHeader,
    claims: Object.freeze({ ...claims, jti: (claims.jti as string).toLowerCase() }) as DocumentTokenClaims,
  };
}

const JSON_DECODER = new TextDecoder('utf-8', { fatal: true });

function decodeJsonObject(segment: string, what: string): Record<string, unknown> {
  const bytes = base64UrlToBytes(segment, what);
  let value: unknown;
  try {
    value = JSON.parse(JSON_DECODER.decode(bytes));
  } catch (cause) {
    throw new AcceptError('SCAN_TOKEN_MALFORMED', { detail: `${what} is not JSON`, cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Strict base64url (RFC 4648 section 5, no padding, no stray bits), as RFC 7515 requires. */
function base64UrlToBytes(text: string, what: string): Uint8Array {
  const bytes = decodeBase64url(text);
  if (bytes === undefined) throw malformed(`${what} is not canonical base64url`);
  return bytes;
}

function malformed(detail: string): AcceptError {
  return new AcceptError('SCAN_TOKEN_MALFORMED', { detail });
}
