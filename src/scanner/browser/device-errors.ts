/**
 * WebHID and Web Serial failures in the SDK's codes, the browser's exception kept as `cause`.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../../errors.js';

// WebHID (https://wicg.github.io/webhid/) and Web Serial (https://wicg.github.io/serial/):
// - requestDevice()/requestPort() reject with `NotFoundError` when the user closes the chooser without
//   picking a device, and with `SecurityError` when a permissions policy or a missing user gesture forbids
//   asking;
// - HIDDevice.open() rejects with `InvalidStateError` or `NotAllowedError` when the operating system will
//   not hand the device over (another program has it, or a udev rule is missing);
// - SerialPort.open() rejects with `InvalidStateError` when the port is already open and with
//   `NetworkError` when the system cannot open it (in use);
// - a serial read fails with `NetworkError` when the device is lost, or `BreakError`/`FramingError`/
//   `ParityError`/`BufferOverrunError` for line faults.
const CODES: Readonly<Record<string, AcceptErrorCode>> = {
  NotFoundError: 'DEVICE_NOT_FOUND',
  SecurityError: 'DEVICE_PERMISSION_DENIED',
  NotAllowedError: 'DEVICE_PERMISSION_DENIED',
  InvalidStateError: 'DEVICE_BUSY',
  NetworkError: 'DEVICE_DISCONNECTED',
  BreakError: 'DEVICE_DISCONNECTED',
  FramingError: 'SERIAL_FRAME_TOO_LONG',
  BufferOverrunError: 'SERIAL_FRAME_TOO_LONG',
  ParityError: 'SERIAL_FRAME_TOO_LONG',
};

/**
 * Maps a WebHID or Web Serial rejection to an {@link AcceptError}; `opening` turns a `NetworkError`
 * (which, while opening, means "in use") into `DEVICE_BUSY`.
 *
 * @example
 * ```ts
 * import { scannerDeviceError } from 'diia-accept/scanner/browser';
 * try { await port.open({ baudRate: 9600 }); } catch (e) { throw scannerDeviceError(e, { opening: true }); }
 * ```
 */
export function scannerDeviceError(
  error: unknown,
  context: { readonly opening?: boolean } = {},
): AcceptError {
  if (error instanceof AcceptError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  let code = typeof name === 'string' ? CODES[name] : undefined;
  if (context.opening && name === 'NetworkError') code = 'DEVICE_BUSY';
  return new AcceptError(code ?? 'DEVICE_DISCONNECTED', {
    cause: error,
    detail: typeof name === 'string' ? name : 'unknown failure',
  });
}
