/**
 * EAN-13, the barcode on the back of a document in the holder's app: 12 random digits and a check digit
 * (GS1 General Specifications, section 7.9: weights 1 and 3 from the left, modulo 10).
 *
 * @module
 */
import { AcceptError } from '../errors.js';

const TWELVE_DIGITS = /^[0-9]{12}$/;
const THIRTEEN_DIGITS = /^[0-9]{13}$/;

/**
 * The check digit for the first 12 digits of an EAN-13.
 *
 * @throws {AcceptError} `SCAN_BARCODE_MALFORMED` unless `digits` is exactly 12 ASCII digits.
 * @example
 * ```ts
 * import { ean13CheckDigit } from 'diia-accept/scanner';
 * ean13CheckDigit('285836417086'); // 4
 * ```
 */
export function ean13CheckDigit(digits: string): number {
  if (typeof digits !== 'string' || !TWELVE_DIGITS.test(digits)) {
    throw new AcceptError('SCAN_BARCODE_MALFORMED', { detail: 'expected 12 ASCII digits' });
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    // Positions 1, 3, 5 … (index 0, 2, 4 …) weigh 1; positions 2, 4, 6 … weigh 3.
    sum += (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Checks a 13-digit EAN-13 and returns it unchanged.
 *
 * @throws {AcceptError} `SCAN_BARCODE_MALFORMED` unless it is exactly 13 ASCII digits,
 *   `SCAN_CHECK_DIGIT` if the last digit is wrong.
 * @example
 * ```ts
 * import { assertEan13 } from 'diia-accept/scanner';
 * assertEan13('2858364170864'); // '2858364170864'
 * ```
 */
export function assertEan13(code: string): string {
  if (typeof code !== 'string' || !THIRTEEN_DIGITS.test(code)) {
    throw new AcceptError('SCAN_BARCODE_MALFORMED', { detail: 'expected 13 ASCII digits' });
  }
  if (ean13CheckDigit(code.slice(0, 12)) !== code.charCodeAt(12) - 48) {
    throw new AcceptError('SCAN_CHECK_DIGIT');
  }
  return code;
}

/**
 * Tells whether `code` is a valid EAN-13 (13 ASCII digits with the right check digit). Never throws.
 *
 * @example
 * ```ts
 * import { isValidEan13 } from 'diia-accept/scanner';
 * isValidEan13('2858364170864'); // true
 * isValidEan13('2858364170865'); // false
 * ```
 */
export function isValidEan13(code: unknown): code is string {
  return (
    typeof code === 'string' &&
    THIRTEEN_DIGITS.test(code) &&
    ean13CheckDigit(code.slice(0, 12)) === code.charCodeAt(12) - 48
  );
}

/**
 * Completes 12 digits with their check digit.
 *
 * @example
 * ```ts
 * import { withEan13CheckDigit } from 'diia-accept/scanner';
 * withEan13CheckDigit('285836417086'); // '2858364170864'
 * ```
 */
export function withEan13CheckDigit(digits: string): string {
  return digits + String(ean13CheckDigit(digits));
}
