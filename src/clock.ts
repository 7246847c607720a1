/**
 * Time, always injected. Every check that depends on time (code lifetimes, clock skew, session timeouts,
 * token renewal) reads a {@link Clock}, so tests freeze and move it.
 *
 * @module
 */
import { AcceptError } from './errors.js';

/** A source of the current time in milliseconds since the Unix epoch. */
export interface Clock {
  /** The current time, in milliseconds since 1970-01-01T00:00:00Z. */
  now(): number;
}

/**
 * The real clock (`Date.now()`).
 *
 * @example
 * ```ts
 * import { systemClock } from 'diia-accept';
 * const acceptor = createAcceptor({ transport, clock: systemClock });
 * ```
 */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  /** Sets the time (milliseconds, a `Date`, or an ISO string). */
  set(time: number | Date | string): void;
  /** Moves the time forward by a duration (`'30s'`, `'3m'`, or milliseconds). */
  advance(duration: Duration): void;
}

/**
 * A manual clock for tests and the sandbox: frozen at `start` until `set` or `advance` moves it.
 *
 * @example
 * ```ts
 * import { manualClock } from 'diia-accept';
 * const clock = manualClock('2026-01-01T10:00:00Z');
 * clock.advance('181s'); // a document code shown at 10:00:00 has now expired
 * ```
 */
export function manualClock(start: number | Date | string = 0): ManualClock {
  let current = toMillis(start);
  return {
    now: () => current,
    set(time) {
      current = toMillis(time);
    },
    advance(duration) {
      const ms = parseDuration(duration);
      current += ms;
    },
  };
}

/** A length of time: milliseconds as a number, or a string such as `'250ms'`, `'30s'`, `'3m'`, `'2h'`, `'1d'`. */
export type Duration = number | `${number}${DurationUnit}`;

/** The units {@link parseDuration} accepts. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d{1,12}(?:\.\d{1,6})?)(ms|s|m|h|d)$/;
/** Longer than any timeout the SDK has a use for; it keeps arithmetic far from overflow. */
const MAX_DURATION_MS = 366 * UNIT_MS.d;

/**
 * Turns a {@link Duration} into whole milliseconds. Rejects negative, non-finite, unitless strings and
 * anything over a year with `INVALID_DURATION`.
 *
 * @example
 * ```ts
 * import { parseDuration } from 'diia-accept';
 * parseDuration('3m'); // 180000
 * parseDuration(1500); // 1500
 * ```
 */
export function parseDuration(value: Duration | string): number {
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    const match = DURATION.exec(value);
    if (!match)
      throw new AcceptError('INVALID_DURATION', {
        detail: `cannot read ${JSON.stringify(value.slice(0, 32))}`,
      });
    ms = Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
  } else {
    throw new AcceptError('INVALID_DURATION', {
      detail: `expected a number or a string, got ${typeof value}`,
    });
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DURATION_MS) {
    throw new AcceptError('INVALID_DURATION', { detail: 'must be between 0 and 366 days' });
  }
  return Math.round(ms);
}

function toMillis(time: number | Date | string): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (!Number.isFinite(ms))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the time is not a valid date' });
  return ms;
}
