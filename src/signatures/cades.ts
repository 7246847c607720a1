/**
 * The CAdES level of a signature of either algorithm, read from its unsigned attributes, and the
 * timestamps found there. Levels follow RFC 5126 (the text of ETSI TS 101 733 V1.7.3; TS 101 733 V2.2.1
 * keeps the forms): CAdES-BES section 4.3.1 (content-type, message-digest and an ESS signing-certificate
 * attribute, section 5.7.3), -T 4.4.1 (signature-time-stamp, 6.1.1), -C 4.4.2 (complete-certificate-
 * references 6.2.1 and complete-revocation-references 6.2.2), -X Long 4.4.3.1 (certificate-values 6.3.3,
 * revocation-values 6.3.4), -X Type 1 / Type 2 4.4.3.2-3 (CAdES-C-time-stamp 6.3.5, time-stamped-certs-
 * crls-references 6.3.6), -X Long Type 1 / 2 4.4.3.4, -A 4.4.4 (archive-time-stamp 6.4.1; v2 and the
 * archive-time-stamp-v3 of EN 319 122-1 recognised by OID).
 *
 * Not verified, on purpose: the signature of a timestamp authority (only the imprint of a signature
 * timestamp is checked against the signature it stamps), the references and values themselves (counted,
 * not matched), revocation (no CRL or OCSP is fetched or read), counter-signatures (listed as unknown).
 *
 * @module
 */
import { children, type Der, DerError, oid, TAG } from '../der.js';
import { AcceptError } from '../errors.js';
import { type ImprintHashes, readTimestamp, type TimestampFound } from './timestamp.js';

const AA = '1.2.840.113549.1.9.16.2';

/** The unsigned attributes this module reads (RFC 5126 section 6; archive v3: EN 319 122-1). */
export const CADES_ATTRIBUTES = {
  signatureTimestamp: `${AA}.14`,
  completeCertificateRefs: `${AA}.21`,
  completeRevocationRefs: `${AA}.22`,
  certificateValues: `${AA}.23`,
  revocationValues: `${AA}.24`,
  cadesCTimestamp: `${AA}.25`,
  timestampedCertsCrlsRefs: `${AA}.26`,
  archiveTimestamp: `${AA}.27`,
  archiveTimestampV2: `${AA}.48`,
  archiveTimestampV3: '0.4.0.1733.2.4',
  counterSignature: '1.2.840.113549.1.9.6',
} as const;

/** The signed attribute that makes a BES an EPES (RFC 5126 section 5.8.1). */
const SIGNATURE_POLICY = `${AA}.15`;
/**
 * The CAdES form found, the highest whose requirements all hold. `CMS` when the signed attributes lack
 * an ESS signing-certificate attribute (RFC 5126 section 5.7.3 makes one mandatory for CAdES-BES).
 */
export type CadesLevel =
  | 'CMS'
  | 'BES'
  | 'T'
  | 'C'
  | 'X-Type-1'
  | 'X-Type-2'
  | 'X-Long'
  | 'X-Long-Type-1'
  | 'X-Long-Type-2'
  | 'A';

/** What the unsigned attributes hold. */
export interface CadesFindings {
  readonly level: CadesLevel;
  /** A signature-policy-identifier signed attribute is present (CAdES-EPES, RFC 5126 section 4.3.2). */
  readonly policy: boolean;
  /** The timestamps, in the order found. */
  readonly timestamps: readonly TimestampFound[];
  /** Items in each reference or value attribute present, by attribute name. */
  readonly counts: Readonly<Partial<Record<keyof typeof CADES_ATTRIBUTES, number>>>;
  /** The OIDs of unsigned attributes this module does not know, in order. */
  readonly unknown: readonly string[];
}

/** Unsigned attributes read at most; timestamps and certificate values inside them likewise. */
export const MAX_UNSIGNED_ATTRIBUTES = 32;
const MAX_TIMESTAMPS = 8;
const MAX_VALUES = 64;

/** The attribute's name in {@link CADES_ATTRIBUTES}, or undefined. */
const nameOf = (id: string): keyof typeof CADES_ATTRIBUTES | undefined =>
  (Object.keys(CADES_ATTRIBUTES) as (keyof typeof CADES_ATTRIBUTES)[]).find(
    (k) => CADES_ATTRIBUTES[k] === id,
  );

/** What {@link readUnsignedAttributes} reads, from a SignerInfo of either algorithm. */
export interface SignerAttributes {
  /** The `[1] IMPLICIT` unsignedAttrs of the SignerInfo, when present. */
  readonly unsignedAttrs: Der | undefined;
  /** The SignerInfo's signature value, which a signature timestamp's imprint must hash. */
  readonly signature: Uint8Array;
  /** Whether an ESS signing-certificate attribute bound the signer's certificate (CAdES-BES needs one). */
  readonly signingCertificate: boolean;
  /** The OIDs of the signed attributes. */
  readonly signedAttributes: readonly string[];
  /** Reads a certificate of certificate-values, throwing when it is not one. */
  readonly readCertificate: (der: Uint8Array) => unknown;
  /** The imprint hashes allowed (default SHA-2; the DSTU profile adds GOST 34.311). */
  readonly imprints?: ImprintHashes;
}

