/**
 * GOST 34.311-95 (the Ukrainian adoption of GOST R 34.11-94): a 256-bit hash built on GOST 28147-89, with
 * the DKE No. 1 S-box and a zero starting vector, plus HMAC and PBKDF2 over it (the key containers use
 * them).
 *
 * @module
 */
import { encryptWords, expandSBox, type SBox } from './gost28147.js';

// C3 of the key schedule, as bytes with the least significant byte first.
const C3 = Uint8Array.from(
  'ff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00'
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16))
    .reverse() ?? [],
);

/** Scratch space of one hash computation: the step runs tens of thousands of times inside PBKDF2. */
interface Scratch {
  readonly u: Uint8Array;
  readonly v: Uint8Array;
  readonly t: Uint8Array;
  readonly key: Uint32Array;
  readonly s: Uint32Array;
  readonly ring: Uint16Array;
}

const scratch = (): Scratch => ({
  u: new Uint8Array(32),
  v: new Uint8Array(32),
  t: new Uint8Array(32),
  key: new Uint32Array(8),
  s: new Uint32Array(8),
  ring: new Uint16Array(16 + 61),
});

/** A(Y) = (y1 ^ y2) || y4 || y3 || y2 over 64-bit words, y1 the least significant; in place. */
function transformA(y: Uint8Array, tmp: Uint8Array): void {
  for (let i = 0; i < 8; i++) tmp[i] = (y[i] as number) ^ (y[8 + i] as number);
  y.copyWithin(0, 8);
  y.set(tmp.subarray(0, 8), 24);
}

/** P (byte permutation φ(i + 1 + 4(k − 1)) = 8i + k) of U xor V, as eight little-endian key words. */
function keyFromUV(u: Uint8Array, v: Uint8Array, key: Uint32Array): void {
  for (let word = 0; word < 8; word++) {
    let w = 0;
    for (let byte = 3; byte >= 0; byte--) {
      const pos = word * 4 + byte; // output byte index = i + 4k, from input byte 8i + k
      const src = 8 * (pos & 3) + (pos >> 2);
      w = (w << 8) | ((u[src] as number) ^ (v[src] as number));
    }
    key[word] = w >>> 0;
  }
}

const le32 = (b: Uint8Array, o: number): number =>
  ((b[o] as number) |
    ((b[o + 1] as number) << 8) |
    ((b[o + 2] as number) << 16) |
    ((b[o + 3] as number) << 24)) >>>
  0;

/**
 * ψ^rounds over sixteen 16-bit words: each round shifts by one word and appends the XOR of words 1, 2, 3,
 * 4, 13 and 16. Run as a sliding window over a ring so no round moves memory.
 */
function psi(ring: Uint16Array, rounds: number): void {
  for (let j = 0; j < rounds; j++) {
    ring[16 + j] =
      (ring[j] as number) ^
      (ring[j + 1] as number) ^
      (ring[j + 2] as number) ^
      (ring[j + 3] as number) ^
      (ring[j + 12] as number) ^
      (ring[j + 15] as number);
  }
  ring.copyWithin(0, rounds, rounds + 16);
}

/** One compression step: H := f(H, M). */
function step(sbox: SBox, h: Uint8Array, m: Uint8Array, x: Scratch): void {
  const { u, v, t, key, s, ring } = x;
  u.set(h);
  v.set(m);
  for (let j = 0; j < 4; j++) {
    if (j > 0) {
      transformA(u, t);
      if (j === 2) for (let i = 0; i < 32; i++) u[i] = (u[i] as number) ^ (C3[i] as number);
      transformA(v, t);
      transformA(v, t);
    }
    keyFromUV(u, v, key);
    encryptWords(sbox, key, le32(h, 8 * j), le32(h, 8 * j + 4), s, 2 * j);
  }
  for (let i = 0; i < 8; i++) {
    const w = s[i] as number;
    ring[2 * i] = w & 0xffff;
    ring[2 * i + 1] = w >>> 16;
  }
  psi(ring, 12);
  for (let i = 0; i < 16; i++)
    ring[i] = (ring[i] as number) ^ ((m[2 * i] as number) | ((m[2 * i + 1] as number) << 8));
  psi(ring, 1);
  for (let i = 0; i < 16; i++)
    ring[i] = (ring[i] as number) ^ ((h[2 * i] as number) | ((h[2 * i + 1] as number) << 8));
  psi(ring, 61);
  for (let i = 0; i < 16; i++) {
    h[2 * i] = (ring[i] as number) & 255;
    h[2 * i + 1] = (ring[i] as number) >>> 8;
  }
}

