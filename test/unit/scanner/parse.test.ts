import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../../src/documents.js';
import { isAcceptError } from '../../../src/errors.js';
import { withEan13CheckDigit } from '../../../src/scanner/ean13.js';
import { parseDocumentCode, parseScan, printScan } from '../../../src/scanner/parse.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/passport/8a7d1c/verify/${OTP}`;
const BARCODE = '2858364170864';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = { alg: 'ES256', typ: 'diia-document+jwt', kid: 'platform-2026' };
const CLAIMS = {
  iss: 'https://diia.app',
  iat: 1_790_000_000,
  exp: 1_790_000_180,
  jti: '9b2d6f1e-0c4a-4e8b-8f3d-2a1b0c9d8e7f',
  doc: 'passport',
  handle: 'h-51f0',
};
const token = (header: unknown = HEADER, claims: unknown = CLAIMS, signature = 'c2lnbmF0dXJl') =>
  `${b64(header)}.${b64(claims)}.${signature}`;

describe('parseScan: accepted codes', () => {
  it('reads a document link with its parts', () => {
    expect(parseScan(LINK)).toEqual({
      kind: 'document-link',
      url: LINK,
      host: 'diia.app',
      documentType: 'passport',
      documentId: '8a7d1c',
      otp: OTP,
      singleUseId: OTP,
      symbology: undefined,
    });
  });

  it('reads a barcode and a deeplink', () => {
    expect(parseScan(BARCODE)).toEqual({
      kind: 'barcode',
      barcode: BARCODE,
      singleUseId: BARCODE,
      symbology: undefined,
    });
    const deeplink = `https://diia.app/acquirers/offer-request/dynamic/${OTP}`;
    expect(parseScan(deeplink)).toEqual({
      kind: 'deeplink',
      url: deeplink,
      host: 'diia.app',
      path: `/acquirers/offer-request/dynamic/${OTP}`,
      action: 'offer-request',
      otp: OTP,
      symbology: undefined,
    });
    expect(parseScan('https://diia.app/acquirers/offers/42?lang=uk')).toMatchObject({
      kind: 'deeplink',
      action: 'offers',
      otp: undefined,
      url: 'https://diia.app/acquirers/offers/42?lang=uk',
    });
  });

  it('reads a signed document code (header and claims decoded, no single-use id before verification)', () => {
    const jws = token();
    const scan = parseScan(jws);
    expect(scan).toEqual({
      kind: 'document-token',
      token: jws,
      header: HEADER,
      claims: CLAIMS,
      singleUseId: undefined,
      symbology: undefined,
    });
  });

  // Decode-only, as jose's decodeJwt: what the header and claims say is the verifier's to judge
  // (test/unit/verify/attacks.test.ts A21 refuses each of these once signed).
  it.each([
    ['typ missing', { alg: 'ES256', kid: 'k' }, CLAIMS],
    ['typ of an ordinary JWT', { ...HEADER, typ: 'JWT' }, CLAIMS],
    ['alg not a string', { ...HEADER, alg: 1 }, CLAIMS],
    ['kid not a string', { ...HEADER, kid: ['a'] }, CLAIMS],
    ['jti not a UUID', HEADER, { ...CLAIMS, jti: 'abc' }],
    ['jti the nil UUID', HEADER, { ...CLAIMS, jti: '00000000-0000-0000-0000-000000000000' }],
    ['exp a string', HEADER, { ...CLAIMS, exp: '1790000180' }],
    ['handle empty', HEADER, { ...CLAIMS, handle: '' }],
    ['aud a number', HEADER, { ...CLAIMS, aud: 7 }],
    ['doc unknown', HEADER, { ...CLAIMS, doc: 'bank-card' }],
  ])('signed code with %s: decoded as sent, judged only by the verifier', (_name, header, claims) => {
    expect(parseScan(token(header, claims))).toEqual({
      kind: 'document-token',
      token: token(header, claims),
      header,
      claims,
      singleUseId: undefined,
      symbology: undefined,
    });
  });

  it.each([
    [`  ${LINK}\r\n`, LINK, undefined],
    [`${LINK}\t`, LINK, undefined],
    [`]Q1${LINK}\r`, LINK, ']Q1'],
    [`\n]Q1${LINK}\n`, LINK, ']Q1'],
    [`https://DIIA.APP/documents/passport/8a7d1c/verify/${OTP.toUpperCase()}`, LINK, undefined],
    [`HTTPS://diia.app:443/documents/passport/8a7d1c/verify/${OTP}`, LINK, undefined],
    [`\ufeff${LINK}`, LINK, undefined],
  ])('tolerates device differences: %j', (input, url, symbology) => {
    expect(parseScan(input)).toMatchObject({ kind: 'document-link', url, otp: OTP, symbology });
  });

  it.each([
    [`]E0${BARCODE}`, ']E0'],
    [`]C1${BARCODE}\r\n`, ']C1'],
    [` ${BARCODE} `, undefined],
    [`${BARCODE}\n`, undefined],
  ])('tolerates barcode wrapping %j', (input, symbology) => {
    expect(parseScan(input)).toMatchObject({ kind: 'barcode', barcode: BARCODE, symbology });
  });

  it('reads bytes as UTF-8', () => {
    expect(parseScan(new TextEncoder().encode(`${BARCODE}\r\n`))).toMatchObject({ barcode: BARCODE });
  });

  it('accepts hosts from a configured allow-list, with ports', () => {
    const options = { allowedHosts: ['test.diia.example:8443', 'diia.app'] };
    const link = `https://test.diia.example:8443/documents/driver-license/X1/verify/${OTP}`;
    expect(parseScan(link, options)).toMatchObject({ kind: 'document-link', host: 'test.diia.example:8443' });
    expect(parseScan(link)).toMatchObject({ kind: 'unknown', reason: 'SCAN_HOST_NOT_ALLOWED' });
    expect(parseScan(LINK, { allowedHosts: ['test.diia.example:8443'] })).toMatchObject({
      reason: 'SCAN_HOST_NOT_ALLOWED',
    });
  });
});

