// Code 128 and PDF417, which @zxing/library 0.21 can read but not write: the symbols are drawn by a second,
// independent implementation (ZXing-C++'s writer in the zxing-wasm package, its .wasm read from the
// installed package) and read back by decodeFrame.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../src/scanner/engines/zxing-js.js';
import type { Symbology } from '../../../src/scanner/symbology.js';

const require = createRequire(import.meta.url);
type Writer = typeof import('zxing-wasm/writer');
let writer: Writer;

beforeAll(async () => {
  writer = await import('zxing-wasm/writer');
  const bytes = await readFile(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  await writer.prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
});

/** The symbol as a luma frame on a white canvas with a quiet zone, scaled by `scale`, optionally faded. */
async function render(text: string, format: 'Code128' | 'PDF417', scale: number, contrast = 1) {
  const written = await writer.writeBarcode(text, { format, scale });
  if (!written.image) throw new Error(`the writer refused: ${written.error}`);
  const png = PNG.sync.read(Buffer.from(await written.image.arrayBuffer()));
  const margin = 10 * scale;
  const width = png.width + 2 * margin;
  const height = png.height + 2 * margin;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const dark = png.data[(y * png.width + x) * 4]! < 128;
      data[(y + margin) * width + x + margin] = dark ? Math.round(255 * (1 - contrast)) : 255;
    }
  }
  return { data, width, height, format: 'luma' as const };
}

const CASES: Array<[Symbology, 'Code128' | 'PDF417', string]> = [
  ['code-128', 'Code128', 'DIIA-2858364170864'],
  ['code-128', 'Code128', '2858364170864'],
  ['pdf417', 'PDF417', 'https://diia.app/documents/passport/5f1c0a3b9d2e4f6a7b8c9d0e/verify/1b4e28ba'],
];

describe('decodeFrame reads symbologies drawn by another implementation', () => {
  it.each(CASES)('%s: %s', async (symbology, format, text) => {
    for (const scale of [2, 4]) {
      const frame = await render(text, format, scale);
      const found = decodeFrame(frame, { formats: [symbology] });
      expect(found?.text, `scale ${scale}`).toBe(text);
      expect(found?.format).toBe(symbology);
    }
  });

  it.each(CASES)('%s at low contrast: %s', async (symbology, format, text) => {
    const frame = await render(text, format, 3, 0.35);
    expect(decodeFrame(frame, { formats: [symbology] })?.text).toBe(text);
  });

  it('a reader that was not asked for does not answer', async () => {
    const frame = await render('DIIA-2858364170864', 'Code128', 3);
    expect(decodeFrame(frame, { formats: ['qr-code', 'ean-13'] })).toBeNull();
  });
});
