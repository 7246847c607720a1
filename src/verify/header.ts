/**
 * Reading and checking a JWS Protected Header, shared by document tokens and the signatures of delivered
 * copies, so the two never differ. The header is decoded strictly (canonical base64url, UTF-8, JSON
 * without duplicate members) before anything in it is believed, and the checks run in a fixed order.
 *
 * @internal
 * @module
 */

import { decodeBase64url } from '../base64url.js';
import { parseJsonObject } from '../json.js';
import { type AlgorithmEntry, algorithmEntry } from './algorithms.js';

/** Why a header was refused; each caller maps these onto its own error codes. */
export type HeaderFailure =
  | 'too-large'
  | 'encoding'
  | 'malformed'
  | 'duplicate-member'
  | 'algorithm'
  | 'forbidden'
  | 'unencoded-payload'
  | 'crit'
  | 'type'
  | 'kid';

/** A header that passed every check. */
export interface CheckedHeader {
  readonly algorithm: AlgorithmEntry;
  readonly kid: string;
  /** `false` only for RFC 7797 unencoded payloads (and only where allowed). */
  readonly b64: boolean;
  /** Every member, for the caller's own claims (such as `iat`). */
  readonly members: Readonly<Record<string, unknown>>;
}

/** What a caller allows. */
export interface HeaderRules {
  /** Accepted `typ` values, lowercase, without `application/`. */
  readonly types: readonly string[];
  /** Whether RFC 7797 `b64: false` may be used (never for document tokens). */
  readonly allowUnencoded: boolean;
}

/** The encoded header may be at most this long: far above anything the platform sends. */
export const MAX_HEADER_CHARS = 1024;

/**
 * Keys a token brings with itself. Trusting them would let anyone sign with their own key (CVE-2018-0114
 * and kin), so their mere presence refuses the header.
 */
const KEY_CARRYING = ['jwk', 'jku', 'x5u', 'x5c'];
/** Names RFC 7515 section 4.1.11 forbids in `crit` (they are already understood by every verifier). */
const STANDARD = new Set(['alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit']);
/** A key id is a short token, never a path, a URL or markup: it may end up in logs and cache keys. */
const KID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Decodes a base64url segment into a strict JSON object. */
export function decodeJsonSegment(
  segment: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; failure: HeaderFailure } {
  const bytes = decodeBase64url(segment);
  if (!bytes) return { ok: false, failure: 'encoding' };
  const parsed = parseJsonObject(bytes);
  if (parsed.ok) return parsed;
  return { ok: false, failure: parsed.failure === 'duplicate-member' ? 'duplicate-member' : 'malformed' };
}

/** Checks an encoded protected header against the rules. */
export function checkHeader(
  encoded: string,
  rules: HeaderRules,
): { ok: true; header: CheckedHeader } | { ok: false; failure: HeaderFailure; detail: string } {
  const fail = (failure: HeaderFailure, detail: string) => ({ ok: false as const, failure, detail });
  if (encoded.length > MAX_HEADER_CHARS)
    return fail('too-large', `header over ${MAX_HEADER_CHARS} characters`);
  const decoded = decodeJsonSegment(encoded);
  if (!decoded.ok) return fail(decoded.failure, 'header is not canonical base64url JSON');
  const h = decoded.value;

  const algorithm = algorithmEntry(h.alg);
  if (!algorithm) return fail('algorithm', 'alg is not ES256, EdDSA or PS256');
  const carried = KEY_CARRYING.find((name) => Object.hasOwn(h, name));
  if (carried) return fail('forbidden', `header member "${carried}" is never used`);

  const crit = h.crit;
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || !crit.every((c) => typeof c === 'string'))
      return fail('malformed', 'crit must be a non-empty array of names');
    if (new Set(crit).size !== crit.length) return fail('malformed', 'crit repeats a name');
  }
  const critical: readonly string[] = (crit as string[] | undefined) ?? [];

  let b64 = true;
  if (Object.hasOwn(h, 'b64')) {
    if (!rules.allowUnencoded) return fail('unencoded-payload', 'b64 is not allowed here');
    // RFC 7797 section 6: b64 must be understood, so it must be listed in crit; a verifier that ignored it
    // would read the payload differently from the signer.
    if (!critical.includes('b64')) return fail('unencoded-payload', 'b64 is not listed in crit');
    if (typeof h.b64 !== 'boolean') return fail('malformed', 'b64 must be a boolean');
    b64 = h.b64;
  }
  for (const name of critical) {
    if (STANDARD.has(name)) return fail('malformed', 'crit lists a standard member');
    if (!Object.hasOwn(h, name)) return fail('malformed', 'crit lists a member that is absent');
    if (!(name === 'b64' && rules.allowUnencoded)) return fail('crit', 'crit lists an unsupported extension');
  }

  if (typeof h.typ !== 'string' || !rules.types.includes(normaliseType(h.typ)))
    return fail('type', `typ must be ${rules.types.join(' or ')}`);
  if (typeof h.kid !== 'string' || !KID.test(h.kid) || h.kid.includes('..'))
    return fail('kid', 'kid is missing or has characters a key id never has');

  return { ok: true, header: { algorithm, kid: h.kid, b64, members: h } };
}

/** RFC 7515 section 4.1.9: `typ` is compared case-insensitively and `application/` may be left out. */
function normaliseType(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
