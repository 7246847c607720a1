/**
 * HID Point-of-Sale scanners (usage page 0x8C) through the `node-hid` package: find them, open one,
 * feed its input reports to the core's HID POS decoder, and reopen it after an unplug (it may come back
 * under another hidraw path). `node-hid` is imported only here.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { createHidPosDecoder, type HidPosScan } from '../hidpos.js';
import { type HidPosReportLayout, hidPosLayoutFromDescriptor } from '../hidpos-layout.js';
import { checkScanOptions, type ScanOptions } from '../parse.js';
import { deviceError } from './device-errors.js';
import { loadOptionalPackage, type PackageLoader } from './optional.js';
import {
  type ReconnectOptions,
  type ScannerConnection,
  type ScannerStatus,
  superviseScanner,
} from './reconnect.js';

/** The HID usage page of barcode scanners (HID Point of Sale Usage Tables 1.02). */
const BARCODE_SCANNER_PAGE = 0x8c;

/**
 * A HID device as node-hid lists it.
 *
 * @example
 * ```ts
 * import { findHidPosScanners, type HidDeviceInfo } from 'diia-accept/scanner/node';
 * const [first]: HidDeviceInfo[] = await findHidPosScanners();
 * ```
 */
export interface HidDeviceInfo {
  /** The path to open (`/dev/hidraw3` on Linux with hidraw). */
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  /** The top-level usage page (0x8C for a HID POS scanner), where the platform reports it. */
  readonly usagePage?: number | undefined;
  /** The top-level usage (2: Bar Code Scanner). */
  readonly usage?: number | undefined;
  readonly product?: string | undefined;
  readonly manufacturer?: string | undefined;
  /** The serial number, to tell two scanners of one model apart. */
  readonly serialNumber?: string | undefined;
  readonly interface?: number | undefined;
}

/**
 * Which scanner to use. Without a filter, the first device on usage page 0x8C.
 *
 * @example
 * ```ts
 * import type { HidScannerFilter } from 'diia-accept/scanner/node';
 * const honeywell: HidScannerFilter = { vendorId: 0x0c2e, productId: 0x0b61 };
 * ```
 */
export interface HidScannerFilter {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
  /** Exactly this device path (not followed across replugging: prefer ids). */
  readonly path?: string;
}

/**
 * Options of {@link findHidPosScanners}.
 *
 * @example
 * ```ts
 * import { findHidPosScanners } from 'diia-accept/scanner/node';
 * await findHidPosScanners({ filter: { vendorId: 0x05e0 } });
 * ```
 */
export interface FindHidScannersOptions {
  /** Which scanners. */
  readonly filter?: HidScannerFilter;
  /** How `node-hid` is imported. Default `() => import('node-hid')`. */
  readonly load?: PackageLoader;
}

/**
 * Options of {@link openHidPosScanner}.
 *
 * @example
 * ```ts
 * import type { HidScannerOptions } from 'diia-accept/scanner/node';
 * const options: HidScannerOptions = { filter: { vendorId: 0x0c2e }, reconnect: { maxDelayMs: 2000 } };
 * ```
 */
export interface HidScannerOptions extends FindHidScannersOptions {
  /**
   * The scanned-data report layout. Default: read from the device's report descriptor where Linux
   * publishes it (sysfs), else the common layout `HID_POS_REPORT_LAYOUT` of `diia-accept/scanner`.
   */
  readonly layout?: HidPosReportLayout;
  /** The device's report descriptor, if you have it (wins over `layout`). */
  readonly descriptor?: Uint8Array;
  /** The most bytes one code may have. Default 8192. */
  readonly maxLength?: number;
  /** Options for `parseScan`. */
  readonly scan?: ScanOptions;
  /** Open without taking the device for this process alone (macOS opens exclusively by default). */
  readonly nonExclusive?: boolean;
  /** Reconnection after an unplug. Default on (250 ms doubling to 5 s); `false` to stop instead. */
  readonly reconnect?: ReconnectOptions | false;
  /** Called with every code read. */
  readonly onScan?: (scan: HidPosScan) => void;
  /** Called with `HID_REPORT_MALFORMED` for a report that cannot be read (the code it belonged to is dropped). */
  readonly onError?: (error: AcceptError) => void;
  /** Called when the scanner connects, disconnects, reconnects or closes. */
  readonly onStatus?: (status: ScannerStatus) => void;
}

