// ECDSA certificates: what is read from a citizen's certificate, what is refused while reading, and the chain
// to the partner's CA list (signatures, validity at a time, CA flags).
import { beforeAll, describe, expect, it } from 'vitest';
import { encBits, encOctets, encOid, encTime, encUint, seq, setOf, tlv } from '../../../src/der-write.js';
import { AcceptError, type AcceptErrorCode } from '../../../src/errors.js';
import { buildEcChain, ecIssuedBy, ecTrustStore } from '../../../src/signatures/chain.js';
import { ecdsaDerToP1363 } from '../../../src/signatures/ecdsa.js';
import { signerIdentity } from '../../../src/signatures/identity.js';
import { type EcCertificate, parseEcCertificate } from '../../../src/signatures/x509.js';
import {
  createEcTestCa,
  fictionalCitizen,
  integer,
  ORDER,
  rnokppCheckDigit,
  sigValue,
} from '../../support/ecdsa-ca.js';

const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

function code(fn: () => unknown): AcceptErrorCode {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AcceptError);
    return (error as AcceptError).code;
  }
  throw new Error('expected a refusal');
}

async function refusal(promise: Promise<unknown>): Promise<AcceptErrorCode> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AcceptError);
    return (error as AcceptError).code;
  }
  throw new Error('expected a refusal');
}

let ca: Awaited<ReturnType<typeof createEcTestCa>>;
let citizenDer: Uint8Array;
let citizen: EcCertificate;

beforeAll(async () => {
  ca = await createEcTestCa({ seed: 'x509', now: NOW });
  const issued = await ca.issueCitizen({
    citizen: {
      fullName: 'Шевченко Тарас Григорович',
      surname: 'Шевченко',
      givenName: 'Тарас Григорович',
      taxId: '1234567899',
      birthDate: '1933-10-18',
      locality: 'Київ',
    },
  });
  citizenDer = issued.der;
  citizen = parseEcCertificate(citizenDer);
});

/** A minimal v3 certificate around chosen parts (its signature is not valid; parsing does not check it). */
function handMade(parts: {
  spkiAlg?: Uint8Array;
  point?: Uint8Array;
  extensions?: Uint8Array[];
  sigAlg?: Uint8Array;
}) {
  const sigAlg = parts.sigAlg ?? seq(encOid('1.2.840.10045.4.3.2'));
  const name = seq(setOf(seq(encOid('2.5.4.3'), tlv(0x0c, new TextEncoder().encode('x')))));
  const point = parts.point ?? Uint8Array.from([4, ...new Uint8Array(64).fill(1)]);
  const spki = seq(
    parts.spkiAlg ?? seq(encOid('1.2.840.10045.2.1'), encOid('1.2.840.10045.3.1.7')),
    encBits(point),
  );
  const tbs = seq(
    tlv(0xa0, encUint(2)),
    encUint(7),
    sigAlg,
    name,
    seq(encTime(NOW), encTime(NOW + DAY)),
    name,
    spki,
    ...(parts.extensions ? [tlv(0xa3, seq(...parts.extensions))] : []),
  );
  return seq(tbs, sigAlg, encBits(sigValue(1n, 1n)));
}

