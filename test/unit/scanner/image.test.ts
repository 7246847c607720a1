import {
  AztecCodeWriter,
  BarcodeFormat,
  DataMatrixWriter,
  type BitMatrix as ZxingBitMatrix,
} from '@zxing/library';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcceptError, isAcceptError } from '../../../src/errors.js';
import type { ImageFrame } from '../../../src/scanner/decode-contract.js';
import { decodeFrame } from '../../../src/scanner/engines/zxing-js.js';
import { compose } from '../../support/distort.js';
import { DISTORTIONS, makeSample, type SymbolKind } from '../../support/distortion-set.js';
import { type LumaImage, renderEan13, renderQr, toRgba } from '../../support/symbols.js';

const LINK = 'https://diia.app/documents/passport/123456789/verify/7a1f3c9e-2b4d-4e8f-9a6b-0c1d2e3f4a5b';
const BARCODE = '2858364170864';

function luma(image: LumaImage): ImageFrame {
  return { data: image.data, width: image.width, height: image.height, format: 'luma' };
}

function rgba(image: LumaImage): ImageFrame {
  return { data: toRgba(image, [0.9, 1, 0.8]), width: image.width, height: image.height, format: 'rgba' };
}

describe('decodeFrame: exact text of the two Diia symbols', () => {
  const qrScene = compose(renderQr(LINK), { frameWidth: 640, frameHeight: 480, scale: 4 });
  const eanScene = compose(renderEan13(BARCODE), { frameWidth: 640, frameHeight: 480, scale: 3 });

  it('reads the document link from an RGBA frame, with the finder patterns in frame pixels', () => {
    const symbol = decodeFrame(rgba(qrScene.image));
    expect(symbol?.text).toBe(LINK);
    expect(symbol?.format).toBe('qr-code');
    // The encoder put the digits in a numeric segment, so the byte segments are not the whole payload.
    expect(symbol?.bytes).toBeUndefined();
    // The finder pattern centres lie 3.5 modules + the 4-module quiet zone inside the symbol's corners.
    const [tl] = qrScene.corners;
    const inset = 7.5 * 4;
    const nearTopLeft = symbol?.points.some(
      (p) => Math.abs(p.x - (tl![0] + inset)) < 4 && Math.abs(p.y - (tl![1] + inset)) < 4,
    );
    expect(nearTopLeft).toBe(true);
  });

  it('reads the same link from a luma frame', () => {
    expect(decodeFrame(luma(qrScene.image))?.text).toBe(LINK);
  });

  it('reads the EAN-13 barcode', () => {
    const symbol = decodeFrame(rgba(eanScene.image));
    expect(symbol).toMatchObject({ text: BARCODE, format: 'ean-13' });
    for (const p of symbol?.points ?? []) {
      expect(p.x).toBeGreaterThan(eanScene.corners[0]![0]);
      expect(p.x).toBeLessThan(eanScene.corners[1]![0]);
    }
  });

  it('keeps Ukrainian text in a QR byte segment as UTF-8', () => {
    const text = 'Дія: паспорт громадянина України';
    const scene = compose(renderQr(text), { frameWidth: 640, frameHeight: 480, scale: 3 });
    const symbol = decodeFrame(luma(scene.image));
    expect(symbol?.text).toBe(text);
    expect(symbol?.bytes).toEqual(new TextEncoder().encode(text));
  });

  it('returns null for a frame without a symbol, without throwing', () => {
    const blank = { data: new Uint8ClampedArray(320 * 240).fill(200), width: 320, height: 240 };
    expect(decodeFrame(luma(blank))).toBeNull();
  });
});

