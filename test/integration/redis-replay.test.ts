/**
 * The ReplayGuard contract, unchanged, against a real redis-server; then two guards on separate
 * connections (two instances), a server that goes away, and what a restart without persistence forgets.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { isAcceptError } from '../../src/errors.js';
import { redisReplayGuard } from '../../src/node/redis.js';
import { type RedisTestServer, redisTestsEnabled, startRedisServer } from '../support/redis-server.js';
import { replayGuardContract } from '../unit/verify/replay.contract.js';

const enabled = redisTestsEnabled('Redis replay guard tests');
let server: RedisTestServer;
let run = 0;

describe.skipIf(!enabled)('redisReplayGuard', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  replayGuardContract('redisReplayGuard', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const redis = new Redis(server.url);
    return {
      guard: redisReplayGuard({ redis, prefix: `c${++run}:`, clock }),
      clock,
      advance: async (ms) => clock.advance(ms),
      teardown: async () => void redis.disconnect(),
    };
  });

  it('two instances on separate connections: one code, many concurrent claims, exactly one wins', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const clients = [new Redis(server.url), new Redis(server.url), new Redis(server.url)];
    const guards = clients.map((redis) => redisReplayGuard({ redis, prefix: 'multi:', clock }));
    for (let round = 0; round < 20; round++) {
      const code = `4820000${String(round).padStart(5, '0')}8`;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => guards[i % 3]!.claim(code, clock.now() + 180_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    for (const c of clients) c.disconnect();
  });

  it('keeps one key per code with the code’s remaining lifetime, named by digest and hash tag', async () => {
    const clock = manualClock('2026-11-30T10:00:00Z');
    const redis = new Redis(server.url);
    const guard = redisReplayGuard({ redis, prefix: 'ttl:', clock });
    expect(await guard.claim('4820000000008', clock.now() + 180_000)).toBe(true);
    const keys = await redis.keys('ttl:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^ttl:replay:\{[0-9a-f]{64}\}$/);
    expect(keys[0]).not.toContain('4820000000008');
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(170_000);
    expect(ttl).toBeLessThanOrEqual(180_000);
    redis.disconnect();
  });

  it('opens its own connection from a URL and closes it', async () => {
    const guard = redisReplayGuard({ redis: server.url, prefix: 'url:' });
    expect(await guard.claim('from-url', Date.now() + 10_000)).toBe(true);
    expect(await guard.claim('from-url', Date.now() + 10_000)).toBe(false);
    await guard.close();
  });

  it('rejects with STORE_UNAVAILABLE when Redis is gone (fail closed), and works again when it is back', async () => {
    const own = await startRedisServer();
    const redis = new Redis(own.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on('error', () => {});
    const guard = redisReplayGuard({ redis, prefix: 'down:' });
    expect(await guard.claim('before', Date.now() + 60_000)).toBe(true);
    await own.kill();
    await expect(guard.claim('during', Date.now() + 60_000)).rejects.toSatisfy((e) =>
      isAcceptError(e, 'STORE_UNAVAILABLE'),
    );
    await own.restart();
    await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
    expect(await guard.claim('after', Date.now() + 60_000)).toBe(true);
    redis.disconnect();
    await own.stop();
  });

  it('restart without persistence forgets claims (a code could be used twice); with appendonly it does not', async () => {
    for (const persistent of [false, true]) {
      const own = await startRedisServer({ persistent });
      const redis = new Redis(own.url, { retryStrategy: () => 50 });
      redis.on('error', () => {});
      const guard = redisReplayGuard({ redis, prefix: 'restart:' });
      expect(await guard.claim('code-across-restart', Date.now() + 60_000)).toBe(true);
      await own.restart(); // SIGKILL, then start again on the same port and directory
      await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
      expect(await guard.claim('code-across-restart', Date.now() + 60_000)).toBe(!persistent);
      redis.disconnect();
      await own.stop();
    }
  });
});
