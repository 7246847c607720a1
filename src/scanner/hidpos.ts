/**
 * Barcode scanners in HID Point-of-Sale mode (usage page 0x8C). Each input report carries a byte count,
 * the AIM symbology identifier, up to 56 bytes of decoded data, and a continued flag when the code goes
 * on in the next report. The decoder joins the reports of one code and classifies it with
 * {@link parseScan}. Reports reach it with their report id (node-hid) or without it (WebHID, which hands
 * the id over separately).
 *
 * @module
 */
import { concatBytes } from '../bytes.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import {
  HID_POS_REPORT_LAYOUT,
  type HidPosReportLayout,
  hidPosLayoutFromDescriptor,
} from './hidpos-layout.js';
import { checkScanOptions, parseScan, type ScanOptions } from './parse.js';
import type { ParsedScan } from './scans.js';

/**
 * Options of {@link createHidPosDecoder}.
 *
 * @example
 * ```ts
 * import { createHidPosDecoder } from 'diia-accept/scanner';
 * createHidPosDecoder({ descriptor: reportDescriptorBytes, onError: (e) => console.warn(e.code) });
 * ```
 */
export interface HidPosOptions {
  /** Fixed report layout. Default {@link HID_POS_REPORT_LAYOUT}. */
  readonly layout?: HidPosReportLayout;
  /** The device's report descriptor, to read the layout from instead (wins over `layout`). */
  readonly descriptor?: Uint8Array;
  /** The most bytes one code may have across reports. Default 8192. */
  readonly maxLength?: number;
  /** Options for {@link parseScan}. */
  readonly scan?: ScanOptions;
  /** Called with every scan, in addition to the return value of `push`. */
  readonly onScan?: (scan: HidPosScan) => void;
  /** Called with `HID_REPORT_MALFORMED` for a report that cannot be read; the code it belonged to is dropped. */
  readonly onError?: (error: AcceptError) => void;
}

/**
 * A code read from HID Point-of-Sale reports.
 *
 * @example
 * ```ts
 * import { createHidPosDecoder } from 'diia-accept/scanner';
 * createHidPosDecoder({ onScan: ({ scan, symbology }) => console.log(scan.kind, symbology) });
 * ```
 */
export interface HidPosScan {
  /** The decoded data exactly as the scanner sent it. */
  readonly bytes: Uint8Array;
  /** The AIM symbology identifier from the report (`]Q1`, `]E0`), if it had one. */
  readonly symbology: string | undefined;
  /** The data classified by {@link parseScan} (with `symbology` from the report). */
  readonly scan: ParsedScan;
  /** How many reports the code took. */
  readonly reports: number;
}

/**
 * A push-based HID Point-of-Sale decoder.
 *
 * @example
 * ```ts
 * import { createHidPosDecoder } from 'diia-accept/scanner';
 * const decoder = createHidPosDecoder();
 * device.addEventListener('inputreport', (e) => decoder.push(new Uint8Array(e.data.buffer), e.reportId));
 * ```
 */
export interface HidPosDecoder {
  /**
   * Reads one input report. Pass `reportId` when it was delivered apart from the data (WebHID); without it,
   * the first byte is taken as the report id if the layout has one (node-hid). Reports with another id are
   * ignored. Returns the codes completed by this report.
   */
  push(report: Uint8Array, reportId?: number): readonly HidPosScan[];
  /** Forgets a code in progress. */
  reset(): void;
  /** Whether a code is waiting for its continuation. */
  readonly pending: boolean;
}

/**
 * Creates a HID Point-of-Sale decoder.
 *
 * @throws {AcceptError} `HID_DESCRIPTOR_INVALID` for an unusable `descriptor`, `INVALID_ARGUMENT` for a
 *   bad `layout` or `maxLength`.
 * @example
 * ```ts
 * import { createHidPosDecoder } from 'diia-accept/scanner';
 * const decoder = createHidPosDecoder();
 * device.on('data', (report: Uint8Array) => decoder.push(report)); // node-hid: report id included
 * ```
 */
