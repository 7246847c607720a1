/**
 * GOST 34.311-95 (the Ukrainian adoption of GOST R 34.11-94): a 256-bit hash built on GOST 28147-89, with
 * the DKE No. 1 S-box and a zero starting vector, plus HMAC and PBKDF2 over it (the key containers use
 * them).
 *
 * @module
 */
import { encryptWordsTwo, expandSBox, type SBox } from './gost28147.js';
import { inSlices, SLICE_BYTES } from './slices.js';

// C3 of the key schedule as eight little-endian words, the least significant first.
const C3 = Int32Array.from(
  'ff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00'
    .match(/.{8}/g)
    ?.map((h) => Number.parseInt(h, 16) | 0)
    .reverse() ?? [],
);

/** Scratch space of one hash computation: the step runs tens of thousands of times inside PBKDF2. */
interface Scratch {
  readonly u: Int32Array;
  readonly v: Int32Array;
  /** The four keys of a step, eight words each. */
  readonly keys: Int32Array;
  readonly s: Int32Array;
  readonly ring: Int32Array;
}

const scratch = (): Scratch => ({
  u: new Int32Array(8),
  v: new Int32Array(8),
  keys: new Int32Array(32),
  s: new Int32Array(8),
  ring: new Int32Array(16 + 61),
});

/** A(Y) = (y1 ^ y2) || y4 || y3 || y2 over 64-bit words (two 32-bit words each), y1 the least significant. */
function transformA(y: Int32Array): void {
  const a = (y[0] as number) ^ (y[2] as number);
  const b = (y[1] as number) ^ (y[3] as number);
  for (let i = 0; i < 6; i++) y[i] = y[i + 2] as number;
  y[6] = a;
  y[7] = b;
}

/**
 * P (byte permutation φ(i + 1 + 4(k − 1)) = 8i + k) of U xor V, as eight little-endian key words: byte i
 * of key word k is byte 8i + k of U xor V, which sits in word 2i + ⌊k/4⌋ at bit 8(k mod 4).
 */
function keyFromUV(u: Int32Array, v: Int32Array, key: Int32Array, at: number): void {
  const w0 = (u[0] as number) ^ (v[0] as number);
  const w1 = (u[1] as number) ^ (v[1] as number);
  const w2 = (u[2] as number) ^ (v[2] as number);
  const w3 = (u[3] as number) ^ (v[3] as number);
  const w4 = (u[4] as number) ^ (v[4] as number);
  const w5 = (u[5] as number) ^ (v[5] as number);
  const w6 = (u[6] as number) ^ (v[6] as number);
  const w7 = (u[7] as number) ^ (v[7] as number);
  for (let k = 0; k < 4; k++) {
    const shift = 8 * k;
    // Key words k (bytes from the even words) and k + 4 (from the odd words).
    key[at + k] =
      ((w0 >>> shift) & 255) |
      (((w2 >>> shift) & 255) << 8) |
      (((w4 >>> shift) & 255) << 16) |
      (((w6 >>> shift) & 255) << 24);
    key[at + k + 4] =
      ((w1 >>> shift) & 255) |
      (((w3 >>> shift) & 255) << 8) |
      (((w5 >>> shift) & 255) << 16) |
      (((w7 >>> shift) & 255) << 24);
  }
}

/**
 * ψ^rounds over sixteen 16-bit words: each round shifts by one word and appends the XOR of words 1, 2, 3,
 * 4, 13 and 16. Run as a sliding window over a ring so no round moves memory.
 */
function psi(ring: Int32Array, rounds: number): void {
  for (let j = 0; j < rounds; j++) {
    ring[16 + j] =
      (ring[j] as number) ^
      (ring[j + 1] as number) ^
      (ring[j + 2] as number) ^
      (ring[j + 3] as number) ^
      (ring[j + 12] as number) ^
      (ring[j + 15] as number);
  }
  for (let i = 0; i < 16; i++) ring[i] = ring[rounds + i] as number;
}

/** XORs the sixteen 16-bit halves of eight words into the ring. */
function xorHalves(ring: Int32Array, words: Int32Array): void {
  for (let i = 0; i < 8; i++) {
    const w = words[i] as number;
    ring[2 * i] = (ring[2 * i] as number) ^ (w & 0xffff);
    ring[2 * i + 1] = (ring[2 * i + 1] as number) ^ (w >>> 16);
  }
}

