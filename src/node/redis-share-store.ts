/**
 * The `ShareStore` port on Redis, for several partner instances behind a load balancer: the instance that
 * receives the webhook stores the copies; the instance whose operator awaits the session learns of it
 * through pub/sub (or, should a message be lost, by reading again).
 *
 * @module
 */
import { type Clock, type Duration, systemClock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { ConsentReceipt } from '../share/receipt.js';
import { isFinalState, type ShareState } from '../share/state.js';
import { type Delivery, type ShareRecord, type ShareStore, sameCopies } from '../share/store.js';
import {
  asStoreError,
  checkPrefix,
  keyDigest,
  positiveDuration as positive,
  type RedisSource,
  redisConnection,
  runScript,
} from './redis-connection.js';
import { decodeDelivery, encodeDelivery, fieldsToRecord } from './redis-share-codec.js';
import { CREATE, PUT_DELIVERY, READ, READ_VALUE, TRANSITION } from './redis-share-scripts.js';
import { settlementHub } from './redis-share-watch.js';

/**
 * Options of {@link redisShareStore}.
 *
 * @example
 * ```ts
 * import type { RedisShareStoreOptions } from 'diia-accept/node';
 * const options: RedisShareStoreOptions = { redis: 'redis://127.0.0.1:6379', retention: '30m' };
 * ```
 */
export interface RedisShareStoreOptions {
  /** An ioredis client (`Redis` or `Cluster`; stays yours) or a `redis://` URL (opened on first use). */
  readonly redis: RedisSource;
  /** Put before every key and the channel, so several applications can share one Redis. Default `'diia-accept:'`. */
  readonly prefix?: string;
  /** Decides lateness of deliveries and every TTL. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * How long a session and its delivered copies (personal data) are kept after the session ends (or after
   * its `expiresAt`, if nobody ends it). Take the copies into your case file within this time. Default `'1h'`.
   */
  readonly retention?: Duration;
  /** How long a consent receipt (no personal data) is kept after its delivery. Default `'30d'`. */
  readonly receiptRetention?: Duration;
  /** How often watched sessions are read again, in case a pub/sub message was lost. Default `'2s'`. */
  readonly pollInterval?: Duration;
}

/**
 * A {@link ShareStore} with a close method: it stops polling and closes the connections it opened.
 *
 * @example
 * ```ts
 * import { redisShareStore, type RedisShareStore } from 'diia-accept/node';
 * const store: RedisShareStore = redisShareStore({ redis: process.env.REDIS_URL! });
 * process.on('SIGTERM', () => void store.close());
 * ```
 */
export interface RedisShareStore extends ShareStore {
  /** Stops watching (pending `watch` calls reject with `ABORTED`) and closes what the store opened. */
  close(): Promise<void>;
}

/**
 * The Redis {@link ShareStore}. Every method is one Lua script, so state changes are compare-and-set on the
 * server and a delivery is written, with its receipt, in the same step that marks the session delivered:
 * when the webhook answers 200 the copy is in Redis. Keys of a session share a hash tag
 * (`<prefix>share:{<sha-256 of the id>}:session|delivery|receipt`), so the store works on Redis Cluster.
 *
 * What is kept: a pending session until its `expiresAt` plus `retention`; an ended session and its copies
 * for `retention` after it ended; the receipt for `receiptRetention`. Redis must not evict keys
 * (`maxmemory-policy noeviction`); see docs/production.md for persistence.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { redisShareStore } from 'diia-accept/node';
 * const store = redisShareStore({ redis: new Redis(process.env.REDIS_URL!), prefix: 'cnap:', retention: '2h' });
 * const acceptor = createAcceptor({ transport, trust, branchId, stores: { share: store } });
 * ```
 */
export function redisShareStore(options: RedisShareStoreOptions): RedisShareStore {
  refuseUnknownOptions(
    options,
    optionKeys<RedisShareStoreOptions>({
      redis: true,
      prefix: true,
      clock: true,
      retention: true,
      receiptRetention: true,
      pollInterval: true,
    }),
    'redisShareStore',
  );
  const prefix = checkPrefix(options.prefix ?? 'diia-accept:');
  const clock = options.clock ?? systemClock;
  const retention = positive(options.retention ?? '1h', 'retention');
  const receiptRetention = positive(options.receiptRetention ?? '30d', 'receiptRetention');
  const pollInterval = positive(options.pollInterval ?? '2s', 'pollInterval');
  const connection = redisConnection(options.redis);
  const channel = `${prefix}share:settled`;

  const keysOf = (id: string) => {
    if (typeof id !== 'string')
      throw new AcceptError('INVALID_ARGUMENT', { detail: 'a session id is a string' });
    const tag = `${prefix}share:{${keyDigest(id)}}`;
    return { session: `${tag}:session`, delivery: `${tag}:delivery`, receipt: `${tag}:receipt` };
  };
  const run = async (script: Parameters<typeof runScript>[1], keys: string[], args: (string | number)[]) =>
    runScript(await connection.client(), script, keys, args);

  const get = async (id: string): Promise<ShareRecord | undefined> =>
    fieldsToRecord(await run(READ, [keysOf(id).session], []));

  const readValue = async (key: string): Promise<string | undefined> => {
    const value = await run(READ_VALUE, [key], []);
    return typeof value === 'string' ? value : undefined;
  };

  const hub = settlementHub({ connection, channel, pollInterval, read: get });

  return {
    async create(record) {
      const now = clock.now();
      const ttl = Math.max(record.expiresAt - now, 0) + retention;
      const json = JSON.stringify({ ...record, documentTypes: [...record.documentTypes] });
      const made = await run(
        CREATE,
        [keysOf(record.id).session],
        [json, record.state, record.expiresAt, record.updatedAt, Math.ceil(ttl)],
      );
      if (made !== 1) throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'the id exists' });
    },

    get,

    async transition(id, from, to, patch = {}) {
      const sources: readonly ShareState[] = typeof from === 'string' ? [from] : from;
      const fields: string[] = [];
      for (const name of ['deeplink', 'otp', 'failure'] as const) {
        const value = patch[name];
        if (value !== undefined) fields.push(name, value);
      }
      const ttl = isFinalState(to) ? retention : 0;
      const args = [to, clock.now(), ttl, channel, id, sources.length, ...sources, ...fields];
      return fieldsToRecord(await run(TRANSITION, [keysOf(id).session], args));
    },

    async putDelivery(id, delivery, receipt) {
      const keys = keysOf(id);
      const copies = delivery.copies.map((c) => ({ documentType: c.documentType, sha256: c.sha256 }));
      const reply = await run(
        PUT_DELIVERY,
        [keys.session, keys.delivery, keys.receipt],
        [
          clock.now(),
          encodeDelivery(delivery),
          JSON.stringify(receipt),
          JSON.stringify(copies),
          retention,
          receiptRetention,
          channel,
          id,
        ],
      );
      if (!Array.isArray(reply) || reply[0] === 'unknown') return { status: 'unknown' };
      const [status, ...fields] = reply as string[];
      const record = fieldsToRecord(fields);
      if (!record) return { status: 'unknown' };
      if (status === 'stored' || status === 'late') return { status, record };
      // Already delivered: a duplicate carries the same copies; the decision is the shared one.
      const stored = storedCopiesOf(fields);
      const same = stored !== undefined && sameCopies({ ...delivery, copies: stored }, delivery);
      return { status: same ? 'duplicate' : 'conflict', record };
    },

    async getDelivery(id) {
      const json = await readValue(keysOf(id).delivery);
      return json === undefined ? undefined : decodeDelivery(json);
    },

    async getReceipt(id) {
      const json = await readValue(keysOf(id).receipt);
      if (json === undefined) return undefined;
      const parsed = parseJsonObject(json);
      if (!parsed.ok)
        throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a stored receipt is unreadable' });
      return parsed.value as unknown as ConsentReceipt;
    },

    watch(id, watchOptions = {}) {
      return hub.wait(id, watchOptions.signal);
    },

    async close() {
      await hub.close();
      await connection.close().catch((error: unknown) => {
        throw asStoreError(error);
      });
    },
  };
}

/** The type and digest of each stored copy: all that `sameCopies` compares. */
function storedCopiesOf(fields: readonly string[]): Delivery['copies'] | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'copies') continue;
    try {
      const parsed: unknown = JSON.parse(fields[i + 1]!);
      return Array.isArray(parsed) ? (parsed as Delivery['copies']) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
