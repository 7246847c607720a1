/**
 * Single use: the `ReplayGuard` port and its in-memory implementation. A document code works once; the
 * guard remembers every code claimed until the code could no longer be valid anyway, so memory is bounded
 * by the codes of the last few minutes.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';

/**
 * Remembers which single-use ids (a token's `jti`, a link's `otp`, a barcode) were claimed.
 *
 * The contract every implementation keeps (the shared contract tests check it):
 * - `claim(id, until)` resolves `true` for exactly one caller per `id` while `until` has not passed, even
 *   when many claims of the same id run at the same moment; every other caller gets `false`.
 * - After `until` (ms since the epoch) the id may be claimed again: the code it stood for has expired.
 * - `until` at or before the guard's now rejects with `REPLAY_CLOCK_AHEAD`: the caller thought the code
 *   still valid, so the guard's clock is ahead of the caller's (or the code expired in between). It is not
 *   answered `false`, which callers report as `CODE_ALREADY_USED`, a reason that would be untrue.
 * - When it cannot decide (storage down, memory bound reached), it rejects with an {@link AcceptError}
 *   (`STORE_UNAVAILABLE`, `REPLAY_GUARD_FULL`), which callers report as `unknown`, never as `valid`.
 *
 * @example
 * ```ts
 * import type { ReplayGuard } from 'diia-accept/verify';
 * const first = await guard.claim(jti, exp * 1000);
 * if (!first) console.log('this code was used already');
 * ```
 */
export interface ReplayGuard {
  /** Claims `id` until `until` (ms since the epoch). `true` for the first claim only. */
  claim(id: string, until: number): Promise<boolean>;
}

/**
 * Options of {@link memoryReplayGuard}.
 *
 * @example
 * ```ts
 * import type { MemoryReplayGuardOptions } from 'diia-accept/verify';
 * const options: MemoryReplayGuardOptions = { maxEntries: 50_000 };
 * ```
 */
export interface MemoryReplayGuardOptions {
  /**
   * The time source. Default: the system clock. Give it the verifier's clock: a guard whose clock runs
   * ahead refuses fresh codes with `REPLAY_CLOCK_AHEAD`.
   */
  readonly clock?: Clock;
  /** How many unexpired claims it holds at most. Default 100 000 (a few MB). */
  readonly maxEntries?: number;
}

/** An id longer than this is not one of ours; it would only fill memory. */
export const MAX_CLAIM_ID_LENGTH = 256;

/** @internal Checks the arguments every guard receives; shared so that implementations agree. */
export function assertClaim(id: unknown, until: unknown): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_CLAIM_ID_LENGTH)
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: `claim id must be 1-${MAX_CLAIM_ID_LENGTH} characters`,
    });
  if (typeof until !== 'number' || !Number.isFinite(until))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'claim until must be a finite time in ms' });
}

/**
 * @internal The refusal of a claim whose `until` has passed by the guard's clock; shared by the guards.
 */
export function clockAhead(until: number, now: number): AcceptError {
  return new AcceptError('REPLAY_CLOCK_AHEAD', {
    detail: `the claim ends ${now - until} ms before the guard's now: is the guard using the verifier's clock?`,
  });
}

/**
 * An in-memory {@link ReplayGuard} for one process (a single desk or a single server). Claims are decided
 * synchronously inside `claim`, so concurrent claims in one process cannot both win.
 *
 * At `maxEntries` it first forgets expired claims; if every claim is still live it refuses new ones with
 * `REPLAY_GUARD_FULL` (fail closed: a forgotten live claim would let a code be used twice). Use a shared
 * guard (Redis) when several processes accept codes.
 *
 * @example
 * ```ts
 * import { memoryReplayGuard } from 'diia-accept/verify';
 * const replay = memoryReplayGuard({ maxEntries: 10_000 });
 * await replay.claim('5d1c…', Date.now() + 180_000); // true
 * await replay.claim('5d1c…', Date.now() + 180_000); // false
 * ```
 */
export function memoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  refuseUnknownOptions(
    options,
    optionKeys<MemoryReplayGuardOptions>({ clock: true, maxEntries: true }),
    'memoryReplayGuard',
  );
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxEntries must be a positive integer' });
  const claims = new Map<string, number>();
  // The earliest expiry among the claims held: until then a sweep cannot free anything.
  let earliest = Number.POSITIVE_INFINITY;

  function sweep(now: number): void {
    if (now < earliest) return;
    earliest = Number.POSITIVE_INFINITY;
    for (const [id, until] of claims) {
      if (until <= now) claims.delete(id);
      else if (until < earliest) earliest = until;
    }
  }

  return {
    async claim(id, until) {
      assertClaim(id, until);
      const now = clock.now();
      if (until <= now) throw clockAhead(until, now);
      const held = claims.get(id);
      if (held !== undefined && held > now) return false;
      if (held === undefined && claims.size >= maxEntries) {
        sweep(now);
        if (claims.size >= maxEntries) throw new AcceptError('REPLAY_GUARD_FULL');
      }
      claims.set(id, until);
      if (until < earliest) earliest = until;
      return true;
    },
  };
}
