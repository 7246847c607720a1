// diiaIdVerifier: one verifier for both of the holder's algorithms. Signatures are made here by test CAs of
// our own (DSTU 4145 on the domain of the platform's test key; ECDSA P-256), with fictional citizens, and
// every refusal is an attack a signature could carry: another file's digest, an untrusted CA, an expired
// certificate dated back, a truncated signature, a timestamp of something else.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encOctets, encOid, seq, setOf, tlv } from '../../../src/der-write.js';
import type { DiiaIdVerifyContext } from '../../../src/diia-id/types.js';
import { diiaIdVerifier } from '../../../src/diia-id/verify.js';
import { loadDstuKeys } from '../../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../../src/profiles/dstu/keys.js';
import {
  type Signer,
  writeCadesSignature,
  writeTimestampToken,
} from '../../../src/profiles/dstu/lib/cades-write.js';
import { gost34311 } from '../../../src/profiles/dstu/lib/gost34311.js';
import { webRandom } from '../../../src/profiles/dstu/lib/seal.js';
import { codeOf } from '../../support/codes.js';
import { createEcdsaScenario, rewriteSignerInfo, signatureOf, signCadesBes } from '../../support/ecdsa-ca.js';
import { DIIA } from '../profiles/dstu/fixtures.js';
import { citizenExtensions, citizenSubject, testCa } from '../profiles/dstu/test-ca.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-06-01T09:00:00Z');
const platform = resolveKeys(await loadDstuKeys(DIIA));
const like = keyFor(platform, 'digitalSignature');
if (!like?.certificate) throw new Error('fixture');
const tsa: Signer = { key: like.key, certificate: like.certificate };

const dstuCa = testCa(like.key, 'Тестовий ЦСК (пісочниця)');
const strangerCa = testCa(like.key, 'Чужий ЦСК');
const ISSUED = Date.parse('2026-01-01T00:00:00Z');
const dstuCitizen = dstuCa.issue({
  subject: citizenSubject,
  extensions: citizenExtensions,
  notBefore: ISSUED,
});
const dstuStranger = strangerCa.issue({
  subject: citizenSubject,
  extensions: citizenExtensions,
  notBefore: ISSUED,
});
const dstuExpired = dstuCa.issue({
  subject: citizenSubject,
  extensions: citizenExtensions,
  notBefore: Date.parse('2024-01-01T00:00:00Z'),
  notAfter: Date.parse('2025-01-01T00:00:00Z'),
});

const ecdsa = await createEcdsaScenario('verify.test', NOW);

const verify = diiaIdVerifier({
  caCertificates: [dstuCa.certificate.raw, ecdsa.ca.certificate.der],
  clock: { now: () => NOW },
});

const file = new TextEncoder().encode('%PDF-1.7 заява про видачу довідки\n');
const other = new TextEncoder().encode('%PDF-1.7 інша заява\n');
const gost = gost34311(file);
const sha = sha256(file);

const dstuContext = (
  digest: Uint8Array = gost,
  extra: Partial<DiiaIdVerifyContext> = {},
): DiiaIdVerifyContext => ({
  digest,
  digestAlgorithm: 'gost34311',
  signAlgo: 'DSTU',
  at: NOW,
  requestedAt: NOW - 2 * MINUTE,
  ...extra,
});
const ecdsaContext = (
  digest: Uint8Array = sha,
  extra: Partial<DiiaIdVerifyContext> = {},
): DiiaIdVerifyContext => ({
  digest,
  digestAlgorithm: 'sha256',
  signAlgo: 'ECDSA',
  at: NOW,
  requestedAt: NOW - 2 * MINUTE,
  ...extra,
});

const dstuSign = (signer: Signer = dstuCitizen, signingTime = NOW - MINUTE, digest = gost) =>
  writeCadesSignature(signer, { digest, signingTime }, webRandom);

