/**
 * u·G + v·Q for public scalars, as DSTU 4145 verification needs it: one pass of doublings in López–Dahab
 * projective coordinates shared by both scalars (interleaved width-w NAF), with the odd multiples of each
 * point precomputed once in affine form and remembered (the base point's per curve, a key's per key).
 * Variable time by design: the scalars and points of a verification are public. Secret scalars go through
 * the ladder in `ladder.ts`.
 *
 * @module
 */
import { add, type Curve, double, type Point } from './curve.js';
import {
  addWords,
  fromWords,
  invWords,
  isZeroWords,
  mulFixedWords,
  mulWords,
  sqrWords,
  toWords,
  type WordField,
  type Words,
  wordFieldOf,
} from './field-words.js';
import { curveBTable } from './ladder.js';

/** The odd multiples P, 3P, 5P, … of a point in affine word form (x, y, and x + y for negation). */
interface OddMultiples {
  readonly width: number;
  readonly x: readonly Words[];
  readonly y: readonly Words[];
  readonly xy: readonly Words[];
}

// Width 7 for the base point (32 points, once per curve), 5 for a key (8 points, once per key).
const BASE_WIDTH = 7;
const KEY_WIDTH = 5;
const tables = new WeakMap<object, OddMultiples>();

function oddMultiples(c: Curve, p: { x: bigint; y: bigint }, width: number): OddMultiples {
  const wf = wordFieldOf(c.f);
  const W = wf.w;
  const count = 1 << (width - 2);
  const twice = double(c, p);
  // Odd multiples of a point of prime order n > 2^width are never infinity nor of order 2.
  if (twice === null) throw new RangeError('point of small order');
  const tx = toWords(wf, twice.x);
  const ty = toWords(wf, twice.y);
  const txy = toWords(wf, twice.x ^ twice.y);
  const b = curveBTable(c, wf);
  // P, 3P, 5P, … by mixed additions of 2P in projective coordinates, then all made affine with one
  // inversion (Montgomery's trick) instead of one inversion per point.
  const state: Projective = {
    X: toWords(wf, p.x),
    Y: toWords(wf, p.y),
    Z: new Int32Array(W),
    t1: new Int32Array(W),
    t2: new Int32Array(W),
    t3: new Int32Array(W),
    t4: new Int32Array(W),
    infinity: false,
  };
  state.Z[0] = 1;
  const X: Words[] = [];
  const Y: Words[] = [];
  const Z: Words[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) addAffineInPlace(wf, state, c.a, b, tx, ty, txy);
    if (state.infinity || isZeroWords(state.Z)) throw new RangeError('point of small order');
    X.push(state.X.slice());
    Y.push(state.Y.slice());
    Z.push(state.Z.slice());
  }
  // prefix[i] = Z0·…·Zi; then walk back with the inverse of the whole product.
  const prefix: Words[] = [];
  for (let i = 0; i < count; i++) {
    const acc = (Z[i] as Words).slice();
    if (i > 0) mulWords(wf, prefix[i - 1] as Words, acc, acc);
    prefix.push(acc);
  }
  const inverse = new Int32Array(W);
  invWords(wf, prefix[count - 1] as Words, inverse);
  const x: Words[] = new Array(count);
  const y: Words[] = new Array(count);
  const xy: Words[] = new Array(count);
  const zInv = new Int32Array(W);
  const zInv2 = new Int32Array(W);
  for (let i = count - 1; i >= 0; i--) {
    if (i > 0) mulWords(wf, inverse, prefix[i - 1] as Words, zInv);
    else zInv.set(inverse);
    if (i > 0) mulWords(wf, inverse, Z[i] as Words, inverse);
    const xi = new Int32Array(W);
    const yi = new Int32Array(W);
    const xyi = new Int32Array(W);
    mulWords(wf, X[i] as Words, zInv, xi); // x = X/Z
    sqrWords(wf, zInv, zInv2);
    mulWords(wf, Y[i] as Words, zInv2, yi); // y = Y/Z²
    addWords(xi, yi, xyi);
    x[i] = xi;
    y[i] = yi;
    xy[i] = xyi;
  }
  return { width, x, y, xy };
}

