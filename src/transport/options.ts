/**
 * The settings of {@link diiaTransport}, and how they are checked and given their defaults.
 *
 * @module
 */
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { HttpSettings } from './http.js';

/**
 * Options of {@link diiaTransport}.
 *
 * @example
 * ```ts
 * import { diiaTransport, type DiiaTransportOptions } from 'diia-accept/transport';
 * const options: DiiaTransportOptions = {
 *   baseUrl: 'https://api2s.diia.gov.ua',
 *   acquirerToken: process.env.DIIA_ACQUIRER_TOKEN!,
 *   timeouts: { request: '10s' },
 *   retries: { attempts: 3 },
 * };
 * const transport = diiaTransport(options);
 * ```
 */
export interface DiiaTransportOptions {
  /** The platform's address: `https://api2.diia.gov.ua` (production), `https://api2s.diia.gov.ua` (test). */
  readonly baseUrl: string | URL;
  /** The partner's acquirer token, used only to log in. Never appears in errors. */
  readonly acquirerToken: string;
  /**
   * What the login sends as `Authorization: Basic …`: by default the acquirer token itself (as the official
   * Java and .NET SDKs do); a string sends that value instead (a second credential, as the PHP SDK allows);
   * `false` sends no `Authorization` header (as the JS SDK). Which the platform needs is unconfirmed.
   */
  readonly authAcquirerToken?: string | false;
  /** The `fetch` to use; `globalThis.fetch` (undici on Node) by default. Read when the call is made. */
  readonly fetch?: typeof globalThis.fetch;
  /** The clock for session expiry; `systemClock` by default. */
  readonly clock?: Clock;
  /** How long one attempt may take. */
  readonly timeouts?: {
    /** The login call; 10 s by default. */
    readonly login?: Duration;
    /** Every other call; 15 s by default. A call's own `timeout` option overrides it. */
    readonly request?: Duration;
  };
  /** Repeats of calls that are safe to repeat (see {@link diiaTransport}); `false` turns them off. */
  readonly retries?:
    | false
    | {
        /** How many attempts in all, the first included; 3 by default, at most 10. */
        readonly attempts?: number;
        /** The first backoff step; 250 ms by default. It doubles each time, with jitter. */
        readonly baseDelay?: Duration;
        /** The longest backoff step; 5 s by default. */
        readonly maxDelay?: Duration;
        /** The longest `Retry-After` the transport waits for; a longer one fails at once. 30 s by default. */
        readonly maxRetryAfter?: Duration;
      };
  /** How long the session token lives; `'2h'` by default, as the platform documents. */
  readonly sessionLifetime?: Duration;
  /** How long before the end the session token is renewed; `'5m'` by default. */
  readonly renewBefore?: Duration;
  /**
   * A `User-Agent` header, for servers (the platform's logs then name your system). Not sent unless set:
   * in a browser it is either dropped or, where allowed, it makes the CORS preflight ask for one more header.
   */
  readonly userAgent?: string;
  /**
   * Waits between retries. By default a timer; tests and schedulers may replace it (it must reject when
   * the signal aborts).
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type RetryOptions = Exclude<NonNullable<DiiaTransportOptions['retries']>, false>;
const RETRY_KEYS = optionKeys<RetryOptions>({
  attempts: true,
  baseDelay: true,
  maxDelay: true,
  maxRetryAfter: true,
});
const TIMEOUT_KEYS = optionKeys<NonNullable<DiiaTransportOptions['timeouts']>>({
  login: true,
  request: true,
});

/** Everything {@link diiaTransport} needs, checked and with defaults. */
export interface ResolvedOptions extends HttpSettings {
  readonly acquirerToken: string;
  readonly authAcquirerToken: string | false | undefined;
  readonly loginTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly sessionLifetimeMs: number;
  readonly renewBeforeMs: number;
}

/** Checks the options and fills in the defaults. Throws `INVALID_ARGUMENT` (never quoting a token). */
export function resolveOptions(options: DiiaTransportOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) invalid('options must be an object');
  const baseUrl = resolveBaseUrl(options.baseUrl);
  if (typeof options.acquirerToken !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(options.acquirerToken)) {
    invalid('acquirerToken must be a non-empty printable ASCII string');
  }
  if (
    options.authAcquirerToken !== undefined &&
    options.authAcquirerToken !== false &&
    (typeof options.authAcquirerToken !== 'string' ||
      !/^[\x21-\x7e]{1,4096}$/.test(options.authAcquirerToken))
  ) {
    invalid('authAcquirerToken must be false or a non-empty printable ASCII string');
  }
  refuseUnknownOptions(options.timeouts, TIMEOUT_KEYS, 'diiaTransport timeouts');
  if (options.retries !== false) refuseUnknownOptions(options.retries, RETRY_KEYS, 'diiaTransport retries');
  const retries: RetryOptions = options.retries === false ? { attempts: 1 } : (options.retries ?? {});
  const attempts = retries.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10)
    invalid('retries.attempts must be 1 to 10');
  const sessionLifetimeMs = parseDuration(options.sessionLifetime ?? '2h');
  const renewBeforeMs = parseDuration(options.renewBefore ?? '5m');
  if (renewBeforeMs >= sessionLifetimeMs) invalid('renewBefore must be shorter than sessionLifetime');
  const loginTimeoutMs = parseDuration(options.timeouts?.login ?? '10s');
  const requestTimeoutMs = parseDuration(options.timeouts?.request ?? '15s');
  if (loginTimeoutMs < 1 || requestTimeoutMs < 1) invalid('timeouts must be at least 1 ms');
  const chosenFetch = options.fetch;
  if (chosenFetch !== undefined && typeof chosenFetch !== 'function') invalid('fetch must be a function');

  return {
    baseUrl,
    // Read at call time, not at import or construction: tests and polyfills may install it later.
    fetch: chosenFetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
    userAgent: options.userAgent,
    attempts,
    baseDelayMs: parseDuration(retries.baseDelay ?? 250),
    maxDelayMs: parseDuration(retries.maxDelay ?? '5s'),
    maxRetryAfterMs: parseDuration(retries.maxRetryAfter ?? '30s'),
    sleep: options.sleep ?? timerSleep,
    random: Math.random,
    acquirerToken: options.acquirerToken,
    authAcquirerToken: options.authAcquirerToken,
    loginTimeoutMs,
    requestTimeoutMs,
    sessionLifetimeMs,
    renewBeforeMs,
  };
}

const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function resolveBaseUrl(value: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return invalid('baseUrl is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    // The acquirer token travels in the login path: plain HTTP only to this machine (the sandbox).
    invalid('baseUrl must be https (http only for localhost / 127.0.0.1 / [::1])');
  }
  if (url.username || url.password) invalid('baseUrl must not carry credentials');
  if (url.search || url.hash) invalid('baseUrl must not have a query or a fragment');
  // A path prefix (a proxy mounting the API under /diia) is kept; the trailing slash is not.
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function invalid(detail: string): never {
  throw new AcceptError('INVALID_ARGUMENT', { detail });
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
