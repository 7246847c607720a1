/**
 * SHA-256 as lowercase hex, the one digest helper of the SDK (receipts, delivery checks, the sandbox's
 * metadata). Synchronous and the same in every runtime: @noble/hashes, not WebCrypto, which is async only.
 *
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** SHA-256 of bytes, or of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(input: Uint8Array | string): string {
  return bytesToHex(sha256(typeof input === 'string' ? encoder.encode(input) : input));
}
