import { describe, expect, it } from 'vitest';
import { children, readDer } from '../../../../src/der.js';
import { encOid, seq, tlv } from '../../../../src/der-write.js';
import { keyFor, loadKeys } from '../../../../src/profiles/dstu/keys.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { openKeyContainer } from '../../../../src/profiles/dstu/lib/container.js';
import { openEnvelope } from '../../../../src/profiles/dstu/lib/enveloped.js';
import { unwrapKey, wrapKey } from '../../../../src/profiles/dstu/lib/keywrap.js';
import { webRandom, writeEnvelopedData, writeSignedData } from '../../../../src/profiles/dstu/lib/seal.js';
import { verifySignedData } from '../../../../src/profiles/dstu/lib/signed.js';
import { codeOfCall } from '../../../support/codes.js';
import { CERTS, DIIA, fixture, KEY6, SAMPLES, sampleDer } from './fixtures.js';

const cert = (path: string) => parseCertificate(fixture(path));

// Opening a container runs PBKDF2 (10 000 rounds of HMAC-GOST34311) per bag: load each once.
const key6 = loadKeys([KEY6]);
const diia = loadKeys([DIIA]);

describe('PKCS#12 key containers', () => {
  it('opens Key-6.dat and DiiaTest.pfx: two keys each, each paired with its certificate', () => {
    expect(key6).toHaveLength(2);
    expect(diia).toHaveLength(2);
    expect(keyFor(key6, 'digitalSignature')?.certificate?.serial.toString(16)).toBe(
      '5b63d88375d9201804000000e0ba0500fa8f0e00',
    );
    expect(keyFor(key6, 'keyAgreement')?.certificate?.serial.toString(16)).toBe(
      '5b63d88375d9201804000000e0ba0500fb8f0e00',
    );
    expect(keyFor(diia, 'digitalSignature')?.certificate?.edrpou).toBe('43395033');
    expect(keyFor(diia, 'keyAgreement')?.key.params.curve.f.m).toBe(431);
  });

  it('a wrong password is KEY_CONTAINER_PASSWORD; other bytes are KEY_CONTAINER_MALFORMED', () => {
    expect(codeOfCall(() => openKeyContainer(KEY6.container, '12345678'))).toBe('KEY_CONTAINER_PASSWORD');
    expect(codeOfCall(() => openKeyContainer(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), 'x'))).toBe(
      'KEY_CONTAINER_MALFORMED',
    );
    expect(codeOfCall(() => openKeyContainer(KEY6.container.subarray(0, 500), '12345677'))).toBe(
      'KEY_CONTAINER_MALFORMED',
    );
  });
});

describe('GOST 28147 key wrap', () => {
  it('round-trips and refuses a changed wrapped key or KEK', () => {
    const kek = webRandom(32);
    const cek = webRandom(32);
    const wrapped = wrapKey(kek, cek, webRandom(8));
    expect(wrapped).toHaveLength(44);
    expect(unwrapKey(kek, wrapped)).toEqual(cek);
    const bad = wrapped.slice();
    bad[20] = (bad[20] as number) ^ 0x10;
    expect(unwrapKey(kek, bad)).toBeUndefined();
    expect(unwrapKey(webRandom(32), wrapped)).toBeUndefined();
  });
});

