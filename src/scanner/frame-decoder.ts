/**
 * The frame decoder the SDK recommends: ZXing-C++ (compiled to WebAssembly, the `zxing-wasm` package)
 * wherever WebAssembly runs, with `@zxing/library` (pure JavaScript, {@link decodeFrame}) as the fallback.
 * The engine is loaded on first use only, so a bundle that never decodes images does not carry it.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { DecodedSymbol, DecodeFrameOptions, ImageFrame } from './decode-contract.js';

/**
 * Which decoder reads frames: `'zxing-cpp'` (ZXing-C++ in WebAssembly: reads more codes, faster),
 * `'zxing-js'` (`@zxing/library`, pure JavaScript: runs where WebAssembly may not, e.g. under a CSP without
 * `'wasm-unsafe-eval'`), or `'auto'`: ZXing-C++ when it loads, else `@zxing/library`.
 *
 * @example
 * ```ts
 * import { createFrameDecoder, type DecodeEngine } from 'diia-accept/scanner';
 * const engine: DecodeEngine = 'zxing-js'; // no WebAssembly on this kiosk
 * const decoder = await createFrameDecoder({ engine });
 * ```
 */
export type DecodeEngine = 'auto' | 'zxing-cpp' | 'zxing-js';

/**
 * Options of {@link createFrameDecoder}.
 *
 * @example
 * ```ts
 * import { createFrameDecoder, type FrameDecoderOptions } from 'diia-accept/scanner';
 * // In a browser worker: the .wasm served by the application itself (copied from zxing-wasm/reader/).
 * const options: FrameDecoderOptions = { wasmUrl: new URL('/assets/zxing_reader.wasm', location.href) };
 * const decoder = await createFrameDecoder(options);
 * ```
 */
export interface FrameDecoderOptions {
  /** Default `'auto'`. */
  readonly engine?: DecodeEngine;
  /**
   * Where the ZXing-C++ `.wasm` is served (same origin; never a CDN). Default: read from the installed
   * `zxing-wasm` package, which works in Node, Deno and Bun; a browser needs this or `wasmBinary`.
   */
  readonly wasmUrl?: string | URL;
  /** The bytes of `zxing-wasm/reader/zxing_reader.wasm`, when the application has them already. */
  readonly wasmBinary?: ArrayBuffer | Uint8Array;
}

/**
 * A loaded frame decoder.
 *
 * @example
 * ```ts
 * import { createFrameDecoder } from 'diia-accept/scanner';
 * const decoder = await createFrameDecoder();
 * const symbol = await decoder.decodeFrame({ data: rgba, width: 1280, height: 720, format: 'rgba' });
 * console.log(decoder.engine, symbol?.text);
 * ```
 */
export interface FrameDecoder {
  readonly engine: 'zxing-cpp' | 'zxing-js';
  /**
   * Looks for one symbol in a frame: the same frame, options and result as {@link decodeFrame}.
   *
   * @throws {AcceptError} `IMAGE_INVALID` or `INVALID_ARGUMENT`, exactly as {@link decodeFrame}.
   */
  decodeFrame(frame: ImageFrame, options?: DecodeFrameOptions): Promise<DecodedSymbol | null>;
}

const ENGINES: readonly DecodeEngine[] = ['auto', 'zxing-cpp', 'zxing-js'];
const KEYS = optionKeys<FrameDecoderOptions>({ engine: true, wasmUrl: true, wasmBinary: true });

/**
 * Loads a frame decoder. With the default `engine: 'auto'` it never fails for want of WebAssembly: it
 * falls back to `@zxing/library`.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for an unknown option or engine or bad `wasmBinary`;
 *   `UNSUPPORTED_RUNTIME` for `engine: 'zxing-cpp'` where its `.wasm` cannot be loaded or compiled.
 * @example
 * ```ts
 * import { createFrameDecoder } from 'diia-accept/scanner';
 * const decoder = await createFrameDecoder(); // ZXing-C++ in Node, Deno and Bun
 * const symbol = await decoder.decodeFrame(frame, { formats: ['qr-code'] });
 * if (symbol?.text != null) console.log(symbol.text);
 * else if (symbol) console.warn('a code whose text cannot be told', symbol.bytes);
 * ```
 */
export async function createFrameDecoder(options: FrameDecoderOptions = {}): Promise<FrameDecoder> {
  refuseUnknownOptions(options, KEYS, 'createFrameDecoder');
  const engine = options.engine ?? 'auto';
  if (!ENGINES.includes(engine)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: `engine: one of ${ENGINES.join(', ')}` });
  }
  if (engine !== 'zxing-js') {
    try {
      const { createZxingWasmDecoder } = await import('./engines/zxing-wasm.js');
      const cpp = await createZxingWasmDecoder({ wasmUrl: options.wasmUrl, wasmBinary: options.wasmBinary });
      return { engine: 'zxing-cpp', decodeFrame: (frame, o) => cpp.decodeFrame(frame, o) };
    } catch (error) {
      const unsupported = error instanceof AcceptError && error.code === 'UNSUPPORTED_RUNTIME';
      // A failed dynamic import (a bundle without the engine, workerd) is as unsupported as a failed compile.
      if (engine === 'zxing-cpp' || (error instanceof AcceptError && !unsupported)) {
        throw unsupported || error instanceof AcceptError
          ? error
          : new AcceptError('UNSUPPORTED_RUNTIME', {
              cause: error,
              detail: 'the zxing-cpp engine did not load',
            });
      }
    }
  }
  const { decodeFrame } = await import('./engines/zxing-js.js');
  return { engine: 'zxing-js', decodeFrame: async (frame, o) => decodeFrame(frame, o) };
}
