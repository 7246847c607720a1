/**
 * Byte helpers every part of the SDK shares. Pure: `Uint8Array` only, no `Buffer`.
 *
 * @module
 * @internal
 */

/**
 * Joins byte arrays into one new array (always a fresh copy, backed by its own `ArrayBuffer`). Takes an
 * array rather than arguments, so that a body streamed in many small chunks cannot overflow the call.
 * @internal
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Reads a stream to its end into one array; once more than `maxBytes` have arrived it cancels the stream
 * and gives `undefined` instead, so an oversized answer is never held whole.
 * @internal
 */
export async function readAllCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/**
 * Whether two byte arrays are equal, without stopping at the first difference (digests and signature values
 * are compared with it).
 *
 * @internal
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

// Byte and integer conversions: DSTU 4145 stores field elements and scalars little-endian, DER integers are
// big-endian.

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
