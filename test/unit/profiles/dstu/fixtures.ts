import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../../../src/clock.js';
import { dstuOpener, dstuSealer, loadDstuKeys } from '../../../../src/profiles/dstu/index.js';

const root = fileURLToPath(new URL('../../../fixtures/diia-sdk-js/', import.meta.url));

/** Reads a fixture file as bytes. */
export const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(root + path));

/** Hex to bytes. */
export const unhex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);

/** Bytes to hex. */
export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** The DER inside a base64 sample. */
export const sampleDer = (path: string): Uint8Array =>
  new Uint8Array(Buffer.from(new TextDecoder().decode(fixture(path)), 'base64'));

/** Test times: the samples were signed 2024-10-24 and their certificates expired 2025-08-29. */
export const TIMES = {
  partnerCertsValid: '2025-01-01T00:00:00Z',
  platformCertsValid: '2024-01-01T00:00:00Z',
  allExpired: '2026-11-30T00:00:00Z',
} as const;

export const SAMPLES = {
  json: 'samples/encodedData.json.p7s.p7e',
  pdf: 'samples/internal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e',
  jsonPlain: 'samples/encodedData.json',
  pdfPlain: 'samples/internal-passport-2858364170864-02.04.2021-09_48_26.pdf',
  enveloped: 'samples/EnvelopedData',
} as const;

export const CERTS = {
  bundle: 'certificates/CACertificates.Test.All.p7b',
  partnerSign: 'certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer',
  partnerAgree: 'certificates/EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer',
  diiaSign: 'certificates/DiiaKey1.cer',
  diiaAgree: 'certificates/DiiaKey2.cer',
  userSign: 'certificates/user_cert.crt',
  userAgree: 'certificates/user_cert_enc.crt',
} as const;

export const KEY6 = { container: fixture('keys/Key-6.dat'), password: '12345677' };
export const DIIA = { container: fixture('keys/DiiaTest.pfx'), password: 'Test' };

/**
 * The official test data as the two ends of a delivery: the platform's sealer (DiiaTest.pfx, sealing to the
 * partner's key-agreement certificate) and the partner's opener (Key-6.dat, trusting the CA bundle and the
 * platform's two certificates), both on `clock`.
 */
export async function officialSealerAndOpener(clock: Clock) {
  const sealer = dstuSealer({
    keys: await loadDstuKeys(DIIA),
    recipients: [fixture(CERTS.partnerAgree)],
    clock,
  });
  const opener = dstuOpener({
    keys: await loadDstuKeys(KEY6),
    trust: {
      caBundle: fixture(CERTS.bundle),
      platformCertificates: [fixture(CERTS.diiaSign), fixture(CERTS.diiaAgree)],
    },
    clock,
  });
  return { sealer, opener };
}
