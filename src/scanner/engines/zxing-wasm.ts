/**
 * The frame decoder on ZXing-C++ compiled to WebAssembly (the `zxing-wasm` package). Same frame, options
 * and result as {@link decodeFrame}, but asynchronous, because the WebAssembly module has to be compiled
 * once first. Its `.wasm` is never fetched from a CDN (which `zxing-wasm` would do by default, failing
 * offline and under a strict CSP): the bytes are given, fetched from a URL the application serves, or read
 * from the installed package. Loaded only through a dynamic import, so that a page or bundle that never
 * decodes with it does not carry it.
 *
 * @module
 */
import { prepareZXingModule, type ReaderOptions, type ReadResult, readBarcodes } from 'zxing-wasm/reader';
import { AcceptError } from '../../errors.js';
import { trustworthyText } from '../charset.js';
import {
  checkDecodeCall,
  type DecodedSymbol,
  type DecodeFrameOptions,
  type FramePoint,
  type ImageFrame,
} from '../decode-contract.js';
import type { PixelRect } from '../luma.js';
import type { Symbology } from '../symbology.js';

/** Where the engine's `.wasm` comes from: its bytes, or a URL the application serves it at. */
export interface WasmSource {
  readonly wasmBinary?: ArrayBuffer | Uint8Array | undefined;
  readonly wasmUrl?: string | URL | undefined;
}

/** A frame decoder with the interface of `decodeFrame`, answering asynchronously. */
export interface AsyncFrameDecoder {
  /**
   * Looks for one symbol in a frame; `null` when there is none.
   *
   * @throws {AcceptError} `IMAGE_INVALID` or `INVALID_ARGUMENT`, exactly as `decodeFrame`.
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

const PACKAGE_WASM = 'zxing-wasm/reader/zxing_reader.wasm';
/** The reader's .wasm is about 0.9 MB; anything far larger is not it. */
const MAX_WASM_BYTES = 16 * 1024 * 1024;

let prepared: Promise<void> | undefined;
// Defined by Node in a CommonJS module (the .cjs build); undefined in ES modules and browsers.
declare const __filename: string | undefined;

/**
 * Compiles the ZXing-C++ reader (once per realm) and returns a decoder. `effort: 'fast'` turns off
 * ZXing-C++'s rotated, inverted and try-harder attempts; `'thorough'` keeps them. ZXing-C++ shrinks large
 * frames itself, so `maxSide` is checked but not used.
 *
 * @throws {AcceptError} `UNSUPPORTED_RUNTIME` when the `.wasm` cannot be found or does not compile (no
 *   WebAssembly, a CSP without `'wasm-unsafe-eval'`, a runtime that cannot read the package's files).
 * @internal
 */
export async function createZxingWasmDecoder(source: WasmSource = {}): Promise<AsyncFrameDecoder> {
  const given = source.wasmBinary;
  if (
    given !== undefined &&
    (!(given instanceof ArrayBuffer || given instanceof Uint8Array) || given.byteLength === 0)
  ) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'wasmBinary must be the bytes of zxing_reader.wasm',
    });
  }
  prepared ??= prepare(source).catch((cause: unknown) => {
    prepared = undefined;
    throw isAccept(cause)
      ? cause
      : new AcceptError('UNSUPPORTED_RUNTIME', { cause, detail: 'the zxing-cpp engine did not load' });
  });
  await prepared;
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
        textMode: 'Plain',
      });
      const first = results.find((r) => r.isValid);
      return first ? symbolOf(first, call.formats, call.region) : null;
    },
  };
}

function isAccept(error: unknown): error is AcceptError {
  return error instanceof AcceptError;
}

async function prepare(source: WasmSource): Promise<void> {
  if (typeof WebAssembly !== 'object') {
    throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'no WebAssembly in this runtime' });
  }
  const wasmBinary = await wasmBytes(source);
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
}

async function wasmBytes(source: WasmSource): Promise<ArrayBuffer> {
  const bytes = source.wasmBinary;
  if (bytes !== undefined)
    return bytes instanceof ArrayBuffer ? bytes : (bytes.slice().buffer as ArrayBuffer);
  if (source.wasmUrl !== undefined) return fetchWasm(source.wasmUrl);
  return packageWasm();
}

async function fetchWasm(url: string | URL): Promise<ArrayBuffer> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: `the .wasm answered HTTP ${response.status}` });
  }
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_WASM_BYTES) {
    throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'the .wasm has an implausible size' });
  }
  return bytes;
}

interface ServerRuntime {
  getBuiltinModule?(id: string): unknown;
  cwd?(): string;
}

/**
 * The `.wasm` from the installed `zxing-wasm` package, on runtimes with a file system (Node, Deno, Bun):
 * located with `import.meta.resolve` (or, from the CommonJS build, resolved from the working directory)
 * and read with `fs` where `process.getBuiltinModule` offers it, else with `fetch` of the `file:` URL.
 * No `node:` import, so that this module stays loadable in a browser.
 */
async function packageWasm(): Promise<ArrayBuffer> {
  const runtime = (globalThis as { process?: ServerRuntime }).process;
  const meta = import.meta as { resolve?: (specifier: string) => string; url?: string } | undefined;
  let url: string | undefined;
  try {
    url = meta?.resolve?.(PACKAGE_WASM);
  } catch {
    url = undefined;
  }
  const fs = runtime?.getBuiltinModule?.('node:fs') as
    | { readFileSync(path: URL | string): Uint8Array }
    | undefined;
  if (!url?.startsWith('file:')) {
    // The CommonJS build (no import.meta) or a module runner without import.meta.resolve: resolve from this
    // file's own location, so the SDK's own copy of zxing-wasm is found whatever the working directory.
    const modules = runtime?.getBuiltinModule?.('node:module') as
      | { createRequire(from: string): { resolve(id: string): string } }
      | undefined;
    const urls = runtime?.getBuiltinModule?.('node:url') as { pathToFileURL(path: string): URL } | undefined;
    const here =
      meta?.url ?? (typeof __filename === 'string' ? __filename : `${runtime?.cwd?.() ?? '.'}/package.json`);
    if (modules && urls) {
      try {
        url = urls.pathToFileURL(modules.createRequire(here).resolve(PACKAGE_WASM)).href;
      } catch {
        url = undefined;
      }
    }
  }
  if (!url?.startsWith('file:')) {
    throw new AcceptError('UNSUPPORTED_RUNTIME', {
      detail: 'zxing_reader.wasm is not reachable here: pass wasmUrl or wasmBinary',
    });
  }
  if (fs) {
    const bytes = fs.readFileSync(new URL(url));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  return fetchWasm(url);
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
  const bytes = result.bytes.slice();
  // ZXing-C++ honours an ECI and otherwise guesses the character set; a payload it calls binary, or whose
  // ECI it does not know, or whose text came out with replacement characters, has no text to trust.
  const binary = result.contentType === 'Binary' || result.contentType === 'UnknownECI';
  if (binary || !trustworthyText(result.text, bytes)) return { text: null, format, points, bytes };
  // Same meaning as decodeFrame's `bytes`: the payload bytes only when they are the whole text as UTF-8.
  const whole = format === 'qr-code' && new TextDecoder().decode(bytes) === result.text;
  return { text: result.text, format, points, bytes: whole ? bytes : undefined };
}
