/**
 * Byte helpers every part of the SDK shares. Pure: `Uint8Array` only, no `Buffer`.
 *
 * @module
 * @internal
 */

/**
 * Joins byte arrays into one new array (always a fresh copy, backed by its own `ArrayBuffer`). Takes an
 * array rather than arguments, so that a body streamed in many small chunks cannot overflow the call.
 *
 * @example
 * ```ts
 * concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)]); // Uint8Array [1, 2, 3]
 * ```
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
