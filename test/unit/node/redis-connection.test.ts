import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { redisReplayGuard, redisShareStore } from '../../../src/node/redis.js';
import { importOptional, redisConnection } from '../../../src/node/redis-connection.js';
import { decodeDelivery, encodeDelivery, fieldsToRecord } from '../../../src/node/redis-share-codec.js';

describe('the optional ioredis dependency', () => {
  it('a missing package is OPTIONAL_DEPENDENCY_MISSING naming it, with the loader error as cause', async () => {
    const error = (await importOptional('diia-accept-no-such-package', 'Redis').catch((e) => e)) as Error;
    expect(isAcceptError(error, 'OPTIONAL_DEPENDENCY_MISSING')).toBe(true);
    expect(error.message).toContain('"diia-accept-no-such-package"');
    expect(error.cause).toBeDefined();
  });

  it('nothing is imported or connected before the first use', () => {
    // A URL to nowhere: making the stores must neither throw nor open anything.
    const guard = redisReplayGuard({ redis: 'redis://127.0.0.1:1' });
    const store = redisShareStore({ redis: 'redis://127.0.0.1:1' });
    expect(typeof guard.claim).toBe('function');
    expect(typeof store.watch).toBe('function');
  });
});

describe('arguments', () => {
  it.each([
    [{}, 'not a client'],
    ['http://127.0.0.1:6379', 'not a redis URL'],
    [null, 'null'],
  ])('refuses %j (%s) with INVALID_ARGUMENT', (redis, _why) => {
    expect(() => redisConnection(redis as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it.each(['{tag}', 'has space', 'x'.repeat(65)])('refuses the prefix %j', (prefix) => {
    expect(() => redisReplayGuard({ redis: 'redis://127.0.0.1:1', prefix })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('refuses a session id that is not a string with INVALID_ARGUMENT (before any connection)', async () => {
    const store = redisShareStore({ redis: 'redis://127.0.0.1:1' });
    for (const call of [() => store.get(42 as never), () => store.watch({} as never)]) {
      await expect(call()).rejects.toSatisfy((e) => isAcceptError(e, 'INVALID_ARGUMENT'));
    }
    await store.close();
  });

  it('refuses a zero retention or poll interval', () => {
    for (const option of ['retention', 'receiptRetention', 'pollInterval']) {
      expect(() => redisShareStore({ redis: 'redis://127.0.0.1:1', [option]: 0 })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});

describe('the stored form', () => {
  it('a delivery round-trips with its bytes', () => {
    const content = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const delivery = {
      requestId: 'r',
      receivedAt: 1,
      profile: 'jose',
      copies: [{ documentType: 'passport' as const, content, sha256: 'ab', signer: {}, checks: [] }],
      metadata: { requestId: 'r' },
    };
    const back = decodeDelivery(encodeDelivery(delivery));
    expect(back).toEqual(delivery);
    expect(back.copies[0]!.content).toBeInstanceOf(Uint8Array);
  });

  it('damaged entries are STORE_UNAVAILABLE, never a crash', () => {
    for (const bad of ['{', '{"copies":1}', 'null']) {
      expect(() => decodeDelivery(bad)).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
    }
    for (const fields of [
      ['json', '{'],
      ['state', 'delivered'],
      ['json', '{}', 'state', 'nonsense', 'updatedAt', '1'],
    ]) {
      expect(() => fieldsToRecord(fields)).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE' }));
    }
    expect(fieldsToRecord([])).toBeUndefined();
    expect(fieldsToRecord(null)).toBeUndefined();
  });
});
