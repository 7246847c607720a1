import { afterEach, describe, expect, it } from 'vitest';
import { diiaAdmin } from '../../src/transport/admin.js';
import { codeOf } from '../support/codes.js';
import { type Partner, startPartner } from './share-harness.js';

let partner: Partner | undefined;
afterEach(async () => {
  await partner?.close();
  partner = undefined;
});

async function makeOffer(p: Partner, sharing: ('passport' | 'taxpayer-card')[]) {
  const admin = diiaAdmin({ baseUrl: p.sandbox.url, acquirerToken: p.sandbox.acquirerToken });
  const { id } = await admin.offers.create(p.branchId, {
    name: 'Відкриття рахунку',
    scopes: { sharing },
  });
  return id;
}

describe('share by deeplink, over loopback against the sandbox', () => {
  it('delivers one verified copy per document type', async () => {
    partner = await startPartner();
    const offerId = await makeOffer(partner, ['passport', 'taxpayer-card']);
    const session = await partner.share.offer({
      branchId: partner.branchId,
      offerId,
      documentTypes: ['passport', 'taxpayer-card'],
    });
    expect(session.deeplink).toMatch(
      /^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\/[0-9a-f-]{36}$/,
    );
    const { copies, receipt } = await session.result();
    const sent = await partner.sandbox.delivered(session.id);
    expect(copies.map((c) => c.documentType)).toEqual(['internal-passport', 'taxpayer-card']);
    for (const copy of copies) {
      expect(copy.sha256).toBe(sent.files.find((f) => f.documentType === copy.documentType)?.sha256);
    }
    expect(receipt).toMatchObject({
      flow: 'offer',
      offerId,
      documentTypes: ['internal-passport', 'taxpayer-card'],
      requestedDocumentTypes: ['passport', 'taxpayer-card'],
    });
    expect(receipt.barcodeSha256).toBeUndefined();
    expect(receipt.checks).not.toContain('copies-match-metadata');
  });

  it('delivers several files of one type, each verified, the receipt listing every one', async () => {
    partner = await startPartner({ delivery: { filesPerType: 3 } });
    const offerId = await makeOffer(partner, ['passport']);
    const session = await partner.share.offer({ branchId: partner.branchId, offerId });
    const { copies, receipt } = await session.result();
    const sent = await partner.sandbox.delivered(session.id);
    expect(copies.map((c) => c.sha256)).toEqual(sent.files.map((f) => f.sha256));
    expect(copies.map((c) => c.documentType)).toEqual(Array(3).fill('internal-passport'));
    expect(receipt.copies).toHaveLength(3);
    expect(receipt.requestedDocumentTypes).toBeUndefined();
  });

  it('a holder who has only a biometric passport answers passport with foreign-passport', async () => {
    partner = await startPartner({ holderPassport: 'foreign-passport' });
    const offerId = await makeOffer(partner, ['passport']);
    const session = await partner.share.offer({
      branchId: partner.branchId,
      offerId,
      documentTypes: ['passport'],
    });
    const { copies } = await session.result();
    expect(copies.map((c) => c.documentType)).toEqual(['foreign-passport']);
  });

  it('rejects with SHARE_DECLINED, learnt by polling the deeplink status', async () => {
    partner = await startPartner({ consent: 'decline' });
    const offerId = await makeOffer(partner, ['passport']);
    const session = await partner.share.offer({
      branchId: partner.branchId,
      offerId,
      documentTypes: ['passport'],
    });
    expect(await codeOf(session.result())).toBe('SHARE_DECLINED');
    expect(partner.sandbox.calls.some((c) => c.path.includes('/offer-request/status'))).toBe(true);
  });

  it('refuses a delivery missing a requested document', async () => {
    partner = await startPartner({
      delivery: { retry: { attempts: 1 }, faults: { omitParts: ['taxpayer-card'] } },
    });
    const offerId = await makeOffer(partner, ['passport', 'taxpayer-card']);
    const session = await partner.share.offer({
      branchId: partner.branchId,
      offerId,
      documentTypes: ['passport', 'taxpayer-card'],
    });
    expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
    // The metadata still lists the type whose file is missing: files and metadata disagree.
    expect(partner.logs.map((l) => [l.status, l.code])).toEqual([[422, 'WEBHOOK_DOCUMENT_TYPES_MISMATCH']]);
    expect(await partner.store.getDelivery(session.id)).toBeUndefined();
  });
});
