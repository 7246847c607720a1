/**
 * One platform call over `fetch`: the request, its timeout and cancellation, the size-capped body, the zod
 * check of the answer, and the retries of calls that are safe to repeat. Everything that goes wrong ends as
 * an {@link AcceptError}; the URL (which may hold the acquirer token or a barcode) never reaches a message.
 *
 * @module
 */
import { readAllCapped } from '../bytes.js';
import type { Clock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import { aborted } from './bearer.js';
import {
  codeForStatus,
  errorBodyHints,
  httpFailure,
  isRetryableStatus,
  PlatformHttpError,
  parseRetryAfter,
  platformErrorName,
} from './platform-errors.js';
import type { CallOptions } from './port.js';

/** What `safeParse` of a zod (mini) schema gives; all the transport needs of a schema. */
export interface AnswerSchema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; code: string }[] } };
}

export interface Endpoint<T> {
  /** The operation's name for error details, e.g. `'identify'`. Never holds arguments. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path with every segment already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly schema: AnswerSchema<T>;
  /** Whether repeating the call cannot do anything twice (GET, PUT, DELETE, login). */
  readonly safe: boolean;
  /** Whether an empty body is a valid answer (deletes). */
  readonly emptyBodyOk?: boolean;
  /** Whether this is the login (its 401/404 mean bad credentials, and it sends no bearer token). */
  readonly login?: boolean;
  /** Whether the call presents a document code (identification, document request): its 404 is an unknown code. */
  readonly codeCall?: boolean;
}

/** A call made with the session token (and the one re-login after a 401). */
export type AuthorisedCall = <T>(endpoint: Endpoint<T>, options?: CallOptions) => Promise<T>;

/** The resolved settings of {@link callEndpoint}. */
export interface HttpSettings {
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly userAgent: string | undefined;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

/** Answers longer than this are refused: no partner API answer comes near it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: AcceptError;
      readonly retryable: boolean;
      readonly unknown: boolean;
    };

/**
 * Makes the call, repeating it (with exponential backoff and jitter, or the platform's `Retry-After`) only
 * when it is safe to repeat and the failure is transient.
 */
export async function callEndpoint<T>(
  settings: HttpSettings,
  endpoint: Endpoint<T>,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  let outcomeWasUnknown = false;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(signal);
    const outcome = await attemptOnce(settings, endpoint, headers, timeoutMs, signal);
    if (outcome.ok) return outcome.value;
    const { error } = outcome;
    // A DELETE whose earlier attempt may have gone through finds nothing the second time: that is success.
    if (
      endpoint.method === 'DELETE' &&
      outcomeWasUnknown &&
      error.cause instanceof PlatformHttpError &&
      error.cause.status === 404
    ) {
      return undefined as T;
    }
    outcomeWasUnknown ||= outcome.unknown;
    if (!endpoint.safe || !outcome.retryable || attempt >= settings.attempts) throw error;
    const retryAfter = error.cause instanceof PlatformHttpError ? error.cause.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > settings.maxRetryAfterMs) throw error;
    await settings.sleep(retryAfter ?? backoff(settings, attempt), signal).catch(() => {
      throw signal ? aborted(signal) : new AcceptError('ABORTED');
    });
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, capped. */
function backoff(settings: HttpSettings, attempt: number): number {
  const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + settings.random() * (step / 2));
}

