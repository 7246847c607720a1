// The Diia ID webhook under fast-check: whatever the body, the action header and the trace id, it answers a
// coded refusal (never a crash, never a 500), stores nothing and leaves the request pending.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptErrorCode } from '../../../src/errors.js';
import { BRANCH_ID, delivery, encodeBase64, OFFER_ID, setup } from './support.js';

describe('the Diia ID webhook, fuzzed', () => {
  it('refuses hostile deliveries with a code and stores nothing', async () => {
    const env = setup({ webhookLimits: { maxEncodeDataBytes: 4096 } });
    const session = await env.diiaId.signFiles({
      branchId: BRANCH_ID,
      offerId: OFFER_ID,
      files: [{ name: 'a.pdf', bytes: new Uint8Array([1]) }],
    });
    const part = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.jsonValue().map((v) => encodeBase64(new TextEncoder().encode(JSON.stringify(v)))),
      fc
        .array(fc.record({ name: fc.constantFrom('a.pdf', 'b.pdf', ''), signature: fc.base64String() }), {
          maxLength: 4,
        })
        .map((items) => encodeBase64(new TextEncoder().encode(JSON.stringify({ signedItems: items })))),
    );
    await fc.assert(
      fc.asyncProperty(
        part,
        fc.constantFrom('hashedFilesSigning', 'auth', 'x', ''),
        fc.oneof(fc.constant(session.requestId), fc.string({ maxLength: 140 })),
        fc.boolean(),
        fc.boolean(),
        async (body, action, traceId, mixed, file) => {
          let request: Request;
          try {
            request = delivery(body, { action, traceId, mixed, file });
          } catch {
            return; // a header value fetch itself refuses
          }
          const response = await env.diiaId.webhook(request);
          const answer = (await response.json()) as { success: boolean; error?: string };
          expect(answer.success).toBe(false);
          expect(isAcceptErrorCode(answer.error)).toBe(true);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).not.toBe(500);
        },
      ),
      { numRuns: 300 },
    );
    expect(await session.state()).toBe('pending');
    expect(await env.store.getResult(session.requestId)).toBeUndefined();
  });
});
