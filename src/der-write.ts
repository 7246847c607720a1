/**
 * DER encoding for what the sealer writes (CMS structures, the key-derivation input). Only definite,
 * minimal encodings are produced; SET OF contents are sorted as DER requires.
 *
 * @module
 */
import { concatBytes } from './bytes.js';
import { TAG } from './der.js';

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}

export const concat = (...parts: readonly Uint8Array[]): Uint8Array => concatBytes(parts);

/** One element from its tag and contents. */
export function tlv(tag: number, ...value: readonly Uint8Array[]): Uint8Array {
  const body = concat(...value);
  return concat(Uint8Array.of(tag, ...lengthBytes(body.length)), body);
}

/** SEQUENCE. */
export const seq = (...items: readonly Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** SET OF, sorted by encoding (X.690 11.6). */
export const setOf = (...items: readonly Uint8Array[]): Uint8Array =>
  tlv(TAG.SET, ...[...items].sort(compare));

/** OBJECT IDENTIFIER from its dotted form. */
export function encOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (n: number): void => {
    const tmp = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) tmp.unshift(0x80 | (v & 0x7f));
    out.push(...tmp);
  };
  push((arcs[0] as number) * 40 + (arcs[1] as number));
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** A non-negative INTEGER. */
export function encUint(n: bigint | number): Uint8Array {
  let v = BigInt(n);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if ((bytes[0] as number) & 0x80) bytes.unshift(0);
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** OCTET STRING. */
export const encOctets = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);

/** BIT STRING with no unused bits. */
export const encBits = (bytes: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, Uint8Array.of(0), bytes);

export const encNull = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);

/** UTCTime (years 1950–2049) or GeneralizedTime, as DER requires. */
export function encTime(ms: number): Uint8Array {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const y = d.getUTCFullYear();
  const rest = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, new TextEncoder().encode(two(y % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, new TextEncoder().encode(String(y).padStart(4, '0') + rest));
}
