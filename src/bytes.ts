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
