/**
 * GF(2^m) on 32-bit words, for the scalar-multiplication ladder where nearly all the time goes. The rest of
 * the profile keeps bigint elements; the ladder converts at its ends. Elements are little-endian Uint32Arrays
 * of `w` words; every function writes into a caller's array so the ladder allocates nothing per bit.
 *
 * @module
 */
import type { Field } from './field.js';

/** A field prepared for word arithmetic. */
export interface WordField {
  readonly m: number;
  readonly w: number;
  /** The exponents of the reduction polynomial below m (0 included). */
  readonly low: readonly number[];
  /** Scratch: the double-length product and the 16 multiples of the comb. */
  readonly product: Uint32Array;
  readonly table: Uint32Array;
}

// Spreads the 8 bits of a byte to the even bits of 16: squaring is linear in GF(2)[t].
const SPREAD = new Uint16Array(256);
for (let v = 0; v < 256; v++) {
  let s = 0;
  for (let bit = 0; bit < 8; bit++) if ((v >> bit) & 1) s |= 1 << (2 * bit);
  SPREAD[v] = s;
}

/**
 * Prepares word arithmetic for a field.
 *
 * @example
 * ```ts
 * const wf = wordField(field(431, [1, 3, 5]));
 * ```
 */
export function wordField(f: Field): WordField {
  const w = Math.ceil(f.m / 32);
  return {
    m: f.m,
    w,
    low: [0, ...f.middle],
    product: new Uint32Array(2 * w + 1),
    table: new Uint32Array(16 * (w + 1)),
  };
}

/**
 * A bigint element as words.
 *
 * @example
 * ```ts
 * const x = toWords(wf, curve.g.x);
 * ```
 */
export function toWords(wf: WordField, a: bigint): Uint32Array {
  const out = new Uint32Array(wf.w);
  let v = a;
  for (let i = 0; i < wf.w; i++) {
    out[i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
  return out;
}

/**
 * Words back to a bigint element.
 *
 * @example
 * ```ts
 * fromWords(toWords(wf, 5n)); // 5n
 * ```
 */
export function fromWords(a: Uint32Array): bigint {
  let v = 0n;
  for (let i = a.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(a[i] as number);
  return v;
}

/** XORs `value` into `c` at bit position `bit` (value < 2^32). */
function xorAt(c: Uint32Array, bit: number, value: number): void {
  const word = bit >>> 5;
  const shift = bit & 31;
  c[word] = ((c[word] as number) ^ (value << shift)) >>> 0;
  if (shift !== 0 && word + 1 < c.length)
    c[word + 1] = ((c[word + 1] as number) ^ (value >>> (32 - shift))) >>> 0;
}

/** Reduces the double-length `c` modulo the field polynomial into `out`. */
function reduceInto(wf: WordField, c: Uint32Array, out: Uint32Array): void {
  const { m, w, low } = wf;
  const rem = m & 31;
  // Fold whole words above bit m, top down: t^(32i + b) = t^(32i + b − m) · (t^k for each low term k).
  // Landing positions are below the word being folded, so lower words are folded in their turn.
  for (let i = 2 * w - 1; i >= w; i--) {
    const t = c[i] as number;
    if (t === 0) continue;
    c[i] = 0;
    for (const k of low) xorAt(c, i * 32 - m + k, t);
  }
  // The top word holds bits at and above m from bit `rem` on; they map to t^k onwards.
  const t = (c[w - 1] as number) >>> rem;
  if (rem !== 0 && t !== 0) {
    c[w - 1] = ((c[w - 1] as number) & ((1 << rem) - 1)) >>> 0;
    for (const k of low) xorAt(c, k, t);
  }
  for (let i = 0; i < w; i++) out[i] = c[i] as number;
}

/**
 * out = a·b (out may alias a or b).
 *
 * @example
 * ```ts
 * mulWords(wf, x, y, out);
 * ```
 */
export function mulWords(wf: WordField, a: Uint32Array, b: Uint32Array, out: Uint32Array): void {
  const { w, product: c, table } = wf;
  const stride = w + 1;
  // table[u] = u(t)·b(t) for every polynomial u of degree < 4.
  table.fill(0, 0, 2 * stride);
  for (let i = 0; i < w; i++) table[stride + i] = b[i] as number;
  for (let u = 2; u < 16; u += 2) {
    const half = (u >> 1) * stride;
    const dst = u * stride;
    let carry = 0;
    for (let i = 0; i < stride; i++) {
      const v = table[half + i] as number;
      table[dst + i] = ((v << 1) | carry) >>> 0;
      carry = v >>> 31;
    }
    for (let i = 0; i < stride; i++)
      table[dst + stride + i] = ((table[dst + i] as number) ^ (b[i] ?? 0)) >>> 0;
  }
  c.fill(0);
  // Left-to-right comb over the 4-bit digits of every word of a.
  for (let k = 7; k >= 0; k--) {
    for (let j = 0; j < w; j++) {
      // No skip for a zero digit: the same work for every digit of a (possibly secret) operand.
      const base = (((a[j] as number) >>> (4 * k)) & 15) * stride;
      for (let i = 0; i < stride; i++) c[j + i] = ((c[j + i] as number) ^ (table[base + i] as number)) >>> 0;
    }
    if (k !== 0) {
      for (let i = 2 * w; i > 0; i--) c[i] = (((c[i] as number) << 4) | ((c[i - 1] as number) >>> 28)) >>> 0;
      c[0] = ((c[0] as number) << 4) >>> 0;
    }
  }
  reduceInto(wf, c, out);
}

/**
 * out = a² (out may alias a).
 *
 * @example
 * ```ts
 * sqrWords(wf, x, out);
 * ```
 */
export function sqrWords(wf: WordField, a: Uint32Array, out: Uint32Array): void {
  const { w, product: c } = wf;
  c.fill(0);
  for (let i = 0; i < w; i++) {
    const v = a[i] as number;
    c[2 * i] = (((SPREAD[(v >>> 8) & 255] as number) << 16) | (SPREAD[v & 255] as number)) >>> 0;
    c[2 * i + 1] = (((SPREAD[v >>> 24] as number) << 16) | (SPREAD[(v >>> 16) & 255] as number)) >>> 0;
  }
  reduceInto(wf, c, out);
}

/**
 * out = a^(2^k) (out may alias a).
 *
 * @example
 * ```ts
 * sqrnWords(wf, x, 3, out); // x^8
 * ```
 */
export function sqrnWords(wf: WordField, a: Uint32Array, k: number, out: Uint32Array): void {
  if (out !== a) out.set(a);
  for (let i = 0; i < k; i++) sqrWords(wf, out, out);
}

/**
 * out = a⁻¹ by Itoh–Tsujii (a^(2^m − 2)); a must not be zero.
 *
 * @example
 * ```ts
 * invWords(wf, z, out);
 * ```
 */
export function invWords(wf: WordField, a: Uint32Array, out: Uint32Array): void {
  const n = wf.m - 1;
  const beta = a.slice();
  const tmp = new Uint32Array(wf.w);
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

const byField = new WeakMap<object, WordField>();

/**
 * The cached word form of a field.
 *
 * @example
 * ```ts
 * const wf = wordFieldOf(curve.f);
 * ```
 */
export function wordFieldOf(f: Field): WordField {
  let wf = byField.get(f);
  if (!wf) {
    wf = wordField(f);
    byField.set(f, wf);
  }
  return wf;
}
