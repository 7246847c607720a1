/**
 * Writes CAdES signatures with DSTU 4145 over GOST 34.311: attached or detached, with or without a
 * signing time, with the unsigned attributes of the higher levels, and RFC 3161 timestamp tokens to put in
 * them. What a holder's app and a timestamp authority would produce, for the sandbox and the tests; a
 * receiver needs only `cades.ts`.
 *
 * @module
 */
import { bytesToBigint } from '../../../bytes.js';
import { encOctets, encOid, encTime, encUint, seq, setOf, tlv } from '../../../der-write.js';
import type { Certificate } from './certificate.js';
import type { PrivateKey } from './container.js';
import { DSTU4145_LE, sign } from './dstu4145.js';
import { gost34311 } from './gost34311.js';
import { GOST34311 } from './signed.js';

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const DATA = '1.2.840.113549.1.7.1';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';

/** A signing key with the certificate that names it. */
export interface Signer {
  readonly key: PrivateKey;
  readonly certificate: Certificate;
}

/** What one SignedData with one SignerInfo holds. */
export interface SignedDataSpec {
  /** The GOST 34.311 digest the messageDigest attribute carries. */
  readonly digest: Uint8Array;
  /** Attach this content (eContent); detached when absent. */
  readonly content?: Uint8Array;
  /** eContentType (id-data by default). */
  readonly contentType?: string;
  /** A signingTime attribute (ms); none when absent. */
  readonly signingTime?: number | undefined;
  /** The certificate signingCertificateV2 names (the signer's by default); `null` for no such attribute. */
  readonly essCertificate?: Uint8Array | null;
  /** More signed attributes (whole Attribute DER). */
  readonly signedAttributes?: readonly Uint8Array[];
  /** Unsigned attributes (whole Attribute DER), given the signature value once it exists. */
  readonly unsignedAttributes?: (signatureValue: Uint8Array) => readonly Uint8Array[];
  /** The signer identified by subjectKeyIdentifier (SignerInfo version 3) instead of issuer and serial. */
  readonly byKeyId?: boolean;
  /** No signed attributes at all: the signature is over the digest itself (plain CMS, not CAdES). */
  readonly withoutSignedAttributes?: boolean;
  /** Whether to carry the signer's certificate (default true). */
  readonly includeCertificate?: boolean;
}

/** One Attribute: its type and its values. */
export const attribute = (type: string, ...values: readonly Uint8Array[]): Uint8Array =>
  seq(encOid(type), setOf(...values));

const fromHex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

/** A DSTU 4145 signature of `hash` with fresh nonces from `random`. */
function signHash(key: PrivateKey, hash: Uint8Array, random: (length: number) => Uint8Array): Uint8Array {
  const curve = key.params.curve;
  const nonce = (): bigint => bytesToBigint(random(Math.ceil(curve.f.m / 8) + 16)) % curve.n;
  return sign(curve, key.d, hash, nonce);
}

/** A SignerInfo, given the signer and the spec (RFC 5652 section 5.3). */
function signerInfo(
  signer: Signer,
  spec: SignedDataSpec,
  random: (length: number) => Uint8Array,
): Uint8Array {
  const { key, certificate } = signer;
  const digestAlg = seq(encOid(GOST34311));
  const attrs = [
    attribute('1.2.840.113549.1.9.3', encOid(spec.contentType ?? DATA)),
    attribute('1.2.840.113549.1.9.4', encOctets(spec.digest)),
    ...(spec.signingTime === undefined ? [] : [attribute('1.2.840.113549.1.9.5', encTime(spec.signingTime))]),
    ...(spec.essCertificate === null
      ? []
      : [
          attribute(
            '1.2.840.113549.1.9.16.2.47',
            seq(seq(seq(digestAlg, encOctets(gost34311(spec.essCertificate ?? certificate.raw))))),
          ),
        ]),
    ...(spec.signedAttributes ?? []),
  ];
  const signedAttrs = setOf(...attrs);
  const bare = spec.withoutSignedAttributes === true;
  const signature = signHash(key, bare ? spec.digest : gost34311(signedAttrs, key.params.sbox), random);
  const implicit = signedAttrs.slice();
  implicit[0] = 0xa0;
  const sid =
    spec.byKeyId && certificate.subjectKeyId
      ? tlv(0x80, fromHex(certificate.subjectKeyId))
      : seq(certificate.issuerRaw, encUint(certificate.serial));
  const unsigned = spec.unsignedAttributes?.(signature) ?? [];
  return seq(
    encUint(spec.byKeyId ? 3 : 1),
    sid,
    digestAlg,
    ...(bare ? [] : [implicit]),
    seq(encOid(DSTU4145_LE)),
    encOctets(signature),
    ...(unsigned.length > 0 ? [tlv(0xa1, ...unsigned)] : []),
  );
}

