/**
 * GF(2^m) on 32-bit words, where nearly all of the profile's time goes: the scalar-multiplication ladder
 * and the double-scalar multiplication of verification. The rest of the profile keeps bigint elements and
 * converts at the ends. Elements are little-endian Int32Arrays of `w` words (signed storage keeps every
 * value a small integer for the JIT: no word ever becomes a heap number); every function writes into a
 * caller's array, so the loops allocate nothing.
 *
 * @module
 */
import type { Field } from './binary-field.js';
import { combFor, fillCombTable, fixedCombFor } from './field-comb.js';

/** An element as words, least significant first. */
export type Words = Int32Array;

/** A field prepared for word arithmetic. */
export interface WordField {
  readonly m: number;
  readonly w: number;
  /** The exponents of the reduction polynomial below m (0 included). */
  readonly low: Int32Array;
  /** Scratch: the double-length product and the 16 multiples of the comb. */
  readonly product: Int32Array;
  readonly table: Int32Array;
  /** The comb unrolled for this word count (named curves), else undefined. */
  readonly comb: ((a: Int32Array, b: Int32Array, t: Int32Array, out: Int32Array) => void) | undefined;
  /** The same by a fixed operand's 256 precomputed multiples. */
  readonly fixedComb: ((a: Int32Array, t: Int32Array, out: Int32Array) => void) | undefined;
}

// Spreads the 8 bits of a byte to the even bits of 16: squaring is linear in GF(2)[t].
const SPREAD = new Int32Array(256);
for (let v = 0; v < 256; v++) {
  let s = 0;
  for (let bit = 0; bit < 8; bit++) if ((v >> bit) & 1) s |= 1 << (2 * bit);
  SPREAD[v] = s;
}

export function wordField(f: Field): WordField {
  const w = Math.ceil(f.m / 32);
  return {
    m: f.m,
    w,
    low: Int32Array.from([0, ...f.middle]),
    product: new Int32Array(2 * w + 2),
    table: new Int32Array(16 * (w + 1)),
    comb: combFor(w),
    fixedComb: fixedCombFor(w),
  };
}

export function toWords(wf: WordField, a: bigint): Words {
  const out = new Int32Array(wf.w);
  const hex = a.toString(16);
  // Eight hex digits a word, from the end of the string: one string conversion instead of w bigint shifts.
  for (let i = 0, end = hex.length; i < wf.w && end > 0; i++, end -= 8) {
    out[i] = Number.parseInt(hex.slice(Math.max(0, end - 8), end), 16) | 0;
  }
  return out;
}

export function fromWords(a: Words | Uint32Array): bigint {
  let s = '0x';
  for (let i = a.length - 1; i >= 0; i--) s += ((a[i] as number) >>> 0).toString(16).padStart(8, '0');
  return BigInt(s);
}

/** Folds the double-length `c` modulo the field polynomial and copies the result to `out`. */
function reduceInto(wf: WordField, c: Int32Array, out: Words): void {
  const { m, w, low } = wf;
  const terms = low.length;
  // Fold whole words above bit m, top down: t^(32i + b) = t^(32i + b − m) · (t^k for each low term k).
  // A fold lands below word i, except with a middle term within a word of m: then the word is folded again.
  for (let i = 2 * w - 1; i >= w; ) {
    const t = c[i] as number;
    if (t === 0) {
      i--;
      continue;
    }
    c[i] = 0;
    for (let q = 0; q < terms; q++) {
      const bit = i * 32 - m + (low[q] as number);
      const word = bit >>> 5;
      const shift = bit & 31;
      c[word] = (c[word] as number) ^ (t << shift);
      if (shift !== 0) c[word + 1] = (c[word + 1] as number) ^ (t >>> (32 - shift));
    }
  }
  // The top word holds bits at and above m from bit `rem` on; they map to t^k onwards.
  const rem = m & 31;
  if (rem !== 0) {
    for (let t = (c[w - 1] as number) >>> rem; t !== 0; t = (c[w - 1] as number) >>> rem) {
      c[w - 1] = (c[w - 1] as number) & ((1 << rem) - 1);
      for (let q = 0; q < terms; q++) {
        const bit = low[q] as number;
        const word = bit >>> 5;
        const shift = bit & 31;
        c[word] = (c[word] as number) ^ (t << shift);
        if (shift !== 0 && word + 1 < w) c[word + 1] = (c[word + 1] as number) ^ (t >>> (32 - shift));
      }
    }
  }
  for (let i = 0; i < w; i++) out[i] = c[i] as number;
}

