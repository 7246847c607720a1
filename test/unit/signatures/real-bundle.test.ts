// The real Ukrainian CA list (the official SDK's test bundle, test/fixtures/diia-sdk-js): every ECDSA
// certificate in it is read by the strict parser, every other one is refused as another algorithm (none as
// malformed), and the real chains verify with WebCrypto — among them the Diia QTSP's ECDSA CA under the
// central certification authority, the chain a Diia ID `ECDSA` signer's certificate would hang from.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AcceptError } from '../../../src/errors.js';
import { certificatesOfBundle } from '../../../src/profiles/dstu/lib/certificate.js';
import { buildEcChain, ecIssuedBy, ecTrustStore } from '../../../src/signatures/chain.js';
import { type EcCertificate, parseEcCertificate } from '../../../src/signatures/x509.js';

const BUNDLE = fileURLToPath(
  new URL('../../fixtures/diia-sdk-js/certificates/CACertificates.Test.All.p7b', import.meta.url),
);

let ders: Uint8Array[];
let ec: EcCertificate[];
const bySerialNumber = (serial: string): EcCertificate => {
  const found = ec.find((c) => c.subject.serialNumber === serial && c.basicConstraints?.ca !== false);
  if (!found) throw new Error(`${serial} is not in the bundle`);
  return found;
};

beforeAll(() => {
  ders = certificatesOfBundle(new Uint8Array(readFileSync(BUNDLE)));
  ec = [];
  for (const der of ders) {
    try {
      ec.push(parseEcCertificate(der));
    } catch (error) {
      if (!(error instanceof AcceptError) || error.code !== 'CERTIFICATE_ALGORITHM_NOT_ALLOWED') throw error;
    }
  }
});

describe('the real CA bundle', () => {
  it('reads all 137 P-256 certificates and refuses the 607 others as not allowed, none as malformed', () => {
    expect(ders).toHaveLength(744);
    expect(ec).toHaveLength(137);
    expect(new Set(ec.map((c) => c.publicKey.curve))).toEqual(new Set(['P-256']));
    const store = ecTrustStore(ders);
    expect([store.anchors.length, store.skipped]).toEqual([137, 607]);
    // The same from the .p7b as a partner has it.
    const fromBundle = ecTrustStore([new Uint8Array(readFileSync(BUNDLE))]);
    expect([fromBundle.anchors.length, fromBundle.skipped]).toEqual([137, 607]);
  });

  it('every ECDSA certificate issued by an ECDSA certificate of the bundle carries a valid signature', async () => {
    let checked = 0;
    for (const cert of ec) {
      if (!(cert.signatureAlgorithm in { '1.2.840.10045.4.3.2': 1, '1.2.840.10045.4.3.3': 1 })) continue;
      for (const issuer of ec) {
        if (issuer === cert || !Buffer.from(issuer.subjectRaw).equals(Buffer.from(cert.issuerRaw))) continue;
        if (cert.authorityKeyId && issuer.subjectKeyId !== cert.authorityKeyId) continue;
        expect(await ecIssuedBy(cert, issuer), `${cert.subject.text} by ${issuer.subject.text}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('Diia QTSP ECDSA: CMP server → "DIIA". Qualified Trust Services Provider → central CA UA-43220851-256', async () => {
    const central = bySerialNumber('UA-43220851-256');
    const diia = bySerialNumber('UA-43395033-2311');
    const cmp = ec.find((c) => c.subject.serialNumber === 'UA-43395033-2315') as EcCertificate;
    expect(diia.subject.commonName).toBe('"DIIA". Qualified Trust Services Provider');
    expect(diia.subject.organizationIdentifier).toBe('NTRUA-43395033');
    expect(diia.basicConstraints?.ca).toBe(true);
    expect(diia.keyUsage?.keyCertSign).toBe(true);
    const trust = ecTrustStore([central.raw]);
    const at = Date.UTC(2025, 5, 1);
    const chain = await buildEcChain(cmp, { trust, at, intermediates: [diia] });
    expect(chain.map((c) => c.subject.serialNumber)).toEqual([
      'UA-43395033-2315',
      'UA-43395033-2311',
      'UA-43220851-256',
    ]);
    // Without the intermediate, under the other (2017) central CA, or after the CA's term: refused.
    await expect(buildEcChain(cmp, { trust, at })).rejects.toMatchObject({
      code: 'CERTIFICATE_CHAIN_INVALID',
    });
    const other = ecTrustStore([bySerialNumber('UA-00015622-256').raw]);
    await expect(buildEcChain(cmp, { trust: other, at, intermediates: [diia] })).rejects.toMatchObject({
      code: 'CERTIFICATE_CHAIN_INVALID',
    });
    await expect(
      buildEcChain(cmp, { trust, at: Date.UTC(2028, 0, 1), intermediates: [diia] }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_EXPIRED' });
  });

  it('refuses a certificate of the bundle signed with ecdsa-with-SHA512 when its signature is checked', async () => {
    const sha512 = ec.find((c) => c.signatureAlgorithm === '1.2.840.10045.4.3.4') as EcCertificate;
    expect(sha512).toBeDefined();
    await expect(ecIssuedBy(sha512, sha512)).rejects.toMatchObject({
      code: 'CERTIFICATE_ALGORITHM_NOT_ALLOWED',
    });
  });
});
