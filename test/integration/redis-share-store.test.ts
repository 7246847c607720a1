/**
 * The ShareStore contract, unchanged, against a real redis-server; then what only Redis has: key layout,
 * expiry, pub/sub loss, and a server that goes away.
 */
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { isAcceptError } from '../../src/errors.js';
import { redisShareStore } from '../../src/node/redis.js';
import {
  type RedisTestServer,
  redisTestsEnabled,
  startRedisServer,
  twoRedisShareStores,
} from '../support/redis-server.js';
import { delivery, receipt, record, shareStoreContract } from '../unit/share/store.contract.js';

const enabled = redisTestsEnabled('Redis share store tests');
let server: RedisTestServer;
let run = 0;

describe.skipIf(!enabled)('redisShareStore', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Two stores on separate connections: two instances of the partner's server.
  shareStoreContract('redis', (clock) =>
    twoRedisShareStores(() => new Redis(server.url), { prefix: `t${++run}:`, clock, pollInterval: '5s' }),
  );

  const T0 = Date.parse('2026-03-01T10:00:00Z');

  it('keeps a session’s keys under one hash tag, with no id or barcode in the names, and TTLs as documented', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const store = redisShareStore({
      redis,
      prefix: 'keys:',
      clock,
      retention: '10m',
      receiptRetention: '7d',
    });
    const r = record({ expiresAt: T0 + 180_000 });
    await store.create(r);
    const [sessionKey] = await redis.keys('keys:*');
    expect(sessionKey).toMatch(/^keys:share:\{[0-9a-f]{64}\}:session$/);
    // Pending: until expiresAt plus the retention.
    expect(await redis.pttl(sessionKey!)).toBeGreaterThan(180_000 + 600_000 - 5_000);
    clock.advance('30s');
    expect((await store.putDelivery(r.id, delivery(r.id), receipt(r.id))).status).toBe('stored');
    const keys = (await redis.keys('keys:*')).sort();
    expect(keys).toHaveLength(3);
    const tags = new Set(keys.map((k) => /\{[0-9a-f]{64}\}/.exec(k)?.[0]));
    expect(tags.size).toBe(1);
    for (const key of keys) {
      expect(key).not.toContain(r.id);
      expect(key).not.toContain('4820000000008');
    }
    const ttl = Object.fromEntries(
      await Promise.all(keys.map(async (k) => [k.split(':').pop(), await redis.pttl(k)])),
    );
    expect(ttl.session).toBeGreaterThan(600_000 - 5_000); // ended: kept for the retention
    expect(ttl.session).toBeLessThanOrEqual(600_000);
    expect(ttl.delivery).toBeGreaterThan(600_000 - 5_000);
    expect(ttl.receipt).toBeGreaterThan(7 * 86_400_000 - 5_000);
    await store.close();
    redis.disconnect();
  });

  it('a watch resolves by polling when the settlement message is lost', async () => {
    const redis = new Redis(server.url);
    const store = redisShareStore({ redis, prefix: 'lost:', clock: manualClock(T0), pollInterval: 50 });
    const r = record();
    await store.create(r);
    const watched = store.watch(r.id);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Settle behind the store's back: no PUBLISH, as if the message had been dropped.
    const [key] = await redis.keys('lost:*');
    await redis.hset(key!, 'state', 'declined');
    expect((await watched).state).toBe('declined');
    await store.close();
    redis.disconnect();
  });

  it('a watch resolves after the subscriber connection is cut and comes back', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const admin = new Redis(server.url);
    // A long poll interval: only the re-read after resubscribing can resolve this in time.
    const store = redisShareStore({ redis, prefix: 'cut:', clock, pollInterval: '1h' });
    const peer = redisShareStore({ redis: admin, prefix: 'cut:', clock, pollInterval: '1h' });
    const r = record();
    await store.create(r);
    const watched = store.watch(r.id);
    await expect.poll(async () => Number((await admin.pubsub('NUMSUB', 'cut:share:settled'))[1])).toBe(1);
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await peer.putDelivery(r.id, delivery(r.id), receipt(r.id)); // published while nobody listens
    expect((await watched).state).toBe('delivered');
    await Promise.all([store.close(), peer.close()]);
    redis.disconnect();
    admin.disconnect();
  });

  it('many watches cost a few commands each, not a re-read of every other watch', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const admin = new Redis(server.url);
    const store = redisShareStore({ redis, prefix: 'many:', clock, pollInterval: '1h' });
    const records = Array.from({ length: 300 }, () => record());
    for (const r of records) await store.create(r);
    await store.watch(records[0]!.id, { signal: AbortSignal.abort() }).catch(() => {}); // nothing opened
    const first = new AbortController();
    const warm = store.watch(records[0]!.id, { signal: first.signal }).catch(() => {});
    await expect.poll(async () => Number((await admin.pubsub('NUMSUB', 'many:share:settled'))[1])).toBe(1);
    const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await admin.info('stats'))![1]);
    const before = await commands();
    const controller = new AbortController();
    // One signal for 300 watches on purpose (as one shutdown signal would be): Node warns of a possible
    // leak past 10 listeners on an EventTarget, so the limit is raised for this signal only.
    setMaxListeners(records.length, controller.signal);
    const watches = records.map((r) => store.watch(r.id, { signal: controller.signal }).catch(() => {}));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const used = (await commands()) - before;
    expect(used).toBeLessThan(300 * 3);
    controller.abort();
    first.abort();
    await Promise.all([...watches, warm]);
    await store.close();
    redis.disconnect();
    admin.disconnect();
  });

  it('a watched session that runs out of retention ends the watch with SHARE_SESSION_UNKNOWN', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const store = redisShareStore({ redis, prefix: 'gone:', clock, retention: 100, pollInterval: 50 });
    const r = record({ expiresAt: T0 }); // already at its end: kept for the retention only
    await store.create(r);
    const error = await store.watch(r.id).catch((e) => e);
    expect(isAcceptError(error, 'SHARE_SESSION_UNKNOWN')).toBe(true);
    await store.close();
    redis.disconnect();
  });

  it('close() ends pending watches with ABORTED', async () => {
    const store = redisShareStore({ redis: server.url, prefix: 'close:', clock: manualClock(T0) });
    const r = record();
    await store.create(r);
    const watched = store.watch(r.id).catch((e) => e);
    await store.close();
    expect(isAcceptError(await watched, 'ABORTED')).toBe(true);
  });

  it('Redis gone: every call is STORE_UNAVAILABLE (nothing reported as stored); back again: it works', async () => {
    const own = await startRedisServer();
    const redis = new Redis(own.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on('error', () => {});
    const store = redisShareStore({ redis, prefix: 'down:', clock: manualClock(T0) });
    const r = record();
    await store.create(r);
    await own.kill();
    for (const call of [
      () => store.get(r.id),
      () => store.create(record()),
      () => store.putDelivery(r.id, delivery(r.id), receipt(r.id)),
      () => store.transition(r.id, 'awaiting-consent', 'declined'),
      () => store.watch(r.id),
    ]) {
      const error = await call().catch((e) => e);
      expect(isAcceptError(error, 'STORE_UNAVAILABLE')).toBe(true);
    }
    await own.restart();
    await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
    expect(await store.get(r.id)).toBeUndefined(); // no persistence: the session is gone
    await store.close();
    redis.disconnect();
    await own.stop();
  });

  it('restart with appendonly keeps sessions, copies and receipts; without it they are lost', async () => {
    for (const persistent of [true, false]) {
      const own = await startRedisServer({ persistent });
      const redis = new Redis(own.url, { retryStrategy: () => 50 });
      redis.on('error', () => {});
      const store = redisShareStore({ redis, prefix: 'aof:', clock: manualClock(T0) });
      const done = record();
      const pending = record();
      await store.create(done);
      await store.create(pending);
      await store.putDelivery(done.id, delivery(done.id), receipt(done.id));
      await own.restart(); // SIGKILL: a crash, not a clean shutdown
      await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
      if (persistent) {
        expect((await store.get(done.id))?.state).toBe('delivered');
        expect(await store.getDelivery(done.id)).toEqual(delivery(done.id));
        expect(await store.getReceipt(done.id)).toEqual(receipt(done.id));
        expect((await store.putDelivery(pending.id, delivery(pending.id), receipt(pending.id))).status).toBe(
          'stored',
        );
      } else {
        expect(await store.get(done.id)).toBeUndefined();
        expect(await store.getDelivery(done.id)).toBeUndefined();
        // The webhook refuses a delivery for a session it no longer knows; the platform's retry cannot land.
        expect((await store.putDelivery(pending.id, delivery(pending.id), receipt(pending.id))).status).toBe(
          'unknown',
        );
      }
      await store.close();
      redis.disconnect();
      await own.stop();
    }
  });
});
