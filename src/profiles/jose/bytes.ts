/**
 * Byte helpers of the jose profile over `Uint8Array` only (the core has no `Buffer`).
 *
 * @module
 */

const encoder = new TextEncoder();
const ascii = new TextDecoder();

/** UTF-8 (here always ASCII) bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export { concatBytes } from '../../bytes.js';

/** Decodes bytes that must be printable ASCII; `undefined` when any byte is outside 0x20..0x7e. */
export function printableAscii(bytes: Uint8Array): string | undefined {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte > 0x7e) return undefined;
  }
  // Printable ASCII reads the same in UTF-8; the decoder builds one flat string in one pass, where
  // joining chunks built a rope that was copied again when flattened (twice the sealed size at once).
  return ascii.decode(bytes);
}
