/**
 * Scalar multiplication on DSTU 4145 curves: the López–Dahab Montgomery ladder (the same field operations
 * for every bit of the scalar) on 32-bit word arithmetic, with scalar blinding for secret scalars.
 *
 * @module
 */
import { add, type Curve, double, negate, type Point } from './curve.js';
import { inv, mul, sqr } from './field.js';
import {
  addWords,
  fixedTable,
  fromWords,
  invWords,
  isZeroWords,
  mulFixedWords,
  mulWords,
  sqrWords,
  toWords,
  type WordField,
  wordFieldOf,
} from './field-words.js';

/**
 * kP by the López–Dahab Montgomery ladder. The scalar is first made a fixed bit length (k + n or k + 2n),
 * so the loop runs the same number of iterations and field operations for every k.
 */
export function multiply(c: Curve, p: Point, k: bigint): Point {
  if (p === null) return null;
  let e = ((k % c.n) + c.n) % c.n;
  if (e === 0n) return null;
  const len = c.n.toString(2).length;
  e += c.n;
  if (e.toString(2).length === len) e += c.n;
  return ladder(c, p, e, len + 1);
}

/**
 * kP for a secret k with scalar blinding: the ladder runs over k + r·n for a fresh 64-bit r, so the bits it
 * walks differ on every call even for the same key (r·n·P is the point at infinity), and the length is
 * fixed at L(n) + 63 bits (r is drawn again until the sum has that length: about one draw in two to four).
 */
export function multiplySecret(c: Curve, p: Point, k: bigint, random: (length: number) => Uint8Array): Point {
  if (p === null) return null;
  const e = ((k % c.n) + c.n) % c.n;
  if (e === 0n) return null;
  const len = c.n.toString(2).length + 63;
  for (;;) {
    let r = 0n;
    for (const b of random(8)) r = (r << 8n) | BigInt(b);
    const blinded = e + r * c.n;
    if (blinded.toString(2).length === len) return ladder(c, p, blinded, len);
  }
}

/**
 * Whether n·P is the point at infinity, i.e. P lies in the prime-order subgroup. Compression does not
 * guarantee it: on a curve with cofactor 4, P + T (T of order 2) decompresses too.
 */
export function hasOrderN(c: Curve, p: Point): boolean {
  if (p === null) return false;
  return ladder(c, p, c.n, c.n.toString(2).length) === null;
}

/**
 * The x-coordinate of kP for a secret k (blinded as {@link multiplySecret}), or null for the point at
 * infinity: what signing and the key agreement use, without recovering y.
 */
export function multiplySecretX(
  c: Curve,
  p: Point,
  k: bigint,
  random: (length: number) => Uint8Array,
): bigint | null {
  if (p === null) return null;
  const e = ((k % c.n) + c.n) % c.n;
  if (e === 0n) return null;
  if (p.x === 0n) return multiplySecret(c, p, e, random)?.x ?? null;
  const len = c.n.toString(2).length + 63;
  for (;;) {
    let r = 0n;
    for (const b of random(8)) r = (r << 8n) | BigInt(b);
    const blinded = e + r * c.n;
    if (blinded.toString(2).length !== len) continue;
    const wf = wordFieldOfCurve(c);
    const [x1, z1] = ladderWords(c, wf, p, blinded, len);
    if (isZeroWords(z1)) return null;
    invWords(wf, z1, z1);
    mulWords(wf, x1, z1, x1);
    return fromWords(x1);
  }
}

function ladder(c: Curve, p: { x: bigint; y: bigint }, e: bigint, bitLength: number): Point {
  if (p.x === 0n) return multiplySlow(c, p, e);
  const [x1, z1, x2, z2] = ladderWords(c, wordFieldOfCurve(c), p, e, bitLength);
  return recoverY(c, p, fromWords(x1), fromWords(z1), fromWords(x2), fromWords(z2));
}