interface HidHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(event?: string): unknown;
  close(): Promise<void> | void;
}

interface NodeHidApi {
  devicesAsync(): Promise<readonly HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidHandle> };
}

const isNodeHidApi = (value: unknown): value is NodeHidApi =>
  typeof (value as NodeHidApi | null)?.devicesAsync === 'function' &&
  typeof (value as NodeHidApi | null)?.HIDAsync?.open === 'function';

const FEATURE = 'Reading a HID Point-of-Sale scanner';
// The package loads, but its native part does not (a missing libusb, a binary for another Node ABI).
const NATIVE_LOAD_FAILURE = /shared object|dlopen|NODE_MODULE_VERSION|compiled against|\.node\b|invalid ELF/i;

/**
 * Lists the HID Point-of-Sale scanners: devices on usage page 0x8C, or, when the platform does not
 * report usage pages, devices matching the filter's vendor and product ids.
 *
 * @throws {AcceptError} `OPTIONAL_DEPENDENCY_MISSING` without a working `node-hid`.
 * @example
 * ```ts
 * import { findHidPosScanners } from 'diia-accept/scanner/node';
 * for (const s of await findHidPosScanners()) console.log(s.path, s.product, s.vendorId.toString(16));
 * ```
 */
export async function findHidPosScanners(options: FindHidScannersOptions = {}): Promise<HidDeviceInfo[]> {
  refuseUnknownOptions(
    options,
    optionKeys<FindHidScannersOptions>({ filter: true, load: true }),
    'findHidPosScanners',
  );
  const api = await loadNodeHid(options.load);
  return listScanners(api, options.filter ?? {});
}

/**
 * Opens a HID Point-of-Sale scanner and reads codes from it until closed. Resolves once it is open;
 * rejects with `DEVICE_NOT_FOUND`, `DEVICE_PERMISSION_DENIED` (its detail carries the udev rule to add),
 * `DEVICE_BUSY`, or `OPTIONAL_DEPENDENCY_MISSING` without a working `node-hid`.
 *
 * @example
 * ```ts
 * import { openHidPosScanner } from 'diia-accept/scanner/node';
 * const scanner = await openHidPosScanner({
 *   onScan: ({ scan, symbology }) => console.log(scan.kind, symbology),
 *   onStatus: (s) => s.type === 'disconnected' && console.warn('scanner unplugged'),
 * });
 * ```
 */