/**
 * A ContentInfo around a SignedData with one SignerInfo per signer (a real signature has one; several are
 * for testing the refusal). `random` gives the signature nonces.
 */
export function writeCadesSignature(
  signers: Signer | readonly Signer[],
  spec: SignedDataSpec,
  random: (length: number) => Uint8Array,
): Uint8Array {
  const list = Array.isArray(signers) ? (signers as readonly Signer[]) : [signers as Signer];
  const encap = seq(
    encOid(spec.contentType ?? DATA),
    ...(spec.content ? [tlv(0xa0, encOctets(spec.content))] : []),
  );
  const signedData = seq(
    encUint(list.some(() => spec.byKeyId) ? 3 : 1),
    setOf(seq(encOid(GOST34311))),
    encap,
    ...(spec.includeCertificate === false ? [] : [tlv(0xa0, ...list.map((s) => s.certificate.raw))]),
    setOf(...list.map((s) => signerInfo(s, spec, random))),
  );
  return seq(encOid(SIGNED_DATA), tlv(0xa0, signedData));
}

/** What a timestamp token states. */
export interface TimestampSpec {
  /** messageImprint: its hash algorithm (OID) and value. */
  readonly imprintAlgorithm: string;
  readonly imprint: Uint8Array;
  /** genTime, ms (whole seconds are written unless `fraction` is given). */
  readonly genTime: number;
  /** Fraction digits after the seconds, e.g. '25' for .25 s (no trailing zero). */
  readonly fraction?: string;
  readonly serial: bigint;
  /** TSA policy OID. */
  readonly policy?: string;
}

function generalizedTime(ms: number, fraction?: string): Uint8Array {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const text = `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}${fraction ? `.${fraction}` : ''}Z`;
  return tlv(0x18, new TextEncoder().encode(text));
}

/** eContentType of a timestamp token: id-ct-TSTInfo (RFC 3161 section 2.4.2). */
export const TST_INFO_CONTENT_TYPE = TST_INFO;

/**
 * The TSTInfo of an RFC 3161 token (section 2.4.2), whatever key signs it: the DSTU writer below and the
 * ECDSA one of the sandbox's test CA both wrap this.
 */
export function writeTstInfo(spec: TimestampSpec): Uint8Array {
  return seq(
    encUint(1),
    encOid(spec.policy ?? '1.2.804.2.1.1.1.2.3.1'),
    seq(seq(encOid(spec.imprintAlgorithm)), encOctets(spec.imprint)),
    encUint(spec.serial),
    generalizedTime(spec.genTime, spec.fraction),
  );
}

/**
 * An RFC 3161 TimeStampToken: a SignedData whose eContent is the TSTInfo, signed by `tsa` (any DSTU key
 * stands in for a timestamp authority in tests).
 */
export function writeTimestampToken(
  tsa: Signer,
  spec: TimestampSpec,
  random: (length: number) => Uint8Array,
): Uint8Array {
  const tstInfo = writeTstInfo(spec);
  return writeCadesSignature(
    tsa,
    { content: tstInfo, contentType: TST_INFO, digest: gost34311(tstInfo, tsa.key.params.sbox) },
    random,
  );
}
