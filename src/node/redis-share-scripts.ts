/**
 * The Lua scripts of the Redis share store. Each runs atomically on the server, so a state is decided once
 * even when every instance tries at the same moment. All keys of one session share a `{hash tag}`, which
 * keeps them in one Cluster slot and lets one script touch them together.
 *
 * A session is a hash: `json` (the record as created), the fields that change (`state`, `updatedAt`,
 * `deeplink`, `otp`, `failure`), `expiresAt` (read by the scripts) and, once delivered, `copies` (type and
 * digest of each copy, to tell a duplicate from a conflict without reading the copies back).
 *
 * Times come from the caller's clock (ARGV), never from the server's, and every TTL is relative to it.
 *
 * @module
 */
import { redisScript } from './redis-connection.js';

// KEYS[1] session. ARGV: json, state, expiresAt, updatedAt, ttl ms.
export const CREATE = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'state', ARGV[2], 'expiresAt', ARGV[3], 'updatedAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

// KEYS[1] session. ARGV: to, now, ttl ms (0: keep), channel, id, #from, from…, then field/value pairs.
// Returns the session's fields after the change, or false when it is missing or in another state.
export const TRANSITION = redisScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
local count = tonumber(ARGV[6])
local allowed = false
for i = 7, 6 + count do
  if ARGV[i] == state then allowed = true end
end
if not allowed then return false end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updatedAt', ARGV[2])
for i = 7 + count, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if tonumber(ARGV[3]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return redis.call('HGETALL', KEYS[1])
`);

// KEYS: session, delivery, receipt. ARGV: now, delivery json, receipt json, copies, retention ms,
// receipt retention ms, channel, id.
// Returns { status, fields… }: stored, late, settled (already delivered: the caller compares copies),
// or { 'unknown' }. The copies are written before the state says delivered, in the same script, so no
// instance ever sees a delivered session without its copies.
export const PUT_DELIVERY = redisScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return { 'unknown' } end
local now = tonumber(ARGV[1])
local status
if state == 'delivered' then
  status = 'settled'
elseif state ~= 'requested' and state ~= 'awaiting-consent' then
  status = 'late'
elseif now >= tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'updatedAt', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PUBLISH', ARGV[7], ARGV[8])
  status = 'late'
else
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])
  redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[6])
  redis.call('HSET', KEYS[1], 'state', 'delivered', 'updatedAt', ARGV[1], 'copies', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PUBLISH', ARGV[7], ARGV[8])
  status = 'stored'
end
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, status)
return out
`);

// KEYS[1] session. Returns its fields (an empty list when missing).
export const READ = redisScript(`return redis.call('HGETALL', KEYS[1])`);

// KEYS[1] a delivery or receipt. Returns the stored JSON or false.
export const READ_VALUE = redisScript(`return redis.call('GET', KEYS[1])`);
