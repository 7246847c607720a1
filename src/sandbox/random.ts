/**
 * The sandbox's seeded randomness: every id, barcode, one-time code and multipart boundary comes from here,
 * so a sandbox with the same seed, clock and calls makes the same ones. (Keys and signatures come from
 * WebCrypto and are random regardless; nothing depends on their bytes.)
 *
 * @module
 */
import { withEan13CheckDigit } from '../scanner/ean13.js';

/** A seeded source of ids. */
export interface SandboxRandom {
  /** A float in [0, 1). */
  next(): number;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A version 4 UUID (RFC 9562 §5.4), lowercase. */
  uuid(): string;
  /** An EAN-13: twelve random digits and the check digit. */
  barcode(): string;
  /** A whole number in [0, n). */
  below(n: number): number;
}

/** xmur3: spreads a seed string over 32 bits, so nearby seeds give unrelated streams. */
function hashSeed(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** sfc32: a small, fast generator with a long period; good enough for ids, never for secrets. */
export function sandboxRandom(seed: string | number): SandboxRandom {
  const mix = hashSeed(String(seed));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  const hex = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += below(16).toString(16);
    return out;
  };
  return {
    next,
    below,
    hex,
    uuid() {
      const h = hex(32).split('');
      h[12] = '4';
      h[16] = '89ab'[below(4)]!;
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    barcode() {
      let digits = String(1 + below(9));
      for (let i = 1; i < 12; i++) digits += String(below(10));
      return withEan13CheckDigit(digits);
    },
  };
}
