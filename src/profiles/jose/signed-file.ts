/**
 * The plaintext of a sealed file: a detached compact JWS, a line feed, the file bytes (docs/protocol.md §4.2).
 * Splitting is all that happens here; the JWS itself is checked by `verifyDetached` of `diia-accept/verify`,
 * the one place the SDK verifies detached signatures.
 *
 * @module
 */
import { base64url } from 'jose';
import { AcceptError } from '../../errors.js';
import { parseJsonObject } from '../../json.js';
import { isFileSignatureAlgorithm } from './algorithms.js';
import { printableAscii } from './bytes.js';

/** Far more than any header of the profile; bounds the search for the line feed in a hostile plaintext. */
const MAX_SIGNATURE_TEXT = 4096;

/**
 * Splits the plaintext at its first line feed. When the opener narrowed the signature algorithms, an `alg`
 * outside them is refused here (`SIGNATURE_ALGORITHM_NOT_ALLOWED`); the profile's own allow-list is applied
 * by the verifier.
 */
export function splitSignedFile(
  plaintext: Uint8Array,
  allowed: ReadonlySet<string>,
): { readonly jws: string; readonly content: Uint8Array } {
  const split = plaintext.subarray(0, MAX_SIGNATURE_TEXT + 1).indexOf(0x0a);
  if (split < 0)
    throw new AcceptError('SIGNATURE_MALFORMED', { detail: 'no detached signature before the file' });
  const jws = printableAscii(plaintext.subarray(0, split));
  if (jws === undefined)
    throw new AcceptError('SIGNATURE_MALFORMED', { detail: 'the signature is not ASCII' });
  const alg = headerAlg(jws);
  if (isFileSignatureAlgorithm(alg) && !allowed.has(alg)) {
    throw new AcceptError('SIGNATURE_ALGORITHM_NOT_ALLOWED', { detail: `alg ${alg} is not accepted here` });
  }
  return { jws, content: plaintext.subarray(split + 1) };
}

function headerAlg(jws: string): unknown {
  const segment = jws.slice(0, Math.max(0, jws.indexOf('.')));
  try {
    const parsed = parseJsonObject(base64url.decode(segment));
    return parsed.ok ? parsed.value.alg : undefined;
  } catch {
    return undefined;
  }
}
