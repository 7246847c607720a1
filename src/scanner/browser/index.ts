/**
 * `diia-accept/scanner/browser`: the desk's scanners on a web page — the camera (with the browser's
 * `BarcodeDetector` or zxing in a module worker), a keyboard-wedge scanner, HID Point-of-Sale scanners
 * through WebHID, serial scanners through Web Serial, and the `<diia-accept-scanner>` custom element.
 * Importing it does nothing; each adapter starts only when called.
 *
 * @module diia-accept/scanner/browser
 */
export type { CameraScan, CameraScanner, CameraScannerOptions, RegionOfInterest } from './camera.js';
export { startCameraScanner } from './camera.js';
export type { CameraControls, CameraDevice } from './camera-devices.js';
export { listCameras } from './camera-devices.js';
export { cameraError } from './camera-errors.js';
export type { DecodeWorkerOptions, DecodeWorkerScope } from './decode-worker.js';
export { runDecodeWorker } from './decode-worker.js';
export { scannerDeviceError } from './device-errors.js';
export type { KeyboardScanner, KeyboardScannerOptions } from './dom-keyboard.js';
export { attachKeyboardScanner } from './dom-keyboard.js';
export { defineScannerElement } from './element.js';
export type {
  ScannerElement,
  ScannerElementError,
  ScannerElementEventMap,
  ScannerElementScan,
} from './element-types.js';
export type { SerialPortLike, SerialScanner, WebSerialScannerOptions } from './web-serial.js';
export { connectSerialScanner } from './web-serial.js';
export type { HidDeviceLike, HidScanner, WebHidScannerOptions } from './webhid.js';
export { connectHidScanner } from './webhid.js';
