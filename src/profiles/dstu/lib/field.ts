/**
 * GF(2^m) in polynomial basis, elements as bigints (bit i = coefficient of t^i). bigint arithmetic is not
 * constant-time; see the threat model for what that means for the partner's private key.
 *
 * @module
 */
import type { Field } from './binary-field.js';
import { fromWords, invWords, toWords, wordFieldOf } from './field-words.js';

/** Reduces a polynomial of any degree modulo the field polynomial. */
export function reduce(f: Field, a: bigint): bigint {
  const m = BigInt(f.m);
  let r = a;
  for (let hi = r >> m; hi !== 0n; hi = r >> m) {
    r &= f.mask;
    r ^= hi;
    for (const k of f.middle) r ^= hi << BigInt(k);
  }
  return r;
}

/** Product in the field: a 4-bit window over `b` with 16 precomputed multiples of `a`. */
export function mul(f: Field, a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  const table: bigint[] = new Array(16);
  table[0] = 0n;
  table[1] = a;
  for (let i = 2; i < 16; i += 2) {
    table[i] = (table[i >> 1] as bigint) << 1n;
    table[i + 1] = (table[i] as bigint) ^ a;
  }
  const digits = b.toString(16);
  let r = 0n;
  for (let i = 0; i < digits.length; i++) {
    r = (r << 4n) ^ (table[NIBBLE[digits.charCodeAt(i)] as number] as bigint);
  }
  return reduce(f, r);
}

// Spreading a hex digit's four bits to every other bit squares a polynomial without multiplication.
// Both tables are indexed by the character code of a lowercase hex digit (bigint.toString(16)).
const SPREAD: string[] = [];
const NIBBLE: number[] = [];
for (let v = 0; v < 16; v++) {
  const code = v.toString(16).charCodeAt(0);
  NIBBLE[code] = v;
  let spread = 0;
  for (let bit = 0; bit < 4; bit++) if ((v >> bit) & 1) spread |= 1 << (2 * bit);
  SPREAD[code] = spread.toString(16).padStart(2, '0');
}

export function sqr(f: Field, a: bigint): bigint {
  if (a === 0n) return 0n;
  const digits = a.toString(16);
  let s = '0x';
  for (let i = 0; i < digits.length; i++) s += SPREAD[digits.charCodeAt(i)];
  return reduce(f, BigInt(s));
}

/** a^(2^k). */
export function sqrn(f: Field, a: bigint, k: number): bigint {
  let r = a;
  for (let i = 0; i < k; i++) r = sqr(f, r);
  return r;
}

/** Inverse (Itoh–Tsujii on 32-bit words: a^(2^m − 2)). Zero has no inverse. */
export function inv(f: Field, a: bigint): bigint {
  if (a === 0n) throw new RangeError('zero has no inverse');
  const wf = wordFieldOf(f);
  const out = new Int32Array(wf.w);
  invWords(wf, toWords(wf, a), out);
  return fromWords(out);
}

/** The trace Tr(a) = a + a^2 + … + a^(2^(m−1)), 0 or 1. */
export function trace(f: Field, a: bigint): number {
  let t = a;
  let r = a;
  for (let i = 1; i < f.m; i++) {
    r = sqr(f, r);
    t ^= r;
  }
  return Number(t & 1n);
}

/** The half-trace (m odd): a solution z of z^2 + z = a when Tr(a) = 0. */
export function halfTrace(f: Field, a: bigint): bigint {
  let t = a;
  let r = a;
  for (let i = 1; i <= (f.m - 1) / 2; i++) {
    r = sqr(f, sqr(f, r));
    t ^= r;
  }
  return t;
}
