/**
 * CMS EnvelopedData (RFC 5652 section 6) with key-agreement recipients as Ukrainian software writes them:
 * dhSinglePass-cofactorDH-gost34311kdf, the GOST 28147 key wrap, GOST 28147 CFB content encryption. Opens
 * with or without `originatorInfo`, with or without `ukm`, for recipients named by issuer and serial or by
 * key identifier, among several recipients; and seals the same shape.
 *
 * CFB has no integrity of its own: a changed ciphertext is caught by the unwrap check (the wrapped key), by
 * the inner SignedData no longer parsing, or by its signature — never silently.
 *
 * The originator's certificate is not authenticated here, on purpose. Key agreement proves nothing about
 * who sealed: the partner's key-agreement certificate is public, so anyone can seal any content to it with
 * a key and a certificate of their own making. What the originator's key decides is only whether the
 * envelope decrypts. Who sent the content is proven by the SignedData inside, whose signer the opener
 * requires to be one of the platform's own certificates, byte for byte, with a valid chain. So that an
 * envelope cannot swap the platform's certificate for a look-alike, the caller's certificates are searched
 * before the ones the envelope carries.
 *
 * @module
 */
import { equalBytes, hex } from '../../../bytes.js';
import {
  bits,
  children,
  DER_LIMITS,
  type Der,
  DerError,
  DerLimitError,
  expectTag,
  octets,
  oid,
  parseAs,
  readDer,
  TAG,
  uint,
} from '../../../der.js';
import { AcceptError } from '../../../errors.js';
import type { Certificate } from './certificate.js';
import { parseCertificate } from './certificate.js';
import type { PrivateKey } from './container.js';
import type { Curve, Point } from './curve.js';
import { agree, DSTU4145_LE, readParams, readPublicKey } from './dstu4145.js';
import { cfbDecrypt, cfbDecryptInSlices, expandSBox, type Gost28147Key, gostKey } from './gost28147.js';
import { DH_COFACTOR_GOST34311_KDF, deriveKek, GOST28147_WRAP, unwrapKey } from './keywrap.js';

/** OIDs of the content types and the content cipher. */
export const CMS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  gost28147Cfb: '1.2.804.2.1.1.1.1.1.1.3',
} as const;

/** A private key of the receiver with the certificate that names it (when known). */
export interface RecipientKey {
  readonly key: PrivateKey;
  readonly certificate: Certificate | undefined;
}

/** The result of opening: the plaintext and the originator's certificate when it was identified by one. */
export interface OpenedEnvelope {
  readonly content: Uint8Array;
  /** The certificate the originator was identified by, if any: not authenticated (see the module note). */
  readonly originator: Certificate | undefined;
}

/**
 * Key agreements tried per envelope at most. Each costs a scalar multiplication (milliseconds); a real
 * envelope needs one per key of the partner, and partners hold one or two.
 */
export const MAX_KEY_AGREEMENTS = 16;

/** Whether two curves are the same domain. */
export function sameCurve(a: Curve, b: Curve): boolean {
  return (
    a === b ||
    (a.f.poly === b.f.poly &&
      a.a === b.a &&
      a.b === b.b &&
      a.n === b.n &&
      a.g?.x === b.g?.x &&
      a.g?.y === b.g?.y)
  );
}

/** Whether `rid` (IssuerAndSerialNumber or a [0] key identifier) names `cert`. */
export function identifies(rid: Der, cert: Certificate): boolean {
  if (rid.tag === TAG.SEQUENCE) {
    const [issuer, serial] = children(rid);
    const maxSerial = (rid.budget?.limits ?? DER_LIMITS).maxSerialBytes;
    return equalBytes((issuer as Der).raw, cert.issuerRaw) && uint(serial, maxSerial) === cert.serial;
  }
  if (rid.tag === 0x80 || rid.tag === 0xa0) {
    // subjectKeyIdentifier [0] IMPLICIT OCTET STRING, or rKeyId [0] IMPLICIT RecipientKeyIdentifier.
    const id = rid.tag === 0x80 ? rid.value : octets(children(rid)[0]);
    // Hex-encoded only when the lengths agree: a huge identifier is not encoded once per certificate.
    return (
      cert.subjectKeyId !== undefined &&
      id.length * 2 === cert.subjectKeyId.length &&
      hex(id) === cert.subjectKeyId
    );
  }
  return false;
}

