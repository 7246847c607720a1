import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../../src/clock.js';

import { encodeMultipart } from '../../../../src/share/multipart-encoder.js';
import { memoryShareStore, type ShareRecord } from '../../../../src/share/store.js';
import { createWebhookHandler, TRACE_ID_HEADER } from '../../../../src/share/webhook.js';
import { fixture, officialSealerAndOpener, SAMPLES } from './fixtures.js';

// Inside the validity of the platform's test certificates (they expired 2024-04-05).
const T0 = Date.parse('2024-03-01T10:00:00Z');
const BARCODE = '2858364170864';

describe('a real-format (dstu) delivery through the webhook', { timeout: 120_000 }, () => {
  it('the platform test key seals, the partner webhook opens, verifies and stores it', async () => {
    const clock = manualClock(T0 + 30_000);
    const { sealer, opener } = await officialSealerAndOpener(clock);
    const store = memoryShareStore({ clock });
    const handler = createWebhookHandler({ opener, store, clock });
    const record: ShareRecord = {
      id: '0b9f5c1e-7a55-4bc1-9a53-000000000001',
      flow: 'barcode',
      branchId: 'branch-1',
      documentTypes: ['internal-passport'],
      barcode: BARCODE,
      state: 'awaiting-consent',
      createdAt: T0,
      expiresAt: T0 + 180_000,
      updatedAt: T0,
    };
    await store.create(record);
    const pdf = fixture(SAMPLES.pdfPlain);
    const meta = JSON.stringify({
      requestId: record.id,
      barcode: BARCODE,
      documentTypes: ['internal-passport'],
      data: { 'internal-passport': {} },
    });
    const name = `internal-passport-${BARCODE}-01.03.2024-10_00_30.pdf.p7s.p7e`;
    const { body, contentType } = encodeMultipart([
      {
        name: 'encryptedFile',
        filename: name,
        contentType: 'application/octet-stream',
        value: await sealer.seal(pdf),
      },
      { name: 'encryptedFileName', value: name },
      { name: 'encodeData', value: await sealer.seal(new TextEncoder().encode(meta)) },
    ]);
    const response = await handler(
      new Request('http://partner.test/diia/webhook', {
        method: 'POST',
        headers: { 'content-type': contentType, [TRACE_ID_HEADER]: record.id },
        body,
      }),
    );
    expect(response.status).toBe(200);
    const delivery = await store.getDelivery(record.id);
    expect(delivery?.copies[0]?.content).toEqual(pdf);
    expect(delivery?.copies[0]?.signer.edrpou).toBe('43395033');
    expect(delivery?.copies[0]?.checks).toContain('certificate-chain-valid');
    expect((await store.getReceipt(record.id))?.profile).toBe('dstu');
  });
});
