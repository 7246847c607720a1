/**
 * CMS SignedData (RFC 5652 section 5) with DSTU 4145 signatures over GOST 34.311 digests: attached or
 * detached content, signed attributes (content type, message digest, signing time, content timestamp),
 * the signer found by issuer+serial or key identifier among the embedded and the caller's certificates.
 * The signature is checked here; whether the signer is trusted is `trust.ts`'s question.
 *
 * @module
 */
import { equalBytes, hex } from '../../../bytes.js';
import {
  children,
  type Der,
  DerError,
  type DerLimits,
  octets,
  oid,
  parseAs,
  readDer,
  TAG,
  time,
} from '../../../der.js';
import { sha256Hex } from '../../../digest.js';
import { AcceptError } from '../../../errors.js';
import { readTimestamp } from '../../../signatures/timestamp.js';
import { type Certificate, parseCertificate } from './certificate.js';
import { DSTU4145_LE, verify } from './dstu4145.js';
import { CMS, identifies } from './enveloped.js';
import { expandSBox } from './gost28147.js';
import { gost34311, gost34311InSlices } from './gost34311.js';

/** GOST 34.311-95 digest algorithm. */
export const GOST34311 = '1.2.804.2.1.1.1.1.2.1';

const ATTR = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimestamp: '1.2.840.113549.1.9.16.2.14',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
} as const;

export interface VerifiedSignedData {
  readonly content: Uint8Array;
  readonly signer: Certificate;
  /** Every certificate the SignedData carries. */
  readonly certificates: readonly Certificate[];
  readonly signingTime: number | undefined;
  /** genTime of the content timestamp token, as claimed (the TSA's signature is not checked). */
  readonly contentTimestamp: number | undefined;
}

/** genTime of a TimeStampToken (a SignedData around TSTInfo). */
const timestampTime = (token: Der): number => readTimestamp(token, ATTR.contentTimestamp).genTime;

type SignedOptions = { readonly detached?: Uint8Array; readonly certificates?: readonly Certificate[] };

/** How {@link readSignedData} reads: the opener's defaults, or the stricter reading of a CAdES check. */
export interface ReadOptions extends SignedOptions {
  /** Accept a SignedData with no content at all (the caller has only the digest). */
  readonly contentOptional?: boolean;
  /** Bounds of the DER reader (default `DER_LIMITS`). */
  readonly limits?: DerLimits;
  /** Refuse (`SIGNATURE_SIGNER_COUNT`) a SignedData with other than one SignerInfo, before reading any. */
  readonly singleSigner?: boolean;
  /** The code a digest or signature algorithm outside the allow-list is refused with. */
  readonly algorithmCode?: 'ENVELOPE_ALGORITHM_NOT_ALLOWED' | 'SIGNATURE_ALGORITHM_NOT_ALLOWED';
}

/** A SignedData read and its (first) signer found, before the content digest. */
export interface ReadSignedData {
  /** The attached content, else the detached one given; undefined only with `contentOptional`. */
  readonly content: Uint8Array | undefined;
  /** Whether the SignedData carries its content (`eContent` present). */
  readonly attached: boolean;
  readonly contentType: string;
  readonly certificates: Certificate[];
  readonly signer: Certificate;
  readonly key: NonNullable<ReturnType<Certificate['key']>>;
  readonly signedAttrs: Der | undefined;
  /** The `unsignedAttrs` [1] of the signer, where the CAdES levels above BES live. */
  readonly unsignedAttrs: Der | undefined;
  readonly signature: Uint8Array;
  /** SignerInfos in the SET; only the first is read. */
  readonly signerInfoCount: number;
}