/**
 * The generic comb for field sizes without an unrolled one: `digit` bits of every word of a at a time, each
 * selecting one of the multiples in `table` (16 for 4-bit digits, 256 for 8-bit), into the double-length
 * `c`. No skip for a zero digit: the same work for every digit of a (possibly secret) operand.
 */
function combInto(w: number, a: Words, table: Int32Array, digit: 4 | 8, c: Int32Array): void {
  const stride = w + 1;
  const top = 2 * w;
  const mask = (1 << digit) - 1;
  for (let i = 0; i <= top; i++) c[i] = 0;
  for (let k = 32 - digit; ; k -= digit) {
    for (let j = 0; j < w; j++) {
      const base = (((a[j] as number) >>> k) & mask) * stride;
      for (let i = 0; i < stride; i++) c[j + i] = (c[j + i] as number) ^ (table[base + i] as number);
    }
    if (k === 0) break;
    for (let i = top; i > 0; i--)
      c[i] = ((c[i] as number) << digit) | ((c[i - 1] as number) >>> (32 - digit));
    c[0] = (c[0] as number) << digit;
  }
}

/** out = a·b (out may alias a or b). */
export function mulWords(wf: WordField, a: Words, b: Words, out: Words): void {
  const { w, product: c, table, comb } = wf;
  if (comb !== undefined) comb(a, b, table, c);
  else {
    fillCombTable(b, table, w, 16);
    combInto(w, a, table, 4, c);
  }
  reduceInto(wf, c, out);
}

/**
 * The 256 multiples u(t)·b(t) (deg u < 8) of an operand that many products share (the curve's b, the
 * ladder's x): {@link mulFixedWords} by them costs about a third of {@link mulWords}.
 */
export function fixedTable(wf: WordField, b: Words): Int32Array {
  const t = new Int32Array(256 * (wf.w + 1));
  fillCombTable(b, t, wf.w, 256);
  return t;
}

/** out = a·b where `table` is {@link fixedTable} of b (out may alias a). The same work for every digit. */
export function mulFixedWords(wf: WordField, a: Words, table: Int32Array, out: Words): void {
  const { w, product: c, fixedComb } = wf;
  if (fixedComb !== undefined) fixedComb(a, table, c);
  else combInto(w, a, table, 8, c);
  reduceInto(wf, c, out);
}

/** out = a² (out may alias a). */
export function sqrWords(wf: WordField, a: Words, out: Words): void {
  const { w, product: c } = wf;
  for (let i = 0; i < w; i++) {
    const v = a[i] as number;
    c[2 * i] = ((SPREAD[(v >>> 8) & 255] as number) << 16) | (SPREAD[v & 255] as number);
    c[2 * i + 1] = ((SPREAD[v >>> 24] as number) << 16) | (SPREAD[(v >>> 16) & 255] as number);
  }
  c[2 * w] = 0;
  reduceInto(wf, c, out);
}

/** out = a^(2^k) (out may alias a). */
export function sqrnWords(wf: WordField, a: Words, k: number, out: Words): void {
  if (out !== a) out.set(a);
  for (let i = 0; i < k; i++) sqrWords(wf, out, out);
}

/** out = a⁻¹ by Itoh–Tsujii (a^(2^m − 2)); a must not be zero. */
export function invWords(wf: WordField, a: Words, out: Words): void {
  const n = wf.m - 1;
  const beta = a.slice();
  const tmp = new Int32Array(wf.w);
  let k = 1;
  // beta = a^(2^k − 1), built along the binary expansion of m − 1.
  for (let bit = 31 - Math.clz32(n) - 1; bit >= 0; bit--) {
    sqrnWords(wf, beta, k, tmp);
    mulWords(wf, tmp, beta, beta);
    k *= 2;
    if ((n >> bit) & 1) {
      sqrWords(wf, beta, tmp);
      mulWords(wf, tmp, a, beta);
      k += 1;
    }
  }
  sqrWords(wf, beta, out);
}

/** out = a ⊕ b (out may alias either). */
export function addWords(a: Words, b: Words, out: Words): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
}

export function isZeroWords(a: Words): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i] as number;
  return acc === 0;
}

const byField = new WeakMap<object, WordField>();

/** The cached word form of a field. */
export function wordFieldOf(f: Field): WordField {
  let wf = byField.get(f);
  if (!wf) {
    wf = wordField(f);
    byField.set(f, wf);
  }
  return wf;
}
