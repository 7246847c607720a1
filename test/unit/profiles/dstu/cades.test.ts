// CAdES signatures as a Diia ID holder's app returns them: one signer, detached over a file hash (or
// attached), the chain at the signing time, and the level read from the unsigned attributes. Signatures are
// made here with the platform's test key (DiiaTest.pfx) and with keys of a test CA of our own; the
// timestamp tokens are signed by the same test key standing in for a timestamp authority.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { children, type Der, readDer, TAG } from '../../../../src/der.js';
import { encOctets, encOid, encUint, seq, tlv } from '../../../../src/der-write.js';
import { loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { verifyCadesDstu } from '../../../../src/profiles/dstu/lib/cades.js';
import {
  attribute,
  type SignedDataSpec,
  type Signer,
  writeCadesSignature,
  writeTimestampToken,
} from '../../../../src/profiles/dstu/lib/cades-write.js';
import { gost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { webRandom } from '../../../../src/profiles/dstu/lib/seal.js';
import { caStore } from '../../../../src/profiles/dstu/lib/trust.js';
import { encodeSealed } from '../../../../src/profiles/dstu/sealed-text.js';
import { CADES_ATTRIBUTES } from '../../../../src/signatures/cades.js';
import { codeOfCall } from '../../../support/codes.js';
import { CERTS, DIIA, fixture } from './fixtures.js';
import { testCa } from './test-ca.js';

const diia = resolveKeys(await loadDstuKeys(DIIA));
const sign = keyFor(diia, 'digitalSignature');
const agree = keyFor(diia, 'keyAgreement');
if (!sign?.certificate || !agree?.certificate) throw new Error('fixture');
const platform: Signer = { key: sign.key, certificate: sign.certificate };
const trust = caStore([fixture(CERTS.bundle)]);
const sbox = sign.key.params.sbox;

// DiiaKey1.cer and its CA are valid through 2024 (the certificate expired in 2025).
const AT = Date.parse('2024-03-01T10:00:00Z');
const file = new TextEncoder().encode('%PDF-1.7 заява про надання послуги\n');
const otherFile = new TextEncoder().encode('%PDF-1.7 інший договір\n');
const digest = gost34311(file, sbox);

const signature = (spec: Partial<SignedDataSpec> = {}, signer: Signer | Signer[] = platform): Uint8Array =>
  writeCadesSignature(signer, { digest, signingTime: AT, ...spec }, webRandom);

const verify = (
  sig: Uint8Array,
  input: { content?: Uint8Array; digest?: Uint8Array } = { content: file },
  options = {},
) => verifyCadesDstu(sig, input, { trust, ...options });

const code = (sig: Uint8Array, input?: { content?: Uint8Array; digest?: Uint8Array }, options = {}) =>
  codeOfCall(() => verify(sig, input, options));

const AA = '1.2.840.113549.1.9.16.2';

/** A signature-timestamp attribute over the signature value, by the stand-in TSA. */
const signatureTimestamp =
  (genTime: number, algorithm = 'gost', fraction?: string) =>
  (value: Uint8Array): Uint8Array[] => {
    const [oid, imprint] =
      algorithm === 'gost'
        ? ['1.2.804.2.1.1.1.1.2.1', gost34311(value)]
        : algorithm === 'sha256'
          ? ['2.16.840.1.101.3.4.2.1', sha256(value)]
          : algorithm === 'wrong'
            ? ['1.2.804.2.1.1.1.1.2.1', gost34311(file)]
            : ['1.3.14.3.2.26', new Uint8Array(20)];
    const token = writeTimestampToken(
      platform,
      { imprintAlgorithm: oid, imprint, genTime, serial: 77n, ...(fraction ? { fraction } : {}) },
      webRandom,
    );
    return [attribute(CADES_ATTRIBUTES.signatureTimestamp, token)];
  };

const otherHash = (bytes: Uint8Array): Uint8Array =>
  seq(seq(encOid('1.2.804.2.1.1.1.1.2.1')), encOctets(gost34311(bytes)));
const caCert = () => {
  const id = platform.certificate.authorityKeyId as string;
  return trust.byKeyId.get(id)?.[0]?.raw as Uint8Array;
};
/** complete-certificate-references and complete-revocation-references (RFC 5126 sections 6.2.1-6.2.2). */
const references = (): Uint8Array[] => [
  attribute(CADES_ATTRIBUTES.completeCertificateRefs, seq(seq(otherHash(caCert())))),
  // CrlOcspRef { ocspids [1] OcspListID { ocspResponses SEQUENCE OF OcspResponsesID } }
  attribute(
    CADES_ATTRIBUTES.completeRevocationRefs,
    seq(
      seq(
        tlv(
          0xa1,
          seq(
            seq(
              seq(
                tlv(0xa1, encOctets(new Uint8Array(20).fill(1))),
                tlv(0x18, new TextEncoder().encode('20240301100000Z')),
              ),
            ),
          ),
        ),
      ),
    ),
  ),
];
/** certificate-values and revocation-values (sections 6.3.3-6.3.4): the CA certificate, one OCSP stand-in. */
const values = (): Uint8Array[] => [
  attribute(CADES_ATTRIBUTES.certificateValues, seq(caCert())),
  attribute(CADES_ATTRIBUTES.revocationValues, seq(tlv(0xa1, seq(seq(encUint(0)))))),
];
const stampOver = (oid: string, genTime: number): Uint8Array =>
  attribute(
    oid,
    writeTimestampToken(
      platform,
      {
        imprintAlgorithm: '1.2.804.2.1.1.1.1.2.1',
        imprint: new Uint8Array(32).fill(3),
        genTime,
        serial: 78n,
      },
      webRandom,
    ),
  );

describe('verifyCadesDstu: the signature over one file', { timeout: 120_000 }, () => {
  it('a detached signature verifies against the file and against its digest, at its signing time', () => {
    const sig = signature();
    for (const input of [{ content: file }, { digest }, { content: file, digest }]) {
      const result = verify(sig, input);
      expect(result.attached).toBe(false);
      expect(result.signingTime).toBe(AT);
      expect(result.checkedAt).toBe(AT);
      expect(result.checkedAtSource).toBe('signing-time');
      expect(result.digest).toEqual(digest);
      expect(result.signer.subject).toBe(platform.certificate.subject);
      expect(result.chain).toHaveLength(2);
      expect(result.signingCertificate).toBe('v2');
      expect(result.cades.level).toBe('BES');
    }
  });

  it('an attached signature verifies alone, with its own file, and refuses another file or digest', () => {
    const sig = signature({ content: file });
    expect(verify(sig, {}).attached).toBe(true);
    expect(verify(sig, { content: file }).digest).toEqual(digest);
    expect(code(sig, { content: otherFile })).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(code(sig, { digest: gost34311(otherFile, sbox) })).toBe('SIGNATURE_DIGEST_MISMATCH');
  });

  it('base64 text of the DER is accepted as the DER', () => {
    expect(verify(encodeSealed(signature())).signingTime).toBe(AT);
  });

  it('the hash of another file is SIGNATURE_DIGEST_MISMATCH, as a file, as a digest, and when they disagree', () => {
    const sig = signature();
    expect(code(sig, { content: otherFile })).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(code(sig, { digest: gost34311(otherFile, sbox) })).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(code(sig, { content: file, digest: gost34311(otherFile, sbox) })).toBe(
      'SIGNATURE_DIGEST_MISMATCH',
    );
    // A signature over another file's hash, checked against this file.
    expect(code(signature({ digest: gost34311(otherFile, sbox) }))).toBe('SIGNATURE_DIGEST_MISMATCH');
  });

  it('a detached signature with neither the file nor its digest is SIGNATURE_CONTENT_MISSING', () => {
    expect(code(signature(), {})).toBe('SIGNATURE_CONTENT_MISSING');
  });

  it('every truncation of a signature is SIGNATURE_MALFORMED', () => {
    const sig = signature();
    const cuts = [1, 2, 10, 100, Math.floor(sig.length / 2), sig.length - 70, sig.length - 1];
    for (const n of cuts) expect(code(sig.subarray(0, n)), `cut to ${n}`).toBe('SIGNATURE_MALFORMED');
    expect(code(new Uint8Array(0))).toBe('SIGNATURE_MALFORMED');
    expect(code(new TextEncoder().encode('not base64!'))).toBe('SIGNATURE_MALFORMED');
  });

  it('a signature without signed attributes is SIGNATURE_MALFORMED: nothing binds a time or a certificate', () => {
    expect(code(signature({ withoutSignedAttributes: true }))).toBe('SIGNATURE_MALFORMED');
  });

  it('a changed signature value is SIGNATURE_INVALID', () => {
    const sig = signature().slice();
    sig[sig.length - 5] = (sig[sig.length - 5] as number) ^ 0x01;
    expect(code(sig)).toBe('SIGNATURE_INVALID');
  });

  it('without a signing time the chain needs a time: SIGNATURE_TIME_INVALID, or the given one', () => {
    const sig = signature({ signingTime: undefined });
    expect(code(sig)).toBe('SIGNATURE_TIME_INVALID');
    const result = verify(sig, { content: file }, { at: AT });
    expect(result.signingTime).toBeUndefined();
    expect(result.checkedAtSource).toBe('given');
  });

  it('a signing time ahead of now is SIGNATURE_TIME_INVALID', () => {
    expect(code(signature(), { content: file }, { now: AT - 3600_000 })).toBe('SIGNATURE_TIME_INVALID');
    expect(verify(signature(), { content: file }, { now: AT }).signingTime).toBe(AT);
  });

  it('a signer not in the CA store is CERTIFICATE_CHAIN_INVALID', () => {
    const unrelated = caStore([fixture(CERTS.userSign)]);
    expect(code(signature(), { content: file }, { trust: unrelated })).toBe('CERTIFICATE_CHAIN_INVALID');
    const ours = testCa(sign.key);
    const person = ours.issue({ subject: [['2.5.4.3', 'Тестова Особа']] });
    expect(code(signature({}, person))).toBe('CERTIFICATE_CHAIN_INVALID');
    expect(verify(signature({}, person), { content: file }, { trust: ours.store }).chain).toHaveLength(2);
  });

  it('the chain is checked at the signing time: expired then is CERTIFICATE_EXPIRED, expired since is fine', () => {
    // DiiaKey1.cer expired in 2025: a signature claiming 2026 is refused, one of 2024 verifies today.
    expect(code(signature({ signingTime: Date.parse('2026-01-01T00:00:00Z') }))).toBe('CERTIFICATE_EXPIRED');
    expect(
      verify(signature(), { content: file }, { now: Date.parse('2026-12-01T00:00:00Z') }).checkedAt,
    ).toBe(AT);
    const ours = testCa(sign.key);
    const expired = ours.issue({
      subject: [['2.5.4.3', 'Прострочений']],
      notBefore: Date.parse('2021-01-01T00:00:00Z'),
      notAfter: Date.parse('2022-01-01T00:00:00Z'),
    });
    expect(code(signature({}, expired), { content: file }, { trust: ours.store })).toBe(
      'CERTIFICATE_EXPIRED',
    );
    const future = ours.issue({
      subject: [['2.5.4.3', 'Ще не чинний']],
      notBefore: Date.parse('2025-01-01T00:00:00Z'),
    });
    expect(code(signature({}, future), { content: file }, { trust: ours.store })).toBe(
      'CERTIFICATE_NOT_YET_VALID',
    );
    // An explicit time overrides the signing time.
    expect(code(signature(), { content: file }, { at: Date.parse('2026-01-01T00:00:00Z') })).toBe(
      'CERTIFICATE_EXPIRED',
    );
  });

  it('exactly one SignerInfo: two are SIGNATURE_SIGNER_COUNT, and so is none', () => {
    const ours = testCa(sign.key);
    const person = ours.issue({ subject: [['2.5.4.3', 'Друга Особа']] });
    expect(code(signature({}, [platform, person]))).toBe('SIGNATURE_SIGNER_COUNT');
    // The same SignedData with an empty SET of SignerInfos.
    const one = signature();
    const none = rebuildSignerInfos(one, Uint8Array.of(0x31, 0));
    expect(code(none)).toBe('SIGNATURE_SIGNER_COUNT');
  });

  it('the signer is found by subjectKeyIdentifier, and among given certificates when not carried', () => {
    expect(verify(signature({ byKeyId: true })).signer.subject).toBe(platform.certificate.subject);
    const bare = signature({ includeCertificate: false });
    expect(code(bare)).toBe('SIGNATURE_SIGNER_UNTRUSTED');
    expect(verify(bare, { content: file }, { certificates: [platform.certificate] }).chain).toHaveLength(2);
    expect(verify(bare, { content: file }, { certificates: [platform.certificate.raw] }).chain).toHaveLength(
      2,
    );
    expect(code(bare, { content: file }, { certificates: [Uint8Array.of(0x30, 0)] })).toBe(
      'CERTIFICATE_MALFORMED',
    );
  });

  it('a contentType attribute other than the eContentType is SIGNATURE_MALFORMED', () => {
    const sig = signature().slice();
    const data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    // The first id-data is the eContentType (the contentType attribute comes later, inside the SignerInfo).
    const at = sig.findIndex((_, i) => data.every((b, j) => sig[i + j] === b));
    expect(verify(sig).contentType).toBe('1.2.840.113549.1.7.1');
    sig[at + data.length - 1] = 0x02;
    expect(code(sig)).toBe('SIGNATURE_MALFORMED');
  });

  it('signingCertificateV2 naming another certificate is SIGNATURE_SIGNER_UNTRUSTED; none at all is level CMS', () => {
    expect(code(signature({ essCertificate: fixture(CERTS.diiaAgree) }))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
    expect(verify(signature({ essCertificate: null })).cades.level).toBe('CMS');
  });

  it('a key-agreement certificate cannot sign: SIGNATURE_SIGNER_UNTRUSTED', () => {
    const keyAgreement: Signer = {
      key: agree.key,
      certificate: agree.certificate as NonNullable<typeof agree.certificate>,
    };
    expect(code(signature({}, keyAgreement))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });

  it('unknown option and input keys are INVALID_ARGUMENT; so is a digest of the wrong length', () => {
    expect(code(signature(), { content: file }, { clock: 1 })).toBe('INVALID_ARGUMENT');
    expect(code(signature(), { content: file }, { trust: new Uint8Array(1) })).toBe('INVALID_ARGUMENT');
    expect(code(signature(), { content: file, hash: digest } as never)).toBe('INVALID_ARGUMENT');
    expect(code(signature(), { digest: digest.subarray(0, 20) })).toBe('INVALID_ARGUMENT');
    expect(codeOfCall(() => verifyCadesDstu(signature(), { content: file }, {} as never))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('verifyCadesDstu: the CAdES level from the unsigned attributes', { timeout: 120_000 }, () => {
  const stamped = AT + 30_000;

  it('T: a signature timestamp whose imprint is the GOST 34.311 or SHA-256 hash of the signature value', () => {
    for (const algorithm of ['gost', 'sha256']) {
      const result = verify(signature({ unsignedAttributes: signatureTimestamp(stamped, algorithm) }));
      expect(result.cades.level).toBe('T');
      expect(result.cades.timestamps).toHaveLength(1);
      expect(result.cades.timestamps[0]).toMatchObject({
        genTime: stamped,
        imprintMatches: true,
        serial: '4d',
        tsaSignature: 'not-verified',
      });
    }
  });

  it('a genTime with fractions of a second is read to the millisecond', () => {
    const result = verify(signature({ unsignedAttributes: signatureTimestamp(stamped, 'gost', '25') }));
    expect(result.cades.timestamps[0]?.genTime).toBe(stamped + 250);
  });

  it('a timestamp over something else, or with an unsupported imprint hash, is SIGNATURE_TIMESTAMP_MISMATCH', () => {
    expect(code(signature({ unsignedAttributes: signatureTimestamp(stamped, 'wrong') }))).toBe(
      'SIGNATURE_TIMESTAMP_MISMATCH',
    );
    expect(code(signature({ unsignedAttributes: signatureTimestamp(stamped, 'sha1') }))).toBe(
      'SIGNATURE_TIMESTAMP_MISMATCH',
    );
  });

  it('a timestamp attribute that holds no TSTInfo is SIGNATURE_MALFORMED', () => {
    const notToken = () => [attribute(CADES_ATTRIBUTES.signatureTimestamp, signature())];
    expect(code(signature({ unsignedAttributes: notToken }))).toBe('SIGNATURE_MALFORMED');
  });

  it('a signing time later than its signature timestamp is SIGNATURE_TIME_INVALID', () => {
    expect(code(signature({ unsignedAttributes: signatureTimestamp(AT - 3600_000) }))).toBe(
      'SIGNATURE_TIME_INVALID',
    );
    // Within the clock tolerance it stands.
    expect(verify(signature({ unsignedAttributes: signatureTimestamp(AT - 60_000) })).cades.level).toBe('T');
  });

  it('without signingTime, the chain is checked at the matched timestamp', () => {
    const result = verify(
      signature({ signingTime: undefined, unsignedAttributes: signatureTimestamp(stamped) }),
    );
    expect(result.checkedAt).toBe(stamped);
    expect(result.checkedAtSource).toBe('signature-timestamp');
  });

  it('C, X-Type-1, X-Type-2, X-Long, X-Long-Type-1, A: each needs the level below it', () => {
    const level = (extra: (v: Uint8Array) => Uint8Array[]) =>
      verify(signature({ unsignedAttributes: (v) => [...signatureTimestamp(stamped)(v), ...extra(v)] }))
        .cades;
    const c = level(() => references());
    expect(c.level).toBe('C');
    expect(c.counts).toMatchObject({ completeCertificateRefs: 1, completeRevocationRefs: 1 });
    expect(level(() => [...references(), stampOver(CADES_ATTRIBUTES.cadesCTimestamp, stamped)]).level).toBe(
      'X-Type-1',
    );
    expect(
      level(() => [...references(), stampOver(CADES_ATTRIBUTES.timestampedCertsCrlsRefs, stamped)]).level,
    ).toBe('X-Type-2');
    const long = level(() => [...references(), ...values()]);
    expect(long.level).toBe('X-Long');
    expect(long.counts).toMatchObject({ certificateValues: 1, revocationValues: 1 });
    expect(
      level(() => [...references(), ...values(), stampOver(CADES_ATTRIBUTES.cadesCTimestamp, stamped)]).level,
    ).toBe('X-Long-Type-1');
    const archived = level(() => [
      ...references(),
      ...values(),
      stampOver(CADES_ATTRIBUTES.archiveTimestampV3, stamped),
    ]);
    expect(archived.level).toBe('A');
    expect(archived.timestamps.map((t) => t.imprintMatches)).toEqual([true, undefined]);
    // Values without references, one reference attribute of two, references without a timestamp: lower.
    expect(level(() => values()).level).toBe('T');
    expect(level(() => [references()[0] as Uint8Array, ...values()]).level).toBe('T');
    expect(level(() => [references()[1] as Uint8Array, ...values()]).level).toBe('T');
    // Certificate values without revocation values (or the reverse) are not X-Long.
    expect(level(() => [...references(), values()[0] as Uint8Array]).level).toBe('C');
    expect(level(() => [...references(), values()[1] as Uint8Array]).level).toBe('C');
    expect(verify(signature({ unsignedAttributes: () => [...references(), ...values()] })).cades.level).toBe(
      'BES',
    );
  });

  it('a policy identifier is reported; unknown unsigned attributes are listed', () => {
    const policy = attribute(`${AA}.15`, seq(encOid('1.2.804.2.1.1.1.2.3.9')));
    const result = verify(
      signature({
        signedAttributes: [policy],
        unsignedAttributes: () => [attribute('1.2.3.4.5', encOctets(Uint8Array.of(1)))],
      }),
    );
    expect(result.cades.policy).toBe(true);
    expect(result.cades.unknown).toEqual(['1.2.3.4.5']);
    expect(result.cades.level).toBe('BES');
  });

  it('certificate-values holding something other than certificates is SIGNATURE_MALFORMED', () => {
    const bad = () => [attribute(CADES_ATTRIBUTES.certificateValues, seq(seq(encUint(1))))];
    expect(code(signature({ unsignedAttributes: bad }))).toBe('SIGNATURE_MALFORMED');
  });

  it('more than 32 unsigned attributes is DER_LIMIT_EXCEEDED', () => {
    const many = () =>
      Array.from({ length: 33 }, (_, i) => attribute(`1.2.3.${i}`, encOctets(Uint8Array.of(i))));
    expect(code(signature({ unsignedAttributes: many }))).toBe('DER_LIMIT_EXCEEDED');
  });
});

/** `der` (a ContentInfo around a SignedData) with its SignerInfos SET replaced by `set`. */
function rebuildSignerInfos(der: Uint8Array, set: Uint8Array): Uint8Array {
  const [type, wrapper] = children(readDer(der), TAG.SEQUENCE) as [Der, Der];
  const fields = children(children(wrapper, 0xa0)[0] as Der, TAG.SEQUENCE);
  const rebuilt = fields.map((f, i) => (i === fields.length - 1 ? set : f.raw));
  return seq(type.raw, tlv(0xa0, seq(...rebuilt)));
}
