// CMS SignedData with ECDSA, as a Diia ID `ECDSA` file signature: what verifies, and every refusal with its code.
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { encOctets, encOid, seq, setOf, tlv } from '../../../src/der-write.js';
import { AcceptError, type AcceptErrorCode } from '../../../src/errors.js';
import { ecTrustStore } from '../../../src/signatures/chain.js';
import { type VerifyEcdsaSignedDataOptions, verifyEcdsaSignedData } from '../../../src/signatures/cms.js';
import { signerIdentity } from '../../../src/signatures/identity.js';
import {
  createEcdsaScenario,
  createEcTestCa,
  type IssuedTestCertificate,
  integer,
  ORDER,
  rewriteSignedData,
  rewriteSignerInfo,
  rs,
  signatureOf,
  signCadesBes,
  sigValue,
  withSignature,
} from '../../support/ecdsa-ca.js';

const NOW = Date.UTC(2026, 0, 1);
const SIGNED_AT = NOW + 3_600_000;
const file = new TextEncoder().encode('Заява про надання послуги\n'.repeat(50));
const other = new TextEncoder().encode('Інший файл');

let ca: Awaited<ReturnType<typeof createEcTestCa>>;
let citizen: IssuedTestCertificate;
let trust: ReturnType<typeof ecTrustStore>;
let detached: Uint8Array;

async function refusal(promise: Promise<unknown>): Promise<AcceptErrorCode> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AcceptError);
    return (error as AcceptError).code;
  }
  throw new Error('expected a refusal');
}

const verify = (cms: Uint8Array, options: Partial<VerifyEcdsaSignedDataOptions> = {}) =>
  verifyEcdsaSignedData(cms, { trust, content: file, ...options });

beforeAll(async () => {
  ca = await createEcTestCa({ seed: 'cms', now: NOW });
  citizen = await ca.issueCitizen();
  trust = ecTrustStore([ca.certificate.der]);
  detached = await signCadesBes({ signer: citizen, content: file, signingTime: SIGNED_AT });
});

describe('verifyEcdsaSignedData: what verifies', () => {
  it('a detached CAdES-BES over the file, with the signer, chain, time and attributes', async () => {
    const result = await verify(detached);
    expect(result.signer.subject.commonName).toBe(citizen.citizen?.fullName);
    expect(signerIdentity(result.signer).taxId?.value).toBe(citizen.citizen?.taxId);
    expect(result.chain.map((c) => c.raw)).toEqual([citizen.der, ca.certificate.der]);
    expect(result.signedAt).toBe(SIGNED_AT);
    expect(result.checkedAt).toBe(SIGNED_AT);
    expect(result.digestAlgorithm).toBe('SHA-256');
    expect(result.content).toBeUndefined();
    expect(result.signingCertificateV2).toBe(true);
    expect(result.attributes.signed).toEqual(
      expect.arrayContaining([
        '1.2.840.113549.1.9.3',
        '1.2.840.113549.1.9.4',
        '1.2.840.113549.1.9.5',
        '1.2.840.113549.1.9.16.2.47',
      ]),
    );
  });

  it('the same signature against the digest the partner computed', async () => {
    const value = new Uint8Array(await crypto.subtle.digest('SHA-256', file));
    const result = await verifyEcdsaSignedData(detached, { trust, digest: { algorithm: 'SHA-256', value } });
    expect(result.signer.raw).toEqual(citizen.der);
  });

  it('an attached signature, P-384 with SHA-384, the signer named by key identifier', async () => {
    const ca384 = await createEcTestCa({ seed: 'cms-384', now: NOW, curve: 'P-384', hash: 'SHA-384' });
    const signer = await ca384.issueCitizen({ key: 'P-384' });
    const cms = await signCadesBes({
      signer,
      content: file,
      hash: 'SHA-384',
      attached: true,
      signingTime: SIGNED_AT,
      signerIdentifier: 'subjectKeyIdentifier',
    });
    const result = await verifyEcdsaSignedData(cms, { trust: ecTrustStore([ca384.certificate.der]) });
    expect(result.digestAlgorithm).toBe('SHA-384');
    expect(result.content).toEqual(file);
    expect(result.signer.publicKey.curve).toBe('P-384');
  });

  it('through an intermediate the SignedData carries', async () => {
    const sub = await createEcTestCa({ seed: 'cms-sub', now: NOW, parent: ca, name: 'Проміжний ЦСК' });
    const signer = await sub.issueCitizen();
    const cms = await signCadesBes({
      signer,
      content: file,
      signingTime: SIGNED_AT,
      certificates: [sub.certificate.der],
    });
    const result = await verify(cms);
    expect(result.chain.map((c) => c.raw)).toEqual([signer.der, sub.certificate.der, ca.certificate.der]);
  });

  it('checks the chain at the time the caller gives, not the signer’s claim', async () => {
    const expired = await ca.issueCitizen({ notBefore: NOW - 400 * 86_400_000, notAfter: NOW - 86_400_000 });
    // Backdated into the certificate's life: the claim passes, the time the partner knows does not.
    const backdated = await signCadesBes({
      signer: expired,
      content: file,
      signingTime: NOW - 2 * 86_400_000,
    });
    await expect(verify(backdated)).resolves.toBeDefined();
    expect(await refusal(verify(backdated, { at: SIGNED_AT }))).toBe('CERTIFICATE_EXPIRED');
  });
});

