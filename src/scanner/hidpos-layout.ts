/**
 * Where a HID Point-of-Sale barcode scanner puts the parts of its scanned-data report: fixed offsets that
 * most scanners share, or offsets read from the device's report descriptor (usage page 0x8C of the USB
 * HID Point of Sale Usage Tables 1.02: Symbology Identifier 1-3 0xFB-0xFD, Decoded Data 0xFE, Decode Data
 * Continued 0xFF; the byte count is Generic Desktop Byte Count 0x3B).
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { type HidReportDescriptor, type HidReportField, parseHidReportDescriptor } from './hid-descriptor.js';

/**
 * Where the parts of a scanned-data report sit, in bytes from the start of the report data (after the
 * report id byte).
 *
 * @example
 * ```ts
 * import { HID_POS_REPORT_LAYOUT } from 'diia-accept/scanner';
 * const layout = { ...HID_POS_REPORT_LAYOUT, reportId: 3 };
 * ```
 */
export interface HidPosReportLayout {
  /** The report id of scanned-data reports (0 if the device uses none). */
  readonly reportId: number;
  /** The offset of the byte count of this report's decoded data. */
  readonly lengthOffset: number;
  /** The offset of the three symbology identifier bytes, if the report has them. */
  readonly symbologyOffset: number | undefined;
  /** The offset of the decoded data. */
  readonly dataOffset: number;
  /** How many data bytes one report holds. */
  readonly dataCapacity: number;
  /** The bit (counted from the start of the report data) of the Decode Data Continued flag, if any. */
  readonly continuedBit: number | undefined;
}

/**
 * The layout Honeywell, Zebra, Datalogic and Access-IS scanners use: report id 2, byte count, AIM
 * identifier, 56 data bytes, two vendor bytes, and the continued flag in bit 0 of the last byte.
 *
 * @example
 * ```ts
 * import { createHidPosDecoder, HID_POS_REPORT_LAYOUT } from 'diia-accept/scanner';
 * createHidPosDecoder({ layout: HID_POS_REPORT_LAYOUT });
 * ```
 */
export const HID_POS_REPORT_LAYOUT: HidPosReportLayout = Object.freeze({
  reportId: 2,
  lengthOffset: 0,
  symbologyOffset: 1,
  dataOffset: 4,
  dataCapacity: 56,
  continuedBit: 62 * 8,
});

const BYTE_COUNT = 0x0001_003b; // Generic Desktop: Byte Count
const SYMBOLOGY = [0x008c_00fb, 0x008c_00fc, 0x008c_00fd];
const DECODED_DATA = 0x008c_00fe;
const DATA_CONTINUED = 0x008c_00ff;

/**
 * Finds the scanned-data report in a report descriptor and returns its layout.
 *
 * @throws {AcceptError} `HID_DESCRIPTOR_INVALID` if the descriptor has no byte-aligned Byte Count and
 *   Decoded Data input fields in one report, or cannot be parsed.
 * @example
 * ```ts
 * import { createHidPosDecoder, hidPosLayoutFromDescriptor } from 'diia-accept/scanner';
 * const decoder = createHidPosDecoder({ layout: hidPosLayoutFromDescriptor(descriptorBytes) });
 * ```
 */
export function hidPosLayoutFromDescriptor(descriptor: Uint8Array | HidReportDescriptor): HidPosReportLayout {
  const parsed = descriptor instanceof Uint8Array ? parseHidReportDescriptor(descriptor) : descriptor;
  const inputs = parsed.fields.filter((field) => field.type === 'input');
  const data = inputs.find((field) => field.usages.includes(DECODED_DATA) && field.bitSize === 8);
  if (!data) throw invalid('no 8-bit Decoded Data input field');
  const sameReport = inputs.filter((field) => field.reportId === data.reportId);
  const length = sameReport.find((field) => field.usages[0] === BYTE_COUNT && field.bitSize === 8);
  if (!length) throw invalid('no Byte Count field in the scanned-data report');
  const symbology = symbologyOffset(sameReport);
  const continued = sameReport.find((field) => field.usages.includes(DATA_CONTINUED));
  if (data.bitOffset % 8 !== 0 || length.bitOffset % 8 !== 0) throw invalid('fields not byte-aligned');
  return {
    reportId: data.reportId,
    lengthOffset: length.bitOffset / 8,
    symbologyOffset: symbology,
    dataOffset: data.bitOffset / 8,
    dataCapacity: data.count,
    continuedBit: continued?.bitOffset,
  };
}

function symbologyOffset(fields: readonly HidReportField[]): number | undefined {
  const bitOffsets: number[] = [];
  for (const [index, usage] of SYMBOLOGY.entries()) {
    for (const field of fields) {
      const at = field.usages.indexOf(usage);
      if (at >= 0 && field.bitSize === 8)
        bitOffsets[index] = field.bitOffset + 8 * Math.min(at, field.count - 1);
    }
  }
  const [first, second, third] = bitOffsets;
  if (first === undefined || second !== first + 8 || third !== first + 16 || first % 8 !== 0)
    return undefined;
  return first / 8;
}

function invalid(detail: string): AcceptError {
  return new AcceptError('HID_DESCRIPTOR_INVALID', { detail });
}
