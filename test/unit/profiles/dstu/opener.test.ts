import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../../src/clock.js';
import { isAcceptError } from '../../../../src/errors.js';
import { dstuOpener, dstuSealer, loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { webRandom, writeEnvelopedData, writeSignedData } from '../../../../src/profiles/dstu/lib/seal.js';
import { encodeSealed } from '../../../../src/profiles/dstu/sealed-text.js';
import type { Opener } from '../../../../src/profiles/port.js';
import { codeOf } from '../../../support/codes.js';
import { CERTS, DIIA, fixture, KEY6, SAMPLES, sampleDer, TIMES } from './fixtures.js';

const bundle = fixture(CERTS.bundle);
const partnerCerts = [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)];
const platformCerts = [fixture(CERTS.diiaSign), fixture(CERTS.diiaAgree)];

// PBKDF2 makes opening a container take seconds: open each once and share it.
const key6 = await loadDstuKeys(KEY6);
const diiaKeys = await loadDstuKeys(DIIA);

// The samples are signed by the partner's own test key; these openers trust it as "the platform".
const samplesOpener = dstuOpener({
  keys: key6,
  trust: { caBundle: bundle, platformCertificates: partnerCerts },
  clock: manualClock(TIMES.partnerCertsValid),
});
const atSigningTime = dstuOpener({
  keys: key6,
  trust: { caBundle: bundle, platformCertificates: partnerCerts },
  clock: manualClock(TIMES.allExpired),
  validity: 'signing-time',
});
// What a partner runs: its own key, the platform's certificates.
const partnerClock = manualClock(TIMES.platformCertsValid);
const theOpener = dstuOpener({
  keys: key6,
  trust: { caBundle: bundle, platformCertificates: platformCerts },
  clock: partnerClock,
});
const partnerOpener = (time: string = TIMES.platformCertsValid): Opener => {
  partnerClock.set(time);
  return theOpener;
};
const sealer = dstuSealer({
  keys: diiaKeys,
  recipients: [fixture(CERTS.partnerAgree)],
  clock: manualClock(TIMES.platformCertsValid),
});

