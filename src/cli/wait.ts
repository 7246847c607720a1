/**
 * `--wait` of `request` and `deeplink`: follows the share's status until the holder's answer is final (or the
 * wait ends), printing each change. The platform's status call is the fallback the architecture names for a
 * partner without a webhook.
 *
 * @module
 */
import { type Duration, parseDuration } from '../clock.js';
import { AcceptError } from '../errors.js';
import type { CallOptions, PlatformShareStatus, StatusResponse } from '../transport/port.js';
import { EXIT_CODES } from './messages.js';

/** What {@link waitForAnswer} needs. */
export interface WaitSettings {
  /** One status call. */
  readonly poll: (options: CallOptions) => Promise<StatusResponse>;
  /** Prints one change of status. */
  readonly report: (status: StatusResponse) => void;
  /** How long to wait in all (`--wait-for`, 5 minutes by default). */
  readonly limit: Duration;
  /** The pause between status calls (`--poll`, 2 s by default). */
  readonly interval: Duration;
  readonly callOptions: CallOptions;
}

const FINAL: Readonly<Partial<Record<PlatformShareStatus, number>>> = {
  delivered: EXIT_CODES.ok,
  declined: EXIT_CODES.declined,
  expired: EXIT_CODES.expired,
};

/** Polls until a final status; returns the exit code (`expired` also when the wait itself runs out). */
export async function waitForAnswer(settings: WaitSettings): Promise<number> {
  const limitMs = parseDuration(settings.limit);
  const intervalMs = Math.max(100, parseDuration(settings.interval));
  const signal = settings.callOptions.signal;
  const started = Date.now();
  let last: string | undefined;
  for (;;) {
    const answer = await settings.poll(settings.callOptions);
    if (answer.raw !== last) {
      last = answer.raw;
      settings.report(answer);
    }
    const final = FINAL[answer.status];
    if (final !== undefined) return final;
    if (Date.now() - started + intervalMs > limitMs) return EXIT_CODES.expired;
    await pause(intervalMs, signal);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AcceptError('ABORTED', { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AcceptError('ABORTED', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
