// Character sets on every engine: byte segments in the character set their ECI names, or the one the bytes
// show; a payload that is no text in any character set that can be told comes back with text null and its
// bytes, never as a text with U+FFFD. Before this, @zxing/library was forced to UTF-8: the Shift_JIS and
// ISO-8859-1 codes below came back full of U+FFFD (and windows-1251 behind an ECI was read as UTF-8 too).
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
  ZXingStringEncoding,
} from '@zxing/library';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { strictText, trustworthyText, UndecodableText } from '../../../src/scanner/charset.js';
import type { DecodedSymbol } from '../../../src/scanner/decode-contract.js';
import { decodeFrame } from '../../../src/scanner/engines/zxing-js.js';
import { createFrameDecoder, type FrameDecoder } from '../../../src/scanner/frame-decoder.js';
import { type CharsetCode, charsetCodes } from '../../support/charset-codes.js';
import { compose } from '../../support/distort.js';
import { toRgba } from '../../support/symbols.js';

let codes: CharsetCode[];
let cpp: FrameDecoder;

beforeAll(async () => {
  codes = await charsetCodes();
  cpp = await createFrameDecoder({ engine: 'zxing-cpp' });
}, 30_000);

const frameOf = (code: CharsetCode) => {
  const scene = compose(code.symbol, { frameWidth: 480, frameHeight: 360, scale: 5, rotation: 3 });
  return { data: scene.image.data, width: 480, height: 360, format: 'luma' as const };
};

function expectFaithful(code: CharsetCode, symbol: DecodedSymbol | null): void {
  expect(symbol, code.name).not.toBeNull();
  expect(symbol?.text ?? null, code.name).toBe(code.text);
  if (code.text === null) expect(symbol?.bytes, code.name).toEqual(code.bytes);
  else expect(symbol?.text, code.name).not.toContain('\ufffd');
}

describe('character sets and ECI', () => {
  it('@zxing/library (decodeFrame) honours ECI and the guess, and reports undecodable payloads', () => {
    for (const code of codes) expectFaithful(code, decodeFrame(frameOf(code)));
  });

  it('ZXing-C++ honours ECI and the guess, and reports undecodable payloads', async () => {
    for (const code of codes) expectFaithful(code, await cpp.decodeFrame(frameOf(code)));
  });

  it('a Shift_JIS code is read as Japanese text, not as UTF-8 with replacement characters', () => {
    const code = codes.find((c) => c.name.startsWith('Shift_JIS without ECI'))!;
    expect(decodeFrame(frameOf(code))?.text).toBe('あいう日本語');
  });

  it('leaves @zxing/library as it was for other users of it in the same process', () => {
    const code = codes.find((c) => c.name.startsWith('Shift_JIS without ECI'))!;
    decodeFrame(frameOf(code));
    expect((ZXingStringEncoding as unknown as { customDecoder?: unknown }).customDecoder).toBeUndefined();
    // Another caller's hint still forces its own choice (UTF-8 here), exactly as before.
    const scene = compose(code.symbol, { frameWidth: 480, frameHeight: 360, scale: 5 });
    const words = new Int32Array(toRgba(scene.image).buffer);
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(words, 480, 360)));
    const hints = new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]],
      [DecodeHintType.CHARACTER_SET, 'UTF-8'],
    ]);
    expect(new MultiFormatReader().decode(bitmap, hints).getText()).toContain('\ufffd');
  });
});

describe('strictText', () => {
  it('decodes each character set it names, and refuses bytes that are not valid in it', () => {
    expect(strictText(new Uint8Array([0x82, 0xa0]), 'SJIS')).toBe('あ');
    expect(strictText(new Uint8Array([0xcf, 0xf0]), 'Cp1251')).toBe('Пр');
    expect(strictText(new Uint8Array([0xe9]), 'ISO-8859-1')).toBe('é');
    expect(strictText(new Uint8Array([0xbf]), 'ISO8859_5')).toBe('П');
    expect(strictText(new Uint8Array([0x04, 0x1f]), 'UnicodeBigUnmarked')).toBe('П');
    expect(() => strictText(new Uint8Array([0xc3, 0x28]), 'UTF8')).toThrow();
    expect(() => strictText(new Uint8Array([0x82]), 'SJIS')).toThrow();
    expect(() => strictText(new Uint8Array([0x80]), 'ASCII')).toThrow();
    // C1 controls are not ISO-8859-1 text (zxing's own guess rules them out too).
    expect(() => strictText(new Uint8Array([0x85]), 'ISO8859_1')).toThrow();
    expect(() => strictText(new Uint8Array([0x41]), 'Cp437')).toThrow();
    expect(() => strictText(new Uint8Array([0x41]), 'no-such-charset')).toThrow();
  });

  it('on any bytes and any character set name: a strict text, or UndecodableText (property)', () => {
    const names = fc.constantFrom(
      'UTF8',
      'SJIS',
      'ISO8859_1',
      'ISO8859_5',
      'ISO-8859-15',
      'Cp1251',
      'Cp1252',
      'ASCII',
      'UnicodeBigUnmarked',
      'Big5',
      'GB18030',
      'EUC_KR',
      'Cp437',
      'bogus',
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), names, (bytes, name) => {
        try {
          const text = strictText(bytes, name);
          // In UTF-8, U+FFFD only where the payload itself is that character (EF BF BD).
          if (name === 'UTF8') expect(trustworthyText(text, bytes)).toBe(true);
          expect(typeof text).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UndecodableText);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('trusts a text with U+FFFD only when the payload itself carries one as UTF-8', () => {
    expect(trustworthyText('a\ufffdb', undefined)).toBe(false);
    expect(trustworthyText('a\ufffdb', new Uint8Array([0x61, 0xff, 0x62]))).toBe(false);
    expect(trustworthyText('a\ufffdb', new TextEncoder().encode('a\ufffdb'))).toBe(true);
    expect(trustworthyText('plain', undefined)).toBe(true);
  });
});
