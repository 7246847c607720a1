import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcceptError, isAcceptError } from '../../../src/errors.js';
import { parseHidReportDescriptor } from '../../../src/scanner/hid-descriptor.js';
import { createHidPosDecoder, type HidPosOptions } from '../../../src/scanner/hidpos.js';
import { HID_POS_REPORT_LAYOUT, hidPosLayoutFromDescriptor } from '../../../src/scanner/hidpos-layout.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/passport/8a7d1c/verify/${OTP}`; // 85 bytes: two reports
const BARCODE = '2858364170864';
const encode = (text: string) => new TextEncoder().encode(text);

/** Scanned-data reports in the common layout: [id] count, AIM, 56 data bytes, 2 vendor bytes, flags. */
function reports(text: string | Uint8Array, aim = ']Q1', withId = true, chunk = 56): Uint8Array[] {
  const data = typeof text === 'string' ? encode(text) : text;
  const out: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < data.length; at += chunk) {
    const part = data.subarray(at, at + chunk);
    const report = new Uint8Array(63);
    report[0] = part.length;
    report.set(encode(aim), 1);
    report.set(part, 4);
    report[62] = at + chunk < data.length ? 1 : 0;
    out.push(withId ? Uint8Array.of(2, ...report) : report);
  }
  return out;
}

function collect(options: HidPosOptions = {}) {
  const errors: string[] = [];
  const decoder = createHidPosDecoder({ ...options, onError: (e) => errors.push(e.code) });
  return { decoder, errors };
}

// A scanned-data report descriptor in the shape scanners publish (HID POS Usage Tables 1.02, page 0x8C).
const DESCRIPTOR = Uint8Array.from([
  0x05,
  0x8c,
  0x09,
  0x02,
  0xa1,
  0x01, // Usage Page (Barcode Scanner), Usage (Bar Code Scanner), Collection (Application)
  0x09,
  0x12,
  0xa1,
  0x02, //   Usage (Scanned Data Report), Collection (Logical)
  0x85,
  0x02,
  0x15,
  0x00,
  0x26,
  0xff,
  0x00,
  0x75,
  0x08, //   Report ID 2, Logical 0..255, Report Size 8
  0x95,
  0x01,
  0x05,
  0x01,
  0x09,
  0x3b,
  0x81,
  0x02, //   1 × Generic Desktop Byte Count, Input
  0x95,
  0x03,
  0x05,
  0x8c,
  0x09,
  0xfb,
  0x09,
  0xfc,
  0x09,
  0xfd,
  0x81,
  0x02, //   Symbology Identifier 1-3
  0x95,
  0x38,
  0x09,
  0xfe,
  0x82,
  0x02,
  0x01, //   56 × Decoded Data, Input (Buffered Bytes)
  0x06,
  0x66,
  0xff,
  0x95,
  0x02,
  0x09,
  0x04,
  0x09,
  0x00,
  0x81,
  0x02, //   2 vendor bytes
  0x05,
  0x8c,
  0x25,
  0x01,
  0x75,
  0x01,
  0x95,
  0x08,
  0x09,
  0xff,
  0x81,
  0x02, //   8 × 1 bit Decode Data Continued
  0xc0, //   End Collection
  0x09,
  0x14,
  0xa1,
  0x02,
  0x85,
  0x04,
  0x75,
  0x01,
  0x95,
  0x08,
  0x09,
  0x60,
  0x91,
  0x02,
  0xc0, // Trigger (output)
  0xc0, // End Collection
]);

