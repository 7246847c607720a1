import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import {
  assertEan13,
  ean13CheckDigit,
  isValidEan13,
  withEan13CheckDigit,
} from '../../../src/scanner/ean13.js';

describe('EAN-13', () => {
  // 2858364170864: the barcode in the platform's official SDK samples (file names of delivered copies).
  // 4006381333931 and 5901234123457: the worked examples published with the GS1 check-digit calculator.
  it.each(['2858364170864', '4006381333931', '5901234123457', '0000000000000'])('%s is valid', (code) => {
    expect(isValidEan13(code)).toBe(true);
    expect(assertEan13(code)).toBe(code);
    expect(ean13CheckDigit(code.slice(0, 12))).toBe(Number(code[12]));
    expect(withEan13CheckDigit(code.slice(0, 12))).toBe(code);
  });

  it('every wrong check digit of the sample is rejected with SCAN_CHECK_DIGIT', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 4) continue;
      const code = `285836417086${d}`;
      expect(isValidEan13(code)).toBe(false);
      expect(() => assertEan13(code)).toThrow(expect.objectContaining({ code: 'SCAN_CHECK_DIGIT' }));
    }
  });

  it.each([
    '',
    '285836417086',
    '28583641708644',
    '285836417086a',
    '2858364170864\n',
    ' 2858364170864',
    '２８５８３６４１７０８６４', // full-width digits
    '٢٨٥٨٣٦٤١٧٠٨٦٤', // Arabic-Indic digits
    '+285836417086',
    '2858364170.64',
  ])('%j is not 13 ASCII digits: SCAN_BARCODE_MALFORMED', (code) => {
    expect(isValidEan13(code)).toBe(false);
    expect(() => assertEan13(code)).toThrow(expect.objectContaining({ code: 'SCAN_BARCODE_MALFORMED' }));
  });

  it('rejects non-strings', () => {
    expect(isValidEan13(2858364170864)).toBe(false);
    expect(() => assertEan13(2858364170864 as never)).toThrow(
      expect.objectContaining({ code: 'SCAN_BARCODE_MALFORMED' }),
    );
    expect(() => ean13CheckDigit(null as never)).toThrow(
      expect.objectContaining({ code: 'SCAN_BARCODE_MALFORMED' }),
    );
  });

  it('a completed code is always valid, and any single changed digit is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12}$/),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, position, delta) => {
          const code = withEan13CheckDigit(digits);
          expect(isValidEan13(code)).toBe(true);
          const changed = (Number(code[position]) + delta) % 10;
          const mutated = code.slice(0, position) + changed + code.slice(position + 1);
          expect(isValidEan13(mutated)).toBe(false);
        },
      ),
    );
  });

  it('arbitrary input never throws anything but an AcceptError (property)', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        try {
          assertEan13(input);
        } catch (error) {
          expect(isAcceptError(error, ['SCAN_BARCODE_MALFORMED', 'SCAN_CHECK_DIGIT'])).toBe(true);
        }
      }),
    );
  });
});
