/**
 * The behaviour every DiiaIdStore must have, as a reusable suite: `memoryDiiaIdStore` is the reference
 * (test/unit/diia-id/store.test.ts), the Redis store runs the same table against a real server
 * (test/integration/redis-diia-id-store.test.ts). Results carry every kind of field a verifier fills in
 * (bytes nested in lists, optional fields, a custom verifier's own members), and come back deep-equal.
 */
import { describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/clock.js';
import type { DiiaIdRecord, DiiaIdStore } from '../../src/diia-id/store.js';
import type { DiiaIdVerification, LoginResult, SigningResult } from '../../src/diia-id/types.js';
import { codeOf } from './codes.js';

/** What a factory gives the suite: a store, a second instance on the same backend, and a clean-up. */
export interface DiiaIdStoreUnderTest {
  readonly store: DiiaIdStore;
  /** Another instance sharing the backend (another process in production); the same object for memory. */
  readonly peer: DiiaIdStore;
  close?(): Promise<void>;
}

export type DiiaIdStoreFactory = (clock: ManualClock) => DiiaIdStoreUnderTest | Promise<DiiaIdStoreUnderTest>;

export const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
let counter = 0;

const bytes = (...values: number[]) => Uint8Array.from(values);

/** A pending signing request over two files, expiring three minutes after `T0`. */
export function diiaIdRecord(overrides: Partial<DiiaIdRecord> = {}): DiiaIdRecord {
  counter++;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    flow: 'hashedFilesSigning',
    requestId: id,
    branchId: 'branch-1',
    offerId: 'offer-1',
    deeplink: `https://diia.app/acquirers/offer-request/dynamic/${counter}`,
    signAlgo: 'DSTU',
    digestAlgorithm: 'gost34311',
    files: [
      { name: 'заява.pdf', digest: new Uint8Array(32).fill(counter % 256) },
      { name: 'contract.pdf', digest: bytes(0, 255, 1, 254, ...new Array(28).fill(7)) },
    ],
    state: 'pending',
    createdAt: T0,
    expiresAt: T0 + 180_000,
    updatedAt: T0,
    ...overrides,
  };
}

function verification(tag: number): DiiaIdVerification {
  return {
    signedAt: T0 + 5_000,
    level: 'T',
    signer: {
      fullName: 'Шевченко Тарас Григорович',
      taxId: '1234567899',
      identity: {
        identifiers: [{ kind: 'rnokpp', value: '1234567899', source: 'drfo', checkDigitValid: true }],
        qualified: {
          compliance: true,
          sscd: false,
          types: ['esign'],
          ukrainianQualified: true,
          statements: [],
        },
      } as never,
      // A custom verifier's own members, including a name that looks like the codec's bytes tag.
      $bytes: 'not bytes',
      extra: { raw: bytes(tag, 0, 0), empty: new Uint8Array(0), list: [bytes(1), 'two', null, 3.5, false] },
    },
    certificate: bytes(0x30, 0x82, tag, 0x00, 0xff),
    checks: ['message-digest', 'signature', 'chain'],
    algorithm: 'DSTU',
    checkedAt: T0 + 5_000,
    chain: [bytes(0x30, 1, tag), bytes(0x30, 2), bytes(0x30, 3, 0, 0, 0)],
    timestamps: [{ genTime: T0 + 4_000, imprintMatches: true }],
    notVerified: ['revocation', 'timestamp-authority-signature'],
  };
}

/** A verified signing result for `record` (its files' digests); `tag` makes results of the same id differ. */
export function signingResult(record: DiiaIdRecord, tag = 1): SigningResult {
  return {
    flow: 'hashedFilesSigning',
    requestId: record.requestId,
    files: record.files.map((file, i) => ({
      name: file.name,
      digest: file.digest,
      digestAlgorithm: record.digestAlgorithm,
      signature: bytes(0x30, 0x80, tag, i, ...new Array(40).fill(i)),
      verification: verification(tag),
    })),
    receivedAt: T0 + 10_000,
  };
}

/** A verified login result for a login `record`. */
export function loginResult(record: DiiaIdRecord): LoginResult {
  return {
    flow: 'auth',
    requestId: record.requestId,
    hashedRequestId: record.id,
    person: { fullName: 'Українка Леся', taxId: '2345678901' },
    signature: bytes(0x30, 0x80, 9, 9),
    verification: verification(9),
    certificate: bytes(0x30, 0x82, 9),
    signedAt: T0 + 5_000,
    receivedAt: T0 + 10_000,
  };
}