describe('decodeFrame: strategies', () => {
  it('maps points back to frame pixels when a 1080p frame is shrunk', () => {
    const scene = compose(renderQr(LINK), {
      frameWidth: 1920,
      frameHeight: 1080,
      scale: 9,
      centre: [0.7, 0.6],
    });
    const symbol = decodeFrame(luma(scene.image));
    expect(symbol?.text).toBe(LINK);
    const xs = scene.corners.map((c) => c[0]);
    const ys = scene.corners.map((c) => c[1]);
    for (const p of symbol!.points) {
      expect(p.x).toBeGreaterThan(Math.min(...xs));
      expect(p.x).toBeLessThan(Math.max(...xs));
      expect(p.y).toBeGreaterThan(Math.min(...ys));
      expect(p.y).toBeLessThan(Math.max(...ys));
    }
  });

  it('searches only the region of interest, and reports points in frame pixels', () => {
    const scene = compose(renderQr(LINK), {
      frameWidth: 1280,
      frameHeight: 720,
      scale: 4,
      centre: [0.25, 0.5],
    });
    const inside = decodeFrame(luma(scene.image), { region: { x: 0, y: 0, width: 640, height: 720 } });
    expect(inside?.text).toBe(LINK);
    expect(Math.min(...inside!.points.map((p) => p.x))).toBeGreaterThan(scene.corners[0]![0]);
    const outside = decodeFrame(luma(scene.image), { region: { x: 640, y: 0, width: 640, height: 720 } });
    expect(outside).toBeNull();
  });

  it("reads an inverted (dark-mode) code only with the 'thorough' effort", () => {
    const scene = compose(renderQr(LINK), { frameWidth: 640, frameHeight: 480, scale: 4 });
    const inverted = { ...scene.image, data: scene.image.data.map((v) => 255 - v) };
    expect(decodeFrame(luma(inverted), { effort: 'fast' })).toBeNull();
    expect(decodeFrame(luma(inverted))?.text).toBe(LINK);
  });

  it('reads a vertical barcode and one at 45 degrees', () => {
    for (const rotation of [90, 45]) {
      const scene = compose(renderEan13(BARCODE), { frameWidth: 640, frameHeight: 480, scale: 3, rotation });
      expect(decodeFrame(luma(scene.image))?.text).toBe(BARCODE);
    }
  });

  it('looks only for the symbologies asked for', () => {
    const qr = compose(renderQr(LINK), { frameWidth: 640, frameHeight: 480, scale: 4 }).image;
    const ean = compose(renderEan13(BARCODE), { frameWidth: 640, frameHeight: 480, scale: 3 }).image;
    expect(decodeFrame(luma(qr), { formats: ['ean-13'] })).toBeNull();
    expect(decodeFrame(luma(ean), { formats: ['qr-code'] })).toBeNull();
    expect(decodeFrame(luma(ean), { formats: ['ean-13'] })?.text).toBe(BARCODE);
  });

  it('reads Data Matrix and Aztec symbols when asked (zxing writers as the encoder oracle)', () => {
    const cases: [ZxingBitMatrix, 'data-matrix' | 'aztec'][] = [
      [new DataMatrixWriter().encode('DIIA-4242', BarcodeFormat.DATA_MATRIX, 0, 0, new Map()), 'data-matrix'],
      [new AztecCodeWriter().encode('DIIA-4242', BarcodeFormat.AZTEC, 0, 0), 'aztec'],
    ];
    for (const [matrix, format] of cases) {
      const quiet = 4;
      const size = matrix.getWidth() + 2 * quiet;
      const rows = matrix.getHeight() + 2 * quiet;
      const data = new Uint8ClampedArray(size * rows).fill(255);
      for (let y = 0; y < matrix.getHeight(); y++) {
        for (let x = 0; x < matrix.getWidth(); x++)
          if (matrix.get(x, y)) data[(y + quiet) * size + x + quiet] = 0;
      }
      const scene = compose(
        { data, width: size, height: rows },
        { frameWidth: 640, frameHeight: 480, scale: 6 },
      );
      expect(decodeFrame(luma(scene.image), { formats: [format] })).toMatchObject({
        text: 'DIIA-4242',
        format,
      });
    }
  });
});

