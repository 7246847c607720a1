/**
 * RFC 3161 timestamp tokens as CAdES carries them (a content timestamp among the signed attributes, a
 * signature timestamp and the later ones among the unsigned): genTime, the message imprint and, for a
 * signature timestamp, whether the imprint is the hash of the signature it stamps. The TSA's own signature
 * over the token is not verified.
 *
 * @module
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../bytes.js';
import {
  children,
  DER_LIMITS,
  type Der,
  DerError,
  genTime,
  octets,
  oid,
  readDer,
  TAG,
  uint,
} from '../der.js';
import { AcceptError } from '../errors.js';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';

/** A hash a timestamp's imprint may use, by its OID. */
export type ImprintHashes = Readonly<Record<string, (data: Uint8Array) => Uint8Array>>;

/**
 * The imprint hashes every signature may use (SHA-2); a profile adds its own (the DSTU profile adds
 * GOST 34.311), so this module needs no national algorithm of its own.
 */
export const SHA2_IMPRINTS: ImprintHashes = {
  '2.16.840.1.101.3.4.2.1': sha256,
  '2.16.840.1.101.3.4.2.2': sha384,
  '2.16.840.1.101.3.4.2.3': sha512,
};

/** A timestamp token read from an unsigned attribute. */
export interface TimestampFound {
  /** The attribute it came from (OID). */
  readonly attribute: string;
  /** TSTInfo genTime, ms since the epoch, as the token claims it. */
  readonly genTime: number;
  /** TSTInfo messageImprint hash algorithm (OID). */
  readonly imprintAlgorithm: string;
  /**
   * `true`: the imprint is the hash of this SignerInfo's signature value (signature timestamps only);
   * `undefined`: not checked (the other timestamps cover concatenations this module does not rebuild).
   */
  readonly imprintMatches: true | undefined;
  /** TSTInfo serialNumber, hex. */
  readonly serial: string;
  /** TSTInfo policy OID. */
  readonly policy: string;
  /** The TSA's own signature over the token is never verified here. */
  readonly tsaSignature: 'not-verified';
}

/**
 * A TimeStampToken (RFC 3161 section 2.4.2: ContentInfo, SignedData, eContent TSTInfo). With
 * `signatureValue`, the messageImprint must be its hash (RFC 5126 section 6.1.1).
 */
export function readTimestamp(
  token: Der,
  attribute: string,
  signatureValue?: Uint8Array,
  imprints: ImprintHashes = SHA2_IMPRINTS,
): TimestampFound {
  const [type, wrapper] = children(token, TAG.SEQUENCE);
  if (oid(type) !== '1.2.840.113549.1.7.2') throw new DerError('timestamp: not a SignedData');
  const fields = children(children(wrapper as Der, 0xa0)[0] as Der, TAG.SEQUENCE);
  const [eType, eContent] = children(fields[2] as Der, TAG.SEQUENCE);
  if (oid(eType) !== TST_INFO || !eContent) throw new DerError('timestamp: not a TSTInfo');
  const tst = children(readDerIn(octets(children(eContent, 0xa0)[0]), token), TAG.SEQUENCE);
  const policy = oid(tst[1]);
  const [imprintAlg, hashed] = children(tst[2] as Der, TAG.SEQUENCE);
  const imprintAlgorithm = oid(children(imprintAlg as Der, TAG.SEQUENCE)[0]);
  const imprint = octets(hashed);
  const serial = uint(tst[3], (token.budget?.limits ?? DER_LIMITS).maxSerialBytes).toString(16);
  const time = genTime(tst[4]);
  let imprintMatches: true | undefined;
  if (signatureValue) {
    const hash = imprints[imprintAlgorithm];
    if (!hash) throw mismatch(`imprint algorithm ${imprintAlgorithm} not supported`);
    if (!equalBytes(hash(signatureValue), imprint)) throw mismatch('the imprint is not of this signature');
    imprintMatches = true;
  }
  return {
    attribute,
    genTime: time,
    imprintAlgorithm,
    imprintMatches,
    serial,
    policy,
    tsaSignature: 'not-verified',
  };
}

const mismatch = (detail: string): AcceptError => new AcceptError('SIGNATURE_TIMESTAMP_MISMATCH', { detail });

/** Parses `bytes` (an OCTET STRING's DER content) under the same limits as `parent`. */
function readDerIn(bytes: Uint8Array, parent: Der): Der {
  const limits = parent.budget?.limits ?? DER_LIMITS;
  // A nested parse gets its own budget, bounded by what the outer one has left.
  const left = Math.max(1, parent.budget?.elements ?? limits.maxElements);
  return readDer(bytes, { ...limits, maxElements: left });
}
