/**
 * The platform's keys from its published JWKS (`GET /.well-known/jwks.json`), cached, refreshed once on an
 * unknown `kid` (key rotation), and never trusted past a maximum staleness.
 *
 * @module
 */
import { readAllCapped } from '../bytes.js';
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { importKeySet, lookupKey, type TrustedKey, type TrustLookup, type TrustStore } from './trust.js';

/**
 * A `fetch` function: `globalThis.fetch` (undici on Node), or any compatible one (a proxy-aware client, a
 * test double).
 *
 * @example
 * ```ts
 * import type { FetchFunction } from 'diia-accept/verify';
 * const viaProxy: FetchFunction = (input, init) => fetch(input, { ...init, keepalive: true });
 * ```
 */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Options of {@link remoteJwks}.
 *
 * @example
 * ```ts
 * import type { RemoteJwksOptions } from 'diia-accept/verify';
 * const options: RemoteJwksOptions = { cacheMaxAge: '10m', cooldown: '30s', maxStale: '1h', timeout: '5s' };
 * ```
 */
export interface RemoteJwksOptions {
  /** Default: `globalThis.fetch`, read when a fetch happens. */
  readonly fetch?: FetchFunction;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Keys younger than this are used without asking the platform. Default `'10m'`. */
  readonly cacheMaxAge?: Duration;
  /** At least this long between two fetches (unknown `kid`, failures). Default `'30s'`. */
  readonly cooldown?: Duration;
  /**
   * When fetching fails, keys fetched at most this long ago are still used; older ones make every answer
   * `stale` (unknown). Default `'1h'`. Must not be shorter than `cacheMaxAge`.
   */
  readonly maxStale?: Duration;
  /** One fetch may take this long. Default `'5s'`. */
  readonly timeout?: Duration;
}

/** A JWKS is a few keys; anything bigger is not one. */
const MAX_JWKS_BYTES = 64 * 1024;
const MAX_KEYS = 64;

/**
 * A trust store over a remote JWKS. Answers:
 * - `found` for a published key of the requested algorithm;
 * - `unknown-key` when a fresh copy of the set (fetched again once, rate-limited by `cooldown`) lacks the
 *   `kid`: the key was never published or was rotated out;
 * - `unavailable` when the set cannot be fetched and no usable copy is held (or an unknown `kid` cannot
 *   be re-checked);
 * - `stale` when the copy held is older than `maxStale`.
 * Concurrent lookups share one fetch. Only public keys of allowed algorithms are imported; other keys in
 * the set are ignored. Only `https:` URLs are accepted, and `http:` on loopback (the sandbox).
 *
 * @example
 * ```ts
 * import { remoteJwks, verifyDocumentToken } from 'diia-accept/verify';
 * const trust = remoteJwks('https://platform.example/.well-known/jwks.json', { maxStale: '1h' });
 * const result = await verifyDocumentToken(token, { trust });
 * ```
 */
