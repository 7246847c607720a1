/**
 * A `fetch` for `diiaTransport` on Node with its own undici connection pool: a cap on connections to the
 * platform, keep-alive and connect timeouts set for a front desk, and a `close()` that ends the sockets
 * when the service stops. Node's built-in `fetch` also keeps connections alive, but in one pool shared by
 * the whole process and without a limit.
 *
 * @module
 */
import { Agent, fetch as fetchWithAgent } from 'undici';
import { type Duration, parseDuration } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';

/**
 * Options of {@link undiciFetch}.
 *
 * @example
 * ```ts
 * const options: UndiciFetchOptions = { connections: 4, keepAlive: '30s' };
 * ```
 */
export interface UndiciFetchOptions {
  /** The most sockets open to one origin at once; 8 by default. */
  readonly connections?: number;
  /** How long an idle socket stays open for the next call; `'30s'` by default. */
  readonly keepAlive?: Duration;
  /** How long connecting (TCP and TLS) may take; `'10s'` by default. */
  readonly connectTimeout?: Duration;
}

/**
 * A pooled `fetch` and the means to close its pool.
 *
 * @example
 * ```ts
 * const pooled: PooledFetch = undiciFetch();
 * await pooled.close();
 * ```
 */
export interface PooledFetch {
  /** Pass this as `fetch` to `diiaTransport`. */
  readonly fetch: typeof globalThis.fetch;
  /** Closes the pool: calls in flight finish, idle sockets close, later calls fail. */
  close(): Promise<void>;
}

/**
 * Makes a `fetch` backed by its own undici `Agent`.
 *
 * @example
 * ```ts
 * import { undiciFetch } from 'diia-accept/node';
 * import { diiaTransport } from 'diia-accept/transport';
 * const pooled = undiciFetch({ connections: 4 });
 * const transport = diiaTransport({ baseUrl, acquirerToken, fetch: pooled.fetch });
 * process.once('SIGTERM', () => void pooled.close());
 * ```
 */
export function undiciFetch(options: UndiciFetchOptions = {}): PooledFetch {
  refuseUnknownOptions(
    options,
    optionKeys<UndiciFetchOptions>({ connections: true, keepAlive: true, connectTimeout: true }),
    'undiciFetch',
  );
  const connections = options.connections ?? 8;
  if (!Number.isInteger(connections) || connections < 1 || connections > 1024) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'connections must be 1 to 1024' });
  }
  const keepAlive = parseDuration(options.keepAlive ?? '30s');
  const agent = new Agent({
    connections,
    keepAliveTimeout: keepAlive,
    keepAliveMaxTimeout: Math.max(keepAlive, 1),
    connect: { timeout: parseDuration(options.connectTimeout ?? '10s') },
  });
  const pooled = ((input: RequestInfo | URL, init?: RequestInit) =>
    // undici's own types describe the same web-standard objects as the DOM's; only the declarations differ.
    fetchWithAgent(
      input as never,
      { ...(init as object), dispatcher: agent } as never,
    )) as unknown as typeof fetch;
  return { fetch: pooled, close: () => agent.close() };
}
