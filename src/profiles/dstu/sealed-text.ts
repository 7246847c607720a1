/**
 * The outer encoding of a delivered part: base64 text of the DER (what the platform sends), or the DER
 * itself.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';

// Base64 alphabet values by byte; −2 marks the whitespace that is skipped, −1 anything refused.
const VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
for (const c of '\r\n\t ') VALUE[c.charCodeAt(0)] = -2;
const PAD = 0x3d;

/** Decodes base64 text straight from its bytes (no string copy of a part that may be megabytes). */
function decodeBase64Bytes(src: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let acc = 0;
  let n = 0;
  let o = 0;
  let pad = 0;
  let chars = 0;
  for (let i = 0; i < src.length; i++) {
    const byte = src[i] as number;
    const v = VALUE[byte] as number;
    if (v >= 0) {
      if (pad !== 0) return undefined; // padding only at the end
      acc = (acc << 6) | v;
      chars++;
      if (++n === 4) {
        out[o++] = acc >>> 16;
        out[o++] = (acc >>> 8) & 255;
        out[o++] = acc & 255;
        acc = 0;
        n = 0;
      }
    } else if (v === -2) {
    } else if (byte === PAD) {
      if (++pad > 2) return undefined;
      chars++;
    } else return undefined;
  }
  if (chars === 0) return undefined;
  if (pad !== 0) {
    if (n + pad !== 4) return undefined;
    if (n === 2) out[o++] = (acc >>> 4) & 255;
    else {
      out[o++] = (acc >>> 10) & 255;
      out[o++] = (acc >>> 2) & 255;
    }
  } else if (n !== 0) return undefined;
  return out.subarray(0, o);
}

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
  const der = decodeBase64Bytes(sealed);
  if (!der) throw new AcceptError('ENVELOPE_MALFORMED', { detail: 'not base64 text of DER' });
  return der;
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
