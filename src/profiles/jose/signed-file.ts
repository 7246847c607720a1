/**
 * The plaintext of a sealed file: a detached compact JWS, a line feed, the file bytes (docs/protocol.md §4.2).
 * Parsing checks the JWS header strictly; the signature itself is checked by the opener.
 *
 * @module
 */
import { base64url } from 'jose';
import { AcceptError } from '../../errors.js';
import {
  type FileSignatureAlgorithm,
  FORBIDDEN_KEY_HEADERS,
  isFileSignatureAlgorithm,
  SIGNED_FILE_TYP,
} from './algorithms.js';
import { parseJsonObject, printableAscii } from './bytes.js';

/** A signed file taken apart, its header checked. */
export interface SignedFile {
  readonly protectedB64: string;
  readonly signatureB64: string;
  readonly alg: FileSignatureAlgorithm;
  readonly kid: string;
  /** `iat` in milliseconds. */
  readonly signedAt: number;
  /** RFC 7797 unencoded payload (`b64: false`). */
  readonly unencoded: boolean;
  readonly content: Uint8Array;
}

const DETACHED = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/;
/** Far more than any header of the profile; bounds the work done on a hostile one. */
const MAX_SIGNATURE_TEXT = 8192;

function malformed(detail: string): never {
  throw new AcceptError('SIGNATURE_MALFORMED', { detail });
}

function sameList(value: unknown, expected: readonly string[]): boolean {
  return Array.isArray(value) && value.length === expected.length && value.every((v, i) => v === expected[i]);
}

/** Splits and checks the plaintext; throws `SIGNATURE_MALFORMED`, `SIGNATURE_ALGORITHM_NOT_ALLOWED`, `SIGNATURE_TIME_INVALID`. */
export function parseDetachedSignature(plaintext: Uint8Array, allowed: ReadonlySet<string>): SignedFile {
  const split = plaintext.subarray(0, MAX_SIGNATURE_TEXT + 1).indexOf(0x0a);
  if (split < 0) malformed('no detached signature before the file');
  const text = printableAscii(plaintext.subarray(0, split));
  const match = text === undefined ? null : DETACHED.exec(text);
  if (!match) malformed('not a detached compact JWS');
  const [, protectedB64, signatureB64] = match as unknown as [string, string, string];
  let header: Record<string, unknown> | undefined;
  try {
    header = parseJsonObject(
      new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(protectedB64)),
    );
  } catch {
    header = undefined;
  }
  if (!header) malformed('the JWS header is not a JSON object');
  if (typeof header.alg !== 'string') malformed('the JWS header has no alg');
  if (!isFileSignatureAlgorithm(header.alg) || !allowed.has(header.alg)) {
    throw new AcceptError('SIGNATURE_ALGORITHM_NOT_ALLOWED', {
      detail: `alg ${JSON.stringify(String(header.alg)).slice(0, 40)}`,
    });
  }
  if (header.typ !== SIGNED_FILE_TYP) malformed('typ is not diia-file+jws');
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 256)
    malformed('bad kid');
  if (FORBIDDEN_KEY_HEADERS.some((name) => name in header)) malformed('the JWS names its own key');
  if ('b64' in header || 'crit' in header) {
    // RFC 7797 §6: b64 must be listed in crit; no other critical extension is understood here.
    if (!sameList(header.crit, ['b64']) || typeof header.b64 !== 'boolean') malformed('bad b64/crit');
  }
  if (!Number.isSafeInteger(header.iat) || (header.iat as number) < 0) {
    throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'iat is missing or not a whole number' });
  }
  return {
    protectedB64,
    signatureB64,
    alg: header.alg,
    kid: header.kid,
    signedAt: (header.iat as number) * 1000,
    unencoded: header.b64 === false,
    content: plaintext.subarray(split + 1),
  };
}
