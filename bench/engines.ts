/**
 * The decoders the benchmarks compare, each behind the same call: RGBA frame in, text (or null) out.
 * - diia-accept: `createFrameDecoder()` with its defaults (the SDK's default engine: ZXing-C++ in Node,
 *   QR + EAN-13, thorough);
 * - diia-accept zxing-js: `decodeFrame` with its defaults (the pure-JavaScript engine, @zxing/library);
 * - diia-accept zxing-js fast: the same with `effort: 'fast'`;
 * - zxing-wasm: ZXing-C++ compiled to WebAssembly used directly, its defaults (try harder, rotate, invert,
 *   downscale), the same two formats, the .wasm loaded from the package files;
 * - zxing naive: @zxing/library the way its README suggests, whole frame, one MultiFormatReader call with
 *   TRY_HARDER over a HybridBinarizer (same two formats, so it does not pay for symbologies it is not asked for);
 * - jsQR: default options (it tries normal and inverted); it reads QR codes only.
 * A symbol whose text the SDK reports as not decodable (text null) counts as nothing read.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
import jsQR from 'jsqr';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { decodeFrame } from '../src/scanner/engines/zxing-js.js';
import { createFrameDecoder, type FrameDecoder } from '../src/scanner/frame-decoder.js';

/** An RGBA frame as a canvas gives it. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** One decoder under test. */
export interface Engine {
  readonly name: string;
  decode(frame: RgbaFrame): Promise<string | null> | string | null;
}

let sdkDecoder: Promise<FrameDecoder> | undefined;
const sdk: Engine = {
  name: 'diia-accept',
  async decode(f) {
    sdkDecoder ??= createFrameDecoder();
    const decoder = await sdkDecoder;
    if (decoder.engine !== 'zxing-cpp') throw new Error(`the default engine loaded ${decoder.engine}`);
    return (await decoder.decodeFrame({ ...f, format: 'rgba' }))?.text ?? null;
  },
};

const sdkJs: Engine = {
  name: 'diia-accept zxing-js',
  decode: (f) => decodeFrame({ ...f, format: 'rgba' })?.text ?? null,
};

const sdkJsFast: Engine = {
  name: 'diia-accept zxing-js fast',
  decode: (f) => decodeFrame({ ...f, format: 'rgba' }, { effort: 'fast' })?.text ?? null,
};

const naiveHints = new Map<DecodeHintType, unknown>([
  [DecodeHintType.TRY_HARDER, true],
  [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.EAN_13]],
]);
const naiveReader = new MultiFormatReader();

const zxingNaive: Engine = {
  name: 'zxing naive',
  decode(f) {
    // RGBA bytes seen as 32-bit words: zxing's grey formula (r + 2g + b) / 4 does not care that r and b swap.
    const words = new Int32Array(f.data.buffer, f.data.byteOffset, f.width * f.height);
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(words, f.width, f.height)));
    try {
      return naiveReader.decode(bitmap, naiveHints).getText();
    } catch {
      return null;
    }
  },
};

const jsqr: Engine = {
  name: 'jsQR',
  decode: (f) => jsQR(f.data, f.width, f.height)?.data ?? null,
};

let wasmReady: Promise<unknown> | undefined;
async function loadWasm(): Promise<void> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = await readFile(path);
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
}

const zxingWasm: Engine = {
  name: 'zxing-wasm',
  async decode(f) {
    wasmReady ??= loadWasm();
    await wasmReady;
    const [first] = await readBarcodes(f as unknown as ImageData, {
      formats: ['QRCode', 'EAN13'],
      maxNumberOfSymbols: 1,
    });
    return first?.isValid ? first.text : null;
  },
};

/** Every engine, the SDK's default first; ratios are taken against `zxing-wasm` and naive zxing. */
export const ENGINES: readonly Engine[] = [sdk, zxingWasm, sdkJs, sdkJsFast, zxingNaive, jsqr];
