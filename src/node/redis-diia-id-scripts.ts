/**
 * The Lua scripts of the Redis Diia ID store (creation reuses the share store's `CREATE`: the same hash
 * layout). A request is a hash: `json` (the record as created), `state`, `updatedAt`, `expiresAt` (read by
 * the scripts) and, once delivered, `fingerprint`; its result is a string key under the same `{hash tag}`.
 * Times come from the caller's clock (ARGV), never from the server's.
 *
 * Reads are bounded on the server: a key of another type, a hash with unexpected fields or a value longer
 * than the store reads is answered `{ '!damaged', why }` instead of being sent, so a corrupted or hostile
 * value costs the caller an error, not its memory.
 *
 * @module
 */
import { redisScript } from './redis-connection.js';

// The request hash, bounded: {} when missing, { '!damaged', why } when not ours, else HGETALL.
const READ_REQUEST_FN = `
local function readRequest(key, maxField)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'none' then return {} end
  if kind ~= 'hash' then return { '!damaged', 'not a hash' } end
  if redis.call('HLEN', key) > 8 then return { '!damaged', 'too many fields' } end
  for _, name in ipairs(redis.call('HKEYS', key)) do
    if string.len(name) > 32 or redis.call('HSTRLEN', key, name) > maxField then
      return { '!damaged', 'a field is too long' }
    end
  end
  return redis.call('HGETALL', key)
end
`;

// KEYS[1] request. ARGV: max field bytes. Returns the bounded fields.
export const READ_REQUEST = redisScript(`${READ_REQUEST_FN}
return readRequest(KEYS[1], tonumber(ARGV[1]))
`);

// KEYS[1] result. ARGV: max bytes. Returns the value, false when missing, or { '!damaged', why }.
export const READ_RESULT = redisScript(`
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then return false end
if kind ~= 'string' then return { '!damaged', 'not a string' } end
if redis.call('STRLEN', KEYS[1]) > tonumber(ARGV[1]) then return { '!damaged', 'too long' } end
return redis.call('GET', KEYS[1])
`);

// The TTL of an ended request: until its expiresAt plus keepFor, counted from the caller's now.
const TTL_FN = `
local function ttlOf(key, now, keepFor)
  local expiresAt = tonumber(redis.call('HGET', key, 'expiresAt'))
  if not expiresAt then return nil end
  return string.format('%d', math.max(expiresAt - now, 0) + keepFor)
end
`;

// KEYS: request, result. ARGV: now, result, fingerprint, keepFor ms, channel, id.
// Returns { status }: stored, duplicate, conflict, late, unknown, or { '!damaged', why }. The result is
// written before the state says delivered, in the same script, so no instance ever sees a delivered
// request without its result.
export const PUT_RESULT = redisScript(`${TTL_FN}
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then return { 'unknown' } end
if kind ~= 'hash' then return { '!damaged', 'not a hash' } end
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'delivered' then
  if redis.call('HGET', KEYS[1], 'fingerprint') == ARGV[3] then return { 'duplicate' } end
  return { 'conflict' }
end
if state ~= 'pending' then return { 'late' } end
local now = tonumber(ARGV[1])
local ttl = ttlOf(KEYS[1], now, tonumber(ARGV[4]))
if not ttl then return { '!damaged', 'no expiry time' } end
if now >= tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'updatedAt', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PUBLISH', ARGV[5], ARGV[6])
  return { 'late' }
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
redis.call('HSET', KEYS[1], 'state', 'delivered', 'updatedAt', ARGV[1], 'fingerprint', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PUBLISH', ARGV[5], ARGV[6])
return { 'stored' }
`);

// KEYS[1] request. ARGV: to, now, keepFor ms, channel, id, max field bytes.
// Moves a pending request to ARGV[1]; returns its bounded fields after, or false when it is not pending.
// A hash the bounded read refuses is left as it is.
export const END = redisScript(`${READ_REQUEST_FN}${TTL_FN}
local before = readRequest(KEYS[1], tonumber(ARGV[6]))
if #before == 0 then return false end
if before[1] == '!damaged' then return before end
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return false end
local ttl = ttlOf(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
if not ttl then return { '!damaged', 'no expiry time' } end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updatedAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PUBLISH', ARGV[4], ARGV[5])
return readRequest(KEYS[1], tonumber(ARGV[6]))
`);
