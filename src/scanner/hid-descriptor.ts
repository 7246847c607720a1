/**
 * A small HID report-descriptor parser (Device Class Definition for HID 1.11, section 6.2.2): enough of
 * the short items to find where each input, output and feature field sits in its report, and which
 * usages it carries. Long items are skipped; delimiters and designators are ignored.
 *
 * @module
 */
import { AcceptError } from '../errors.js';

/**
 * One field of a report: `count` values of `bitSize` bits each, starting `bitOffset` bits into the report
 * data (after the report id byte, if the device uses report ids).
 *
 * @example
 * ```ts
 * import { parseHidReportDescriptor } from 'diia-accept/scanner';
 * const field = parseHidReportDescriptor(descriptor).fields.find((f) => f.usages.includes(0x8c00fe));
 * ```
 */
export interface HidReportField {
  /** `'input'` (device to host), `'output'` or `'feature'`. */
  readonly type: 'input' | 'output' | 'feature';
  /** The report id (0 when the device uses none). */
  readonly reportId: number;
  /** Where the field starts, in bits from the start of the report data. */
  readonly bitOffset: number;
  /** The size of one value, in bits. */
  readonly bitSize: number;
  readonly count: number;
  /** Extended usages (`page << 16 | id`), one per value where the descriptor says so. */
  readonly usages: readonly number[];
  /** The main item's flag bits (bit 0: constant, bit 1: variable, bit 2: relative, bit 8: buffered bytes). */
  readonly flags: number;
}

/**
 * A parsed report descriptor.
 *
 * @example
 * ```ts
 * import { parseHidReportDescriptor } from 'diia-accept/scanner';
 * const { fields, usesReportIds } = parseHidReportDescriptor(descriptor);
 * ```
 */
export interface HidReportDescriptor {
  /** Every input, output and feature field, in descriptor order. */
  readonly fields: readonly HidReportField[];
  /** Whether reports start with a report id byte. */
  readonly usesReportIds: boolean;
}

// Descriptors are a few hundred bytes; the limits only stop malicious or damaged input early.
const MAX_DESCRIPTOR_BYTES = 4096;
const MAX_REPORT_BITS = 8 * 4096;
const MAX_STACK = 16;
const MAIN_TYPES: Record<number, HidReportField['type']> = { 8: 'input', 9: 'output', 11: 'feature' };

interface GlobalState {
  usagePage: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

/**
 * Parses a HID report descriptor (as node-hid's `getReportDescriptor()` or the USB control request
 * returns it; WebHID exposes the parsed collections instead).
 *
 * @throws {AcceptError} `HID_DESCRIPTOR_INVALID` for a truncated, unbalanced or oversized descriptor.
 * @example
 * ```ts
 * import { parseHidReportDescriptor } from 'diia-accept/scanner';
 * const descriptor = parseHidReportDescriptor(new Uint8Array(device.getReportDescriptor()));
 * ```
 */
export function parseHidReportDescriptor(bytes: Uint8Array): HidReportDescriptor {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_DESCRIPTOR_BYTES) {
    throw invalid('expected 1 to 4096 bytes');
  }
  const fields: HidReportField[] = [];
  const offsets = new Map<string, number>();
  const stack: GlobalState[] = [];
  let global: GlobalState = { usagePage: 0, reportSize: 0, reportCount: 0, reportId: 0 };
  let usages: number[] = [];
  let usageMinimum: number | undefined;
  let usageMaximum: number | undefined;
  let depth = 0;
  let usesReportIds = false;

  for (let at = 0; at < bytes.length; ) {
    const prefix = bytes[at]!;
    if (prefix === 0xfe) {
      // Long item: data size, tag, data.
      if (at + 2 >= bytes.length) throw invalid('truncated long item');
      at += 3 + bytes[at + 1]!;
      if (at > bytes.length) throw invalid('truncated long item');
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x3]!;
    const type = (prefix >> 2) & 0x3;
    const tag = prefix >> 4;
    if (at + 1 + size > bytes.length) throw invalid('truncated item');
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[at + 1 + i]!;
    at += 1 + size;

    if (type === 0) {
      const mainType = MAIN_TYPES[tag];
      if (mainType) {
        const bits = global.reportSize * global.reportCount;
        const key = `${mainType}:${global.reportId}`;
        const bitOffset = offsets.get(key) ?? 0;
        if (bitOffset + bits > MAX_REPORT_BITS) throw invalid('report too large');
        offsets.set(key, bitOffset + bits);
        const list = [...usages];
        if (usageMinimum !== undefined && usageMaximum !== undefined) {
          for (
            let u = usageMinimum;
            u <= usageMaximum && list.length < Math.min(global.reportCount, 4096);
            u++
          )
            list.push(u);
        }
        fields.push({
          type: mainType,
          reportId: global.reportId,
          bitOffset,
          bitSize: global.reportSize,
          count: global.reportCount,
          usages: list,
          flags: value,
        });
      } else if (tag === 0xa) {
        depth++;
      } else if (tag === 0xc) {
        if (--depth < 0) throw invalid('end collection without collection');
      } else {
        throw invalid('unknown main item');
      }
      usages = [];
      usageMinimum = undefined;
      usageMaximum = undefined;
    } else if (type === 1) {
      if (tag === 0x0) global.usagePage = value;
      else if (tag === 0x7) global.reportSize = value;
      else if (tag === 0x8) {
        if (value === 0 || value > 255) throw invalid('report id');
        global.reportId = value;
        usesReportIds = true;
      } else if (tag === 0x9) global.reportCount = value;
      else if (tag === 0xa) {
        if (stack.length >= MAX_STACK) throw invalid('push too deep');
        stack.push({ ...global });
      } else if (tag === 0xb) {
        const popped = stack.pop();
        if (!popped) throw invalid('pop without push');
        global = popped;
      }
      if (global.reportSize > 32) throw invalid('report size');
    } else if (type === 2) {
      // A 4-byte usage carries its own page; a shorter one takes the current Usage Page.
      const usage = size === 4 ? value : global.usagePage * 0x10000 + value;
      if (tag === 0x0) usages.push(usage);
      else if (tag === 0x1) usageMinimum = usage;
      else if (tag === 0x2) usageMaximum = usage;
    } else {
      throw invalid('reserved item type');
    }
  }
  if (depth !== 0) throw invalid('unbalanced collections');
  return { fields, usesReportIds };
}

function invalid(detail: string): AcceptError {
  return new AcceptError('HID_DESCRIPTOR_INVALID', { detail });
}
