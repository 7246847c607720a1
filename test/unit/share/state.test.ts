import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  errorOfState,
  isFinalState,
  PENDING_STATES,
  type ShareEvent,
  type ShareState,
  transitionOf,
} from '../../../src/share/state.js';

const STATES: ShareState[] = ['requested', 'awaiting-consent', 'delivered', 'declined', 'expired', 'failed'];
const EVENTS: ShareEvent[] = ['accepted', 'delivered', 'declined', 'expired', 'failed'];

/** What a store's compare-and-set does with an event's transition: the new state, or undefined (refused). */
function apply(state: ShareState, event: ShareEvent): ShareState | undefined {
  const { from, to } = transitionOf(event);
  return from.includes(state) ? to : undefined;
}

describe('the share state machine', () => {
  it('follows the happy path and its alternatives', () => {
    expect(apply('requested', 'accepted')).toBe('awaiting-consent');
    expect(apply('awaiting-consent', 'delivered')).toBe('delivered');
    // A delivery may overtake the platform's answer to the request.
    expect(apply('requested', 'delivered')).toBe('delivered');
    expect(apply('awaiting-consent', 'declined')).toBe('declined');
    expect(apply('awaiting-consent', 'expired')).toBe('expired');
    expect(apply('requested', 'failed')).toBe('failed');
  });

  it('never leaves a final state and never accepts twice', () => {
    for (const state of STATES.filter(isFinalState)) {
      for (const event of EVENTS) expect(apply(state, event), `${event} from ${state}`).toBeUndefined();
    }
    expect(apply('awaiting-consent', 'accepted')).toBeUndefined();
  });

  it('any sequence of events ends in at most one final state and stays there', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let state: ShareState = 'requested';
        let finals = 0;
        for (const event of events) {
          const next = apply(state, event);
          if (next === undefined) continue;
          state = next;
          if (isFinalState(state)) finals++;
        }
        expect(finals).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('maps final states to coded errors', () => {
    expect(errorOfState('declined')?.code).toBe('SHARE_DECLINED');
    expect(errorOfState('expired')?.code).toBe('SHARE_EXPIRED');
    expect(errorOfState('failed', 'PLATFORM_CODE_USED')).toMatchObject({
      code: 'SHARE_FAILED',
      detail: 'PLATFORM_CODE_USED',
    });
    expect(errorOfState('delivered')).toBeUndefined();
    for (const s of PENDING_STATES) expect(errorOfState(s)).toBeUndefined();
  });
});
