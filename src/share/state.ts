/**
 * The share states: requested → awaiting-consent → delivered | declined | expired | failed. `transitionOf` is
 * the one transition table: the flow moves a session by compare-and-set from the states it allows
 * (`store.transition(id, from, to)`), so two instances never disagree on an outcome.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../errors.js';

/**
 * Where a share stands. `requested`: recorded, the platform not yet asked or not yet answered;
 * `awaiting-consent`: the platform accepted the request and the holder is being asked; the other four are
 * final.
 *
 * @example
 * ```ts
 * import type { ShareState } from 'diia-accept/share';
 * const label: Record<ShareState, string> = { requested: '…', 'awaiting-consent': 'Waiting for the holder',
 *   delivered: 'Copy received', declined: 'Declined', expired: 'No answer', failed: 'Failed' };
 * ```
 */
export type ShareState = 'requested' | 'awaiting-consent' | 'delivered' | 'declined' | 'expired' | 'failed';

/**
 * What can happen to a share. `accepted`: the platform took the request; `delivered`: a verified copy was
 * stored; `declined`: the holder refused (seen through status polling); `expired`: nobody answered in time;
 * `failed`: the platform refused the request or the copy never came.
 */
export type ShareEvent = 'accepted' | 'delivered' | 'declined' | 'expired' | 'failed';

/** The states a share can still leave. */
export const PENDING_STATES: readonly ShareState[] = Object.freeze(['requested', 'awaiting-consent']);

/** A compare-and-set: the states an event may apply to, and the state it leads to. */
export interface Transition {
  readonly from: readonly ShareState[];
  readonly to: ShareState;
}

const TRANSITIONS: Record<ShareEvent, Transition> = {
  accepted: { from: ['requested'], to: 'awaiting-consent' },
  // A delivery can overtake the platform's answer to the request itself, so `requested` may jump ahead.
  delivered: { from: PENDING_STATES, to: 'delivered' },
  declined: { from: PENDING_STATES, to: 'declined' },
  expired: { from: PENDING_STATES, to: 'expired' },
  failed: { from: PENDING_STATES, to: 'failed' },
};

/**
 * Tells whether a state is final (nothing can change it any more).
 *
 * @example
 * ```ts
 * import { isFinalState } from 'diia-accept/share';
 * isFinalState('awaiting-consent'); // false
 * ```
 */
export function isFinalState(state: ShareState): boolean {
  return !PENDING_STATES.includes(state);
}

/** The transition of an event, for `store.transition(id, from, to)`: every move of a share goes through it. */
export function transitionOf(event: ShareEvent): Transition {
  return TRANSITIONS[event];
}

/**
 * The error a final state settles to (`SHARE_DECLINED`, `SHARE_EXPIRED`, `SHARE_FAILED` with the reason as
 * detail), or undefined for `delivered` and the pending states.
 */
export function errorOfState(state: ShareState, reason?: AcceptErrorCode): AcceptError | undefined {
  switch (state) {
    case 'declined':
      return new AcceptError('SHARE_DECLINED');
    case 'expired':
      return new AcceptError('SHARE_EXPIRED');
    case 'failed':
      return new AcceptError('SHARE_FAILED', reason ? { detail: reason } : {});
    default:
      return undefined;
  }
}