/** A signature-timestamp unsigned attribute over `signatureValue`, with the imprint `hash` names. */
const timestampAttribute = (signatureValue: Uint8Array, genTime: number, hash: 'gost' | 'sha256') => {
  const [imprintAlgorithm, imprint] =
    hash === 'gost'
      ? ['1.2.804.2.1.1.1.1.2.1', gost34311(signatureValue)]
      : ['2.16.840.1.101.3.4.2.1', sha256(signatureValue)];
  const token = writeTimestampToken(tsa, { imprintAlgorithm, imprint, genTime, serial: 9n }, webRandom);
  return seq(encOid('1.2.840.113549.1.9.16.2.14'), setOf(token));
};

describe('diiaIdVerifier: DSTU', () => {
  it('verifies a CAdES-BES over the file hash and names the signer', async () => {
    const result = await verify(dstuSign(), dstuContext());
    expect(result).toMatchObject({
      algorithm: 'DSTU',
      level: 'BES',
      signedAt: NOW - MINUTE,
      checkedAt: NOW - MINUTE,
      notVerified: ['revocation', 'timestamp-authority-signature'],
    });
    expect(result.signer).toMatchObject({ fullName: 'Ковальчук Олена Петрівна', taxId: '3012345670' });
    expect(result.signer.identity?.taxId).toMatchObject({ source: 'drfo-attribute', checkDigitValid: true });
    expect(result.certificate).toEqual(dstuCitizen.certificate.raw);
    expect(result.chain).toEqual([dstuCitizen.certificate.raw, dstuCa.certificate.raw]);
    expect(result.checks).toEqual([
      'algorithm',
      'message-digest',
      'signature',
      'signing-certificate',
      'signing-time',
      'chain',
    ]);
  });

  it('reads a CAdES-T and checks its timestamp stamps this signature', async () => {
    const made = writeCadesSignature(
      dstuCitizen,
      {
        digest: gost,
        signingTime: NOW - MINUTE,
        unsignedAttributes: (value) => [timestampAttribute(value, NOW - 30_000, 'gost')],
      },
      webRandom,
    );
    const result = await verify(made, dstuContext());
    expect(result.level).toBe('T');
    expect(result.checks).toContain('signature-timestamp-imprint');
    expect(result.timestamps).toEqual([{ genTime: NOW - 30_000, imprintMatches: true }]);
  });

  it('refuses each attack with its own code', async () => {
    expect(await codeOf(verify(dstuSign(), dstuContext(gost34311(other))))).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(await codeOf(verify(dstuSign(dstuStranger), dstuContext()))).toBe('CERTIFICATE_CHAIN_INVALID');
    // Signed when the certificate had expired …
    expect(await codeOf(verify(dstuSign(dstuExpired), dstuContext()))).toBe('CERTIFICATE_EXPIRED');
    // … and dated back into its validity: the request did not exist then.
    const backdated = dstuSign(dstuExpired, Date.parse('2024-06-01T00:00:00Z'));
    expect(await codeOf(verify(backdated, dstuContext()))).toBe('SIGNATURE_TIME_INVALID');
    expect(await codeOf(verify(dstuSign(dstuCitizen, NOW + 10 * MINUTE), dstuContext()))).toBe(
      'SIGNATURE_TIME_INVALID',
    );
    const whole = dstuSign();
    expect(await codeOf(verify(whole.subarray(0, whole.length - 40), dstuContext()))).toBe(
      'SIGNATURE_MALFORMED',
    );
    // A SHA-384 digest cannot be what a DSTU signature covers.
    expect(await codeOf(verify(whole, dstuContext(new Uint8Array(48))))).toBe('SIGNATURE_DIGEST_MISMATCH');
    // An ECDSA signature where DSTU was asked for.
    const ec = await signCadesBes({ signer: ecdsa.citizen, digest: sha, signingTime: NOW - MINUTE });
    expect(await codeOf(verify(ec, dstuContext(sha)))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
  });
});

describe('diiaIdVerifier: ECDSA', () => {
  it('verifies a CAdES-BES over the SHA-256 file hash and names the signer', async () => {
    const signature = await signCadesBes({ signer: ecdsa.citizen, digest: sha, signingTime: NOW - MINUTE });
    const result = await verify(signature, ecdsaContext());
    expect(result).toMatchObject({ algorithm: 'ECDSA', level: 'BES', signedAt: NOW - MINUTE });
    expect(result.signer.fullName).toBe(ecdsa.citizen.citizen?.fullName);
    expect(result.signer.taxId).toBe(ecdsa.citizen.citizen?.taxId);
    expect(result.chain).toEqual([ecdsa.citizen.der, ecdsa.ca.certificate.der]);
  });

  it('reads a CAdES-T and refuses a timestamp of another signature', async () => {
    const signature = await signCadesBes({ signer: ecdsa.citizen, digest: sha, signingTime: NOW - MINUTE });
    const stampOver = (value: Uint8Array) =>
      rewriteSignerInfo(signature, (fields): Uint8Array[] => [
        ...fields,
        tlv(0xa1, timestampAttribute(value, NOW - 30_000, 'sha256')),
      ]);
    const stamped = await verify(stampOver(signatureOf(signature)), ecdsaContext());
    expect(stamped.level).toBe('T');
    expect(stamped.timestamps).toEqual([{ genTime: NOW - 30_000, imprintMatches: true }]);
    expect(await codeOf(verify(stampOver(encOctets(file)), ecdsaContext()))).toBe(
      'SIGNATURE_TIMESTAMP_MISMATCH',
    );
  });

  it('refuses each attack with its own code', async () => {
    const sign = (signer = ecdsa.citizen, signingTime = NOW - MINUTE, digest: Uint8Array = sha) =>
      signCadesBes({ signer, digest, signingTime });
    expect(await codeOf(verify(await sign(), ecdsaContext(sha256(other))))).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(await codeOf(verify(await sign(ecdsa.untrusted), ecdsaContext()))).toBe(
      'CERTIFICATE_CHAIN_INVALID',
    );
    expect(await codeOf(verify(await sign(ecdsa.expired), ecdsaContext()))).toBe('CERTIFICATE_EXPIRED');
    const backdated = await sign(ecdsa.expired, NOW - 100 * 86_400_000);
    expect(await codeOf(verify(backdated, ecdsaContext()))).toBe('SIGNATURE_TIME_INVALID');
    const whole = await sign();
    expect(await codeOf(verify(whole.slice(0, whole.length - 10), ecdsaContext()))).toBe(
      'SIGNATURE_MALFORMED',
    );
    // The digest sent is what must be signed, whatever made it: a GOST 34.311 digest (a 'java-py' login)
    // signed by ECDSA is verified, and the SHA-256 of the same file is then another digest.
    const overGost = await sign(ecdsa.citizen, NOW - MINUTE, gost);
    const gostContext = ecdsaContext(gost, { digestAlgorithm: 'gost34311' });
    expect((await verify(overGost, gostContext)).signer.taxId).toBe(ecdsa.citizen.citizen?.taxId);
    expect(await codeOf(verify(whole, gostContext))).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(await codeOf(verify(whole, ecdsaContext(new Uint8Array(20))))).toBe('SIGNATURE_DIGEST_MISMATCH');
    // A DSTU signature where ECDSA was asked for.
    expect(await codeOf(verify(dstuSign(), ecdsaContext(gost)))).toBe('SIGNATURE_ALGORITHM_NOT_ALLOWED');
  });
});

describe('diiaIdVerifier: set-up', () => {
  it('refuses unknown options, no CA and a CA that is neither kind', async () => {
    const call = (options: unknown) => codeOf((async () => diiaIdVerifier(options as never))());
    expect(await call({ caCertificates: [dstuCa.certificate.raw], trust: [] })).toBe('INVALID_ARGUMENT');
    expect(await call({ caCertificates: [] })).toBe('INVALID_ARGUMENT');
    expect(await call({ caCertificates: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])] })).toBe(
      'CERTIFICATE_MALFORMED',
    );
    expect(await call({ caCertificates: [dstuCa.certificate.raw], maxClockSkew: '2h' })).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('trusts only the algorithm each CA is for: an ECDSA-only bundle refuses a DSTU signer', async () => {
    const ecOnly = diiaIdVerifier({ caCertificates: [ecdsa.ca.certificate.der], clock: { now: () => NOW } });
    expect(await codeOf(ecOnly(dstuSign(), dstuContext()))).toBe('CERTIFICATE_CHAIN_INVALID');
  });
});
