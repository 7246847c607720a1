/**
 * A small strict DER reader. It returns zero-copy views, so a signature check can hash exactly the bytes that
 * were signed (a certificate's `tbsCertificate`, the signed attributes) and a 190 KB content is never copied.
 * It accepts only DER: definite, minimal lengths and no trailing bytes (a BER-lenient reader would let two
 * encodings of one value hash differently).
 *
 * @module
 */

import { bytesToBigint } from './bytes.js';
import { AcceptError, type AcceptErrorCode } from './errors.js';

/**
 * The bounds every parse keeps, so that no input can make the reader spend time or memory out of proportion
 * to what a real certificate, key container or CMS message needs. A breach throws {@link DerLimitError},
 * which {@link parseAs} reports as `DER_LIMIT_EXCEEDED`.
 */
export interface DerLimits {
  /** Levels of constructed elements below the outermost one. */
  readonly maxDepth: number;
  /** Elements directly inside one SET, SEQUENCE or other constructed element. */
  readonly maxChildren: number;
  /** Elements read in one parse (from one {@link readDer} down). */
  readonly maxElements: number;
  /** Octets of an INTEGER read as a number where no tighter bound is given (curve parameters: ≤ 65). */
  readonly maxIntegerBytes: number;
  /** Octets of a certificate serial number (RFC 5280 allows 20; some CAs write a few more). */
  readonly maxSerialBytes: number;
  /** Octets of a directory string (X.520 bounds names at 64 to 200 characters). */
  readonly maxTextBytes: number;
}

/**
 * The default limits. The largest real inputs (the CA bundle of every Ukrainian CA, a key container with
 * its certificates, a delivered copy with its certificates and timestamps) stay far inside them: depth
 * under 16, under a thousand elements in the largest SET (the test CA bundle: 744 certificates), serials
 * of 20 octets, curve integers of 65, names of a few dozen characters.
 */
export const DER_LIMITS: DerLimits = Object.freeze({
  maxDepth: 32,
  maxChildren: 8192,
  maxElements: 65_536,
  maxIntegerBytes: 80,
  maxSerialBytes: 64,
  maxTextBytes: 4096,
});

/**
 * What one parse has left to spend; shared by every element read from one root.
 *
 * @internal
 */
export interface Budget {
  elements: number;
  readonly limits: DerLimits;
}

/** One DER element: its tag byte and views of its encoding. */
export interface Der {
  /** The identifier byte (class, constructed bit, tag number < 31). */
  readonly tag: number;
  /** The whole encoding: header and value. */
  readonly raw: Uint8Array;
  /** The value (contents octets). */
  readonly value: Uint8Array;
  /** Nesting level below the element {@link readDer} returned (0 for that one). */
  readonly depth?: number;
  /** @internal The parse's remaining element budget. */
  readonly budget?: Budget;
}

/** Thrown inside parsers; {@link parseAs} turns it into an AcceptError with the caller's code. */
export class DerError extends Error {}

/** A {@link DerLimits} bound was reached: the input is refused as hostile or absurd, not as damaged. */
export class DerLimitError extends DerError {}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed or primitive. */
export const ctx = (n: number, constructed = true): number => (constructed ? 0xa0 : 0x80) | n;

function fail(why: string): never {
  throw new DerError(why);
}

function limit(why: string): never {
  throw new DerLimitError(why);
}

/** Reads one element at `offset`; returns it and the offset after it. */
export function readAt(
  buf: Uint8Array,
  offset: number,
  depth = 0,
  budget?: Budget,
): { der: Der; next: number } {
  if (offset + 2 > buf.length) fail('truncated header');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) fail('high tag numbers are not used here');
  let pos = offset + 1;
  const first = buf[pos++] as number;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) fail('indefinite length');
    if (count > 4) fail('length too large');
    if (pos + count > buf.length) fail('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[pos++] as number);
    if (length < 0x80 || (count > 1 && buf[pos - count] === 0)) fail('non-minimal length');
  }
  const end = pos + length;
  if (end > buf.length) fail('truncated value');
  const der: Der = { tag, raw: buf.subarray(offset, end), value: buf.subarray(pos, end), depth };
  if (budget) (der as { budget?: Budget }).budget = budget;
  return { der, next: end };
}

/** Reads exactly one element filling `buf`. */
export function readDer(buf: Uint8Array, limits: DerLimits = DER_LIMITS): Der {
  const budget: Budget = { elements: limits.maxElements - 1, limits };
  const { der, next } = readAt(buf, 0, 0, budget);
  if (next !== buf.length) fail('trailing bytes');
  return der;
}

/** The elements inside a constructed element (optionally checking its tag). */
export function children(der: Der, tag?: number): Der[] {
  if (tag !== undefined) expectTag(der, tag);
  if ((der.tag & 0x20) === 0) fail('not constructed');
  const budget = der.budget ?? { elements: DER_LIMITS.maxElements, limits: DER_LIMITS };
  const { limits } = budget;
  const depth = (der.depth ?? 0) + 1;
  if (depth > limits.maxDepth) limit(`nested deeper than ${limits.maxDepth}`);
  const out: Der[] = [];
  let pos = 0;
  while (pos < der.value.length) {
    if (out.length >= limits.maxChildren)
      limit(`more than ${limits.maxChildren} elements in one constructed element`);
    if (budget.elements <= 0) limit(`more than ${limits.maxElements} elements in one parse`);
    budget.elements--;
    const { der: child, next } = readAt(der.value, pos, depth, budget);
    out.push(child);
    pos = next;
  }
  return out;
}

