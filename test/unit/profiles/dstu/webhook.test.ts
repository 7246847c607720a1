import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../../src/clock.js';
import { memoryShareStore } from '../../../../src/share/store.js';
import { createWebhookHandler } from '../../../../src/share/webhook.js';
import {
  barcodeDeliveryRequest,
  barcodeShare,
  fixture,
  officialSealerAndOpener,
  SAMPLES,
} from './fixtures.js';

// Inside the validity of the platform's test certificates (they expired 2024-04-05).
const T0 = Date.parse('2024-03-01T10:00:00Z');

describe('a real-format (dstu) delivery through the webhook', { timeout: 120_000 }, () => {
  it('the platform test key seals, the partner webhook opens, verifies and stores it', async () => {
    const clock = manualClock(T0 + 30_000);
    const { sealer, opener } = await officialSealerAndOpener(clock);
    const store = memoryShareStore({ clock });
    const handler = createWebhookHandler({ opener, store, clock });
    const record = barcodeShare('0b9f5c1e-7a55-4bc1-9a53-000000000001', T0);
    await store.create(record);
    const pdf = fixture(SAMPLES.pdfPlain);
    const response = await handler(await barcodeDeliveryRequest(sealer, record, await sealer.seal(pdf)));
    expect(response.status).toBe(200);
    const delivery = await store.getDelivery(record.id);
    expect(delivery?.copies[0]?.content).toEqual(pdf);
    expect(delivery?.copies[0]?.signer.edrpou).toBe('43395033');
    expect(delivery?.copies[0]?.checks).toContain('certificate-chain-valid');
    expect((await store.getReceipt(record.id))?.profile).toBe('dstu');
  });
});
