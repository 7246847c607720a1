/**
 * The signed document code of the jose profile, decoded and nothing more (as jose's `decodeJwt`): three
 * canonical base64url parts whose first two are strict JSON objects. What the header and the claims say
 * (`typ`, `alg`, `jti`, `doc`, times, audience) is believed only after `verifyDocumentToken` in
 * `diia-accept/verify` has checked the signature: that verifier is the one place those rules live.
 *
 * @module
 */

import { decodeBase64url } from '../base64url.js';
import { AcceptError } from '../errors.js';
import { type JsonObjectFailure, parseJsonObject } from '../json.js';

/**
 * The `typ` header value of a signed document code (the verifier requires it; the platform's signer sets it).
 *
 * @example
 * ```ts
 * import { DOCUMENT_TOKEN_TYPE } from 'diia-accept/scanner';
 * new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: DOCUMENT_TOKEN_TYPE, kid });
 * ```
 */
export const DOCUMENT_TOKEN_TYPE = 'diia-document+jwt';

/**
 * Decodes a compact JWS into its header and claims without believing either; throws
 * `SCAN_TOKEN_MALFORMED` when it is not three canonical base64url parts with JSON-object header and claims.
 *
 * @internal
 */
export function decodeDocumentToken(token: string): {
  header: Readonly<Record<string, unknown>>;
  claims: Readonly<Record<string, unknown>>;
} {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    throw malformed('expected three non-empty base64url parts');
  }
  const header = decodeJsonObject(parts[0]!, 'header');
  const claims = decodeJsonObject(parts[1]!, 'claims');
  decodePart(parts[2]!, 'signature');
  return { header: Object.freeze(header), claims: Object.freeze(claims) };
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  const parsed = parseJsonObject(decodePart(part, what));
  if (!parsed.ok) throw malformed(`${what}: ${FAILURES[parsed.failure]}`);
  return parsed.value;
}

const FAILURES: Record<JsonObjectFailure, string> = {
  encoding: 'not UTF-8',
  syntax: 'not JSON',
  'duplicate-member': 'a member name repeats',
  'too-deep': 'nested too deep',
  'not-an-object': 'not a JSON object',
};

/** Strict base64url (RFC 4648 section 5, no padding, no stray bits), as RFC 7515 requires. */
function decodePart(text: string, what: string): Uint8Array {
  const bytes = decodeBase64url(text);
  if (bytes === undefined) throw malformed(`${what} is not canonical base64url`);
  return bytes;
}

function malformed(detail: string): AcceptError {
  return new AcceptError('SCAN_TOKEN_MALFORMED', { detail });
}