/** The ladder's projective x-coordinates of kP and (k+1)P, as (x1, z1, x2, z2). */
function ladderWords(
  c: Curve,
  wf: WordField,
  p: { x: bigint; y: bigint },
  e: bigint,
  bitLength: number,
): [Int32Array, Int32Array, Int32Array, Int32Array] {
  const W = wf.w;
  const x = toWords(wf, p.x);
  // Two of the six products of every step are by x or by b: by their precomputed multiples.
  const xTable = fixedTable(wf, x);
  const bTable = curveBTable(c, wf);
  const b = toWords(wf, c.b);
  // (x1 : z1) = R0 and (x2 : z2) = R1, with R1 − R0 = P throughout.
  const x1 = x.slice();
  const z1 = new Int32Array(W);
  z1[0] = 1;
  const x2 = new Int32Array(W);
  const z2 = new Int32Array(W);
  sqrWords(wf, x, z2);
  sqrWords(wf, z2, x2);
  addWords(x2, b, x2);
  const t1 = new Int32Array(W);
  const t2 = new Int32Array(W);
  const t3 = new Int32Array(W);
  const bits = e.toString(2).padStart(bitLength, '0');
  // The top bit is set by construction: start from (P, 2P) and walk the remaining bits.
  for (let i = 1; i < bitLength; i++) {
    // bit 1: R0 = R0 + R1, R1 = 2R1; bit 0: R1 = R0 + R1, R0 = 2R0. A masked swap before and after makes
    // both the same field operations on the same registers (no branch, no index on the bit).
    const mask = -(bits.charCodeAt(i) & 1);
    swapWords(x1, x2, mask);
    swapWords(z1, z2, mask);
    // Madd into R1: z2' = (x1·z2 + x2·z1)², x2' = x·z2' + (x1·z2)(x2·z1)
    mulWords(wf, x1, z2, t1);
    mulWords(wf, x2, z1, t2);
    addWords(t1, t2, t3);
    sqrWords(wf, t3, z2);
    mulWords(wf, t1, t2, t1);
    mulFixedWords(wf, z2, xTable, x2);
    addWords(x2, t1, x2);
    // Mdouble of R0: z1' = x1²·z1², x1' = x1⁴ + b·z1⁴
    sqrWords(wf, x1, t1);
    sqrWords(wf, z1, t2);
    mulWords(wf, t1, t2, z1);
    sqrWords(wf, t1, t1);
    sqrWords(wf, t2, t2);
    mulFixedWords(wf, t2, bTable, t2);
    addWords(t1, t2, x1);
    swapWords(x1, x2, mask);
    swapWords(z1, z2, mask);
  }
  return [x1, z1, x2, z2];
}

/** Swaps a and b when mask is −1, leaves them when it is 0, with the same operations either way. */
function swapWords(a: Int32Array, b: Int32Array, mask: number): void {
  for (let i = 0; i < a.length; i++) {
    const t = ((a[i] as number) ^ (b[i] as number)) & mask;
    a[i] = (a[i] as number) ^ t;
    b[i] = (b[i] as number) ^ t;
  }
}

const wordFieldOfCurve = (c: Curve): WordField => wordFieldOf(c.f);

const bTables = new WeakMap<object, Int32Array>();

/** The 256 multiples of the curve's b ({@link fixedTable}), once per curve. */
export function curveBTable(c: Curve, wf: WordField): Int32Array {
  let t = bTables.get(c);
  if (!t) {
    t = fixedTable(wf, toWords(wf, c.b));
    bTables.set(c, t);
  }
  return t;
}

/** Affine kP from the ladder's projective x-coordinates of kP and (k+1)P (López–Dahab, "Mxy"). */
function recoverY(
  c: Curve,
  p: { x: bigint; y: bigint },
  x1: bigint,
  z1: bigint,
  x2: bigint,
  z2: bigint,
): Point {
  const { f } = c;
  if (z1 === 0n) return null;
  if (z2 === 0n) return negate(p);
  const { x, y } = p;
  const t3 = mul(f, z1, z2);
  const xs = mul(f, x1, inv(f, z1));
  const left = mul(f, x1 ^ mul(f, x, z1), x2 ^ mul(f, x, z2)) ^ mul(f, sqr(f, x) ^ y, t3);
  const ys = mul(f, mul(f, x ^ xs, left), inv(f, mul(f, x, t3))) ^ y;
  return { x: xs, y: ys };
}

/** Double-and-add; only for the degenerate input x = 0 (the point of order 2), never a secret. */
function multiplySlow(c: Curve, p: Point, k: bigint): Point {
  let r: Point = null;
  for (const bit of k.toString(2)) {
    r = double(c, r);
    if (bit === '1') r = add(c, r, p);
  }
  return r;
}
