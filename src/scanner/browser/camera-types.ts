/**
 * The camera scanner's options and results, below both `camera.ts` (which runs it) and `camera-setup.ts`
 * (which reads the options), so neither imports the other.
 *
 * @module
 */
import type { AcceptError } from '../../errors.js';
import type { ScanOptions } from '../parse.js';
import type { ParsedScan } from '../scans.js';
import type { Symbology } from '../symbology.js';

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
  /** How each code is read (`parseScan`'s options: allowed link hosts, length). */
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
  /** `text` classified by `parseScan`. */
  readonly scan: ParsedScan;
  readonly format: Symbology;
  /** `performance.now()` when the frame was read. */
  readonly at: number;
  /** What read it. */
  readonly decodedBy: 'native' | 'worker' | 'main';
}
