/**
 * The `ShareStore` port: where share sessions, verified deliveries and receipts live, with atomic state
 * transitions, so that the instance that receives the webhook and the instance that awaits the session may
 * be different processes. `memoryShareStore()` implements it for one process.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import type { DocumentType } from '../documents.js';
import { AcceptError, type AcceptErrorCode } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { OpenCheck, Signer } from '../profiles/port.js';
import type { ConsentReceipt } from './receipt.js';
import { isFinalState, type ShareState } from './state.js';

/**
 * One share session as stored. `id` is the request id (a UUID the partner makes), which the platform echoes
 * in the delivery's trace-id header.
 *
 * @example
 * ```ts
 * import type { ShareRecord } from 'diia-accept/share';
 * const open = (r: ShareRecord) => r.state === 'awaiting-consent' && r.expiresAt > Date.now();
 * ```
 */
export interface ShareRecord {
  readonly id: string;
  /** `barcode`: asked by the 13-digit barcode; `offer`: asked through a deeplink. */
  readonly flow: 'barcode' | 'offer';
  readonly branchId: string;
  /** The types the request expected; empty when it named none (the platform then decides what comes). */
  readonly documentTypes: readonly DocumentType[];
  readonly barcode?: string;
  readonly offerId?: string;
  /** The deeplink the platform made (offer flow). */
  readonly deeplink?: string;
  /** The deeplink's one-time code, used to poll its status (offer flow). */
  readonly otp?: string;
  readonly state: ShareState;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** After this (ms since the epoch) a pending session is expired and deliveries for it are refused. */
  readonly expiresAt: number;
  readonly updatedAt: number;
  /** Why it failed (state `failed`). */
  readonly failure?: AcceptErrorCode;
}

/**
 * A verified copy of one document. `content` is personal data: keep it out of logs.
 *
 * @example
 * ```ts
 * for (const copy of (await store.getDelivery(id))?.copies ?? []) await caseFile.put(copy.sha256, copy.content);
 * ```
 */
export interface DeliveredCopy {
  /** The concrete type delivered (`internal-passport` for a request of `passport`, say). */
  readonly documentType: DocumentType;
  /** The sender's file name, made safe (see `safeFileName`). It is not signed: never use it as a path. */
  readonly fileName?: string;
  readonly content: Uint8Array;
  /** SHA-256 of `content`, lowercase hex. */
  readonly sha256: string;
  readonly signer: Signer;
  readonly signedAt?: number;
  readonly checks: readonly OpenCheck[];
}

/**
 * Everything a delivery brought, opened and verified.
 *
 * @example
 * ```ts
 * const delivery: Delivery | undefined = await store.getDelivery(requestId);
 * ```
 */
export interface Delivery {
  readonly requestId: string;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
  /** The profile that opened it. */
  readonly profile: string;
  readonly copies: readonly DeliveredCopy[];
  /**
   * The opened `encodeData` JSON: `{ barcode, documentTypes, data }` (barcode flow) or `{ requestId,
   * documentTypes, data }` (deeplink flow); `data` is personal data. Unknown fields are kept.
   */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * The outcome of {@link ShareStore.putDelivery}: `stored` (the session is now `delivered`); `duplicate` (the
 * same copies were stored before; nothing changed); `late` (the session had ended or its time was up;
 * nothing stored); `conflict` (different copies were stored before; nothing changed); `unknown` (no such
 * session).
 *
 * @example
 * ```ts
 * const result: PutDeliveryResult = await store.putDelivery(id, delivery, receipt);
 * if (result.status === 'late') refuse();
 * ```
 */
export type PutDeliveryResult =
  | { readonly status: 'stored' | 'duplicate' | 'late' | 'conflict'; readonly record: ShareRecord }
  | { readonly status: 'unknown' };

/**
 * Fields a transition may set along with the state.
 *
 * @example
 * ```ts
 * await store.transition(id, 'requested', 'awaiting-consent', { deeplink, otp });
 * ```
 */
export interface TransitionPatch {
  readonly deeplink?: string;
  readonly otp?: string;
  readonly failure?: AcceptErrorCode;
}

/**
 * The storage port of the share flow. Every method is atomic on its own; implementations throw
 * `AcceptError` (`SHARE_STATE_CONFLICT`, `STORE_UNAVAILABLE`, `ABORTED`) and nothing else.
 *
 * @example
 * ```ts
 * import { memoryShareStore, type ShareStore } from 'diia-accept/share';
 * const store: ShareStore = memoryShareStore({ maxSessions: 10_000 });
 * ```
 */
export interface ShareStore {
  /** Records a new session. `SHARE_STATE_CONFLICT` if the id exists; `STORE_UNAVAILABLE` if full. */
  create(record: ShareRecord): Promise<void>;
  /** The session, or undefined. */
  get(id: string): Promise<ShareRecord | undefined>;
  /**
   * Compare-and-set: moves the session to `to` only if its state is `from` (or one of `from`). Returns the
   * updated record, or undefined when the session is missing or in another state (nothing changed).
   */
  transition(
    id: string,
    from: ShareState | readonly ShareState[],
    to: ShareState,
    patch?: TransitionPatch,
  ): Promise<ShareRecord | undefined>;
  /**
   * Stores a verified delivery and its receipt and moves the session to `delivered`, all at once. A pending
   * session whose `expiresAt` has passed is moved to `expired` instead and the delivery refused (`late`).
   * Idempotent: the same copies again are a `duplicate` and nothing is stored twice.
   */
  putDelivery(id: string, delivery: Delivery, receipt: ConsentReceipt): Promise<PutDeliveryResult>;
  /** The stored delivery, or undefined. */
  getDelivery(id: string): Promise<Delivery | undefined>;
  /** The stored receipt, or undefined. */
  getReceipt(id: string): Promise<ConsentReceipt | undefined>;
  /**
   * Resolves with the session once it is in a final state, whichever instance put it there (immediately if
   * it already is). Rejects with `SHARE_SESSION_UNKNOWN` if there is no such session and `ABORTED` when the
   * signal fires. It does not expire sessions by itself.
   */
  watch(id: string, options?: { readonly signal?: AbortSignal }): Promise<ShareRecord>;
}

/**
 * Options of {@link memoryShareStore}.
 *
 * @example
 * ```ts
 * const options: MemoryShareStoreOptions = { clock: systemClock, maxSessions: 5_000 };
 * ```
 */
export interface MemoryShareStoreOptions {
  /** Decides lateness of deliveries. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * At most this many sessions are kept; finished ones are forgotten first, oldest first. When every kept
   * session is still pending, `create` fails with `STORE_UNAVAILABLE`. Default 10 000.
   */
  readonly maxSessions?: number;
}

interface Entry {
  record: ShareRecord;
  delivery?: Delivery;
  receipt?: ConsentReceipt;
}

/**
 * The in-memory {@link ShareStore}: one process, no persistence. Good for tests, the sandbox and a single
 * front-desk server; use a shared store (Redis) when several instances serve the webhook.
 *
 * @example
 * ```ts
 * import { memoryShareStore } from 'diia-accept/share';
 * import { systemClock } from 'diia-accept';
 * const store = memoryShareStore({ clock: systemClock, maxSessions: 5_000 });
 * ```
 */
export function memoryShareStore(options: MemoryShareStoreOptions = {}): ShareStore {
  refuseUnknownOptions(
    options,
    optionKeys<MemoryShareStoreOptions>({ clock: true, maxSessions: true }),
    'memoryShareStore',
  );
  const clock = options.clock ?? systemClock;
  const maxSessions = options.maxSessions ?? 10_000;
  if (!Number.isInteger(maxSessions) || maxSessions < 1) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxSessions must be a positive integer' });
  }
  // Insertion order doubles as age order for eviction.
  const entries = new Map<string, Entry>();
  const watchers = new Map<string, Set<(record: ShareRecord) => void>>();