function originatorPoint(
  originator: Der,
  certificates: readonly Certificate[],
  curve: Curve,
): { q: Point; cert: Certificate | undefined } {
  if (originator.tag === 0xa1) {
    // originatorKey [1] IMPLICIT OriginatorPublicKey { algorithm, publicKey BIT STRING }
    const [alg, key] = children(originator);
    const [algId, params] = children(alg as Der, TAG.SEQUENCE);
    const littleEndian = oid(algId) === DSTU4145_LE;
    const c = params && params.tag !== TAG.NULL ? readParams(params, littleEndian).curve : curve;
    if (!sameCurve(c, curve)) throw new AcceptError('ENVELOPE_WRONG_RECIPIENT', { detail: 'curves differ' });
    return { q: readPublicKey(curve, bits(key), littleEndian), cert: undefined };
  }
  const cert = certificates.find((c) => identifies(originator, c));
  const key = cert?.key();
  if (!cert || !key)
    throw new AcceptError('ENVELOPE_MALFORMED', { detail: "originator's certificate not available" });
  if (!sameCurve(key.params.curve, curve))
    throw new AcceptError('ENVELOPE_WRONG_RECIPIENT', { detail: 'curves differ' });
  return { q: key.q, cert };
}

/** Reads the ContentInfo around an EnvelopedData and returns the EnvelopedData's fields. */
function envelopedFields(der: Uint8Array): Der[] {
  const [type, content] = children(readDer(der), TAG.SEQUENCE);
  if (oid(type) !== CMS.envelopedData) throw new DerError('not EnvelopedData');
  return children(children(content as Der, 0xa0)[0] as Der, TAG.SEQUENCE);
}

/** What decrypts the content: the content key with its S-box, the IV and the ciphertext. */
interface Unlocked {
  readonly key: Gost28147Key;
  readonly iv: Uint8Array;
  readonly encrypted: Uint8Array;
  readonly originator: Certificate | undefined;
}

/**
 * Decrypts an EnvelopedData for one of `recipients`. `knownCertificates` supplies originator certificates
 * that the envelope does not carry. Throws AcceptError `ENVELOPE_*`.
 */
export function openEnvelope(
  der: Uint8Array,
  recipients: readonly RecipientKey[],
  knownCertificates: readonly Certificate[],
): OpenedEnvelope {
  return parseAs('ENVELOPE_MALFORMED', () => {
    const { key, iv, encrypted, originator } = unlock(envelopedFields(der), recipients, knownCertificates);
    return { content: cfbDecrypt(key, iv, encrypted), originator };
  });
}

/**
 * {@link openEnvelope} with the content decrypted in slices, a turn of the event loop between them: the
 * same result and errors, without holding the thread for the whole length of a large copy.
 */
export async function openEnvelopeInSlices(
  der: Uint8Array,
  recipients: readonly RecipientKey[],
  knownCertificates: readonly Certificate[],
): Promise<OpenedEnvelope> {
  const { key, iv, encrypted, originator } = parseAs('ENVELOPE_MALFORMED', () =>
    unlock(envelopedFields(der), recipients, knownCertificates),
  );
  return { content: await cfbDecryptInSlices(key, iv, encrypted), originator };
}

