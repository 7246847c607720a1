/**
 * How the platform's HTTP answers become the SDK's error codes (docs/protocol.md §1.2). The gateway answers
 * errors with `{ name, message, code, type, data }`; for document codes its documents service says 404 for
 * an unknown code and 400 for both a used and an expired one, told apart by the body (the message, or
 * `data.expirationDate`). 409, 410 and 422 are kept as tolerated aliases; the platform's own answer is kept as the `cause` (a {@link PlatformHttpError}),
 * never in the message, because its text may echo what the partner sent.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../errors.js';

/**
 * The platform's answer to a failed call, kept as the `cause` of the {@link AcceptError} the transport
 * throws. It holds the HTTP status and the platform's error `name`; the platform's free-text message is
 * kept only cut short, and neither the URL (which carries the acquirer token on login, the barcode on status
 * calls) nor any header is stored.
 *
 * @example
 * ```ts
 * import { isAcceptError } from 'diia-accept';
 * import { PlatformHttpError } from 'diia-accept/transport';
 * try { await admin.branches.get(id); } catch (e) {
 *   if (isAcceptError(e) && e.cause instanceof PlatformHttpError) console.log(e.cause.status);
 * }
 * ```
 */
export class PlatformHttpError extends Error {
  /** The HTTP status the platform answered with. */
  readonly status: number;
  /** The platform's error name (`name` in its error body), if it sent one. */
  readonly platformName: string | undefined;
  /** The delay the platform asked for in `Retry-After`, in milliseconds, if any. */
  readonly retryAfterMs: number | undefined;
  /** What the error body said about the code (used, expired), without its text. */
  readonly hints: ErrorBodyHints;

  constructor(status: number, platformName?: string, retryAfterMs?: number, hints?: ErrorBodyHints) {
    super(`the platform answered HTTP ${status}${platformName ? ` (${platformName})` : ''}`);
    this.name = 'PlatformHttpError';
    this.status = status;
    this.platformName = platformName;
    this.retryAfterMs = retryAfterMs;
    this.hints = hints ?? { used: false, expired: false };
  }
}

/**
 * What the gateway's error body said, read without keeping its text: whether it speaks of a used or an
 * expired code (or carries `data.expirationDate`), or of a branch or an offer.
 *
 * @example
 * ```ts
 * import { isAcceptError } from 'diia-accept';
 * import { PlatformHttpError } from 'diia-accept/transport';
 * try { await transport.identify(request); } catch (e) {
 *   if (isAcceptError(e) && e.cause instanceof PlatformHttpError && e.cause.hints.expired) askForANewCode();
 * }
 * ```
 */
export interface ErrorBodyHints {
  readonly used: boolean;
  readonly expired: boolean;
  /** The message speaks of a branch (or an offer): a 404 is then about it, not about the code. */
  readonly branch?: boolean;
}

/** Reads the gateway's error body `{ name, message, code, type, data }` for the used / expired hints. */
export function errorBodyHints(body: unknown): ErrorBodyHints {
  if (typeof body !== 'object' || body === null) return { used: false, expired: false };
  const { message, data } = body as { message?: unknown; data?: unknown };
  const text = typeof message === 'string' ? message.slice(0, 512) : '';
  const expirationDate =
    typeof data === 'object' && data !== null && (data as { expirationDate?: unknown }).expirationDate;
  return {
    branch: /\b(branch|offer)\b/i.test(text),
    used: /\b(has been|already|was) used\b|\bused already\b/i.test(text),
    expired: /\bexpired?\b/i.test(text) || (expirationDate !== undefined && expirationDate !== false),
  };
}

/**
 * The SDK's code for an HTTP status of the platform. 404 on the login means the acquirer token is not
 * known, so it is reported as unauthorised rather than as a missing branch. On the calls that present a
 * document code (`codeCall`), 404 means the platform knows no such code, unless its message speaks of a
 * branch or an offer. A 400 whose body speaks of a used
 * code, or of an expired one (or carries `data.expirationDate`), is that; other 400s are bad requests.
 */
export function codeForStatus(
  status: number,
  during: 'login' | 'call',
  hints: ErrorBodyHints = { used: false, expired: false },
  codeCall = false,
): AcceptErrorCode {
  if (during === 'login' && (status === 401 || status === 403 || status === 404))
    return 'PLATFORM_UNAUTHORISED';
  switch (status) {
    case 400:
      if (hints.used) return 'PLATFORM_CODE_USED';
      if (hints.expired) return 'PLATFORM_CODE_EXPIRED';
      return 'PLATFORM_BAD_REQUEST';
    case 401:
      return 'PLATFORM_UNAUTHORISED';
    case 403:
      return 'PLATFORM_FORBIDDEN_SCOPE';
    case 404:
      return codeCall && !hints.branch ? 'PLATFORM_CODE_UNKNOWN' : 'PLATFORM_NOT_FOUND';
    case 409:
      return 'PLATFORM_CODE_USED';
    case 410:
      return 'PLATFORM_CODE_EXPIRED';
    case 422:
      return 'PLATFORM_BAD_BARCODE';
    case 429:
      return 'PLATFORM_RATE_LIMITED';
    default:
      // Other 4xx answers mean the platform understood and refused the request; everything else (5xx,
      // unexpected 1xx/3xx) leaves the result unknown.
      return status >= 400 && status < 500 ? 'PLATFORM_BAD_REQUEST' : 'PLATFORM_UNAVAILABLE';
  }
}

/** Statuses after which a safe call may be tried again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** The platform's error name, if the body is the documented `{ code, name, message }` and the name is tame. */
export function platformErrorName(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const name = (body as { name?: unknown }).name;
  // Only identifier-like names: a free-text name could carry whatever the request held.
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : undefined;
}

/**
 * Reads `Retry-After` (delta seconds or an HTTP date) as milliseconds from `now`; undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The error a failed HTTP answer becomes. `call` names the operation, never its arguments. */
export function httpFailure(
  call: string,
  error: PlatformHttpError,
  during: 'login' | 'call',
  codeCall = false,
): AcceptError {
  const code = codeForStatus(error.status, during, error.hints, codeCall);
  let detail = `${call}: HTTP ${error.status}`;
  if (code === 'PLATFORM_RATE_LIMITED' && error.retryAfterMs !== undefined) {
    detail += `, retry after ${Math.ceil(error.retryAfterMs / 1000)} s`;
  }
  return new AcceptError(code, { cause: error, detail });
}