/** Reads the SignedData, checks its algorithms and finds the signer's certificate. */
export function readSignedData(der: Uint8Array, options: ReadOptions): ReadSignedData {
  const algorithmCode = options.algorithmCode ?? 'ENVELOPE_ALGORITHM_NOT_ALLOWED';
  const [type, wrapper] = children(readDer(der, options.limits), TAG.SEQUENCE);
  if (oid(type) !== CMS.signedData) throw new DerError('not SignedData');
  const fields = children(children(wrapper as Der, 0xa0)[0] as Der, TAG.SEQUENCE);
  const [eType, eContent] = children(fields[2] as Der, TAG.SEQUENCE);
  const contentType = oid(eType);
  const attached = eContent ? octets(children(eContent, 0xa0)[0]) : undefined;
  if (attached && options.detached) throw new DerError('content both attached and detached');
  const content = attached ?? options.detached;
  if (!content && !options.contentOptional) throw new DerError('no content');
  let i = 3;
  const certificates: Certificate[] = [];
  if (fields[i]?.tag === 0xa0) {
    for (const c of children(fields[i] as Der))
      if (c.tag === TAG.SEQUENCE) certificates.push(parseCertificate(c.raw));
    i++;
  }
  if (fields[i]?.tag === 0xa1) i++;
  const signerInfos = children(fields[i] as Der, TAG.SET);
  if (options.singleSigner && signerInfos.length !== 1)
    throw new AcceptError('SIGNATURE_SIGNER_COUNT', { detail: `${signerInfos.length} SignerInfos` });
  const si = children(signerInfos[0] as Der, TAG.SEQUENCE);
  const [sid, digestAlg] = [si[1] as Der, si[2] as Der];
  if (oid(children(digestAlg, TAG.SEQUENCE)[0]) !== GOST34311) {
    throw new AcceptError(algorithmCode, { detail: 'digest' });
  }
  let j = 3;
  const signedAttrs = si[j]?.tag === 0xa0 ? (si[j++] as Der) : undefined;
  const sigAlg = oid(children(si[j++] as Der, TAG.SEQUENCE)[0]);
  // Only the little-endian form is in use (and tested against real signatures); the rare big-endian OID
  // is refused rather than guessed.
  if (sigAlg !== DSTU4145_LE) {
    throw new AcceptError(algorithmCode, { detail: 'signature' });
  }
  const signature = octets(si[j++]);
  const unsignedAttrs = si[j]?.tag === 0xa1 ? (si[j] as Der) : undefined;
  const pool = [...certificates, ...(options.certificates ?? [])];
  const signer = pool.find((c) => identifies(sid, c));
  const key = signer?.key();
  if (!signer || !key)
    throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', { detail: 'no certificate for the signer' });
  // The S-box is checked here, with the rest of the parameters, not halfway through the digest.
  expandSBox(key.params.sbox);
  return {
    content,
    attached: attached !== undefined,
    contentType,
    certificates,
    signer,
    key,
    signedAttrs,
    unsignedAttrs,
    signature,
    signerInfoCount: signerInfos.length,
  };
}

/** What the signed attributes said, once checked against the digest and the signature over them. */
export interface CheckedSigner {
  readonly signingTime: number | undefined;
  /** genTime of the content timestamp token, as claimed (the TSA's signature is not checked). */
  readonly contentTimestamp: number | undefined;
  /**
   * The ESS attribute that binds the signer's certificate: `v2` (signingCertificateV2, its hash checked
   * when GOST 34.311 or SHA-256), `v2-unchecked` (another hash algorithm), `v1` (ESS signingCertificate,
   * SHA-1, not checked), or undefined.
   */
  readonly signingCertificate: 'v2' | 'v2-unchecked' | 'v1' | undefined;
  /** The OIDs of the signed attributes, in their order. */
  readonly signedAttributes: readonly string[];
}

/**
 * Checks the signed attributes against the content digest (`messageDigest`, `contentType`) and the
 * signature over them; without signed attributes the signature is over `digest` itself.
 */
