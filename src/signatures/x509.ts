/**
 * X.509 certificates (RFC 5280) with ECDSA keys on P-256 or P-384: the fields a verifier of a Diia ID
 * `ECDSA` signature needs — the names (with the Ukrainian registry numbers a qualified certificate carries),
 * validity, the key, key identifiers, basic constraints, key usage, policies and qualified-certificate
 * statements. Strict DER, bounded; every refusal is an {@link AcceptError}: `CERTIFICATE_MALFORMED`,
 * `CERTIFICATE_ALGORITHM_NOT_ALLOWED` (a key that is not ECDSA on an allowed curve) or `DER_LIMIT_EXCEEDED`.
 * Whether a certificate is trusted is `chain.ts`'s question.
 *
 * @module
 */

import {
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
  smallInt,
  TAG,
  text,
  time,
  uint,
} from '../der.js';
import { AcceptError } from '../errors.js';
import { curveOf, type EcCurveName, ID_EC_PUBLIC_KEY, SIGNATURE_ALGORITHMS } from './ecdsa.js';
import { NAME_ATTRIBUTES, UA_ATTRIBUTES } from './names.js';

/** The largest certificate read (real qualified certificates are 1–3 KiB). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** One attribute of a distinguished name, in the certificate's order. */
export interface NameAttribute {
  /** The attribute type's OID. */
  readonly type: string;
  /** Its short name where known (`CN`, `SN`, `GN`, `serialNumber`, …). */
  readonly name: string | undefined;
  /** The value as text; a value that is not a directory string is `#` and its DER in hex. */
  readonly value: string;
}

/** A distinguished name: every attribute, and the ones a Ukrainian certificate uses by name. */
export interface DistinguishedName {
  readonly attributes: readonly NameAttribute[];
  /** `CN=…, SN=…` in the certificate's order. */
  readonly text: string;
  readonly commonName: string | undefined;
  readonly surname: string | undefined;
  readonly givenName: string | undefined;
  /** X.520 serialNumber: for a person `TINUA-` and the tax number where the CA writes it so. */
  readonly serialNumber: string | undefined;
  readonly country: string | undefined;
  readonly locality: string | undefined;
  readonly organization: string | undefined;
  /** `NTRUA-` and the EDRPOU for a Ukrainian organisation. */
  readonly organizationIdentifier: string | undefined;
}

/** keyUsage (RFC 5280 section 4.2.1.3). */
export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly dataEncipherment: boolean;
  readonly keyAgreement: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

/** An ECDSA certificate as read; nothing in it is verified yet. */
export interface EcCertificate {
  /** The whole DER. */
  readonly raw: Uint8Array;
  /** The DER of `tbsCertificate`: what the issuer signed. */
  readonly tbs: Uint8Array;
  readonly version: 1 | 3;
  readonly serial: bigint;
  /** DER of the names, for exact comparison when a chain is built. */
  readonly issuerRaw: Uint8Array;
  readonly subjectRaw: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  /** Validity, in ms since the epoch (inclusive at both ends, RFC 5280 section 4.1.2.5). */
  readonly notBefore: number;
  readonly notAfter: number;
  /** The DER of SubjectPublicKeyInfo, as WebCrypto imports it, and its curve. */
  readonly publicKey: { readonly curve: EcCurveName; readonly spki: Uint8Array };
  /** The OID of the algorithm the issuer signed with (checked against the allow-list only when verified). */
  readonly signatureAlgorithm: string;
  /** The issuer's signature: for ECDSA the DER `ECDSA-Sig-Value`. */
  readonly signatureValue: Uint8Array;
  /** Hex of subjectKeyIdentifier / the keyIdentifier of authorityKeyIdentifier. */
  readonly subjectKeyId: string | undefined;
  readonly authorityKeyId: string | undefined;
  /** basicConstraints; undefined when the extension is absent (not a CA). */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  /** keyUsage; undefined when the extension is absent. */
  readonly keyUsage: KeyUsage | undefined;
  /** extKeyUsage OIDs; undefined when absent. */
  readonly extendedKeyUsage: readonly string[] | undefined;
  /** certificatePolicies OIDs (empty when absent). */
  readonly policies: readonly string[];
  /** The statement OIDs of qcStatements (RFC 3739; `0.4.0.1862.1.1` is QcCompliance); empty when absent. */
  readonly qcStatements: readonly string[];
  /** DRFO / RNOKPP of subjectDirectoryAttributes (the tax number, or a passport number for a person without one). */
  readonly drfo: string | undefined;
  /** EDRPOU of subjectDirectoryAttributes. */
  readonly edrpou: string | undefined;
  /** УНЗР of subjectDirectoryAttributes, the demographic register record number. */
  readonly unzr: string | undefined;
  /** OIDs of every extension, critical ones included. */
  readonly extensions: readonly string[];
}

