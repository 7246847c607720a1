/**
 * The behaviour every ShareStore must have, as a reusable suite: call `shareStoreContract` from the test
 * file of an implementation (memory here; Redis in its own test) with a factory of fresh stores.
 */
import { describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../../src/clock.js';
import type { ConsentReceipt } from '../../../src/share/receipt.js';
import type { Delivery, ShareRecord, ShareStore } from '../../../src/share/store.js';
import { codeOf } from '../../support/codes.js';

/** What a factory gives the suite: a store, a second instance on the same backend, and a clean-up. */
export interface StoreUnderTest {
  readonly store: ShareStore;
  /** Another instance sharing the backend (another process in production); the same object for memory. */
  readonly peer: ShareStore;
  close?(): Promise<void>;
}

export type StoreFactory = (clock: ManualClock) => StoreUnderTest | Promise<StoreUnderTest>;

const T0 = Date.parse('2026-03-01T10:00:00Z');
let counter = 0;

export function record(overrides: Partial<ShareRecord> = {}): ShareRecord {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    flow: 'barcode',
    branchId: 'branch-1',
    documentTypes: ['passport'],
    barcode: '4820000000008',
    state: 'awaiting-consent',
    createdAt: T0,
    expiresAt: T0 + 180_000,
    updatedAt: T0,
    ...overrides,
  };
}

export function delivery(id: string, content = 'PDF-1'): Delivery {
  return {
    requestId: id,
    receivedAt: T0 + 1000,
    profile: 'test',
    copies: [
      {
        documentType: 'passport',
        fileName: 'passport.pdf',
        content: new TextEncoder().encode(content),
        sha256: `sha-${content}`,
        signer: { keyId: 'k1' },
        checks: ['decrypted', 'signature-valid'],
      },
    ],
    metadata: { requestId: id, documentTypes: ['passport'] },
  };
}

export function receipt(id: string): ConsentReceipt {
  return {
    version: 1,
    requestId: id,
    branchId: 'branch-1',
    flow: 'barcode',
    documentTypes: ['passport'],
    copies: [],
    metadataSha256: '00',
    profile: 'test',
    requestedAt: new Date(T0).toISOString(),
    consentedAt: new Date(T0).toISOString(),
    deliveredAt: new Date(T0).toISOString(),
    checks: ['trace-id-matches'],
  };
}