function multiplesOf(c: Curve, p: { x: bigint; y: bigint }, width: number): OddMultiples {
  let t = tables.get(p);
  if (!t) {
    t = oddMultiples(c, p, width);
    tables.set(p, t);
  }
  return t;
}

/**
 * The width-w NAF of a non-negative scalar: digits odd and below 2^(w−1) in absolute value, least
 * significant first, at most one non-zero digit in any w consecutive positions.
 */
export function wnaf(k: bigint, width: number): Int8Array {
  const bits = k.toString(2);
  const length = bits.length;
  const bit = (i: number): number => (i < length ? bits.charCodeAt(length - 1 - i) & 1 : 0);
  const out = new Int8Array(length + 1);
  const full = 1 << width;
  let carry = 0;
  for (let i = 0; i <= length; ) {
    const low = bit(i) + carry;
    if ((low & 1) === 0) {
      carry = low >> 1;
      i++;
      continue;
    }
    let window = carry;
    for (let j = 0; j < width; j++) window += bit(i + j) << j;
    let d = window & (full - 1);
    if (d >= full >> 1) d -= full;
    out[i] = d;
    carry = (window - d) >> width;
    i += width;
  }
  return out;
}

/** López–Dahab state (X : Y : Z), x = X/Z, y = Y/Z², with scratch registers. */
interface Projective {
  readonly X: Words;
  readonly Y: Words;
  readonly Z: Words;
  readonly t1: Words;
  readonly t2: Words;
  readonly t3: Words;
  readonly t4: Words;
  infinity: boolean;
}

/** 2P in place: Z' = X²Z², X' = X⁴ + bZ⁴, Y' = bZ⁴·Z' + X'·(aZ' + Y² + bZ⁴). */
function doubleInPlace(wf: WordField, p: Projective, a: bigint, b: Int32Array): void {
  if (p.infinity) return;
  const { X, Y, Z, t1, t2, t3 } = p;
  sqrWords(wf, X, t1); // X²
  sqrWords(wf, Z, t2); // Z²
  mulWords(wf, t1, t2, Z); // Z' = X²Z²
  sqrWords(wf, t2, t2); // Z⁴
  mulFixedWords(wf, t2, b, t2); // bZ⁴
  sqrWords(wf, t1, t1); // X⁴
  addWords(t1, t2, X); // X'
  sqrWords(wf, Y, t3); // Y²
  addWords(t3, t2, t3); // Y² + bZ⁴
  if (a === 1n) addWords(t3, Z, t3);
  mulWords(wf, X, t3, t3); // X'·(aZ' + Y² + bZ⁴)
  mulWords(wf, t2, Z, Y); // bZ⁴·Z'
  addWords(Y, t3, Y);
  if (isZeroWords(Z)) p.infinity = true;
}

/** P + d·M in place for one NAF digit d of a scalar over the odd multiples M (−M is (x, x + y)). */
function addDigit(wf: WordField, p: Projective, a: bigint, b: Int32Array, d: number, m: OddMultiples): void {
  if (d === 0) return;
  const j = Math.abs(d) >> 1;
  const y = m.y[j] as Words;
  const xy = m.xy[j] as Words;
  addAffineInPlace(wf, p, a, b, m.x[j] as Words, d > 0 ? y : xy, d > 0 ? xy : y);
}