export function createHidPosDecoder(options: HidPosOptions = {}): HidPosDecoder {
  refuseUnknownOptions(
    options,
    optionKeys<HidPosOptions>({
      layout: true,
      descriptor: true,
      maxLength: true,
      scan: true,
      onScan: true,
      onError: true,
    }),
    'createHidPosDecoder',
  );
  checkScanOptions(options.scan);
  const layout = options.descriptor
    ? hidPosLayoutFromDescriptor(options.descriptor)
    : (options.layout ?? HID_POS_REPORT_LAYOUT);
  checkLayout(layout);
  const maxLength = options.maxLength ?? 8192;
  if (!Number.isInteger(maxLength) || maxLength < 1)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxLength' });

  let parts: Uint8Array[] = [];
  let length = 0;
  let reports = 0;
  let symbology: string | undefined;
  // After a malformed report, the rest of that code is skipped up to its last report.
  let skipping = false;

  const fail = (detail: string): HidPosScan[] => {
    parts = [];
    length = 0;
    reports = 0;
    options.onError?.(new AcceptError('HID_REPORT_MALFORMED', { detail }));
    return [];
  };

  return {
    push(report, reportId) {
      if (!(report instanceof Uint8Array)) return fail('not bytes');
      let data = report;
      let id = reportId;
      if (id === undefined && layout.reportId !== 0) {
        id = report[0];
        data = report.subarray(1);
      }
      if ((id ?? 0) !== layout.reportId) return [];

      const count = data[layout.lengthOffset];
      const continuedByte = layout.continuedBit === undefined ? undefined : data[layout.continuedBit >> 3];
      if (count === undefined || (layout.continuedBit !== undefined && continuedByte === undefined)) {
        skipping = false;
        return fail('report shorter than its layout');
      }
      const continued =
        continuedByte !== undefined && ((continuedByte >> (layout.continuedBit! & 7)) & 1) === 1;
      if (skipping) {
        skipping = continued;
        return [];
      }
      if (count > layout.dataCapacity || layout.dataOffset + count > data.length) {
        skipping = continued;
        return fail('byte count beyond the data field');
      }
      if (count === 0 && !continued && reports === 0) return [];
      if (length + count > maxLength) {
        skipping = continued;
        return fail('code longer than maxLength');
      }
      if (reports === 0) symbology = readSymbology(data, layout.symbologyOffset);
      parts.push(data.slice(layout.dataOffset, layout.dataOffset + count));
      length += count;
      reports++;
      if (continued) return [];

      const bytes = concatBytes(parts);
      const parsed = parseScan(bytes, options.scan);
      const found = symbology ?? parsed.symbology;
      const result: HidPosScan = { bytes, symbology: found, scan: { ...parsed, symbology: found }, reports };
      parts = [];
      length = 0;
      reports = 0;
      options.onScan?.(result);
      return [result];
    },
    reset() {
      parts = [];
      length = 0;
      reports = 0;
      skipping = false;
    },
    get pending() {
      return reports > 0;
    },
  };
}

/** `]` and two printable ASCII characters, as ISO/IEC 15424 defines; scanners that send zeros have none. */
function readSymbology(data: Uint8Array, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  const [a, b, c] = [data[offset], data[offset + 1], data[offset + 2]];
  if (a !== 0x5d || b === undefined || c === undefined || b < 0x21 || b > 0x7e || c < 0x21 || c > 0x7e) {
    return undefined;
  }
  return String.fromCharCode(a, b, c);
}

function checkLayout(layout: HidPosReportLayout): void {
  const offsets = [layout.reportId, layout.lengthOffset, layout.dataOffset, layout.dataCapacity];
  if (layout.symbologyOffset !== undefined) offsets.push(layout.symbologyOffset);
  if (layout.continuedBit !== undefined) offsets.push(layout.continuedBit);
  if (
    !offsets.every((n) => Number.isInteger(n) && n >= 0 && n <= 65_535) ||
    layout.reportId > 255 ||
    layout.dataCapacity === 0
  ) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'layout' });
  }
}
