/**
 * Byte and integer conversions: DSTU 4145 stores field elements and scalars little-endian, DER integers are
 * big-endian.
 *
 * @module
 */

/**
 * Big-endian bytes to bigint.
 *
 * @example
 * ```ts
 * bytesToBigint(Uint8Array.of(1, 0)); // 256n
 * ```
 */
export function bytesToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * Little-endian bytes to bigint (DSTU 4145 keys and field elements are stored this way).
 *
 * @example
 * ```ts
 * leToBigint(Uint8Array.of(0, 1)); // 256n
 * ```
 */
export function leToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/**
 * bigint to little-endian bytes of a fixed length.
 *
 * @example
 * ```ts
 * bigintToLe(256n, 2); // [0, 1]
 * ```
 */
export function bigintToLe(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Lowercase hex.
 *
 * @example
 * ```ts
 * hex(Uint8Array.of(1, 255)); // '01ff'
 * ```
 */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
