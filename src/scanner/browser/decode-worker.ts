/**
 * The worker side of camera decoding. The default worker file (`decode-worker.js` next to this entry in
 * `dist/scanner/browser/`) is nothing but a call of {@link runDecodeWorker}; an application whose bundler
 * does not copy that file can make its own worker from the same call.
 *
 * @module
 */
import { isAcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { FrameDecoder, FrameDecoderOptions } from '../frame-decoder.js';
import type { DecodeAnswer, DecodeHello, DecodeReady, DecodeRequest } from './decode-protocol.js';

/**
 * The part of a worker's global scope the decoder uses (`self` in a dedicated worker).
 *
 * @example
 * ```ts
 * import { runDecodeWorker, type DecodeWorkerScope } from 'diia-accept/scanner/browser';
 * runDecodeWorker(self as unknown as DecodeWorkerScope);
 * ```
 */
export interface DecodeWorkerScope {
  /** Receives the camera loop's messages. */
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Answers the camera loop. */
  postMessage(message: unknown): void;
}

/**
 * Options of {@link runDecodeWorker}.
 *
 * @example
 * ```ts
 * // With Vite: the engine's .wasm as an asset of the application (same origin, no CDN).
 * import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
 * import { runDecodeWorker, type DecodeWorkerOptions } from 'diia-accept/scanner/browser';
 * const options: DecodeWorkerOptions = { wasmUrl };
 * runDecodeWorker(self, options);
 * ```
 */
export interface DecodeWorkerOptions {
  /**
   * Where the ZXing-C++ engine's `.wasm` (a copy of `zxing-wasm/reader/zxing_reader.wasm`) is served.
   * Without it, or when it does not load (a CSP without `'wasm-unsafe-eval'`), the worker reads frames
   * with `@zxing/library`.
   */
  readonly wasmUrl?: string | URL;
}

const WORKER_KEYS = optionKeys<DecodeWorkerOptions>({ wasmUrl: true });

/**
 * Answers the camera loop's decode requests in this worker: draws each transferred `ImageBitmap` on an
 * `OffscreenCanvas` (or takes transferred pixels) and reads it with the engine the camera asked for
 * (ZXing-C++ by default, `@zxing/library` where it cannot load). Call it once at the top of a module worker.
 *
 * @example
 * ```ts
 * // decode-worker.ts in your application, bundled as a module worker:
 * import { runDecodeWorker } from 'diia-accept/scanner/browser';
 * runDecodeWorker(self);
 * // and in the page:
 * const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
 * await startCameraScanner({ worker, onScan });
 * ```
 */
export function runDecodeWorker(scope: DecodeWorkerScope, options: DecodeWorkerOptions = {}): void {
  refuseUnknownOptions(options, WORKER_KEYS, 'runDecodeWorker');
  // Loaded on the camera's greeting, so that importing this module does not pull an engine into a page.
  let decoder: Promise<FrameDecoder> | undefined;
  const offscreen = typeof OffscreenCanvas === 'function';
  let canvas: OffscreenCanvas | undefined;
  let context: OffscreenCanvasRenderingContext2D | null = null;

  const pixelsOf = (request: DecodeRequest): Uint8ClampedArray => {
    if (request.pixels) return request.pixels;
    const bitmap = request.bitmap;
    if (!bitmap || !offscreen) throw new TypeError('no pixels');
    if (!canvas || canvas.width !== request.width || canvas.height !== request.height) {
      canvas = new OffscreenCanvas(request.width, request.height);
      context = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!context) throw new TypeError('no 2d context');
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    return context.getImageData(0, 0, request.width, request.height).data;
  };

  scope.addEventListener('message', async (event) => {
    const message = event.data as { type?: string } | null;
    if (message?.type === 'hello') {
      const engine = (message as DecodeHello).engine ?? 'auto';
      const settings: FrameDecoderOptions = {
        engine,
        ...(options.wasmUrl ? { wasmUrl: options.wasmUrl } : {}),
      };
      decoder = import('../frame-decoder.js').then(({ createFrameDecoder }) => createFrameDecoder(settings));
      try {
        const loaded = await decoder;
        scope.postMessage({ type: 'ready', offscreen, engine: loaded.engine } satisfies DecodeReady);
      } catch (error) {
        decoder = undefined;
        const code = isAcceptError(error) ? error.code : 'UNSUPPORTED_RUNTIME';
        scope.postMessage({ type: 'ready', offscreen, error: code } satisfies DecodeReady);
      }
      return;
    }
    if (message?.type !== 'decode') return;
    const request = message as DecodeRequest;
    const started = performance.now();
    let answer: DecodeAnswer;
    try {
      if (!decoder) throw new TypeError('no engine loaded');
      const { decodeFrame } = await decoder;
      const data = pixelsOf(request);
      const found = await decodeFrame(
        { data, width: request.width, height: request.height, format: 'rgba' },
        request.options,
      );
      answer = {
        type: 'decoded',
        id: request.id,
        symbol: found
          ? { text: found.text, format: found.format, ...(found.text === null ? { bytes: found.bytes } : {}) }
          : null,
        decodeMs: performance.now() - started,
      };
    } catch (error) {
      request.bitmap?.close();
      answer = {
        type: 'decoded',
        id: request.id,
        symbol: null,
        decodeMs: performance.now() - started,
        error: isAcceptError(error) ? error.code : 'IMAGE_INVALID',
      };
    }
    scope.postMessage(answer);
  });
}
