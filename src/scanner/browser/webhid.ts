/**
 * HID Point-of-Sale scanners through WebHID (Chromium browsers): the reports go to the core reassembler.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { createHidPosDecoder, type HidPosOptions, type HidPosScan } from '../hidpos.js';
import { checkScanOptions } from '../parse.js';
import { scannerDeviceError } from './device-errors.js';
import { type HidCollectionLike, layoutFromCollections } from './webhid-layout.js';

/** The HID usage page of Point-of-Sale devices (HID Usage Tables, "Bar Code Scanner Page"). */
const POS_USAGE_PAGE = 0x8c;

/**
 * The part of WebHID's `HIDDevice` the adapter uses (WebHID is not in TypeScript's DOM types).
 *
 * @example
 * ```ts
 * const [device] = (await navigator.hid.requestDevice({ filters: [{ usagePage: 0x8c }] })) as HidDeviceLike[];
 * ```
 */
export interface HidDeviceLike extends EventTarget {
  readonly opened: boolean;
  readonly productName: string;
  readonly vendorId: number;
  readonly productId: number;
  /** WebHID's `HIDCollectionInfo` list; the scanned-data report's layout is read from it. */
  readonly collections?: readonly object[];
  /** Opens the device for input reports. */
  open(): Promise<void>;
  /** Closes the device. */
  close(): Promise<void>;
}

interface HidInputReport extends Event {
  readonly device: HidDeviceLike;
  readonly reportId: number;
  readonly data: DataView;
}

interface HidLike extends EventTarget {
  requestDevice(options: { filters: { usagePage?: number; vendorId?: number }[] }): Promise<HidDeviceLike[]>;
}

/**
 * Options of {@link connectHidScanner}.
 *
 * @example
 * ```ts
 * const options: WebHidScannerOptions = { onScan: ({ scan }) => check(scan), onError: (e) => show(e.code) };
 * ```
 */
export interface WebHidScannerOptions extends Omit<HidPosOptions, 'onScan' | 'descriptor'> {
  /** Called with every code. */
  readonly onScan: (scan: HidPosScan) => void;
  /** Called with malformed reports and with `DEVICE_DISCONNECTED`. */
  readonly onError?: (error: AcceptError) => void;
  /** A device already granted (from `navigator.hid.getDevices()`); default: ask the user to pick one. */
  readonly device?: HidDeviceLike;
  /** Closes the scanner. */
  readonly signal?: AbortSignal;
}

/**
 * An open HID scanner.
 *
 * @example
 * ```ts
 * const scanner: HidScanner = await connectHidScanner({ onScan });
 * console.log(scanner.device.productName);
 * await scanner.close();
 * ```
 */
export interface HidScanner {
  readonly device: HidDeviceLike;
  /** Stops listening and closes the device. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a HID Point-of-Sale scanner. Without `device`, shows the browser's device chooser filtered to
 * usage page 0x8C: call it from a click handler (a user gesture is required). The scanned-data report's
 * layout is read from the device's collections (Byte Count, Decoded Data, AIM symbology, Decode Data
 * Continued); a device that does not describe them gets the layout most scanners use.
 *
 * @throws {AcceptError} `UNSUPPORTED_RUNTIME` without WebHID; `DEVICE_NOT_FOUND` when nothing was chosen;
 *   `DEVICE_PERMISSION_DENIED`; `DEVICE_BUSY` when the system will not open it.
 * @example
 * ```ts
 * import { connectHidScanner } from 'diia-accept/scanner/browser';
 * button.onclick = () => connectHidScanner({ onScan: ({ scan }) => console.log(scan.kind) });
 * ```
 */
export async function connectHidScanner(options: WebHidScannerOptions): Promise<HidScanner> {
  refuseUnknownOptions(
    options,
    optionKeys<WebHidScannerOptions>({
      onScan: true,
      onError: true,
      device: true,
      signal: true,
      scan: true,
      layout: true,
      maxLength: true,
    }),
    'connectHidScanner',
  );
  checkScanOptions(options.scan);
  const { onScan, onError, device: given, signal, ...decoderOptions } = options;
  const hid = (globalThis.navigator as { hid?: HidLike } | undefined)?.hid;
  let device = given;
  if (!device) {
    if (!hid) throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'no WebHID (navigator.hid)' });
    let chosen: HidDeviceLike[];
    try {
      chosen = await hid.requestDevice({ filters: [{ usagePage: POS_USAGE_PAGE }] });
    } catch (error) {
      throw scannerDeviceError(error);
    }
    device = chosen[0];
    if (!device) throw new AcceptError('DEVICE_NOT_FOUND', { detail: 'no device chosen' });
  }
  // The device's own description of its reports, unless a layout was given; the common layout otherwise.
  const described = decoderOptions.layout
    ? undefined
    : layoutFromCollections(device.collections as readonly HidCollectionLike[] | undefined);
  const decoder = createHidPosDecoder({
    ...decoderOptions,
    ...(described ? { layout: described } : {}),
    onScan,
    ...(onError ? { onError } : {}),
  });
  try {
    if (!device.opened) await device.open();
  } catch (error) {
    throw scannerDeviceError(error, { opening: true });
  }

  const the = device;
  const onReport = (event: Event) => {
    const report = event as HidInputReport;
    const { buffer, byteOffset, byteLength } = report.data;
    decoder.push(new Uint8Array(buffer, byteOffset, byteLength), report.reportId);
  };
  const onDisconnect = (event: Event) => {
    if ((event as HidInputReport).device !== the) return;
    onError?.(new AcceptError('DEVICE_DISCONNECTED'));
    void close();
  };
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    the.removeEventListener('inputreport', onReport);
    hid?.removeEventListener('disconnect', onDisconnect);
    signal?.removeEventListener('abort', close);
    decoder.reset();
    await the.close().catch(() => undefined);
  };
  the.addEventListener('inputreport', onReport);
  hid?.addEventListener('disconnect', onDisconnect);
  if (signal?.aborted) await close();
  else signal?.addEventListener('abort', close, { once: true });
  return { device: the, close };
}