describe('parseScan: attacks and damaged codes', () => {
  const otpPath = `/documents/passport/8a7d1c/verify/${OTP}`;
  it.each([
    ['', 'SCAN_EMPTY'],
    [' \r\n\t', 'SCAN_EMPTY'],
    [']Q1', 'SCAN_EMPTY'],
    ['1'.repeat(5000), 'SCAN_TOO_LONG'],
    [`${LINK}?${'a'.repeat(4100)}`, 'SCAN_TOO_LONG'],
    ['\ud800abc', 'SCAN_INVALID_ENCODING'],
    [`https://diia.app${otpPath}\u0000`, 'SCAN_CONTROL_CHARACTER'],
    [`https://diia.app/documents/passport/8a7d1c\u0007/verify/${OTP}`, 'SCAN_CONTROL_CHARACTER'],
    [`https://diia.app\u202e${otpPath}`, 'SCAN_CONTROL_CHARACTER'],
    [`https://dii\u200ba.app${otpPath}`, 'SCAN_CONTROL_CHARACTER'],
    [`285836417\u001d0864`, 'SCAN_CONTROL_CHARACTER'],
    [`http://diia.app${otpPath}`, 'SCAN_NOT_HTTPS'],
    [`javascript:alert(1)`, 'SCAN_NOT_HTTPS'],
    [`ftp://diia.app${otpPath}`, 'SCAN_NOT_HTTPS'],
    [`https://diia.app.evil.example${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://evil.example${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://evildiia.app${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://www.diia.app${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://diia.app.${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://xn--dia-1ed.app${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://diiа.app${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'], // Cyrillic а
    [`https://diia.app:8443${otpPath}`, 'SCAN_HOST_NOT_ALLOWED'],
    [`https://diia.app@evil.example${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://user:pass@diia.app${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://evil.example\\@diia.app${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://evil.example\\.diia.app${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https:\\\\diia.app${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https:diia.app${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://diia%2eapp${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://[::1]${otpPath}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/../passport/8a7d1c/verify/${OTP}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app//documents/passport/8a7d1c/verify/${OTP}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/8a%7d1c/verify/${OTP}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/8a7d1c/verify/${OTP}?next=evil`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/8a7d1c/verify/${OTP}/`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/8a7d1c/check/${OTP}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/passport/a b/verify/${OTP}`, 'SCAN_URL_MALFORMED'],
    [`https://diia.app/documents/pasport/8a7d1c/verify/${OTP}`, 'SCAN_DOCUMENT_TYPE_UNKNOWN'],
    [`https://diia.app/documents/__proto__/8a7d1c/verify/${OTP}`, 'SCAN_DOCUMENT_TYPE_UNKNOWN'],
    ['https://diia.app/documents/passport/8a7d1c/verify/not-a-uuid', 'SCAN_OTP_MALFORMED'],
    [
      'https://diia.app/documents/passport/8a7d1c/verify/00000000-0000-0000-0000-000000000000',
      'SCAN_OTP_MALFORMED',
    ],
    [`https://diia.app/documents/passport/8a7d1c/verify/${OTP}0`, 'SCAN_OTP_MALFORMED'],
    [
      'https://diia.app/documents/passport/8a7d1c/verify/3f2504e0-4f89-41d3-7a0c-0305e82c3301',
      'SCAN_OTP_MALFORMED',
    ], // wrong variant
    ['https://diia.app/acquirers/offer-request/dynamic/x.y', 'SCAN_OTP_MALFORMED'],
    ['https://diia.app/acquirers/', 'SCAN_URL_MALFORMED'],
    ['https://diia.app/acquirers/offer request', 'SCAN_DEEPLINK_MALFORMED'],
    ['https://diia.app/acquirers', 'SCAN_DEEPLINK_MALFORMED'],
    ['https://diia.app/news/1', 'SCAN_UNRECOGNISED'],
    ['2858364170865', 'SCAN_CHECK_DIGIT'],
    ['285836417086', 'SCAN_BARCODE_MALFORMED'],
    ['28583641708644', 'SCAN_BARCODE_MALFORMED'],
    ['２８５８３６４１７０８６４', 'SCAN_UNRECOGNISED'],
    ['hello world', 'SCAN_UNRECOGNISED'],
    ['a.b.c', 'SCAN_TOKEN_MALFORMED'],
    ['..', 'SCAN_TOKEN_MALFORMED'],
  ])('%j -> %s', (input, reason) => {
    const scan = parseScan(input);
    expect(scan.kind).toBe('unknown');
    if (scan.kind !== 'unknown') return;
    expect(scan.reason).toBe(reason);
    expect(scan.error.code).toBe(reason);
    expect(() => parseDocumentCode(input)).toThrow(expect.objectContaining({ code: reason }));
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(parseScan(new Uint8Array([0x32, 0xc3, 0x28]))).toMatchObject({ reason: 'SCAN_INVALID_ENCODING' });
    expect(parseScan(new Uint8Array(20_000).fill(0x31))).toMatchObject({ reason: 'SCAN_TOO_LONG' });
    expect(parseScan(42 as never)).toMatchObject({ reason: 'SCAN_INVALID_ENCODING' });
  });

  it.each([
    ['header an array', token([HEADER]), 'SCAN_TOKEN_MALFORMED'],
    ['claims null', token(HEADER, null), 'SCAN_TOKEN_MALFORMED'],
    ['claims a string', token(HEADER, 'claims'), 'SCAN_TOKEN_MALFORMED'],
    [
      'duplicate member in the header',
      `${Buffer.from('{"alg":"ES256","alg":"none"}').toString('base64url')}.${b64(CLAIMS)}.AA`,
      'SCAN_TOKEN_MALFORMED',
    ],
    [
      'claims nested deeper than 16',
      `${b64(HEADER)}.${Buffer.from(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`).toString('base64url')}.AA`,
      'SCAN_TOKEN_MALFORMED',
    ],
    ['empty signature', `${b64(HEADER)}.${b64(CLAIMS)}.`, 'SCAN_TOKEN_MALFORMED'],
    ['padding bits set', token(HEADER, CLAIMS, 'AB'), 'SCAN_TOKEN_MALFORMED'],
    ['bad base64 length', token(HEADER, CLAIMS, 'ABCDE'), 'SCAN_TOKEN_MALFORMED'],
    ['not JSON', `${Buffer.from('{"alg":').toString('base64url')}.${b64(CLAIMS)}.AA`, 'SCAN_TOKEN_MALFORMED'],
    [
      'Latin-1 header',
      `${Buffer.from([0x7b, 0xe9, 0x7d]).toString('base64url')}.${b64(CLAIMS)}.AA`,
      'SCAN_TOKEN_MALFORMED',
    ],
    ['too long', token(HEADER, { ...CLAIMS, pad: 'x'.repeat(4000) }), 'SCAN_TOO_LONG'],
  ])('signed code: %s', (_name, input, reason) => {
    expect(parseScan(input)).toMatchObject({ kind: 'unknown', reason });
  });

  it('keeps an app link out of parseDocumentCode', () => {
    expect(() => parseDocumentCode(`https://diia.app/acquirers/offer-request/dynamic/${OTP}`)).toThrow(
      expect.objectContaining({ code: 'SCAN_UNRECOGNISED' }),
    );
    expect(parseDocumentCode(LINK).kind).toBe('document-link');
  });

  it('rejects invalid options with INVALID_ARGUMENT', () => {
    for (const options of [
      { allowedHosts: ['Diia.App'] },
      { allowedHosts: ['https://diia.app'] },
      { allowedHosts: 'diia.app' as never },
      { maxLength: 0 },
      { maxLength: 1.5 },
    ]) {
      expect(() => parseScan(BARCODE, options)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});

const uuid = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });
const documentLink = fc
  .record({
    type: fc.constantFrom(...DOCUMENT_TYPES),
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    otp: uuid,
  })
  .map(({ type, id, otp }) => `https://diia.app/documents/${type}/${id}/verify/${otp}`);
const barcode = fc.stringMatching(/^[0-9]{12}$/).map(withEan13CheckDigit);

describe('parseScan: properties', () => {
  it('arbitrary input never throws, and rejections are AcceptErrors with SCAN_ codes', () => {
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      documentLink.chain((link) =>
        fc
          .tuple(fc.nat(link.length), fc.string({ maxLength: 3 }))
          .map(([at, s]) => link.slice(0, at) + s + link.slice(at)),
      ),
    );
    fc.assert(
      fc.property(input, (value) => {
        const scan = parseScan(value);
        if (scan.kind === 'unknown') {
          expect(isAcceptError(scan.error)).toBe(true);
          expect(scan.reason.startsWith('SCAN_')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('what is printed decodes back to itself, with any device wrapping', () => {
    const wrapping = fc.record({
      before: fc.constantFrom('', ' ', '\r\n', '\t'),
      aim: fc.constantFrom('', ']Q1', ']E0', ']C1', ']d2'),
      after: fc.constantFrom('', '\r', '\n', '\r\n', '\t', '  '),
    });
    fc.assert(
      fc.property(fc.oneof(documentLink, barcode), wrapping, (text, { before, aim, after }) => {
        const scan = parseScan(`${before}${aim}${text}${after}`);
        expect(scan.kind === 'document-link' || scan.kind === 'barcode').toBe(true);
        if (scan.kind === 'unknown' || scan.kind === 'document-token') return;
        expect(printScan(scan)).toBe(text);
        expect(parseScan(printScan(scan))).toEqual({ ...scan, symbology: undefined });
      }),
    );
  });

  it('signed codes: arbitrary JSON in header and claims never throws; valid ones print back to themselves', () => {
    const segment = fc.oneof(
      fc.jsonValue().map(b64),
      fc.string({ unit: fc.constantFrom(...'ABCxyz019-_'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(segment, segment, segment, (h, c, sig) => {
        const scan = parseScan(`${h}.${c}.${sig}`);
        expect(['document-token', 'unknown']).toContain(scan.kind);
        if (scan.kind === 'unknown') expect(scan.reason).toMatch(/^SCAN_/);
      }),
      { numRuns: 1000 },
    );
    const claims = fc.record({
      iss: fc.webUrl(),
      iat: fc.integer({ min: 0, max: 2 ** 40 }),
      exp: fc.integer({ min: 0, max: 2 ** 40 }),
      jti: uuid,
      doc: fc.constantFrom(...DOCUMENT_TYPES),
      handle: fc.string({ minLength: 1, maxLength: 40 }),
    });
    const header = fc.record({
      alg: fc.constantFrom('ES256', 'EdDSA', 'PS256'),
      typ: fc.constant('diia-document+jwt'),
      kid: fc.string({ maxLength: 20 }),
    });
    fc.assert(
      fc.property(header, claims, fc.uint8Array({ minLength: 1, maxLength: 96 }), (h, c, sig) => {
        const jws = token(h, c, Buffer.from(sig).toString('base64url'));
        const scan = parseScan(`]Q1${jws}\r\n`);
        expect(scan).toMatchObject({
          kind: 'document-token',
          header: h,
          claims: c,
          singleUseId: undefined,
          symbology: ']Q1',
        });
        if (scan.kind !== 'document-token') return;
        expect(printScan(scan)).toBe(jws);
        expect(parseScan(printScan(scan))).toEqual({ ...scan, symbology: undefined });
      }),
    );
  });

  it('app links print back to themselves', () => {
    fc.assert(
      fc.property(uuid, (otp) => {
        const link = `https://diia.app/acquirers/offer-request/dynamic/${otp}`;
        const scan = parseScan(` ${link.replace('https://diia.app', 'https://DIIA.app')}\t`);
        expect(scan).toMatchObject({ kind: 'deeplink', otp, url: link });
        if (scan.kind === 'deeplink') expect(parseScan(printScan(scan))).toEqual(scan);
      }),
    );
  });

  it('a barcode with any one digit changed is never accepted as the same code', () => {
    fc.assert(
      fc.property(barcode, fc.nat(12), fc.integer({ min: 1, max: 9 }), (code, at, delta) => {
        const changed = code.slice(0, at) + String((Number(code[at]) + delta) % 10) + code.slice(at + 1);
        expect(parseScan(changed)).toMatchObject({ kind: 'unknown', reason: 'SCAN_CHECK_DIGIT' });
      }),
    );
  });
});
