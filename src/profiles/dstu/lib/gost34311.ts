/**
 * GOST 34.311-95 (the Ukrainian adoption of GOST R 34.11-94): a 256-bit hash built on GOST 28147-89, with
 * the DKE No. 1 S-box and a zero starting vector, plus HMAC and PBKDF2 over it (the key containers use
 * them).
 *
 * @module
 */
import { ecbEncrypt, expandSBox, gostKey, type SBox } from './gost28147.js';

// C3 of the key schedule, as bytes with the least significant byte first.
const C3 = Uint8Array.from(
  'ff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00'
    .match(/../g)
    ?.map((h) => Number.parseInt(h, 16))
    .reverse() ?? [],
);

/** A(Y) = (y1 ^ y2) || y4 || y3 || y2 over 64-bit words, y1 the least significant. */
function transformA(y: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(y.subarray(8, 32), 0);
  for (let i = 0; i < 8; i++) out[24 + i] = (y[i] as number) ^ (y[8 + i] as number);
  return out;
}

/** P: byte permutation φ(i + 1 + 4(k − 1)) = 8i + k. */
function transformP(w: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 4; i++) for (let k = 0; k < 8; k++) out[i + 4 * k] = w[8 * i + k] as number;
  return out;
}

/** ψ: shifts by one 16-bit word, the new top word the XOR of words 1, 2, 3, 4, 13 and 16. */
function psi(y: Uint8Array, rounds: number): void {
  for (let r = 0; r < rounds; r++) {
    const lo =
      (y[0] as number) ^
      (y[2] as number) ^
      (y[4] as number) ^
      (y[6] as number) ^
      (y[24] as number) ^
      (y[30] as number);
    const hi =
      (y[1] as number) ^
      (y[3] as number) ^
      (y[5] as number) ^
      (y[7] as number) ^
      (y[25] as number) ^
      (y[31] as number);
    y.copyWithin(0, 2);
    y[30] = lo;
    y[31] = hi;
  }
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** One compression step: H := f(H, M). */
function step(sbox: SBox, h: Uint8Array, m: Uint8Array): void {
  let u = h;
  let v = m;
  let w = xor(u, v);
  const s = new Uint8Array(32);
  for (let j = 0; j < 4; j++) {
    if (j > 0) {
      u = transformA(u);
      if (j === 2) u = xor(u, C3);
      v = transformA(transformA(v));
      w = xor(u, v);
    }
    const key = gostKey(transformP(w), sbox);
    s.set(ecbEncrypt(key, h.subarray(8 * j, 8 * j + 8)), 8 * j);
  }
  psi(s, 12);
  for (let i = 0; i < 32; i++) s[i] = (s[i] as number) ^ (m[i] as number);
  psi(s, 1);
  for (let i = 0; i < 32; i++) s[i] = (s[i] as number) ^ (h[i] as number);
  psi(s, 61);
  h.set(s);
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

/** The GOST 34.311-95 hash of `data` (32 bytes). `sboxPacked` defaults to DKE No. 1. */
export function gost34311(data: Uint8Array, sboxPacked?: Uint8Array): Uint8Array {
  const sbox = expandSBox(sboxPacked);
  const h = new Uint8Array(32);
  const sum = new Uint8Array(32);
  let pos = 0;
  for (; pos + 32 <= data.length; pos += 32) {
    const block = data.subarray(pos, pos + 32);
    step(sbox, h, block);
    addBlock(sum, block);
  }
  if (pos < data.length) {
    const block = new Uint8Array(32);
    block.set(data.subarray(pos));
    step(sbox, h, block);
    addBlock(sum, block);
  }
  const length = new Uint8Array(32);
  let bitsLeft = BigInt(data.length) * 8n;
  for (let i = 0; i < 32 && bitsLeft > 0n; i++) {
    length[i] = Number(bitsLeft & 0xffn);
    bitsLeft >>= 8n;
  }
  step(sbox, h, length);
  step(sbox, h, sum);
  return h;
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
