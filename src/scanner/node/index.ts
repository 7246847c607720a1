/**
 * `diia-accept/scanner/node`: the desk's scanners in Node.js — HID Point-of-Sale scanners through
 * `node-hid`, USB-serial scanners through `serialport`, and a keyboard-wedge scanner typing into the
 * terminal of a kiosk. `node-hid` and `serialport` are optional peer dependencies, imported only when a
 * scanner of their kind is opened.
 *
 * @module diia-accept/scanner/node
 */
export type { UsbDeviceId } from './device-errors.js';
export { scannerUdevRule } from './device-errors.js';
export type {
  FindHidScannersOptions,
  HidDeviceInfo,
  HidScannerFilter,
  HidScannerOptions,
} from './node-hid.js';
export { findHidPosScanners, openHidPosScanner } from './node-hid.js';
export type { PackageLoader } from './optional.js';
export type { ReconnectOptions, ScannerConnection, ScannerStatus } from './reconnect.js';
export type { SerialScannerOptions } from './serialport.js';
export { openSerialScanner } from './serialport.js';
export type { TerminalScanner, TerminalScannerOptions } from './tty.js';
export { readTerminalScanner } from './tty.js';
