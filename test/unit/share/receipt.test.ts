import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/digest.js';
import { createReceipt, receiptToJson } from '../../../src/share/receipt.js';

const enc = new TextEncoder();

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('createReceipt', () => {
  const base = {
    requestId: '6f1c2f1e-8c7a-4a53-9d55-2b1c5e0f9a10',
    branchId: 'branch-1',
    flow: 'barcode' as const,
    barcode: '4820000000008',
    documentTypes: ['passport' as const],
    copies: [
      {
        documentType: 'passport' as const,
        fileName: 'passport-4820000000008-01.03.2026-10_00_05.pdf.p7s.p7e',
        content: enc.encode('abc'),
        signer: { keyId: 'platform-2026' },
        signedAt: Date.parse('2026-03-01T10:00:05Z'),
        checks: ['decrypted', 'signature-valid', 'signer-trusted'] as const,
      },
    ],
    metadata: { content: enc.encode('{}'), signedAt: Date.parse('2026-03-01T10:00:04Z') },
    profile: 'jose',
    requestedAt: Date.parse('2026-03-01T10:00:00Z'),
    deliveredAt: Date.parse('2026-03-01T10:00:06Z'),
    checks: ['trace-id-matches', 'request-known', 'barcode-matches', 'document-types-match'] as const,
  };

  it('records digests, times and checks, and the barcode only as a hash', () => {
    const receipt = createReceipt(base);
    expect(receipt).toMatchObject({
      version: 1,
      requestId: base.requestId,
      barcodeSha256: sha256Hex('4820000000008'),
      copies: [
        {
          documentType: 'passport',
          size: 3,
          sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
          signedAt: '2026-03-01T10:00:05.000Z',
        },
      ],
      metadataSha256: sha256Hex('{}'),
      requestedAt: '2026-03-01T10:00:00.000Z',
      consentedAt: '2026-03-01T10:00:04.000Z',
      deliveredAt: '2026-03-01T10:00:06.000Z',
    });
    const json = receiptToJson(receipt);
    expect(json).not.toContain('4820000000008');
    expect(receipt.copies[0]?.fileName).toBe('passport-*************-01.03.2026-10_00_05.pdf.p7s.p7e');
    expect(JSON.parse(json)).toEqual(receipt);
  });

  it('falls back to the delivery time for consent when nothing carries a signing time', () => {
    const receipt = createReceipt({
      ...base,
      flow: 'offer',
      offerId: 'offer-1',
      barcode: undefined as never,
      copies: base.copies.map(({ signedAt: _, ...c }) => c),
      metadata: { content: enc.encode('{}') },
    });
    expect(receipt.consentedAt).toBe('2026-03-01T10:00:06.000Z');
    expect(receipt.offerId).toBe('offer-1');
  });
});
