/**
 * How a session awaited on one instance learns that another instance settled it: the scripts publish the
 * session id on one channel when a session reaches a final state (the Redis Diia ID store uses the same hub
 * for its requests, with a channel and a rule of its own); every instance with watchers subscribes
 * to that channel on a connection of its own. Pub/sub is fire-and-forget (a message sent while the
 * subscriber is reconnecting is lost), so the watched sessions are also read again after every
 * (re)subscription and every `pollInterval`: a lost message costs latency, never an answer.
 *
 * @module
 */
import { AcceptError, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { isFinalState } from '../share/state.js';
import type { ShareRecord } from '../share/store.js';
import type { RedisClient, RedisConnection } from './redis-connection.js';

interface Waiter<V> {
  resolve(value: V): void;
  reject(error: AcceptError): void;
}

/**
 * What a read means to the waits: `{ value }` settles them, an error rejects them, `undefined` keeps them
 * waiting.
 */
export type SettlementDecision<R, V> = (
  record: R | undefined,
) => { readonly value: V } | AcceptError | undefined;

/** The share rule: a final session settles; a missing one is `SHARE_SESSION_UNKNOWN`. */
const shareDecision: SettlementDecision<ShareRecord, ShareRecord> = (record) => {
  if (record === undefined) return new AcceptError('SHARE_SESSION_UNKNOWN');
  return isFinalState(record.state) ? { value: record } : undefined;
};

/** Settlement notifications for one store instance. */
export interface SettlementHub<V = ShareRecord> {
  /** Resolves once the record is settled (for sessions: final; see `ShareStore.watch`). */
  wait(id: string, signal: AbortSignal | undefined): Promise<V>;
  /** Stops polling and closes the subscriber connection. Pending waits reject with `ABORTED`. */
  close(): Promise<void>;
}

/** What the hub needs from the store. */
export interface SettlementHubOptions<R = ShareRecord, V = ShareRecord> {
  readonly connection: RedisConnection;
  readonly channel: string;
  readonly pollInterval: number;
  /** Reads a record; throws `STORE_UNAVAILABLE` when Redis cannot be reached. */
  read(id: string): Promise<R | undefined>;
  /** When a read settles the waits. Default: the share rule (final settles, missing is unknown). */
  readonly decide?: SettlementDecision<R, V>;
}

/** Makes the hub; nothing is opened until the first wait. */
export function settlementHub<R = ShareRecord, V = ShareRecord>(
  options: SettlementHubOptions<R, V>,
): SettlementHub<V> {
  refuseUnknownOptions(
    options,
    optionKeys<SettlementHubOptions>({
      connection: true,
      channel: true,
      pollInterval: true,
      read: true,
      decide: true,
    }),
    'settlementHub',
  );
  const { connection, channel, pollInterval, read } = options;
  const decide = options.decide ?? (shareDecision as unknown as SettlementDecision<R, V>);
  const waiters = new Map<string, Set<Waiter<V>>>();
  let subscriber: Promise<RedisClient> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const settle = (id: string, outcome: { readonly value: V } | AcceptError) => {
    const set = waiters.get(id);
    if (!set) return;
    waiters.delete(id);
    for (const waiter of set) {
      if (outcome instanceof AcceptError) waiter.reject(outcome);
      else waiter.resolve(outcome.value);
    }
    if (waiters.size === 0) stopPolling();
  };

  const check = async (id: string) => {
    if (!waiters.has(id)) return;
    let record: R | undefined;
    try {
      record = await read(id);
    } catch {
      return; // Redis unreachable: keep waiting; the next poll or message tries again.
    }
    const outcome = decide(record);
    if (outcome !== undefined) settle(id, outcome);
  };

  const checkAll = () => {
    for (const id of [...waiters.keys()]) void check(id);
  };

  const startPolling = () => {
    if (timer !== undefined) return;
    timer = setInterval(checkAll, pollInterval);
    timer.unref?.();
  };

  function stopPolling() {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
  }

  const subscribe = () => {
    if (subscriber) return;
    const made = connection.client().then(async (client) => {
      const sub = client.duplicate();
      // Without a listener ioredis prints connection errors; they surface as failed reads instead.
      sub.on('error', () => {});
      sub.on('message', (from: string, id: string) => {
        if (from === channel) void check(id);
      });
      // After a reconnection ioredis subscribes again; anything published meanwhile was lost: read again.
      sub.on('ready', checkAll);
      try {
        await sub.subscribe(channel);
      } catch (error) {
        sub.disconnect(); // else it would keep reconnecting, unused, until the process ends
        throw error;
      }
      return sub;
    });
    subscriber = made;
    // Once, when the subscription takes effect: whatever settled before it was heard is read again.
    made.then(checkAll, () => {
      if (subscriber === made) subscriber = undefined; // try again with the next wait; polling carries on
    });
  };

  return {
    wait(id, signal) {
      return new Promise<V>((resolve, reject) => {
        if (closed) return reject(new AcceptError('ABORTED', { detail: 'the store is closed' }));
        if (signal?.aborted) return reject(new AcceptError('ABORTED', { cause: signal.reason }));
        const own = waiters.get(id) ?? new Set<Waiter<V>>();
        waiters.set(id, own);
        const onAbort = () => {
          own.delete(waiter);
          if (own.size === 0 && waiters.get(id) === own) waiters.delete(id);
          if (waiters.size === 0) stopPolling();
          reject(new AcceptError('ABORTED', { cause: signal?.reason }));
        };
        const waiter: Waiter<V> = {
          resolve(record) {
            signal?.removeEventListener('abort', onAbort);
            resolve(record);
          },
          reject(error) {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        own.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
        startPolling();
        subscribe();
        // The first read decides at once for a final or unknown session; a failure to read is the caller's
        // to see, unlike during polling.
        read(id).then(
          (record) => {
            const outcome = decide(record);
            if (outcome !== undefined) settle(id, outcome);
          },
          (error: unknown) => {
            own.delete(waiter);
            if (own.size === 0 && waiters.get(id) === own) waiters.delete(id);
            waiter.reject(
              isAcceptError(error) ? error : new AcceptError('STORE_UNAVAILABLE', { cause: error }),
            );
          },
        );
      });
    },
    async close() {
      closed = true;
      stopPolling();
      for (const id of [...waiters.keys()]) {
        settle(id, new AcceptError('ABORTED', { detail: 'the store is closed' }));
      }
      const sub = await subscriber?.catch(() => undefined);
      subscriber = undefined;
      await sub?.quit().catch(() => {});
    },
  };
}