describe('verifyEcdsaSignedData: the faults, each with its code', () => {
  it('another file’s hash', async () => {
    expect(await refusal(verify(detached, { content: other }))).toBe('SIGNATURE_DIGEST_MISMATCH');
    const wrong = new Uint8Array(await crypto.subtle.digest('SHA-256', other));
    expect(
      await refusal(
        verifyEcdsaSignedData(detached, { trust, digest: { algorithm: 'SHA-256', value: wrong } }),
      ),
    ).toBe('SIGNATURE_DIGEST_MISMATCH');
    // A digest of the right file under another algorithm is not the signed one.
    const sha384 = new Uint8Array(await crypto.subtle.digest('SHA-384', file));
    expect(
      await refusal(
        verifyEcdsaSignedData(detached, { trust, digest: { algorithm: 'SHA-384', value: sha384 } }),
      ),
    ).toBe('SIGNATURE_DIGEST_MISMATCH');
  });

  it('an attached content that is not the file the partner expects', async () => {
    const cms = await signCadesBes({
      signer: citizen,
      content: other,
      attached: true,
      signingTime: SIGNED_AT,
    });
    expect(await refusal(verify(cms, { content: file }))).toBe('SIGNATURE_DIGEST_MISMATCH');
    await expect(verify(cms, { content: other })).resolves.toBeDefined();
  });

  it('a truncated signature, at every length', async () => {
    const codes = new Set<string>();
    for (let n = 0; n < detached.length; n += 7) codes.add(await refusal(verify(detached.subarray(0, n))));
    expect([...codes]).toEqual(['SIGNATURE_MALFORMED']);
  });

  it('a signer from an untrusted CA', async () => {
    const rogue = await createEcTestCa({ seed: 'rogue', now: NOW, name: 'Тестовий ЦСК ECDSA (пісочниця)' });
    const signer = await rogue.issueCitizen();
    const cms = await signCadesBes({ signer, content: file, signingTime: SIGNED_AT });
    expect(await refusal(verify(cms))).toBe('CERTIFICATE_CHAIN_INVALID');
    // Carrying the rogue CA does not help: it is not in the trust store.
    const carried = await signCadesBes({
      signer,
      content: file,
      signingTime: SIGNED_AT,
      certificates: [rogue.certificate.der],
    });
    expect(await refusal(verify(carried))).toBe('CERTIFICATE_CHAIN_INVALID');
  });

  it('a certificate expired at the signing time, and one not yet valid', async () => {
    const expired = await ca.issueCitizen({ notBefore: NOW - 400 * 86_400_000, notAfter: NOW - 86_400_000 });
    const cms = await signCadesBes({ signer: expired, content: file, signingTime: SIGNED_AT });
    expect(await refusal(verify(cms))).toBe('CERTIFICATE_EXPIRED');
    const future = await ca.issueCitizen({ notBefore: SIGNED_AT + 86_400_000, notAfter: SIGNED_AT + 9e9 });
    const early = await signCadesBes({ signer: future, content: file, signingTime: SIGNED_AT });
    expect(await refusal(verify(early))).toBe('CERTIFICATE_NOT_YET_VALID');
  });

  it('RSA, SHA-1 and SHA-512 in the SignerInfo are refused by the allow-list', async () => {
    const rsa = await signCadesBes({
      signer: citizen,
      content: file,
      signingTime: SIGNED_AT,
      signatureAlgorithmOid: '1.2.840.113549.1.1.11',
    });
    expect(await refusal(verify(rsa))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
    const sha1 = await signCadesBes({
      signer: citizen,
      content: file,
      hash: 'SHA-1',
      signingTime: SIGNED_AT,
    });
    expect(await refusal(verify(sha1))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
    const sha512 = await signCadesBes({
      signer: citizen,
      content: file,
      signingTime: SIGNED_AT,
      digestAlgorithmOid: '2.16.840.1.101.3.4.2.3',
    });
    expect(await refusal(verify(sha512))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
    // And a digest left out of the caller's list.
    expect(await refusal(verify(detached, { digestAlgorithms: ['SHA-384'] }))).toBe(
      'SIGNATURE_ALGORITHM_NOT_ALLOWED',
    );
    // ecdsa-with-SHA384 over a SHA-256 messageDigest: the two algorithms must agree.
    const mixed = await signCadesBes({
      signer: citizen,
      content: file,
      signingTime: SIGNED_AT,
      signatureAlgorithmOid: '1.2.840.10045.4.3.3',
    });
    expect(await refusal(verify(mixed))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
  });

  it('a signer with a P-521 or RSA key is refused by the key allow-list', async () => {
    for (const key of ['P-521', 'RSA'] as const) {
      const signer = await ca.issueCitizen({ key });
      // The SignerInfo is built with the citizen's own key; only the certificate carried matters here.
      const cms = await signCadesBes({
        signer: { ...citizen, der: signer.der, issuerName: signer.issuerName, serial: signer.serial },
        content: file,
        signingTime: SIGNED_AT,
      });
      expect(await refusal(verify(cms)), key).toBe('CERTIFICATE_ALGORITHM_NOT_ALLOWED');
    }
  });

  it('a signature whose s is replaced by s + n, r by r + n, or either by 0', async () => {
    const { r, s } = rs(signatureOf(detached));
    const n = ORDER['P-256'];
    for (const sig of [sigValue(r, s + n), sigValue(r + n, s), sigValue(r, 0n), sigValue(0n, s)])
      expect(await refusal(verify(withSignature(detached, sig)))).toBe('SIGNATURE_MALFORMED');
  });

  it('a malformed DER ECDSA-Sig-Value', async () => {
    const { r, s } = rs(signatureOf(detached));
    const bad = [
      seq(integer(r, 1), integer(s)), // non-minimal r
      seq(integer(r), integer(s), integer(1n)), // a third INTEGER
      seq(integer(r)), // s missing
      Uint8Array.from([...sigValue(r, s), 0]), // trailing byte
      tlv(0x02, Uint8Array.of(0xff)), // a negative INTEGER instead of a SEQUENCE
      setOf(integer(r), integer(s)), // SET, not SEQUENCE
      (() => {
        // BER long-form length where the short form fits
        const v = sigValue(r, s);
        return Uint8Array.from([0x30, 0x81, v[1] as number, ...v.subarray(2)]);
      })(),
    ];
    for (const sig of bad)
      expect(await refusal(verify(withSignature(detached, sig)))).toBe('SIGNATURE_MALFORMED');
  });

  it('a well-formed but wrong signature', async () => {
    const { r, s } = rs(signatureOf(detached));
    expect(await refusal(verify(withSignature(detached, sigValue(r, s === 1n ? 2n : s - 1n))))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('accepts the other s of the same signature (n − s): ECDSA allows both, and real signers make either', async () => {
    const { r, s } = rs(signatureOf(detached));
    await expect(verify(withSignature(detached, sigValue(r, ORDER['P-256'] - s)))).resolves.toBeDefined();
  });

  it('signingCertificateV2 naming another certificate', async () => {
    const someoneElse = await ca.issueCitizen();
    const cms = await signCadesBes({
      signer: citizen,
      content: file,
      signingTime: SIGNED_AT,
      signingCertificateV2: someoneElse.der,
    });
    expect(await refusal(verify(cms))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
    // Without the attribute the signature stands on its own (CMS, not CAdES-BES), and says so.
    const bare = await signCadesBes({
      signer: citizen,
      content: file,
      signingTime: SIGNED_AT,
      signingCertificateV2: false,
    });
    expect((await verify(bare)).signingCertificateV2).toBe(false);
  });

  it('no signer certificate carried', async () => {
    const cms = rewriteSignedData(detached, (f) => [f[0]!, f[1]!, f[2]!, f[4]!]);
    expect(await refusal(verify(cms))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });

  it('two SignerInfos, or none', async () => {
    const two = rewriteSignedData(detached, (f) => {
      const infos = f[4]!;
      const inner = infos.subarray(infos[1]! & 0x80 ? 2 + (infos[1]! & 0x7f) : 2);
      return [f[0]!, f[1]!, f[2]!, f[3]!, tlv(0x31, inner, inner)];
    });
    expect(await refusal(verify(two))).toBe('SIGNATURE_MALFORMED');
    const none = rewriteSignedData(detached, (f) => [f[0]!, f[1]!, f[2]!, f[3]!, tlv(0x31)]);
    expect(await refusal(verify(none))).toBe('SIGNATURE_MALFORMED');
  });

  it('no signed attributes, or a SignedData of another content type', async () => {
    const noAttrs = rewriteSignerInfo(detached, (f) => f.filter((x) => x[0] !== 0xa0));
    expect(await refusal(verify(noAttrs))).toBe('SIGNATURE_MALFORMED');
    const enveloped = seq(encOid('1.2.840.113549.1.7.3'), tlv(0xa0, seq()));
    expect(await refusal(verify(enveloped))).toBe('SIGNATURE_MALFORMED');
  });

  it('a changed signed attribute breaks the signature', async () => {
    const changed = rewriteSignerInfo(detached, (f) =>
      f.map((x) => {
        if (x[0] !== 0xa0) return x;
        const copy = x.slice();
        const at = copy.lastIndexOf(0x5a); // the 'Z' of signingTime
        copy[at - 1] = copy[at - 1] === 0x30 ? 0x31 : 0x30;
        return copy;
      }),
    );
    expect(await refusal(verify(changed))).toBe('SIGNATURE_INVALID');
  });

  it('a signer key meant for key agreement only', async () => {
    const agreement = await ca.issueCitizen({ keyUsage: ['keyAgreement'] });
    const cms = await signCadesBes({ signer: agreement, content: file, signingTime: SIGNED_AT });
    expect(await refusal(verify(cms))).toBe('CERTIFICATE_USAGE_NOT_ALLOWED');
  });

  it('a signingTime in the future of the partner’s clock, or no time at all', async () => {
    const clock = manualClock(SIGNED_AT - 3_600_000);
    expect(await refusal(verify(detached, { clock }))).toBe('SIGNATURE_TIME_INVALID');
    await expect(verify(detached, { clock, maxClockSkew: '2h' })).resolves.toBeDefined();
    const untimed = await signCadesBes({ signer: citizen, content: file, signingTime: undefined });
    expect(await refusal(verify(untimed))).toBe('SIGNATURE_TIME_INVALID');
    const result = await verify(untimed, { at: SIGNED_AT });
    expect([result.signedAt, result.checkedAt]).toEqual([undefined, SIGNED_AT]);
  });

  it('arguments: unknown options, both content and digest, neither for a detached signature, oversize', async () => {
    expect(await refusal(verify(detached, { contnet: file } as never))).toBe('INVALID_ARGUMENT');
    expect(
      await refusal(verify(detached, { digest: { algorithm: 'SHA-256', value: new Uint8Array(32) } })),
    ).toBe('INVALID_ARGUMENT');
    expect(await refusal(verifyEcdsaSignedData(detached, { trust }))).toBe('INVALID_ARGUMENT');
    expect(await refusal(verify(detached, { maxBytes: 100 }))).toBe('DER_LIMIT_EXCEEDED');
    expect(await refusal(verify(detached, { content: 'text' as never }))).toBe('INVALID_ARGUMENT');
    expect(
      await refusal(
        verifyEcdsaSignedData(detached, {
          trust,
          digest: { algorithm: 'SHA-1' as never, value: new Uint8Array(20) },
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(await refusal(verify(encOctets(new Uint8Array(4))))).toBe('SIGNATURE_MALFORMED');
  });
});

describe('the fault scenario the sandbox will play', () => {
  it('refuses each fault with its own code and accepts the good signature', async () => {
    const s = await createEcdsaScenario('scenario', NOW);
    const scenarioTrust = ecTrustStore([s.ca.certificate.der]);
    const sign = (signer: IssuedTestCertificate, content = file) =>
      signCadesBes({ signer, content, signingTime: SIGNED_AT });
    const check = async (cms: Uint8Array) =>
      verifyEcdsaSignedData(cms, { trust: scenarioTrust, content: file });
    await expect(check(await sign(s.citizen))).resolves.toBeDefined();
    const good = await sign(s.citizen);
    const codes = [
      await refusal(check(await sign(s.citizen, other))),
      await refusal(check(await sign(s.untrusted))),
      await refusal(check(await sign(s.expired))),
      await refusal(check(good.subarray(0, good.length - 10))),
    ];
    expect(codes).toEqual([
      'SIGNATURE_DIGEST_MISMATCH',
      'CERTIFICATE_CHAIN_INVALID',
      'CERTIFICATE_EXPIRED',
      'SIGNATURE_MALFORMED',
    ]);
  });
});
