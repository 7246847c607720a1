/**
 * Where Diia ID requests and their verified results live. A port of its own rather than the share flow's
 * `ShareStore`: a Diia ID record holds the requested digests (not document types and barcodes), its result
 * holds signatures and signers (not sealed copies and receipts), and it has four states, not the share
 * table's. `memoryDiiaIdStore()` implements it for one process.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { DigestAlgorithm, SignAlgo } from './digests.js';
import type { DiiaIdResult } from './types.js';

/**
 * A Diia ID request's state: `pending` until the platform delivers; `delivered`, `expired`, `cancelled`
 * are final.
 *
 * @example
 * ```ts
 * const done = (s: DiiaIdState) => s !== 'pending';
 * ```
 */
export type DiiaIdState = 'pending' | 'delivered' | 'expired' | 'cancelled';

/**
 * A Diia ID request as stored, keyed by the id the platform echoes in the trace-id header: the request id
 * (signing) or the hashed request id (login). Holds no personal data.
 *
 * @example
 * ```ts
 * const open = (r: DiiaIdRecord) => r.state === 'pending' && r.expiresAt > Date.now();
 * ```
 */
export interface DiiaIdRecord {
  /** The trace id the platform echoes. */
  readonly id: string;
  readonly flow: 'hashedFilesSigning' | 'auth';
  /** The partner's plain request id (for signing, the same as `id`). */
  readonly requestId: string;
  readonly branchId: string;
  readonly offerId: string;
  readonly deeplink: string;
  /** The holder's algorithm the signatures are verified for (`DSTU` when the request named none). */
  readonly signAlgo: SignAlgo;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Signing: the files sent, by name, with their digests. Login: one entry, the hashed id's digest. */
  readonly files: readonly { readonly name: string; readonly digest: Uint8Array }[];
  readonly state: DiiaIdState;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly updatedAt: number;
}

/**
 * The outcome of {@link DiiaIdStore.putResult}: `stored` (now `delivered`); `duplicate` (the same delivery,
 * by fingerprint, was stored before; nothing changed); `conflict` (another delivery was stored before);
 * `late` (the request had ended or its time was up; nothing stored); `unknown` (no such request).
 *
 * @example
 * ```ts
 * const { status }: PutResultOutcome = await store.putResult(id, result, fingerprint);
 * ```
 */
export type PutResultOutcome = { readonly status: 'stored' | 'duplicate' | 'conflict' | 'late' | 'unknown' };

/**
 * The storage port of Diia ID. Every method is atomic on its own; implementations throw `AcceptError`
 * (`SHARE_STATE_CONFLICT` for an existing id, `STORE_UNAVAILABLE`, `ABORTED`) and nothing else.
 *
 * @example
 * ```ts
 * const store: DiiaIdStore = memoryDiiaIdStore({ maxRequests: 10_000 });
 * ```
 */
