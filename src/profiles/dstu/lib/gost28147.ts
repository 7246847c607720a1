/**
 * GOST 28147-89 (DSTU GOST 28147:2009): the 64-bit block cipher, its CFB ("gamma with feedback") mode and
 * its MAC (imitovstavka), with the substitution box given as the 64-byte packed DKE form that Ukrainian
 * AlgorithmIdentifier parameters carry.
 *
 * @module
 */
import { inSlices, SLICE_BYTES } from './slices.js';

/**
 * DKE No. 1, the S-box of DSTU GOST 28147:2009 used by Ukrainian qualified signatures unless parameters
 * say otherwise (the same 64 bytes appear in every sample's parameters).
 */
export const DKE_1 = Uint8Array.from(
  'a9d6eb45f13c708280c4967b231f5eadf658eba4c037291d38d96bf025ca4e17f8e9720dc615b43a28975f0bc1dea36438b564ea2c179fd0123e6db8fac57904'
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16)) ?? [],
);

/** Byte-pair substitution tables with the 11-bit rotation folded in, one per byte of the round input. */
export interface SBox {
  readonly t: readonly [Int32Array, Int32Array, Int32Array, Int32Array];
  /** The four tables in one array (byte b of the input indexes 256·b + value): one load base for the JIT. */
  readonly all: Int32Array;
}

const sboxCache = new Map<string, SBox>();
// The hash looks its S-box up on every call (tens of thousands inside PBKDF2): try identity first.
const sboxByArray = new WeakMap<Uint8Array, SBox>();

/**
 * Expands a packed 64-byte S-box. Row r (r = 0 substitutes the least significant nibble of the round input)
 * occupies bytes 8r..8r+7, two entries a byte, high nibble first.
 */
export function expandSBox(packed: Uint8Array = DKE_1): SBox {
  const same = sboxByArray.get(packed);
  if (same) return same;
  if (packed.length !== 64) throw new RangeError('S-box must be 64 bytes');
  const key = Array.from(packed).join(',');
  const cached = sboxCache.get(key);
  if (cached) {
    sboxByArray.set(packed, cached);
    return cached;
  }
  const rows: number[][] = [];
  for (let r = 0; r < 8; r++) {
    const row: number[] = [];
    for (let j = 0; j < 8; j++) {
      const b = packed[r * 8 + j] as number;
      row.push(b >>> 4, b & 15);
    }
    rows.push(row);
  }
  // Row 0 substitutes the least significant nibble (checked against the published DKE No. 1 vector).
  const k = (nibble: number): number[] => rows[nibble] as number[];
  const t = [0, 1, 2, 3].map((byte) => {
    const table = new Int32Array(256);
    const lo = k(byte * 2);
    const hi = k(byte * 2 + 1);
    for (let i = 0; i < 256; i++) {
      const v = (((hi[i >>> 4] as number) << 4) | (lo[i & 15] as number)) << (byte * 8);
      table[i] = (v << 11) | (v >>> 21);
    }
    return table;
  }) as unknown as SBox['t'];
  const all = new Int32Array(1024);
  t.forEach((table, i) => {
    all.set(table, 256 * i);
  });
  const sbox = { t, all };
  if (sboxCache.size < 16) sboxCache.set(key, sbox);
  sboxByArray.set(packed, sbox);
  return sbox;
}

/** An expanded 256-bit key with its S-box. */
export interface Gost28147Key {
  readonly k: Int32Array;
  readonly sbox: SBox;
}

/** Prepares a 32-byte key (eight little-endian words). */
export function gostKey(key: Uint8Array, sbox: SBox = expandSBox()): Gost28147Key {
  if (key.length !== 32) throw new RangeError('GOST 28147 key must be 32 bytes');
  const k = new Int32Array(8);
  for (let i = 0; i < 8; i++) k[i] = readLe(key, i * 4);
  return { k, sbox };
}

