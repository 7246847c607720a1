/**
 * GOST 28147-89 (DSTU GOST 28147:2009): the 64-bit block cipher, its CFB ("gamma with feedback") mode and
 * its MAC (imitovstavka), with the substitution box given as the 64-byte packed DKE form that Ukrainian
 * AlgorithmIdentifier parameters carry.
 *
 * @module
 */

/**
 * DKE No. 1, the S-box of DSTU GOST 28147:2009 used by Ukrainian qualified signatures unless parameters
 * say otherwise (the same 64 bytes appear in every sample's parameters).
 *
 * @example
 * ```ts
 * const key = gostKey(kek, expandSBox(DKE_1));
 * ```
 */
export const DKE_1 = Uint8Array.from(
  'a9d6eb45f13c708280c4967b231f5eadf658eba4c037291d38d96bf025ca4e17f8e9720dc615b43a28975f0bc1dea36438b564ea2c179fd0123e6db8fac57904'
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16)) ?? [],
);

/**
 * Byte-pair substitution tables with the 11-bit rotation folded in, one per byte of the round input.
 *
 * @example
 * ```ts
 * const sbox: SBox = expandSBox(parametersSBox);
 * ```
 */
export interface SBox {
  readonly t: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
}

const sboxCache = new Map<string, SBox>();
// The hash looks its S-box up on every call (tens of thousands inside PBKDF2): try identity first.
const sboxByArray = new WeakMap<Uint8Array, SBox>();

/**
 * Expands a packed 64-byte S-box. Row r (r = 0 substitutes the least significant nibble of the round input)
 * occupies bytes 8r..8r+7, two entries a byte, high nibble first.
 *
 * @example
 * ```ts
 * const sbox = expandSBox(octets(dke)); // from AlgorithmIdentifier parameters
 * ```
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
    const table = new Uint32Array(256);
    const lo = k(byte * 2);
    const hi = k(byte * 2 + 1);
    for (let i = 0; i < 256; i++) {
      const v = (((hi[i >>> 4] as number) << 4) | (lo[i & 15] as number)) << (byte * 8);
      table[i] = ((v << 11) | (v >>> 21)) >>> 0;
    }
    return table;
  }) as unknown as SBox['t'];
  const sbox = { t };
  if (sboxCache.size < 16) sboxCache.set(key, sbox);
  sboxByArray.set(packed, sbox);
  return sbox;
}

/**
 * An expanded 256-bit key with its S-box.
 *
 * @example
 * ```ts
 * const key: Gost28147Key = gostKey(cek);
 * ```
 */
export interface Gost28147Key {
  readonly k: Uint32Array;
  readonly sbox: SBox;
}

/**
 * Prepares a 32-byte key (eight little-endian words).
 *
 * @example
 * ```ts
 * const key = gostKey(new Uint8Array(32));
 * ```
 */
export function gostKey(key: Uint8Array, sbox: SBox = expandSBox()): Gost28147Key {
  if (key.length !== 32) throw new RangeError('GOST 28147 key must be 32 bytes');
  const k = new Uint32Array(8);
  for (let i = 0; i < 8; i++) k[i] = readLe(key, i * 4);
  return { k, sbox };
}

function readLe(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) |
      ((b[o + 1] as number) << 8) |
      ((b[o + 2] as number) << 16) |
      ((b[o + 3] as number) << 24)) >>>
    0
  );
}

function writeLe(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 255;
  b[o + 1] = (v >>> 8) & 255;
  b[o + 2] = (v >>> 16) & 255;
  b[o + 3] = v >>> 24;
}

/** Encrypts (or, with `decrypt`, decrypts) one block in place. */
function cryptBlock(key: Gost28147Key, buf: Uint8Array, off: number, decrypt: boolean): void {
  const [t0, t1, t2, t3] = key.sbox.t;
  const k = key.k;
  let n1 = readLe(buf, off);
  let n2 = readLe(buf, off + 4);
  const f = (x: number): number =>
    (t0[x & 255] as number) ^
    (t1[(x >>> 8) & 255] as number) ^
    (t2[(x >>> 16) & 255] as number) ^
    (t3[x >>> 24] as number);
  for (let round = 0; round < 32; round += 2) {
    // Key order: k0..k7 three times then k7..k0 (decryption: the reverse).
    const enc = decrypt ? round < 8 : round < 24;
    const i = enc ? round & 7 : 7 - (round & 7);
    const j = enc ? i + 1 : i - 1;
    n2 ^= f((n1 + (k[i] as number)) >>> 0);
    n1 ^= f((n2 + (k[j] as number)) >>> 0);
  }
  writeLe(buf, off, n2 >>> 0);
  writeLe(buf, off + 4, n1 >>> 0);
}

/**
 * Encrypts the block (n1, n2) under key words `k` and writes the two output words (the first four output
 * bytes first) to `out[at]`, `out[at + 1]`. The hash calls this four times per step with a fresh key, so it
 * takes words, not bytes.
 *
 * @example
 * ```ts
 * encryptWords(sbox, keyWords, n1, n2, out, 0);
 * ```
 */
