/**
 * `diia-accept/node`: Node adapters. {@link toNodeListener} runs the share webhook (or any
 * `(Request) => Promise<Response>` handler) on `node:http`; {@link redisReplayGuard},
 * {@link redisShareStore} and {@link redisDiiaIdStore} share single use, share sessions and Diia ID
 * requests between several instances;
 * {@link undiciFetch} gives the transport a pooled, keep-alive `fetch`; {@link dstuOpenerPool} opens `dstu`
 * deliveries on worker threads.
 *
 * @module diia-accept/node
 */
export { type DstuOpenerPool, type DstuOpenerPoolOptions, dstuOpenerPool } from './dstu-pool.js';
export { type NodeListenerOptions, toNodeListener } from './listener.js';
export {
  type RedisClient,
  type RedisDiiaIdStore,
  type RedisDiiaIdStoreOptions,
  type RedisReplayGuard,
  type RedisReplayGuardOptions,
  type RedisShareStore,
  type RedisShareStoreOptions,
  type RedisSource,
  redisDiiaIdStore,
  redisReplayGuard,
  redisShareStore,
} from './redis.js';
export { type PooledFetch, type UndiciFetchOptions, undiciFetch } from './undici-fetch.js';
