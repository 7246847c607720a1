/**
 * Writes what the platform sends: CMS SignedData (content attached, signed attributes) inside CMS
 * EnvelopedData to each recipient's key-agreement certificate. Used by the sandbox and the tests; a
 * receiver only needs `enveloped.ts` and `signed.ts`.
 *
 * @module
 */

import { bytesToBigint } from '../../../bytes.js';
import { encNull, encOctets, encOid, encTime, encUint, seq, setOf, tlv } from '../../../der-write.js';
import type { Certificate } from './certificate.js';
import type { PrivateKey } from './container.js';
import { agree, DSTU4145_LE, sign } from './dstu4145.js';
import { CMS } from './enveloped.js';
import { cfbEncrypt, DKE_1, expandSBox, gostKey } from './gost28147.js';
import { gost34311 } from './gost34311.js';
import { DH_COFACTOR_GOST34311_KDF, deriveKek, GOST28147_WRAP, wrapKey } from './keywrap.js';
import { GOST34311 } from './signed.js';

/** A private key with the certificate that names it. */
export interface KeyWithCertificate {
  readonly key: PrivateKey;
  readonly certificate: Certificate;
}

/** A source of random bytes (crypto.getRandomValues by default). */
export type RandomBytes = (length: number) => Uint8Array;

/** Web Crypto's generator, the only source of randomness in this profile. */
export const webRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

const issuerAndSerial = (cert: Certificate): Uint8Array => seq(cert.issuerRaw, encUint(cert.serial));

const attribute = (type: string, value: Uint8Array): Uint8Array => seq(encOid(type), setOf(value));

/**
 * SignedData with the content attached, signed by `signer` at `signedAt` (ms). `essCertificate` is the
 * certificate that the signingCertificateV2 attribute names: the signer's own unless a test names another.
 */
export function writeSignedData(
  content: Uint8Array,
  signer: KeyWithCertificate,
  signedAt: number,
  random: RandomBytes,
  essCertificate: Uint8Array = signer.certificate.raw,
): Uint8Array {
  const { key, certificate } = signer;
  const sbox = key.params.sbox;
  const digestAlg = seq(encOid(GOST34311));
  const attrs = [
    attribute('1.2.840.113549.1.9.3', encOid(CMS.data)),
    attribute('1.2.840.113549.1.9.5', encTime(signedAt)),
    attribute('1.2.840.113549.1.9.4', encOctets(gost34311(content, sbox))),
    // signingCertificateV2 (RFC 5035), as the platform writes it: the GOST 34.311 hash of the certificate.
    attribute('1.2.840.113549.1.9.16.2.47', seq(seq(seq(digestAlg, encOctets(gost34311(essCertificate)))))),
  ];
  const signedAttrs = setOf(...attrs);
  const curve = key.params.curve;
  const nonce = (): bigint => bytesToBigint(random(Math.ceil(curve.f.m / 8) + 16)) % curve.n;
  const signature = sign(curve, key.d, gost34311(signedAttrs, sbox), nonce);
  const signerInfo = seq(
    encUint(1),
    issuerAndSerial(certificate),
    digestAlg,
    implicitTag(signedAttrs, 0xa0),
    seq(encOid(DSTU4145_LE)),
    encOctets(signature),
  );
  const signedData = seq(
    encUint(1),
    setOf(digestAlg),
    seq(encOid(CMS.data), tlv(0xa0, encOctets(content))),
    tlv(0xa0, certificate.raw),
    setOf(signerInfo),
  );
  return seq(encOid(CMS.signedData), tlv(0xa0, signedData));
}

/** The same encoding under another tag ([0] IMPLICIT for the signed attributes). */
function implicitTag(der: Uint8Array, tag: number): Uint8Array {
  const out = der.slice();
  out[0] = tag;
  return out;
}

/**
 * EnvelopedData of `content` from `originator`'s key-agreement key to each recipient certificate (all on
 * the originator's curve), with a fresh 64-byte ukm, content key and IVs.
 */
export function writeEnvelopedData(
  content: Uint8Array,
  originator: KeyWithCertificate,
  recipients: readonly Certificate[],
  random: RandomBytes,
  includeOriginatorCertificate = true,
  recipientId: 'issuer-serial' | 'key-id' = 'issuer-serial',
): Uint8Array {
  const sbox = originator.key.params.sbox ?? DKE_1;
  const cek = random(32);
  const iv = random(8);
  const ukm = random(64);
  const keys = recipients.map((cert) => {
    const q = cert.key()?.q;
    if (!q) throw new RangeError('recipient certificate has no DSTU key');
    const z = agree(originator.key.params.curve, originator.key.d, q).reverse();
    const kek = deriveKek(z, ukm, sbox);
    const rid =
      recipientId === 'key-id' && cert.subjectKeyId
        ? tlv(
            0xa0,
            encOctets(Uint8Array.from(cert.subjectKeyId.match(/../g) ?? [], (h) => Number.parseInt(h, 16))),
          )
        : issuerAndSerial(cert);
    return seq(rid, encOctets(wrapKey(kek, cek, random(8), sbox)));
  });
  const kari = tlv(
    0xa1,
    encUint(3),
    tlv(0xa0, issuerAndSerial(originator.certificate)),
    tlv(0xa1, encOctets(ukm)),
    seq(encOid(DH_COFACTOR_GOST34311_KDF), seq(encOid(GOST28147_WRAP), encNull())),
    seq(...keys),
  );
  const encrypted = cfbEncrypt(gostKey(cek, expandSBox(sbox)), iv, content);
  const envelopedData = seq(
    encUint(2),
    ...(includeOriginatorCertificate ? [tlv(0xa0, tlv(0xa0, originator.certificate.raw))] : []),
    setOf(kari),
    seq(
      encOid(CMS.data),
      seq(encOid(CMS.gost28147Cfb), seq(encOctets(iv), encOctets(sbox))),
      tlv(0x80, encrypted),
    ),
  );
  return seq(encOid(CMS.envelopedData), tlv(0xa0, envelopedData));
}
