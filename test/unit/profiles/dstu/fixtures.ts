import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../../../src/clock.js';
import { dstuOpener, dstuSealer, loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import type { Sealer } from '../../../../src/profiles/port.js';
import { encodeMultipart } from '../../../../src/share/multipart-encoder.js';
import type { ShareRecord } from '../../../../src/share/store.js';
import { TRACE_ID_HEADER } from '../../../../src/share/webhook.js';

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

/** A barcode-flow share for one ID card, awaiting consent from `createdAt` (as the webhook tests store it). */
export function barcodeShare(id: string, createdAt: number, barcode = '2858364170864'): ShareRecord {
  return {
    id,
    flow: 'barcode',
    branchId: 'branch-1',
    documentTypes: ['internal-passport'],
    barcode,
    state: 'awaiting-consent',
    createdAt,
    expiresAt: createdAt + 180_000,
    updatedAt: createdAt,
  };
}

/**
 * The platform's barcode-flow POST for `record`: `sealedFile` as the `encryptedFile` part (already sealed, or
 * hostile bytes), its name, and the metadata sealed with `sealer` as `encodeData`, under the trace-id header.
 */
export async function barcodeDeliveryRequest(
  sealer: Sealer,
  record: ShareRecord,
  sealedFile: Uint8Array,
): Promise<Request> {
  const meta = JSON.stringify({
    requestId: record.id,
    barcode: record.barcode,
    documentTypes: ['internal-passport'],
    data: { 'internal-passport': {} },
  });
  const name = `internal-passport-${record.barcode}-01.03.2024-10_00_30.pdf.p7s.p7e`;
  const { body, contentType } = encodeMultipart([
    { name: 'encryptedFile', filename: name, contentType: 'application/octet-stream', value: sealedFile },
    { name: 'encryptedFileName', value: name },
    { name: 'encodeData', value: await sealer.seal(new TextEncoder().encode(meta)) },
  ]);
  return new Request('http://partner.test/diia/webhook', {
    method: 'POST',
    headers: { 'content-type': contentType, [TRACE_ID_HEADER]: record.id },
    body,
  });
}
