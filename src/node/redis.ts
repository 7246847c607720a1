/**
 * Redis-backed stores for several partner instances behind a load balancer: single use of document codes
 * ({@link redisReplayGuard}), share sessions, copies and receipts ({@link redisShareStore}), and Diia ID
 * requests and their verified results ({@link redisDiiaIdStore}). `ioredis` is an optional peer
 * dependency, imported only when a store is given a URL.
 *
 * @module
 */
export type { RedisClient, RedisSource } from './redis-connection.js';
export type { RedisDiiaIdStore, RedisDiiaIdStoreOptions } from './redis-diia-id-store.js';
export { redisDiiaIdStore } from './redis-diia-id-store.js';
export type { RedisReplayGuard, RedisReplayGuardOptions } from './redis-replay.js';
export { redisReplayGuard } from './redis-replay.js';
export type { RedisShareStore, RedisShareStoreOptions } from './redis-share-store.js';
export { redisShareStore } from './redis-share-store.js';
