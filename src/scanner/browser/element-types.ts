/**
 * The public shape of `<diia-accept-scanner>`: its properties and the details of its events.
 *
 * @module
 */
import type { AcceptError } from '../../errors.js';
import type { ScanOptions } from '../parse.js';
import type { ParsedScan } from '../scans.js';
import type { Symbology } from '../symbology.js';
import type { CameraScanner } from './camera.js';

/**
 * The `detail` of the element's `scan` event.
 *
 * @example
 * ```ts
 * element.addEventListener('scan', (event) => {
 *   const { scan, source }: ScannerElementScan = (event as CustomEvent<ScannerElementScan>).detail;
 * });
 * ```
 */
export interface ScannerElementScan {
  /** What was read; `null` for a camera code whose text cannot be told (`scan.reason` `SCAN_TEXT_UNDECODABLE`). */
  readonly text: string | null;
  readonly scan: ParsedScan;
  readonly source: 'camera' | 'keyboard';
  /** The symbology, for camera scans. */
  readonly format?: Symbology;
}

/**
 * The `detail` of the element's `error` event.
 *
 * @example
 * ```ts
 * element.addEventListener('error', (event) => {
 *   const { code, message }: ScannerElementError = (event as CustomEvent<ScannerElementError>).detail;
 * });
 * ```
 */
export interface ScannerElementError {
  readonly error: AcceptError;
  readonly code: AcceptError['code'];
  /** The error described in the element's `lang`. */
  readonly message: string;
}

/**
 * The events of the element, for typed listeners.
 *
 * @example
 * ```ts
 * const on = <K extends keyof ScannerElementEventMap>(type: K, fn: (e: ScannerElementEventMap[K]) => void) =>
 *   element.addEventListener(type, fn as EventListener);
 * ```
 */
export interface ScannerElementEventMap {
  scan: CustomEvent<ScannerElementScan>;
  error: CustomEvent<ScannerElementError>;
}

/**
 * The element's properties. Attributes: `camera`, `keyboard`, `paused` (boolean), `device-id`, `lang`,
 * `cooldown`, `max-fps`, `scanner-layout`, `worker-url`.
 *
 * @example
 * ```ts
 * const element = document.querySelector('diia-accept-scanner') as ScannerElement;
 * element.camera = true;
 * element.scanOptions = { allowedHosts: ['diia.app'] };
 * ```
 */
export interface ScannerElement extends HTMLElement {
  /** Scan with the camera (attribute `camera`). */
  camera: boolean;
  /** Listen for a keyboard-wedge scanner anywhere on the page (attribute `keyboard`). */
  keyboard: boolean;
  /** Stop reporting scans for now (attribute `paused`); the preview goes on. */
  paused: boolean;
  /** The camera to use (attribute `device-id`); default the rear one. */
  deviceId: string;
  /** `'uk'` (default) or `'en'`, for the element's own text and the error messages (attribute `lang`). */
  lang: string;
  /** Options of `parseScan` (allowed link hosts). */
  scanOptions: ScanOptions | undefined;
  /** A worker or worker URL for the camera decoding (attribute `worker-url`). */
  worker: Worker | URL | string | false | undefined;
  /** The running camera scanner, for torch and zoom. */
  readonly cameraScanner: CameraScanner | undefined;
  /** Listens for `scan` and `error` with their typed details. */
  addEventListener<K extends keyof ScannerElementEventMap>(
    type: K,
    listener: (this: ScannerElement, event: ScannerElementEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  /** Listens for any other event. */
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}
