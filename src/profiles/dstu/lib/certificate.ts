/**
 * X.509 certificates with DSTU 4145 keys: what the opener needs to identify a signer, build a chain and
 * check a signature — raw views of the signed part and the names, the key, validity, key identifiers, and
 * the Ukrainian registry numbers (EDRPOU, DRFO) where the certificate carries them.
 *
 * @module
 */

import { hex } from '../../../bytes.js';
import {
  bits,
  children,
  DER_LIMITS,
  type Der,
  DerError,
  octets,
  oid,
  parseAs,
  readDer,
  TAG,
  text,
  time,
  uint,
} from '../../../der.js';
import { NAME_ATTRIBUTES, UA_ATTRIBUTES } from '../../../signatures/names.js';
import type { Point } from './curve.js';
import { DSTU4145_BE, DSTU4145_LE, type DstuParams, readParams, readPublicKey } from './dstu4145.js';

/** A certificate's DSTU 4145 public key with its domain parameters. */
export interface CertificateKey {
  readonly params: DstuParams;
  readonly q: Point;
  readonly littleEndian: boolean;
}

export interface Certificate {
  readonly raw: Uint8Array;
  readonly tbs: Uint8Array;
  readonly serial: bigint;
  /** DER of the issuer and subject names, for exact comparison. */
  readonly issuerRaw: Uint8Array;
  readonly subjectRaw: Uint8Array;
  readonly issuer: string;
  readonly subject: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly keyAlgorithm: string;
  /**
   * The DSTU key (undefined for other key types, which this profile cannot use); throws
   * `CERTIFICATE_MALFORMED` for a key that is not a valid subgroup point. Decompressing a point costs
   * a few milliseconds, so a bundle of hundreds of CA certificates only does it for the ones a chain uses.
   */
  readonly key: () => CertificateKey | undefined;
  readonly subjectKeyId: string | undefined;
  readonly authorityKeyId: string | undefined;
  readonly isCa: boolean;
  /** keyUsage bits that matter here; undefined when the extension is absent. */
  readonly keyUsage: { readonly digitalSignature: boolean; readonly keyAgreement: boolean } | undefined;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  readonly edrpou: string | undefined;
  readonly drfo: string | undefined;
  /** УНЗР, the demographic register record number (subjectDirectoryAttributes, `…11.1.4.11.1`). */
  readonly unzr: string | undefined;
}

/** Short names of the name attributes used here, by OID. */
const { edrpou: EDRPOU, drfo: DRFO, unzr: UNZR } = UA_ATTRIBUTES;

/** A distinguished name as `CN=…, O=…` in the certificate's order. */
export function nameToString(name: Der): string {
  const parts: string[] = [];
  for (const rdn of children(name, TAG.SEQUENCE)) {
    for (const atv of children(rdn, TAG.SET)) {
      const [type, value] = children(atv, TAG.SEQUENCE);
      const id = oid(type);
      let v: string;
      try {
        v = text(value);
      } catch {
        v = `#${hex((value as Der).raw)}`;
      }
      parts.push(`${NAME_ATTRIBUTES[id] ?? id}=${v}`);
    }
  }
  return parts.join(', ');
}

function keyIdentifier(value: Uint8Array): string {
  // Ukrainian CAs wrap the identifier in an extra OCTET STRING inside the extension value.
  return hex(octets(readDer(value)));
}

