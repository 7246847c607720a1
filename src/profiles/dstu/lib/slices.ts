/**
 * Long linear work (CFB decryption, GOST 34.311 and SHA-256 over a copy of megabytes) done in bounded
 * slices with a turn of the event loop between them, so that a large delivery does not hold the thread for
 * the whole of its length: other requests, timers and I/O run between slices.
 *
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { nextTask } from '../../../turn.js';

/**
 * Bytes of one slice: about 2–5 ms of GOST work on a current core (10–15 ms on a loaded one), so a slice
 * stays far below the 100 ms-per-MiB stall target and the yields cost nothing measurable.
 */
export const SLICE_BYTES = 128 * 1024;

/**
 * Runs `work(from, to)` over `[0, length)` in slices of `slice` bytes (the last one shorter), awaiting
 * {@link nextTask} between two slices; work of one slice or less runs at once, without a yield.
 */
export async function inSlices(
  length: number,
  slice: number,
  work: (from: number, to: number) => void,
): Promise<void> {
  for (let from = 0; from < length; from += slice) {
    if (from > 0) await nextTask();
    work(from, Math.min(length, from + slice));
  }
}

/**
 * SHA-256 of `data` as lowercase hex, the same as `sha256Hex` of `digest.ts`, hashed in slices with a turn of
 * the event loop between them: the opener's receipt digest of a copy of megabytes.
 */
export async function sha256HexInSlices(data: Uint8Array, slice: number = SLICE_BYTES): Promise<string> {
  const hash = sha256.create();
  await inSlices(data.length, slice, (from, to) => hash.update(data.subarray(from, to)));
  return bytesToHex(hash.digest());
}