describe('HID Point-of-Sale reports', () => {
  it('reads a one-report barcode with the report id (node-hid) and without it (WebHID)', () => {
    const { decoder } = collect();
    const [withId] = reports(BARCODE, ']E0');
    expect(decoder.push(withId!)).toEqual([
      {
        bytes: encode(BARCODE),
        symbology: ']E0',
        reports: 1,
        scan: { kind: 'barcode', barcode: BARCODE, singleUseId: BARCODE, symbology: ']E0' },
      },
    ]);
    const [withoutId] = reports(BARCODE, ']E0', false);
    expect(decoder.push(withoutId!, 2).map((s) => s.scan.kind)).toEqual(['barcode']);
  });

  it('joins a code over several reports by the continued flag', () => {
    const { decoder, errors } = collect();
    const parts = reports(LINK);
    expect(parts).toHaveLength(2);
    expect(parts[0]![63]).toBe(1);
    expect(decoder.push(parts[0]!)).toEqual([]);
    expect(decoder.pending).toBe(true);
    const [scan] = decoder.push(parts[1]!);
    expect(scan).toMatchObject({ reports: 2, symbology: ']Q1', scan: { kind: 'document-link', otp: OTP } });
    expect(new TextDecoder().decode(scan!.bytes)).toBe(LINK);
    expect(decoder.pending).toBe(false);
    expect(errors).toEqual([]);
    // A long signed code: 20 reports, split in the middle of a multi-byte character.
    const long = `${'ж'.repeat(500)}1`;
    const many = reports(long, ']Q1', false);
    const out = many.flatMap((r) => decoder.push(r, 2));
    expect(out).toHaveLength(1);
    expect(new TextDecoder().decode(out[0]!.bytes)).toBe(long);
    expect(out[0]!.reports).toBe(many.length);
  });

  it('ignores other reports (trigger, vendor) and empty keep-alive reports', () => {
    const { decoder, errors } = collect();
    expect(decoder.push(Uint8Array.of(4, 1))).toEqual([]);
    expect(decoder.push(new Uint8Array(63), 254)).toEqual([]);
    expect(decoder.push(reports('')[0]!)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports garbage as HID_REPORT_MALFORMED and recovers with the next code', () => {
    const { decoder, errors } = collect();
    expect(decoder.push(Uint8Array.of(2, 13, 0x5d))).toEqual([]); // shorter than the layout
    const tooMany = reports(BARCODE)[0]!;
    tooMany[1] = 57; // count beyond the 56-byte data field
    expect(decoder.push(tooMany)).toEqual([]);
    expect(decoder.push('nope' as never)).toEqual([]);
    expect(errors).toEqual(['HID_REPORT_MALFORMED', 'HID_REPORT_MALFORMED', 'HID_REPORT_MALFORMED']);
    // A damaged first report of a two-report code: its continuation is skipped, not read as a new code.
    const [first, second] = reports(LINK);
    first![1] = 200;
    expect(decoder.push(first!)).toEqual([]);
    expect(decoder.push(second!)).toEqual([]);
    expect(decoder.push(reports(BARCODE)[0]!).map((s) => s.scan.kind)).toEqual(['barcode']);
  });

  it('enforces maxLength across reports, and reset() drops a code in progress', () => {
    const { decoder, errors } = collect({ maxLength: 100 });
    const parts = reports('x'.repeat(150));
    expect(parts.flatMap((r) => decoder.push(r))).toEqual([]);
    expect(errors).toEqual(['HID_REPORT_MALFORMED']);
    decoder.push(reports(LINK)[0]!);
    decoder.reset();
    expect(decoder.pending).toBe(false);
    expect(decoder.push(reports(BARCODE)[0]!)).toHaveLength(1);
  });

  it('leaves symbology undefined when the scanner sends none, and keeps an AIM prefix inside the data', () => {
    const { decoder } = collect();
    const [report] = reports(`]E0${BARCODE}`, '\0\0\0');
    expect(decoder.push(report!)[0]).toMatchObject({ symbology: ']E0', scan: { kind: 'barcode' } });
    const [plain] = reports(BARCODE, '\0\0\0');
    expect(decoder.push(plain!)[0]).toMatchObject({ symbology: undefined, scan: { kind: 'barcode' } });
  });

  it('non-UTF-8 data becomes an unknown scan, not an exception', () => {
    const { decoder } = collect();
    const [report] = reports(Uint8Array.of(0xff, 0xfe, 0x31));
    expect(decoder.push(report!)[0]?.scan).toMatchObject({
      kind: 'unknown',
      reason: 'SCAN_INVALID_ENCODING',
    });
  });
});

describe('HID report descriptors', () => {
  it('parses the scanned-data report into fields', () => {
    const { fields, usesReportIds } = parseHidReportDescriptor(DESCRIPTOR);
    expect(usesReportIds).toBe(true);
    expect(fields.map((f) => [f.type, f.reportId, f.bitOffset, f.bitSize, f.count, f.usages[0]])).toEqual([
      ['input', 2, 0, 8, 1, 0x0001003b],
      ['input', 2, 8, 8, 3, 0x008c00fb],
      ['input', 2, 32, 8, 56, 0x008c00fe],
      ['input', 2, 480, 8, 2, 0xff660004],
      ['input', 2, 496, 1, 8, 0x008c00ff],
      ['output', 4, 0, 1, 8, 0x008c0060],
    ]);
    expect(fields[4]!.flags).toBe(0x02);
    expect(fields[2]!.flags).toBe(0x102);
  });

  it('derives the common layout from the descriptor', () => {
    expect(hidPosLayoutFromDescriptor(DESCRIPTOR)).toEqual(HID_POS_REPORT_LAYOUT);
  });

  it('follows a descriptor with another arrangement: report id 7, no symbology, data first, flag in byte 0', () => {
    const descriptor = Uint8Array.from([
      0x05,
      0x8c,
      0x09,
      0x02,
      0xa1,
      0x01,
      0x85,
      0x07,
      0x75,
      0x01,
      0x95,
      0x01,
      0x25,
      0x01,
      0x09,
      0xff,
      0x81,
      0x02,
      0x95,
      0x07,
      0x81,
      0x03, // continued flag, 7 bits padding
      0x75,
      0x08,
      0x95,
      0x01,
      0x26,
      0xff,
      0x00,
      0x0b,
      0x3b,
      0x00,
      0x01,
      0x00,
      0x81,
      0x02, // 4-byte usage: Byte Count
      0x95,
      0x10,
      0x09,
      0xfe,
      0x81,
      0x02, // 16 data bytes
      0xc0,
    ]);
    const layout = hidPosLayoutFromDescriptor(descriptor);
    expect(layout).toEqual({
      reportId: 7,
      lengthOffset: 1,
      symbologyOffset: undefined,
      dataOffset: 2,
      dataCapacity: 16,
      continuedBit: 0,
    });
    const decoder = createHidPosDecoder({ descriptor });
    const first = new Uint8Array(18);
    first.set([1, 16, ...encode(BARCODE.repeat(2).slice(0, 16))]);
    const second = new Uint8Array(18);
    second.set([0, 10, ...encode(BARCODE.repeat(2).slice(16))]);
    expect(decoder.push(first, 7)).toEqual([]);
    const [scan] = decoder.push(second, 7);
    expect(new TextDecoder().decode(scan!.bytes)).toBe(BARCODE.repeat(2));
    expect(scan!.symbology).toBeUndefined();
  });

  it.each([
    ['empty', []],
    ['truncated item', [0x05]],
    ['truncated long item', [0xfe, 0x05, 0x00, 0x01]],
    ['end without collection', [0xc0]],
    ['unclosed collection', [0xa1, 0x01]],
    ['pop without push', [0xb4]],
    ['report size over 32 bits', [0x75, 0x40]],
    ['report id 0', [0x85, 0x00]],
    ['huge report', [0x75, 0x20, 0x96, 0xff, 0xff, 0x81, 0x02]],
    ['reserved item type', [0x0c]],
  ])('rejects %s with HID_DESCRIPTOR_INVALID', (_name, bytes) => {
    expect(() => parseHidReportDescriptor(Uint8Array.from(bytes))).toThrow(
      expect.objectContaining({ code: 'HID_DESCRIPTOR_INVALID' }),
    );
  });

  it('rejects a descriptor that is not a barcode scanner', () => {
    const keyboard = Uint8Array.from([
      0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x75, 0x08, 0x95, 0x06, 0x81, 0x00, 0xc0,
    ]);
    expect(() => hidPosLayoutFromDescriptor(keyboard)).toThrow(
      expect.objectContaining({ code: 'HID_DESCRIPTOR_INVALID' }),
    );
    expect(() => createHidPosDecoder({ descriptor: keyboard })).toThrow(AcceptError);
    expect(() => createHidPosDecoder({ layout: { ...HID_POS_REPORT_LAYOUT, dataCapacity: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('HID properties', () => {
  it('arbitrary descriptors never throw anything but AcceptError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          hidPosLayoutFromDescriptor(bytes);
        } catch (error) {
          expect(isAcceptError(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary reports never throw; any code split into reports decodes back to itself', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 20 }), (list) => {
        const { decoder } = collect();
        for (const report of list) decoder.push(report);
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400 }), fc.boolean(), (text, withId) => {
        const { decoder, errors } = collect();
        const out = reports(text, ']Q1', withId).flatMap((r) =>
          withId ? decoder.push(r) : decoder.push(r, 2),
        );
        expect(out).toHaveLength(1);
        expect(out[0]!.bytes).toEqual(encode(text));
        expect(errors).toEqual([]);
      }),
    );
  });
});
