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

/** Lowercase hex of SHA-256 over `bytes` (WebCrypto; read at call time, never at import time). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

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

/** Parses a JSON object; `undefined` for anything else (arrays, primitives, bad JSON). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
