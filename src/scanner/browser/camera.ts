/**
 * The desk camera as a scanner: opens the rear camera (or the one chosen), reads frames within a budget,
 * decodes them off the page's thread, and reports each code once.
 *
 * @module
 */
import { AcceptError, isAcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { checkScanOptions, parseScan } from '../parse.js';
import type { ParsedScan } from '../scans.js';
import { applySetting, type CameraControls, controlsOf } from './camera-devices.js';
import { cameraError, cameraUnavailable } from './camera-errors.js';
import { checkRoi, chooseReader, cutOf, videoConstraints } from './camera-setup.js';
import type { CameraScannerOptions } from './camera-types.js';
import type { FrameReader } from './frame-reader.js';
import { createRepeatFilter } from './repeat-filter.js';

export type { CameraScan, CameraScannerOptions, RegionOfInterest } from './camera-types.js';

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