function readLe(b: Uint8Array, o: number): number {
  return (
    (b[o] as number) |
    ((b[o + 1] as number) << 8) |
    ((b[o + 2] as number) << 16) |
    ((b[o + 3] as number) << 24) |
    0
  );
}

function writeLe(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 255;
  b[o + 1] = (v >>> 8) & 255;
  b[o + 2] = (v >>> 16) & 255;
  b[o + 3] = v >>> 24;
}

/** The round function: S-box substitution of the 32-bit sum with the 11-bit rotation folded in. */
const round = (t: Int32Array, x: number): number =>
  (t[x & 255] as number) ^
  (t[256 | ((x >>> 8) & 255)] as number) ^
  (t[512 | ((x >>> 16) & 255)] as number) ^
  (t[768 | (x >>> 24)] as number);

// The block function writes its two output words here (no allocation per block).
const pair = new Int32Array(2);

/**
 * Encrypts (n1, n2) with the key words: k0..k7 three times, then k7..k0. Writes N2, N1 (the order of the
 * output bytes) to `pair`.
 */
function encryptPair(t: Int32Array, k: Int32Array, n1In: number, n2In: number): void {
  const k0 = k[0] as number;
  const k1 = k[1] as number;
  const k2 = k[2] as number;
  const k3 = k[3] as number;
  const k4 = k[4] as number;
  const k5 = k[5] as number;
  const k6 = k[6] as number;
  const k7 = k[7] as number;
  let n1 = n1In;
  let n2 = n2In;
  for (let i = 0; i < 3; i++) {
    n2 ^= round(t, (n1 + k0) | 0);
    n1 ^= round(t, (n2 + k1) | 0);
    n2 ^= round(t, (n1 + k2) | 0);
    n1 ^= round(t, (n2 + k3) | 0);
    n2 ^= round(t, (n1 + k4) | 0);
    n1 ^= round(t, (n2 + k5) | 0);
    n2 ^= round(t, (n1 + k6) | 0);
    n1 ^= round(t, (n2 + k7) | 0);
  }
  n2 ^= round(t, (n1 + k7) | 0);
  n1 ^= round(t, (n2 + k6) | 0);
  n2 ^= round(t, (n1 + k5) | 0);
  n1 ^= round(t, (n2 + k4) | 0);
  n2 ^= round(t, (n1 + k3) | 0);
  n1 ^= round(t, (n2 + k2) | 0);
  n2 ^= round(t, (n1 + k1) | 0);
  n1 ^= round(t, (n2 + k0) | 0);
  pair[0] = n2;
  pair[1] = n1;
}

// Two independent blocks advance round by round together: each block's 32 rounds form one dependency
// chain, and two chains side by side keep the CPU's execution units busy (CFB decryption, the hash step).
const quad = new Int32Array(4);

/**
 * Encrypts (a1, a2) under the key words k[ka..ka+7] and (b1, b2) under k[kb..kb+7]; writes the output
 * words of the first to quad[0..1] and of the second to quad[2..3].
 */
function encryptTwo(
  t: Int32Array,
  k: Int32Array,
  ka: number,
  kb: number,
  a1In: number,
  a2In: number,
  b1In: number,
  b2In: number,
): void {
  let a1 = a1In;
  let a2 = a2In;
  let b1 = b1In;
  let b2 = b2In;
  for (let r = 0; r < 32; r += 2) {
    // Key order: k0..k7 three times, then k7..k0.
    const i = r < 24 ? r & 7 : 7 - (r & 7);
    const j = r < 24 ? i + 1 : i - 1;
    a2 ^= round(t, (a1 + (k[ka + i] as number)) | 0);
    b2 ^= round(t, (b1 + (k[kb + i] as number)) | 0);
    a1 ^= round(t, (a2 + (k[ka + j] as number)) | 0);
    b1 ^= round(t, (b2 + (k[kb + j] as number)) | 0);
  }
  quad[0] = a2;
  quad[1] = a1;
  quad[2] = b2;
  quad[3] = b1;
}

