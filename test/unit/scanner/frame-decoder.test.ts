// createFrameDecoder: ZXing-C++ by default where its .wasm loads (read from the installed package, never a
// CDN), @zxing/library where it does not, the choice an option.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/scanner/frame-decoder.js';
import { compose } from '../../support/distort.js';
import { renderEan13, renderQr } from '../../support/symbols.js';

const LINK = 'https://diia.app/documents/passport/123456789/verify/0b9e8f7a-6c5d-4e3f-8a1b-2c3d4e5f6a7b';
const qr = compose(renderQr(LINK), { frameWidth: 640, frameHeight: 480, scale: 4 });
const frame = { data: qr.image.data, width: 640, height: 480, format: 'luma' as const };

describe('createFrameDecoder', () => {
  // First in this file: the module is compiled once per realm, and this must see it not compiled yet.
  it('engine zxing-cpp fails with UNSUPPORTED_RUNTIME when its .wasm cannot be fetched; auto falls back', async () => {
    const nowhere = 'http://127.0.0.1:9/zxing_reader.wasm';
    await expect(createFrameDecoder({ engine: 'zxing-cpp', wasmUrl: nowhere })).rejects.toMatchObject({
      code: 'UNSUPPORTED_RUNTIME',
    });
    const auto = await createFrameDecoder({ wasmUrl: nowhere });
    expect(auto.engine).toBe('zxing-js');
    expect((await auto.decodeFrame(frame))?.text).toBe(LINK);
  });

  it('defaults to ZXing-C++ in Node, with the .wasm read from the installed package', async () => {
    const decoder = await createFrameDecoder();
    expect(decoder.engine).toBe('zxing-cpp');
    expect(await decoder.decodeFrame(frame)).toMatchObject({ text: LINK, format: 'qr-code' });
    const ean = compose(renderEan13('2858364170864'), { frameWidth: 640, frameHeight: 480, scale: 3 });
    const barcode = { data: ean.image.data, width: 640, height: 480, format: 'luma' as const };
    expect((await decoder.decodeFrame(barcode))?.text).toBe('2858364170864');
  });

  it('takes the bytes of the .wasm directly', async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const decoder = await createFrameDecoder({ engine: 'zxing-cpp', wasmBinary: await readFile(path) });
    expect((await decoder.decodeFrame(frame))?.text).toBe(LINK);
  });

  it('engine zxing-js is @zxing/library, whatever WebAssembly can do', async () => {
    const decoder = await createFrameDecoder({ engine: 'zxing-js' });
    expect(decoder.engine).toBe('zxing-js');
    expect((await decoder.decodeFrame(frame))?.text).toBe(LINK);
  });

  it('refuses unknown options, engines and bad bytes, and passes frame checks through', async () => {
    await expect(createFrameDecoder({ engin: 'zxing-js' } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining("'engin'"),
    });
    await expect(createFrameDecoder({ engine: 'quagga' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(createFrameDecoder({ wasmBinary: new Uint8Array(0) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    for (const engine of ['zxing-cpp', 'zxing-js'] as const) {
      const decoder = await createFrameDecoder({ engine });
      await expect(decoder.decodeFrame(frame, { tryHarder: true } as never)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining("'tryHarder'"),
      });
      await expect(
        decoder.decodeFrame({ data: new Uint8Array(3), width: 2, height: 2, format: 'luma' }),
      ).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    }
  });
});