export function checkSigner(read: ReadSignedData, digest: Uint8Array): CheckedSigner {
  const { contentType, signer, key, signedAttrs, signature } = read;
  let signingTime: number | undefined;
  let contentTimestamp: number | undefined;
  let certId: { readonly algorithm: string; readonly hash: Uint8Array } | undefined;
  let signingCertificate: CheckedSigner['signingCertificate'];
  const signedAttributes: string[] = [];
  let hash = digest;
  if (signedAttrs) {
    let messageDigest: Uint8Array | undefined;
    let attrContentType: string | undefined;
    for (const attr of children(signedAttrs)) {
      const [attrType, values] = children(attr, TAG.SEQUENCE);
      const first = children(values as Der, TAG.SET)[0];
      const id = oid(attrType);
      signedAttributes.push(id);
      if (id === ATTR.messageDigest) messageDigest = octets(first);
      else if (id === ATTR.contentType) attrContentType = oid(first);
      else if (id === ATTR.signingTime) signingTime = time(first);
      else if (id === ATTR.contentTimestamp) contentTimestamp = timestampTime(first as Der);
      else if (id === ATTR.signingCertificateV2) certId = firstCertId(first as Der);
      else if (id === ATTR.signingCertificate) signingCertificate = 'v1';
    }
    if (!messageDigest || attrContentType !== contentType)
      throw new DerError('required signed attributes missing');
    if (!equalBytes(messageDigest, digest)) throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');
    // The signature covers the attributes re-tagged as SET OF (RFC 5652 section 5.4).
    const signedBytes = signedAttrs.raw.slice();
    signedBytes[0] = TAG.SET;
    hash = gost34311(signedBytes, key.params.sbox);
  }
  if (!key.littleEndian || !verify(key.params.curve, key.q, hash, signature)) {
    throw new AcceptError('SIGNATURE_INVALID');
  }
  // ESS signingCertificateV2 binds the signature to one certificate: another certificate with the same
  // issuer, serial or key must not be able to stand in for it.
  if (certId) {
    const checked = namesCertificate(certId, signer.raw);
    if (checked === false) {
      throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', {
        detail: 'signingCertificateV2 names another certificate',
      });
    }
    signingCertificate = checked ? 'v2' : 'v2-unchecked';
  }
  return { signingTime, contentTimestamp, signingCertificate, signedAttributes };
}

/** Checks the signed attributes against the content digest and the signature over them. */
function checkSignedData(read: ReadSignedData, digest: Uint8Array): VerifiedSignedData {
  const { content, certificates, signer } = read;
  if (!content) throw new DerError('no content');
  const { signingTime, contentTimestamp } = checkSigner(read, digest);
  return { content, signer, certificates, signingTime, contentTimestamp };
}

/**
 * Verifies the first signer of a SignedData. `detached` is the content when the SignedData does not carry
 * it. Throws `SIGNATURE_MALFORMED`, `SIGNATURE_DIGEST_MISMATCH`, `SIGNATURE_INVALID` or
 * `SIGNATURE_SIGNER_UNTRUSTED` (no certificate for the signer).
 */
export function verifySignedData(der: Uint8Array, options: SignedOptions = {}): VerifiedSignedData {
  return parseAs('SIGNATURE_MALFORMED', () => {
    const read = readSignedData(der, options);
    return checkSignedData(read, gost34311(read.content as Uint8Array, read.key.params.sbox));
  });
}

/**
 * {@link verifySignedData} with the content hashed in slices, a turn of the event loop between them: the
 * same result and errors, without holding the thread for the whole length of a large copy.
 */
export async function verifySignedDataInSlices(
  der: Uint8Array,
  options: SignedOptions = {},
): Promise<VerifiedSignedData> {
  const read = parseAs('SIGNATURE_MALFORMED', () => readSignedData(der, options));
  const digest = await gost34311InSlices(read.content as Uint8Array, read.key.params.sbox);
  return parseAs('SIGNATURE_MALFORMED', () => checkSignedData(read, digest));
}

const SHA256 = '2.16.840.1.101.3.4.2.1';

/** The hash of the first ESSCertIDv2 of a SigningCertificateV2 (RFC 5035); SHA-256 when no algorithm is given. */
function firstCertId(value: Der): { algorithm: string; hash: Uint8Array } {
  const [certs] = children(value, TAG.SEQUENCE);
  const [first] = children(certs as Der, TAG.SEQUENCE);
  const items = children(first as Der, TAG.SEQUENCE);
  if (items[0]?.tag === TAG.SEQUENCE)
    return { algorithm: oid(children(items[0])[0]), hash: octets(items[1]) };
  return { algorithm: SHA256, hash: octets(items[0]) };
}

/** Whether the certificate hash matches; undefined for hash algorithms other than these two (not checked). */
function namesCertificate(
  certId: { algorithm: string; hash: Uint8Array },
  certificate: Uint8Array,
): boolean | undefined {
  if (certId.algorithm === GOST34311) return equalBytes(certId.hash, gost34311(certificate));
  if (certId.algorithm === SHA256) return hex(certId.hash) === sha256Hex(certificate);
  return undefined;
}
