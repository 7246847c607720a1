/**
 * A binary field GF(2^m) in polynomial basis: its degree and reduction polynomial. Both arithmetics build on
 * it: bigint elements (field.ts) and 32-bit words (field-words.ts).
 *
 * @module
 */

/** A binary field: its degree and reduction polynomial. */
export interface Field {
  readonly m: number;
  /** The reduction polynomial, including t^m and 1. */
  readonly poly: bigint;
  /** The exponents strictly between 0 and m of the polynomial's terms. */
  readonly middle: readonly number[];
  readonly mask: bigint;
}

/** A field from its degree and the middle exponents of a trinomial or pentanomial. */
export function field(m: number, middle: readonly number[]): Field {
  let poly = (1n << BigInt(m)) | 1n;
  for (const k of middle) poly |= 1n << BigInt(k);
  return { m, poly, middle: [...middle], mask: (1n << BigInt(m)) - 1n };
}