/** Everything but the content decryption: the recipient, the key agreement and the key unwrap. */
function unlock(fields: Der[], recipients: readonly RecipientKey[], known: readonly Certificate[]): Unlocked {
  let i = 1;
  // The caller's certificates first: one carried by the envelope cannot stand in for them.
  const certificates = [...known];
  try {
    if (fields[i]?.tag === 0xa0) {
      const certs = children(fields[i] as Der).find((d) => d.tag === 0xa0);
      if (certs)
        for (const c of children(certs))
          if (c.tag === TAG.SEQUENCE) certificates.push(parseCertificate(c.raw));
      i++;
    }
  } catch (cause) {
    if (cause instanceof AcceptError || cause instanceof DerLimitError) throw cause;
    throw new AcceptError('ENVELOPE_MALFORMED', { cause, detail: 'originatorInfo' });
  }
  let cek: Uint8Array | undefined;
  let originator: Certificate | undefined;
  let matched = false;
  let unsupported = false;
  let agreements = 0;
  let content: { iv: Uint8Array; sbox: Uint8Array | undefined; encrypted: Uint8Array };
  const infos = expectTag(fields[i], TAG.SET);
  try {
    const [, alg, encrypted] = children(fields[i + 1] as Der, TAG.SEQUENCE);
    const [algId, algParams] = children(alg as Der, TAG.SEQUENCE);
    if (oid(algId) !== CMS.gost28147Cfb) throw new AcceptError('ENVELOPE_ALGORITHM_NOT_ALLOWED');
    const p = children(algParams as Der, TAG.SEQUENCE);
    if (encrypted?.tag !== 0x80) throw new DerError('encrypted content missing or constructed');
    content = { iv: octets(p[0]), sbox: p[1] ? octets(p[1]) : undefined, encrypted: encrypted.value };
    if (content.iv.length !== 8 || (content.sbox && content.sbox.length !== 64))
      throw new DerError('bad parameters');
  } catch (cause) {
    if (cause instanceof AcceptError || cause instanceof DerLimitError) throw cause;
    throw new AcceptError('ENVELOPE_MALFORMED', { cause, detail: 'encryptedContentInfo' });
  }
  for (const info of children(infos)) {
    if (info.tag !== 0xa1) continue; // only key-agreement recipients can be for a DSTU key
    const kari = children(info);
    if (uint(kari[0]) !== 3n) throw new DerError('KeyAgreeRecipientInfo version');
    const originatorDer = children(kari[1] as Der, 0xa0)[0] as Der;
    let k = 2;
    let ukm: Uint8Array | undefined;
    if (kari[k]?.tag === 0xa1) ukm = octets(children(kari[k++] as Der)[0]);
    const [kekAlg, wrapAlg] = children(kari[k++] as Der, TAG.SEQUENCE);
    if (
      oid(kekAlg) !== DH_COFACTOR_GOST34311_KDF ||
      oid(children(wrapAlg as Der, TAG.SEQUENCE)[0]) !== GOST28147_WRAP
    ) {
      // Another recipient's scheme; only an error if nothing else is for us.
      unsupported = true;
      continue;
    }
    for (const rek of children(kari[k] as Der, TAG.SEQUENCE)) {
      const [rid, encryptedKey] = children(rek, TAG.SEQUENCE);
      const mine = recipients.filter((r) => (r.certificate ? identifies(rid as Der, r.certificate) : true));
      for (const r of mine) {
        if (++agreements > MAX_KEY_AGREEMENTS)
          throw new DerLimitError(`more than ${MAX_KEY_AGREEMENTS} key agreements in one envelope`);
        const curve = r.key.params.curve;
        let origin: { q: Point; cert: Certificate | undefined };
        try {
          origin = originatorPoint(originatorDer, certificates, curve);
        } catch (e) {
          if (r.certificate) throw e;
          continue;
        }
        matched = matched || r.certificate !== undefined;
        let z: Uint8Array;
        try {
          z = agree(curve, r.key.d, origin.q).reverse();
        } catch {
          continue;
        }
        const kek = deriveKek(z, ukm, r.key.params.sbox);
        cek = unwrapKey(kek, octets(encryptedKey), r.key.params.sbox);
        if (cek) {
          originator = origin.cert;
          break;
        }
      }
      if (cek) break;
    }
    if (cek) break;
  }
  if (!cek) {
    throw new AcceptError(
      matched
        ? 'ENVELOPE_DECRYPT_FAILED'
        : unsupported
          ? 'ENVELOPE_ALGORITHM_NOT_ALLOWED'
          : 'ENVELOPE_WRONG_RECIPIENT',
    );
  }
  return {
    key: gostKey(cek, expandSBox(content.sbox)),
    iv: content.iv,
    encrypted: content.encrypted,
    originator,
  };
}