  const settle = (record: ShareRecord) => {
    if (!isFinalState(record.state)) return;
    const set = watchers.get(record.id);
    if (!set) return;
    watchers.delete(record.id);
    for (const notify of set) notify(record);
  };

  const update = (entry: Entry, to: ShareState, patch: TransitionPatch = {}): ShareRecord => {
    entry.record = { ...entry.record, ...patch, state: to, updatedAt: clock.now() };
    settle(entry.record);
    return entry.record;
  };

  const makeRoom = () => {
    if (entries.size < maxSessions) return;
    for (const [id, entry] of entries) {
      if (isFinalState(entry.record.state) && !watchers.has(id)) {
        entries.delete(id);
        if (entries.size < maxSessions) return;
      }
    }
    throw new AcceptError('STORE_UNAVAILABLE', { detail: `more than ${maxSessions} pending sessions` });
  };

  return {
    async create(record) {
      if (entries.has(record.id)) throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'the id exists' });
      makeRoom();
      entries.set(record.id, { record: { ...record, documentTypes: [...record.documentTypes] } });
    },
    async get(id) {
      return entries.get(id)?.record;
    },
    async transition(id, from, to, patch) {
      const entry = entries.get(id);
      const sources: readonly ShareState[] = typeof from === 'string' ? [from] : from;
      if (!entry || !sources.includes(entry.record.state)) return undefined;
      return update(entry, to, patch);
    },
    async putDelivery(id, delivery, receipt) {
      const entry = entries.get(id);
      if (!entry) return { status: 'unknown' };
      const { record } = entry;
      if (record.state === 'delivered') {
        const same = entry.delivery !== undefined && sameCopies(entry.delivery, delivery);
        return { status: same ? 'duplicate' : 'conflict', record };
      }
      if (isFinalState(record.state)) return { status: 'late', record };
      if (clock.now() >= record.expiresAt) return { status: 'late', record: update(entry, 'expired') };
      entry.delivery = delivery;
      entry.receipt = receipt;
      return { status: 'stored', record: update(entry, 'delivered') };
    },
    async getDelivery(id) {
      return entries.get(id)?.delivery;
    },
    async getReceipt(id) {
      return entries.get(id)?.receipt;
    },
    watch(id, watchOptions = {}) {
      const { signal } = watchOptions;
      return new Promise<ShareRecord>((resolve, reject) => {
        if (signal?.aborted) return reject(new AcceptError('ABORTED', { cause: signal.reason }));
        const entry = entries.get(id);
        if (!entry) return reject(new AcceptError('SHARE_SESSION_UNKNOWN'));
        if (isFinalState(entry.record.state)) return resolve(entry.record);
        const set = watchers.get(id) ?? new Set();
        watchers.set(id, set);
        const onAbort = () => {
          set.delete(notify);
          if (set.size === 0 && watchers.get(id) === set) watchers.delete(id);
          reject(new AcceptError('ABORTED', { cause: signal?.reason }));
        };
        const notify = (record: ShareRecord) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(record);
        };
        set.add(notify);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/**
 * Two deliveries are the same when they carry the same copies (by digest and type). Exported for other
 * store implementations, so every store decides duplicates alike.
 *
 * @example
 * ```ts
 * import { sameCopies } from 'diia-accept/share';
 * if (stored && sameCopies(stored, incoming)) return { status: 'duplicate', record };
 * ```
 */
export function sameCopies(a: Delivery, b: Delivery): boolean {
  const key = (d: Delivery) =>
    d.copies
      .map((c) => `${c.documentType}:${c.sha256}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}
