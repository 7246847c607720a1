import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { memoryReplayGuard } from '../../../src/verify/replay.js';
import { verifyDocumentToken } from '../../../src/verify/token.js';
import { pinnedKeys } from '../../../src/verify/trust.js';
import { NOW_S, testKey, token } from './keys.js';
import { replayGuardContract } from './replay.contract.js';

replayGuardContract('memoryReplayGuard', async () => {
  const clock = manualClock('2026-11-30T10:00:00Z');
  return {
    guard: memoryReplayGuard({ clock }),
    clock,
    advance: async (ms) => clock.advance(ms),
  };
});

describe('memoryReplayGuard at its bound', () => {
  it('refuses new claims with REPLAY_GUARD_FULL while every claim is live (fail closed)', async () => {
    const clock = manualClock(0);
    const guard = memoryReplayGuard({ clock, maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) expect(await guard.claim(id, 1_000)).toBe(true);
    await expect(guard.claim('d', 1_000)).rejects.toSatisfy((e) => isAcceptError(e, 'REPLAY_GUARD_FULL'));
    // A claim already held still answers false (used), not an error.
    expect(await guard.claim('a', 1_000)).toBe(false);
  });

  it('forgets expired claims first, then accepts', async () => {
    const clock = manualClock(0);
    const guard = memoryReplayGuard({ clock, maxEntries: 2 });
    expect(await guard.claim('a', 100)).toBe(true);
    expect(await guard.claim('b', 5_000)).toBe(true);
    clock.advance(200);
    expect(await guard.claim('c', 5_000)).toBe(true);
    expect(await guard.claim('b', 5_000)).toBe(false);
  });

  it('rejects a bad bound', () => {
    expect(() => memoryReplayGuard({ maxEntries: 0 })).toThrow();
  });

  it('property: at most one win per id, whatever the interleaving of claims and time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 50 })), {
          maxLength: 60,
        }),
        async (steps) => {
          const clock = manualClock(0);
          const guard = memoryReplayGuard({ clock, maxEntries: 1_000 });
          const liveUntil = new Map<string, number>();
          for (const [id, wait] of steps) {
            clock.advance(wait);
            const now = clock.now();
            const won = await guard.claim(id, now + 100);
            const held = liveUntil.get(id);
            expect(won).toBe(held === undefined || held <= now);
            if (won) liveUntil.set(id, now + 100);
          }
        },
      ),
    );
  });
});

describe('a guard whose clock runs ahead of the verifier', () => {
  it('a fresh token is unknown REPLAY_CLOCK_AHEAD, not CODE_ALREADY_USED', async () => {
    const key = await testKey('ES256', 'es-1');
    const trust = await pinnedKeys([key.jwk]);
    const verifierClock = manualClock(NOW_S * 1000 + 10_000);
    // As memoryReplayGuard() without a clock on a server whose time is an hour ahead of the verifier's.
    const replay = memoryReplayGuard({ clock: manualClock(NOW_S * 1000 + 3_600_000) });
    const result = await verifyDocumentToken(await token(key), { trust, clock: verifierClock, replay });
    expect(result).toMatchObject({ status: 'unknown', reason: 'REPLAY_CLOCK_AHEAD' });
    // With the verifier's clock the same token is valid once, then used.
    const shared = memoryReplayGuard({ clock: verifierClock });
    const t = await token(key);
    expect((await verifyDocumentToken(t, { trust, clock: verifierClock, replay: shared })).status).toBe(
      'valid',
    );
    expect(await verifyDocumentToken(t, { trust, clock: verifierClock, replay: shared })).toMatchObject({
      status: 'invalid',
      reason: 'CODE_ALREADY_USED',
    });
  });
});
