/**
 * CMS SignedData (RFC 5652) signed with ECDSA (RFC 5753) over SHA-256 or SHA-384, as a Diia ID `ECDSA`
 * signature of a file is expected to be: one SignerInfo, signed attributes required (contentType,
 * messageDigest; signingTime read; ESS signingCertificateV2 checked when present), content attached or
 * detached (the file, or the digest the partner computed of it), the signer found among the certificates the
 * SignedData carries, the signature checked with WebCrypto and the signer's chain built to the partner's CA
 * list at the signing time. Strict DER, bounded; every refusal is a coded {@link AcceptError}.
 *
 * @module
 */
import { equalBytes } from '../bytes.js';
import type { Clock } from '../clock.js';
import { type Duration, parseDuration } from '../clock.js';
import {
  children,
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
  time,
  uint,
} from '../der.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { type CadesFindings, readUnsignedAttributes } from './cades.js';
import { buildEcChain, type EcTrustStore, publicKeyOf } from './chain.js';
import { DIGESTS, digest, type EcDigestName, SIGNATURE_ALGORITHMS, subtle, verifyEcdsa } from './ecdsa.js';
import { type EcCertificate, parseEcCertificate } from './x509.js';

/** The attribute OIDs read here. */
export const CMS_ATTRIBUTES = Object.freeze({
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
  signatureTimestamp: '1.2.840.113549.1.9.16.2.14',
});

const SIGNED_DATA = '1.2.840.113549.1.7.2';
/** Hashes an ESSCertIDv2 may name (RFC 5035): the allow-list and SHA-512. */
const CERT_ID_HASHES: Readonly<Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'>> = {
  ...DIGESTS,
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** The largest SignedData read by default (an attached file and a few certificates). */
export const MAX_SIGNED_DATA_BYTES = 32 * 1024 * 1024;
/** Certificates a SignedData may carry. */
export const MAX_CARRIED_CERTIFICATES = 32;

/** A digest the partner computed of the signed file. */
export interface ContentDigest {
  readonly algorithm: EcDigestName;
  readonly value: Uint8Array;
}

/** Options of {@link verifyEcdsaSignedData}. */
export interface VerifyEcdsaSignedDataOptions {
  /** The partner's trusted CA certificates (`ecTrustStore`). */
  readonly trust: EcTrustStore;
  /** The signed file, for a detached signature (or to compare with the attached content). */
  readonly content?: Uint8Array;
  /** Or the file's digest, computed by the partner; its algorithm must be the one the signer used. */
  readonly digest?: ContentDigest;
  /**
   * The time at which the chain must be valid. Default: the signingTime attribute — the signer's own claim;
   * pass the time the signature was received to bound it by a time the partner knows.
   */
  readonly at?: number;
  /** Refuses a signingTime later than its now plus `maxClockSkew`. Default: none (no such check). */
  readonly clock?: Clock;
  /** Default `'5m'`. */
  readonly maxClockSkew?: Duration;
  /** The digests allowed; default both, `['SHA-256', 'SHA-384']`. */
  readonly digestAlgorithms?: readonly EcDigestName[];
  /** Default {@link MAX_SIGNED_DATA_BYTES}. */
  readonly maxBytes?: number;
}

const KNOWN = optionKeys<VerifyEcdsaSignedDataOptions>({
  trust: true,
  content: true,
  digest: true,
  at: true,
  clock: true,
  maxClockSkew: true,
  digestAlgorithms: true,
  maxBytes: true,
});

/** A verified ECDSA SignedData. The signer's certificate holds personal data: keep it out of logs. */
export interface VerifiedEcdsaSignedData {
  /** The signer's certificate. */
  readonly signer: EcCertificate;
  /** `[signer, …, anchor]`, verified at {@link checkedAt}. */
  readonly chain: readonly EcCertificate[];
  /** The signingTime attribute (the signer's claim), if present. */
  readonly signedAt: number | undefined;
  /** The time the chain was checked at. */
  readonly checkedAt: number;
  readonly digestAlgorithm: EcDigestName;
  /** The attached content; undefined for a detached signature. */
  readonly content: Uint8Array | undefined;
  /** The OIDs of the attributes found, in order. */
  readonly attributes: { readonly signed: readonly string[]; readonly unsigned: readonly string[] };
  /** Whether an ESS signingCertificateV2 was present (and so checked against the signer's certificate). */
  readonly signingCertificateV2: boolean;
  /** The CAdES level and timestamps read from the unsigned attributes (see `readUnsignedAttributes`). */
  readonly cades: CadesFindings;
}

