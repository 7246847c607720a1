/**
 * How the camera scanner is set up: the constraints it asks for, the region it reads, and what reads the
 * frames (the browser's detector, a worker, or the page's thread).
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { Symbology } from '../symbology.js';
import type { CameraScannerOptions, RegionOfInterest } from './camera-types.js';
import {
  type FrameCut,
  type FrameReader,
  mainThreadReader,
  nativeReader,
  workerReader,
} from './frame-reader.js';
import { workingBarcodeDetector } from './native-detector.js';

/** @internal */
export function videoConstraints(options: CameraScannerOptions): MediaTrackConstraints {
  const choice: MediaTrackConstraints = options.deviceId
    ? { deviceId: { exact: options.deviceId } }
    : { facingMode: { ideal: 'environment' } };
  return { width: { ideal: 1280 }, height: { ideal: 720 }, ...choice, ...options.constraints };
}

/** @internal */
export function checkRoi(roi: RegionOfInterest | undefined): RegionOfInterest {
  if (!roi) return { x: 0, y: 0, width: 1, height: 1 };
  refuseUnknownOptions(
    roi,
    optionKeys<RegionOfInterest>({ x: true, y: true, width: true, height: true }),
    'roi',
  );
  const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
  if (
    ![roi.x, roi.y, roi.width, roi.height].every(inUnit) ||
    roi.width === 0 ||
    roi.height === 0 ||
    roi.x + roi.width > 1 ||
    roi.y + roi.height > 1
  ) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'roi: fractions of the frame, inside it' });
  }
  return roi;
}

/** The region of the current frame, shrunk so its long side is at most `maxSide`. @internal */
export function cutOf(video: HTMLVideoElement, roi: RegionOfInterest, maxSide: number): FrameCut | undefined {
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh) return undefined;
  const sx = Math.floor(roi.x * vw);
  const sy = Math.floor(roi.y * vh);
  const sw = Math.max(1, Math.floor(roi.width * vw));
  const sh = Math.max(1, Math.floor(roi.height * vh));
  const scale = Math.min(1, maxSide / Math.max(sw, sh));
  return {
    sx,
    sy,
    sw,
    sh,
    width: Math.max(1, Math.round(sw * scale)),
    height: Math.max(1, Math.round(sh * scale)),
  };
}

/** @internal */
export async function chooseReader(
  options: CameraScannerOptions,
  formats: readonly Symbology[],
  maxSide: number,
): Promise<FrameReader> {
  const mode = options.decode ?? 'auto';
  if (mode === 'auto' || mode === 'native') {
    const detector = await workingBarcodeDetector(formats);
    if (detector) return nativeReader(detector);
    if (mode === 'native') {
      throw new AcceptError('UNSUPPORTED_RUNTIME', {
        detail: 'no working BarcodeDetector for these formats',
      });
    }
  }
  // 'auto' and 'zxing': ZXing-C++ in the worker where its .wasm loads, else @zxing/library.
  const engine = mode === 'zxing-cpp' || mode === 'zxing-js' ? mode : 'auto';
  const worker = openWorker(options.worker);
  if (worker) {
    const settings = { formats, maxSide, effort: options.effort ?? 'thorough' } as const;
    const reader = await workerReader(worker, settings, undefined, engine);
    if (reader) return reader;
  }
  if (engine === 'zxing-cpp') {
    throw new AcceptError('UNSUPPORTED_RUNTIME', {
      detail: 'the zxing-cpp engine runs in the decode worker only',
    });
  }
  return await mainThreadReader({ formats, maxSide, effort: options.effort ?? 'fast' });
}

function openWorker(choice: CameraScannerOptions['worker']): Worker | undefined {
  if (choice === false || typeof Worker !== 'function') return undefined;
  if (choice instanceof Worker) return choice;
  try {
    // Bundlers that understand `new Worker(new URL(…, import.meta.url))` (webpack 5, Vite, Parcel) copy
    // the file; a plain <script type="module"> finds it next to this module in dist/scanner/browser/.
    const url = choice ?? new URL('./decode-worker.js', import.meta.url);
    return new Worker(url, { type: 'module' });
  } catch {
    return undefined;
  }
}
