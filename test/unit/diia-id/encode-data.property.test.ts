// The encodeData reader under fast-check: strict standard base64 (one spelling per bytes, as Java's
// Base64.getDecoder()), then strict UTF-8 JSON of the Diia ID shapes; anything else is refused with a code,
// never a crash, and the bounds hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../src/diia-id/base64.js';
import { readEncodeData } from '../../../src/diia-id/encode-data.js';
import { isAcceptError } from '../../../src/errors.js';

const LIMITS = { maxItems: 8, maxSignatureBytes: 256 };
const CODES = ['DIIA_ID_ENCODING', 'DIIA_ID_PAYLOAD_MALFORMED', 'WEBHOOK_TOO_LARGE'];
const enc = (text: string) => new TextEncoder().encode(text);
const b64json = (value: unknown) => enc(encodeBase64(enc(JSON.stringify(value))));

describe('strict standard base64', () => {
  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        if (bytes.length > 0) expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it('decodes only the canonical spelling: whatever it accepts re-encodes to the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AB+/=_-\n az09'), maxLength: 24 }), (text) => {
        const bytes = decodeBase64(text);
        if (bytes) expect(encodeBase64(bytes)).toBe(text);
      }),
    );
  });

  it.each(['', 'QQ', 'QQ=', 'QR==', 'QQ==\n', 'Q Q=', 'QQ-_', '====', 'QQ==QQ==', 'ЯQ=='])(
    'refuses %j',
    (text) => {
      expect(decodeBase64(text)).toBeUndefined();
    },
  );
});

describe('readEncodeData', () => {
  const item = fc.record({
    name: fc.string({ minLength: 1, maxLength: 40 }),
    signature: fc.uint8Array({ minLength: 1, maxLength: 256 }),
  });

  it('reads any well-formed signedItems back exactly', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (items) => {
        const read = readEncodeData(
          b64json({
            signedItems: items.map((i) => ({ name: i.name, signature: encodeBase64(i.signature) })),
          }),
          'hashedFilesSigning',
          LIMITS,
        );
        expect(read.items).toEqual(items);
      }),
    );
  });

  it('reads the auth shape { requestId, signature }', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (id, sig) => {
          const read = readEncodeData(
            b64json({ requestId: id, signature: encodeBase64(sig) }),
            'auth',
            LIMITS,
          );
          expect(read).toEqual({ requestId: id, items: [{ name: '', signature: sig }] });
        },
      ),
    );
  });

  it('refuses arbitrary bytes and arbitrary JSON with a code only', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.json().map((text) => enc(encodeBase64(enc(text)))),
      fc.jsonValue().map((value) => b64json({ signedItems: [value] })),
      fc.jsonValue().map((value) => b64json({ requestId: value, signature: value })),
    );
    fc.assert(
      fc.property(input, fc.constantFrom('hashedFilesSigning' as const, 'auth' as const), (bytes, action) => {
        try {
          const read = readEncodeData(bytes, action, LIMITS);
          expect(read.items.length).toBeGreaterThan(0);
          expect(read.items.length).toBeLessThanOrEqual(action === 'auth' ? 1 : LIMITS.maxItems);
          for (const i of read.items)
            expect(i.signature.length).toBeLessThanOrEqual(LIMITS.maxSignatureBytes);
        } catch (error) {
          expect(isAcceptError(error, CODES as never)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the count and the signature size', () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `f${i}`, signature: 'AAAA' }));
    expect(() => readEncodeData(b64json({ signedItems: nine }), 'hashedFilesSigning', LIMITS)).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_TOO_LARGE' }),
    );
    const big = encodeBase64(new Uint8Array(257));
    expect(() =>
      readEncodeData(b64json({ signedItems: [{ name: 'a', signature: big }] }), 'hashedFilesSigning', LIMITS),
    ).toThrow(expect.objectContaining({ code: 'WEBHOOK_TOO_LARGE' }));
    const two = [
      { name: 'a', signature: 'AAAA' },
      { name: 'b', signature: 'AAAA' },
    ];
    expect(() => readEncodeData(b64json({ signedItems: two }), 'auth', LIMITS)).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_TOO_LARGE' }),
    );
  });

  it('refuses UTF-8 that is not, and an ambiguous auth shape', () => {
    expect(() =>
      readEncodeData(enc(encodeBase64(Uint8Array.from([0x7b, 0xff, 0x7d]))), 'auth', LIMITS),
    ).toThrow(expect.objectContaining({ code: 'DIIA_ID_PAYLOAD_MALFORMED' }));
    const both = b64json({ signedItems: [{ name: 'a', signature: 'AAAA' }], signature: 'AAAA' });
    expect(() => readEncodeData(both, 'auth', LIMITS)).toThrow(
      expect.objectContaining({ code: 'DIIA_ID_PAYLOAD_MALFORMED' }),
    );
  });
});