describe('dstuOpener on the platform samples', { timeout: 120_000 }, () => {
  it('opens encodedData.json.p7s.p7e to the shipped plaintext, signer and chain identified', async () => {
    const file = await samplesOpener.open(fixture(SAMPLES.json), { fileName: 'encodedData.json.p7s.p7e' });
    expect(file.content).toEqual(fixture(SAMPLES.jsonPlain));
    expect(file.sha256).toBe(bytesToHex(sha256(fixture(SAMPLES.jsonPlain))));
    expect(file.signer.serialNumber).toBe('5b63d88375d9201804000000e0ba0500fa8f0e00');
    expect(file.signer.subject).toContain('CN=Тестовий Користувач 1');
    expect(file.signer.issuer).toContain('CN=Тестовий ЦСК АТ "ІІТ"');
    expect(file.signer.keyId).toBe(parseCertificate(fixture(CERTS.partnerSign)).subjectKeyId);
    expect(new Date(file.signedAt ?? 0).toISOString()).toBe('2024-10-24T10:22:56.000Z');
    expect(file.checks).toEqual([
      'decrypted',
      'digest-matches',
      'signature-valid',
      'signer-trusted',
      'certificate-chain-valid',
      'certificate-valid-now',
    ]);
  });

  it('opens the 190 KB PDF sample byte-identical to the shipped PDF', async () => {
    const file = await samplesOpener.open(fixture(SAMPLES.pdf));
    expect(file.content).toEqual(fixture(SAMPLES.pdfPlain));
    expect(file.content.length).toBe(139_796);
  });

  it('accepts raw DER as well as the base64 text', async () => {
    const file = await samplesOpener.open(sampleDer(SAMPLES.json));
    expect(file.content).toEqual(fixture(SAMPLES.jsonPlain));
  });

  it('opens the EnvelopedData sample (no originatorInfo) with DiiaTest.pfx to 123456, DRFO read', async () => {
    // The sender's certificates are given as the trusted signer; its key-agreement certificate names the
    // originator, which the envelope does not carry.
    const opener = dstuOpener({
      keys: diiaKeys,
      trust: { caBundle: bundle, platformCertificates: [fixture(CERTS.userSign), fixture(CERTS.userAgree)] },
      clock: manualClock(TIMES.allExpired),
      validity: 'signing-time',
    });
    const file = await opener.open(fixture(SAMPLES.enveloped));
    expect(new TextDecoder().decode(file.content)).toBe('123456');
    expect(file.signer.drfo).toMatch(/^\d{10}$/);
    expect(file.checks).toContain('certificate-chain-valid');
  });

  it('expired certificates: CERTIFICATE_EXPIRED now, valid at the signing time when asked', async () => {
    const expiredNow = dstuOpener({
      keys: key6,
      trust: { caBundle: bundle, platformCertificates: partnerCerts },
      clock: manualClock(TIMES.allExpired),
    });
    expect(await codeOf(expiredNow.open(fixture(SAMPLES.json)))).toBe('CERTIFICATE_EXPIRED');
    const file = await atSigningTime.open(fixture(SAMPLES.json));
    expect(file.checks).toContain('certificate-valid-at-signing-time');
    expect(file.checks).not.toContain('certificate-valid-now');
  });

  it('a signer that is not a platform certificate is SIGNATURE_SIGNER_UNTRUSTED', async () => {
    expect(await codeOf(partnerOpener(TIMES.partnerCertsValid).open(fixture(SAMPLES.json)))).toBe(
      'SIGNATURE_SIGNER_UNTRUSTED',
    );
  });

  it('a CA bundle without the issuer is CERTIFICATE_CHAIN_INVALID', async () => {
    const noIssuer = dstuOpener({
      keys: key6,
      trust: { caBundle: [fixture(CERTS.diiaSign)], platformCertificates: partnerCerts },
      clock: manualClock(TIMES.partnerCertsValid),
    });
    expect(await codeOf(noIssuer.open(fixture(SAMPLES.json)))).toBe('CERTIFICATE_CHAIN_INVALID');
  });

  it("another partner's key is ENVELOPE_WRONG_RECIPIENT", async () => {
    const other = dstuOpener({
      keys: diiaKeys,
      trust: { caBundle: bundle, platformCertificates: partnerCerts },
      clock: manualClock(TIMES.partnerCertsValid),
    });
    expect(await codeOf(other.open(fixture(SAMPLES.json)))).toBe('ENVELOPE_WRONG_RECIPIENT');
  });

  it('a wrong container password is KEY_CONTAINER_PASSWORD', async () => {
    const wrong = dstuOpener({
      keys: { ...KEY6, password: 'not-the-password' },
      trust: { caBundle: bundle, platformCertificates: partnerCerts },
    });
    expect(await codeOf(wrong.open(fixture(SAMPLES.json)))).toBe('KEY_CONTAINER_PASSWORD');
    // Remembered, not recomputed: the next delivery gets the very same error without another PBKDF2.
    const first = await wrong.open(fixture(SAMPLES.json)).catch((e: unknown) => e);
    const second = await wrong.open(fixture(SAMPLES.pdf)).catch((e: unknown) => e);
    expect(second).toBe(first);
  });
});