describe('parseEcCertificate', () => {
  it('reads a citizen’s names, tax number, key, identifiers, usage and qualified marks', () => {
    expect(citizen.subject.commonName).toBe('Шевченко Тарас Григорович');
    expect(citizen.subject.surname).toBe('Шевченко');
    expect(citizen.subject.givenName).toBe('Тарас Григорович');
    expect(citizen.subject.serialNumber).toBe('TINUA-1234567899');
    expect(citizen.subject.country).toBe('UA');
    expect(citizen.subject.locality).toBe('Київ');
    expect(citizen.drfo).toBe('1234567899');
    expect(signerIdentity(citizen).taxId).toMatchObject({
      kind: 'rnokpp',
      value: '1234567899',
      source: 'drfo-attribute',
    });
    expect(citizen.publicKey.curve).toBe('P-256');
    expect(citizen.version).toBe(3);
    expect(citizen.authorityKeyId).toBe(parseEcCertificate(ca.certificate.der).subjectKeyId);
    expect(citizen.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(citizen.basicConstraints).toEqual({ ca: false, pathLength: undefined });
    expect(citizen.keyUsage).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      keyCertSign: false,
    });
    expect(citizen.qcStatements).toContain('0.4.0.1862.1.1');
    expect(citizen.policies).toEqual(['1.2.804.2.1.1.1.2.2']);
    expect(citizen.notAfter - citizen.notBefore).toBeGreaterThan(365 * DAY);
    const root = parseEcCertificate(ca.certificate.der);
    expect(root.basicConstraints?.ca).toBe(true);
    expect(root.keyUsage?.keyCertSign).toBe(true);
    expect(root.subject.organizationIdentifier).toMatch(/^NTRUA-\d{8}$/);
  });

  it('reads a holder certificate with Latin names and no patronymic, as ECDSA holder certificates are', async () => {
    const latin = await ca.issueCitizen({
      citizen: {
        fullName: 'Kovalenko Oksana',
        surname: 'Kovalenko',
        givenName: 'Oksana',
        taxId: '3481098568',
        birthDate: '1995-04-12',
        locality: 'Kyiv',
      },
    });
    const identity = signerIdentity(parseEcCertificate(latin.der));
    expect(identity).toMatchObject({
      fullName: 'Kovalenko Oksana',
      surname: 'Kovalenko',
      givenName: 'Oksana',
    });
    expect(identity.taxId).toMatchObject({ kind: 'rnokpp', value: '3481098568', checkDigitValid: true });
  });

  it('takes the tax number from TINUA- when there is no DRFO attribute', () => {
    expect(signerIdentity({ ...citizen, drfo: undefined }).taxId).toMatchObject({
      kind: 'rnokpp',
      value: '1234567899',
      source: 'subject-serial-number',
    });
  });

  it('refuses RSA keys, P-521 and other curves, and explicit curve parameters', async () => {
    for (const [key, named] of [
      ['RSA', /key algorithm RSA/],
      ['P-521', /curve P-521/],
    ] as const) {
      const issued = await ca.issueCitizen({ key });
      expect(
        code(() => parseEcCertificate(issued.der)),
        key,
      ).toBe('CERTIFICATE_ALGORITHM_NOT_ALLOWED');
      expect(() => parseEcCertificate(issued.der)).toThrow(named);
    }
    const k1 = handMade({ spkiAlg: seq(encOid('1.2.840.10045.2.1'), encOid('1.3.132.0.10')) });
    expect(code(() => parseEcCertificate(k1))).toBe('CERTIFICATE_ALGORITHM_NOT_ALLOWED');
    const explicit = handMade({ spkiAlg: seq(encOid('1.2.840.10045.2.1'), seq(encUint(1))) });
    expect(code(() => parseEcCertificate(explicit))).toBe('CERTIFICATE_ALGORITHM_NOT_ALLOWED');
    expect(parseEcCertificate(handMade({})).publicKey.curve).toBe('P-256');
  });

  it('refuses a compressed or short point, an unknown critical extension, a duplicate extension', () => {
    expect(
      code(() => parseEcCertificate(handMade({ point: Uint8Array.from([2, ...new Uint8Array(32)]) }))),
    ).toBe('CERTIFICATE_MALFORMED');
    expect(
      code(() => parseEcCertificate(handMade({ point: Uint8Array.from([4, ...new Uint8Array(63)]) }))),
    ).toBe('CERTIFICATE_MALFORMED');
    const unknownCritical = seq(encOid('1.2.3.4'), Uint8Array.of(1, 1, 0xff), encOctets(seq()));
    expect(code(() => parseEcCertificate(handMade({ extensions: [unknownCritical] })))).toBe(
      'CERTIFICATE_MALFORMED',
    );
    const unknownPlain = seq(encOid('1.2.3.4'), encOctets(seq()));
    expect(parseEcCertificate(handMade({ extensions: [unknownPlain] })).extensions).toEqual(['1.2.3.4']);
    expect(code(() => parseEcCertificate(handMade({ extensions: [unknownPlain, unknownPlain] })))).toBe(
      'CERTIFICATE_MALFORMED',
    );
  });

  it('refuses parameters on an ECDSA signature algorithm and two different algorithm fields', () => {
    const withNull = seq(encOid('1.2.840.10045.4.3.2'), Uint8Array.of(5, 0));
    expect(code(() => parseEcCertificate(handMade({ sigAlg: withNull })))).toBe('CERTIFICATE_MALFORMED');
    const der = citizenDer.slice();
    // The outer signatureAlgorithm's last OID byte (…4.3.2 → …4.3.3): no longer the tbs one.
    const at = der.length - citizen.signatureValue.length - 4;
    expect(der[at]).toBe(0x02);
    der[at] = 0x03;
    expect(code(() => parseEcCertificate(der))).toBe('CERTIFICATE_MALFORMED');
  });

  it('refuses what is not a certificate, and oversize input unread', () => {
    expect(code(() => parseEcCertificate(new Uint8Array()))).toBe('CERTIFICATE_MALFORMED');
    expect(code(() => parseEcCertificate(citizenDer.subarray(0, citizenDer.length - 1)))).toBe(
      'CERTIFICATE_MALFORMED',
    );
    expect(code(() => parseEcCertificate(new Uint8Array(70_000)))).toBe('DER_LIMIT_EXCEEDED');
    expect(code(() => parseEcCertificate('x' as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('buildEcChain', () => {
  it('builds citizen → CA and verifies the signature', async () => {
    const trust = ecTrustStore([ca.certificate.der]);
    const chain = await buildEcChain(citizen, { trust, at: NOW });
    expect(chain.map((c) => c.raw)).toEqual([citizenDer, ca.certificate.der]);
    expect(await ecIssuedBy(citizen, trust.anchors[0]!)).toBe(true);
  });

  it('refuses a certificate whose signed part was changed', async () => {
    const der = citizenDer.slice();
    // 'Тарас' → 'Уарас' in the subject (Т is D0 A2, У is D0 A3): still a well-formed certificate.
    const at = Buffer.from(der).indexOf(Buffer.from('Тарас'));
    der[at + 1] = 0xa3;
    const changed = parseEcCertificate(der);
    expect(changed.subject.commonName).toBe('Шевченко Уарас Григорович');
    expect(await refusal(buildEcChain(changed, { trust: ecTrustStore([ca.certificate.der]), at: NOW }))).toBe(
      'CERTIFICATE_CHAIN_INVALID',
    );
  });

  it('refuses a CA of the same name with another key', async () => {
    const twin = await createEcTestCa({ seed: 'x509', now: NOW }); // same seed: same names, new key
    const trust = ecTrustStore([twin.certificate.der]);
    expect(parseEcCertificate(twin.certificate.der).subject.text).toBe(
      parseEcCertificate(ca.certificate.der).subject.text,
    );
    expect(await refusal(buildEcChain(citizen, { trust, at: NOW }))).toBe('CERTIFICATE_CHAIN_INVALID');
  });

  it('checks validity at the given time, for the citizen and for the CA', async () => {
    const trust = ecTrustStore([ca.certificate.der]);
    expect(await refusal(buildEcChain(citizen, { trust, at: NOW + 3 * 365 * DAY }))).toBe(
      'CERTIFICATE_EXPIRED',
    );
    expect(await refusal(buildEcChain(citizen, { trust, at: NOW - 31 * DAY }))).toBe(
      'CERTIFICATE_NOT_YET_VALID',
    );
    const shortCa = await createEcTestCa({ seed: 'short', now: NOW, notAfter: NOW + DAY });
    const c = parseEcCertificate((await shortCa.issueCitizen()).der);
    const shortTrust = ecTrustStore([shortCa.certificate.der]);
    await expect(buildEcChain(c, { trust: shortTrust, at: NOW })).resolves.toHaveLength(2);
    expect(await refusal(buildEcChain(c, { trust: shortTrust, at: NOW + 2 * DAY }))).toBe(
      'CERTIFICATE_EXPIRED',
    );
  });

  it('refuses a certificate signed with ecdsa-with-SHA1', async () => {
    const sha1 = parseEcCertificate((await ca.issueCitizen({ hash: 'SHA-1' })).der);
    expect(await refusal(buildEcChain(sha1, { trust: ecTrustStore([ca.certificate.der]), at: NOW }))).toBe(
      'CERTIFICATE_ALGORITHM_NOT_ALLOWED',
    );
  });

  it('goes through a carried intermediate only when it is a CA', async () => {
    const trust = ecTrustStore([ca.certificate.der]);
    const sub = await createEcTestCa({ seed: 'sub', now: NOW, parent: ca });
    const leaf = parseEcCertificate((await sub.issueCitizen()).der);
    const intermediate = parseEcCertificate(sub.certificate.der);
    expect(await buildEcChain(leaf, { trust, at: NOW, intermediates: [intermediate] })).toHaveLength(3);
    expect(await refusal(buildEcChain(leaf, { trust, at: NOW }))).toBe('CERTIFICATE_CHAIN_INVALID');
    // A citizen (not a CA) that "issues" a certificate: same name and key as a real issuer would have.
    const notCa = { ...intermediate, basicConstraints: { ca: false, pathLength: undefined } };
    expect(await refusal(buildEcChain(leaf, { trust, at: NOW, intermediates: [notCa] }))).toBe(
      'CERTIFICATE_CHAIN_INVALID',
    );
    const noCertSign = { ...intermediate, keyUsage: { ...intermediate.keyUsage!, keyCertSign: false } };
    expect(await refusal(buildEcChain(leaf, { trust, at: NOW, intermediates: [noCertSign] }))).toBe(
      'CERTIFICATE_CHAIN_INVALID',
    );
    const root = parseEcCertificate(ca.certificate.der);
    const limited = { ...root, basicConstraints: { ca: true, pathLength: 0 } };
    const limitedTrust = { anchors: [limited], skipped: 0 };
    expect(
      await refusal(buildEcChain(leaf, { trust: limitedTrust, at: NOW, intermediates: [intermediate] })),
    ).toBe('CERTIFICATE_CHAIN_INVALID');
  });

  it('a trust store skips RSA and P-521 CAs, counts them, and refuses a malformed one', async () => {
    const rsa = await ca.issueCitizen({ key: 'RSA', ca: true });
    const store = ecTrustStore([ca.certificate.der, rsa.der]);
    expect([store.anchors.length, store.skipped]).toEqual([1, 1]);
    expect(code(() => ecTrustStore([new Uint8Array([0x30, 0])]))).toBe('CERTIFICATE_MALFORMED');
  });
});

describe('ecdsaDerToP1363', () => {
  const n = ORDER['P-256'];
  it('pads r and s to the curve size', () => {
    const raw = ecdsaDerToP1363(sigValue(1n, n - 1n), 'P-256', 'SIGNATURE_MALFORMED');
    expect(raw.length).toBe(64);
    expect(raw[31]).toBe(1);
    expect(Buffer.from(raw.subarray(32)).toString('hex')).toBe((n - 1n).toString(16));
  });

  it('refuses r or s of zero, of n or above, negative, non-minimal, and a P-384 value on P-256', () => {
    const cases = [
      sigValue(0n, 1n),
      sigValue(1n, n),
      sigValue(n + 5n, 1n),
      seq(integer(1n, 1), integer(1n)),
      seq(tlv(2, Uint8Array.of(0x80)), integer(1n)),
      sigValue(ORDER['P-384'] - 1n, 1n),
      seq(integer(1n), integer(1n), integer(1n)),
      seq(integer(1n)),
    ];
    for (const sig of cases)
      expect(code(() => ecdsaDerToP1363(sig, 'P-256', 'SIGNATURE_MALFORMED'))).toBe('SIGNATURE_MALFORMED');
  });
});

describe('fictional citizens', () => {
  it('have ten-digit tax numbers of the right form, deterministic by seed', () => {
    for (let i = 0; i < 50; i++) {
      const person = fictionalCitizen(`seed-${i}`);
      expect(person.taxId).toMatch(/^\d{10}$/);
      expect(Number(person.taxId[9])).toBe(rnokppCheckDigit(person.taxId.slice(0, 9)));
      const days = Number(person.taxId.slice(0, 5));
      expect(new Date(Date.UTC(1899, 11, 31) + days * DAY).toISOString().slice(0, 10)).toBe(person.birthDate);
      const man = / (Тарас|Андрій|Олег) /.test(` ${person.givenName} `);
      expect(Number(person.taxId[8]) % 2).toBe(man ? 1 : 0);
      expect(fictionalCitizen(`seed-${i}`)).toEqual(person);
    }
  });

  it('the check digit follows the published weights', () => {
    // 1234567899: (-1 + 10 + 21 + 36 + 20 + 36 + 70 + 40 + 63) = 295; 295 mod 11 = 9.
    expect(rnokppCheckDigit('123456789')).toBe(9);
  });
});