interface CertId {
  readonly hash: 'SHA-256' | 'SHA-384' | 'SHA-512';
  readonly value: Uint8Array;
  readonly issuerSerial: { readonly issuers: readonly Uint8Array[]; readonly serial: bigint } | undefined;
}

interface Parsed {
  readonly contentType: string;
  readonly attached: Uint8Array | undefined;
  readonly certificates: EcCertificate[];
  readonly refusedCertificate: AcceptError | undefined;
  readonly sid: Der;
  readonly digestAlgorithm: EcDigestName;
  readonly signedAttrs: Der;
  readonly signatureHash: EcDigestName;
  readonly signature: Uint8Array;
  readonly attrs: {
    readonly contentType: string;
    readonly messageDigest: Uint8Array;
    readonly signingTime: number | undefined;
    readonly certId: CertId | undefined;
  };
  readonly signedIds: string[];
  readonly unsignedIds: string[];
  readonly unsignedAttrs: Der | undefined;
}

const notAllowed = (detail: string): AcceptError =>
  new AcceptError('SIGNATURE_ALGORITHM_NOT_ALLOWED', { detail });

/** An AlgorithmIdentifier of a digest: absent or NULL parameters (RFC 5754 section 2). */
function digestAlgorithm(der: Der | undefined): string {
  const parts = children(expectTag(der, TAG.SEQUENCE));
  if (parts.length < 1 || parts.length > 2) throw new DerError('bad AlgorithmIdentifier');
  if (parts[1] && (parts[1].tag !== TAG.NULL || parts[1].value.length !== 0))
    throw new DerError('digest parameters must be absent or NULL');
  return oid(parts[0]);
}

function single(values: Der | undefined): Der {
  const list = children(expectTag(values, TAG.SET));
  if (list.length !== 1) throw new DerError('the attribute must have exactly one value');
  return list[0] as Der;
}

function readCertId(value: Der): CertId {
  const [certs] = children(value, TAG.SEQUENCE);
  const [first] = children(expectTag(certs, TAG.SEQUENCE));
  const items = children(expectTag(first, TAG.SEQUENCE));
  let at = 0;
  let algorithm = '2.16.840.1.101.3.4.2.1'; // DEFAULT id-sha256
  if (items[0]?.tag === TAG.SEQUENCE) algorithm = digestAlgorithm(items[at++]);
  const hash = CERT_ID_HASHES[algorithm];
  if (!hash) throw notAllowed(`signingCertificateV2 hash ${algorithm}`);
  const certHash = octets(items[at++]);
  let issuerSerial: CertId['issuerSerial'];
  if (items[at]) {
    const [names, serial, extra] = children(expectTag(items[at++], TAG.SEQUENCE));
    if (extra) throw new DerError('bad IssuerSerial');
    const issuers = children(expectTag(names, TAG.SEQUENCE))
      .filter((n) => n.tag === 0xa4)
      .map((n) => {
        const inner = children(n);
        if (inner.length !== 1) throw new DerError('bad directoryName');
        return (inner[0] as Der).raw;
      });
    issuerSerial = { issuers, serial: uint(serial, 64) };
  }
  if (at !== items.length) throw new DerError('bad ESSCertIDv2');
  return { hash, value: certHash, issuerSerial };
}

function readAttributes(signedAttrs: Der): Pick<Parsed, 'attrs' | 'signedIds'> {
  const ids: string[] = [];
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  let signingTime: number | undefined;
  let certId: CertId | undefined;
  for (const attr of children(signedAttrs)) {
    const parts = children(attr, TAG.SEQUENCE);
    if (parts.length !== 2) throw new DerError('bad Attribute');
    const id = oid(parts[0]);
    // RFC 5652 section 5.3: one instance of each of these; any attribute twice is refused here.
    if (ids.includes(id)) throw new DerError(`signed attribute ${id} twice`);
    ids.push(id);
    if (id === CMS_ATTRIBUTES.contentType) contentType = oid(single(parts[1]));
    else if (id === CMS_ATTRIBUTES.messageDigest) messageDigest = octets(single(parts[1]));
    else if (id === CMS_ATTRIBUTES.signingTime) signingTime = time(single(parts[1]));
    else if (id === CMS_ATTRIBUTES.signingCertificateV2) certId = readCertId(single(parts[1]));
    else if (children(expectTag(parts[1], TAG.SET)).length === 0)
      throw new DerError('attribute without a value');
  }
  if (contentType === undefined || messageDigest === undefined)
    throw new DerError('contentType and messageDigest are required signed attributes');
  return { attrs: { contentType, messageDigest, signingTime, certId }, signedIds: ids };
}

