/**
 * The outer encoding of a delivered part: base64 text of the DER (what the platform sends), or the DER
 * itself.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * DER bytes from base64 text (whitespace ignored) or from DER as is. Throws `ENVELOPE_MALFORMED`.
 *
 * @example
 * ```ts
 * const der = decodeSealed(partBytes); // base64 text or DER
 * ```
 */
export function decodeSealed(sealed: Uint8Array): Uint8Array {
  if (!(sealed instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'sealed must be a Uint8Array' });
  if (sealed[0] === 0x30) return sealed;
  let text = '';
  for (let i = 0; i < sealed.length; i += 0x8000) {
    text += String.fromCharCode(...sealed.subarray(i, i + 0x8000));
  }
  text = text.replace(/[\r\n\t ]/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new AcceptError('ENVELOPE_MALFORMED', { detail: 'not base64 text of DER' });
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Base64 text of DER, as the platform sends it.
 *
 * @example
 * ```ts
 * const part = encodeSealed(der); // base64 text
 * ```
 */
export function encodeSealed(der: Uint8Array): Uint8Array {
  let binary = '';
  for (let i = 0; i < der.length; i += 0x8000) binary += String.fromCharCode(...der.subarray(i, i + 0x8000));
  return new TextEncoder().encode(btoa(binary));
}
