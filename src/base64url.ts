/**
 * Canonical base64url (RFC 4648 section 5, no padding), as JWS requires (RFC 7515 section 2). Lenient
 * decoders accept several spellings of the same bytes (padding, stray characters, non-zero trailing bits);
 * a signature check must see exactly one, so anything non-canonical is refused here.
 *
 * @internal
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Indexed by a character code below 128 or by any byte: -1 outside the alphabet.
const VALUES = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

const ascii = { encoder: new TextEncoder(), decoder: new TextDecoder() };

/** Encodes bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  const out = new Uint8Array(base64urlLength(bytes.length));
  encodeBase64urlInto(bytes, out, 0);
  return ascii.decoder.decode(out);
}

/** The length in characters of the unpadded base64url encoding of `byteLength` bytes. */
export function base64urlLength(byteLength: number): number {
  return Math.floor(byteLength / 3) * 4 + [0, 2, 3][byteLength % 3]!;
}

/**
 * Decodes canonical unpadded base64url; returns `undefined` for anything else: characters outside the
 * alphabet, padding, a length that no byte string has (4n + 1), or set bits after the last whole byte.
 */
export function decodeBase64url(text: string): Uint8Array | undefined {
  // A character outside ASCII becomes bytes of 0x80 and above, which the alphabet refuses.
  const bytes = ascii.encoder.encode(text);
  const out = new Uint8Array(base64urlDecodedLength(bytes.length));
  return decodeBase64urlInto(bytes, 0, bytes.length, out, 0) ? out : undefined;
}

/**
 * Writes the unpadded base64url encoding of `bytes` as ASCII into `out` at `offset`, so a large signing
 * input is built in one allocation instead of through an intermediate string.
 */
export function encodeBase64urlInto(bytes: Uint8Array, out: Uint8Array, offset: number): void {
  let o = offset;
  const put = (v: number) => {
    out[o++] = ALPHABET.charCodeAt(v);
  };
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    put(n >> 18);
    put((n >> 12) & 63);
    put((n >> 6) & 63);
    put(n & 63);
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    put(n >> 18);
    put((n >> 12) & 63);
    if (rest === 2) put((n >> 6) & 63);
  }
}

/** The number of bytes that `chars` characters of unpadded base64url decode to. */
export function base64urlDecodedLength(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

/** Whether every byte of `bytes[start, end)` is an ASCII character of the base64url alphabet. */
export function isBase64urlBytes(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (VALUES[bytes[i]!]! < 0) return false;
  return true;
}

/**
 * Decodes canonical unpadded base64url from the ASCII bytes `bytes[start, end)` into `out` at `offset`,
 * with no intermediate string: `false` for anything {@link decodeBase64url} refuses.
 */
export function decodeBase64urlInto(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  offset: number,
): boolean {
  if ((end - start) % 4 === 1) return false;
  let buffer = 0;
  let bits = 0;
  let o = offset;
  for (let i = start; i < end; i++) {
    const value = VALUES[bytes[i]!]!;
    if (value < 0) return false;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return bits === 0 || (buffer & ((1 << bits) - 1)) === 0;
}