const EXT = {
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  subjectDirectoryAttributes: '2.5.29.9',
  qcStatements: '1.3.6.1.5.5.7.1.3',
} as const;

/** Extensions this reader understands; any other marked critical makes the certificate unusable (RFC 5280). */
const UNDERSTOOD = new Set<string>(Object.values(EXT));

const RSA = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.10']);

function directoryString(value: Der): string {
  if (
    value.tag === TAG.UTF8 ||
    value.tag === TAG.PRINTABLE ||
    value.tag === TAG.IA5 ||
    value.tag === TAG.BMP ||
    value.tag === 0x14 // TeletexString, read as UTF-8 as CAs in practice write it
  )
    return text(value);
  return `#${[...value.raw].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Reads a Name (RFC 5280 section 4.1.2.4). */
export function readName(name: Der): DistinguishedName {
  const attributes: NameAttribute[] = [];
  for (const rdn of children(name, TAG.SEQUENCE)) {
    const atvs = children(rdn, TAG.SET);
    if (atvs.length === 0) throw new DerError('empty RDN');
    for (const atv of atvs) {
      const parts = children(atv, TAG.SEQUENCE);
      if (parts.length !== 2) throw new DerError('bad AttributeTypeAndValue');
      const type = oid(parts[0]);
      attributes.push({ type, name: NAME_ATTRIBUTES[type], value: directoryString(parts[1] as Der) });
    }
  }
  const first = (short: string): string | undefined => attributes.find((a) => a.name === short)?.value;
  return {
    attributes,
    text: attributes.map((a) => `${a.name ?? a.type}=${a.value}`).join(', '),
    commonName: first('CN'),
    surname: first('SN'),
    givenName: first('GN'),
    serialNumber: first('serialNumber'),
    country: first('C'),
    locality: first('L'),
    organization: first('O'),
    organizationIdentifier: first('organizationIdentifier'),
  };
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

function boolean(der: Der | undefined): boolean {
  const v = expectTag(der, TAG.BOOLEAN).value;
  if (v.length !== 1 || (v[0] !== 0 && v[0] !== 0xff)) throw new DerError('BOOLEAN must be 00 or FF');
  return v[0] === 0xff;
}

/** A named-bit BIT STRING's bits (bit 0 first); unused bits must be zero. */
function namedBits(der: Der): boolean[] {
  const v = expectTag(der, TAG.BIT_STRING).value;
  const unused = v[0];
  if (unused === undefined || unused > 7 || (v.length === 1 && unused !== 0))
    throw new DerError('bad BIT STRING');
  const last = v[v.length - 1] as number;
  if (v.length > 1 && (last & ((1 << unused) - 1)) !== 0) throw new DerError('unused bits are not zero');
  const out: boolean[] = [];
  for (let i = 1; i < v.length; i++)
    for (let b = 7; b >= 0; b--) out.push((((v[i] as number) >> b) & 1) === 1);
  return out.slice(0, out.length - unused);
}

/** A BIT STRING with no unused bits. */
function wholeBits(der: Der | undefined): Uint8Array {
  const v = expectTag(der, TAG.BIT_STRING).value;
  if (v.length < 2 || v[0] !== 0) throw new DerError('BIT STRING with unused bits');
  return v.subarray(1);
}

function algorithm(der: Der | undefined): { id: string; params: Der | undefined } {
  const parts = children(expectTag(der, TAG.SEQUENCE));
  if (parts.length < 1 || parts.length > 2) throw new DerError('bad AlgorithmIdentifier');
  return { id: oid(parts[0]), params: parts[1] };
}

function readKey(spki: Der): EcCertificate['publicKey'] {
  const parts = children(spki, TAG.SEQUENCE);
  if (parts.length !== 2) throw new DerError('bad SubjectPublicKeyInfo');
  const alg = algorithm(parts[0]);
  if (alg.id !== ID_EC_PUBLIC_KEY) {
    throw new AcceptError('CERTIFICATE_ALGORITHM_NOT_ALLOWED', {
      detail: `key algorithm ${RSA.has(alg.id) ? 'RSA' : alg.id} is not allowed (ECDSA P-256/P-384 only)`,
    });
  }
  if (alg.params?.tag !== TAG.OID) {
    // Explicit curve parameters or implicitlyCA (RFC 5480 forbids both in certificates).
    throw new AcceptError('CERTIFICATE_ALGORITHM_NOT_ALLOWED', { detail: 'the curve must be named' });
  }
  const curve = curveOf(oid(alg.params), 'CERTIFICATE_ALGORITHM_NOT_ALLOWED');
  const point = wholeBits(parts[1]);
  // Uncompressed points only: WebCrypto does not import compressed ones everywhere.
  if (point.length !== 1 + 2 * curve.size || point[0] !== 0x04) throw new DerError('bad EC point');
  return { curve: curve.name, spki: spki.raw };
}

function oidSequence(value: Uint8Array, first: (item: Der) => Der | undefined = (d) => d): string[] {
  return children(readDer(value), TAG.SEQUENCE).map((item) => oid(first(item)));
}

interface Extensions {
  subjectKeyId?: string;
  authorityKeyId?: string;
  basicConstraints?: EcCertificate['basicConstraints'];
  keyUsage?: KeyUsage;
  extendedKeyUsage?: string[];
  policies: string[];
  qcStatements: string[];
  registry: { drfo?: string; edrpou?: string; unzr?: string };
  ids: string[];
}

function readExtensions(list: Der | undefined): Extensions {
  const out: Extensions = { policies: [], qcStatements: [], registry: {}, ids: [] };
  if (!list) return out;
  const items = children(children(list)[0] as Der, TAG.SEQUENCE);
  if (items.length === 0 || children(list).length !== 1) throw new DerError('bad extensions');
  for (const ext of items) {
    const parts = children(ext, TAG.SEQUENCE);
    if (parts.length < 2 || parts.length > 3) throw new DerError('bad Extension');
    const id = oid(parts[0]);
    if (out.ids.includes(id)) throw new DerError(`extension ${id} twice`);
    out.ids.push(id);
    let critical = false;
    if (parts.length === 3) {
      critical = boolean(parts[1]);
      // DER leaves a DEFAULT value out (X.690 11.5).
      if (!critical) throw new DerError('critical FALSE written out');
    }
    const value = octets(parts[parts.length - 1]);
    if (critical && !UNDERSTOOD.has(id)) throw new DerError(`unknown critical extension ${id}`);
    switch (id) {
      case EXT.subjectKeyId: {
        const kid = octets(readDer(value));
        if (kid.length === 0) throw new DerError('empty key identifier');
        out.subjectKeyId = hex(kid);
        break;
      }
      case EXT.authorityKeyId: {
        const kid = children(readDer(value), TAG.SEQUENCE).find((d) => d.tag === 0x80);
        if (kid) out.authorityKeyId = hex(kid.value);
        break;
      }
      case EXT.basicConstraints: {
        const bc = children(readDer(value), TAG.SEQUENCE);
        let at = 0;
        let ca = false;
        if (bc[at]?.tag === TAG.BOOLEAN) {
          ca = boolean(bc[at++]);
          if (!ca) throw new DerError('cA FALSE written out');
        }
        const pathLength = bc[at] ? smallInt(bc[at++]) : undefined;
        if (at !== bc.length) throw new DerError('bad basicConstraints');
        out.basicConstraints = { ca, pathLength };
        break;
      }
      case EXT.keyUsage: {
        const b = namedBits(readDer(value));
        const bit = (i: number): boolean => b[i] === true;
        out.keyUsage = {
          digitalSignature: bit(0),
          nonRepudiation: bit(1),
          keyEncipherment: bit(2),
          dataEncipherment: bit(3),
          keyAgreement: bit(4),
          keyCertSign: bit(5),
          cRLSign: bit(6),
        };
        break;
      }
      case EXT.extKeyUsage:
        out.extendedKeyUsage = oidSequence(value);
        break;
      case EXT.certificatePolicies:
        out.policies = oidSequence(value, (p) => children(p, TAG.SEQUENCE)[0]);
        break;
      case EXT.qcStatements:
        out.qcStatements = oidSequence(value, (s) => children(s, TAG.SEQUENCE)[0]);
        break;
      case EXT.subjectDirectoryAttributes:
        for (const attr of children(readDer(value), TAG.SEQUENCE)) {
          const [type, values, extra] = children(attr, TAG.SEQUENCE);
          if (extra) throw new DerError('bad Attribute');
          const attrId = oid(type);
          const first = children(expectTag(values, TAG.SET))[0];
          if (!first) throw new DerError('Attribute without a value');
          if (attrId === UA_ATTRIBUTES.drfo) out.registry.drfo = text(first);
          else if (attrId === UA_ATTRIBUTES.edrpou) out.registry.edrpou = text(first);
          else if (attrId === UA_ATTRIBUTES.unzr) out.registry.unzr = text(first);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

function read(raw: Uint8Array): EcCertificate {
  if (raw.length > MAX_CERTIFICATE_BYTES)
    throw new DerLimitError(`certificate of ${raw.length} octets (at most ${MAX_CERTIFICATE_BYTES})`);
  const top = children(readDer(raw), TAG.SEQUENCE);
  if (top.length !== 3) throw new DerError('a certificate has three parts');
  const [tbsDer, outerAlg, sigBits] = top as [Der, Der, Der];
  const tbs = children(tbsDer, TAG.SEQUENCE);
  let i = 0;
  let version: 1 | 3 = 1;
  if (tbs[0]?.tag === 0xa0) {
    const inner = children(tbs[0]);
    if (inner.length !== 1) throw new DerError('bad version');
    const v = smallInt(inner[0]);
    // v1 is written by leaving the field out (DER); v2 is not used.
    if (v !== 2) throw new DerError(`version ${v + 1} is not supported`);
    version = 3;
    i = 1;
  }
  const serial = uint(tbs[i], DER_LIMITS.maxSerialBytes);
  const innerAlg = expectTag(tbs[i + 1], TAG.SEQUENCE);
  // RFC 5280 section 4.1.1.2: the two AlgorithmIdentifiers must be the same.
  if (hex(innerAlg.raw) !== hex(outerAlg.raw)) throw new DerError('the two signature algorithms differ');
  const issuer = expectTag(tbs[i + 2], TAG.SEQUENCE);
  const validity = children(expectTag(tbs[i + 3], TAG.SEQUENCE));
  if (validity.length !== 2) throw new DerError('bad validity');
  const subject = expectTag(tbs[i + 4], TAG.SEQUENCE);
  const publicKey = readKey(expectTag(tbs[i + 5], TAG.SEQUENCE));
  let rest = i + 6;
  if (tbs[rest]?.tag === 0x81) rest++;
  if (tbs[rest]?.tag === 0x82) rest++;
  const extList = tbs[rest]?.tag === 0xa3 ? tbs[rest++] : undefined;
  if (rest !== tbs.length) throw new DerError('unexpected fields in tbsCertificate');
  if (extList && version !== 3) throw new DerError('extensions in a v1 certificate');
  const ext = readExtensions(extList);
  const sigAlg = algorithm(outerAlg);
  if (SIGNATURE_ALGORITHMS[sigAlg.id] && sigAlg.params)
    throw new DerError('ECDSA signature algorithms take no parameters'); // RFC 5758 section 3.2
  const notBefore = time(validity[0]);
  const notAfter = time(validity[1]);
  if (notAfter < notBefore) throw new DerError('validity ends before it begins');
  return {
    raw,
    tbs: tbsDer.raw,
    version,
    serial,
    issuerRaw: issuer.raw,
    subjectRaw: subject.raw,
    issuer: readName(issuer),
    subject: readName(subject),
    notBefore,
    notAfter,
    publicKey,
    signatureAlgorithm: sigAlg.id,
    signatureValue: wholeBits(sigBits),
    subjectKeyId: ext.subjectKeyId,
    authorityKeyId: ext.authorityKeyId,
    basicConstraints: ext.basicConstraints,
    keyUsage: ext.keyUsage,
    extendedKeyUsage: ext.extendedKeyUsage,
    policies: ext.policies,
    qcStatements: ext.qcStatements,
    drfo: ext.registry.drfo,
    edrpou: ext.registry.edrpou,
    unzr: ext.registry.unzr,
    extensions: ext.ids,
  };
}

/**
 * Reads one DER certificate with an ECDSA P-256 or P-384 key. Nothing is verified: see `buildEcChain`.
 *
 * @throws {AcceptError} `CERTIFICATE_MALFORMED` (not strict DER, a field out of place, an unknown critical
 *   extension), `CERTIFICATE_ALGORITHM_NOT_ALLOWED` (RSA or another key type, a curve other than P-256/P-384),
 *   `DER_LIMIT_EXCEEDED` (larger than {@link MAX_CERTIFICATE_BYTES}, or deeper, longer, wider than the DER
 *   limits).
 * @example
 * ```ts
 * const cert = parseEcCertificate(der);
 * console.log(cert.subject.commonName, cert.drfo, cert.publicKey.curve);
 * ```
 */
export function parseEcCertificate(der: Uint8Array): EcCertificate {
  if (!(der instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'a certificate must be a Uint8Array' });
  return parseAs('CERTIFICATE_MALFORMED', () => read(der));
}