/** One compression step: H := f(H, M), both as eight little-endian words. */
function step(sbox: SBox, h: Int32Array, m: Int32Array, x: Scratch): void {
  const { u, v, keys, s, ring } = x;
  u.set(h);
  v.set(m);
  for (let j = 0; j < 4; j++) {
    if (j > 0) {
      transformA(u);
      if (j === 2) for (let i = 0; i < 8; i++) u[i] = (u[i] as number) ^ (C3[i] as number);
      transformA(v);
      transformA(v);
    }
    keyFromUV(u, v, keys, 8 * j);
  }
  // The four encryptions depend only on the keys and H: two at a time, side by side.
  encryptWordsTwo(sbox, keys, 0, 8, h[0] as number, h[1] as number, h[2] as number, h[3] as number, s, 0);
  encryptWordsTwo(sbox, keys, 16, 24, h[4] as number, h[5] as number, h[6] as number, h[7] as number, s, 4);
  ring.fill(0, 0, 16);
  xorHalves(ring, s);
  psi(ring, 12);
  xorHalves(ring, m);
  psi(ring, 1);
  xorHalves(ring, h);
  psi(ring, 61);
  for (let i = 0; i < 8; i++) h[i] = ((ring[2 * i] as number) & 0xffff) | ((ring[2 * i + 1] as number) << 16);
}

/** Σ := Σ + M mod 2^256, little-endian words. */
function addBlock(sum: Int32Array, m: Int32Array): void {
  let carry = 0;
  for (let i = 0; i < 8; i++) {
    const v = ((sum[i] as number) >>> 0) + ((m[i] as number) >>> 0) + carry;
    sum[i] = v | 0;
    carry = v > 0xffffffff ? 1 : 0;
  }
}

/** Reads 32 bytes (zero-padded past `end`) as eight little-endian words. */
function readBlock(data: Uint8Array, pos: number, end: number, m: Int32Array): void {
  if (pos + 32 <= end) {
    for (let i = 0, o = pos; i < 8; i++, o += 4) {
      m[i] =
        (data[o] as number) |
        ((data[o + 1] as number) << 8) |
        ((data[o + 2] as number) << 16) |
        ((data[o + 3] as number) << 24);
    }
    return;
  }
  m.fill(0);
  for (let o = pos; o < end; o++) {
    const at = o - pos;
    m[at >> 2] = (m[at >> 2] as number) | ((data[o] as number) << (8 * (at & 3)));
  }
}

/** The running state of one hash: H, the checksum Σ, a message block and the step's scratch space. */
interface HashState {
  readonly sbox: SBox;
  readonly x: Scratch;
  readonly h: Int32Array;
  readonly sum: Int32Array;
  readonly m: Int32Array;
}

function hashState(sboxPacked: Uint8Array | undefined): HashState {
  return {
    sbox: expandSBox(sboxPacked),
    x: scratch(),
    h: new Int32Array(8),
    sum: new Int32Array(8),
    m: new Int32Array(8),
  };
}

/**
 * Hashes data[from, to) into the state: `from` must be a multiple of 32, and `to` too unless it is the end
 * of the data (the last block is zero-padded).
 */
function absorb(state: HashState, data: Uint8Array, from: number, to: number): void {
  const { sbox, x, h, sum, m } = state;
  for (let pos = from; pos < to; pos += 32) {
    readBlock(data, pos, to, m);
    step(sbox, h, m, x);
    addBlock(sum, m);
  }
}

/** The final steps over the length of the data in bits and the checksum: the 32-byte digest. */
function finish(state: HashState, length: number): Uint8Array {
  const { sbox, x, h, sum, m } = state;
  // The length in bits, as a 256-bit little-endian number (below 2^53 here).
  const bits = length * 8;
  m.fill(0);
  m[0] = bits | 0;
  m[1] = Math.floor(bits / 0x100000000) | 0;
  step(sbox, h, m, x);
  step(sbox, h, sum, x);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const w = h[i] as number;
    out[4 * i] = w & 255;
    out[4 * i + 1] = (w >>> 8) & 255;
    out[4 * i + 2] = (w >>> 16) & 255;
    out[4 * i + 3] = w >>> 24;
  }
  return out;
}

/** The GOST 34.311-95 hash of `data` (32 bytes). `sboxPacked` defaults to DKE No. 1. */
export function gost34311(data: Uint8Array, sboxPacked?: Uint8Array): Uint8Array {
  const state = hashState(sboxPacked);
  absorb(state, data, 0, data.length);
  return finish(state, data.length);
}

/**
 * The same digest as {@link gost34311}, computed in slices of `slice` bytes (a multiple of 32) with a turn
 * of the event loop between them (see `slices.ts`).
 */
export async function gost34311InSlices(
  data: Uint8Array,
  sboxPacked?: Uint8Array,
  slice: number = SLICE_BYTES,
): Promise<Uint8Array> {
  if (slice <= 0 || slice % 32 !== 0) throw new RangeError('slice must be a positive multiple of 32');
  const state = hashState(sboxPacked);
  await inSlices(data.length, slice, (from, to) => absorb(state, data, from, to));
  return finish(state, data.length);
}

/** HMAC (RFC 2104) over GOST 34.311-95; the block size is 32 bytes. */
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

/** PBKDF2 (RFC 8018) with HMAC-GOST34311 as the PRF. */
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
