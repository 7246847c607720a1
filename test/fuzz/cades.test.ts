// Fuzzing the CAdES checks and the identity reader: a DSTU and an ECDSA signature of level X-Long
// (timestamp, references, values, read by the one unsigned-attribute reader) and a certificate with DRFO,
// EDRPOU and qcStatements, each with one element replaced by a generated or hostile one, or mutated at byte
// level. verifyCadesDstu, verifyEcdsaSignedData and signerIdentity must throw only AcceptError, in bounded
// time and memory.
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseAs } from '../../src/der.js';
import { encOctets, encOid, encUint, seq, tlv } from '../../src/der-write.js';
import { loadDstuKeys } from '../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../src/profiles/dstu/keys.js';
import { verifyCadesDstu } from '../../src/profiles/dstu/lib/cades.js';
import {
  attribute,
  type Signer,
  writeCadesSignature,
  writeTimestampToken,
} from '../../src/profiles/dstu/lib/cades-write.js';
import { parseCertificate } from '../../src/profiles/dstu/lib/certificate.js';
import { gost34311 } from '../../src/profiles/dstu/lib/gost34311.js';
import { webRandom } from '../../src/profiles/dstu/lib/seal.js';
import { caStore } from '../../src/profiles/dstu/lib/trust.js';
import { CADES_ATTRIBUTES } from '../../src/signatures/cades.js';
import { ecTrustStore } from '../../src/signatures/chain.js';
import { verifyEcdsaSignedData } from '../../src/signatures/cms.js';
import { signerIdentity } from '../../src/signatures/identity.js';
import { createEcTestCa, signCadesBes } from '../support/ecdsa-ca.js';
import { CERTS, DIIA, fixture } from '../unit/profiles/dstu/fixtures.js';
import { DRFO, directoryAttributes, EDRPOU, qcStatements, testCa } from '../unit/profiles/dstu/test-ca.js';
import { arbDerived } from './der-arbitraries.js';
import { fuzz, runs, summary } from './harness.js';

const diia = resolveKeys(await loadDstuKeys(DIIA));
const sign = keyFor(diia, 'digitalSignature');
if (!sign?.certificate) throw new Error('fixture');
const platform: Signer = { key: sign.key, certificate: sign.certificate };
const trust = caStore([fixture(CERTS.bundle)]);
const file = new TextEncoder().encode('fuzzed file');
const at = Date.parse('2024-03-01T10:00:00Z');
const caCert = trust.byKeyId.get(platform.certificate.authorityKeyId as string)?.[0]?.raw as Uint8Array;

const signature = writeCadesSignature(
  platform,
  {
    digest: gost34311(file, sign.key.params.sbox),
    signingTime: at,
    unsignedAttributes: (value) => [
      attribute(
        CADES_ATTRIBUTES.signatureTimestamp,
        writeTimestampToken(
          platform,
          { imprintAlgorithm: '1.2.804.2.1.1.1.1.2.1', imprint: gost34311(value), genTime: at, serial: 9n },
          webRandom,
        ),
      ),
      attribute(
        CADES_ATTRIBUTES.completeCertificateRefs,
        seq(seq(seq(seq(encOid('1.2.804.2.1.1.1.1.2.1')), encOctets(gost34311(caCert))))),
      ),
      attribute(CADES_ATTRIBUTES.completeRevocationRefs, seq(seq(tlv(0xa1, seq(seq()))))),
      attribute(CADES_ATTRIBUTES.certificateValues, seq(caCert)),
      attribute(CADES_ATTRIBUTES.revocationValues, seq(tlv(0xa1, seq(seq(encUint(0)))))),
    ],
  },
  webRandom,
);
const person = testCa(sign.key).issue({
  subject: [
    ['2.5.4.4', 'Шевченко'],
    ['2.5.4.42', 'Тарас Григорович'],
    ['2.5.4.5', 'TINUA-3456789012'],
    ['2.5.4.97', 'NTRUA-12345678'],
  ],
  extensions: [
    directoryAttributes([
      [DRFO, '3456789012'],
      [EDRPOU, '12345678'],
    ]),
    qcStatements([['0.4.0.1862.1.1'], ['0.4.0.1862.1.6', seq(encOid('0.4.0.1862.1.6.1'))]]),
  ],
}).certificate.raw;
const size = (b: Uint8Array) => b.length;

// The ECDSA side: a citizen of the sandbox's test CA, the same unsigned attributes over an ECDSA signature.
const ecCa = await createEcTestCa({ seed: 'fuzz-cades', now: at + 86_400_000 });
const ecCitizen = await ecCa.issueCitizen({ notBefore: at - 86_400_000 });
const ecTrust = ecTrustStore([ecCa.certificate.der]);
const ecDigest = sha256(file);
const ecSignature = await signCadesBes({
  signer: ecCitizen,
  digest: ecDigest,
  signingTime: at,
  unsignedAttributes: (value) => [
    attribute(
      CADES_ATTRIBUTES.signatureTimestamp,
      writeTimestampToken(
        platform,
        { imprintAlgorithm: '2.16.840.1.101.3.4.2.1', imprint: sha256(value), genTime: at, serial: 10n },
        webRandom,
      ),
    ),
    attribute(
      CADES_ATTRIBUTES.completeCertificateRefs,
      seq(seq(seq(seq(encOid('2.16.840.1.101.3.4.2.1')), encOctets(sha256(ecCa.certificate.der))))),
    ),
    attribute(CADES_ATTRIBUTES.completeRevocationRefs, seq(seq(tlv(0xa1, seq(seq()))))),
    attribute(CADES_ATTRIBUTES.certificateValues, seq(ecCa.certificate.der)),
    attribute(CADES_ATTRIBUTES.revocationValues, seq(tlv(0xa1, seq(seq(encUint(0)))))),
  ],
});

afterAll(() => {
  console.log(`fuzz (cades):\n${summary()}`);
});

describe('fuzz: the CAdES check and the identity reader throw only AcceptError, in bounded time and memory', {
  timeout: 600_000,
}, () => {
  it('verifyCadesDstu: an X-Long signature with elements replaced or mutated', async () => {
    await fuzz(
      'CAdES',
      arbDerived(signature),
      (bytes) => verifyCadesDstu(bytes, { content: file }, { trust }),
      {
        runs: runs(60),
        sizeOf: size,
      },
    );
  });

  it('verifyEcdsaSignedData: an X-Long ECDSA signature with elements replaced or mutated', async () => {
    const base = await verifyEcdsaSignedData(ecSignature, {
      trust: ecTrust,
      digest: { algorithm: 'SHA-256', value: ecDigest },
    });
    if (base.cades.level !== 'X-Long') throw new Error(`the base signature reads as ${base.cades.level}`);
    await fuzz(
      'CAdES (ECDSA)',
      arbDerived(ecSignature),
      (bytes) =>
        verifyEcdsaSignedData(bytes, { trust: ecTrust, digest: { algorithm: 'SHA-256', value: ecDigest } }),
      { runs: runs(60), sizeOf: size },
    );
  });

  it('signerIdentity: a certificate with DRFO, EDRPOU and qcStatements, replaced or mutated', async () => {
    await fuzz(
      'signerIdentity',
      fc.oneof(arbDerived(person), arbDerived(fixture(CERTS.userSign))),
      (bytes) => parseAs('CERTIFICATE_MALFORMED', () => signerIdentity(parseCertificate(bytes))),
      { runs: runs(150), sizeOf: size },
    );
  });
});
