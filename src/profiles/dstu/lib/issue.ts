/**
 * A small certification authority for DSTU 4145 keys: fresh key pairs on a given domain, and X.509 v3
 * certificates (RFC 5280 section 4.1) with the extensions a Ukrainian qualified certificate carries. For
 * the sandbox's test CA and the tests (expired certificates, subjects with DRFO, EDRPOU, qcStatements); a
 * receiver never issues anything.
 *
 * @module
 */
import { bytesToBigint } from '../../../bytes.js';
import { TAG } from '../../../der.js';
import { encBits, encOctets, encOid, encTime, encUint, seq, setOf, tlv } from '../../../der-write.js';
import type { PrivateKey } from './container.js';
import { DSTU4145_LE, type DstuParams, encodePublicKey, publicKeyOf, sign } from './dstu4145.js';
import { gost34311 } from './gost34311.js';

/** Random bytes of a length. */
export type Random = (length: number) => Uint8Array;

/** A fresh private key on `params`' curve (its S-box kept for GOST 34.311). */
export function generateKey(params: DstuParams, random: Random): PrivateKey {
  const c = params.curve;
  for (;;) {
    const d = bytesToBigint(random(Math.ceil(c.f.m / 8) + 16)) % c.n;
    if (d > 0n) return { d, params, q: publicKeyOf(c, d) };
  }
}

/** One attribute of a name: its OID, its text, and its string tag (UTF8String unless given). */
export type NameAttribute = readonly [type: string, value: string, tag?: number];

/** A Name (RDNSequence), one attribute per RDN, in the order given. */
export function writeName(attributes: readonly NameAttribute[]): Uint8Array {
  const utf8 = new TextEncoder();
  return seq(
    ...attributes.map(([type, value, tag]) =>
      setOf(seq(encOid(type), tlv(tag ?? TAG.UTF8, utf8.encode(value)))),
    ),
  );
}

/** One Extension (RFC 5280 section 4.1): its OID, criticality, and the DER its OCTET STRING wraps. */
export const extension = (id: string, value: Uint8Array, critical = false): Uint8Array =>
  seq(encOid(id), ...(critical ? [Uint8Array.of(TAG.BOOLEAN, 1, 0xff)] : []), encOctets(value));

/** What a certificate states. */
export interface CertificateSpec {
  readonly serial: bigint;
  /** DER Names ({@link writeName}). */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  /** The subject's public key and its domain parameters. */
  readonly key: { readonly params: DstuParams; readonly q: PrivateKey['q'] };
  readonly subjectKeyId: Uint8Array;
  /** The issuer's subject key identifier; none for a self-signed root. */
  readonly authorityKeyId?: Uint8Array;
  /** `ca`: basicConstraints cA and keyCertSign + cRLSign; `sign`: digitalSignature + nonRepudiation. */
  readonly usage: 'ca' | 'sign' | 'agree';
  /** More extensions ({@link extension}). */
  readonly extensions?: readonly Uint8Array[];
}

const KEY_USAGE = {
  // BIT STRING with its unused-bit count: keyCertSign + cRLSign; digitalSignature + nonRepudiation; keyAgreement.
  ca: Uint8Array.of(TAG.BIT_STRING, 2, 1, 0x06),
  sign: Uint8Array.of(TAG.BIT_STRING, 2, 6, 0xc0),
  agree: Uint8Array.of(TAG.BIT_STRING, 2, 3, 0x08),
} as const;

/** A certificate signed by `issuerKey` (DSTU 4145, GOST 34.311 with the issuer's S-box). */
export function writeCertificate(spec: CertificateSpec, issuerKey: PrivateKey, random: Random): Uint8Array {
  const algorithm = seq(encOid(DSTU4145_LE));
  const { params, q } = spec.key;
  const spki = seq(
    seq(encOid(DSTU4145_LE), params.der),
    encBits(encOctets(encodePublicKey(params.curve, q))),
  );
  const extensions = [
    extension('2.5.29.14', encOctets(spec.subjectKeyId)),
    ...(spec.authorityKeyId ? [extension('2.5.29.35', seq(tlv(0x80, spec.authorityKeyId)))] : []),
    extension('2.5.29.15', KEY_USAGE[spec.usage], true),
    ...(spec.usage === 'ca' ? [extension('2.5.29.19', seq(Uint8Array.of(TAG.BOOLEAN, 1, 0xff)), true)] : []),
    ...(spec.extensions ?? []),
  ];
  const tbs = seq(
    tlv(0xa0, encUint(2)),
    encUint(spec.serial),
    algorithm,
    spec.issuer,
    seq(encTime(spec.notBefore), encTime(spec.notAfter)),
    spec.subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const c = issuerKey.params.curve;
  const nonce = (): bigint => bytesToBigint(random(Math.ceil(c.f.m / 8) + 16)) % c.n;
  const signature = sign(c, issuerKey.d, gost34311(tbs, issuerKey.params.sbox), nonce);
  return seq(tbs, algorithm, encBits(encOctets(signature)));
}
