/**
 * Redis-backed stores for several partner instances behind a load balancer: single use of document codes
 * ({@link redisReplayGuard}) and share sessions, copies and receipts ({@link redisShareStore}). `ioredis`
 * is an optional peer dependency, imported only when a store is given a URL.
 *
 * @module
 */
export type { RedisClient, RedisSource } from './redis-connection.js';
export type { RedisReplayGuard, RedisReplayGuardOptions } from './redis-replay.js';
export { redisReplayGuard } from './redis-replay.js';
export type { RedisShareStore, RedisShareStoreOptions } from './redis-share-store.js';
export { redisShareStore } from './redis-share-store.js';