/**
 * Encrypts two blocks under two keys side by side (see `encryptTwo`): the hash runs its four
 * encryptions per step, which do not depend on each other, two at a time. `keys` holds the key words at
 * `ka` and `kb`; the outputs go to out[at..at+1] and out[at+2..at+3].
 */
export function encryptWordsTwo(
  sbox: SBox,
  keys: Int32Array,
  ka: number,
  kb: number,
  a1: number,
  a2: number,
  b1: number,
  b2: number,
  out: Int32Array,
  at: number,
): void {
  encryptTwo(sbox.all, keys, ka, kb, a1, a2, b1, b2);
  out[at] = quad[0] as number;
  out[at + 1] = quad[1] as number;
  out[at + 2] = quad[2] as number;
  out[at + 3] = quad[3] as number;
}

/** Decrypts (n1, n2): k0..k7 once, then k7..k0 three times. Writes N2, N1 to `pair`. */
function decryptPair(t: Int32Array, k: Int32Array, n1In: number, n2In: number): void {
  let n1 = n1In;
  let n2 = n2In;
  for (let i = 0; i < 8; i += 2) {
    n2 ^= round(t, (n1 + (k[i] as number)) | 0);
    n1 ^= round(t, (n2 + (k[i + 1] as number)) | 0);
  }
  for (let r = 0; r < 3; r++) {
    for (let i = 7; i > 0; i -= 2) {
      n2 ^= round(t, (n1 + (k[i] as number)) | 0);
      n1 ^= round(t, (n2 + (k[i - 1] as number)) | 0);
    }
  }
  pair[0] = n2;
  pair[1] = n1;
}

/** Encrypts (or, with `decrypt`, decrypts) one block in place. */
function cryptBlock(key: Gost28147Key, buf: Uint8Array, off: number, decrypt: boolean): void {
  (decrypt ? decryptPair : encryptPair)(key.sbox.all, key.k, readLe(buf, off), readLe(buf, off + 4));
  writeLe(buf, off, pair[0] as number);
  writeLe(buf, off + 4, pair[1] as number);
}

/** ECB encryption of whole blocks (simple replacement mode). */
export function ecbEncrypt(key: Gost28147Key, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('ECB needs whole blocks');
  const out = data.slice();
  for (let o = 0; o < out.length; o += 8) cryptBlock(key, out, o, false);
  return out;
}

export function ecbDecrypt(key: Gost28147Key, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('ECB needs whole blocks');
  const out = data.slice();
  for (let o = 0; o < out.length; o += 8) cryptBlock(key, out, o, true);
  return out;
}

/**
 * CFB over data[from, to) into out[from, to), continuing from the gamma state `g` (the IV, then the last
 * ciphertext block) and leaving it for the next range: `from` must be a multiple of 8, and `to` too unless
 * it is the end of the data.
 */