export function shareStoreContract(name: string, factory: StoreFactory): void {
  describe(`ShareStore contract: ${name}`, () => {
    async function setup() {
      const clock = manualClock(T0);
      const made = await factory(clock);
      return { clock, ...made };
    }

    it('creates and gets a session; an unknown id is undefined', async () => {
      const { store, peer, close } = await setup();
      const r = record({ flow: 'offer', offerId: 'offer-1', documentTypes: ['passport', 'taxpayer-card'] });
      await store.create(r);
      expect(await peer.get(r.id)).toEqual(r);
      expect(await store.get('no-such-id')).toBeUndefined();
      await close?.();
    });

    it('refuses to create the same id twice', async () => {
      const { store, close } = await setup();
      const r = record();
      await store.create(r);
      expect(await codeOf(store.create({ ...r, branchId: 'other' }))).toBe('SHARE_STATE_CONFLICT');
      expect((await store.get(r.id))?.branchId).toBe('branch-1');
      await close?.();
    });

    it('transitions by compare-and-set, with a patch', async () => {
      const { store, clock, close } = await setup();
      const r = record({ state: 'requested', flow: 'offer' });
      await store.create(r);
      clock.advance('2s');
      expect(await store.transition(r.id, 'awaiting-consent', 'declined')).toBeUndefined();
      expect((await store.get(r.id))?.state).toBe('requested');
      const moved = await store.transition(r.id, ['requested'], 'awaiting-consent', {
        deeplink: 'https://diia.app/acquirers/offer-request/dynamic/x',
        otp: 'x',
      });
      expect(moved).toMatchObject({ state: 'awaiting-consent', otp: 'x', updatedAt: T0 + 2000 });
      expect(await store.get(r.id)).toEqual(moved);
      expect(await store.transition('no-such-id', 'requested', 'failed')).toBeUndefined();
      await close?.();
    });

    it('lets exactly one of many concurrent transitions win', async () => {
      const { store, peer, close } = await setup();
      const r = record();
      await store.create(r);
      const targets = ['declined', 'expired', 'failed', 'declined', 'expired', 'failed'] as const;
      const results = await Promise.all(
        targets.map((to, i) => (i % 2 ? peer : store).transition(r.id, 'awaiting-consent', to)),
      );
      const winners = results.filter((x) => x !== undefined);
      expect(winners).toHaveLength(1);
      expect((await store.get(r.id))?.state).toBe(winners[0]!.state);
      await close?.();
    });

    it('stores a delivery and its receipt and moves the session to delivered', async () => {
      const { store, peer, close } = await setup();
      const r = record();
      await store.create(r);
      const result = await store.putDelivery(r.id, delivery(r.id), receipt(r.id));
      expect(result.status).toBe('stored');
      expect((await peer.get(r.id))?.state).toBe('delivered');
      const stored = await peer.getDelivery(r.id);
      expect(stored?.copies[0]?.content).toEqual(new TextEncoder().encode('PDF-1'));
      expect(stored).toEqual(delivery(r.id));
      expect(await peer.getReceipt(r.id)).toEqual(receipt(r.id));
      await close?.();
    });

    it('accepts a delivery that overtakes the platform answer (state requested)', async () => {
      const { store, close } = await setup();
      const r = record({ state: 'requested' });
      await store.create(r);
      expect((await store.putDelivery(r.id, delivery(r.id), receipt(r.id))).status).toBe('stored');
      await close?.();
    });

    it('answers a duplicate without storing twice, and a different second delivery as a conflict', async () => {
      const { store, peer, close } = await setup();
      const r = record();
      await store.create(r);
      await store.putDelivery(r.id, delivery(r.id), receipt(r.id));
      const again = await peer.putDelivery(r.id, { ...delivery(r.id), receivedAt: T0 + 5000 }, receipt(r.id));
      expect(again.status).toBe('duplicate');
      expect((await store.getDelivery(r.id))?.receivedAt).toBe(T0 + 1000);
      const other = await store.putDelivery(r.id, delivery(r.id, 'PDF-2'), receipt(r.id));
      expect(other.status).toBe('conflict');
      expect((await store.getDelivery(r.id))?.copies[0]?.sha256).toBe('sha-PDF-1');
      await close?.();
    });

    it('stores one of many concurrent identical deliveries', async () => {
      const { store, peer, close } = await setup();
      const r = record();
      await store.create(r);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? peer : store).putDelivery(r.id, delivery(r.id), receipt(r.id)),
        ),
      );
      expect(results.filter((x) => x.status === 'stored')).toHaveLength(1);
      expect(results.filter((x) => x.status === 'duplicate')).toHaveLength(7);
      await close?.();
    });

    it('refuses late deliveries: after a final state, and after expiresAt (which expires the session)', async () => {
      const { store, clock, close } = await setup();
      const declined = record({ state: 'declined' });
      const pending = record();
      await store.create(declined);
      await store.create(pending);
      expect((await store.putDelivery(declined.id, delivery(declined.id), receipt(declined.id))).status).toBe(
        'late',
      );
      clock.set(pending.expiresAt);
      const late = await store.putDelivery(pending.id, delivery(pending.id), receipt(pending.id));
      expect(late.status).toBe('late');
      expect((await store.get(pending.id))?.state).toBe('expired');
      expect(await store.getDelivery(pending.id)).toBeUndefined();
      expect(await store.getDelivery(declined.id)).toBeUndefined();
      expect(await store.getReceipt(pending.id)).toBeUndefined();
      await close?.();
    });

    it('answers unknown for a delivery to no session', async () => {
      const { store, close } = await setup();
      expect((await store.putDelivery('no-such-id', delivery('x'), receipt('x'))).status).toBe('unknown');
      await close?.();
    });

    it('watch resolves at once for a final session, and when another instance settles it', async () => {
      const { store, peer, close } = await setup();
      const done = record({ state: 'expired' });
      await store.create(done);
      expect((await peer.watch(done.id)).state).toBe('expired');
      const r = record();
      await store.create(r);
      const watched = peer.watch(r.id);
      const settled = vi_settled(watched);
      await store.transition(r.id, 'awaiting-consent', 'awaiting-consent'); // not final: still waiting
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settled.done).toBe(false);
      await store.putDelivery(r.id, delivery(r.id), receipt(r.id));
      expect((await watched).state).toBe('delivered');
      await close?.();
    });

    it('watch rejects an unknown session and stops on abort', async () => {
      const { store, close } = await setup();
      expect(await codeOf(store.watch('no-such-id'))).toBe('SHARE_SESSION_UNKNOWN');
      const r = record();
      await store.create(r);
      const controller = new AbortController();
      const watched = store.watch(r.id, { signal: controller.signal });
      controller.abort();
      expect(await codeOf(watched)).toBe('ABORTED');
      const pre = new AbortController();
      pre.abort();
      expect(await codeOf(store.watch(r.id, { signal: pre.signal }))).toBe('ABORTED');
      await close?.();
    });
  });
}

function vi_settled(promise: Promise<unknown>): { done: boolean } {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
}
