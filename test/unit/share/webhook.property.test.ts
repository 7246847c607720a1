import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { encodeMultipart } from '../../../src/share/multipart-encoder.js';
import { memoryShareStore, type ShareRecord } from '../../../src/share/store.js';
import { createWebhookHandler, TRACE_ID_HEADER } from '../../../src/share/webhook.js';
import { fakeOpener, fakeSeal } from './fake-opener.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const ID = '0b9f5c1e-7a55-4bc1-9a53-000000000001';
const record: ShareRecord = {
  id: ID,
  flow: 'barcode',
  branchId: 'branch-1',
  documentTypes: ['passport'],
  barcode: '4820123456784',
  state: 'awaiting-consent',
  createdAt: T0,
  expiresAt: T0 + 180_000,
  updatedAt: T0,
};

const partName = fc.oneof(
  fc.constantFrom('encryptedFile', 'encryptedFileName', 'encodeData', 'passport', 'taxpayer-card'),
  fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/[\r\n]/.test(s)),
);
const partValue = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(
    fakeSeal(JSON.stringify({ requestId: ID, barcode: record.barcode, documentTypes: ['passport'] })),
  ),
  fc.constant(fakeSeal('%PDF-1.7')),
  fc.constant(fakeSeal('%PDF-1.7', 'attacker')),
  fc.string({ maxLength: 40 }).map((s) => fakeSeal(s)),
);
const body = fc.oneof(
  fc
    .uint8Array({ maxLength: 300 })
    .map((bytes) => ({ bytes, contentType: 'multipart/form-data; boundary=B' })),
  fc.array(fc.record({ name: partName, value: partValue }), { maxLength: 5 }).map((parts) => {
    const form = encodeMultipart(parts);
    return { bytes: form.body, contentType: form.contentType };
  }),
);

describe('the webhook under arbitrary deliveries', () => {
  it('answers every malformed or hostile delivery with a 4xx code and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom(ID, 'x', '0b9f5c1e-7a55-4bc1-9a53-000000000002'),
        async (b, trace) => {
          const clock = manualClock(T0 + 1000);
          const store = memoryShareStore({ clock });
          await store.create(record);
          const handler = createWebhookHandler({ opener: fakeOpener(), store, clock });
          const response = await handler(
            new Request('http://partner.test/diia', {
              method: 'POST',
              headers: { 'content-type': b.contentType, [TRACE_ID_HEADER]: trace },
              body: b.bytes as Uint8Array<ArrayBuffer>,
            }),
          );
          const answer = (await response.json()) as { success: boolean; error?: string };
          if (response.status === 200) {
            // only a complete, verified delivery for the known request gets here
            expect(answer).toEqual({ success: true });
            expect((await store.getDelivery(ID))?.copies).toHaveLength(1);
            return;
          }
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(answer.success).toBe(false);
          expect(answer.error).toMatch(/^[A-Z_]+$/);
          expect(await store.getDelivery(ID)).toBeUndefined();
          expect((await store.get(ID))?.state).toBe('awaiting-consent');
        },
      ),
      { numRuns: 400 },
    );
  });
});
