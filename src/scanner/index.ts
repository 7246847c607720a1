/**
 * `diia-accept/scanner`: what the desk's devices produce, turned into typed scans. Pure and
 * runtime-agnostic; the device adapters live in `diia-accept/scanner/browser` and `diia-accept/scanner/node`.
 *
 * @module diia-accept/scanner
 */

export { isUuid } from '../uuid.js';
export type {
  DecodedSymbol,
  DecodeFrameOptions,
  FramePoint,
  FrameRegion,
  ImageFrame,
} from './decode-contract.js';
export { DOCUMENT_TOKEN_TYPE } from './document-token.js';
export { assertEan13, ean13CheckDigit, isValidEan13, withEan13CheckDigit } from './ean13.js';
export { decodeFrame } from './engines/zxing-js.js';
export type { DecodeEngine, FrameDecoder, FrameDecoderOptions } from './frame-decoder.js';
export { createFrameDecoder } from './frame-decoder.js';
export type { HidReportDescriptor, HidReportField } from './hid-descriptor.js';
export { parseHidReportDescriptor } from './hid-descriptor.js';
export type { HidPosDecoder, HidPosOptions, HidPosScan } from './hidpos.js';
export { createHidPosDecoder } from './hidpos.js';
export type { HidPosReportLayout } from './hidpos-layout.js';
export { HID_POS_REPORT_LAYOUT, hidPosLayoutFromDescriptor } from './hidpos-layout.js';
export type { KeystrokeOptions } from './keystrokes.js';
export { scannerKeystrokes } from './keystrokes.js';
export type { KeyboardLayout, KeyboardLayoutId, KeyStroke } from './layouts.js';
export { characterFor, KEYBOARD_LAYOUTS, strokeFor } from './layouts.js';
export type { ScanOptions } from './parse.js';
export { DEFAULT_ALLOWED_HOSTS, parseDocumentCode, parseScan, printScan } from './parse.js';
export type {
  AppDeeplink,
  DocumentBarcode,
  DocumentCode,
  DocumentLink,
  DocumentToken,
  ParsedScan,
  ScanCommon,
  UnrecognisedScan,
} from './scans.js';
export type { SerialFrame, SerialFramer, SerialFramerOptions, SerialTerminator } from './serial-framing.js';
export { createSerialFramer } from './serial-framing.js';
export type { Symbology } from './symbology.js';
export { SYMBOLOGIES } from './symbology.js';
export type { WedgeDecoder, WedgeKeyEvent, WedgeOptions, WedgeScan } from './wedge.js';
export { createWedgeDecoder } from './wedge.js';
export type { BurstEnd } from './wedge-keys.js';
