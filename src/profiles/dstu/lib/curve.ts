/**
 * DSTU 4145-2002 curves y^2 + xy = x^3 + Ax^2 + B over GF(2^m): affine points and their arithmetic, and the
 * standard's point compression. Scalar multiplication is in `ladder.ts`, the named curves in `curves.ts`.
 *
 * @module
 */
import type { Field } from './binary-field.js';
import { halfTrace, inv, mul, sqr, trace } from './field.js';

/** A curve with its base point of prime order n. */
export interface Curve {
  readonly f: Field;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly g: Point;
}

/** An affine point; `null` is the point at infinity. */
export type Point = { readonly x: bigint; readonly y: bigint } | null;

/** Whether an affine point satisfies the curve equation. */
export function onCurve(c: Curve, p: Point): boolean {
  if (p === null) return true;
  const { f } = c;
  if (p.x >> BigInt(f.m) || p.y >> BigInt(f.m)) return false;
  const x2 = sqr(f, p.x);
  const left = sqr(f, p.y) ^ mul(f, p.x, p.y);
  const right = mul(f, x2, p.x) ^ (c.a ? x2 : 0n) ^ c.b;
  return left === right;
}

/** P + Q in affine coordinates. */
export function add(c: Curve, p: Point, q: Point): Point {
  if (p === null) return q;
  if (q === null) return p;
  const { f } = c;
  if (p.x === q.x) {
    if (p.y === q.y) return double(c, p);
    return null;
  }
  const l = mul(f, p.y ^ q.y, inv(f, p.x ^ q.x));
  const x = sqr(f, l) ^ l ^ p.x ^ q.x ^ c.a;
  const y = mul(f, l, p.x ^ x) ^ x ^ p.y;
  return { x, y };
}

/** 2P in affine coordinates. */
export function double(c: Curve, p: Point): Point {
  if (p === null || p.x === 0n) return null;
  const { f } = c;
  const l = p.x ^ mul(f, p.y, inv(f, p.x));
  const x = sqr(f, l) ^ l ^ c.a;
  const y = sqr(f, p.x) ^ mul(f, l ^ 1n, x);
  return { x, y };
}

/** −P. */
export const negate = (p: Point): Point => (p === null ? null : { x: p.x, y: p.x ^ p.y });

/**
 * DSTU 4145 compression: x with its lowest bit replaced by Tr(y/x). Points of the prime-order subgroup have
 * Tr(x) = Tr(A), which gives the lowest bit back.
 */
export function compress(c: Curve, p: Point): bigint {
  if (p === null) throw new RangeError('cannot compress infinity');
  if (p.x === 0n) return 0n;
  const t = BigInt(trace(c.f, mul(c.f, p.y, inv(c.f, p.x))));
  return (p.x & ~1n) | t;
}

/** The inverse of {@link compress}; throws RangeError for a value that is not a subgroup point's. */
export function decompress(c: Curve, value: bigint): Point {
  const { f } = c;
  if (value >> BigInt(f.m)) throw new RangeError('compressed point too large');
  if (value === 0n) return { x: 0n, y: halfTrace(f, c.b) };
  const k = value & 1n;
  let x = value & ~1n;
  if (BigInt(trace(f, x)) !== c.a) x ^= 1n;
  const w = x ^ c.a ^ mul(f, c.b, inv(f, sqr(f, x)));
  if (trace(f, w) !== 0) throw new RangeError('not a curve point');
  let z = halfTrace(f, w);
  if (BigInt(trace(f, z)) !== k) z ^= 1n;
  const p = { x, y: mul(f, z, x) };
  if (!onCurve(c, p)) throw new RangeError('not a curve point');
  return p;
}
