import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../src/scanner/engines/zxing-js.js';
import { type AsyncFrameDecoder, createZxingWasmDecoder } from '../../../src/scanner/engines/zxing-wasm.js';
import { compose } from '../../support/distort.js';
import { renderEan13, renderQr, toRgba } from '../../support/symbols.js';

const LINK =
  'https://diia.app/documents/driver-license/987654321/verify/0b9e8f7a-6c5d-4e3f-8a1b-2c3d4e5f6a7b';
const BARCODE = '2858364170864';

let decoder: AsyncFrameDecoder;

beforeAll(async () => {
  // The .wasm comes from the installed package, never from a CDN.
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  decoder = await createZxingWasmDecoder({ wasmBinary: new Uint8Array(await readFile(path)) });
});

describe('zxing-wasm engine behind the decodeFrame interface', () => {
  const qr = compose(renderQr(LINK), { frameWidth: 1280, frameHeight: 720, scale: 5, centre: [0.3, 0.5] });
  const ean = compose(renderEan13(BARCODE), { frameWidth: 640, frameHeight: 480, scale: 3 });

  it('reads the document link from RGBA and luma frames, with corner points in frame pixels', async () => {
    const fromRgba = await decoder.decodeFrame({
      data: toRgba(qr.image),
      width: 1280,
      height: 720,
      format: 'rgba',
    });
    expect(fromRgba).toMatchObject({ text: LINK, format: 'qr-code' });
    expect(fromRgba?.points).toHaveLength(4);
    const [tl] = qr.corners;
    // The position is the symbol's corners, inside the quiet zone of 4 modules of 5 px.
    expect(Math.abs(fromRgba!.points[0]!.x - (tl![0] + 20))).toBeLessThan(4);
    const fromLuma = await decoder.decodeFrame({
      data: qr.image.data,
      width: 1280,
      height: 720,
      format: 'luma',
    });
    expect(fromLuma?.text).toBe(LINK);
  });

  it('reads the barcode and honours formats and the region of interest', async () => {
    const frame = { data: ean.image.data, width: 640, height: 480, format: 'luma' as const };
    expect(await decoder.decodeFrame(frame)).toMatchObject({ text: BARCODE, format: 'ean-13' });
    expect(await decoder.decodeFrame(frame, { formats: ['qr-code'] })).toBeNull();
    const left = { data: qr.image.data, width: 1280, height: 720, format: 'luma' as const };
    const inside = await decoder.decodeFrame(left, { region: { x: 0, y: 0, width: 640, height: 720 } });
    expect(inside?.text).toBe(LINK);
    expect(await decoder.decodeFrame(left, { region: { x: 640, y: 0, width: 640, height: 720 } })).toBeNull();
  });

  it('agrees with decodeFrame on the text, and rejects the same bad frames with the same codes', async () => {
    const frame = { data: toRgba(qr.image), width: 1280, height: 720, format: 'rgba' as const };
    expect((await decoder.decodeFrame(frame))?.text).toBe(decodeFrame(frame)?.text);
    const bad = { data: new Uint8Array(10), width: 4, height: 4, format: 'luma' as const };
    await expect(decoder.decodeFrame(bad)).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    await expect(decoder.decodeFrame(frame, { formats: [] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('needs the wasm bytes', async () => {
    await expect(createZxingWasmDecoder({ wasmBinary: new Uint8Array(0) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
