import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { createSerialFramer, type SerialFramerOptions } from '../../../src/scanner/serial-framing.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/passport/8a7d1c/verify/${OTP}`;
const BARCODE = '2858364170864';
const bytes = (text: string) => new TextEncoder().encode(text);

function frames(chunks: readonly (string | Uint8Array)[], options?: SerialFramerOptions) {
  const errors: string[] = [];
  const framer = createSerialFramer({ ...options, onError: (e) => errors.push(e.code) });
  const texts = chunks
    .flatMap((c) => framer.push(typeof c === 'string' ? bytes(c) : c, 0))
    .map((f) => f.text);
  return { texts, errors, framer };
}

/** Splits a byte string at the given cut points. */
const split = (data: Uint8Array, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    out.push(data.subarray(from, p));
    from = p;
  }
  return out;
};

describe('serial framing', () => {
  it.each([
    ['CR', `${BARCODE}\r${LINK}\r`],
    ['LF', `${BARCODE}\n${LINK}\n`],
    ['CRLF', `${BARCODE}\r\n${LINK}\r\n`],
    ['mixed, with blank lines', `\r\n${BARCODE}\r\n\r\n${LINK}\n\r`],
  ])('the default ends frames at CR, LF or CRLF: %s', (_name, stream) => {
    expect(frames([stream]).texts).toEqual([BARCODE, LINK]);
  });

  it('a CRLF split across chunks ends one frame, and the frame classifies', () => {
    const framer = createSerialFramer();
    expect(framer.push(bytes(`${BARCODE}\r`))).toMatchObject([
      { scan: { kind: 'barcode', barcode: BARCODE } },
    ]);
    expect(framer.push(bytes(`\n${LINK.slice(0, 10)}`))).toEqual([]);
    expect(framer.pending).toBe(true);
    expect(framer.push(bytes(`${LINK.slice(10)}\r\n`))).toMatchObject([
      { text: LINK, scan: { kind: 'document-link' } },
    ]);
  });

  it('keeps UTF-8 characters split across chunks whole', () => {
    const data = bytes('Дія ✓ 𝔡\r\n');
    expect(frames([...data].map((b) => Uint8Array.of(b))).texts).toEqual(['Дія ✓ 𝔡']);
  });

  it.each([
    ['cr', `${BARCODE}\n1\r`, [`${BARCODE}\n1`]],
    ['lf', `${BARCODE}\r1\n`, [`${BARCODE}\r1`]],
    ['crlf', `a\rb\nc\r\nd\r\n`, ['a\rb\nc', 'd']],
    ['\u0003', `\u0002${BARCODE}\u0003\u0002x\u0003`, [`\u0002${BARCODE}`, '\u0002x']],
    ['<END>', `${BARCODE}<EN`, []],
  ] as const)('terminator %j', (terminator, stream, expected) => {
    expect(frames([stream], { terminator }).texts).toEqual(expected);
  });

  it('a multi-byte suffix split across chunks', () => {
    expect(frames([`${BARCODE}<E`, 'N', 'D>', 'x<END>'], { terminator: '<END>' }).texts).toEqual([
      BARCODE,
      'x',
    ]);
    expect(frames([BARCODE, Uint8Array.of(0x03)], { terminator: Uint8Array.of(0x03) }).texts).toEqual([
      BARCODE,
    ]);
  });

  it('idle mode: CR inside a code stays, the pause ends the frame (explicit times)', () => {
    const framer = createSerialFramer({ idleMs: 50 });
    const code = 'LINE1\rLINE2\r';
    expect(framer.push(bytes(code.slice(0, 7)), 1000)).toEqual([]);
    expect(framer.push(bytes(code.slice(7)), 1049)).toEqual([]);
    expect(framer.flush(1098)).toEqual([]);
    expect(framer.flush(1099).map((f) => f.text)).toEqual([code]);
    expect(framer.pending).toBe(false);
    // The next chunk after a pause closes the previous frame by itself.
    framer.push(bytes('A\rB'), 2000);
    expect(framer.push(bytes(BARCODE), 2100).map((f) => f.text)).toEqual(['A\rB']);
    expect(framer.flush().map((f) => f.text)).toEqual([BARCODE]);
  });

  it('idle mode with an injected clock', () => {
    const clock = manualClock(0);
    const seen: string[] = [];
    const framer = createSerialFramer({ idleMs: 30, clock, onFrame: (f) => seen.push(f.text) });
    framer.push(bytes(BARCODE));
    clock.advance(29);
    expect(framer.flush()).toEqual([]);
    clock.advance(1);
    expect(framer.flush().map((f) => f.scan.kind)).toEqual(['barcode']);
    expect(seen).toEqual([BARCODE]);
  });

  it('drops an over-long frame with SERIAL_FRAME_TOO_LONG and recovers at the next terminator', () => {
    const { texts, errors } = frames(['x'.repeat(30), 'y'.repeat(30), `\r${BARCODE}\r`], {
      maxFrameBytes: 40,
    });
    expect(texts).toEqual([BARCODE]);
    expect(errors).toEqual(['SERIAL_FRAME_TOO_LONG']);
    const suffixed = frames([`${'z'.repeat(50)}<E`, `ND>${BARCODE}<END>`], {
      maxFrameBytes: 20,
      terminator: '<END>',
    });
    expect(suffixed).toMatchObject({ texts: [BARCODE], errors: ['SERIAL_FRAME_TOO_LONG'] });
    const exact = frames([`${'1'.repeat(20)}\r`], { maxFrameBytes: 20 });
    expect(exact).toMatchObject({ texts: ['1'.repeat(20)], errors: [] });
  });

  it('reset() drops pending bytes; flush() at the end of the stream emits them', () => {
    const { framer } = frames(['abc']);
    framer.reset();
    expect(framer.pending).toBe(false);
    framer.push(bytes(BARCODE));
    expect(framer.flush().map((f) => f.text)).toEqual([BARCODE]);
    expect(framer.flush()).toEqual([]);
  });

  it('rejects invalid options and chunks with INVALID_ARGUMENT', () => {
    for (const options of [
      { terminator: 'none' as const },
      { terminator: '' },
      { terminator: new Uint8Array(0) },
      { idleMs: -1 },
      { maxFrameBytes: 0 },
      { terminator: 42 as never },
    ]) {
      expect(() => createSerialFramer(options)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    expect(() => createSerialFramer().push('text' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('property: however the stream is chunked, the frames are the same', () => {
    const line = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r', '\n', '\r\n'),
        fc.array(fc.nat(400), { maxLength: 12 }),
        (lines, eol, cuts) => {
          const data = bytes(lines.map((l) => l + eol).join(''));
          expect(frames(split(data, cuts)).texts).toEqual(lines);
          const only = eol === '\r\n' ? 'crlf' : eol === '\r' ? 'cr' : 'lf';
          expect(frames(split(data, cuts), { terminator: only }).texts).toEqual(lines);
        },
      ),
    );
  });

  it('property: arbitrary bytes never throw, and every frame fits maxFrameBytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }),
        fc.constantFrom<SerialFramerOptions>({}, { terminator: 'crlf' }, { terminator: '#!' }, { idleMs: 5 }),
        (chunks, options) => {
          const framer = createSerialFramer({ ...options, maxFrameBytes: 32 });
          let at = 0;
          for (const chunk of chunks) {
            at += 3;
            for (const frame of framer.push(chunk, at)) {
              expect(frame.bytes.length).toBeLessThanOrEqual(32);
              if (frame.scan.kind === 'unknown') expect(isAcceptError(frame.scan.error)).toBe(true);
            }
          }
          framer.flush();
        },
      ),
    );
  });
});
