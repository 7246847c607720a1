/**
 * Byte and integer conversions: DSTU 4145 stores field elements and scalars little-endian, DER integers are
 * big-endian.
 *
 * @module
 */

// Every conversion goes through one hex string, which BigInt parses and prints in linear time; shifting a
// bigint a byte at a time copies it on every step, which is quadratic in its length (a 160 KiB INTEGER took
// about a minute that way).
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexOf(bytes: Uint8Array, reversed: boolean): string {
  const digits = new Array<string>(bytes.length);
  const last = bytes.length - 1;
  for (let i = 0; i <= last; i++) digits[i] = HEX[bytes[reversed ? last - i : i] as number] as string;
  return digits.join('');
}

/** Big-endian bytes to bigint, in time linear in their length. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${hexOf(bytes, false)}`);
}

/** Little-endian bytes to bigint (DSTU 4145 keys and field elements are stored this way), in linear time. */
export function leToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${hexOf(bytes, true)}`);
}

/**
 * bigint to little-endian bytes of a fixed length (the low `length` bytes of a non-negative `n`), in linear
 * time.
 */
export function bigintToLe(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (length === 0) return out;
  const digits = (n & ((1n << BigInt(8 * length)) - 1n)).toString(16);
  // Byte i (little-endian) is the pair of hex digits ending 2i characters before the end of the string.
  for (let i = 0, end = digits.length; i < length && end > 0; i++, end -= 2) {
    out[i] = Number.parseInt(digits.slice(Math.max(0, end - 2), end), 16);
  }
  return out;
}

/** Lowercase hex. */
export function hex(bytes: Uint8Array): string {
  return hexOf(bytes, false);
}
