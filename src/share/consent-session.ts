/**
 * A `ShareSession`: one request for a copy, awaited until the holder's answer arrives. The outcome lives in
 * the {@link ShareStore}, so a session awaited on one instance resolves when another instance's webhook
 * stores the delivery. When nothing arrives, the session polls the platform's status and finally expires.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { AcceptError, isAcceptError } from '../errors.js';
import type { PlatformShareStatus, PlatformTransport } from '../transport/port.js';
import { sleep } from '../turn.js';
import type { ConsentReceipt } from './receipt.js';
import { errorOfState, isFinalState, type ShareState, transitionOf } from './state.js';
import type { DeliveredCopy, Delivery, ShareRecord, ShareStore } from './store.js';

/**
 * What a delivered session resolves with: the verified copies, everything the delivery brought, and the
 * consent receipt.
 *
 * @example
 * ```ts
 * import type { ShareResult } from 'diia-accept/share';
 * const save = ({ copies, receipt }: ShareResult) => caseFile.add(copies, receipt);
 * ```
 */
export interface ShareResult {
  readonly record: ShareRecord;
  readonly copies: readonly DeliveredCopy[];
  readonly delivery: Delivery;
  readonly receipt: ConsentReceipt;
}

/**
 * A change a session observed.
 *
 * @example
 * ```ts
 * import type { ShareStateChange } from 'diia-accept/share';
 * const log = (c: ShareStateChange) => console.log(c.requestId, c.from, '→', c.to);
 * ```
 */
export interface ShareStateChange {
  readonly requestId: string;
  readonly from: ShareState;
  readonly to: ShareState;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/**
 * One request for a copy.
 *
 * @example
 * ```ts
 * const session = await share.request({ branchId, barcode, documentTypes: ['passport'] });
 * try {
 *   const { copies, receipt } = await session.result({ signal });
 * } catch (e) {
 *   if (isAcceptError(e, 'SHARE_DECLINED')) tellOperator('The holder declined.');
 * }
 * ```
 */
export interface ShareSession {
  /** The request id (a UUID), echoed by the platform in the delivery's trace-id header. */
  readonly id: string;
  readonly flow: 'barcode' | 'offer';
  /** The deeplink to show as a QR code or link (offer flow). */
  readonly deeplink?: string;
  /** When the session expires (ms since the epoch). */
  readonly expiresAt: number;
  /** The current state, as stored. */
  state(): Promise<ShareState>;
  /**
   * Waits for the outcome: resolves with the verified copies, or rejects with `SHARE_DECLINED`,
   * `SHARE_EXPIRED`, `SHARE_FAILED`, `ABORTED` (the wait only; the session goes on) or
   * `SHARE_SESSION_UNKNOWN`.
   */
  result(options?: { readonly signal?: AbortSignal }): Promise<ShareResult>;
  /** Calls `listener` on every state change this session observes; returns the unsubscribe function. */
  subscribe(listener: (change: ShareStateChange) => void): () => void;
}

/**
 * Waits `ms` milliseconds or until `signal` fires. Injected so tests can move a manual clock instead of
 * waiting.
 *
 * @example
 * ```ts
 * const sleep: Sleep = async (ms) => clock.advance(ms); // tests: time moves only when the session waits
 * ```
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface ShareSessionDeps {
  readonly store: ShareStore;
  readonly transport: Pick<PlatformTransport, 'documentRequestStatus' | 'offerRequestStatus'>;
  readonly clock: Clock;
  /** How often to ask the platform for the status while waiting, ms. Default 5 000. */
  readonly pollInterval?: number;
  readonly sleep?: Sleep;
}