// Measured on the generated set (docs/benchmarks.md): what sample 0 of each distortion must give. A symbol
// listed here is beyond the decoder today; for it the test only demands "no wrong text".
const UNREADABLE = new Set(['blur-2/qr', 'blur-2/ean13', 'small/qr', 'far-in-1080p/qr', 'combined/qr']);

describe('decodeFrame: the distortion set', () => {
  for (const distortion of DISTORTIONS) {
    for (const kind of ['qr', 'ean13'] as SymbolKind[]) {
      const name = `${distortion.name}/${kind}`;
      it(`${name}: ${UNREADABLE.has(name) ? 'never a wrong text' : 'exact text'}`, async () => {
        const sample = await makeSample(distortion, kind, 0);
        const symbol = decodeFrame(rgba(sample.image));
        if (UNREADABLE.has(name)) expect([null, sample.text]).toContain(symbol?.text ?? null);
        else expect(symbol?.text).toBe(sample.text);
      });
    }
  }
});

describe('decodeFrame: bad frames and options', () => {
  const good = { data: new Uint8Array(16 * 8), width: 16, height: 8, format: 'luma' as const };

  it.each([
    ['zero width', { ...good, width: 0, data: new Uint8Array(0) }],
    ['fractional height', { ...good, height: 7.5 }],
    ['NaN width', { ...good, width: Number.NaN }],
    ['huge side', { ...good, width: 100_000 }],
    ['short data', { ...good, data: new Uint8Array(16 * 8 - 1) }],
    ['RGBA length for luma', { ...good, data: new Uint8Array(16 * 8 * 4) }],
    ['luma length for RGBA', { ...good, format: 'rgba' }],
    ['plain array', { ...good, data: Array.from({ length: 128 }, () => 0) }],
    ['Uint16Array', { ...good, data: new Uint16Array(128) }],
    ['unknown format', { ...good, format: 'bgr' }],
    ['null', null],
  ])('%s -> IMAGE_INVALID', (_, frame) => {
    expect(() => decodeFrame(frame as never)).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }));
  });

  it.each([
    ['unknown symbology', { formats: ['qr'] }],
    ['no symbology', { formats: [] }],
    ['region outside the frame', { region: { x: 10, y: 0, width: 10, height: 8 } }],
    ['fractional region', { region: { x: 0.5, y: 0, width: 4, height: 4 } }],
    ['tiny maxSide', { maxSide: 10 }],
  ])('%s -> INVALID_ARGUMENT', (_, options) => {
    expect(() => decodeFrame(good, options as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('an AcceptError, not a TypeError, is what callers catch', () => {
    try {
      decodeFrame({ ...good, width: -1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AcceptError);
    }
  });

  it('arbitrary frames never throw anything but AcceptError', () => {
    const frame = fc.record({
      width: fc.oneof(fc.integer({ min: -2, max: 48 }), fc.double({ min: -64, max: 64 })),
      height: fc.oneof(fc.integer({ min: -2, max: 48 }), fc.constant(Number.POSITIVE_INFINITY)),
      format: fc.constantFrom('rgba', 'luma', 'yuv'),
      bytes: fc.uint8Array({ maxLength: 48 * 48 * 4 }),
      exact: fc.boolean(),
    });
    fc.assert(
      fc.property(frame, (f) => {
        const need = Number.isInteger(f.width) && Number.isInteger(f.height) ? f.width * f.height : 0;
        const size = f.exact && need > 0 ? need * (f.format === 'rgba' ? 4 : 1) : f.bytes.length;
        const data = new Uint8Array(size);
        data.set(f.bytes.subarray(0, size));
        try {
          const result = decodeFrame({ data, width: f.width, height: f.height, format: f.format as 'luma' });
          expect(result === null || typeof result.text === 'string').toBe(true);
        } catch (error) {
          expect(isAcceptError(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
