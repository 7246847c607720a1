/**
 * The share states: requested → awaiting-consent → delivered | declined | expired | failed. `nextState` is
 * the transition table; the flow moves a session by compare-and-set from the states the table allows
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
 * `failed`: the platform refused the request or the copy never came, with the reason's code.
 */
export type ShareEvent =
  | { readonly type: 'accepted' }
  | { readonly type: 'delivered' }
  | { readonly type: 'declined' }
  | { readonly type: 'expired' }
  | { readonly type: 'failed'; readonly reason: AcceptErrorCode };

/** The states a share can still leave. */
export const PENDING_STATES: readonly ShareState[] = Object.freeze(['requested', 'awaiting-consent']);

const NEXT: Record<ShareEvent['type'], { readonly from: readonly ShareState[]; readonly to: ShareState }> = {
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

/** The states from which an event may be applied. */
export function sourcesOf(event: ShareEvent): readonly ShareState[] {
  return NEXT[event.type].from;
}

/**
 * The next state after an event, or `SHARE_STATE_CONFLICT` when the event does not apply (a final state
 * never changes).
 */
export function nextState(state: ShareState, event: ShareEvent): ShareState {
  const rule = NEXT[event.type];
  if (!rule?.from.includes(state)) {
    throw new AcceptError('SHARE_STATE_CONFLICT', {
      detail: `${String(event.type)} does not apply to ${state}`,
    });
  }
  return rule.to;
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
