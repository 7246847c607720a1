/**
 * The same three contract suites against a real three-node Redis Cluster through an ioredis `Cluster`
 * client: every script keeps to one slot (hash tags), and a settlement published on one node reaches a
 * watcher subscribed on another.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { redisReplayGuard, redisShareStore } from '../../src/node/redis.js';
import { diiaIdStoreContract } from '../support/diia-id-store.contract.js';
import { type RedisTestCluster, startRedisCluster } from '../support/redis-cluster.js';
import { redisTestsEnabled, twoRedisDiiaIdStores, twoRedisShareStores } from '../support/redis-server.js';
import { delivery, receipt, record, shareStoreContract } from '../unit/share/store.contract.js';
import { replayGuardContract } from '../unit/verify/replay.contract.js';

const enabled = redisTestsEnabled('Redis Cluster tests');
let cluster: RedisTestCluster;
let run = 0;

describe.skipIf(!enabled)('on Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  replayGuardContract('redisReplayGuard on a Cluster', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const redis = new Cluster(cluster.nodes);
    return {
      guard: redisReplayGuard({ redis, prefix: `c${++run}:`, clock }),
      clock,
      advance: async (ms) => clock.advance(ms),
      teardown: async () => void redis.disconnect(),
    };
  });

  shareStoreContract('redisShareStore on a Cluster', (clock) =>
    twoRedisShareStores(() => new Cluster(cluster.nodes), {
      prefix: `s${++run}:`,
      clock,
      pollInterval: '1h',
    }),
  );

  diiaIdStoreContract('redisDiiaIdStore on a Cluster', (clock) =>
    twoRedisDiiaIdStores(() => new Cluster(cluster.nodes), {
      prefix: `d${++run}:`,
      clock,
      pollInterval: '1h',
    }),
  );

  it('sessions spread over the slots; the keys of one session share a slot', async () => {
    const redis = new Cluster(cluster.nodes);
    const store = redisShareStore({ redis, prefix: 'spread:', clock: manualClock(0), pollInterval: '1h' });
    for (let i = 0; i < 12; i++) {
      const r = record({ createdAt: 0, updatedAt: 0, expiresAt: 180_000 });
      await store.create(r);
      await store.putDelivery(r.id, delivery(r.id), receipt(r.id));
    }
    const keys = (await Promise.all(redis.nodes('master').map((node) => node.keys('spread:*')))).flat();
    expect(keys).toHaveLength(36); // session, delivery and receipt of each
    const slotsByTag = new Map<string, Set<number>>();
    for (const key of keys) {
      const tag = /\{([0-9a-f]{64})\}/.exec(key)![1]!;
      const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', key));
      slotsByTag.set(tag, (slotsByTag.get(tag) ?? new Set()).add(slot));
    }
    expect(slotsByTag.size).toBe(12);
    for (const slots of slotsByTag.values()) expect(slots.size).toBe(1);
    const distinct = new Set([...slotsByTag.values()].map((s) => [...s][0]));
    expect(distinct.size).toBeGreaterThan(3);
    await store.close();
    redis.disconnect();
  });
});
