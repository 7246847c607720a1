import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryFileName } from '../../../src/sandbox/courier.js';
import { syntheticPdf } from '../../../src/sandbox/pdf.js';
import { sandboxRandom } from '../../../src/sandbox/random.js';
import { isValidEan13 } from '../../../src/scanner/ean13.js';

describe('syntheticPdf', () => {
  it('writes a cross-reference table whose offsets point at each object', () => {
    const pdf = new TextDecoder().decode(
      syntheticPdf(['Title (with parentheses)', 'Line \\ two', 'Кирилиця']),
    );
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    for (const [i, offset] of entries.entries()) {
      expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true);
    }
    const length = Number(/<< \/Length (\d+) >>\nstream\n/.exec(pdf)?.[1]);
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(pdf)?.[1];
    expect(stream).toHaveLength(length);
    expect(stream).toContain('(Title \\(with parentheses\\))');
    expect(stream).toContain('(Line \\\\ two)');
    expect(stream).toContain('(????????)');
  });

  it('stays ASCII and well formed for arbitrary lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 12 }), (lines) => {
        const bytes = syntheticPdf(lines);
        expect(bytes.every((b) => b === 0x0a || (b >= 0x20 && b < 0x7f))).toBe(true);
        const pdf = new TextDecoder().decode(bytes);
        const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
        expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
      }),
    );
  });
});

describe('sandboxRandom', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: string | number) => {
      const r = sandboxRandom(seed);
      return [r.uuid(), r.barcode(), r.hex(24), r.below(1000)];
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw(1)).toEqual(draw('1'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('makes version 4 UUIDs and valid EAN-13 barcodes', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const r = sandboxRandom(seed);
        expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const barcode = r.barcode();
        expect(barcode).toMatch(/^[1-9]\d{12}$/);
        expect(isValidEan13(barcode)).toBe(true);
      }),
    );
  });
});

describe('deliveryFileName', () => {
  it('follows {type}-{barcode}-{dd.mm.yyyy}-{hh_mm_ss}.pdf.jws.jwe in UTC', () => {
    expect(deliveryFileName('internal-passport', '2858364170864', Date.parse('2021-04-02T09:48:26Z'))).toBe(
      'internal-passport-2858364170864-02.04.2021-09_48_26.pdf.jws.jwe',
    );
  });
});