/** Parses one DER certificate; throws DerError or RangeError on anything malformed. */
export function parseCertificate(raw: Uint8Array): Certificate {
  const [tbsDer, sigAlg, sigBits] = children(readDer(raw), TAG.SEQUENCE);
  const tbs = children(tbsDer as Der, TAG.SEQUENCE);
  let i = 0;
  if (tbs[0]?.tag === 0xa0) i = 1;
  const serial = uint(tbs[i], (tbs[i]?.budget?.limits ?? DER_LIMITS).maxSerialBytes);
  const issuer = tbs[i + 2] as Der;
  const [nb, na] = children(tbs[i + 3] as Der, TAG.SEQUENCE);
  const subject = tbs[i + 4] as Der;
  const [spkiAlg, spkiKey] = children(tbs[i + 5] as Der, TAG.SEQUENCE);
  const [algOid, algParams] = children(spkiAlg as Der, TAG.SEQUENCE);
  const keyAlgorithm = oid(algOid);
  const keyBits = bits(spkiKey);
  let cached: CertificateKey | undefined;
  const key = (): CertificateKey | undefined => {
    if (cached || !algParams || (keyAlgorithm !== DSTU4145_LE && keyAlgorithm !== DSTU4145_BE)) return cached;
    const littleEndian = keyAlgorithm === DSTU4145_LE;
    cached = parseAs('CERTIFICATE_MALFORMED', () => {
      const params = readParams(algParams, littleEndian);
      return { params, q: readPublicKey(params.curve, keyBits, littleEndian), littleEndian };
    });
    return cached;
  };
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  let isCa = false;
  let keyUsage: Certificate['keyUsage'];
  let edrpou: string | undefined;
  let drfo: string | undefined;
  let unzr: string | undefined;
  const extensions = tbs.find((d) => d.tag === 0xa3);
  if (extensions) {
    for (const ext of children(children(extensions)[0] as Der, TAG.SEQUENCE)) {
      const parts = children(ext, TAG.SEQUENCE);
      const id = oid(parts[0]);
      const value = octets(parts[parts.length - 1]);
      if (id === '2.5.29.14') subjectKeyId = keyIdentifier(value);
      else if (id === '2.5.29.35') {
        const kid = children(readDer(value), TAG.SEQUENCE).find((d) => d.tag === 0x80);
        if (kid) authorityKeyId = hex(kid.value);
      } else if (id === '2.5.29.19') {
        const bc = children(readDer(value), TAG.SEQUENCE);
        isCa = bc[0]?.tag === TAG.BOOLEAN && bc[0].value[0] === 0xff;
      } else if (id === '2.5.29.15') {
        const v = readDer(value);
        if (v.tag !== TAG.BIT_STRING || v.value.length < 2) throw new DerError('bad keyUsage');
        const first = v.value[1] as number;
        keyUsage = { digitalSignature: (first & 0x80) !== 0, keyAgreement: (first & 0x08) !== 0 };
      } else if (id === '2.5.29.9') {
        for (const attr of children(readDer(value), TAG.SEQUENCE)) {
          const [type, values] = children(attr, TAG.SEQUENCE);
          const attrId = oid(type);
          const first = children(values as Der, TAG.SET)[0];
          if (attrId === EDRPOU) edrpou = text(first);
          if (attrId === DRFO) drfo = text(first);
          if (attrId === UNZR) unzr = text(first);
        }
      }
    }
  }
  const [sigOid] = children(sigAlg as Der, TAG.SEQUENCE);
  return {
    raw,
    tbs: (tbsDer as Der).raw,
    serial,
    issuerRaw: issuer.raw,
    subjectRaw: subject.raw,
    issuer: nameToString(issuer),
    subject: nameToString(subject),
    notBefore: time(nb),
    notAfter: time(na),
    keyAlgorithm,
    key,
    subjectKeyId,
    authorityKeyId,
    isCa,
    keyUsage,
    signatureAlgorithm: oid(sigOid),
    signature: bits(sigBits),
    edrpou,
    drfo,
    unzr,
  };
}

/** The certificates of a CMS certs-only bundle (`.p7b`), skipping entries that are not certificates. */
export function certificatesOfBundle(raw: Uint8Array): Uint8Array[] {
  const [type, content] = children(readDer(raw), TAG.SEQUENCE);
  if (oid(type) !== '1.2.840.113549.1.7.2') throw new DerError('not a SignedData bundle');
  const signedData = children(children(content as Der)[0] as Der, TAG.SEQUENCE);
  const certs = signedData.find((d) => d.tag === 0xa0);
  return certs
    ? children(certs)
        .filter((d) => d.tag === TAG.SEQUENCE)
        .map((d) => d.raw)
    : [];
}