export function remoteJwks(url: string | URL, options: RemoteJwksOptions = {}): TrustStore {
  refuseUnknownOptions(
    options,
    optionKeys<RemoteJwksOptions>({
      fetch: true,
      clock: true,
      cacheMaxAge: true,
      cooldown: true,
      maxStale: true,
      timeout: true,
    }),
    'remoteJwks',
  );
  const target = checkUrl(url);
  const clock = options.clock ?? systemClock;
  const cacheMaxAge = parseDuration(options.cacheMaxAge ?? '10m');
  const cooldown = parseDuration(options.cooldown ?? '30s');
  const maxStale = parseDuration(options.maxStale ?? '1h');
  const timeout = parseDuration(options.timeout ?? '5s');
  if (maxStale < cacheMaxAge)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxStale must not be shorter than cacheMaxAge' });

  let keys: ReadonlyMap<string, TrustedKey> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: AcceptError | undefined;
  let inflight: Promise<boolean> | undefined;

  function refresh(): Promise<boolean> {
    if (inflight) return inflight;
    attemptedAt = clock.now();
    inflight = download(target, options.fetch, timeout).then(
      (fresh) => {
        keys = fresh;
        fetchedAt = clock.now();
        lastFailure = undefined;
        return true;
      },
      (cause: unknown) => {
        lastFailure =
          cause instanceof AcceptError
            ? cause
            : new AcceptError('TRUST_UNAVAILABLE', { detail: 'fetch failed', cause });
        return false;
      },
    );
    void inflight.finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  const mayRefresh = () => inflight !== undefined || clock.now() - attemptedAt >= cooldown;

  async function waitForRefresh(signal: AbortSignal | undefined): Promise<boolean | 'aborted'> {
    const pending = refresh();
    if (!signal) return pending;
    if (signal.aborted) return 'aborted';
    // The fetch is shared, so one caller's abort only stops that caller's wait, not the fetch.
    let onAbort = () => {};
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([pending, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  function answer(kid: string, alg: string): TrustLookup {
    if (!keys) return { status: 'unavailable', cause: lastFailure };
    if (clock.now() - fetchedAt > maxStale) return { status: 'stale', cause: lastFailure };
    return lookupKey(keys, kid, alg);
  }

  return {
    async resolve(kid, alg, callOptions) {
      const signal = callOptions?.signal;
      let refreshed = false;
      if ((!keys || clock.now() - fetchedAt >= cacheMaxAge) && mayRefresh()) {
        if ((await waitForRefresh(signal)) === 'aborted')
          return { status: 'unavailable', cause: new AcceptError('ABORTED') };
        refreshed = true;
      }
      const first = answer(kid, alg);
      if (first.status !== 'unknown-key') return first;
      // Key rotation: a kid we have not seen may be newer than our copy. Ask once, no more often than the
      // cooldown allows, so random kids cannot make us hammer the platform.
      if (!refreshed && mayRefresh()) {
        const ok = await waitForRefresh(signal);
        if (ok === 'aborted') return { status: 'unavailable', cause: new AcceptError('ABORTED') };
        if (!ok) return { status: 'unavailable', cause: lastFailure };
        return answer(kid, alg);
      }
      // The last attempt failed, so the copy may predate the key: we cannot say the key is unknown.
      if (lastFailure && attemptedAt > fetchedAt) return { status: 'unavailable', cause: lastFailure };
      return first;
    },
  };
}

function checkUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the JWKS URL is not a URL', cause });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'the JWKS URL must use https (http only on loopback)',
    });
  return parsed;
}

async function download(
  url: URL,
  fetchImpl: FetchFunction | undefined,
  timeoutMs: number,
): Promise<ReadonlyMap<string, TrustedKey>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const doFetch = fetchImpl ?? globalThis.fetch;
    const response = await doFetch(url, {
      signal: controller.signal,
      headers: { accept: 'application/jwk-set+json, application/json' },
      // A JWKS answers from where it is configured; a redirect is not followed to somewhere else.
      redirect: 'error',
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new AcceptError('TRUST_UNAVAILABLE', { detail: `JWKS answered HTTP ${response.status}` });
    }
    const parsed = parseJsonObject(await readLimited(response));
    const list = parsed.ok ? parsed.value.keys : undefined;
    if (!Array.isArray(list) || list.length > MAX_KEYS)
      throw new AcceptError('TRUST_KEY_INVALID', { detail: 'the JWKS is not {"keys": [...]}' });
    const set = await importKeySet(list, false);
    if (set.size === 0) throw new AcceptError('TRUST_KEY_INVALID', { detail: 'the JWKS has no usable key' });
    return set;
  } catch (cause) {
    if (cause instanceof AcceptError) throw cause;
    throw new AcceptError('TRUST_UNAVAILABLE', {
      detail: controller.signal.aborted ? 'JWKS fetch timed out' : 'JWKS fetch failed',
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const bytes = await readAllCapped(response.body, MAX_JWKS_BYTES);
  if (!bytes) throw new AcceptError('TRUST_KEY_INVALID', { detail: 'the JWKS is too large' });
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
