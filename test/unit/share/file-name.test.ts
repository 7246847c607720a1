// File names of deliveries are not signed: whatever the sender puts there, what is kept is one safe name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../src/share/file-name.js';

const UNSAFE = /[/\\:*?"<>|\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

describe('safeFileName', () => {
  it('keeps the real platform name as it is', () => {
    const name = 'internal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e';
    expect(safeFileName(name)).toBe(name);
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\x.pdf', 'x.pdf'],
    ['\u202Efdp.exe', 'fdp.exe'],
    ['a\u0000b\u0007c\r\n.pdf', 'abc.pdf'],
    ['..', undefined],
    ['  .hidden.pdf. ', 'hidden.pdf'],
    ['a:b*c?.pdf', 'a_b_c_.pdf'],
    ['', undefined],
    ['/', undefined],
  ])('%j → %j', (input, output) => {
    expect(safeFileName(input)).toBe(output);
  });

  it('bounds the length to 128 characters', () => {
    expect(Array.from(safeFileName('я'.repeat(1000))!)).toHaveLength(128);
  });

  it('never returns a path, a control, format or line-separator character, or an empty name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const name = safeFileName(input);
        if (name === undefined) return;
        expect(name.length).toBeGreaterThan(0);
        expect(Array.from(name).length).toBeLessThanOrEqual(128);
        expect(name).not.toMatch(UNSAFE);
        expect(name.startsWith('.')).toBe(false);
        expect(safeFileName(name)).toBe(name);
      }),
    );
  });
});
