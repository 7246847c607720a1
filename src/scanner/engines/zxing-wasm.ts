/**
 * An optional frame decoder on ZXing-C++ compiled to WebAssembly (the `zxing-wasm` package, an optional
 * peer dependency). Same frame, options and result as {@link decodeFrame}, but asynchronous, because the
 * WebAssembly module has to be compiled once first. The `.wasm` bytes are always passed in by the caller:
 * `zxing-wasm` would otherwise fetch them from a CDN, which fails offline and under a strict CSP.
 *
 * @module
 */
import { prepareZXingModule, type ReaderOptions, type ReadResult, readBarcodes } from 'zxing-wasm/reader';
import { AcceptError } from '../../errors.js';
import {
  checkDecodeCall,
  type DecodedSymbol,
  type DecodeFrameOptions,
  type FramePoint,
  type ImageFrame,
} from '../frame.js';
import type { decodeFrame } from '../image.js';
import type { PixelRect } from '../luma.js';
import type { Symbology } from '../symbologies.js';

/** Options of {@link createZxingWasmDecoder}. */
export interface ZxingWasmDecoderOptions {
  /**
   * The bytes of `zxing-wasm/reader/zxing_reader.wasm` from the installed package (read the file in Node,
   * fetch the bundled asset URL in a browser).
   */
  readonly wasmBinary: ArrayBuffer | Uint8Array;
}

/** A frame decoder with the interface of {@link decodeFrame}, answering asynchronously. */
export interface AsyncFrameDecoder {
  /**
   * Looks for one symbol in a frame; `null` when there is none.
   *
   * @throws {AcceptError} `IMAGE_INVALID` or `INVALID_ARGUMENT`, exactly as {@link decodeFrame}.
   */
  decodeFrame(frame: ImageFrame, options?: DecodeFrameOptions): Promise<DecodedSymbol | null>;
}

const WASM_FORMAT: Record<Symbology, NonNullable<ReaderOptions['formats']>[number]> = {
  'qr-code': 'QRCode',
  'ean-13': 'EAN13',
  'code-128': 'Code128',
  pdf417: 'PDF417',
  'data-matrix': 'DataMatrix',
  aztec: 'Aztec',
};

/**
 * Compiles the ZXing-C++ WebAssembly reader from the given bytes and returns a decoder. `effort: 'fast'`
 * turns off ZXing-C++'s rotated, inverted and try-harder attempts; `'thorough'` keeps its defaults. ZXing-C++
 * shrinks large frames itself, so `maxSide` is not used.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` without wasm bytes, `UNSUPPORTED_RUNTIME` if they do not compile.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { createRequire } from 'node:module';
 * import { createZxingWasmDecoder } from 'diia-accept/scanner/zxing-wasm';
 *
 * const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
 * const decoder = await createZxingWasmDecoder({ wasmBinary: await readFile(wasmPath) });
 * const symbol = await decoder.decodeFrame({ data: rgba, width: 1280, height: 720, format: 'rgba' });
 * ```
 */
export async function createZxingWasmDecoder(options: ZxingWasmDecoderOptions): Promise<AsyncFrameDecoder> {
  const bytes = options?.wasmBinary;
  if (!(bytes instanceof ArrayBuffer || bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'wasmBinary must be the bytes of zxing_reader.wasm',
    });
  }
  const wasmBinary = bytes instanceof ArrayBuffer ? bytes : (bytes.slice().buffer as ArrayBuffer);
  try {
    await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  } catch (cause) {
    throw new AcceptError('UNSUPPORTED_RUNTIME', { cause, detail: 'the zxing-wasm module did not compile' });
  }
  return {
    async decodeFrame(frame, decodeOptions = {}) {
      const call = checkDecodeCall(frame, decodeOptions);
      const fast = decodeOptions.effort === 'fast';
      const results = await readBarcodes(rgbaImage(frame, call.rgba, call.region), {
        formats: call.formats.map((f) => WASM_FORMAT[f]),
        maxNumberOfSymbols: 1,
        tryHarder: !fast,
        tryRotate: !fast,
        tryInvert: !fast,
      });
      const first = results.find((r) => r.isValid);
      return first ? symbolOf(first, call.formats, call.region) : null;
    },
  };
}

/** The region as an RGBA image (zxing-wasm reads RGBA only; a copy unless the frame already is one). */
function rgbaImage(frame: ImageFrame, rgba: boolean, region: PixelRect): ImageData {
  const whole =
    region.x === 0 && region.y === 0 && region.width === frame.width && region.height === frame.height;
  if (rgba && whole) {
    return { data: frame.data, width: frame.width, height: frame.height } as unknown as ImageData;
  }
  const out = new Uint8ClampedArray(region.width * region.height * 4);
  for (let y = 0; y < region.height; y++) {
    let i = (region.y + y) * frame.width + region.x;
    let o = y * region.width * 4;
    for (let x = 0; x < region.width; x++, i++, o += 4) {
      if (rgba) {
        out[o] = frame.data[i * 4]!;
        out[o + 1] = frame.data[i * 4 + 1]!;
        out[o + 2] = frame.data[i * 4 + 2]!;
      } else {
        out[o] = out[o + 1] = out[o + 2] = frame.data[i]!;
      }
      out[o + 3] = 255;
    }
  }
  return { data: out, width: region.width, height: region.height } as unknown as ImageData;
}

function symbolOf(result: ReadResult, wanted: readonly Symbology[], region: PixelRect): DecodedSymbol | null {
  const format = wanted.find((f) => WASM_FORMAT[f] === result.format);
  if (!format) return null;
  const { topLeft, topRight, bottomRight, bottomLeft } = result.position;
  const points: FramePoint[] = [topLeft, topRight, bottomRight, bottomLeft].map((p) => ({
    x: region.x + p.x,
    y: region.y + p.y,
  }));
  // Same meaning as decodeFrame's `bytes`: the payload bytes only when they are the whole text.
  const bytes =
    format === 'qr-code' && new TextDecoder().decode(result.bytes) === result.text ? result.bytes : undefined;
  return { text: result.text, format, points, bytes };
}
