// WebHID through a fake HIDDevice: the adapter only translates events into the core reassembler's calls.
import { describe, expect, it } from 'vitest';
import { connectHidScanner, type HidDeviceLike } from '../../../../src/scanner/browser/webhid.js';
import type { HidPosScan } from '../../../../src/scanner/hidpos.js';
import { HID_POS_REPORT_LAYOUT } from '../../../../src/scanner/hidpos-layout.js';

class FakeDevice extends EventTarget implements HidDeviceLike {
  opened = false;
  productName = 'Fake POS scanner';
  vendorId = 0x05e0;
  productId = 0x1200;
  async open() {
    this.opened = true;
  }
  async close() {
    this.opened = false;
  }
  report(reportId: number, data: Uint8Array) {
    const event = Object.assign(new Event('inputreport'), {
      device: this,
      reportId,
      data: new DataView(data.buffer, data.byteOffset, data.byteLength),
    });
    this.dispatchEvent(event);
  }
}

/** One report of the standard layout carrying `text`, as WebHID hands it over (report id apart). */
function posReport(text: string): Uint8Array {
  const layout = HID_POS_REPORT_LAYOUT;
  const bytes = new TextEncoder().encode(text);
  const report = new Uint8Array((layout.continuedBit! >> 3) + 1);
  report[layout.lengthOffset] = bytes.length;
  report.set(new TextEncoder().encode(']E0'), layout.symbologyOffset);
  report.set(bytes, layout.dataOffset);
  return report;
}

describe('connectHidScanner', () => {
  it('opens the device and turns its input reports into scans; close stops listening', async () => {
    const device = new FakeDevice();
    const scans: HidPosScan[] = [];
    const scanner = await connectHidScanner({ device, onScan: (s) => scans.push(s) });
    expect(device.opened).toBe(true);
    device.report(HID_POS_REPORT_LAYOUT.reportId, posReport('2858364170864'));
    expect(scans.map((s) => s.scan.kind)).toEqual(['barcode']);
    await scanner.close();
    expect(device.opened).toBe(false);
    device.report(HID_POS_REPORT_LAYOUT.reportId, posReport('2858364170864'));
    expect(scans).toHaveLength(1);
  });

  it('without WebHID and without a device it says the runtime lacks it', async () => {
    await expect(connectHidScanner({ onScan: () => {} })).rejects.toMatchObject({
      code: 'UNSUPPORTED_RUNTIME',
    });
  });

  it('a device the system will not open is busy', async () => {
    const device = new FakeDevice();
    device.open = async () => {
      throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    };
    await expect(connectHidScanner({ device, onScan: () => {} })).rejects.toMatchObject({
      code: 'DEVICE_PERMISSION_DENIED',
    });
  });

  it('an aborted signal closes it', async () => {
    const device = new FakeDevice();
    const controller = new AbortController();
    await connectHidScanner({ device, onScan: () => {}, signal: controller.signal });
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(device.opened).toBe(false);
  });
});

describe('the layout from WebHID collections', () => {
  // A scanner that puts its scanned data in report 5: Byte Count, three AIM bytes, 20 data bytes, the
  // continued flag in bit 0 of the last byte (as WebHID parses such a descriptor).
  const BYTE_COUNT = 0x0001_003b;
  const collections = [
    {
      children: [
        {
          inputReports: [
            {
              reportId: 5,
              items: [
                { reportSize: 8, reportCount: 1, usages: [BYTE_COUNT] },
                { reportSize: 8, reportCount: 3, usages: [0x008c_00fb, 0x008c_00fc, 0x008c_00fd] },
                {
                  reportSize: 8,
                  reportCount: 20,
                  isRange: true,
                  usageMinimum: 0x008c_00fe,
                  usageMaximum: 0x008c_00fe,
                },
                { reportSize: 1, reportCount: 1, usages: [0x008c_00ff] },
                { reportSize: 7, reportCount: 1, usages: [] },
              ],
            },
          ],
        },
      ],
    },
  ];

  it('reads a scan from the report the device describes, not the common layout', async () => {
    const device = Object.assign(new FakeDevice(), { collections });
    const scans: HidPosScan[] = [];
    await connectHidScanner({ device, onScan: (s) => scans.push(s) });
    const report = new Uint8Array(25);
    const text = new TextEncoder().encode('2858364170864');
    report[0] = text.length;
    report.set(new TextEncoder().encode(']E0'), 1);
    report.set(text, 4);
    device.report(5, report);
    expect(scans.map((s) => [s.scan.kind, s.symbology])).toEqual([['barcode', ']E0']]);
  });

  it('falls back to the common layout when the collections describe no scanned data', async () => {
    const device = Object.assign(new FakeDevice(), { collections: [{ inputReports: [] }] });
    const scans: HidPosScan[] = [];
    await connectHidScanner({ device, onScan: (s) => scans.push(s) });
    device.report(HID_POS_REPORT_LAYOUT.reportId, posReport('2858364170864'));
    expect(scans).toHaveLength(1);
  });
});
