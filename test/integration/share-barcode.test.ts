import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import { codeOf } from '../support/codes.js';
import { type Partner, requestByBarcode, startPartner } from './share-harness.js';

let partner: Partner | undefined;
afterEach(async () => {
  await partner?.close();
  partner = undefined;
});

describe('share by barcode, over loopback against the sandbox', () => {
  it('delivers a verified copy and a receipt', async () => {
    partner = await startPartner();
    const shown = await partner.sandbox.holder.showDocument('passport');
    const session = await partner.share.request({
      branchId: partner.branchId,
      barcode: shown.barcode,
      documentTypes: ['passport'],
    });
    const { copies, receipt } = await session.result();
    const sent = await partner.sandbox.delivered(session.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.sha256).toBe(sent.files[0]?.sha256);
    expect(copies[0]?.checks).toEqual(
      expect.arrayContaining(['decrypted', 'signature-valid', 'signer-trusted']),
    );
    expect(new TextDecoder().decode(copies[0]!.content.subarray(0, 5))).toBe('%PDF-');
    expect(receipt).toMatchObject({
      requestId: session.id,
      branchId: partner.branchId,
      flow: 'barcode',
      barcodeSha256: sha256Hex(shown.barcode),
      // passport is request-only: the holder's ID card came
      documentTypes: ['internal-passport'],
      requestedDocumentTypes: ['passport'],
      profile: 'jose',
    });
    // The real metadata names no digests; the receipt does not claim a binding it did not check.
    expect(receipt.checks).not.toContain('copies-match-metadata');
    expect(receipt.copies[0]?.signer.keyId).toBe(partner.sandbox.platformKey.kid);
    expect(partner.logs).toEqual([{ event: 'delivery-stored', status: 200, requestId: session.id }]);
  });

  it('rejects with SHARE_DECLINED when the holder declines', async () => {
    partner = await startPartner({ consent: 'decline' });
    const session = await requestByBarcode(partner);
    expect(await codeOf(session.result())).toBe('SHARE_DECLINED');
    expect(await session.state()).toBe('declined');
  });

  it('expires when the holder never answers', async () => {
    partner = await startPartner({ consent: 'never' });
    const session = await requestByBarcode(partner, 'passport', '1s');
    expect(await codeOf(session.result())).toBe('SHARE_EXPIRED');
    expect(await partner.store.getDelivery(session.id)).toBeUndefined();
  });

  it('refuses a reused barcode with PLATFORM_CODE_USED', async () => {
    partner = await startPartner();
    const shown = await partner.sandbox.holder.showDocument('passport');
    const ask = { branchId: partner.branchId, barcode: shown.barcode, documentTypes: ['passport'] as const };
    await (await partner.share.request(ask)).result();
    expect(await codeOf(partner.share.request(ask))).toBe('PLATFORM_CODE_USED');
  });

  it('answers duplicates 200 and stores the copy once', async () => {
    partner = await startPartner({ delivery: { faults: { duplicate: 2 } } });
    const session = await requestByBarcode(partner);
    const { delivery } = await session.result();
    const sent = await partner.sandbox.delivered(session.id);
    expect(sent.attempts.filter((a) => a.duplicate).map((a) => a.status)).toEqual([200, 200]);
    expect(partner.logs.map((l) => l.event)).toEqual([
      'delivery-stored',
      'delivery-duplicate',
      'delivery-duplicate',
    ]);
    expect(await partner.store.getDelivery(session.id)).toBe(delivery);
  });

  it('survives a delivery cut halfway: the retry is stored', async () => {
    partner = await startPartner({
      delivery: { retry: { attempts: 3, initialDelay: '50ms' }, faults: { failFirst: 1 } },
    });
    const session = await requestByBarcode(partner);
    await session.result();
    expect((await partner.sandbox.delivered(session.id)).attempts[0]?.cut).toBe(true);
  });
});