/** P + (x2, y2) in place (affine addend), Hankerson–Menezes–Vanstone Algorithm 3.25. */
function addAffineInPlace(
  wf: WordField,
  p: Projective,
  a: bigint,
  b: Int32Array,
  x2: Words,
  y2: Words,
  x2y2: Words,
): void {
  const { X, Y, Z, t1, t2, t3, t4 } = p;
  if (p.infinity) {
    X.set(x2);
    Y.set(y2);
    Z.fill(0);
    Z[0] = 1;
    p.infinity = false;
    return;
  }
  mulWords(wf, Z, x2, t1);
  sqrWords(wf, Z, t2); // Z1²
  addWords(X, t1, X); // B = X1 + x2·Z1
  mulWords(wf, Z, X, t1); // C = Z1·B
  mulWords(wf, t2, y2, t3);
  addWords(Y, t3, Y); // A = Y1 + y2·Z1²
  if (isZeroWords(X)) {
    if (isZeroWords(Y)) {
      // P equals the addend: double the affine point.
      X.set(x2);
      Y.set(y2);
      Z.fill(0);
      Z[0] = 1;
      doubleInPlace(wf, p, a, b);
    } else {
      p.infinity = true;
    }
    return;
  }
  sqrWords(wf, t1, Z); // Z3 = C²
  mulWords(wf, t1, Y, t3); // E = A·C
  if (a === 1n) addWords(t1, t2, t1); // C + a·Z1²
  sqrWords(wf, X, t2); // B²
  mulWords(wf, t2, t1, X); // D = B²(C + aZ1²)
  sqrWords(wf, Y, t2); // A²
  addWords(X, t2, X);
  addWords(X, t3, X); // X3 = A² + D + E
  mulWords(wf, x2, Z, t2);
  addWords(t2, X, t2); // F = X3 + x2·Z3
  sqrWords(wf, Z, t1); // Z3²
  addWords(t3, Z, t3); // E + Z3
  mulWords(wf, t3, t2, Y); // (E + Z3)·F
  mulWords(wf, t1, x2y2, t4); // (x2 + y2)·Z3²
  addWords(Y, t4, Y);
}

/**
 * The affine x of u·G + v·Q (G the curve's base point), or null for the point at infinity. Both points must
 * lie in the prime-order subgroup (the base point does; keys are checked when read).
 */
export function combinedX(c: Curve, u: bigint, q: Point, v: bigint): bigint | null {
  const g = c.g;
  if (g === null) throw new RangeError('curve without base point');
  const wf = wordFieldOf(c.f);
  const W = wf.w;
  const gm = multiplesOf(c, g, BASE_WIDTH);
  const du = wnaf(u, gm.width);
  const qm = q === null || q.x === 0n ? undefined : multiplesOf(c, q, KEY_WIDTH);
  // A public key is never infinity nor of order 2 (readPublicKey refuses both): only a caller's mistake
  // reaches here with one, and the slow generic route handles it.
  if (q !== null && !qm) return slowCombined(c, u, q, v);
  const dv = qm ? wnaf(v, qm.width) : new Int8Array(0);
  const b = curveBTable(c, wf);
  const p: Projective = {
    X: new Int32Array(W),
    Y: new Int32Array(W),
    Z: new Int32Array(W),
    t1: new Int32Array(W),
    t2: new Int32Array(W),
    t3: new Int32Array(W),
    t4: new Int32Array(W),
    infinity: true,
  };
  for (let i = Math.max(du.length, dv.length) - 1; i >= 0; i--) {
    doubleInPlace(wf, p, c.a, b);
    addDigit(wf, p, c.a, b, du[i] ?? 0, gm);
    if (qm) addDigit(wf, p, c.a, b, dv[i] ?? 0, qm);
  }
  if (p.infinity) return null;
  invWords(wf, p.Z, p.t1);
  mulWords(wf, p.X, p.t1, p.t1);
  return fromWords(p.t1);
}

/** Affine double-and-add, for a degenerate point only. */
function slowCombined(c: Curve, u: bigint, q: Point, v: bigint): bigint | null {
  let r: Point = null;
  const length = Math.max(u.toString(2).length, v.toString(2).length);
  for (let i = length - 1; i >= 0; i--) {
    r = double(c, r);
    if ((u >> BigInt(i)) & 1n) r = add(c, r, c.g);
    if ((v >> BigInt(i)) & 1n) r = add(c, r, q);
  }
  return r === null ? null : r.x;
}
