// Who signed, read from the certificate: the official fixtures as they are, and certificates of a test CA
// of our own with the Ukrainian subject forms (SN + GN, TINUA-, passport numbers, DRFO, EDRPOU, UNZR,
// NTRUA-) and qcStatements. Names and numbers below are fictional.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TAG } from '../../../../src/der.js';
import { encOid, seq, tlv } from '../../../../src/der-write.js';
import { loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { extension } from '../../../../src/profiles/dstu/lib/issue.js';
import { rnokppCheckDigitValid, signerIdentity } from '../../../../src/signatures/identity.js';
import { codeOfCall } from '../../../support/codes.js';
import { repeated } from '../../../support/hostile-der.js';
import { CERTS, DIIA, fixture } from './fixtures.js';
import { DRFO, directoryAttributes, EDRPOU, qcStatements, testCa, UNZR } from './test-ca.js';

const diia = resolveKeys(await loadDstuKeys(DIIA));
const like = keyFor(diia, 'digitalSignature')?.key;
if (!like) throw new Error('fixture');
const ca = testCa(like);

const P = TAG.PRINTABLE;
const person = (subject: Parameters<typeof ca.issue>[0]['subject'], extensions: Uint8Array[] = []) =>
  signerIdentity(ca.issue({ subject, extensions }).certificate);

/** A valid RNOKPP with the given first nine digits (the check digit computed by the rule under test). */
const withCheckDigit = (nine: string): string =>
  nine + [...'0123456789'].find((d) => rnokppCheckDigitValid(nine + d));

describe('signerIdentity: the official fixtures', { timeout: 60_000 }, () => {
  it('the platform test seal: EDRPOU from the directory attribute, QcCompliance, the Ukrainian mark, a seal', () => {
    const id = signerIdentity(parseCertificate(fixture(CERTS.diiaSign)));
    expect(id.fullName).toBe('ДП ДІЯ (Тестування)');
    expect(id.organization).toBe('ДП ДІЯ (Тестування)');
    expect(id.edrpou).toEqual({ kind: 'edrpou', value: '43395033', source: 'edrpou-attribute' });
    expect(id.taxId).toBeUndefined();
    // serialNumber 401065 is the CA's own number, not a registry one.
    expect(id.subjectSerialNumber).toBe('401065');
    expect(id.identifiers).toHaveLength(1);
    expect(id.qualified).toMatchObject({ compliance: true, sscd: false, ukrainianQualified: true });
    expect(id.qualified?.statements).toContain('0.4.0.1862.1.5');
    expect(id.seal).toBe(true);
    expect(signerIdentity(parseCertificate(fixture(CERTS.diiaAgree))).seal).toBe(false);
  });

  it('the IIT test user: a name only, no number taken from its CA serial number', () => {
    const id = signerIdentity(parseCertificate(fixture(CERTS.partnerSign)));
    expect(id.fullName).toBe('Тестовий Користувач 1');
    expect(id.identifiers).toEqual([]);
    expect(id.qualified?.compliance).toBe(false);
    expect(id.qualified?.ukrainianQualified).toBe(true);
  });

  it('a bank-issued personal certificate: the tax number from the DRFO attribute, with a valid check digit', () => {
    const cert = parseCertificate(fixture(CERTS.userSign));
    const id = signerIdentity(cert);
    // The values are a real person's: asserted against the certificate's own fields, not written here.
    expect(id.taxId).toMatchObject({ kind: 'rnokpp', source: 'drfo-attribute', checkDigitValid: true });
    expect(id.taxId?.value).toBe(cert.drfo);
    expect(id.surname).toBeTruthy();
    expect(id.givenName?.split(' ')).toHaveLength(2); // first name and patronymic
    expect(id.fullName).toBe(id.commonName);
    expect(id.organization).toBe('ФІЗИЧНА ОСОБА');
    expect(id.taxId?.value).not.toBe(id.subjectSerialNumber);
  });
});

describe('signerIdentity: Ukrainian subject forms', { timeout: 60_000 }, () => {
  const rnokpp = withCheckDigit('345678901');

  it('SN + GN without CN make the full name', () => {
    const id = person([
      ['2.5.4.4', 'Шевченко'],
      ['2.5.4.42', 'Тарас Григорович'],
    ]);
    expect(id.fullName).toBe('Шевченко Тарас Григорович');
    expect(id.commonName).toBeUndefined();
  });

  it('TINUA- in the subject serialNumber is the tax number; bare ten digits too', () => {
    expect(person([['2.5.4.5', `TINUA-${rnokpp}`, P]]).taxId).toEqual({
      kind: 'rnokpp',
      value: rnokpp,
      source: 'subject-serial-number',
      checkDigitValid: true,
    });
    expect(person([['2.5.4.5', rnokpp, P]]).taxId?.value).toBe(rnokpp);
    // A CA's own seven-digit number is not a tax number.
    const caNumber = person([['2.5.4.5', '8033160', P]]);
    expect(caNumber.taxId).toBeUndefined();
    expect(caNumber.identifiers).toEqual([]);
    expect(caNumber.subjectSerialNumber).toBe('8033160');
  });

  it('a wrong check digit is reported, not refused', () => {
    const bad = rnokpp.slice(0, 9) + String((Number(rnokpp[9]) + 1) % 10);
    const id = person([['2.5.4.5', `TINUA-${bad}`, P]]);
    expect(id.taxId).toMatchObject({ kind: 'rnokpp', value: bad, checkDigitValid: false });
  });

  it('passport forms are passports, not tax numbers: DRFO attribute, PASUA-, IDCUA-', () => {
    expect(person([], [directoryAttributes([[DRFO, 'КВ123456']])]).taxId).toEqual({
      kind: 'passport',
      value: 'КВ123456',
      source: 'drfo-attribute',
    });
    expect(person([], [directoryAttributes([[DRFO, '001234567']])]).taxId?.kind).toBe('passport');
    expect(person([['2.5.4.5', 'PASUA-МЕ654321']]).taxId).toMatchObject({
      kind: 'passport',
      value: 'МЕ654321',
    });
    expect(person([['2.5.4.5', 'IDCUA-004567890', P]]).taxId).toMatchObject({ kind: 'passport' });
  });

  it('the DRFO attribute wins over the serialNumber; both are listed', () => {
    const other = withCheckDigit('298765432');
    const id = person([['2.5.4.5', `TINUA-${other}`, P]], [directoryAttributes([[DRFO, rnokpp]])]);
    expect(id.taxId).toMatchObject({ value: rnokpp, source: 'drfo-attribute' });
    expect(id.identifiers.map((i) => i.value)).toEqual([rnokpp, other]);
  });

  it('a DRFO value of no known form is returned as other', () => {
    expect(person([], [directoryAttributes([[DRFO, '12-34']])]).taxId).toEqual({
      kind: 'other',
      value: '12-34',
      source: 'drfo-attribute',
    });
  });

  it('an organisation: EDRPOU from the attribute or from NTRUA-, UNZR, O and title', () => {
    const id = person(
      [
        ['2.5.4.10', 'ТОВ "Тестова компанія"'],
        ['2.5.4.12', 'Директор'],
        ['2.5.4.3', 'Петренко Олена Іванівна'],
        ['2.5.4.97', 'NTRUA-12345678', P],
      ],
      [directoryAttributes([[UNZR, '19900101-00012']])],
    );
    expect(id.edrpou).toEqual({ kind: 'edrpou', value: '12345678', source: 'organization-identifier' });
    expect(id.unzr).toBe('19900101-00012');
    expect(id.organization).toBe('ТОВ "Тестова компанія"');
    expect(id.title).toBe('Директор');
    expect(person([], [directoryAttributes([[EDRPOU, '87654321']])]).edrpou?.source).toBe('edrpou-attribute');
  });

  it('qcStatements: QcCompliance, QcSSCD, QcType esign, the Ukrainian mark', () => {
    const id = person(
      [['2.5.4.3', 'Тест']],
      [
        qcStatements([
          ['0.4.0.1862.1.1'],
          ['0.4.0.1862.1.4'],
          ['0.4.0.1862.1.6', seq(encOid('0.4.0.1862.1.6.1'))],
          ['1.2.804.2.1.1.1.2.1'],
        ]),
      ],
    );
    expect(id.qualified).toEqual({
      compliance: true,
      sscd: true,
      types: ['esign'],
      ukrainianQualified: true,
      statements: ['0.4.0.1862.1.1', '0.4.0.1862.1.4', '0.4.0.1862.1.6', '1.2.804.2.1.1.1.2.1'],
    });
  });

  it('a malformed extension is listed as unreadable; the rest still holds', () => {
    const broken = extension('1.3.6.1.5.5.7.1.3', seq(tlv(TAG.INTEGER, Uint8Array.of(1))));
    const id = person([['2.5.4.3', 'Тест']], [broken, directoryAttributes([[DRFO, rnokpp]])]);
    expect(id.unreadable).toEqual(['1.3.6.1.5.5.7.1.3']);
    expect(id.qualified).toBeUndefined();
    expect(id.taxId?.value).toBe(rnokpp);
  });

  it('a qcStatements of thousands of statements is DER_LIMIT_EXCEEDED, in bounded time', () => {
    const flood = extension('1.3.6.1.5.5.7.1.3', repeated(TAG.SEQUENCE, seq(encOid('1.2.3')), 5000));
    const cert = ca.issue({ subject: [['2.5.4.3', 'Тест']], extensions: [flood] }).certificate;
    expect(codeOfCall(() => signerIdentity(cert))).toBe('DER_LIMIT_EXCEEDED');
  });
});

describe('rnokppCheckDigitValid', () => {
  it('exactly one check digit fits any nine digits; other lengths and non-digits never do', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const fits = [...'0123456789'].filter((d) => rnokppCheckDigitValid(nine + d));
        return fits.length === 1;
      }),
      { numRuns: 500, seed: 18 },
    );
    expect(rnokppCheckDigitValid('123456789')).toBe(false);
    expect(rnokppCheckDigitValid('12345678901')).toBe(false);
    expect(rnokppCheckDigitValid('12345a7890')).toBe(false);
  });
});
