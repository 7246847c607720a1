// Whose certificate the opener accepts: the signer must be a platform certificate itself (not another one
// with its key identifier), and a certificate carried in the envelope's originatorInfo cannot stand in for
// the platform's key-agreement certificate.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../../src/clock.js';
import { children, type Der, readDer, TAG } from '../../../../src/der.js';
import { seq } from '../../../../src/der-write.js';
import { dstuOpener, loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { webRandom, writeEnvelopedData, writeSignedData } from '../../../../src/profiles/dstu/lib/seal.js';
import { codeOf } from '../../../support/codes.js';
import { hugeSerialCertificate, withOriginatorCertificates } from '../../../support/hostile-der.js';
import { CERTS, DIIA, fixture, KEY6, TIMES } from './fixtures.js';

const diia = resolveKeys(await loadDstuKeys(DIIA));
const signer = keyFor(diia, 'digitalSignature');
const originator = keyFor(diia, 'keyAgreement');
if (!signer?.certificate || !originator?.certificate) throw new Error('fixture');
const partner = parseCertificate(fixture(CERTS.partnerAgree));
const opener = dstuOpener({
  keys: await loadDstuKeys(KEY6),
  trust: {
    caBundle: fixture(CERTS.bundle),
    platformCertificates: [fixture(CERTS.diiaSign), fixture(CERTS.diiaAgree)],
  },
  clock: manualClock(TIMES.platformCertsValid),
});
const at = Date.parse('2024-01-01T00:00:00Z');
const content = new TextEncoder().encode('{"requestId":"r-1","barcode":"2858364170864"}');
const agree = { key: originator.key, certificate: originator.certificate };

/** `certificate` with some of its tbsCertificate fields (by index after the version) taken from `donor`. */
function graft(certificate: Uint8Array, donor: Uint8Array, fields: readonly number[]): Uint8Array {
  const tbsOf = (der: Uint8Array) => {
    const [tbs, alg, sig] = children(readDer(der), TAG.SEQUENCE) as [Der, Der, Der];
    const items = children(tbs, TAG.SEQUENCE);
    return { items, at: items[0]?.tag === 0xa0 ? 1 : 0, alg, sig };
  };
  const base = tbsOf(certificate);
  const from = tbsOf(donor);
  const items = base.items.map((item, i) =>
    fields.includes(i - base.at) ? (from.items[i - base.at + from.at] as Der).raw : item.raw,
  );
  return seq(seq(...items), base.alg.raw, base.sig.raw);
}

describe('the dstu opener: whose certificates count', { timeout: 120_000 }, () => {
  it('the platform signing certificate itself opens (control)', async () => {
    const signed = writeSignedData(
      content,
      { key: signer.key, certificate: signer.certificate! },
      at,
      webRandom,
    );
    const file = await opener.open(writeEnvelopedData(signed, agree, [partner], webRandom));
    expect(file.content).toEqual(content);
  });

  it('a signer certificate that only shares the platform key identifier is SIGNATURE_SIGNER_UNTRUSTED', async () => {
    // The same key and key identifier as the platform's signing certificate, another serial number: a
    // different certificate. The signature itself is valid (the key is the platform's).
    const lookalike = parseCertificate(hugeSerialCertificate(signer.certificate!.raw, 20));
    expect(lookalike.subjectKeyId).toBe(signer.certificate!.subjectKeyId);
    const signed = writeSignedData(content, { key: signer.key, certificate: lookalike }, at, webRandom);
    const sealed = writeEnvelopedData(signed, agree, [partner], webRandom);
    expect(await codeOf(opener.open(sealed))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });

  it('a look-alike originator certificate in originatorInfo does not replace the platform one', async () => {
    // Named like the platform's key-agreement certificate (issuer and serial), with another key: were it
    // used, the key agreement would give another key and the envelope would not decrypt.
    const lookalike = graft(fixture(CERTS.partnerAgree), originator.certificate!.raw, [0, 2]);
    expect(parseCertificate(lookalike).serial).toBe(originator.certificate!.serial);
    const signed = writeSignedData(
      content,
      { key: signer.key, certificate: signer.certificate! },
      at,
      webRandom,
    );
    const sealed = withOriginatorCertificates(
      writeEnvelopedData(signed, agree, [partner], webRandom, false),
      [lookalike],
    );
    const file = await opener.open(sealed);
    expect(file.content).toEqual(content);
  });

  it('an originator certificate the opener does not know is used for decryption only: the signer still decides', async () => {
    // Anyone can seal to the partner's public key: here the partner's own signing key signs and its own
    // key-agreement key seals, with the certificate carried in originatorInfo. It decrypts, and is refused
    // because the signer is not the platform.
    const key6 = resolveKeys(await loadDstuKeys(KEY6));
    const s = keyFor(key6, 'digitalSignature');
    const a = keyFor(key6, 'keyAgreement');
    if (!s?.certificate || !a?.certificate) throw new Error('fixture');
    const signed = writeSignedData(content, { key: s.key, certificate: s.certificate }, at, webRandom);
    const sealed = writeEnvelopedData(
      signed,
      { key: a.key, certificate: a.certificate },
      [partner],
      webRandom,
    );
    expect(await codeOf(opener.open(sealed))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
  });
});
