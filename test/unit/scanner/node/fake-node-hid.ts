/**
 * A node-hid-shaped fake: no USB device can exist on the machines that run these tests, so the module's
 * surface (devicesAsync, HIDAsync.open, 'data' and 'error' events) is imitated with the messages the real
 * package gives (hidapi on Linux hidraw, macOS IOKit).
 */
import { EventEmitter } from 'node:events';
import type { HidDeviceInfo } from '../../../../src/scanner/node/index.js';

export class FakeHidDevice extends EventEmitter {
  closed = false;
  constructor(readonly path: string) {
    super();
  }
  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
  }
  /** One input report as node-hid delivers it: a Buffer, report id first. */
  report(bytes: Uint8Array): void {
    this.emit('data', Buffer.from(bytes));
  }
  /** What node-hid emits when the device is pulled out while a read is pending. */
  unplug(): void {
    this.emit(
      'error',
      new TypeError(
        'could not read data from device: hid_read_timeout: unexpected poll error (device disconnected)',
      ),
    );
  }
}

export function fakeNodeHid() {
  const present: HidDeviceInfo[] = [];
  const opened: FakeHidDevice[] = [];
  let openFailure: Error | undefined;
  const api = {
    async devicesAsync() {
      return present.map((d) => ({ ...d }));
    },
    HIDAsync: {
      async open(path: string) {
        if (openFailure) throw openFailure;
        if (!present.some((d) => d.path === path)) {
          throw new TypeError(
            `cannot open device with path ${path}: Failed to open a device with path '${path}': No such file or directory`,
          );
        }
        const device = new FakeHidDevice(path);
        opened.push(device);
        return device;
      },
    },
  };
  return {
    load: async () => api,
    present,
    opened,
    failOpen(error: Error | undefined) {
      openFailure = error;
    },
    get last(): FakeHidDevice {
      const device = opened.at(-1);
      if (!device) throw new Error('nothing opened');
      return device;
    },
  };
}

// Honeywell's vendor id with an example product id; the Zebra entry is the "Symbol Bar Code Scanner"
// (05e0:1300) of node-hid issue #255, whose codes longer than one report arrive as several data events.
// A scanner in keyboard mode shows usage page 0x01 and sends 8-byte boot keyboard reports instead
// (node-hid issues #323, #413): the adapter must not pick that interface.
export const HONEYWELL_POS: HidDeviceInfo = {
  path: '/dev/hidraw3',
  vendorId: 0x0c2e,
  productId: 0x0b61,
  usagePage: 0x8c,
  usage: 0x02,
  manufacturer: 'Honeywell Imaging & Mobility',
  product: 'Voyager 1450g',
  interface: 0,
};
export const HONEYWELL_KEYBOARD: HidDeviceInfo = {
  ...HONEYWELL_POS,
  path: '/dev/hidraw2',
  usagePage: 0x01,
  usage: 0x06,
  interface: 1,
};
export const ZEBRA_POS: HidDeviceInfo = {
  path: '/dev/hidraw7',
  vendorId: 0x05e0,
  productId: 0x1300,
  usagePage: 0x8c,
  usage: 0x02,
  manufacturer: 'Zebra Technologies',
  product: 'Symbol Bar Code Scanner',
  interface: 0,
};
export const MOUSE: HidDeviceInfo = {
  path: '/dev/hidraw0',
  vendorId: 0x046d,
  productId: 0xc077,
  usagePage: 0x01,
  usage: 0x02,
};

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * Scanned-data reports in the layout of the HID POS usage tables as Honeywell, Zebra ("USB HID POS"
 * mode) and Datalogic scanners send it: report id 2, byte count, AIM identifier, 56 data bytes, two
 * vendor bytes, Decode Data Continued in bit 0 of the last byte: 64 bytes with the id.
 */
export function posReports(text: string | Uint8Array, aim = ']Q1'): Uint8Array[] {
  const data = typeof text === 'string' ? encode(text) : text;
  const out: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < data.length; at += 56) {
    const part = data.subarray(at, at + 56);
    const report = new Uint8Array(64);
    report[0] = 2;
    report[1] = part.length;
    report.set(encode(aim).subarray(0, 3), 2);
    report.set(part, 5);
    report[63] = at + 56 < data.length ? 1 : 0;
    out.push(report);
  }
  return out;
}