export function encryptWords(
  sbox: SBox,
  k: Uint32Array,
  n1In: number,
  n2In: number,
  out: Uint32Array,
  at: number,
): void {
  const [t0, t1, t2, t3] = sbox.t;
  let n1 = n1In;
  let n2 = n2In;
  for (let round = 0; round < 32; round += 2) {
    const i = round < 24 ? round & 7 : 7 - (round & 7);
    const j = round < 24 ? i + 1 : i - 1;
    let x = (n1 + (k[i] as number)) >>> 0;
    n2 ^=
      (t0[x & 255] as number) ^
      (t1[(x >>> 8) & 255] as number) ^
      (t2[(x >>> 16) & 255] as number) ^
      (t3[x >>> 24] as number);
    x = (n2 + (k[j] as number)) >>> 0;
    n1 ^=
      (t0[x & 255] as number) ^
      (t1[(x >>> 8) & 255] as number) ^
      (t2[(x >>> 16) & 255] as number) ^
      (t3[x >>> 24] as number);
  }
  out[at] = n2 >>> 0;
  out[at + 1] = n1 >>> 0;
}

/**
 * ECB encryption of whole blocks (simple replacement mode).
 *
 * @example
 * ```ts
 * ecbEncrypt(gostKey(key), new Uint8Array(8));
 * ```
 */
export function ecbEncrypt(key: Gost28147Key, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('ECB needs whole blocks');
  const out = data.slice();
  for (let o = 0; o < out.length; o += 8) cryptBlock(key, out, o, false);
  return out;
}

/**
 * ECB decryption of whole blocks.
 *
 * @example
 * ```ts
 * ecbDecrypt(gostKey(key), ciphertext);
 * ```
 */
export function ecbDecrypt(key: Gost28147Key, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('ECB needs whole blocks');
  const out = data.slice();
  for (let o = 0; o < out.length; o += 8) cryptBlock(key, out, o, true);
  return out;
}

function cfb(key: Gost28147Key, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  if (iv.length !== 8) throw new RangeError('IV must be 8 bytes');
  const out = new Uint8Array(data.length);
  const gamma = iv.slice();
  for (let o = 0; o < data.length; o += 8) {
    cryptBlock(key, gamma, 0, false);
    const n = Math.min(8, data.length - o);
    for (let i = 0; i < n; i++) {
      const c = decrypt ? (data[o + i] as number) : (data[o + i] as number) ^ (gamma[i] as number);
      out[o + i] = decrypt ? c ^ (gamma[i] as number) : c;
      gamma[i] = c;
    }
  }
  return out;
}

/**
 * CFB ("gamma with feedback") encryption; any length.
 *
 * @example
 * ```ts
 * const ciphertext = cfbEncrypt(gostKey(cek), iv, content);
 * ```
 */
export const cfbEncrypt = (key: Gost28147Key, iv: Uint8Array, data: Uint8Array): Uint8Array =>
  cfb(key, iv, data, false);

/**
 * CFB decryption.
 *
 * @example
 * ```ts
 * const content = cfbDecrypt(gostKey(cek), iv, ciphertext);
 * ```
 */
export const cfbDecrypt = (key: Gost28147Key, iv: Uint8Array, data: Uint8Array): Uint8Array =>
  cfb(key, iv, data, true);

/**
 * The 32-bit MAC (imitovstavka): 16 rounds per block, the last block zero-padded, the result the first four
 * bytes of the final state.
 *
 * @example
 * ```ts
 * const icv = mac(gostKey(kek), cek); // 4 bytes
 * ```
 */
export function mac(key: Gost28147Key, data: Uint8Array): Uint8Array {
  const [t0, t1, t2, t3] = key.sbox.t;
  const k = key.k;
  const f = (x: number): number =>
    (t0[x & 255] as number) ^
    (t1[(x >>> 8) & 255] as number) ^
    (t2[(x >>> 16) & 255] as number) ^
    (t3[x >>> 24] as number);
  let n1 = 0;
  let n2 = 0;
  const block = new Uint8Array(8);
  const blocks = Math.max(1, Math.ceil(data.length / 8));
  for (let b = 0; b < blocks; b++) {
    block.fill(0);
    block.set(data.subarray(b * 8, b * 8 + 8));
    n1 = (n1 ^ readLe(block, 0)) >>> 0;
    n2 = (n2 ^ readLe(block, 4)) >>> 0;
    for (let round = 0; round < 16; round += 2) {
      n2 ^= f((n1 + (k[round & 7] as number)) >>> 0);
      n1 ^= f((n2 + (k[(round & 7) + 1] as number)) >>> 0);
    }
    n1 >>>= 0;
    n2 >>>= 0;
  }
  const out = new Uint8Array(4);
  writeLe(out, 0, n1);
  return out;
}
