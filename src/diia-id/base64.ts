/**
 * Strict standard base64 (RFC 4648 section 4, with padding): the encoding of `fileHash`, of a hashed login
 * id, of `encodeData` and of each signature in it. The official receivers decode with strict decoders (Java's
 * `Base64.getDecoder()`: no line breaks, no URL-safe alphabet), so this one refuses the same: whitespace,
 * the URL-safe alphabet, missing or extra padding and set bits after the last byte (one spelling per bytes).
 *
 * @internal
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
const EQUALS = 0x3d;

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}==`;
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >>> 18]}${ALPHABET[(n >>> 12) & 63]}${ALPHABET[(n >>> 6) & 63]}=`;
  }
  return out;
}

/**
 * Decodes canonical standard base64 from a text or from ASCII bytes; `undefined` for anything else (empty
 * input included).
 */
export function decodeBase64(input: string | Uint8Array): Uint8Array | undefined {
  const length = input.length;
  if (length === 0 || length % 4 !== 0) return undefined;
  const at =
    typeof input === 'string'
      ? (i: number) => (input.charCodeAt(i) < 256 ? input.charCodeAt(i) : 0)
      : (i: number) => input[i]!;
  let padding = 0;
  if (at(length - 1) === EQUALS) padding = at(length - 2) === EQUALS ? 2 : 1;
  const out = new Uint8Array((length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < length; i += 4) {
    const last = i + 4 === length;
    const a = VALUES[at(i)]!;
    const b = VALUES[at(i + 1)]!;
    const c = last && padding === 2 ? 0 : VALUES[at(i + 2)]!;
    const d = last && padding >= 1 ? 0 : VALUES[at(i + 3)]!;
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    // Canonical: the bits after the last whole byte must be zero.
    if (last && padding === 2 && (b & 15) !== 0) return undefined;
    if (last && padding === 1 && (c & 3) !== 0) return undefined;
  }
  return out;
}
