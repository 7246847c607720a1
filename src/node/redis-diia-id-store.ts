/**
 * The `DiiaIdStore` port on Redis, for several partner instances behind a load balancer: the instance that
 * receives the Diia ID webhook stores the verified result; the instance whose operator awaits the session
 * learns of it through pub/sub (or, should a message be lost, by reading again).
 *
 * @module
 */

import { type Clock, type Duration, systemClock } from '../clock.js';
import type { DiiaIdStore } from '../diia-id/store.js';
import { AcceptError, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import {
  asStoreError,
  checkPrefix,
  keyDigest,
  positiveDuration as positive,
  type RedisSource,
  redisConnection,
  runScript,
} from './redis-connection.js';
import {
  damaged,
  decodeResult,
  encodeRequest,
  encodeResult,
  fieldsToRequest,
  MAX_REQUEST_BYTES,
  MAX_RESULT_BYTES,
} from './redis-diia-id-codec.js';
import { END, PUT_RESULT, READ_REQUEST, READ_RESULT } from './redis-diia-id-scripts.js';
import { CREATE } from './redis-share-scripts.js';
import { settlementHub } from './redis-share-watch.js';

/**
 * Options of {@link redisDiiaIdStore}.
 *
 * @example
 * ```ts
 * import type { RedisDiiaIdStoreOptions } from 'diia-accept/node';
 * const options: RedisDiiaIdStoreOptions = { redis: 'redis://127.0.0.1:6379', keepFor: '30m' };
 * ```
 */
export interface RedisDiiaIdStoreOptions {
  /** An ioredis client (`Redis` or `Cluster`; stays yours) or a `redis://` URL (opened on first use). */
  readonly redis: RedisSource;
  /** Put before every key and the channel, so several applications can share one Redis. Default `'diia-accept:'`. */
  readonly prefix?: string;
  /** Decides lateness of deliveries and every TTL. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * How long a request and its result (personal data: the signer's name, tax number, certificate) are
   * kept after the request's `expiresAt`. Take what you need within this time. Default `'1h'`, as
   * `memoryDiiaIdStore`.
   */
  readonly keepFor?: Duration;
  /** How often watched requests are read again, in case a pub/sub message was lost. Default `'2s'`. */
  readonly pollInterval?: Duration;
}

/**
 * A {@link DiiaIdStore} with a close method: it stops polling and closes the connections it opened.
 *
 * @example
 * ```ts
 * import { redisDiiaIdStore, type RedisDiiaIdStore } from 'diia-accept/node';
 * const store: RedisDiiaIdStore = redisDiiaIdStore({ redis: process.env.REDIS_URL! });
 * process.on('SIGTERM', () => void store.close());
 * ```
 */
export interface RedisDiiaIdStore extends DiiaIdStore {
  /** Stops watching (pending `watch` calls reject with `ABORTED`) and closes what the store opened. */
  close(): Promise<void>;
}

/**
 * The Redis {@link DiiaIdStore}. Every method is one Lua script, so a request's state is decided once on
 * the server even when several instances receive the same delivery: the result is written in the same step
 * that marks the request delivered, so when the webhook answers 200 the result is in Redis, and a repeated
 * delivery (same fingerprint) is a `duplicate` on any instance. Keys of a request share a hash tag
 * (`<prefix>diia-id:{<sha-256 of the id>}:request|result`), so the store works on Redis Cluster; the
 * channel `<prefix>diia-id:settled` wakes watches on every instance.
 *
 * **Redis holds personal data** while a result is kept: the signer's full name, tax number and certificate,
 * and the signatures. The store never logs them; encryption at rest, ACLs and who may read the Redis are
 * the operator's. Every key expires at the request's `expiresAt` plus `keepFor` (by the caller's clock).
 * Uint8Array fields (digests, signatures, certificates, chains) read back byte for byte; a stored value
 * that is damaged, foreign or too large is `STORE_UNAVAILABLE` naming what is wrong.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { redisDiiaIdStore } from 'diia-accept/node';
 * const store = redisDiiaIdStore({ redis: new Redis(process.env.REDIS_URL!), prefix: 'cnap:', keepFor: '30m' });
 * const acceptor = createAcceptor({ transport, trust, branchId, diiaId: { caCertificates, store } });
 * ```
 */
export function redisDiiaIdStore(options: RedisDiiaIdStoreOptions): RedisDiiaIdStore {
  refuseUnknownOptions(
    options,
    optionKeys<RedisDiiaIdStoreOptions>({
      redis: true,
      prefix: true,
      clock: true,
      keepFor: true,
      pollInterval: true,
    }),
    'redisDiiaIdStore',
  );
  const prefix = checkPrefix(options.prefix ?? 'diia-accept:');
  const clock = options.clock ?? systemClock;
  const keepFor = positive(options.keepFor ?? '1h', 'keepFor');
  const pollInterval = positive(options.pollInterval ?? '2s', 'pollInterval');
  const connection = redisConnection(options.redis);
  const channel = `${prefix}diia-id:settled`;
  const now = () => Math.floor(clock.now());

  const keysOf = (id: string) => {
    if (typeof id !== 'string')
      throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a Diia ID request id is a string' });
    const tag = `${prefix}diia-id:{${keyDigest(id)}}`;
    return { request: `${tag}:request`, result: `${tag}:result` };
  };
  const run = async (script: Parameters<typeof runScript>[1], keys: string[], args: (string | number)[]) =>
    runScript(await connection.client(), script, keys, args);
  // Only the port's codes leave the store: anything else (a bug, a throwing clock) is STORE_UNAVAILABLE.
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isAcceptError(error, 'SHARE_STATE_CONFLICT') || isAcceptError(error, 'ABORTED')) throw error;
      if (isAcceptError(error, 'STORE_UNAVAILABLE')) throw error;
      throw new AcceptError('STORE_UNAVAILABLE', { cause: error, detail: 'the Redis Diia ID store failed' });
    }
  };

  const read = async (id: string) =>
    fieldsToRequest(await run(READ_REQUEST, [keysOf(id).request], [MAX_REQUEST_BYTES]));

  const hub = settlementHub({
    connection,
    channel,
    pollInterval,
    read,
    // Settled when no longer pending; a missing request settles too (as the memory store's watch does).
    decide: (entry) => (entry?.record.state === 'pending' ? undefined : { value: undefined }),
  });

  return {
    create: (record) =>
      guard(async () => {
        const json = encodeRequest(record);
        const ttl = Math.max(record.expiresAt - now(), 0) + keepFor;
        const made = await run(
          CREATE,
          [keysOf(record.id).request],
          [json, record.state, record.expiresAt, record.updatedAt, Math.ceil(ttl)],
        );
        if (made !== 1) throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'the id exists' });
      }),

    get: (id) => guard(async () => (await read(id))?.record),

    fingerprint: (id) =>
      guard(async () => {
        const entry = await read(id);
        return entry?.record.state === 'delivered' ? entry.fingerprint : undefined;
      }),

    putResult: (id, result, fingerprint) =>
      guard(async () => {
        if (typeof fingerprint !== 'string')
          throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a fingerprint is a string' });
        const keys = keysOf(id);
        const reply = await run(
          PUT_RESULT,
          [keys.request, keys.result],
          [now(), encodeResult(result), fingerprint, keepFor, channel, id],
        );
        const [status, why] = Array.isArray(reply) ? reply : [];
        if (status === '!damaged') throw damaged(`a stored Diia ID request is damaged: ${String(why)}`);
        if (
          status === 'stored' ||
          status === 'duplicate' ||
          status === 'conflict' ||
          status === 'late' ||
          status === 'unknown'
        )
          return { status };
        throw damaged('Redis answered a Diia ID result with something unexpected');
      }),

    getResult: (id) =>
      guard(async () => {
        const reply = await run(READ_RESULT, [keysOf(id).result], [MAX_RESULT_BYTES]);
        if (reply === null || reply === undefined) return undefined;
        if (Array.isArray(reply)) throw damaged(`a stored Diia ID result is damaged: ${String(reply[1])}`);
        if (typeof reply !== 'string') throw damaged('a stored Diia ID result is not text');
        return decodeResult(reply);
      }),

    end: (id, to) =>
      guard(async () => {
        if (to !== 'expired' && to !== 'cancelled')
          throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a request ends expired or cancelled' });
        const reply = await run(
          END,
          [keysOf(id).request],
          [to, now(), keepFor, channel, id, MAX_REQUEST_BYTES],
        );
        if (reply === null || reply === undefined) return undefined;
        return fieldsToRequest(reply)?.record;
      }),

    async watch(id, watchOptions = {}) {
      await hub.wait(id, watchOptions.signal).catch((error: unknown) => {
        throw isAcceptError(error) ? error : asStoreError(error);
      });
    },

    async close() {
      await hub.close();
      await connection.close().catch((error: unknown) => {
        throw asStoreError(error);
      });
    },
  };
}
