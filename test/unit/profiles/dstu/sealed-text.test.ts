// The outer base64 of a delivered dstu part: the one-pass decoder agrees with the string-based definition
// (whitespace ignored, length a multiple of four, at most two '=' at the end) on every input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSealed,
  decodeSealedInSlices,
  encodeSealed,
} from '../../../../src/profiles/dstu/sealed-text.js';
import { codeOfCall } from '../../../support/codes.js';

/** The definition, written the slow and obvious way. */
function reference(sealed: Uint8Array): Uint8Array | 'ENVELOPE_MALFORMED' {
  if (sealed[0] === 0x30) return sealed;
  const text = Buffer.from(sealed)
    .toString('latin1')
    .replace(/[\r\n\t ]/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    return 'ENVELOPE_MALFORMED';
  if (/^=/.test(text)) return 'ENVELOPE_MALFORMED';
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const outcome = (sealed: Uint8Array) => {
  try {
    return decodeSealed(sealed);
  } catch {
    return codeOfCall(() => decodeSealed(sealed));
  }
};

describe('decodeSealed', () => {
  it('round-trips any bytes through encodeSealed, with whitespace anywhere', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, cuts) => {
          const text = Buffer.from(encodeSealed(bytes)).toString('latin1');
          let spaced = text;
          for (const cut of cuts) {
            const at = cut % (spaced.length + 1);
            spaced = `${spaced.slice(0, at)}\r\n${spaced.slice(at)}`;
          }
          const sealed = new Uint8Array(Buffer.from(spaced, 'latin1'));
          if (sealed[0] === 0x30) return;
          expect(decodeSealed(sealed)).toEqual(bytes);
        },
      ),
    );
  });

  it('agrees with the definition on text made of base64 characters, whitespace, padding and junk', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \r\n\t-_.%';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const sealed = new Uint8Array(Buffer.from(chars.join(''), 'latin1'));
        const expected = reference(sealed);
        const actual = outcome(sealed);
        // Trailing bits that are not zero are accepted by both (as atob did).
        expect(actual).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('raw DER is returned as is', () => {
    const der = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05);
    expect(decodeSealed(der)).toBe(der);
  });

  it('in slices of any size (a quantum split anywhere), the same bytes and the same refusals', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \r\n\t-_.%';
    const sliced = async (sealed: Uint8Array, slice: number) => {
      try {
        return await decodeSealedInSlices(sealed, slice);
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map(encodeSealed),
          fc
            .array(fc.constantFrom(...alphabet), { maxLength: 40 })
            .map((chars) => new Uint8Array(Buffer.from(chars.join(''), 'latin1'))),
        ),
        fc.integer({ min: 1, max: 64 }),
        async (sealed, slice) => {
          expect(await sliced(sealed, slice)).toEqual(outcome(sealed));
        },
      ),
      { numRuns: 500 },
    );
  });
});