function parse(der: Uint8Array, allowed: readonly EcDigestName[]): Parsed {
  const top = children(readDer(der), TAG.SEQUENCE);
  if (top.length !== 2 || oid(top[0]) !== SIGNED_DATA) throw new DerError('not a SignedData');
  const wrapped = children(expectTag(top[1], 0xa0));
  if (wrapped.length !== 1) throw new DerError('bad ContentInfo');
  const fields = children(wrapped[0] as Der, TAG.SEQUENCE);
  const version = smallInt(fields[0]);
  if (version !== 1 && version !== 3) throw new DerError(`SignedData version ${version}`);
  const listed = children(expectTag(fields[1], TAG.SET)).map(digestAlgorithm);
  const encap = children(expectTag(fields[2], TAG.SEQUENCE));
  if (encap.length < 1 || encap.length > 2) throw new DerError('bad EncapsulatedContentInfo');
  const contentType = oid(encap[0]);
  let attached: Uint8Array | undefined;
  if (encap[1]) {
    const inner = children(expectTag(encap[1], 0xa0));
    if (inner.length !== 1) throw new DerError('bad eContent');
    attached = octets(inner[0]); // primitive only: a constructed (BER) OCTET STRING is not DER
  }
  let i = 3;
  const certificates: EcCertificate[] = [];
  let refusedCertificate: AcceptError | undefined;
  if (fields[i]?.tag === 0xa0) {
    const carried = children(fields[i++] as Der);
    if (carried.length > MAX_CARRIED_CERTIFICATES)
      throw new DerLimitError(`${carried.length} certificates (at most ${MAX_CARRIED_CERTIFICATES})`);
    for (const c of carried) {
      if (c.tag !== TAG.SEQUENCE) continue; // attribute and other certificates are not used
      try {
        certificates.push(parseEcCertificate(c.raw));
      } catch (error) {
        // A certificate with another kind of key (the signer's, or a CA's of an RSA twin) is not used;
        // it is named only if the signer turns out to be one of them.
        if (error instanceof AcceptError && error.code === 'CERTIFICATE_ALGORITHM_NOT_ALLOWED')
          refusedCertificate ??= error;
        else throw error;
      }
    }
  }
  if (fields[i]?.tag === 0xa1) i++; // revocation information is not used
  const signerInfos = children(expectTag(fields[i++], TAG.SET));
  if (i !== fields.length) throw new DerError('unexpected fields in SignedData');
  if (signerInfos.length !== 1)
    throw new DerError(`${signerInfos.length} SignerInfos (exactly one is accepted)`);
  const si = children(signerInfos[0] as Der, TAG.SEQUENCE);
  const siVersion = smallInt(si[0]);
  const sid = si[1] as Der;
  if (!(siVersion === 1 && sid?.tag === TAG.SEQUENCE) && !(siVersion === 3 && sid?.tag === 0x80))
    throw new DerError('SignerInfo version and signer identifier disagree');
  const digestOid = digestAlgorithm(si[2]);
  const digestName = DIGESTS[digestOid];
  if (!digestName || !allowed.includes(digestName)) throw notAllowed(`digest ${digestOid}`);
  if (!listed.includes(digestOid)) throw new DerError('the digest is not among digestAlgorithms');
  let j = 3;
  if (si[j]?.tag !== 0xa0) throw new DerError('signed attributes are required');
  const signedAttrs = si[j++] as Der;
  const sigAlgParts = children(expectTag(si[j++], TAG.SEQUENCE));
  const sigOid = oid(sigAlgParts[0]);
  const signatureHash = SIGNATURE_ALGORITHMS[sigOid];
  if (!signatureHash) throw notAllowed(`signature ${sigOid} (ecdsa-with-SHA256/SHA384 only)`);
  if (sigAlgParts.length !== 1) throw new DerError('ECDSA signature algorithms take no parameters');
  if (signatureHash !== digestName) throw notAllowed('the signature and digest algorithms differ');
  const signature = octets(si[j++]);
  const unsignedIds: string[] = [];
  let unsignedAttrs: Der | undefined;
  if (si[j]?.tag === 0xa1) {
    unsignedAttrs = si[j++] as Der;
    for (const attr of children(unsignedAttrs)) unsignedIds.push(oid(children(attr, TAG.SEQUENCE)[0]));
  }
  if (j !== si.length) throw new DerError('unexpected fields in SignerInfo');
  return {
    contentType,
    attached,
    certificates,
    refusedCertificate,
    sid,
    digestAlgorithm: digestName,
    signedAttrs,
    signatureHash,
    signature,
    ...readAttributes(signedAttrs),
    unsignedIds,
    unsignedAttrs,
  };
}