export async function openHidPosScanner(options: HidScannerOptions = {}): Promise<ScannerConnection> {
  refuseUnknownOptions(
    options,
    optionKeys<HidScannerOptions>({
      layout: true,
      descriptor: true,
      maxLength: true,
      scan: true,
      nonExclusive: true,
      reconnect: true,
      onScan: true,
      onError: true,
      onStatus: true,
      filter: true,
      load: true,
    }),
    'openHidPosScanner',
  );
  checkScanOptions(options.scan);
  const filter = options.filter ?? {};
  const api = await loadNodeHid(options.load);

  return superviseScanner(
    async (lost) => {
      const [info] = await listScanners(api, filter);
      if (!info) {
        throw new AcceptError('DEVICE_NOT_FOUND', {
          detail: `no HID POS scanner matches ${describeFilter(filter)}`,
        });
      }
      const where = { device: info.path, usb: info, subsystem: 'hidraw' as const };
      const decoder = createHidPosDecoder({
        ...(options.descriptor ? { descriptor: options.descriptor } : {}),
        ...layoutOption(options.layout ?? (options.descriptor ? undefined : await sysfsLayout(info.path))),
        ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
        ...(options.scan ? { scan: options.scan } : {}),
        ...(options.onScan ? { onScan: options.onScan } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      });
      let device: HidHandle;
      try {
        device = await api.HIDAsync.open(info.path, options.nonExclusive ? { nonExclusive: true } : {});
      } catch (cause) {
        throw deviceError(cause, 'open', where);
      }
      let closing = false;
      device.on('data', (report) => {
        decoder.push(new Uint8Array(report.buffer, report.byteOffset, report.byteLength));
      });
      device.on('error', (cause) => {
        if (closing) return;
        // node-hid has no unplug event: a failing read is how an unplugged device shows.
        decoder.reset();
        lost(deviceError(cause, 'read', where));
      });
      return {
        device: info.path,
        async close() {
          closing = true;
          decoder.reset();
          device.removeAllListeners('data');
          try {
            await device.close();
          } catch {
            // Closing a device that is already gone fails; it is closed either way.
          }
        },
      };
    },
    options.reconnect,
    options.onStatus,
  );
}

async function loadNodeHid(load: PackageLoader | undefined): Promise<NodeHidApi> {
  return loadOptionalPackage(load ?? (() => import('node-hid')), 'node-hid', FEATURE, isNodeHidApi);
}

async function listScanners(api: NodeHidApi, filter: HidScannerFilter): Promise<HidDeviceInfo[]> {
  let devices: readonly HidDeviceInfo[];
  try {
    devices = await api.devicesAsync();
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (NATIVE_LOAD_FAILURE.test(text)) {
      throw new AcceptError('OPTIONAL_DEPENDENCY_MISSING', {
        cause,
        detail: `the native part of "node-hid" does not load here (${text}); on Linux install libusb-1.0-0 and udev, or reinstall node-hid`,
      });
    }
    throw new AcceptError('DEVICE_NOT_FOUND', { cause, detail: 'listing HID devices failed' });
  }
  const byIds = filter.vendorId !== undefined || filter.path !== undefined;
  return devices.filter((device) => {
    if (typeof device?.path !== 'string') return false;
    if (filter.path !== undefined && device.path !== filter.path) return false;
    if (filter.vendorId !== undefined && device.vendorId !== filter.vendorId) return false;
    if (filter.productId !== undefined && device.productId !== filter.productId) return false;
    if (filter.serialNumber !== undefined && device.serialNumber !== filter.serialNumber) return false;
    // A scanner exposes a keyboard interface beside its HID POS one; only the latter carries reports.
    if (device.usagePage) return device.usagePage === BARCODE_SCANNER_PAGE;
    return byIds;
  });
}

/**
 * The report descriptor Linux publishes for a hidraw device, readable without any permission, turned
 * into a layout; `undefined` elsewhere or when it is not a usable HID POS descriptor.
 *
 * @internal
 */
export async function sysfsLayout(
  path: string,
  root = '/sys/class/hidraw',
): Promise<HidPosReportLayout | undefined> {
  if (!/^\/dev\/hidraw\d+$/.test(path)) return undefined;
  try {
    const bytes = await readFile(`${root}/${basename(path)}/device/report_descriptor`);
    return hidPosLayoutFromDescriptor(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

function layoutOption(layout: HidPosReportLayout | undefined): { layout?: HidPosReportLayout } {
  return layout ? { layout } : {};
}

function describeFilter(filter: HidScannerFilter): string {
  const parts = [
    filter.vendorId === undefined ? undefined : `vendorId 0x${filter.vendorId.toString(16)}`,
    filter.productId === undefined ? undefined : `productId 0x${filter.productId.toString(16)}`,
    filter.serialNumber === undefined ? undefined : 'the serial number given',
    filter.path === undefined ? undefined : `path ${filter.path}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'usage page 0x8C';
}
