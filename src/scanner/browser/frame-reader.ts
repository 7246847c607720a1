/**
 * Turns a video frame into a symbol, by whichever means the browser offers, best first: its own
 * `BarcodeDetector` (when it really works), zxing in a module worker fed `ImageBitmap`s (drawn on an
 * `OffscreenCanvas` there), zxing in a worker fed pixels, zxing on the page's thread.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import type { DecodeEngine } from '../frame-decoder.js';
import type { DecodeAnswer, DecodeReady, DecodeRequest, WorkerSymbol } from './decode-protocol.js';
import { type BarcodeDetectorLike, symbologyOfNative } from './native-detector.js';

/** A part of a video frame, and the size to read it at. @internal */
export interface FrameCut {
  readonly sx: number;
  readonly sy: number;
  readonly sw: number;
  readonly sh: number;
  readonly width: number;
  readonly height: number;
}

/** What a reader found in one frame. @internal */
export interface FrameRead {
  readonly symbol: WorkerSymbol | null;
  /** Time spent decoding (in the worker, for a worker reader), ms. */
  readonly decodeMs: number;
}

/** One way of reading frames. @internal */
export interface FrameReader {
  readonly kind: 'native' | 'worker' | 'main';
  /** The decoder behind it. */
  readonly engine: 'native' | 'zxing-cpp' | 'zxing-js';
  read(video: HTMLVideoElement, cut: FrameCut): Promise<FrameRead>;
  close(): void;
}

type DecodeSettings = DecodeRequest['options'];

/** A 2-D canvas on the page's thread, for engines without `createImageBitmap` resizing or a worker. */
function pageCanvas() {
  let canvas: HTMLCanvasElement | OffscreenCanvas | undefined;
  let context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
  return (video: HTMLVideoElement, cut: FrameCut): ImageData => {
    if (!canvas || canvas.width !== cut.width || canvas.height !== cut.height) {
      canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(cut.width, cut.height)
          : Object.assign(document.createElement('canvas'), { width: cut.width, height: cut.height });
      context = canvas.getContext('2d', { willReadFrequently: true }) as typeof context;
    }
    if (!context) throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'no 2d canvas' });
    context.drawImage(video, cut.sx, cut.sy, cut.sw, cut.sh, 0, 0, cut.width, cut.height);
    return context.getImageData(0, 0, cut.width, cut.height);
  };
}

/**
 * zxing on the page's thread: the fallback. zxing is loaded only here (and in the worker), so a page whose
 * frames go to the worker or to the native detector never downloads it with its own script.
 *
 * @internal
 */
export async function mainThreadReader(settings: DecodeSettings): Promise<FrameReader> {
  const { decodeFrame } = await import('../engines/zxing-js.js');
  const grab = pageCanvas();
  return {
    kind: 'main',
    engine: 'zxing-js',
    async read(video, cut) {
      const image = grab(video, cut);
      const started = performance.now();
      const found = decodeFrame(
        { data: image.data, width: image.width, height: image.height, format: 'rgba' },
        settings,
      );
      return {
        symbol: found
          ? { text: found.text, format: found.format, ...(found.text === null ? { bytes: found.bytes } : {}) }
          : null,
        decodeMs: performance.now() - started,
      };
    },
    close() {},
  };
}

/** @internal */
export function nativeReader(detector: BarcodeDetectorLike): FrameReader {
  const grab = pageCanvas();
  return {
    kind: 'native',
    engine: 'native',
    async read(video, cut) {
      const image = grab(video, cut);
      const started = performance.now();
      const found = await detector.detect(image);
      const first = found.find((s) => symbologyOfNative(s.format));
      return {
        symbol: first ? { text: first.rawValue, format: symbologyOfNative(first.format)! } : null,
        decodeMs: performance.now() - started,
      };
    },
    close() {},
  };
}

/**
 * A reader backed by a decoding worker; resolves to `undefined` when the worker does not answer its
 * greeting within `readyTimeoutMs` (a missing file, a CSP without `worker-src`), so the caller can fall back.
 * The greeting asks for `engine`; a worker that cannot load it answers with the error code, which rejects
 * (`UNSUPPORTED_RUNTIME` for a `'zxing-cpp'` that did not load).
 *
 * @internal
 */
export async function workerReader(
  worker: Worker,
  settings: DecodeSettings,
  readyTimeoutMs = 10_000,
  engine: DecodeEngine = 'auto',
): Promise<FrameReader | undefined> {
  const ready = await new Promise<DecodeReady | undefined>((resolve) => {
    const timer = setTimeout(() => finish(undefined), readyTimeoutMs);
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string })?.type === 'ready') finish(event.data as DecodeReady);
    };
    const onError = () => finish(undefined);
    function finish(value: DecodeReady | undefined) {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      resolve(value);
    }
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage({ type: 'hello', engine });
  });
  if (!ready) {
    worker.terminate();
    return undefined;
  }
  if (!ready.engine) {
    worker.terminate();
    throw new AcceptError('UNSUPPORTED_RUNTIME', {
      detail: `the ${engine} engine did not load in the worker`,
    });
  }
  const loaded = ready.engine;
  const bitmaps = ready.offscreen && typeof createImageBitmap === 'function';
  const grab = pageCanvas();
  const waiting = new Map<number, (answer: DecodeAnswer) => void>();
  let next = 1;
  worker.addEventListener('message', (event: MessageEvent) => {
    const answer = event.data as DecodeAnswer;
    if (answer?.type !== 'decoded') return;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  return {
    kind: 'worker',
    engine: loaded,
    async read(video, cut) {
      const id = next++;
      const base = { type: 'decode' as const, id, width: cut.width, height: cut.height, options: settings };
      let request: DecodeRequest;
      if (bitmaps) {
        const bitmap = await createImageBitmap(video, cut.sx, cut.sy, cut.sw, cut.sh, {
          resizeWidth: cut.width,
          resizeHeight: cut.height,
          resizeQuality: 'medium',
        });
        request = { ...base, bitmap };
      } else {
        request = { ...base, pixels: grab(video, cut).data };
      }
      const answer = await new Promise<DecodeAnswer>((resolve) => {
        waiting.set(id, resolve);
        const transfer = request.bitmap ? [request.bitmap] : [request.pixels!.buffer as ArrayBuffer];
        worker.postMessage(request, transfer);
      });
      return { symbol: answer.symbol, decodeMs: answer.decodeMs };
    },
    close() {
      for (const resolve of waiting.values()) resolve({ type: 'decoded', id: 0, symbol: null, decodeMs: 0 });
      waiting.clear();
      worker.terminate();
    },
  };
}