async function attemptOnce<T>(
  settings: HttpSettings,
  endpoint: Endpoint<T>,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const failed = (cause: unknown): Outcome<T> => {
    if (signal?.aborted) return { ok: false, error: aborted(signal), retryable: false, unknown: true };
    if (timedOut) {
      const error = new AcceptError('PLATFORM_TIMEOUT', {
        cause,
        detail: `${endpoint.name}: no answer within ${timeoutMs} ms`,
      });
      return { ok: false, error, retryable: true, unknown: true };
    }
    const error = new AcceptError('PLATFORM_UNAVAILABLE', {
      cause,
      detail: `${endpoint.name}: the connection failed`,
    });
    return { ok: false, error, retryable: true, unknown: true };
  };

  try {
    let response: Response;
    try {
      response = await settings.fetch(requestUrl(settings.baseUrl, endpoint), {
        method: endpoint.method,
        headers: requestHeaders(settings, endpoint, headers),
        ...(endpoint.body === undefined ? {} : { body: JSON.stringify(endpoint.body) }),
        // A redirect would carry the call somewhere the partner did not configure.
        redirect: 'error',
        signal: controller.signal,
      });
    } catch (cause) {
      return failed(cause);
    }

    let text: string;
    try {
      text = await readCapped(response);
    } catch (cause) {
      if (cause instanceof AcceptError) return { ok: false, error: cause, retryable: false, unknown: false };
      return failed(cause);
    }

    if (response.status < 200 || response.status > 299) {
      const errorBody = tryJson(text);
      const name = platformErrorName(errorBody);
      const retryAfterMs =
        response.status === 429 || response.status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), settings.clock.now())
          : undefined;
      const cause = new PlatformHttpError(response.status, name, retryAfterMs, errorBodyHints(errorBody));
      const error = httpFailure(
        endpoint.name,
        cause,
        endpoint.login ? 'login' : 'call',
        endpoint.codeCall === true,
      );
      const unknown = codeForStatus(response.status, 'call') === 'PLATFORM_UNAVAILABLE';
      return { ok: false, error, retryable: isRetryableStatus(response.status), unknown };
    }
    return { ok: true, value: parseAnswer(endpoint, text) };
  } catch (cause) {
    if (cause instanceof AcceptError) return { ok: false, error: cause, retryable: false, unknown: false };
    return failed(cause);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function requestUrl(baseUrl: string, endpoint: Endpoint<unknown>): string {
  let url = baseUrl + endpoint.path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(endpoint.query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const query = params.toString();
  if (query) url += `?${query}`;
  return url;
}

function requestHeaders(
  settings: HttpSettings,
  endpoint: Endpoint<unknown>,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (endpoint.body !== undefined) headers['content-type'] = 'application/json';
  if (settings.userAgent) headers['user-agent'] = settings.userAgent;
  return headers;
}

/** Reads the body as UTF-8, refusing answers over {@link MAX_BODY_BYTES}. */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const bytes = await readAllCapped(response.body, MAX_BODY_BYTES);
  if (!bytes) throw new AcceptError('PLATFORM_MALFORMED_RESPONSE', { detail: 'the answer is too large' });
  return new TextDecoder().decode(bytes);
}

/** An error body's JSON object, or undefined: error bodies only give hints, never a failure of their own. */
function tryJson(text: string): Record<string, unknown> | undefined {
  const parsed = parseJsonObject(text);
  return parsed.ok ? parsed.value : undefined;
}

function parseAnswer<T>(endpoint: Endpoint<T>, text: string): T {
  let json: unknown;
  if (text.trim() === '') {
    if (!endpoint.emptyBodyOk) {
      throw new AcceptError('PLATFORM_MALFORMED_RESPONSE', { detail: `${endpoint.name}: empty answer` });
    }
    json = undefined;
  } else {
    // Every answer of the partner API is a JSON object. No cause on failure: the body may hold personal data.
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      throw new AcceptError('PLATFORM_MALFORMED_RESPONSE', {
        detail: `${endpoint.name}: the answer is not ${parsed.failure === 'not-an-object' ? 'a JSON object' : 'JSON'}`,
      });
    }
    json = parsed.value;
  }
  const result = endpoint.schema.safeParse(json);
  if (result.success) return result.data;
  // Some official SDKs treat a 200 with `{ success: false }` as a refusal: the platform said no without an
  // error status, so it is a refusal here too, not a malformed answer.
  if (typeof json === 'object' && json !== null && (json as { success?: unknown }).success === false) {
    throw new AcceptError('PLATFORM_BAD_REQUEST', {
      detail: `${endpoint.name}: the platform answered success: false`,
    });
  }
  // Only where and what kind: the offending value may be personal data.
  const where = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
  throw new AcceptError('PLATFORM_MALFORMED_RESPONSE', {
    cause: result.error,
    detail: `${endpoint.name}: ${where}`,
  });
}
