/**
 * The bearer token of the platform's login: one token shared by every call, obtained with the acquirer token,
 * renewed shortly before its two hours end and once after a 401. However many calls wait, one login is in
 * flight. (Not the share flow's consent session: that is share/consent-session.ts.)
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { AcceptError } from '../errors.js';

/** Logs in once; the signal is the login's own (its timeout), never one caller's. */
export type Login = () => Promise<string>;

/** The bearer token cache. */
export interface BearerCache {
  /** A token valid now (cached, or from a login that this or another call started). */
  token(signal?: AbortSignal): Promise<string>;
  /**
   * Forgets `token` after the platform refused it (a 401). A token that was already replaced by a newer
   * one is left alone, so fifty calls that fail together cause one login, not fifty.
   */
  refused(token: string): void;
}

/** Timing of a {@link BearerCache}. */
export interface BearerTiming {
  /** How long a token lives after the login (the platform says two hours). */
  readonly lifetimeMs: number;
  /** How long before the end a token is renewed, so that no call goes out with an expiring one. */
  readonly renewBeforeMs: number;
}

/** Creates the token cache over a login function. */
export function createBearerCache(login: Login, clock: Clock, timing: BearerTiming): BearerCache {
  let current: { readonly token: string; readonly renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const start = (): Promise<string> => {
    if (!inFlight) {
      const startedAt = clock.now();
      inFlight = login().then(
        (token) => {
          // Count the lifetime from when the login was sent: the platform started it no later than that.
          current = { token, renewAt: startedAt + timing.lifetimeMs - timing.renewBeforeMs };
          inFlight = undefined;
          return token;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
    }
    return inFlight;
  };

  return {
    token(signal) {
      if (signal?.aborted) return Promise.reject(aborted(signal));
      if (current && clock.now() < current.renewAt) return Promise.resolve(current.token);
      current = undefined;
      const shared = start();
      return signal ? raceAbort(shared, signal) : shared;
    },
    refused(token) {
      if (current?.token === token) current = undefined;
    },
  };
}

/** Waits for a shared promise, giving up (for this caller only) when its signal aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The `ABORTED` error for a signal, keeping its reason as the cause. */
export function aborted(signal: AbortSignal): AcceptError {
  return new AcceptError('ABORTED', { cause: signal.reason });
}