describe('dstuSealer and tampering', { timeout: 120_000 }, () => {
  const diia = resolveKeys(diiaKeys);

  const signer = keyFor(diia, 'digitalSignature');
  const originator = keyFor(diia, 'keyAgreement');
  if (!signer?.certificate || !originator?.certificate) throw new Error('fixture');
  const sign = { key: signer.key, certificate: signer.certificate };
  const agree = { key: originator.key, certificate: originator.certificate };
  const partner = parseCertificate(fixture(CERTS.partnerAgree));
  const content = new TextEncoder().encode('{"requestId":"r-1","barcode":"2858364170864"}');

  it('seal then open: the platform test key to the partner test key', async () => {
    const sealed = await sealer.seal(content, { signedAt: Date.parse('2024-01-01T00:00:00Z') });
    expect(sealed[0]).not.toBe(0x30); // base64 text, as the platform sends
    const file = await partnerOpener().open(sealed);
    expect(file.content).toEqual(content);
    expect(file.signer.edrpou).toBe('43395033');
    expect(file.signedAt).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('one flipped bit in the signed content is SIGNATURE_DIGEST_MISMATCH', async () => {
    const signed = writeSignedData(content, sign, Date.parse('2024-01-01T00:00:00Z'), webRandom);
    const at = Buffer.from(signed).indexOf(Buffer.from('2858364170864'));
    signed[at] = (signed[at] as number) ^ 1;
    const sealed = encodeSealed(writeEnvelopedData(signed, agree, [partner], webRandom));
    expect(await codeOf(partnerOpener().open(sealed))).toBe('SIGNATURE_DIGEST_MISMATCH');
  });

  it('a signature by the platform key-agreement certificate is SIGNATURE_SIGNER_UNTRUSTED', async () => {
    const signed = writeSignedData(content, agree, Date.parse('2024-01-01T00:00:00Z'), webRandom);
    const sealed = encodeSealed(writeEnvelopedData(signed, agree, [partner], webRandom));
    expect(await codeOf(partnerOpener().open(sealed))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });

  it('a signingCertificateV2 that names another certificate is SIGNATURE_SIGNER_UNTRUSTED', async () => {
    const at = Date.parse('2024-01-01T00:00:00Z');
    const other = fixture(CERTS.diiaAgree);
    const sealed = encodeSealed(
      writeEnvelopedData(writeSignedData(content, sign, at, webRandom, other), agree, [partner], webRandom),
    );
    expect(await codeOf(partnerOpener().open(sealed))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });

  it('one flipped bit in the ciphertext is ENVELOPE_DECRYPT_FAILED', async () => {
    const der = writeEnvelopedData(
      writeSignedData(content, sign, Date.now(), webRandom),
      agree,
      [partner],
      webRandom,
    );
    // The encrypted content is the last element; flipping its first byte garbles the SignedData header.
    const start = der.length - findEncryptedLength(der);
    der[start] = (der[start] as number) ^ 0x04;
    expect(await codeOf(partnerOpener().open(der))).toBe('ENVELOPE_DECRYPT_FAILED');
  });

  it('truncated, random and mutated input never throws anything but AcceptError', async () => {
    const opener = partnerOpener();
    const sample = sampleDer(SAMPLES.json);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          await opener.open(bytes);
        } catch (e) {
          expect(isAcceptError(e)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sample.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        async (i, bit) => {
          const cut = sample.subarray(0, i);
          const flipped = sample.slice();
          flipped[i] = (flipped[i] as number) ^ (1 << bit);
          for (const input of [cut, flipped]) {
            try {
              await opener.open(input);
            } catch (e) {
              expect(isAcceptError(e)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects bad options with INVALID_ARGUMENT', () => {
    const bad = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isAcceptError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(bad(() => dstuOpener({ keys: KEY6, trust: { caBundle: bundle, platformCertificates: [] } }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      bad(() =>
        dstuOpener({
          keys: KEY6,
          trust: { caBundle: bundle, platformCertificates: platformCerts },
          validity: 'sometime' as never,
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(bad(() => dstuSealer({ keys: DIIA, recipients: [] }))).toBe('INVALID_ARGUMENT');
  });
});

/** Length of the last element's value: the [0] IMPLICIT encrypted content. */
function findEncryptedLength(der: Uint8Array): number {
  for (let i = der.length - 4; i > 0; i--) {
    if (der[i] !== 0x80) continue;
    const first = der[i + 1] as number;
    const n = first < 0x80 ? 1 : first & 0x7f;
    let len = 0;
    if (first < 0x80) len = first;
    else for (let j = 0; j < n; j++) len = len * 256 + (der[i + 2 + j] as number);
    const header = first < 0x80 ? 2 : 2 + n;
    if (i + header + len === der.length) return len;
  }
  throw new Error('no encrypted content');
}
