/**
 * Long linear work (CFB decryption, GOST 34.311 and SHA-256 over a copy of megabytes) done in bounded
 * slices with a turn of the event loop between them, so that a large delivery does not hold the thread for
 * the whole of its length: other requests, timers and I/O run between slices.
 *
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Bytes of one slice: about 2–5 ms of GOST work on a current core (10–15 ms on a loaded one), so a slice
 * stays far below the 100 ms-per-MiB stall target and the yields cost nothing measurable.
 */
export const SLICE_BYTES = 128 * 1024;

type Schedule = () => Promise<void>;

/**
 * The cheapest macrotask boundary the runtime has: `setImmediate` (Node, Bun), else `setTimeout(0)`
 * (browsers, workerd; nested timers are clamped to 4 ms in browsers, a cost in wall time, not CPU),
 * else a `MessageChannel` message, else (a runtime with none of them) a resolved promise. A
 * `MessageChannel` is not preferred: workerd delivers its messages without letting timers run between.
 */
function pickSchedule(): Schedule {
  const g = globalThis as {
    setImmediate?: (callback: () => void) => unknown;
    setTimeout?: (callback: () => void, ms: number) => unknown;
    MessageChannel?: typeof MessageChannel;
  };
  const immediate = g.setImmediate;
  if (typeof immediate === 'function') return () => new Promise((resolve) => immediate(() => resolve()));
  const timeout = g.setTimeout;
  if (typeof timeout === 'function') return () => new Promise((resolve) => timeout(() => resolve(), 0));
  const Channel = g.MessageChannel;
  if (typeof Channel === 'function') {
    return () =>
      new Promise((resolve) => {
        const channel = new Channel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          channel.port2.close();
          resolve();
        };
        channel.port2.postMessage(undefined);
      });
  }
  return () => Promise.resolve();
}

let schedule: Schedule | undefined;

/** Resolves on the next macrotask: what runs between two slices. */
export function nextTask(): Promise<void> {
  schedule ??= pickSchedule();
  return schedule();
}

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
