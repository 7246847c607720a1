/**
 * DSTU 4145-2002 signatures and key agreement over the curves of `curve.ts`, and the reading of the
 * standard's parameters (named curve or explicit GF(2^m) curve, optional S-box) from DER.
 *
 * @module
 */

import { bigintToLe, hex, leToBigint } from '../../../bytes.js';
import { children, type Der, DerError, octets, oid, readDer, smallInt, TAG, uint } from '../../../der.js';
import { field } from './binary-field.js';
import { type Curve, compress, decompress, negate, type Point } from './curve.js';
import { NAMED_CURVE_OID, namedCurve } from './curves.js';
import { mul } from './field.js';
import { combinedX } from './interleave.js';
import { hasOrderN, multiply, multiplySecretX } from './ladder.js';

/** OID of DSTU 4145-2002 keys and signatures with GOST 34.311 in little-endian encoding. */
export const DSTU4145_LE = '1.2.804.2.1.1.1.1.3.1.1';
/** The big-endian variant (rare). */
export const DSTU4145_BE = '1.2.804.2.1.1.1.1.3.1.1.1.1';

/** Domain parameters of a DSTU 4145 key: the curve and the S-box for GOST 34.311 / 28147 (when given). */
export interface DstuParams {
  readonly curve: Curve;
  readonly sbox: Uint8Array | undefined;
  /** The DER of the parameters, to compare keys' domains. */
  readonly der: Uint8Array;
}

function fieldElement(bytes: Uint8Array, littleEndian: boolean): bigint {
  return littleEndian ? leToBigint(bytes) : leToBigint(bytes.slice().reverse());
}

const paramsCache = new Map<string, DstuParams>();

/**
 * Reads `DSTU4145Params` (named curve or explicit `ECBinary`, then the optional DKE S-box). Results are
 * cached by their DER: every certificate of a CA repeats the same parameters.
 */
export function readParams(der: Der, littleEndian = true): DstuParams {
  const key = `${littleEndian}:${hex(der.raw)}`;
  const hit = paramsCache.get(key);
  if (hit) return hit;
  const params = readParamsUncached(der, littleEndian);
  if (paramsCache.size < 64) paramsCache.set(key, params);
  return params;
}

function readParamsUncached(der: Der, littleEndian: boolean): DstuParams {
  const items = children(der, TAG.SEQUENCE);
  const first = items[0];
  if (!first) throw new DerError('empty DSTU parameters');
  let curve: Curve | undefined;
  if (first.tag === TAG.OID) {
    const id = oid(first);
    if (!id.startsWith(`${NAMED_CURVE_OID}.`)) throw new DerError('unknown curve');
    curve = namedCurve(Number(id.slice(NAMED_CURVE_OID.length + 1)));
    if (!curve) throw new DerError('unknown curve');
  } else {
    const ec = children(first, TAG.SEQUENCE);
    let i = 0;
    if (ec[0]?.tag === 0xa0) {
      if (smallInt(children(ec[0])[0]) !== 0) throw new DerError('unsupported curve version');
      i = 1;
    }
    const fieldDer = children(ec[i] as Der, TAG.SEQUENCE);
    const m = smallInt(fieldDer[0]);
    const poly = fieldDer[1];
    const middle = poly?.tag === TAG.SEQUENCE ? children(poly).map((k) => smallInt(k)) : [smallInt(poly)];
    if (m < 100 || m > 700 || m % 2 === 0 || middle.some((k) => k <= 0 || k >= m))
      throw new DerError('bad field');
    const a = uint(ec[i + 1]);
    if (a > 1n) throw new DerError('bad A');
    const f = field(
      m,
      [...middle].sort((x, y) => x - y),
    );
    const b = fieldElement(octets(ec[i + 2]), littleEndian);
    const n = uint(ec[i + 3]);
    // Bounds from the curve's size (Hasse): they keep a crafted certificate from making the ladder run over
    // an arbitrarily long order or the field code work on unreduced elements.
    if (b === 0n || b >> BigInt(m) || n < 1n << BigInt(m >> 1) || n.toString(2).length > m + 1) {
      throw new DerError('curve parameters out of range');
    }
    const partial: Curve = { f, a, b, n, g: null };
    const g = decompress(partial, fieldElement(octets(ec[i + 4]), littleEndian));
    curve = { f, a, b, n, g };
  }
  const dke = items[1];
  const sbox = dke ? octets(dke) : undefined;
  if (sbox && sbox.length !== 64) throw new DerError('bad S-box');
  return { curve, sbox, der: der.raw };
}