export function expectTag(der: Der | undefined, tag: number): Der {
  if (!der) fail('missing element');
  if (der.tag !== tag) fail(`unexpected tag ${der.tag.toString(16)}`);
  return der;
}

/** The dotted form of an OBJECT IDENTIFIER. */
export function oid(der: Der | undefined): string {
  const v = expectTag(der, TAG.OID).value;
  if (v.length === 0 || v.length > 64) fail('bad oid');
  const parts: number[] = [];
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as number;
    if (acc === 0 && b === 0x80) fail('non-minimal oid');
    acc = acc * 128 + (b & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER / 256) fail('oid arc too large');
    if ((b & 0x80) === 0) {
      parts.push(acc);
      acc = 0;
    } else if (i === v.length - 1) fail('truncated oid');
  }
  const head = parts[0] as number;
  const x = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [x, head - 40 * x, ...parts.slice(1)].join('.');
}

/**
 * A non-negative INTEGER as bigint (negative values are rejected: none are used here). `maxBytes` bounds
 * its length by what the field can hold (default {@link DerLimits.maxIntegerBytes}); a longer one throws
 * {@link DerLimitError} before any conversion.
 */
export function uint(der: Der | undefined, maxBytes?: number): bigint {
  const v = expectTag(der, TAG.INTEGER).value;
  const bound = maxBytes ?? der?.budget?.limits.maxIntegerBytes ?? DER_LIMITS.maxIntegerBytes;
  if (v.length > bound) limit(`INTEGER of ${v.length} octets (at most ${bound} here)`);
  if (v.length === 0) fail('empty integer');
  if ((v[0] as number) & 0x80) fail('negative integer');
  if (v.length > 1 && v[0] === 0 && ((v[1] as number) & 0x80) === 0) fail('non-minimal integer');
  return bytesToBigint(v);
}

/** A small INTEGER (versions, counts). */
export function smallInt(der: Der | undefined): number {
  const n = uint(der, 5);
  if (n > 0xffffffffn) fail('integer too large');
  return Number(n);
}

export function octets(der: Der | undefined): Uint8Array {
  return expectTag(der, TAG.OCTET_STRING).value;
}

/** The bytes of a BIT STRING without unused bits. */
export function bits(der: Der | undefined): Uint8Array {
  const v = expectTag(der, TAG.BIT_STRING).value;
  if (v.length === 0 || v[0] !== 0) fail('bit string with unused bits');
  return v.subarray(1);
}

/** UTCTime or GeneralizedTime (the forms DER allows: seconds, `Z`) as ms since the epoch. */
export function time(der: Der | undefined): number {
  if (!der) fail('missing time');
  if (der.value.length > 15) fail('bad time');
  const s = new TextDecoder().decode(der.value);
  const m =
    der.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : der.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : null;
  if (!m) fail('bad time');
  let year = Number(m[1]);
  if (der.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(ms)) fail('bad time');
  return ms;
}

/**
 * A GeneralizedTime with optional fractions of a second, as RFC 3161 section 2.4.2 allows for a timestamp's
 * `genTime` (DER form: `Z`, no trailing zero in the fraction), as ms since the epoch (fraction cut to ms).
 */
export function genTime(der: Der | undefined): number {
  if (der?.tag === TAG.UTC_TIME) return time(der);
  const v = expectTag(der, TAG.GENERALIZED_TIME).value;
  if (v.length > 32) fail('bad time');
  const m = /^(\d{14})(?:\.(\d*[1-9]))?Z$/.exec(new TextDecoder().decode(v));
  if (!m) fail('bad time');
  const whole = time({ tag: TAG.GENERALIZED_TIME, raw: v, value: new TextEncoder().encode(`${m[1]}Z`) });
  return whole + (m[2] ? Number(m[2].slice(0, 3).padEnd(3, '0')) : 0);
}

/** Text of a directory string (UTF8String, PrintableString, IA5String, BMPString). */
export function text(der: Der | undefined): string {
  if (!der) fail('missing string');
  const maxText = der.budget?.limits.maxTextBytes ?? DER_LIMITS.maxTextBytes;
  if (der.value.length > maxText) limit(`string of ${der.value.length} octets (at most ${maxText})`);
  if (der.tag === TAG.BMP) {
    // Code units in chunks: one string append per character made a 1 MiB BMPString take half a second.
    const v = der.value;
    const units = new Uint16Array(v.length >> 1);
    for (let i = 0; i < units.length; i++) units[i] = ((v[2 * i] as number) << 8) | (v[2 * i + 1] as number);
    const parts: string[] = [];
    for (let i = 0; i < units.length; i += 0x2000)
      parts.push(String.fromCharCode(...units.subarray(i, i + 0x2000)));
    return parts.join('');
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(der.value);
}

/**
 * Runs a parser, turning any failure of the input's shape into an AcceptError with `code`. AcceptErrors
 * from inside pass through unchanged.
 */
export function parseAs<T>(code: AcceptErrorCode, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AcceptError) throw error;
    if (error instanceof DerLimitError) {
      throw new AcceptError('DER_LIMIT_EXCEEDED', { cause: error, detail: error.message });
    }
    if (error instanceof DerError || error instanceof RangeError || error instanceof TypeError) {
      throw new AcceptError(code, { cause: error, detail: error.message });
    }
    throw error;
  }
}
