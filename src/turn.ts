/**
 * A turn of the event loop: long work in the core (opening a large sealed copy, verifying the signatures of
 * a many-file delivery) awaits {@link nextTask} between its pieces, so no input up to the caps holds the
 * loop for long, in any runtime. And the one wait that an abort signal ends ({@link sleep}).
 *
 * @module
 */
import { AcceptError } from './errors.js';

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

/** Waits `ms` milliseconds, or rejects with `ABORTED` as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new AcceptError('ABORTED', { cause: signal.reason });
    if (signal.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
