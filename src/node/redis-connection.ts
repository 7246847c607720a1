/**
 * The Redis connection the Redis stores share: a client the partner passes in (ioredis `Redis` or
 * `Cluster`) or a URL from which the stores make their own, importing `ioredis` only then. Scripts run by
 * SHA and are loaded again after a `NOSCRIPT` (a restarted or failed-over server forgets them).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { type Duration, parseDuration } from '../clock.js';
import { AcceptError, isAcceptError } from '../errors.js';

/**
 * The part of an ioredis client (`Redis` or `Cluster`, ioredis 5 or 6) the Redis stores use. Any client
 * with these methods works.
 *
 * @example
 * ```ts
 * import { Cluster } from 'ioredis';
 * import type { RedisClient } from 'diia-accept/node';
 * const redis: RedisClient = new Cluster([{ host: 'redis-1', port: 6379 }]);
 * ```
 */
export interface RedisClient {
  /** `EVAL script numkeys key… arg…`. */
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** `EVALSHA sha1 numkeys key… arg…`. */
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** A new connection with the same options (used for the pub/sub subscriber). */
  duplicate(): RedisClient;
  /** `SUBSCRIBE channel…`. */
  subscribe(...channels: string[]): Promise<unknown>;
  /** `PUBLISH channel message`. */
  publish(channel: string, message: string): Promise<unknown>;
  /** Events used: `message` (channel, message), `ready` (after every (re)connection), `error`. */
  // biome-ignore lint/suspicious/noExplicitAny: ioredis types its listeners per event; any keeps both clients assignable
  on(event: 'message' | 'ready' | 'error', listener: (...args: any[]) => void): unknown;
  /** Closes the connection after pending replies. */
  quit(): Promise<unknown>;
  /** Closes the connection at once and stops reconnecting. */
  disconnect(): void;
}

/**
 * Where the Redis stores find Redis: a client you made (it stays yours: the stores never close it) or a
 * `redis://` / `rediss://` URL (the stores connect through `ioredis` and close what they opened).
 *
 * @example
 * ```ts
 * import type { RedisSource } from 'diia-accept/node';
 * const source: RedisSource = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
 * ```
 */
export type RedisSource = RedisClient | string;

/** A Lua script with its SHA-1, run with {@link runScript}. */
export interface RedisScript {
  readonly source: string;
  readonly sha1: string;
}

/** Prepares a Lua script for {@link runScript}. */
export function redisScript(source: string): RedisScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Loads an optional package, turning its absence into `OPTIONAL_DEPENDENCY_MISSING` naming it. */
export async function importOptional<T>(name: string, feature: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (cause) {
    // Absent or broken alike: the feature cannot run; the loader's own error stays as `cause`.
    throw new AcceptError('OPTIONAL_DEPENDENCY_MISSING', {
      cause,
      detail: `${feature} needs the "${name}" package: npm install ${name}`,
    });
  }
}

type IoredisModule = { default: new (url: string, options?: object) => RedisClient };

/** A lazily opened connection: the URL form imports ioredis on first use only. */
export interface RedisConnection {
  /** The command client. */
  client(): Promise<RedisClient>;
  /** Closes what this connection opened (never a client the partner passed in). */
  close(): Promise<void>;
}

/** Wraps a {@link RedisSource} so that ioredis is imported and connected on first use only. */
export function redisConnection(source: RedisSource): RedisConnection {
  if (typeof source !== 'string') {
    if (!isRedisClient(source)) {
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: 'redis must be an ioredis client or a redis:// URL',
      });
    }
    return { client: async () => source, close: async () => {} };
  }
  if (!/^rediss?:\/\//.test(source)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'redis must be an ioredis client or a redis:// URL',
    });
  }
  let opened: Promise<RedisClient> | undefined;
  return {
    client() {
      opened ??= importOptional<IoredisModule>('ioredis', 'Redis support').then((mod) => {
        const client = new mod.default(source, { maxRetriesPerRequest: 2 });
        // Connection errors reach the callers as STORE_UNAVAILABLE; without a listener ioredis prints them.
        client.on('error', () => {});
        return client;
      });
      return opened;
    },
    async close() {
      if (!opened) return;
      const client = await opened.catch(() => undefined);
      opened = undefined;
      await client?.quit().catch(() => {});
    },
  };
}

function isRedisClient(value: unknown): value is RedisClient {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['eval', 'evalsha', 'duplicate', 'subscribe', 'publish', 'on', 'quit', 'disconnect'].every(
    (name) => typeof candidate[name] === 'function',
  );
}

/**
 * Runs a script by SHA, loading it with EVAL when the server does not know it. Connection failures become
 * `STORE_UNAVAILABLE` (with the Redis error as `cause`): the caller cannot tell what happened, so nothing
 * is reported as done.
 */
export async function runScript(
  client: RedisClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    try {
      return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return await client.eval(script.source, keys.length, ...keys, ...args);
    }
  } catch (error) {
    throw asStoreError(error);
  }
}

/** Maps a Redis or connection error to `STORE_UNAVAILABLE`, keeping it as `cause`. */
export function asStoreError(error: unknown): AcceptError {
  if (isAcceptError(error)) return error;
  return new AcceptError('STORE_UNAVAILABLE', { cause: error, detail: 'Redis' });
}

/** SHA-256 (hex) of an id: key names stay short, carry no raw code, and cannot break a `{hash tag}`. */
export function keyDigest(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Checks a key prefix: printable, no braces (they would change the Cluster hash tag). */
export function checkPrefix(prefix: string): string {
  if (!/^[\x21-\x7a|~]{0,64}$/.test(prefix) || /[{}]/.test(prefix)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'prefix must be up to 64 printable characters without spaces or braces',
    });
  }
  return prefix;
}

/** A duration option of a Redis store in ms, refused (`INVALID_ARGUMENT` naming it) unless longer than zero. */
export function positiveDuration(value: Duration, name: string): number {
  const ms = parseDuration(value);
  if (ms <= 0) throw new AcceptError('INVALID_ARGUMENT', { detail: `${name} must be longer than zero` });
  return ms;
}
