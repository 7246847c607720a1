/**
 * ECDSA on the two NIST curves the Diia ID `ECDSA` keys can use (P-256, P-384) with SHA-256 or SHA-384:
 * the explicit allow-lists of curves, digests and signature algorithms, the strict reading of a DER
 * `ECDSA-Sig-Value` (RFC 3279 section 2.2.3) into the raw `r || s` form WebCrypto verifies (IEEE P1363), and
 * the WebCrypto calls themselves. Nothing here trusts a key: which key is asked is the caller's question.
 *
 * @module
 */

import { children, DerError, parseAs, readDer, TAG } from '../der.js';
import { AcceptError, type AcceptErrorCode } from '../errors.js';

/** A curve of the allow-list, by its WebCrypto name. */
export type EcCurveName = 'P-256' | 'P-384';

/** A digest of the allow-list, by its WebCrypto name. */
export type EcDigestName = 'SHA-256' | 'SHA-384';

interface CurveInfo {
  readonly name: EcCurveName;
  /** Octets of a field element and of a scalar (both curves have the two of one size). */
  readonly size: number;
  /** The order n of the base point. */
  readonly order: bigint;
}

/** id-ecPublicKey (RFC 5480). */
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** namedCurve OIDs of the allow-list (RFC 5480 section 2.1.1.1). */
export const CURVES: Readonly<Record<string, CurveInfo>> = Object.freeze({
  '1.2.840.10045.3.1.7': {
    name: 'P-256',
    size: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  '1.3.132.0.34': {
    name: 'P-384',
    size: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
});

/** Curves that are recognised and refused by name (so the refusal says which). */
export const REFUSED_CURVES: Readonly<Record<string, string>> = Object.freeze({
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
});

/** Digest OIDs of the allow-list (RFC 5754); SHA-1 and SHA-512 are refused. */
export const DIGESTS: Readonly<Record<string, EcDigestName>> = Object.freeze({
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
});

/** ecdsa-with-SHA256 / ecdsa-with-SHA384 (RFC 5758 section 3.2); ecdsa-with-SHA1 and RSA are refused. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, EcDigestName>> = Object.freeze({
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
});

/** The curve of a namedCurve OID, or a coded refusal naming it. */
export function curveOf(oid: string, code: AcceptErrorCode): CurveInfo {
  const curve = CURVES[oid];
  if (curve) return curve;
  throw new AcceptError(code, { detail: `curve ${REFUSED_CURVES[oid] ?? oid} is not allowed` });
}

export function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!s) throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'WebCrypto (crypto.subtle) is missing' });
  return s;
}

/** SHA-256 or SHA-384 of `data` with WebCrypto. */
export async function digest(name: EcDigestName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(name, data as Uint8Array<ArrayBuffer>));
}

function scalar(value: Uint8Array, curve: CurveInfo): Uint8Array {
  if (value.length === 0) throw new DerError('empty integer');
  if ((value[0] as number) & 0x80) throw new DerError('negative integer');
  if (value.length > 1 && value[0] === 0 && ((value[1] as number) & 0x80) === 0)
    throw new DerError('non-minimal integer');
  const bytes = value[0] === 0 ? value.subarray(1) : value;
  if (bytes.length > curve.size) throw new DerError('integer out of range');
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  // 1 ≤ r, s < n (SEC 1 section 4.1.4 step 1): a zero or an s + n is not another encoding of a valid value.
  if (n === 0n || n >= curve.order) throw new DerError('integer out of range');
  const out = new Uint8Array(curve.size);
  out.set(bytes, curve.size - bytes.length);
  return out;
}

/**
 * A DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` as the IEEE P1363 `r || s` WebCrypto takes,
 * each padded to the curve's size. Refuses (as `code`) anything but exactly that: BER lengths, trailing
 * bytes, a third element, negative or non-minimal integers, r or s of 0 or not below the group order.
 */
export function ecdsaDerToP1363(
  signature: Uint8Array,
  curve: EcCurveName,
  code: AcceptErrorCode,
): Uint8Array {
  const info = Object.values(CURVES).find((c) => c.name === curve) as CurveInfo;
  return parseAs(code, () => {
    if (signature.length > 2 * info.size + 8) throw new DerError('signature too long');
    const parts = children(readDer(signature), TAG.SEQUENCE);
    if (parts.length !== 2) throw new DerError('ECDSA-Sig-Value must hold exactly r and s');
    const [r, s] = parts.map((p) => {
      if (p.tag !== TAG.INTEGER) throw new DerError('r and s must be INTEGERs');
      return scalar(p.value, info);
    }) as [Uint8Array, Uint8Array];
    const out = new Uint8Array(2 * info.size);
    out.set(r, 0);
    out.set(s, info.size);
    return out;
  });
}

/** A public key imported from its SubjectPublicKeyInfo DER; a key WebCrypto refuses is `code`. */
export async function importSpki(
  spki: Uint8Array,
  curve: EcCurveName,
  code: AcceptErrorCode,
): Promise<CryptoKey> {
  try {
    return await subtle().importKey(
      'spki',
      spki as Uint8Array<ArrayBuffer>,
      { name: 'ECDSA', namedCurve: curve },
      false,
      ['verify'],
    );
  } catch (error) {
    throw new AcceptError(code, { cause: error, detail: 'the public key is not a point of its curve' });
  }
}

/**
 * Whether `signatureDer` (DER `ECDSA-Sig-Value`) is `key`'s signature over `data` with `hash`. A signature
 * that is not strict DER throws `code`; a well-formed wrong one returns false.
 */
export async function verifyEcdsa(
  key: CryptoKey,
  curve: EcCurveName,
  hash: EcDigestName,
  signatureDer: Uint8Array,
  data: Uint8Array,
  code: AcceptErrorCode,
): Promise<boolean> {
  const raw = ecdsaDerToP1363(signatureDer, curve, code);
  return subtle().verify(
    { name: 'ECDSA', hash },
    key,
    raw as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
}
