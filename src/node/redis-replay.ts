/**
 * The `ReplayGuard` port on Redis: one claim key per single-use id, decided by one Lua script, so a code
 * shown at two front-desk servers at the same moment is accepted by exactly one of them.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { assertClaim, clockAhead, type ReplayGuard } from '../verify/replay.js';
import {
  checkPrefix,
  keyDigest,
  type RedisSource,
  redisConnection,
  redisScript,
  runScript,
} from './redis-connection.js';

/**
 * Options of {@link redisReplayGuard}.
 *
 * @example
 * ```ts
 * import type { RedisReplayGuardOptions } from 'diia-accept/node';
 * const options: RedisReplayGuardOptions = { redis: 'redis://127.0.0.1:6379', prefix: 'desk:' };
 * ```
 */
export interface RedisReplayGuardOptions {
  /** An ioredis client (`Redis` or `Cluster`; stays yours) or a `redis://` URL (opened on first use). */
  readonly redis: RedisSource;
  /** Put before every key, so several applications can share one Redis. Default `'diia-accept:'`. */
  readonly prefix?: string;
  /** The time source; every instance should use the same (synchronised) time. Default: the system clock. */
  readonly clock?: Clock;
}

/**
 * A {@link ReplayGuard} with a close method for the connection it opened itself.
 *
 * @example
 * ```ts
 * import { redisReplayGuard, type RedisReplayGuard } from 'diia-accept/node';
 * const replay: RedisReplayGuard = redisReplayGuard({ redis: process.env.REDIS_URL! });
 * process.on('SIGTERM', () => void replay.close());
 * ```
 */
export interface RedisReplayGuard extends ReplayGuard {
  /** Closes the connection opened from a URL; a client you passed in is left open. */
  close(): Promise<void>;
}

// The claim stores its `until` and is judged by the caller's clock, not by Redis's own: an injected clock
// (tests, the sandbox) then behaves exactly like the in-memory guard. The key's TTL only frees the memory,
// and it runs out exactly when the claim does.
const CLAIM = redisScript(`
local held = redis.call('GET', KEYS[1])
if held and tonumber(held) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/**
 * The Redis {@link ReplayGuard}: single use across every instance that shares the Redis. A claim is one
 * key, `<prefix>replay:{<sha-256 of the id>}`, kept until the code's own expiry (at most 180 s for
 * document codes), so the memory used is bounded by the codes of the last three minutes.
 *
 * Fails closed: when Redis cannot be reached the claim rejects with `STORE_UNAVAILABLE`, which callers
 * report as "unknown", never as "valid". Run Redis with `maxmemory-policy noeviction` (an evicted claim
 * would let a code be used twice).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { redisReplayGuard } from 'diia-accept/node';
 * const replay = redisReplayGuard({ redis: new Redis(process.env.REDIS_URL!), prefix: 'cnap:' });
 * await replay.claim('3f0c…', Date.now() + 180_000); // true at the first desk, false everywhere after
 * ```
 */
export function redisReplayGuard(options: RedisReplayGuardOptions): RedisReplayGuard {
  refuseUnknownOptions(
    options,
    optionKeys<RedisReplayGuardOptions>({ redis: true, prefix: true, clock: true }),
    'redisReplayGuard',
  );
  const prefix = checkPrefix(options.prefix ?? 'diia-accept:');
  const clock = options.clock ?? systemClock;
  const connection = redisConnection(options.redis);
  return {
    async claim(id, until) {
      assertClaim(id, until);
      const now = clock.now();
      if (until <= now) throw clockAhead(until, now);
      const key = `${prefix}replay:{${keyDigest(id)}}`;
      const ttl = Math.max(1, Math.ceil(until - now));
      const client = await connection.client();
      const won = await runScript(client, CLAIM, [key], [now, until, ttl]);
      return won === 1;
    },
    close: () => connection.close(),
  };
}
