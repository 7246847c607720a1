import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AcceptError, isAcceptError } from '../../../../src/errors.js';
import type { HidPosScan } from '../../../../src/scanner/hidpos.js';
import { HID_POS_REPORT_LAYOUT } from '../../../../src/scanner/hidpos-layout.js';
import {
  findHidPosScanners,
  type HidScannerOptions,
  openHidPosScanner,
  type ScannerConnection,
  type ScannerStatus,
} from '../../../../src/scanner/node/index.js';
import { sysfsLayout } from '../../../../src/scanner/node/node-hid.js';
import {
  fakeNodeHid,
  HONEYWELL_KEYBOARD,
  HONEYWELL_POS,
  MOUSE,
  posReports,
  ZEBRA_POS,
} from './fake-node-hid.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/passport/8a7d1c/verify/${OTP}`; // 85 bytes: two reports
const BARCODE = '2858364170864';
/** The AcceptError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<AcceptError> {
  try {
    await promise;
  } catch (error) {
    if (isAcceptError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
const text = (scan: HidPosScan | undefined) => new TextDecoder().decode(scan?.bytes);

// The scanned-data report of the HID POS usage tables (page 0x8C): id 2, Byte Count, Symbology
// Identifier 1-3, 56 × Decoded Data, 2 vendor bytes, 8 × 1-bit Decode Data Continued.
const POS_DESCRIPTOR = Uint8Array.from([
  0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x12, 0xa1, 0x02, 0x85, 0x02, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75,
  0x08, 0x95, 0x01, 0x05, 0x01, 0x09, 0x3b, 0x81, 0x02, 0x95, 0x03, 0x05, 0x8c, 0x09, 0xfb, 0x09, 0xfc, 0x09,
  0xfd, 0x81, 0x02, 0x95, 0x38, 0x09, 0xfe, 0x82, 0x02, 0x01, 0x06, 0x66, 0xff, 0x95, 0x02, 0x09, 0x04, 0x09,
  0x00, 0x81, 0x02, 0x05, 0x8c, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x09, 0xff, 0x81, 0x02, 0xc0, 0xc0,
]);
// A scanner that arranges its report otherwise: id 4, the continued flag first, Byte Count, 32 data
// bytes and no symbology identifier.
const COMPACT_DESCRIPTOR = Uint8Array.from([
  0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x04, 0x75, 0x01, 0x95, 0x01, 0x25, 0x01, 0x09, 0xff, 0x81, 0x02,
  0x95, 0x07, 0x81, 0x03, 0x75, 0x08, 0x95, 0x01, 0x26, 0xff, 0x00, 0x05, 0x01, 0x09, 0x3b, 0x81, 0x02, 0x05,
  0x8c, 0x95, 0x20, 0x09, 0xfe, 0x82, 0x02, 0x01, 0xc0,
]);
function compactReports(data: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(data);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 32) {
    const part = bytes.subarray(at, at + 32);
    const report = new Uint8Array(35);
    report.set([4, at + 32 < bytes.length ? 1 : 0, part.length]);
    report.set(part, 3);
    out.push(report);
  }
  return out;
}

describe('findHidPosScanners', () => {
  it('lists HID POS interfaces (usage page 0x8C), not the same scanner’s keyboard interface or a mouse', async () => {
    const hid = fakeNodeHid();
    hid.present.push(MOUSE, HONEYWELL_KEYBOARD, HONEYWELL_POS, ZEBRA_POS);
    const all = await findHidPosScanners({ load: hid.load });
    expect(all.map((d) => d.path)).toEqual([HONEYWELL_POS.path, ZEBRA_POS.path]);
    const zebra = await findHidPosScanners({ load: hid.load, filter: { vendorId: 0x05e0 } });
    expect(zebra.map((d) => d.product)).toEqual(['Symbol Bar Code Scanner']);
  });

  it('matches by vendor and product id where the platform reports no usage page', async () => {
    const hid = fakeNodeHid();
    const { usagePage: _page, usage: _usage, ...noUsage } = HONEYWELL_POS;
    hid.present.push(noUsage, { ...MOUSE, usagePage: undefined });
    expect(await findHidPosScanners({ load: hid.load })).toEqual([]);
    const found = await findHidPosScanners({
      load: hid.load,
      filter: { vendorId: 0x0c2e, productId: 0x0b61 },
    });
    expect(found.map((d) => d.path)).toEqual([HONEYWELL_POS.path]);
  });

  it('without node-hid: OPTIONAL_DEPENDENCY_MISSING naming the package, the loader’s error as cause', async () => {
    const cause = Object.assign(new Error("Cannot find package 'node-hid'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await failure(findHidPosScanners({ load: () => Promise.reject(cause) }));
    expect(isAcceptError(error, 'OPTIONAL_DEPENDENCY_MISSING')).toBe(true);
    expect(error.detail).toContain('npm install node-hid');
    expect(error.cause).toBe(cause);
    const notHid = await findHidPosScanners({ load: async () => ({ default: {} }) }).catch(
      (e: AcceptError) => e,
    );
    expect(isAcceptError(notHid, 'OPTIONAL_DEPENDENCY_MISSING')).toBe(true);
  });

  it('the real node-hid package: lists nothing here, or says that its native part does not load', async () => {
    const result = await findHidPosScanners().catch((e: unknown) => e);
    if (Array.isArray(result)) expect(result).toEqual([]);
    else {
      expect(isAcceptError(result, 'OPTIONAL_DEPENDENCY_MISSING')).toBe(true);
      expect((result as AcceptError).detail).toContain('node-hid');
    }
  });
});

describe('openHidPosScanner', () => {
  let hid: ReturnType<typeof fakeNodeHid>;
  let scanner: ScannerConnection | undefined;
  let scans: HidPosScan[];
  let errors: AcceptError[];
  let statuses: ScannerStatus[];

  beforeEach(() => {
    hid = fakeNodeHid();
    scans = [];
    errors = [];
    statuses = [];
  });
  afterEach(async () => {
    await scanner?.close();
    scanner = undefined;
    vi.useRealTimers();
  });

  const open = async (options: HidScannerOptions = {}) => {
    scanner = await openHidPosScanner({
      load: hid.load,
      onScan: (s) => scans.push(s),
      onError: (e) => errors.push(e),
      onStatus: (s) => statuses.push(s),
      reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
      ...options,
    });
    return scanner;
  };

  it('reads one-report and multi-report codes in the common layout (Honeywell, Zebra HID POS)', async () => {
    hid.present.push(HONEYWELL_KEYBOARD, HONEYWELL_POS);
    await open();
    expect(statuses).toEqual([{ type: 'connected', device: '/dev/hidraw3', reconnected: false }]);
    for (const report of posReports(BARCODE, ']E0')) hid.last.report(report);
    const link = posReports(LINK);
    expect(link).toHaveLength(2);
    for (const report of link) hid.last.report(report);
    const token = `eyJ${'a'.repeat(150)}.eyJ${'b'.repeat(200)}.${'c'.repeat(86)}`;
    const tokenReports = posReports(token, ']d1');
    for (const report of tokenReports) hid.last.report(report);

    expect(scans.map(text)).toEqual([BARCODE, LINK, token]);
    expect(scans.map((s) => [s.symbology, s.reports])).toEqual([
      [']E0', 1],
      [']Q1', 2],
      [']d1', tokenReports.length],
    ]);
    expect(scans[0]?.scan).toMatchObject({ kind: 'barcode', barcode: BARCODE });
    expect(scans[1]?.scan).toMatchObject({ kind: 'document-link', otp: OTP });
    expect(errors).toEqual([]);
  });

  it('reads a scanner whose report descriptor arranges the report otherwise', async () => {
    hid.present.push(ZEBRA_POS);
    await open({ descriptor: COMPACT_DESCRIPTOR });
    for (const report of compactReports(LINK)) hid.last.report(report);
    expect(scans.map(text)).toEqual([LINK]);
    expect(scans[0]?.reports).toBe(3);
    expect(scans[0]?.symbology).toBeUndefined();
  });

  it('drops garbage reports with HID_REPORT_MALFORMED and reads the next code', async () => {
    hid.present.push(HONEYWELL_POS);
    await open();
    const device = hid.last;
    device.report(Uint8Array.of(2)); // a report id and nothing else
    const overlong = posReports(BARCODE)[0]!;
    overlong[1] = 200; // a byte count beyond the 56 data bytes
    device.report(overlong);
    device.report(Uint8Array.of(5, 1, 2, 3)); // another report id (a trigger or vendor report): ignored
    device.report(new Uint8Array(64).fill(0).map((_, i) => (i === 0 ? 2 : 0))); // an empty keep-alive
    for (const report of posReports(BARCODE)) device.report(report);
    expect(errors.map((e) => e.code)).toEqual(['HID_REPORT_MALFORMED', 'HID_REPORT_MALFORMED']);
    expect(scans.map(text)).toEqual([BARCODE]);
  });

  it('arbitrary reports never throw out of the data handler, and a real code after them still reads', async () => {
    hid.present.push(HONEYWELL_POS);
    await open();
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 20 }), (reports) => {
        for (const report of reports) hid.last.report(report);
      }),
      { numRuns: 200 },
    );
    expect(errors.every((e) => e.code === 'HID_REPORT_MALFORMED')).toBe(true);
    // A garbage report may have left a code half-read or skipping; one complete code resets that.
    for (const report of posReports(BARCODE)) hid.last.report(report);
    scans.length = 0;
    for (const report of posReports(BARCODE)) hid.last.report(report);
    expect(scans.map(text)).toEqual([BARCODE]);
  });

  it('unplugged in the middle of a code: DEVICE_DISCONNECTED, backoff while away, reconnect at a new path, half code dropped', async () => {
    vi.useFakeTimers();
    hid.present.push(HONEYWELL_POS);
    // A fixed layout: no sysfs read, whose real I/O the fake clock would not wait for.
    await open({ layout: HID_POS_REPORT_LAYOUT });
    const first = hid.last;
    const [head] = posReports(LINK);
    first.report(head!);
    hid.present.length = 0;
    first.unplug();
    expect(first.closed).toBe(true);
    expect(scanner?.connected).toBe(false);
    const lost = statuses.find((s) => s.type === 'disconnected');
    expect(lost?.type === 'disconnected' && lost.error.code).toBe('DEVICE_DISCONNECTED');
    expect(lost?.type === 'disconnected' && lost.error.cause).toBeInstanceOf(TypeError);

    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    const waits = statuses.flatMap((s) =>
      s.type === 'reconnecting' ? [[s.attempt, s.delayMs, s.error.code]] : [],
    );
    expect(waits).toEqual([
      [1, 100, 'DEVICE_DISCONNECTED'],
      [2, 200, 'DEVICE_NOT_FOUND'],
      [3, 400, 'DEVICE_NOT_FOUND'],
      [4, 400, 'DEVICE_NOT_FOUND'],
    ]);

    // Plugged in again, the kernel gives it the next hidraw number.
    hid.present.push({ ...HONEYWELL_POS, path: '/dev/hidraw4' });
    await vi.advanceTimersByTimeAsync(400);
    expect(statuses.at(-1)).toEqual({ type: 'connected', device: '/dev/hidraw4', reconnected: true });
    expect(scanner?.device).toBe('/dev/hidraw4');
    const [, tail] = posReports(LINK);
    hid.last.report(tail!); // the rest of the code cut by the unplug: a continuation without a start
    for (const report of posReports(BARCODE)) hid.last.report(report);
    expect(scans.map(text)).not.toContain(LINK);
    expect(scans.map(text).at(-1)).toBe(BARCODE);
  });

  it('with reconnect: false, an unplug ends the connection', async () => {
    hid.present.push(HONEYWELL_POS);
    await open({ reconnect: false });
    hid.last.unplug();
    expect(statuses.map((s) => s.type)).toEqual(['connected', 'disconnected', 'closed']);
  });

  it('close() stops reading and reconnecting', async () => {
    vi.useFakeTimers();
    hid.present.push(HONEYWELL_POS);
    await open();
    const device = hid.last;
    device.unplug();
    await scanner?.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(hid.opened).toEqual([device]);
    expect(statuses.at(-1)).toEqual({ type: 'closed' });
  });

  it('no scanner: DEVICE_NOT_FOUND', async () => {
    hid.present.push(MOUSE);
    await expect(open()).rejects.toSatisfy((e) => isAcceptError(e, 'DEVICE_NOT_FOUND'));
    await expect(open({ filter: { vendorId: 0x05e0 } })).rejects.toThrow(/vendorId 0x5e0/);
  });

  it('missing udev permission: DEVICE_PERMISSION_DENIED with the udev rule for this scanner', async () => {
    hid.present.push(HONEYWELL_POS);
    const cause = new TypeError(
      "cannot open device with path /dev/hidraw3: Failed to open a device with path '/dev/hidraw3': Permission denied",
    );
    hid.failOpen(cause);
    const error = await failure(open());
    expect(isAcceptError(error, 'DEVICE_PERMISSION_DENIED')).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.detail).toContain(
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b61", MODE="0660", GROUP="plugdev", TAG+="uaccess"',
    );
  });

  it.each([
    [
      'macOS, held by another program',
      'cannot open device with path DevSrvsID:4294969643: IOHIDDeviceOpen failed: (0xE00002C5) (iokit/common) exclusive access and device already open',
    ],
    [
      'Linux, busy',
      "cannot open device with path /dev/hidraw3: Failed to open a device with path '/dev/hidraw3': Device or resource busy",
    ],
  ])('busy device (%s): DEVICE_BUSY', async (_name, message) => {
    hid.present.push(HONEYWELL_POS);
    hid.failOpen(new TypeError(message));
    await expect(open()).rejects.toSatisfy((e) => isAcceptError(e, 'DEVICE_BUSY'));
  });

  it('gone between listing and opening: DEVICE_NOT_FOUND', async () => {
    hid.present.push(HONEYWELL_POS);
    hid.failOpen(
      new TypeError(
        "cannot open device with path /dev/hidraw3: Failed to open a device with path '/dev/hidraw3': No such file or directory",
      ),
    );
    await expect(open()).rejects.toSatisfy((e) => isAcceptError(e, 'DEVICE_NOT_FOUND'));
  });
});

describe('sysfsLayout', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'diia-sysfs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the layout from the report descriptor Linux publishes for a hidraw device', async () => {
    for (const [name, bytes] of [
      ['hidraw3', POS_DESCRIPTOR],
      ['hidraw4', COMPACT_DESCRIPTOR],
    ] as const) {
      mkdirSync(join(root, name, 'device'), { recursive: true });
      writeFileSync(join(root, name, 'device', 'report_descriptor'), bytes);
    }
    expect(await sysfsLayout('/dev/hidraw3', root)).toEqual(HID_POS_REPORT_LAYOUT);
    expect(await sysfsLayout('/dev/hidraw4', root)).toMatchObject({
      reportId: 4,
      dataCapacity: 32,
      continuedBit: 0,
    });
    expect(await sysfsLayout('/dev/hidraw9', root)).toBeUndefined();
    expect(await sysfsLayout('DevSrvsID:42', root)).toBeUndefined();
  });
});