/** Attaches to a stored session (on this instance or after a restart). */
export function openShareSession(record: ShareRecord, deps: ShareSessionDeps): ShareSession {
  const { store, transport, clock } = deps;
  const pollInterval = Math.max(1, deps.pollInterval ?? 5_000);
  const wait = deps.sleep ?? sleep;
  const listeners = new Set<(change: ShareStateChange) => void>();
  let lastSeen: ShareState = record.state;

  const observe = (current: ShareRecord) => {
    if (current.state === lastSeen) return;
    const change = { requestId: record.id, from: lastSeen, to: current.state, at: clock.now() };
    lastSeen = current.state;
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // a listener's failure must not break the wait
      }
    }
  };

  const load = async (): Promise<ShareRecord> => {
    const current = await store.get(record.id);
    if (!current) throw new AcceptError('SHARE_SESSION_UNKNOWN');
    observe(current);
    return current;
  };

  const settle = async (current: ShareRecord): Promise<ShareResult> => {
    const error = errorOfState(current.state, current.failure);
    if (error) throw error;
    const [delivery, receipt] = await Promise.all([
      store.getDelivery(current.id),
      store.getReceipt(current.id),
    ]);
    if (!delivery || !receipt) throw new AcceptError('SHARE_FAILED', { detail: 'delivered but not stored' });
    return { record: current, copies: delivery.copies, delivery, receipt };
  };

  /** The platform's view: the fallback when no webhook arrives. Failures just mean "ask again later". */
  const askPlatform = async (signal: AbortSignal): Promise<PlatformShareStatus | undefined> => {
    try {
      const answer =
        record.flow === 'offer'
          ? record.otp
            ? await transport.offerRequestStatus({ otp: record.otp, requestId: record.id }, { signal })
            : undefined
          : record.barcode
            ? await transport.documentRequestStatus(
                { barcode: record.barcode, requestId: record.id },
                { signal },
              )
            : undefined;
      return answer?.status;
    } catch (error) {
      if (isAcceptError(error, 'ABORTED') || signal.aborted) throw abortError(signal);
      return undefined;
    }
  };

  const end = async (event: 'declined' | 'expired' | 'failed', patch = {}) => {
    const { from, to } = transitionOf(event);
    const moved = await store.transition(record.id, from, to, patch);
    if (moved) observe(moved);
  };

  return {
    id: record.id,
    flow: record.flow,
    ...(record.deeplink !== undefined ? { deeplink: record.deeplink } : {}),
    expiresAt: record.expiresAt,
    async state() {
      return (await load()).state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async result(options = {}) {
      const outer = options.signal;
      for (;;) {
        if (outer?.aborted) throw abortError(outer);
        const current = await load();
        if (isFinalState(current.state)) return settle(current);
        const left = current.expiresAt - clock.now();
        if (left <= 0) {
          // A last look at the platform: a holder who consented but whose copy never came is a failure,
          // not silence.
          const status = await askPlatform(outer ?? new AbortController().signal);
          if (status === 'declined') await end('declined');
          else if (status === 'consented' || status === 'delivered')
            await end('failed', { failure: 'SHARE_FAILED' });
          else await end('expired');
          continue;
        }
        const round = new AbortController();
        const stop = () => round.abort(outer?.reason);
        outer?.addEventListener('abort', stop, { once: true });
        if (outer?.aborted) stop();
        try {
          const woke = await Promise.race([
            store.watch(record.id, { signal: round.signal }).then(() => 'settled' as const),
            wait(Math.min(pollInterval, left), round.signal).then(() => 'timer' as const),
          ]);
          if (woke === 'timer' && clock.now() < current.expiresAt) {
            const status = await askPlatform(round.signal);
            if (status === 'declined') await end('declined');
            else if (status === 'expired') await end('expired');
          }
        } catch (error) {
          if (outer?.aborted) throw abortError(outer);
          if (!isAcceptError(error, 'ABORTED')) throw error;
        } finally {
          outer?.removeEventListener('abort', stop);
          round.abort();
        }
      }
    },
  };
}

function abortError(signal: AbortSignal): AcceptError {
  return new AcceptError('ABORTED', { cause: signal.reason });
}