describe('CMS EnvelopedData', () => {
  it('opens the EnvelopedData sample (no originatorInfo, ukm, issuer+serial) with DiiaTest.pfx to 123456', () => {
    const opened = openEnvelope(sampleDer(SAMPLES.enveloped), diia, [cert(CERTS.userAgree)]);
    const signed = verifySignedData(opened.content);
    expect(new TextDecoder().decode(signed.content)).toBe('123456');
    expect(signed.signer.serial.toString(16)).toBe(cert(CERTS.userSign).serial.toString(16));
    expect(new Date(signed.signingTime ?? 0).toISOString()).toBe('2022-04-13T07:46:27.000Z');
    expect(opened.originator?.serial).toBe(cert(CERTS.userAgree).serial);
  });

  it('reads signing time and the content timestamp of the partner sample (originatorInfo present)', () => {
    const opened = openEnvelope(sampleDer(SAMPLES.json), key6, []);
    expect(opened.originator?.serial.toString(16)).toBe('5b63d88375d9201804000000e0ba0500fb8f0e00');
    const signed = verifySignedData(opened.content);
    expect(signed.content).toEqual(fixture(SAMPLES.jsonPlain));
    expect(signed.signingTime).toBe(Date.parse('2024-10-24T10:22:56Z'));
    expect(signed.contentTimestamp).toBe(Date.parse('2024-10-24T10:22:57Z'));
  });

  it("without the originator's certificate the sample cannot be opened (ENVELOPE_MALFORMED)", () => {
    expect(codeOfCall(() => openEnvelope(sampleDer(SAMPLES.enveloped), diia, []))).toBe('ENVELOPE_MALFORMED');
  });

  it('a key that is not a recipient is ENVELOPE_WRONG_RECIPIENT', () => {
    expect(codeOfCall(() => openEnvelope(sampleDer(SAMPLES.json), diia, []))).toBe(
      'ENVELOPE_WRONG_RECIPIENT',
    );
  });

  it('several recipients named by key id, without originatorInfo: each recipient opens it', () => {
    const originator = keyFor(diia, 'keyAgreement');
    if (!originator?.certificate) throw new Error('fixture');
    const content = new TextEncoder().encode('for two recipients');
    const der = writeEnvelopedData(
      content,
      { key: originator.key, certificate: originator.certificate },
      [cert(CERTS.partnerAgree), cert(CERTS.diiaAgree)],
      webRandom,
      false,
      'key-id',
    );
    expect(openEnvelope(der, key6, [originator.certificate]).content).toEqual(content);
    expect(openEnvelope(der, diia, [originator.certificate]).content).toEqual(content);
    expect(codeOfCall(() => openEnvelope(der, key6, []))).toBe('ENVELOPE_MALFORMED');
  });

  it('another key-agreement scheme or content cipher is ENVELOPE_ALGORITHM_NOT_ALLOWED', () => {
    const der = sampleDer(SAMPLES.json);
    const find = (hex: string): number => Buffer.from(der).indexOf(Buffer.from(hex, 'hex'));
    const kari = der.slice();
    kari[find('060a2a862402010101010304') + 11] = 0x05; // 1.2.804.2.1.1.1.1.3.4 -> .3.5
    expect(codeOfCall(() => openEnvelope(kari, key6, []))).toBe('ENVELOPE_ALGORITHM_NOT_ALLOWED');
    const cipher = der.slice();
    cipher[find('060b2a86240201010101010103') + 12] = 0x02; // GOST 28147 CFB -> ECB
    expect(codeOfCall(() => openEnvelope(cipher, key6, []))).toBe('ENVELOPE_ALGORITHM_NOT_ALLOWED');
  });

  it('a changed wrapped key is ENVELOPE_DECRYPT_FAILED', () => {
    const der = sampleDer(SAMPLES.json);
    // The 44-byte encryptedKey: find "04 2c" followed by 44 bytes inside the recipient infos.
    const at = der.findIndex((b, i) => b === 0x04 && der[i + 1] === 0x2c && i > 1500);
    const bad = der.slice();
    bad[at + 10] = (bad[at + 10] as number) ^ 1;
    expect(codeOfCall(() => openEnvelope(bad, key6, []))).toBe('ENVELOPE_DECRYPT_FAILED');
  });
});

describe('CMS SignedData', () => {
  const signer = keyFor(diia, 'digitalSignature');
  if (!signer?.certificate) throw new Error('fixture');
  const withCert = { key: signer.key, certificate: signer.certificate };
  const content = new TextEncoder().encode('signed content');

  it('verifies attached content and reports the signing time', () => {
    const der = writeSignedData(content, withCert, Date.UTC(2024, 0, 2, 3, 4, 5), webRandom);
    const v = verifySignedData(der);
    expect(v.content).toEqual(content);
    expect(v.signingTime).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(v.signer.serial).toBe(signer.certificate?.serial);
  });

  it('verifies detached content; a different detached content is SIGNATURE_DIGEST_MISMATCH', () => {
    const der = writeSignedData(content, withCert, Date.UTC(2024, 0, 2), webRandom);
    // Rebuild the SignedData without eContent (the signature covers the signed attributes only).
    const [, wrapper] = children(readDer(der));
    const fields = children(children(wrapper as never)[0] as never);
    const detachedFields = fields.map((f, i) => (i === 2 ? seq(encOid('1.2.840.113549.1.7.1')) : f.raw));
    const detached = seq(encOid('1.2.840.113549.1.7.2'), tlv(0xa0, seq(...detachedFields)));
    expect(verifySignedData(detached, { detached: content }).content).toEqual(content);
    expect(
      codeOfCall(() => verifySignedData(detached, { detached: new TextEncoder().encode('other') })),
    ).toBe('SIGNATURE_DIGEST_MISMATCH');
    expect(codeOfCall(() => verifySignedData(detached))).toBe('SIGNATURE_MALFORMED');
  });

  it('a changed signed attribute is SIGNATURE_INVALID; a missing signer certificate is SIGNATURE_SIGNER_UNTRUSTED', () => {
    const der = writeSignedData(content, withCert, Date.UTC(2024, 0, 2, 3, 4, 5), webRandom);
    const text = new TextDecoder('latin1').decode(der);
    const at = text.indexOf('240102030405Z');
    const bad = der.slice();
    bad[at + 11] = 0x36; // seconds 05 -> 06
    expect(codeOfCall(() => verifySignedData(bad))).toBe('SIGNATURE_INVALID');
    const [, wrapper] = children(readDer(der));
    const fields = children(children(wrapper as never)[0] as never).filter((f) => f.tag !== 0xa0);
    const noCerts = seq(encOid('1.2.840.113549.1.7.2'), tlv(0xa0, seq(...fields.map((f) => f.raw))));
    expect(codeOfCall(() => verifySignedData(noCerts))).toBe('SIGNATURE_SIGNER_UNTRUSTED');
    expect(verifySignedData(noCerts, { certificates: [withCert.certificate] }).content).toEqual(content);
  });
});
