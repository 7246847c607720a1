/**
 * The desk camera as a scanner: opens the rear camera (or the one chosen), reads frames within a budget,
 * decodes them off the page's thread, and reports each code once.
 *
 * @module
 */
import { AcceptError, isAcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { checkScanOptions, parseScan, type ScanOptions } from '../parse.js';
import type { ParsedScan } from '../scans.js';
import type { Symbology } from '../symbology.js';
import { applySetting, type CameraControls, controlsOf } from './camera-devices.js';
import { cameraError, cameraUnavailable } from './camera-errors.js';
import { checkRoi, chooseReader, cutOf, videoConstraints } from './camera-setup.js';
import type { FrameReader } from './frame-reader.js';
import { createRepeatFilter } from './repeat-filter.js';

/**
 * A part of the picture, as fractions of its width and height (0…1), so it holds at any resolution.
 *
 * @example
 * ```ts
 * import type { RegionOfInterest } from 'diia-accept/scanner/browser';
 * const middle: RegionOfInterest = { x: 0.2, y: 0.1, width: 0.6, height: 0.8 };
 * ```
 */
export interface RegionOfInterest {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Options of {@link startCameraScanner}.
 *
 * @example
 * ```ts
 * const options: CameraScannerOptions = { video, onScan: ({ scan }) => check(scan), maxFps: 8 };
 * ```
 */
export interface CameraScannerOptions {
  /** Called once for each code that comes into view (see `cooldownMs`). */
  readonly onScan: (scan: CameraScan) => void;
  /** Called with failures after the start (the camera unplugged or taken: `CAMERA_NOT_FOUND`). */
  readonly onError?: (error: AcceptError) => void;
  /** Stops the scanner (and an unfinished start, which then rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
  /** The element to show the preview in; without one, a detached `<video>` is used. */
  readonly video?: HTMLVideoElement;
  /** A camera from {@link listCameras}; default: the rear camera where there is one. */
  readonly deviceId?: string;
  /** Extra video constraints (resolution, frame rate), merged over the defaults (1280×720, rear). */
  readonly constraints?: MediaTrackConstraints;
  /**
   * What reads the frames. `'auto'` (default): the browser's `BarcodeDetector` if it really works, else
   * `'zxing'`. `'zxing'`: ZXing-C++ (WebAssembly) in the decode worker where it loads, else
   * `@zxing/library`. `'zxing-cpp'` or `'zxing-js'` force one of the two (`'zxing-cpp'` fails with
   * `UNSUPPORTED_RUNTIME` where it cannot load); `'native'` forces the browser's detector.
   */
  readonly decode?: 'auto' | 'native' | 'zxing' | 'zxing-cpp' | 'zxing-js';
  /**
   * Where zxing runs: a `Worker` or module-worker URL you provide, `false` for the page's thread, or by
   * default the `decode-worker.js` shipped next to this module (see the README for bundlers).
   */
  readonly worker?: Worker | URL | string | false;
  /** What to look for. Default `['qr-code', 'ean-13']`. */
  readonly formats?: readonly Symbology[];
  /** Only this part of the picture is read. Default: all of it. */
  readonly roi?: RegionOfInterest;
  /** The most frames read per second. Default 12; a frame is skipped while the previous is still decoding. */
  readonly maxFps?: number;
  /** Frames are read at most this many pixels on the long side. Default 640. */
  readonly maxSide?: number;
  /** zxing's effort per frame. Default `'thorough'` in a worker, `'fast'` on the page's thread. */
  readonly effort?: 'fast' | 'thorough';
  /** The same code is reported again only after it was out of view this long, ms. Default 3000. */
  readonly cooldownMs?: number;
  /** Options of {@link parseScan} (allowed link hosts). */
  readonly scan?: ScanOptions;
  /** Called after each frame read, with the time it took: for budgets and benchmarks. */
  readonly onFrame?: (frame: { readonly decodeMs: number; readonly found: boolean }) => void;
}

/**
 * A code the camera saw.
 *
 * @example
 * ```ts
 * const show = ({ text, format, decodedBy }: CameraScan) => console.log(format, decodedBy, text ?? 'no text');
 * ```
 */
export interface CameraScan {
  /**
   * The symbol's text; `null` when its bytes are not text in any character set that can be told (then
   * `scan` is `kind: 'unknown'` with `SCAN_TEXT_UNDECODABLE`, and `bytes` holds them).
   */
  readonly text: string | null;
  /** The symbol's bytes, when `text` is `null`. */
  readonly bytes?: Uint8Array;
  /** `text` classified by {@link parseScan}. */
  readonly scan: ParsedScan;
  readonly format: Symbology;
  /** `performance.now()` when the frame was read. */
  readonly at: number;
  /** What read it. */
  readonly decodedBy: 'native' | 'worker' | 'main';
}

/**
 * A running camera scanner.
 *
 * @example
 * ```ts
 * scanner.pause(); // while the result card is shown
 * scanner.resume();
 * scanner.stop(); // releases the camera: its light goes off
 * ```
 */
export interface CameraScanner {
  /** The element showing the preview. */
  readonly video: HTMLVideoElement;
  /** The camera's track (settings, label). */
  readonly track: MediaStreamTrack;
  /** What reads the frames. */
  readonly decodedBy: 'native' | 'worker' | 'main';
  /** The decoder that reads them: the browser's, ZXing-C++ or `@zxing/library`. */
  readonly engine: 'native' | 'zxing-cpp' | 'zxing-js';
  /** Torch and zoom, where the camera has them. */
  readonly controls: CameraControls;
  /** Switches the torch. @throws {AcceptError} `UNSUPPORTED_RUNTIME` when the camera has none. */
  setTorch(on: boolean): Promise<void>;
  /** Sets the zoom. @throws {AcceptError} `UNSUPPORTED_RUNTIME` or `INVALID_ARGUMENT` (outside the range). */
  setZoom(zoom: number): Promise<void>;
  /** Stops reading frames; the preview goes on. A code in view before and after the pause is not reported again. */
  pause(): void;
  /** Reads frames again. */
  resume(): void;
  readonly paused: boolean;
  /** Stops reading and releases the camera (every track stopped). Idempotent. */
  stop(): void;
  readonly stopped: boolean;
}

/**
 * Starts scanning with a camera.
 *
 * @throws {AcceptError} `CAMERA_PERMISSION_DENIED`, `CAMERA_NOT_FOUND`, `CAMERA_IN_USE`,
 *   `CAMERA_INSECURE_CONTEXT`, `CAMERA_UNSUPPORTED` (the browser's error as `cause`), `ABORTED`.
 * @example
 * ```ts
 * import { startCameraScanner } from 'diia-accept/scanner/browser';
 * const controller = new AbortController();
 * const scanner = await startCameraScanner({
 *   video: document.querySelector('video')!,
 *   signal: controller.signal,
 *   onScan: ({ scan }) => fetch('/api/identify', { method: 'POST', body: JSON.stringify(scan) }),
 *   onError: (error) => console.warn(error.code),
 * });
 * ```
 */
export async function startCameraScanner(options: CameraScannerOptions): Promise<CameraScanner> {
  refuseUnknownOptions(
    options,
    optionKeys<CameraScannerOptions>({
      onScan: true,
      onError: true,
      signal: true,
      video: true,
      deviceId: true,
      constraints: true,
      decode: true,
      worker: true,
      formats: true,
      roi: true,
      maxFps: true,
      maxSide: true,
      effort: true,
      cooldownMs: true,
      scan: true,
      onFrame: true,
    }),
    'startCameraScanner',
  );
  checkScanOptions(options.scan);
  const unavailable = cameraUnavailable(globalThis);
  if (unavailable) throw unavailable;
  const signal = options.signal;
  if (signal?.aborted) throw new AcceptError('ABORTED');
  const formats = options.formats ?? ['qr-code', 'ean-13'];
  const maxFps = options.maxFps ?? 12;
  const maxSide = options.maxSide ?? 640;
  if (!(maxFps > 0) || !(maxSide >= 64))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxFps/maxSide' });
  const roi = checkRoi(options.roi);

  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: videoConstraints(options) });
  } catch (error) {
    throw cameraError(error);
  }
  const track = stream.getVideoTracks()[0];
  const release = () => {
    for (const t of stream.getTracks()) t.stop();
  };
  if (!track || signal?.aborted) {
    release();
    throw track
      ? new AcceptError('ABORTED')
      : new AcceptError('CAMERA_NOT_FOUND', { detail: 'no video track' });
  }

  let reader: FrameReader | undefined;
  const video = options.video ?? document.createElement('video');
  try {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    reader = await chooseReader(options, formats, maxSide);
    if (signal?.aborted) throw new AcceptError('ABORTED');
  } catch (error) {
    reader?.close();
    release();
    if (video.srcObject === stream) video.srcObject = null;
    throw isAcceptError(error) ? error : cameraError(error);
  }
  const active = reader;

  const repeats = createRepeatFilter(options.cooldownMs ?? 3000);
  const minInterval = 1000 / maxFps;
  let paused = false;
  let stopped = false;
  let busy = false;
  let lastRead = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const readFrame = async (at: number) => {
    const cut = cutOf(video, roi, maxSide);
    if (!cut) return;
    const { symbol, decodeMs } = await active.read(video, cut);
    if (stopped) return;
    options.onFrame?.({ decodeMs, found: symbol !== null });
    if (!symbol) return;
    const { text, bytes } = symbol;
    const fresh = repeats.fresh(text ?? `\u0000${hexOf(bytes)}`, at);
    if (paused || !fresh) return;
    options.onScan({
      text,
      ...(text === null && bytes ? { bytes } : {}),
      scan: text === null ? undecodableScan() : parseScan(text, options.scan),
      format: symbol.format,
      at,
      decodedBy: active.kind,
    });
  };

  // requestVideoFrameCallback runs once per new camera frame (no work on repeated frames); a detached
  // video presents no frames, so it gets a timer at the frame budget instead.
  const schedule = () => {
    if (stopped) return;
    if (typeof video.requestVideoFrameCallback === 'function' && video.isConnected) {
      video.requestVideoFrameCallback(() => tick());
    } else {
      timer = setTimeout(tick, minInterval);
    }
  };
  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    if (!paused && !busy && now - lastRead >= minInterval && video.readyState >= 2) {
      lastRead = now;
      busy = true;
      readFrame(now)
        .catch((error: unknown) => {
          if (!stopped) options.onError?.(isAcceptError(error) ? error : cameraError(error));
        })
        .finally(() => {
          busy = false;
        });
    }
    schedule();
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
    track.removeEventListener('ended', onEnded);
    active.close();
    release();
    if (video.srcObject === stream) video.srcObject = null;
  };
  const onEnded = () => {
    if (stopped) return;
    options.onError?.(
      new AcceptError('CAMERA_NOT_FOUND', { detail: 'the camera stopped (unplugged or taken)' }),
    );
    stop();
  };
  track.addEventListener('ended', onEnded);
  signal?.addEventListener('abort', stop, { once: true });
  schedule();

  return {
    video,
    track,
    decodedBy: active.kind,
    engine: active.engine,
    get controls() {
      return controlsOf(track);
    },
    setTorch: (on) => applySetting(track, { torch: on }),
    setZoom: (zoom) => applySetting(track, { zoom }),
    pause() {
      paused = true;
    },
    resume() {
      // No frame was read during the pause: a code still held under the camera after it is not new.
      if (paused) repeats.touchAll(performance.now());
      paused = false;
    },
    get paused() {
      return paused;
    },
    stop,
    get stopped() {
      return stopped;
    },
  };
}

function hexOf(bytes: Uint8Array | undefined): string {
  return bytes ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') : '';
}

function undecodableScan(): ParsedScan {
  const error = new AcceptError('SCAN_TEXT_UNDECODABLE');
  return { kind: 'unknown', reason: error.code, error, symbology: undefined };
}