/** Bytes of a field element / scalar of this curve, little-endian. */
export const elementLength = (c: Curve): number => Math.ceil(c.f.m / 8);

// Checking a key's subgroup costs a scalar multiplication; certificates repeat on every delivery.
const keyCache = new Map<string, Point>();

/**
 * Reads a public key: an OCTET STRING (inside the SPKI BIT STRING) with the compressed point, in the subgroup.
 */
export function readPublicKey(c: Curve, keyBits: Uint8Array, littleEndian = true): Point {
  const cacheKey = `${c.f.poly.toString(16)}:${c.b.toString(16)}:${c.n.toString(16)}:${littleEndian}:${hex(keyBits)}`;
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  const inner = octets(readDer(keyBits));
  const p = decompress(c, fieldElement(inner, littleEndian));
  if (p === null || p.x === 0n) throw new DerError('public key at infinity or of order 2');
  // A key outside the prime-order subgroup would let a peer probe the partner's private key modulo the
  // cofactor; the cofactor in the key agreement already cancels that, this keeps signatures honest too.
  if (!hasOrderN(c, p)) throw new DerError('public key not in the prime-order subgroup');
  if (keyCache.size >= 256) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(cacheKey, p);
  return p;
}

/** The public key for a private scalar: Q = −dP (DSTU 4145 negates). */
export const publicKeyOf = (c: Curve, d: bigint): Point => negate(multiply(c, c.g, d));

/** The public key as the bytes of its OCTET STRING (compressed, little-endian). */
export const encodePublicKey = (c: Curve, q: Point): Uint8Array =>
  bigintToLe(compress(c, q), elementLength(c));

/** The hash as a field element: its bytes little-endian, cut to m bits; zero becomes one. */
function hashElement(c: Curve, hash: Uint8Array): bigint {
  const h = leToBigint(hash) & c.f.mask;
  return h === 0n ? 1n : h;
}

/** The signature value r truncated to L(n) − 1 bits. */
function truncate(c: Curve, y: bigint): bigint {
  const bitsN = c.n.toString(2).length;
  return y & ((1n << BigInt(bitsN - 1)) - 1n);
}

/** Verifies a DSTU 4145 signature: `sig` is r then s, each little-endian and half its length. */
export function verify(c: Curve, q: Point, hash: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length % 2 !== 0 || sig.length < 2) return false;
  const half = sig.length / 2;
  const r = leToBigint(sig.subarray(0, half));
  const s = leToBigint(sig.subarray(half));
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  // Public values only: the variable-time interleaved multiplication is fine here.
  const x = combinedX(c, s, q, r);
  if (x === null) return false;
  const y = mul(c.f, hashElement(c, hash), x);
  return truncate(c, y) === r;
}

/** Signs with private scalar `d`; `nonce` gives fresh random scalars in [1, n). */
export function sign(c: Curve, d: bigint, hash: Uint8Array, nonce: () => bigint): Uint8Array {
  const h = hashElement(c, hash);
  const length = Math.ceil(c.n.toString(2).length / 8);
  for (;;) {
    const e = nonce();
    if (e <= 0n || e >= c.n) continue;
    const fx = multiplySecretX(c, c.g, e, randomBytes);
    if (fx === null || fx === 0n) continue;
    const r = truncate(c, mul(c.f, h, fx));
    if (r === 0n) continue;
    const s = (e + d * r) % c.n;
    if (s === 0n) continue;
    const out = new Uint8Array(2 * length);
    out.set(bigintToLe(r, length), 0);
    out.set(bigintToLe(s, length), length);
    return out;
  }
}

/**
 * Cofactor Diffie–Hellman (1.2.804.2.1.1.1.1.3.4): Z = x(h·d·Q) with the curve's cofactor h, as the
 * little-endian bytes of a field element. Throws RangeError when the product is the point at infinity.
 */
export function agree(c: Curve, d: bigint, q: Point): Uint8Array {
  const h = cofactor(c);
  const x = multiplySecretX(c, q, (d * h) % c.n, randomBytes);
  if (x === null) throw new RangeError('shared point at infinity');
  return bigintToLe(x, elementLength(c));
}

/** Randomness for scalar blinding (Web Crypto, read at call time). */
const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

/** The cofactor #E / n: 2 when A = 1, 4 when A = 0, for every DSTU 4145 curve. */
export const cofactor = (c: Curve): bigint => (c.a === 1n ? 2n : 4n);