/** Σ := Σ + M mod 2^256, little-endian. */
function addBlock(sum: Uint8Array, m: Uint8Array): void {
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const v = (sum[i] as number) + (m[i] as number) + carry;
    sum[i] = v & 255;
    carry = v >>> 8;
  }
}

/**
 * The GOST 34.311-95 hash of `data` (32 bytes). `sboxPacked` defaults to DKE No. 1.
 *
 * @example
 * ```ts
 * gost34311(new TextEncoder().encode('12345678901234567890123456789011'));
 * // 7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4
 * ```
 */
export function gost34311(data: Uint8Array, sboxPacked?: Uint8Array): Uint8Array {
  const sbox = expandSBox(sboxPacked);
  const x = scratch();
  const h = new Uint8Array(32);
  const sum = new Uint8Array(32);
  let pos = 0;
  for (; pos + 32 <= data.length; pos += 32) {
    const block = data.subarray(pos, pos + 32);
    step(sbox, h, block, x);
    addBlock(sum, block);
  }
  if (pos < data.length) {
    const block = new Uint8Array(32);
    block.set(data.subarray(pos));
    step(sbox, h, block, x);
    addBlock(sum, block);
  }
  const length = new Uint8Array(32);
  let bitsLeft = BigInt(data.length) * 8n;
  for (let i = 0; i < 32 && bitsLeft > 0n; i++) {
    length[i] = Number(bitsLeft & 0xffn);
    bitsLeft >>= 8n;
  }
  step(sbox, h, length, x);
  step(sbox, h, sum, x);
  return h;
}

/**
 * HMAC (RFC 2104) over GOST 34.311-95; the block size is 32 bytes.
 *
 * @example
 * ```ts
 * const tag = hmacGost34311(key, data);
 * ```
 */
export function hmacGost34311(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = new Uint8Array(32);
  k.set(key.length > 32 ? gost34311(key) : key);
  const inner = new Uint8Array(32 + data.length);
  const outer = new Uint8Array(64);
  for (let i = 0; i < 32; i++) {
    inner[i] = (k[i] as number) ^ 0x36;
    outer[i] = (k[i] as number) ^ 0x5c;
  }
  inner.set(data, 32);
  outer.set(gost34311(inner), 32);
  return gost34311(outer);
}

/**
 * PBKDF2 (RFC 8018) with HMAC-GOST34311 as the PRF.
 *
 * @example
 * ```ts
 * const key = pbkdf2Gost34311(new TextEncoder().encode(password), salt, 10_000, 32);
 * ```
 */
export function pbkdf2Gost34311(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 1, pos = 0; pos < length; block++, pos += 32) {
    const first = new Uint8Array(salt.length + 4);
    first.set(salt);
    new DataView(first.buffer).setUint32(salt.length, block);
    let u = hmacGost34311(password, first);
    const t = u.slice();
    for (let i = 1; i < iterations; i++) {
      u = hmacGost34311(password, u);
      for (let j = 0; j < 32; j++) t[j] = (t[j] as number) ^ (u[j] as number);
    }
    out.set(t.subarray(0, Math.min(32, length - pos)), pos);
  }
  return out;
}