/**
 * Reads the unsigned attributes and decides the level. Malformed known attributes are
 * `SIGNATURE_MALFORMED` (through the caller's `parseAs`); a signature timestamp over anything but this
 * signature is `SIGNATURE_TIMESTAMP_MISMATCH`.
 */
export function readUnsignedAttributes(signer: SignerAttributes): CadesFindings {
  const timestamps: TimestampFound[] = [];
  const counts: Partial<Record<keyof typeof CADES_ATTRIBUTES, number>> = {};
  const unknown: string[] = [];
  const attrs = signer.unsignedAttrs ? children(signer.unsignedAttrs) : [];
  if (attrs.length > MAX_UNSIGNED_ATTRIBUTES)
    throw new AcceptError('DER_LIMIT_EXCEEDED', { detail: `${attrs.length} unsigned attributes` });
  for (const attr of attrs) {
    const [type, values] = children(attr, TAG.SEQUENCE);
    const id = oid(type);
    const name = nameOf(id);
    const items = children(values as Der, TAG.SET);
    if (items.length === 0) throw new DerError('attribute without a value');
    if (!name) {
      unknown.push(id);
      continue;
    }
    counts[name] = (counts[name] ?? 0) + countItems(name, items, signer.readCertificate);
    if (isTimestamp(name)) {
      for (const token of items) {
        if (timestamps.length >= MAX_TIMESTAMPS)
          throw new AcceptError('DER_LIMIT_EXCEEDED', { detail: 'more than 8 timestamps' });
        timestamps.push(
          readTimestamp(
            token,
            id,
            name === 'signatureTimestamp' ? signer.signature : undefined,
            signer.imprints,
          ),
        );
      }
    }
  }
  const policy = signer.signedAttributes.includes(SIGNATURE_POLICY);
  return { level: levelOf(signer.signingCertificate, counts), policy, timestamps, counts, unknown };
}

const isTimestamp = (name: keyof typeof CADES_ATTRIBUTES): boolean =>
  name === 'signatureTimestamp' ||
  name === 'cadesCTimestamp' ||
  name === 'timestampedCertsCrlsRefs' ||
  name.startsWith('archiveTimestamp');

/** The number of items an attribute carries (references, certificates, CRLs + OCSP responses, tokens). */
function countItems(
  name: keyof typeof CADES_ATTRIBUTES,
  items: readonly Der[],
  readCertificate: (der: Uint8Array) => unknown,
): number {
  const first = items[0] as Der;
  switch (name) {
    case 'completeCertificateRefs':
    case 'completeRevocationRefs':
      return children(first, TAG.SEQUENCE).length;
    case 'certificateValues': {
      const certs = children(first, TAG.SEQUENCE);
      if (certs.length > MAX_VALUES)
        throw new AcceptError('DER_LIMIT_EXCEEDED', { detail: 'certificate-values' });
      // Each must be a certificate: a value that is not is malformed, not a longer chain.
      for (const c of certs) readCertificate(c.raw);
      return certs.length;
    }
    case 'revocationValues': {
      let n = 0;
      for (const part of children(first, TAG.SEQUENCE)) {
        // crlVals [0] and ocspVals [1] are SEQUENCE OF; otherRevVals [2] is one value.
        if (part.tag === 0xa2) n += 1;
        else if (part.tag === 0xa0 || part.tag === 0xa1)
          n += children(children(part)[0] as Der, TAG.SEQUENCE).length;
        else throw new DerError('bad RevocationValues');
      }
      return n;
    }
    default:
      return items.length;
  }
}

/** The form: RFC 5126 section 4.3-4.4, each level requiring the one below it. */
function levelOf(signingCertificate: boolean, counts: CadesFindings['counts']): CadesLevel {
  if (!signingCertificate) return 'CMS';
  const has = (name: keyof typeof CADES_ATTRIBUTES): boolean => name in counts;
  if (!has('signatureTimestamp')) return 'BES';
  if (!has('completeCertificateRefs') || !has('completeRevocationRefs')) return 'T';
  const long = has('certificateValues') && has('revocationValues');
  const type1 = has('cadesCTimestamp');
  const type2 = has('timestampedCertsCrlsRefs');
  const archive = has('archiveTimestamp') || has('archiveTimestampV2') || has('archiveTimestampV3');
  if (long && archive) return 'A';
  if (long) return type1 ? 'X-Long-Type-1' : type2 ? 'X-Long-Type-2' : 'X-Long';
  if (type1) return 'X-Type-1';
  if (type2) return 'X-Type-2';
  return 'C';
}
