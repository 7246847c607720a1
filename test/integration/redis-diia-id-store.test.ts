/**
 * The DiiaIdStore contract, the same table as memoryDiiaIdStore's, against a real redis-server with two
 * stores on separate connections (two instances of the partner's server); then what only Redis has: key
 * layout and TTLs, values that are corrupted or hostile, pub/sub loss, and a server that goes away.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { createDiiaId } from '../../src/diia-id/diia-id.js';
import type { SigningResult } from '../../src/diia-id/types.js';
import { AcceptError, isAcceptError } from '../../src/errors.js';
import { redisDiiaIdStore } from '../../src/node/redis.js';
import { codeOf } from '../support/codes.js';
import {
  diiaIdRecord,
  diiaIdStoreContract,
  loginResult,
  signingResult,
  T0,
} from '../support/diia-id-store.contract.js';
import {
  type RedisTestServer,
  redisTestsEnabled,
  startRedisServer,
  twoRedisDiiaIdStores,
} from '../support/redis-server.js';
import {
  BRANCH_ID,
  delivery,
  encodeBase64,
  encodeJson,
  fakeSignature,
  fakeVerify,
  OFFER_ID,
  recordingTransport,
  START,
} from '../unit/diia-id/support.js';

const enabled = redisTestsEnabled('Redis Diia ID store tests');
let server: RedisTestServer;
let run = 0;

/** What a call failed with: its code and detail, to assert that a damaged value is named. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isAcceptError(error)
      ? `${error.code}: ${error.detail ?? ''}`
      : `not an AcceptError: ${String(error)}`;
  }
}

describe.skipIf(!enabled)('redisDiiaIdStore', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Two stores on separate connections: two instances of the partner's server.
  diiaIdStoreContract('redis', (clock) =>
    twoRedisDiiaIdStores(() => new Redis(server.url), { prefix: `t${++run}:`, clock, pollInterval: '5s' }),
  );

  it('two instances behind a balancer: signing starts on A, the delivery lands on B (200 once stored), a repeat on A is harmless, A’s session resolves; no personal data in the logs', async () => {
    const clock = manualClock(START);
    const transport = recordingTransport();
    const logs: unknown[] = [];
    const instance = () => {
      const redis = new Redis(server.url);
      const store = redisDiiaIdStore({ redis, prefix: 'fleet:', clock, pollInterval: '5s' });
      const diiaId = createDiiaId({
        transport,
        verify: fakeVerify(),
        store,
        clock,
        logger: (entry) => logs.push(entry),
      });
      return { diiaId, store, redis };
    };
    const a = instance();
    const b = instance();
    const application = new TextEncoder().encode('Заява, PDF bytes stand-in');
    const session = await a.diiaId.signFiles({
      branchId: BRANCH_ID,
      offerId: OFFER_ID,
      files: [{ name: 'application.pdf', bytes: application }],
    });
    const [sent] = transport.requests.at(-1)!.data!.hashedFilesSigning!.hashedFiles;
    const digest = new Uint8Array(Buffer.from(sent!.fileHash, 'base64'));
    const body = encodeJson({
      signedItems: [{ name: 'application.pdf', signature: encodeBase64(fakeSignature(digest)) }],
    });
    const waiting = session.result();
    clock.advance('20s');
    const first = await b.diiaId.webhook(delivery(body, { traceId: session.requestId }));
    expect(first.status).toBe(200);
    // Stored before that 200: the request is delivered in Redis, read by a third connection.
    const third = instance();
    expect((await third.store.get(session.requestId))?.state).toBe('delivered');
    const repeat = await a.diiaId.webhook(delivery(body, { traceId: session.requestId }));
    expect(repeat.status).toBe(200);
    const result = (await waiting) as SigningResult;
    expect(result.files[0]!.digest).toEqual(digest);
    expect(result.files[0]!.verification.signer.fullName).toBe('Коваленко Олена Петрівна');
    // B's own view of the same session (reattached by id) holds the same result.
    const onB = await b.diiaId.session(session.requestId);
    expect(await onB!.result()).toEqual(result);
    const events = logs.map((entry) => (entry as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(['diia-id-stored', 'diia-id-duplicate']));
    const logged = JSON.stringify(logs);
    for (const personal of ['Коваленко', '3184710691']) expect(logged).not.toContain(personal);
    for (const x of [a, b, third]) {
      await x.store.close();
      x.redis.disconnect();
    }
  });

  it('keeps a request’s keys under one hash tag, no id in the names, and TTLs of expiresAt plus keepFor', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const store = redisDiiaIdStore({ redis, prefix: 'keys:', clock, keepFor: '10m' });
    const r = diiaIdRecord({ expiresAt: T0 + 180_000 });
    await store.create(r);
    const [requestKey] = await redis.keys('keys:*');
    expect(requestKey).toMatch(/^keys:diia-id:\{[0-9a-f]{64}\}:request$/);
    expect(await redis.pttl(requestKey!)).toBeGreaterThan(180_000 + 600_000 - 5_000);
    expect(await redis.pttl(requestKey!)).toBeLessThanOrEqual(180_000 + 600_000);
    clock.advance('60s');
    expect(await store.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'stored' });
    const keys = (await redis.keys('keys:*')).sort();
    expect(keys).toEqual([requestKey, requestKey!.replace(/:request$/, ':result')].sort());
    for (const key of keys) {
      expect(key).not.toContain(r.id);
      // Both kept until the request's expiresAt (2 min from the clock's now) plus keepFor.
      expect(await redis.pttl(key)).toBeGreaterThan(120_000 + 600_000 - 5_000);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(120_000 + 600_000);
    }
    // Late: what is left is kept for keepFor from now.
    const late = diiaIdRecord({ expiresAt: T0 });
    await store.create(late);
    expect((await store.putResult(late.id, signingResult(late), 'fp')).status).toBe('late');
    const lateKeys = (await redis.keys('keys:*')).filter((k) => !keys.includes(k));
    expect(lateKeys).toHaveLength(1);
    expect(await redis.pttl(lateKeys[0]!)).toBeGreaterThan(600_000 - 5_000);
    await store.close();
    redis.disconnect();
  });

  it('after keepFor the request and its result (personal data) are gone from Redis', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const store = redisDiiaIdStore({ redis, prefix: 'ttl:', clock, keepFor: 300 });
    // expiresAt is the clock's now: only keepFor (300 ms of Redis's own time) keeps the keys.
    const r = diiaIdRecord({ expiresAt: T0 + 1 });
    await store.create(r);
    expect((await store.putResult(r.id, loginResult(r), 'fp')).status).toBe('stored');
    expect(await redis.keys('ttl:*')).toHaveLength(2);
    await expect.poll(() => redis.keys('ttl:*'), { timeout: 5_000, interval: 100 }).toEqual([]);
    expect(await store.get(r.id)).toBeUndefined();
    expect(await store.getResult(r.id)).toBeUndefined();
    await store.close();
    redis.disconnect();
  });

  it('a corrupted or hostile value in Redis is STORE_UNAVAILABLE naming it, for every call, never a crash', async () => {
    const clock = manualClock(T0);
    const redis = new Redis(server.url);
    const store = redisDiiaIdStore({ redis, prefix: 'bad:', clock });
    const keyOf = async (id: string) => {
      const r = diiaIdRecord({ id, requestId: id });
      await store.create(r);
      const [key] = (await redis.keys('bad:*')).filter((k) => k.endsWith(':request') && !seen.has(k));
      seen.add(key!);
      return { r, key: key!, result: key!.replace(/:request$/, ':result') };
    };
    const seen = new Set<string>();
    const cases: [string, (k: { key: string; result: string }) => Promise<unknown>, RegExp][] = [
      ['json not JSON', (k) => redis.hset(k.key, 'json', '{"id":'), /not readable JSON \(syntax\)/],
      [
        'json with a duplicate member',
        (k) => redis.hset(k.key, 'json', '{"id":"a","id":"b"}'),
        /duplicate-member/,
      ],
      [
        'json nested too deep',
        (k) => redis.hset(k.key, 'json', `${'['.repeat(40)}${']'.repeat(40)}`),
        /too-deep/,
      ],
      ['an unknown state', (k) => redis.hset(k.key, 'state', 'hacked'), /incomplete/],
      ['a bad updatedAt', (k) => redis.hset(k.key, 'updatedAt', '1e400'), /bad time/],
      ['a flow of its own', (k) => patchJson(k.key, { flow: 'steal' }), /bad flow/],
      [
        'a digest that is not bytes',
        (k) => patchJson(k.key, { files: [{ name: 'a', digest: 'AAAA' }] }),
        /bad file/,
      ],
      [
        'bytes not base64',
        (k) => patchJson(k.key, { files: [{ name: 'a', digest: { $bytes: '@@' } }] }),
        /bad bytes/,
      ],
      ['a member the codec never writes', (k) => patchJson(k.key, { $evil: 1 }), /bad member/],
      ['a field of 5 MiB', (k) => redis.hset(k.key, 'json', 'x'.repeat(5 * 1024 * 1024)), /too long/],
      [
        'too many fields',
        (k) => redis.hset(k.key, ...Array.from({ length: 20 }, (_, i) => [`f${i}`, 'v']).flat()),
        /too many fields/,
      ],
      [
        'a string instead of a hash',
        async (k) => redis.del(k.key).then(() => redis.set(k.key, 'x')),
        /not a hash/,
      ],
    ];
    async function patchJson(key: string, patch: Record<string, unknown>) {
      const json = JSON.parse((await redis.hget(key, 'json'))!);
      await redis.hset(key, 'json', JSON.stringify({ ...json, ...patch }));
    }
    let n = 0;
    for (const [name, corrupt, detail] of cases) {
      const k = await keyOf(`bad-${++n}`);
      await corrupt(k);
      const calls = [() => store.get(k.r.id), () => store.fingerprint(k.r.id), () => store.watch(k.r.id)];
      // putResult decides on the state, expiresAt and fingerprint alone (tested below), and end on the
      // state alone (in the script): a state it does not know is "not pending", and a bad updatedAt it
      // writes anew.
      if (name !== 'an unknown state' && name !== 'a bad updatedAt')
        calls.push(() => store.end(k.r.id, 'cancelled'));
      for (const call of calls) {
        const got = await failure(call());
        expect(got, name).toMatch(/^STORE_UNAVAILABLE: /);
        expect(got, name).toMatch(detail);
      }
    }
    // A damaged result: each of these is refused when read, never handed back half-read.
    const results: [string, string, RegExp][] = [
      ['not JSON', '{"v":1,', /not readable JSON/],
      ['another layout', JSON.stringify({ v: 2, result: {} }), /unknown layout/],
      [
        'an unknown flow',
        JSON.stringify({ v: 1, result: { flow: 'x', requestId: 'a', receivedAt: 1 } }),
        /unknown flow/,
      ],
      [
        'a login without a certificate',
        JSON.stringify({
          v: 1,
          result: { ...(wire(loginResult(diiaIdRecord())) as object), certificate: 'AAAA' },
        }),
        /not a login result/,
      ],
      [
        'a signature that is a number',
        JSON.stringify({
          v: 1,
          result: {
            flow: 'hashedFilesSigning',
            requestId: 'a',
            receivedAt: 1,
            files: [{ name: 'a', signature: 1 }],
          },
        }),
        /bad file/,
      ],
      [
        'a "__proto__" member',
        '{"v":1,"result":{"__proto__":{"flow":"auth"},"requestId":"a","receivedAt":1}}',
        /unknown flow/,
      ],
    ];
    for (const [name, value, detail] of results) {
      const k = await keyOf(`bad-result-${++n}`);
      await redis.set(k.result, value);
      const got = await failure(store.getResult(k.r.id));
      expect(got, name).toMatch(/^STORE_UNAVAILABLE: /);
      expect(got, name).toMatch(detail);
    }
    const k = await keyOf('bad-result-type');
    await redis.hset(k.result, 'a', 'b');
    expect(await failure(store.getResult(k.r.id))).toMatch(/STORE_UNAVAILABLE: .*not a string/);
    const hostile = await keyOf('bad-put');
    await redis.hdel(hostile.key, 'expiresAt');
    expect(await failure(store.putResult(hostile.r.id, signingResult(hostile.r), 'fp'))).toMatch(
      /STORE_UNAVAILABLE: .*no expiry time/,
    );
    expect(await redis.exists(hostile.result)).toBe(0);
    await store.close();
    redis.disconnect();
  });

  it('a result that would not read back as it was is refused before anything is stored', async () => {
    const redis = new Redis(server.url);
    const store = redisDiiaIdStore({ redis, prefix: 'unstorable:', clock: manualClock(T0) });
    const r = diiaIdRecord();
    await store.create(r);
    const good = signingResult(r);
    const file = good.files[0]!;
    const odd = (signer: Record<string, unknown>) => ({
      ...good,
      files: [
        {
          ...file,
          verification: { ...file.verification, signer: { ...file.verification.signer, ...signer } },
        },
      ],
    });
    for (const [name, result] of [
      ['a Date', odd({ when: new Date(T0) })],
      ['a NaN', odd({ score: Number.NaN })],
      ['a function', odd({ f: () => 1 })],
      ['a bigint', odd({ n: 1n })],
      ['undefined in a list', odd({ list: [1, undefined] })],
      ['nesting too deep', odd({ deep: JSON.parse(`${'['.repeat(20)}${']'.repeat(20)}`) })],
    ] as const) {
      const got = await failure(store.putResult(r.id, result as never, 'fp'));
      expect(got, name).toMatch(/^STORE_UNAVAILABLE: a Diia ID result cannot be stored in Redis/);
    }
    expect((await store.get(r.id))?.state).toBe('pending');
    expect(await store.putResult(r.id, good, 'fp')).toEqual({ status: 'stored' });
    await store.close();
    redis.disconnect();
  });

  it('a watch wakes by polling when the pub/sub message is lost', async () => {
    const redis = new Redis(server.url);
    const clock = manualClock(T0);
    const store = redisDiiaIdStore({ redis, prefix: 'lost:', clock, pollInterval: 50 });
    const r = diiaIdRecord();
    await store.create(r);
    const watched = store.watch(r.id);
    // Settled behind the store's back, as if the message had been lost: only a read can tell.
    const [key] = await redis.keys('lost:*');
    await redis.hset(key!, 'state', 'cancelled');
    await expect(watched).resolves.toBeUndefined();
    await store.close();
    redis.disconnect();
  });

  it('close() ends pending watches with ABORTED', async () => {
    const store = redisDiiaIdStore({ redis: server.url, prefix: 'close:', clock: manualClock(T0) });
    const r = diiaIdRecord();
    await store.create(r);
    const watched = codeOf(store.watch(r.id));
    await store.close();
    expect(await watched).toBe('ABORTED');
  });

  it('Redis gone: every call is STORE_UNAVAILABLE (nothing reported as stored); back again: it works', async () => {
    const own = await startRedisServer();
    const redis = new Redis(own.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on('error', () => {});
    const store = redisDiiaIdStore({ redis, prefix: 'down:', clock: manualClock(T0) });
    const r = diiaIdRecord();
    await store.create(r);
    await own.kill();
    for (const call of [
      () => store.get(r.id),
      () => store.create(diiaIdRecord()),
      () => store.fingerprint(r.id),
      () => store.putResult(r.id, signingResult(r), 'fp'),
      () => store.getResult(r.id),
      () => store.end(r.id, 'cancelled'),
      () => store.watch(r.id),
    ]) {
      expect(await codeOf(call())).toBe('STORE_UNAVAILABLE');
    }
    await own.restart();
    await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready');
    expect(await store.get(r.id)).toBeUndefined(); // no persistence: the request is gone
    const again = diiaIdRecord();
    await store.create(again);
    expect(await store.putResult(again.id, signingResult(again), 'fp')).toEqual({ status: 'stored' });
    await store.close();
    redis.disconnect();
    await own.stop();
  });

  it('options: unknown keys, a bad prefix, a zero keepFor and a bad redis are INVALID_ARGUMENT', () => {
    const refused = (options: object) => {
      try {
        redisDiiaIdStore(options as never);
        return 'accepted';
      } catch (error) {
        return error instanceof AcceptError ? `${error.code}: ${error.detail}` : String(error);
      }
    };
    expect(refused({ redis: server.url, retention: '1h' })).toMatch(
      /^INVALID_ARGUMENT: .*unknown option 'retention'/,
    );
    expect(refused({ redis: server.url, prefix: 'a{b}' })).toMatch(/^INVALID_ARGUMENT: prefix/);
    expect(refused({ redis: server.url, keepFor: 0 })).toMatch(/^INVALID_ARGUMENT: keepFor/);
    expect(refused({ redis: 'http://127.0.0.1' })).toMatch(/^INVALID_ARGUMENT: redis must be/);
  });
});

/** A result as the codec writes it, bytes tagged (for building damaged variants of a real one). */
function wire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(wire);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.startsWith('$') ? `$${k}` : k, wire(v)]),
    );
  return value;
}