function findSigner(p: Parsed): EcCertificate {
  let match: (c: EcCertificate) => boolean;
  if (p.sid.tag === 0x80) {
    const id = [...p.sid.value].map((b) => b.toString(16).padStart(2, '0')).join('');
    match = (c) => c.subjectKeyId === id;
  } else {
    const [issuer, serial, extra] = children(p.sid, TAG.SEQUENCE);
    if (extra) throw new DerError('bad IssuerAndSerialNumber');
    const name = expectTag(issuer, TAG.SEQUENCE).raw;
    const number = uint(serial, 64);
    match = (c) => c.serial === number && equalBytes(c.issuerRaw, name);
  }
  const signer = p.certificates.find(match);
  if (signer) return signer;
  if (p.refusedCertificate) throw p.refusedCertificate;
  throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', {
    detail: 'the SignedData does not carry the signer certificate',
  });
}

/**
 * Verifies a CMS SignedData signed with ECDSA P-256/P-384 over SHA-256/SHA-384 — a Diia ID `ECDSA` file
 * signature: exactly one SignerInfo; contentType and messageDigest signed attributes required; messageDigest
 * equal to the digest of the attached content, of `content`, or to `digest`; the signature over the DER SET OF
 * signed attributes verified with WebCrypto; ESS signingCertificateV2, when present, naming the signer's
 * certificate; the signer's chain built to `trust` and valid at `at` (default: signingTime, else the genTime
 * of a signature timestamp); the CAdES level read from the unsigned attributes, a signature timestamp's
 * imprint checked against this signature. Revocation and the timestamp authority's own signature are not
 * checked.
 *
 * @throws {AcceptError} `SIGNATURE_MALFORMED` (not strict DER, a required part missing, two SignerInfos, a
 *   truncated signature, r or s out of range), `SIGNATURE_ALGORITHM_NOT_ALLOWED` (RSA, SHA-1, P-521 …, or a
 *   digest outside `digestAlgorithms`), `SIGNATURE_DIGEST_MISMATCH` (another file), `SIGNATURE_INVALID`,
 *   `SIGNATURE_SIGNER_UNTRUSTED` (no signer certificate, signingCertificateV2 names another),
 *   `SIGNATURE_TIME_INVALID` (no time to check the chain at, or a signingTime in the future),
 *   `CERTIFICATE_*` (see `buildEcChain`, `parseEcCertificate`), `CERTIFICATE_USAGE_NOT_ALLOWED`,
 *   `DER_LIMIT_EXCEEDED`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * const trust = ecTrustStore([caDer]);
 * const result = await verifyEcdsaSignedData(p7s, { trust, content: fileBytes });
 * console.log(result.signer.subject.commonName, new Date(result.signedAt ?? result.checkedAt));
 * ```
 */
