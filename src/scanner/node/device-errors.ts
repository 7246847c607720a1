/**
 * What the native packages' errors mean for a desk: node-hid (hidapi) and serialport report failures as
 * free text (`cannot open device with path /dev/hidraw0: Failed to open a device with path
 * '/dev/hidraw0': Permission denied`, `Error Resource temporarily unavailable Cannot lock port`), so they
 * are read by their errno text and mapped to the SDK's device codes, keeping the original as `cause`.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../../errors.js';

/**
 * A USB device as the udev rule of {@link scannerUdevRule} matches it.
 *
 * @example
 * ```ts
 * import type { UsbDeviceId } from 'diia-accept/scanner/node';
 * const honeywell: UsbDeviceId = { vendorId: 0x0c2e, productId: 0x0b61 };
 * ```
 */
export interface UsbDeviceId {
  /** The USB vendor id (0x0c2e Honeywell, 0x05e0 Zebra/Symbol, 0x05f9 Datalogic). */
  readonly vendorId: number;
  readonly productId: number;
}

/**
 * The udev rule that lets the logged-in user (and the `plugdev` group, for services) open a scanner on
 * Linux, for `/etc/udev/rules.d/70-diia-accept-scanner.rules`; then run
 * `sudo udevadm control --reload-rules && sudo udevadm trigger` and plug the scanner in again.
 * `subsystem` is `'hidraw'` for HID Point-of-Sale scanners (node-hid) and `'tty'` for USB-serial ones.
 *
 * @example
 * ```ts
 * import { scannerUdevRule } from 'diia-accept/scanner/node';
 * scannerUdevRule({ vendorId: 0x0c2e, productId: 0x0b61 });
 * // SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0b61", MODE="0660", GROUP="plugdev", TAG+="uaccess"
 * ```
 */
export function scannerUdevRule(device: UsbDeviceId, subsystem: 'hidraw' | 'tty' = 'hidraw'): string {
  const hex = (value: number, name: string) => {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: name });
    }
    return value.toString(16).padStart(4, '0');
  };
  const vendor = hex(device.vendorId, 'vendorId');
  const product = hex(device.productId, 'productId');
  if (subsystem !== 'hidraw' && subsystem !== 'tty')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'subsystem' });
  return `SUBSYSTEM=="${subsystem}", ATTRS{idVendor}=="${vendor}", ATTRS{idProduct}=="${product}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`;
}

// errno texts (strerror on Linux and macOS), errno names, and the Windows and IOKit wordings.
const PERMISSION = /permission denied|\beacces\b|\beperm\b|not permitted|not privileged|access is denied/i;
const BUSY =
  /resource busy|\bebusy\b|cannot lock port|resource temporarily unavailable|exclusive access|already open|used by another process|sharing violation/i;
const ABSENT =
  /no such file|\benoent\b|no such device|\benodev\b|\benxio\b|not found|no hid devices|input\/output error|\beio\b|device disconnected|device has been closed/i;

/** Where the failure happened: opening the device, or reading from an open one. @internal */
export type DevicePhase = 'open' | 'read';

/**
 * Maps a node-hid or serialport failure to the SDK's device codes. On opening: permission, busy, absent;
 * an open failure without a reason (older hidapi, macOS) is most often the missing udev rule on Linux and
 * another program holding the device elsewhere. Any failure of an open device means it went away.
 *
 * @internal
 */
export function deviceError(
  cause: unknown,
  phase: DevicePhase,
  where: {
    readonly device: string;
    readonly usb?: UsbDeviceId | undefined;
    readonly subsystem: 'hidraw' | 'tty';
  },
): AcceptError {
  if (cause instanceof AcceptError) return cause;
  const text = describeCause(cause);
  const code = classify(text, phase);
  let detail = `${where.device}: ${text}`;
  if (code === 'DEVICE_PERMISSION_DENIED') {
    detail += where.usb
      ? `; add this udev rule: ${scannerUdevRule(where.usb, where.subsystem)}`
      : where.subsystem === 'tty'
        ? '; add the user to the dialout group (sudo usermod -aG dialout $USER) or add a udev rule'
        : '; add a udev rule for the scanner (see docs/scanners.md)';
  }
  return new AcceptError(code, { cause, detail });
}

function classify(text: string, phase: DevicePhase): AcceptErrorCode {
  if (phase === 'read') return 'DEVICE_DISCONNECTED';
  if (PERMISSION.test(text)) return 'DEVICE_PERMISSION_DENIED';
  if (BUSY.test(text)) return 'DEVICE_BUSY';
  if (ABSENT.test(text)) return 'DEVICE_NOT_FOUND';
  if (/cannot open device/i.test(text)) {
    return process.platform === 'linux' ? 'DEVICE_PERMISSION_DENIED' : 'DEVICE_BUSY';
  }
  return 'DEVICE_NOT_FOUND';
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code)
      ? `${cause.message} (${code})`
      : cause.message;
  }
  try {
    return String(cause);
  } catch {
    // An object without a usable toString: it says nothing, and must not crash the mapping.
    return 'unknown failure';
  }
}