export interface DiiaIdStore {
  /** Records a new request. `SHARE_STATE_CONFLICT` if the id exists; `STORE_UNAVAILABLE` if full. */
  create(record: DiiaIdRecord): Promise<void>;
  get(id: string): Promise<DiiaIdRecord | undefined>;
  /** The fingerprint of the stored delivery (to tell a duplicate from a conflict early), if delivered. */
  fingerprint(id: string): Promise<string | undefined>;
  /**
   * Stores a verified result and moves the request to `delivered`, all at once; a pending request whose
   * time is up moves to `expired` instead (`late`). `fingerprint` identifies the delivery's bytes.
   */
  putResult(id: string, result: DiiaIdResult, fingerprint: string): Promise<PutResultOutcome>;
  getResult(id: string): Promise<DiiaIdResult | undefined>;
  /** Moves a pending request to `expired` or `cancelled`; the record after, or undefined if not pending. */
  end(id: string, to: 'expired' | 'cancelled'): Promise<DiiaIdRecord | undefined>;
  /** Resolves when the request leaves `pending` (at once if it has); rejects `ABORTED` on `signal`. */
  watch(id: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

/**
 * Options of {@link memoryDiiaIdStore}.
 *
 * @example
 * ```ts
 * const options: MemoryDiiaIdStoreOptions = { maxRequests: 1_000, keepFor: 3_600_000 };
 * ```
 */
export interface MemoryDiiaIdStoreOptions {
  /** Requests held at once (pending and ended); a create beyond fails `STORE_UNAVAILABLE`. Default 10 000. */
  readonly maxRequests?: number;
  /** How long an ended request (and its result) is kept, ms after its expiry. Default 1 hour. */
  readonly keepFor?: number;
  readonly clock?: Clock;
}

interface Entry {
  record: DiiaIdRecord;
  result?: DiiaIdResult;
  fingerprint?: string;
  readonly waiters: Set<() => void>;
}

/**
 * A {@link DiiaIdStore} in this process's memory: results (personal data) live only as long as `keepFor`.
 *
 * @example
 * ```ts
 * import { memoryDiiaIdStore } from './store.js';
 * const store = memoryDiiaIdStore();
 * ```
 */
export function memoryDiiaIdStore(options: MemoryDiiaIdStoreOptions = {}): DiiaIdStore {
  refuseUnknownOptions(
    options,
    optionKeys<MemoryDiiaIdStoreOptions>({ maxRequests: true, keepFor: true, clock: true }),
    'memoryDiiaIdStore',
  );
  const maxRequests = options.maxRequests ?? 10_000;
  const keepFor = options.keepFor ?? 3_600_000;
  for (const [key, value] of [
    ['maxRequests', maxRequests],
    ['keepFor', keepFor],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: `memoryDiiaIdStore: ${key} must be a positive whole number`,
      });
  }
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();

  const sweep = () => {
    const now = clock.now();
    for (const [id, entry] of entries) if (now > entry.record.expiresAt + keepFor) entries.delete(id);
  };
  const move = (entry: Entry, state: DiiaIdState) => {
    entry.record = { ...entry.record, state, updatedAt: clock.now() };
    for (const wake of entry.waiters) wake();
    entry.waiters.clear();
  };

  return {
    async create(record) {
      sweep();
      if (entries.has(record.id)) throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'the id exists' });
      if (entries.size >= maxRequests)
        throw new AcceptError('STORE_UNAVAILABLE', { detail: 'the store is full' });
      entries.set(record.id, { record, waiters: new Set() });
    },
    async get(id) {
      return entries.get(id)?.record;
    },
    async fingerprint(id) {
      return entries.get(id)?.fingerprint;
    },
    async putResult(id, result, fingerprint) {
      const entry = entries.get(id);
      if (!entry) return { status: 'unknown' };
      const { state, expiresAt } = entry.record;
      if (state === 'delivered')
        return { status: entry.fingerprint === fingerprint ? 'duplicate' : 'conflict' };
      if (state !== 'pending') return { status: 'late' };
      if (clock.now() >= expiresAt) {
        move(entry, 'expired');
        return { status: 'late' };
      }
      entry.result = result;
      entry.fingerprint = fingerprint;
      move(entry, 'delivered');
      return { status: 'stored' };
    },
    async getResult(id) {
      return entries.get(id)?.result;
    },
    async end(id, to) {
      const entry = entries.get(id);
      if (entry?.record.state !== 'pending') return undefined;
      move(entry, to);
      return entry.record;
    },
    watch(id, { signal } = {}) {
      return new Promise<void>((resolve, reject) => {
        const entry = entries.get(id);
        if (entry?.record.state !== 'pending') return resolve();
        if (signal?.aborted) return reject(new AcceptError('ABORTED', { cause: signal.reason }));
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          entry.waiters.delete(wake);
          reject(new AcceptError('ABORTED', { cause: signal?.reason }));
        };
        entry.waiters.add(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
