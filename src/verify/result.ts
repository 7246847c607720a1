/**
 * Three-state results. A check answers `valid`, `invalid` (the code is not genuine, not current or already
 * used) or `unknown` (trust data or the platform could not be reached: ask again, do not turn the holder
 * away). Verification functions return these instead of throwing, because `unknown` is an ordinary
 * answer at a front desk, not an exception; they throw only for programming errors (a missing option).
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../errors.js';

/**
 * A check that did not succeed: `invalid` or `unknown`, with the stable code of the reason and the error
 * (ready to throw or log; it holds no personal data and no token).
 *
 * @example
 * ```ts
 * import type { VerificationFailure } from 'diia-accept/verify';
 * function explain(f: VerificationFailure) {
 *   return f.status === 'unknown' ? 'try again' : f.reason;
 * }
 * ```
 */
export interface VerificationFailure {
  readonly status: 'invalid' | 'unknown';
  readonly reason: AcceptErrorCode;
  readonly error: AcceptError;
}

/**
 * A three-state result: `{ status: 'valid', ...T }` or a {@link VerificationFailure}.
 *
 * @example
 * ```ts
 * import type { Verdict } from 'diia-accept/verify';
 * type Checked = Verdict<{ readonly kid: string }>;
 * ```
 */
export type Verdict<T> = ({ readonly status: 'valid' } & T) | VerificationFailure;

/** @internal */
export function invalid(reason: AcceptErrorCode, detail?: string, cause?: unknown): VerificationFailure {
  return failure('invalid', reason, detail, cause);
}

/** @internal */
export function unknown(reason: AcceptErrorCode, detail?: string, cause?: unknown): VerificationFailure {
  return failure('unknown', reason, detail, cause);
}

function failure(
  status: 'invalid' | 'unknown',
  reason: AcceptErrorCode,
  detail: string | undefined,
  cause: unknown,
): VerificationFailure {
  const options: { detail?: string; cause?: unknown } = {};
  if (detail !== undefined) options.detail = detail;
  if (cause !== undefined) options.cause = cause;
  return { status, reason, error: new AcceptError(reason, options) };
}