export async function verifyEcdsaSignedData(
  der: Uint8Array,
  options: VerifyEcdsaSignedDataOptions,
): Promise<VerifiedEcdsaSignedData> {
  refuseUnknownOptions(options, KNOWN, 'verifyEcdsaSignedData');
  if (!(der instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the SignedData must be a Uint8Array' });
  if (!options?.trust)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'verifyEcdsaSignedData: trust is required' });
  if (options.content !== undefined && options.digest !== undefined)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'give content or digest, not both' });
  if (options.content !== undefined && !(options.content instanceof Uint8Array))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'content must be a Uint8Array' });
  if (
    options.digest !== undefined &&
    (!(options.digest.value instanceof Uint8Array) ||
      !['SHA-256', 'SHA-384'].includes(options.digest.algorithm))
  )
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: "digest must be { algorithm: 'SHA-256' | 'SHA-384', value }",
    });
  const allowed = options.digestAlgorithms ?? ['SHA-256', 'SHA-384'];
  const maxBytes = options.maxBytes ?? MAX_SIGNED_DATA_BYTES;
  if (!Array.isArray(allowed) || !Number.isSafeInteger(maxBytes) || maxBytes <= 0)
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'digestAlgorithms must be an array, maxBytes a positive integer',
    });
  if (der.length > maxBytes)
    throw new AcceptError('DER_LIMIT_EXCEEDED', {
      detail: `SignedData of ${der.length} octets (at most ${maxBytes})`,
    });

  const p = parseAs('SIGNATURE_MALFORMED', () => parse(der, allowed));
  if (p.attrs.contentType !== p.contentType)
    throw new AcceptError('SIGNATURE_MALFORMED', {
      detail: 'the contentType attribute differs from the content',
    });
  const signer = parseAs('SIGNATURE_MALFORMED', () => findSigner(p));
  const usage = signer.keyUsage;
  if (usage && !usage.digitalSignature && !usage.nonRepudiation)
    throw new AcceptError('CERTIFICATE_USAGE_NOT_ALLOWED', { detail: 'keyUsage allows no signatures' });

  // What the messageDigest must equal.
  let expected: Uint8Array;
  if (p.attached) {
    if (options.content && !equalBytes(options.content, p.attached))
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', { detail: 'the attached content is another file' });
    expected = await digest(p.digestAlgorithm, p.attached);
    if (
      options.digest &&
      (options.digest.algorithm !== p.digestAlgorithm || !equalBytes(options.digest.value, expected))
    )
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', { detail: 'the attached content is another file' });
  } else if (options.content) {
    expected = await digest(p.digestAlgorithm, options.content);
  } else if (options.digest) {
    if (options.digest.algorithm !== p.digestAlgorithm) {
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH', {
        detail: `signed with ${p.digestAlgorithm}, the digest given is ${options.digest.algorithm}`,
      });
    }
    expected = options.digest.value;
  } else {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'a detached signature needs content or digest' });
  }
  if (!equalBytes(p.attrs.messageDigest, expected)) throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');

  // The signature covers the attributes re-tagged as SET OF (RFC 5652 section 5.4).
  const signed = p.signedAttrs.raw.slice();
  signed[0] = TAG.SET;
  const key = await publicKeyOf(signer);
  const curve = signer.publicKey.curve;
  if (!(await verifyEcdsa(key, curve, p.signatureHash, p.signature, signed, 'SIGNATURE_MALFORMED')))
    throw new AcceptError('SIGNATURE_INVALID');

  // ESS signingCertificateV2 binds the signature to one certificate (RFC 5035): another certificate with the
  // same key or the same issuer and serial must not stand in for it.
  const certId = p.attrs.certId;
  if (certId) {
    const hash = new Uint8Array(await subtle().digest(certId.hash, signer.raw as Uint8Array<ArrayBuffer>));
    const serialOk =
      !certId.issuerSerial ||
      (certId.issuerSerial.serial === signer.serial &&
        certId.issuerSerial.issuers.some((name) => equalBytes(name, signer.issuerRaw)));
    if (!equalBytes(hash, certId.value) || !serialOk) {
      throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED', {
        detail: 'signingCertificateV2 names another certificate',
      });
    }
  }

  // The CAdES level and the timestamps; a signature timestamp must hash this signature.
  const cades = parseAs('SIGNATURE_MALFORMED', () =>
    readUnsignedAttributes({
      unsignedAttrs: p.unsignedAttrs,
      signature: p.signature,
      signingCertificate: certId !== undefined,
      signedAttributes: p.signedIds,
      readCertificate: parseEcCertificate,
    }),
  );
  const signedAt = p.attrs.signingTime;
  const skew = parseDuration(options.maxClockSkew ?? '5m');
  if (signedAt !== undefined && options.clock) {
    if (signedAt > options.clock.now() + skew)
      throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'signingTime is in the future' });
  }
  // A signature is stamped after it is made: a signing time later than its own timestamp is a false claim.
  const stamped = cades.timestamps.find((s) => s.imprintMatches)?.genTime;
  if (signedAt !== undefined && stamped !== undefined && signedAt > stamped + skew)
    throw new AcceptError('SIGNATURE_TIME_INVALID', { detail: 'signingTime after its signature timestamp' });
  const checkedAt = options.at ?? signedAt ?? stamped;
  if (checkedAt === undefined)
    throw new AcceptError('SIGNATURE_TIME_INVALID', {
      detail: 'no signingTime and no time given to check at',
    });
  const chain = await buildEcChain(signer, {
    trust: options.trust,
    at: checkedAt,
    intermediates: p.certificates,
  });
  return {
    signer,
    chain,
    signedAt,
    checkedAt,
    digestAlgorithm: p.digestAlgorithm,
    content: p.attached,
    attributes: { signed: p.signedIds, unsigned: p.unsignedIds },
    signingCertificateV2: certId !== undefined,
    cades,
  };
}
