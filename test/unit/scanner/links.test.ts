// Platform links under the app's own `diia://` scheme, and deeplink one-time ids that are not UUIDs (the
// official SDKs' test stubs use short numbers, such as `…/offer-request/dynamic/123`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../../src/documents.js';
import { printDocumentLink, readPlatformLink } from '../../../src/scanner/links.js';
import { parseScan, printScan } from '../../../src/scanner/parse.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('deeplink one-time ids', () => {
  it('reads a short numeric id as the official stubs make it, kept exactly', () => {
    expect(parseScan('https://diia.app/acquirers/offer-request/dynamic/123')).toMatchObject({
      kind: 'deeplink',
      action: 'offer-request',
      otp: '123',
      url: 'https://diia.app/acquirers/offer-request/dynamic/123',
    });
  });

  it('keeps a non-UUID id in its case, and lower-cases a UUID', () => {
    expect(parseScan('https://diia.app/acquirers/offer-request/dynamic/AbC_9-z')).toMatchObject({
      otp: 'AbC_9-z',
    });
    expect(parseScan(`https://diia.app/acquirers/offer-request/dynamic/${OTP.toUpperCase()}`)).toMatchObject({
      otp: OTP,
    });
  });

  it.each([
    ['a dot', 'https://diia.app/acquirers/offer-request/dynamic/1.2'],
    ['a tilde', 'https://diia.app/acquirers/offer-request/dynamic/a~b'],
    ['a fifth segment', 'https://diia.app/acquirers/offer-request/dynamic/123/x'],
    ['no id', 'https://diia.app/acquirers/offer-request/dynamic'],
    ['an over-long id', `https://diia.app/acquirers/offer-request/dynamic/${'1'.repeat(129)}`],
  ])('refuses an id with %s', (_, link) => {
    const scan = parseScan(link);
    expect(scan.kind).toBe('unknown');
    if (scan.kind === 'unknown')
      expect(['SCAN_OTP_MALFORMED', 'SCAN_DEEPLINK_MALFORMED']).toContain(scan.reason);
  });

  it('any id of 1 to 128 letters, digits, _ and - is read and prints back to itself', () => {
    const idChar = fc.constantFrom(...'abcXYZ0189_-'.split(''));
    fc.assert(
      fc.property(fc.array(idChar, { minLength: 1, maxLength: 128 }), (chars) => {
        const id = chars.join('');
        const scan = parseScan(`https://diia.app/acquirers/offer-request/dynamic/${id}`);
        expect(scan).toMatchObject({ kind: 'deeplink' });
        if (scan.kind === 'deeplink') expect(parseScan(printScan(scan))).toEqual(scan);
      }),
    );
  });
});

describe('the diia:// scheme', () => {
  it('reads a deeplink and a document link under diia://, keeping the scheme', () => {
    expect(parseScan('diia://diia.app/acquirers/offer-request/dynamic/123')).toMatchObject({
      kind: 'deeplink',
      host: 'diia.app',
      otp: '123',
      url: 'diia://diia.app/acquirers/offer-request/dynamic/123',
    });
    expect(parseScan(`DIIA://diia.app/documents/internal-passport/8a7d1c/verify/${OTP}`)).toMatchObject({
      kind: 'document-link',
      documentType: 'internal-passport',
      otp: OTP,
      singleUseId: OTP,
      url: `diia://diia.app/documents/internal-passport/8a7d1c/verify/${OTP}`,
    });
  });

  it.each([
    ['another host', 'diia://evil.example/acquirers/offer-request/dynamic/123', 'SCAN_HOST_NOT_ALLOWED'],
    ['user-info', 'diia://diia.app@evil.example/acquirers/offer-request/dynamic/123', 'SCAN_URL_MALFORMED'],
    ['no authority', 'diia:/acquirers/offer-request/dynamic/123', 'SCAN_URL_MALFORMED'],
    ['a backslash', 'diia://diia.app\\acquirers/offer-request/dynamic/123', 'SCAN_URL_MALFORMED'],
    ['another app scheme', 'diiaa://diia.app/acquirers/offer-request/dynamic/123', 'SCAN_NOT_HTTPS'],
    ['plain http', 'http://diia.app/acquirers/offer-request/dynamic/123', 'SCAN_NOT_HTTPS'],
  ])('refuses %s', (_, link, reason) => {
    expect(parseScan(link)).toMatchObject({ kind: 'unknown', reason });
  });
});

describe('printDocumentLink and readPlatformLink', () => {
  const hex = (length: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
  // RFC 9562 textual form, versions 1 to 8, variant 10xx, in either case.
  const uuid = fc
    .tuple(
      hex(8),
      hex(4),
      fc.integer({ min: 1, max: 8 }),
      hex(3),
      fc.constantFrom(...'89abAB'),
      hex(3),
      hex(12),
    )
    .map(([a, b, version, c, variant, d, e]) => `${a}-${b}-${version}${c}-${variant}${d}-${e}`);
  const parts = fc.record({
    scheme: fc.constantFrom('https' as const, 'diia' as const),
    host: fc.constantFrom('diia.app', 'test.diia.example:8443'),
    documentType: fc.constantFrom(...DOCUMENT_TYPES),
    documentId: fc.string({ unit: fc.constantFrom(...'abcXYZ0189_-'), minLength: 1, maxLength: 128 }),
    otp: uuid,
  });
  const hosts = new Set(['diia.app', 'test.diia.example:8443']);

  it('print then read gives the same parts back (the otp in lower case), and the link is canonical', () => {
    fc.assert(
      fc.property(parts, (link) => {
        const printed = printDocumentLink(link);
        const read = readPlatformLink(printed, hosts);
        expect(read).toEqual({
          kind: 'document-link',
          url: printDocumentLink({ ...link, otp: link.otp.toLowerCase() }),
          host: link.host,
          documentType: link.documentType,
          documentId: link.documentId,
          otp: link.otp.toLowerCase(),
        });
        if (read.kind === 'document-link') expect(readPlatformLink(read.url, hosts)).toEqual(read);
      }),
    );
  });

  it('prints https by default', () => {
    expect(
      printDocumentLink({ host: 'diia.app', documentType: 'passport', documentId: 'x1', otp: OTP }),
    ).toBe(`https://diia.app/documents/passport/x1/verify/${OTP}`);
  });
});
