// checkMetadata reads JSON the platform signed but the SDK cannot vouch for: whatever its shape, the answer
// is the checked metadata or an AcceptError, never another exception; and what it accepts always agrees with
// the files and the request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, type DocumentType, satisfiesDocumentType } from '../../../src/documents.js';
import { isAcceptError } from '../../../src/errors.js';
import { checkMetadata, type DeliveryParts } from '../../../src/share/delivery-checks.js';
import type { ShareRecord } from '../../../src/share/store.js';

const ID = '0b9f5c1e-7a55-4bc1-9a53-000000000001';
const BARCODE = '4820123456784';
const type = fc.constantFrom(...DOCUMENT_TYPES);
const entry = fc.oneof(fc.object({ maxDepth: 1 }), fc.constant(null), fc.string());
const metadata = fc.record(
  {
    requestId: fc.oneof(fc.constant(ID), fc.uuid(), fc.constant(undefined)),
    barcode: fc.oneof(fc.constant(BARCODE), fc.string({ maxLength: 14 })),
    documentTypes: fc.oneof(fc.array(type, { maxLength: 3 }), fc.anything()),
    data: fc.oneof(
      fc.dictionary(type, fc.oneof(entry, fc.array(entry, { maxLength: 3 })), { maxKeys: 3 }),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);
const files = fc.array(
  type.map((t) => ({ documentType: t as DocumentType, sealed: new Uint8Array(1) })),
  { minLength: 1, maxLength: 4 },
);
const expected = fc.array(type, { maxLength: 2 }).map((t) => [...new Set(t)]);

describe('checkMetadata on any shape', () => {
  it('returns metadata that agrees with the files and the request, or throws an AcceptError', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(metadata, fc.anything()),
        files,
        expected,
        fc.constantFrom('barcode', 'offer'),
        (meta, deliveredFiles, expectation, flow) => {
          const record: ShareRecord = {
            id: ID,
            flow,
            branchId: 'b',
            documentTypes: expectation,
            ...(flow === 'barcode' ? { barcode: BARCODE } : { offerId: 'o' }),
            state: 'awaiting-consent',
            createdAt: 0,
            expiresAt: 1,
            updatedAt: 0,
          };
          const parts: DeliveryParts = {
            encodeData: new Uint8Array(0),
            files: flow === 'barcode' ? [{ sealed: new Uint8Array(1) }] : deliveredFiles,
          };
          const content = new TextEncoder().encode(JSON.stringify(meta) ?? 'undefined');
          let checked: ReturnType<typeof checkMetadata>;
          try {
            checked = checkMetadata(content, ID, record, parts, () => {});
          } catch (error) {
            expect(isAcceptError(error)).toBe(true);
            return;
          }
          accepted++;
          expect(checked.documentTypes).not.toContain('passport');
          if (checked.requestId !== undefined) expect(checked.requestId).toBe(ID);
          if (flow === 'barcode') {
            expect(checked.barcode).toBe(BARCODE);
            expect(checked.documentTypes).toHaveLength(1);
          } else {
            expect(new Set(checked.documentTypes)).toEqual(
              new Set(deliveredFiles.map((f) => f.documentType)),
            );
          }
          for (const delivered of checked.documentTypes) {
            if (expectation.length > 0)
              expect(expectation.some((e) => satisfiesDocumentType(e, delivered))).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The generators reach acceptance too, so the agreement checks above are not vacuous.
    expect(accepted).toBeGreaterThan(0);
  });
});
