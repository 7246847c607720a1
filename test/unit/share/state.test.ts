import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import {
  errorOfState,
  isFinalState,
  nextState,
  PENDING_STATES,
  type ShareEvent,
  type ShareState,
} from '../../../src/share/state.js';

const STATES: ShareState[] = ['requested', 'awaiting-consent', 'delivered', 'declined', 'expired', 'failed'];
const EVENTS: ShareEvent[] = [
  { type: 'accepted' },
  { type: 'delivered' },
  { type: 'declined' },
  { type: 'expired' },
  { type: 'failed', reason: 'PLATFORM_CODE_USED' },
];

describe('the share state machine', () => {
  it('follows the happy path and its alternatives', () => {
    expect(nextState('requested', { type: 'accepted' })).toBe('awaiting-consent');
    expect(nextState('awaiting-consent', { type: 'delivered' })).toBe('delivered');
    expect(nextState('requested', { type: 'delivered' })).toBe('delivered');
    expect(nextState('awaiting-consent', { type: 'declined' })).toBe('declined');
    expect(nextState('awaiting-consent', { type: 'expired' })).toBe('expired');
    expect(nextState('requested', { type: 'failed', reason: 'PLATFORM_CODE_USED' })).toBe('failed');
  });

  it('never leaves a final state and never accepts twice', () => {
    for (const state of STATES.filter(isFinalState)) {
      for (const event of EVENTS) {
        expect(() => nextState(state, event)).toThrow(
          expect.objectContaining({ code: 'SHARE_STATE_CONFLICT' }),
        );
      }
    }
    expect(() => nextState('awaiting-consent', { type: 'accepted' })).toThrow();
  });

  it('any sequence of events ends in at most one final state and stays there', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let state: ShareState = 'requested';
        let finals = 0;
        for (const event of events) {
          try {
            state = nextState(state, event);
            if (isFinalState(state)) finals++;
          } catch (e) {
            expect(isAcceptError(e, 'SHARE_STATE_CONFLICT')).toBe(true);
          }
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
