/**
 * Reading a copy's content (bytes or a stream) exactly once: hashing it as it passes, and keeping it only
 * when a signature check needs the bytes themselves.
 *
 * @internal
 * @module
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { AcceptError } from '../errors.js';

/**
 * A digest algorithm of the manifest form.
 *
 * @example
 * ```ts
 * import type { DigestAlgorithm } from 'diia-accept/verify';
 * const strongest: DigestAlgorithm = 'SHA-512';
 * ```
 */
export type DigestAlgorithm = 'SHA-256' | 'SHA-512';

interface Hasher {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

function hasher(algorithm: DigestAlgorithm): Hasher {
  return algorithm === 'SHA-512' ? sha512.create() : sha256.create();
}

/** The content of a copy as the caller gives it. */
export type CopyContent = Uint8Array | ReadableStream<Uint8Array>;

/** Checks that `content` is bytes or a byte stream. */
export function assertContent(content: unknown): asserts content is CopyContent {
  if (content instanceof Uint8Array) return;
  if (typeof ReadableStream !== 'undefined' && content instanceof ReadableStream) return;
  throw new AcceptError('INVALID_ARGUMENT', { detail: 'content must be a Uint8Array or a ReadableStream' });
}

/**
 * Feeds every chunk to `sink` and to the hash, without keeping anything. Throws `ABORTED` when the
 * signal fires or the stream fails, and `SIGNATURE_MALFORMED` past `maxSize` bytes.
 */
export async function digestContent(
  content: CopyContent,
  algorithm: DigestAlgorithm,
  maxSize: number,
  signal: AbortSignal | undefined,
  sink?: (chunk: Uint8Array) => void,
): Promise<{ digest: Uint8Array; size: number }> {
  if (content instanceof Uint8Array) {
    if (content.byteLength > maxSize)
      throw new AcceptError('SIGNATURE_MALFORMED', { detail: `content over ${maxSize} bytes` });
    sink?.(content);
    // Bytes already in memory go to WebCrypto, which hashes natively (several times the speed of a JS
    // hasher); only a stream needs the incremental hasher, as WebCrypto has no incremental digest.
    const digest = await crypto.subtle.digest(algorithm, content as Uint8Array<ArrayBuffer>);
    return { digest: new Uint8Array(digest), size: content.byteLength };
  }
  const hash = hasher(algorithm);
  const reader = content.getReader();
  let size = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new AcceptError('ABORTED');
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (cause) {
        throw new AcceptError('ABORTED', { detail: 'the content stream failed', cause });
      }
      if (step.done) break;
      const chunk = step.value;
      if (!(chunk instanceof Uint8Array))
        throw new AcceptError('INVALID_ARGUMENT', {
          detail: 'the content stream must yield Uint8Array chunks',
        });
      size += chunk.byteLength;
      if (size > maxSize)
        throw new AcceptError('SIGNATURE_MALFORMED', { detail: `content over ${maxSize} bytes` });
      hash.update(chunk);
      sink?.(chunk);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
  return { digest: hash.digest(), size };
}
