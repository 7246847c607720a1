import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxDeliveryFaults } from '../../src/sandbox/index.js';
import type { MultipartLimits } from '../../src/share/multipart.js';
import { codeOf } from '../support/codes.js';
import { type Partner, requestByBarcode, startPartner } from './share-harness.js';

let partner: Partner | undefined;
afterEach(async () => {
  await partner?.close();
  partner = undefined;
});

/** Runs one barcode share whose delivery carries `faults`; returns what the webhook answered and kept. */
async function deliverWith(
  faults: SandboxDeliveryFaults | (() => SandboxDeliveryFaults),
  limits?: MultipartLimits,
) {
  partner = await startPartner(
    {
      delivery: {
        retry: { attempts: 2, initialDelay: '20ms' },
        faults: typeof faults === 'function' ? faults : () => faults,
      },
    },
    limits ? { limits } : {},
  );
  const session = await requestByBarcode(partner);
  expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
  const sent = partner.sandbox.deliveries.find((d) => d.requestId === session.id)!;
  return {
    session,
    statuses: sent.attempts.map((a) => a.status),
    codes: partner.logs.map((l) => l.code),
    state: await session.state(),
    stored: await partner.store.getDelivery(session.id),
    receipt: await partner.store.getReceipt(session.id),
  };
}

describe('deliveries the webhook refuses, over loopback: nothing is stored', () => {
  it.each<[string, SandboxDeliveryFaults, number, string]>([
    ['a tampered file', { tamper: 'file' }, 422, 'ENVELOPE_DECRYPT_FAILED'],
    ['tampered metadata', { tamper: 'metadata' }, 422, 'ENVELOPE_DECRYPT_FAILED'],
    [
      'a copy signed by a key the partner does not trust',
      { untrustedSigner: true },
      422,
      'SIGNATURE_SIGNER_UNTRUSTED',
    ],
    [
      'an unknown request id',
      { traceId: '5d1c0f9e-3b1a-4c6e-9f7a-2b8d4e6f0a1c' },
      404,
      'WEBHOOK_REQUEST_UNKNOWN',
    ],
    ['a missing part', { omitParts: ['encodeData'] }, 400, 'WEBHOOK_PART_MISSING'],
    ['a missing file name part', { omitParts: ['encryptedFileName'] }, 400, 'WEBHOOK_PART_MISSING'],
    ['an extra part', { extraParts: [{ name: 'passport', value: 'x' }] }, 400, 'WEBHOOK_PART_UNEXPECTED'],
  ])('%s → %i %s', async (_, faults, status, code) => {
    const outcome = await deliverWith(faults);
    expect(outcome.statuses).toEqual([status, status]);
    expect(outcome.codes).toEqual([code, code]);
    expect(outcome.stored).toBeUndefined();
    expect(outcome.receipt).toBeUndefined();
    expect(outcome.state).toBe('awaiting-consent');
  });

  it('a wrong trace id (naming another pending request of this partner) → 422 WEBHOOK_BARCODE_MISMATCH', async () => {
    const ids: string[] = [];
    partner = await startPartner({
      consent: 'never',
      delivery: {
        retry: { attempts: 1 },
        // the first request's delivery claims to be the second's
        faults: (info) => (info.requestId === ids[0] ? { traceId: ids[1]! } : {}),
      },
    });
    const sessions = [];
    for (const type of ['passport', 'passport'] as const) {
      const shown = await partner.sandbox.holder.showDocument(type);
      const session = await partner.share.request({
        branchId: partner.branchId,
        barcode: shown.barcode,
        documentTypes: [type],
      });
      ids.push(session.id);
      sessions.push(session);
    }
    partner.sandbox.holder.answer(ids[0]!, 'approve');
    expect(await codeOf(partner.sandbox.delivered(ids[0]!))).toBe('SHARE_FAILED');
    expect(partner.logs).toEqual([
      // The barcode flow's metadata names no request: the barcode in it (the other request's) tells.
      { event: 'delivery-refused', status: 422, code: 'WEBHOOK_BARCODE_MISMATCH', requestId: ids[1] },
    ]);
    for (const session of sessions) expect(await session.state()).toBe('awaiting-consent');
    expect(await partner.store.getDelivery(ids[1]!)).toBeUndefined();
  });

  it('a session whose only delivery was refused ends SHARE_FAILED: consented, but no verified copy', async () => {
    partner = await startPartner({ delivery: { retry: { attempts: 1 }, faults: { tamper: 'file' } } });
    const session = await requestByBarcode(partner, 'passport', '1s');
    expect(await codeOf(session.result())).toBe('SHARE_FAILED');
    expect(await partner.store.getDelivery(session.id)).toBeUndefined();
  });

  it('an oversized body → 413 WEBHOOK_TOO_LARGE', async () => {
    const outcome = await deliverWith({}, { maxTotalBytes: 1024 });
    expect(outcome.statuses).toEqual([413, 413]);
    expect(outcome.codes).toEqual(['WEBHOOK_TOO_LARGE', 'WEBHOOK_TOO_LARGE']);
    expect(outcome.stored).toBeUndefined();
  });

  it('a late delivery, after the session ended, → 410 and not stored', async () => {
    partner = await startPartner({ delivery: { retry: { attempts: 1 }, faults: { delay: '1500ms' } } });
    const session = await requestByBarcode(partner, 'passport', '500ms');
    // Consented on the platform, but nothing arrived in time. The platform's words (processing | refuse |
    // done) do not tell a consent whose copy is still on its way from no answer yet: the session expires.
    expect(await codeOf(session.result())).toBe('SHARE_EXPIRED');
    expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
    const sent = partner.sandbox.deliveries.find((d) => d.requestId === session.id)!;
    expect(sent.attempts.map((a) => a.status)).toEqual([410]);
    expect(partner.logs.map((l) => l.code)).toEqual(['WEBHOOK_LATE_DELIVERY']);
    expect(await partner.store.getDelivery(session.id)).toBeUndefined();
  });
});