function cfbRange(
  key: Gost28147Key,
  g: Int32Array,
  data: Uint8Array,
  out: Uint8Array,
  from: number,
  to: number,
  decrypt: boolean,
): void {
  const { k } = key;
  const t = key.sbox.all;
  let g1 = g[0] as number;
  let g2 = g[1] as number;
  const whole = to - ((to - from) % 8);
  let o = from;
  if (decrypt) {
    // Every gamma of decryption is the encryption of a known block (the IV, then the ciphertext): two at
    // a time, side by side.
    for (; o + 16 <= whole; o += 16) {
      const c1 = readLe(data, o);
      const c2 = readLe(data, o + 4);
      encryptTwo(t, k, 0, 0, g1, g2, c1, c2);
      const d1 = readLe(data, o + 8);
      const d2 = readLe(data, o + 12);
      writeLe(out, o, c1 ^ (quad[0] as number));
      writeLe(out, o + 4, c2 ^ (quad[1] as number));
      writeLe(out, o + 8, d1 ^ (quad[2] as number));
      writeLe(out, o + 12, d2 ^ (quad[3] as number));
      g1 = d1;
      g2 = d2;
    }
  }
  for (; o < whole; o += 8) {
    encryptPair(t, k, g1, g2);
    const d1 = readLe(data, o);
    const d2 = readLe(data, o + 4);
    const c1 = d1 ^ (pair[0] as number);
    const c2 = d2 ^ (pair[1] as number);
    writeLe(out, o, c1);
    writeLe(out, o + 4, c2);
    // The next gamma is the encryption of this ciphertext block.
    g1 = decrypt ? d1 : c1;
    g2 = decrypt ? d2 : c2;
  }
  if (whole < to) {
    encryptPair(t, k, g1, g2);
    const gamma = new Uint8Array(8);
    writeLe(gamma, 0, pair[0] as number);
    writeLe(gamma, 4, pair[1] as number);
    for (let i = whole; i < to; i++) out[i] = (data[i] as number) ^ (gamma[i - whole] as number);
  }
  g[0] = g1;
  g[1] = g2;
}

function cfbState(iv: Uint8Array): Int32Array {
  if (iv.length !== 8) throw new RangeError('IV must be 8 bytes');
  return Int32Array.of(readLe(iv, 0), readLe(iv, 4));
}

function cfb(key: Gost28147Key, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  const g = cfbState(iv);
  const out = new Uint8Array(data.length);
  cfbRange(key, g, data, out, 0, data.length, decrypt);
  return out;
}

/** CFB ("gamma with feedback") encryption; any length. */
export const cfbEncrypt = (key: Gost28147Key, iv: Uint8Array, data: Uint8Array): Uint8Array =>
  cfb(key, iv, data, false);

export const cfbDecrypt = (key: Gost28147Key, iv: Uint8Array, data: Uint8Array): Uint8Array =>
  cfb(key, iv, data, true);

/**
 * CFB decryption in slices of `slice` bytes (a multiple of 8) with a turn of the event loop between them
 * (see `slices.ts`): the same bytes as {@link cfbDecrypt}, without holding the thread for the whole length.
 */
export async function cfbDecryptInSlices(
  key: Gost28147Key,
  iv: Uint8Array,
  data: Uint8Array,
  slice: number = SLICE_BYTES,
): Promise<Uint8Array> {
  if (slice <= 0 || slice % 8 !== 0) throw new RangeError('slice must be a positive multiple of 8');
  const g = cfbState(iv);
  const out = new Uint8Array(data.length);
  await inSlices(data.length, slice, (from, to) => cfbRange(key, g, data, out, from, to, true));
  return out;
}

/**
 * The 32-bit MAC (imitovstavka): 16 rounds per block, the last block zero-padded, the result the first four
 * bytes of the final state.
 */
export function mac(key: Gost28147Key, data: Uint8Array): Uint8Array {
  const t = key.sbox.all;
  const k = key.k;
  const f = (x: number): number => round(t, x);
  let n1 = 0;
  let n2 = 0;
  const block = new Uint8Array(8);
  const blocks = Math.max(1, Math.ceil(data.length / 8));
  for (let b = 0; b < blocks; b++) {
    block.fill(0);
    block.set(data.subarray(b * 8, b * 8 + 8));
    n1 = (n1 ^ readLe(block, 0)) >>> 0;
    n2 = (n2 ^ readLe(block, 4)) >>> 0;
    for (let r = 0; r < 16; r += 2) {
      n2 ^= f((n1 + (k[r & 7] as number)) | 0);
      n1 ^= f((n2 + (k[(r & 7) + 1] as number)) | 0);
    }
    n1 >>>= 0;
    n2 >>>= 0;
  }
  const out = new Uint8Array(4);
  writeLe(out, 0, n1);
  return out;
}
