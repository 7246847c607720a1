// The ReplayGuard contract, for every implementation (in memory here, Redis in the integration tests).
// Call `replayGuardContract(name, setup)` inside a test file; `setup` makes a fresh, empty guard, says what
// time the guard believes it is, and moves that time forward (a manual clock, or a real wait for a store
// that keeps its own time).
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import type { ReplayGuard } from '../../../src/verify/replay.js';

export interface ReplayGuardFixture {
  readonly guard: ReplayGuard;
  readonly clock: Clock;
  /** Moves the guard's notion of time forward by `ms`. */
  advance(ms: number): Promise<void>;
  teardown?(): Promise<void>;
}

export function replayGuardContract(name: string, setup: () => Promise<ReplayGuardFixture>): void {
  describe(`ReplayGuard contract: ${name}`, () => {
    async function withGuard(run: (f: ReplayGuardFixture) => Promise<void>): Promise<void> {
      const fixture = await setup();
      try {
        await run(fixture);
      } finally {
        await fixture.teardown?.();
      }
    }

    it('the first claim wins, the second loses', () =>
      withGuard(async ({ guard, clock }) => {
        const until = clock.now() + 60_000;
        expect(await guard.claim('6f1c1f6e-2b8a-4a57-9d3e-0d6a3c1b2e4f', until)).toBe(true);
        expect(await guard.claim('6f1c1f6e-2b8a-4a57-9d3e-0d6a3c1b2e4f', until)).toBe(false);
      }));

    it('different ids do not interfere', () =>
      withGuard(async ({ guard, clock }) => {
        const until = clock.now() + 60_000;
        expect(await guard.claim('4006381333931', until)).toBe(true);
        expect(await guard.claim('4006381333948', until)).toBe(true);
      }));

    it('concurrent claims of one id: exactly one wins', () =>
      withGuard(async ({ guard, clock }) => {
        const until = clock.now() + 60_000;
        const results = await Promise.all(Array.from({ length: 20 }, () => guard.claim('same-code', until)));
        expect(results.filter(Boolean)).toHaveLength(1);
      }));

    it('a later "until" on a second claim does not let it win', () =>
      withGuard(async ({ guard, clock }) => {
        expect(await guard.claim('code', clock.now() + 60_000)).toBe(true);
        expect(await guard.claim('code', clock.now() + 600_000)).toBe(false);
      }));

    it('after "until" has passed the id can be claimed again', () =>
      withGuard(async ({ guard, clock, advance }) => {
        expect(await guard.claim('expiring', clock.now() + 200)).toBe(true);
        await advance(400);
        expect(await guard.claim('expiring', clock.now() + 200)).toBe(true);
      }));

    it('an "until" already past by the guard\'s clock rejects with REPLAY_CLOCK_AHEAD, not "used"', () =>
      withGuard(async ({ guard, clock }) => {
        await expect(guard.claim('late', clock.now() - 1)).rejects.toSatisfy((e) =>
          isAcceptError(e, 'REPLAY_CLOCK_AHEAD'),
        );
        // Nothing was recorded: with a sane "until" the id is still free.
        expect(await guard.claim('late', clock.now() + 60_000)).toBe(true);
      }));

    it.each([
      ['', 1],
      ['x'.repeat(257), 1],
      ['ok', Number.NaN],
      ['ok', Number.POSITIVE_INFINITY],
    ])('bad arguments reject with INVALID_ARGUMENT (%j, %s)', (id, offset) =>
      withGuard(async ({ guard, clock }) => {
        const until = Number.isFinite(offset) ? clock.now() + 60_000 : offset;
        await expect(guard.claim(id, until)).rejects.toSatisfy((e) => isAcceptError(e, 'INVALID_ARGUMENT'));
      }),
    );
  });
}