/** Runs the DiiaIdStore behaviour table against stores made by `factory`. */
export function diiaIdStoreContract(name: string, factory: DiiaIdStoreFactory): void {
  describe(`DiiaIdStore contract: ${name}`, () => {
    const withStores = async (test: (s: DiiaIdStoreUnderTest, clock: ManualClock) => Promise<void>) => {
      const clock = manualClock(T0);
      const stores = await factory(clock);
      try {
        await test(stores, clock);
      } finally {
        await stores.close?.();
      }
    };

    it('create then get (on either instance) gives the record back, digests byte for byte', () =>
      withStores(async ({ store, peer }) => {
        const r = diiaIdRecord();
        await store.create(r);
        expect(await store.get(r.id)).toEqual(r);
        const seen = await peer.get(r.id);
        expect(seen).toEqual(r);
        expect(seen?.files[1]?.digest).toBeInstanceOf(Uint8Array);
        const login = diiaIdRecord({ flow: 'auth', signAlgo: 'ECDSA', digestAlgorithm: 'sha256', files: [] });
        await peer.create(login);
        expect(await store.get(login.id)).toEqual(login);
      }));

    it('an id that exists is SHARE_STATE_CONFLICT, from any instance; the first record stays', () =>
      withStores(async ({ store, peer }) => {
        const r = diiaIdRecord();
        await store.create(r);
        expect(await codeOf(peer.create({ ...r, offerId: 'other' }))).toBe('SHARE_STATE_CONFLICT');
        expect(await codeOf(store.create(r))).toBe('SHARE_STATE_CONFLICT');
        expect(await peer.get(r.id)).toEqual(r);
      }));

    it('nothing known before a delivery: unknown id, no fingerprint, no result', () =>
      withStores(async ({ store, peer }) => {
        const r = diiaIdRecord();
        expect(await store.get(r.id)).toBeUndefined();
        expect(await store.getResult(r.id)).toBeUndefined();
        expect(await store.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'unknown' });
        expect(await store.end(r.id, 'cancelled')).toBeUndefined();
        await store.create(r);
        expect(await peer.fingerprint(r.id)).toBeUndefined();
        expect(await peer.getResult(r.id)).toBeUndefined();
      }));

    it('a delivery in time is stored with its fingerprint; the result reads back deep-equal on the other instance', () =>
      withStores(async ({ store, peer }, clock) => {
        const r = diiaIdRecord();
        await store.create(r);
        clock.advance('30s');
        const result = signingResult(r);
        expect(await peer.putResult(r.id, result, 'fp-1')).toEqual({ status: 'stored' });
        expect(await store.get(r.id)).toEqual({ ...r, state: 'delivered', updatedAt: T0 + 30_000 });
        expect(await store.fingerprint(r.id)).toBe('fp-1');
        const back = await store.getResult(r.id);
        expect(back).toEqual(result);
        const file = (back as SigningResult).files[0]!;
        expect(file.signature).toBeInstanceOf(Uint8Array);
        expect(file.verification.chain?.[2]).toBeInstanceOf(Uint8Array);
        expect(file.verification.signer.$bytes).toBe('not bytes');

        const login = diiaIdRecord({ flow: 'auth', files: [] });
        await peer.create(login);
        expect(await store.putResult(login.id, loginResult(login), 'fp-l')).toEqual({ status: 'stored' });
        expect(await peer.getResult(login.id)).toEqual(loginResult(login));
      }));

    it('the same delivery again is a duplicate and a different one a conflict; neither changes what is stored', () =>
      withStores(async ({ store, peer }, clock) => {
        const r = diiaIdRecord();
        await store.create(r);
        await store.putResult(r.id, signingResult(r, 1), 'fp-1');
        clock.advance('10s');
        expect(await peer.putResult(r.id, signingResult(r, 1), 'fp-1')).toEqual({ status: 'duplicate' });
        expect(await peer.putResult(r.id, signingResult(r, 2), 'fp-2')).toEqual({ status: 'conflict' });
        clock.advance('1h'); // after expiry: a delivered request stays delivered; duplicates stay harmless
        expect(await store.putResult(r.id, signingResult(r, 1), 'fp-1')).toEqual({ status: 'duplicate' });
        expect(await store.fingerprint(r.id)).toBe('fp-1');
        expect(await store.getResult(r.id)).toEqual(signingResult(r, 1));
        expect((await store.get(r.id))?.updatedAt).toBe(T0);
      }));

    it('a delivery at or after expiresAt is late: nothing stored, the request expired, later ones late too', () =>
      withStores(async ({ store, peer }, clock) => {
        const r = diiaIdRecord();
        await store.create(r);
        clock.set(r.expiresAt);
        expect(await peer.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'late' });
        expect(await store.get(r.id)).toEqual({ ...r, state: 'expired', updatedAt: r.expiresAt });
        expect(await store.getResult(r.id)).toBeUndefined();
        expect(await store.fingerprint(r.id)).toBeUndefined();
        expect(await store.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'late' });
        expect(await store.end(r.id, 'cancelled')).toBeUndefined();
      }));

    it('end moves only a pending request, once; a delivery after it is late', () =>
      withStores(async ({ store, peer }, clock) => {
        const r = diiaIdRecord();
        await store.create(r);
        clock.advance('5s');
        expect(await peer.end(r.id, 'cancelled')).toEqual({
          ...r,
          state: 'cancelled',
          updatedAt: T0 + 5_000,
        });
        expect(await store.end(r.id, 'expired')).toBeUndefined();
        expect((await store.get(r.id))?.state).toBe('cancelled');
        expect(await store.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'late' });
        expect(await store.getResult(r.id)).toBeUndefined();

        const delivered = diiaIdRecord();
        await store.create(delivered);
        await store.putResult(delivered.id, signingResult(delivered), 'fp');
        expect(await peer.end(delivered.id, 'expired')).toBeUndefined();
        expect((await store.get(delivered.id))?.state).toBe('delivered');

        const expired = diiaIdRecord();
        await store.create(expired);
        expect(await store.end(expired.id, 'expired')).toMatchObject({ state: 'expired' });
      }));

    it('concurrent deliveries from both instances: exactly one stored, the same bytes duplicates, others conflicts', () =>
      withStores(async ({ store, peer }) => {
        const same = diiaIdRecord();
        await store.create(same);
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 ? store : peer).putResult(same.id, signingResult(same), 'fp'),
          ),
        );
        const statuses = outcomes.map((o) => o.status).sort();
        expect(statuses).toEqual(['duplicate', ...new Array(6).fill('duplicate'), 'stored'].sort());

        const rival = diiaIdRecord();
        await store.create(rival);
        const rivals = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? store : peer).putResult(rival.id, signingResult(rival, i + 1), `fp-${i + 1}`),
          ),
        );
        const winner = rivals.findIndex((o) => o.status === 'stored');
        expect(rivals.filter((o) => o.status === 'stored')).toHaveLength(1);
        expect(rivals.filter((o) => o.status === 'conflict')).toHaveLength(5);
        expect(await peer.fingerprint(rival.id)).toBe(`fp-${winner + 1}`);
        expect(await peer.getResult(rival.id)).toEqual(signingResult(rival, winner + 1));
      }));

    it('watch resolves at once for a request that is not pending, or unknown', () =>
      withStores(async ({ store }) => {
        const delivered = diiaIdRecord();
        await store.create(delivered);
        await store.putResult(delivered.id, signingResult(delivered), 'fp');
        await expect(store.watch(delivered.id)).resolves.toBeUndefined();
        const cancelled = diiaIdRecord();
        await store.create(cancelled);
        await store.end(cancelled.id, 'cancelled');
        await expect(store.watch(cancelled.id)).resolves.toBeUndefined();
        await expect(store.watch(diiaIdRecord().id)).resolves.toBeUndefined();
      }));

    it('a watch on one instance wakes when the other stores the result, or ends the request', () =>
      withStores(async ({ store, peer }) => {
        const r = diiaIdRecord();
        await store.create(r);
        let woke = false;
        const watched = store.watch(r.id).then(() => {
          woke = true;
        });
        await peer.get(r.id); // a round trip on the other instance: the watch has not settled meanwhile
        expect(woke).toBe(false);
        expect(await peer.putResult(r.id, signingResult(r), 'fp')).toEqual({ status: 'stored' });
        await watched;
        expect(woke).toBe(true);

        const ended = diiaIdRecord();
        await peer.create(ended);
        const second = store.watch(ended.id);
        await peer.end(ended.id, 'expired');
        await expect(second).resolves.toBeUndefined();
      }));

    it('watch rejects ABORTED on its signal, aborted before or during the wait; the request stays pending', () =>
      withStores(async ({ store }) => {
        const r = diiaIdRecord();
        await store.create(r);
        expect(await codeOf(store.watch(r.id, { signal: AbortSignal.abort() }))).toBe('ABORTED');
        const controller = new AbortController();
        const watched = codeOf(store.watch(r.id, { signal: controller.signal }));
        controller.abort();
        expect(await watched).toBe('ABORTED');
        expect((await store.get(r.id))?.state).toBe('pending');
      }));
  });
}
