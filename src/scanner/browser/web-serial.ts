/**
 * USB-serial scanners (and RS-232 ones behind an adapter) through Web Serial: the bytes go to the core
 * framer.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { checkScanOptions } from '../parse.js';
import { createSerialFramer, type SerialFrame, type SerialFramerOptions } from '../serial-framing.js';
import { scannerDeviceError } from './device-errors.js';

/**
 * The part of Web Serial's `SerialPort` the adapter uses (Web Serial is not in TypeScript's DOM types).
 *
 * @example
 * ```ts
 * const port = (await navigator.serial.requestPort()) as SerialPortLike;
 * ```
 */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  /** Opens the port at the line speed. */
  open(options: { baudRate: number }): Promise<void>;
  /** Closes the port. */
  close(): Promise<void>;
}

/**
 * Options of {@link connectSerialScanner}.
 *
 * @example
 * ```ts
 * const options: WebSerialScannerOptions = { baudRate: 115200, terminator: 'cr', onScan };
 * ```
 */
export interface WebSerialScannerOptions extends Omit<SerialFramerOptions, 'onFrame' | 'clock'> {
  /** Called with every code. */
  readonly onScan: (frame: SerialFrame) => void;
  /** Called with `SERIAL_FRAME_TOO_LONG` and with `DEVICE_DISCONNECTED` (then the scanner is closed). */
  readonly onError?: (error: AcceptError) => void;
  /** A port already granted (from `navigator.serial.getPorts()`); default: ask the user to pick one. */
  readonly port?: SerialPortLike;
  /** The line speed the scanner is set to. Default 9600. */
  readonly baudRate?: number;
  /** Closes the scanner. */
  readonly signal?: AbortSignal;
}

/**
 * An open serial scanner.
 *
 * @example
 * ```ts
 * const scanner: SerialScanner = await connectSerialScanner({ onScan });
 * await scanner.close();
 * ```
 */
export interface SerialScanner {
  readonly port: SerialPortLike;
  /** Resolves when the read loop has ended (closed, or the device lost). */
  readonly closed: Promise<void>;
  /** Stops reading and closes the port. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a serial scanner and reads codes from it until closed. Without `port`, shows the browser's port
 * chooser: call it from a click handler.
 *
 * @throws {AcceptError} `UNSUPPORTED_RUNTIME` without Web Serial; `DEVICE_NOT_FOUND` when nothing was
 *   chosen; `DEVICE_PERMISSION_DENIED`; `DEVICE_BUSY` when the port is open elsewhere.
 * @example
 * ```ts
 * import { connectSerialScanner } from 'diia-accept/scanner/browser';
 * button.onclick = () => connectSerialScanner({ baudRate: 9600, onScan: ({ scan }) => console.log(scan.kind) });
 * ```
 */
export async function connectSerialScanner(options: WebSerialScannerOptions): Promise<SerialScanner> {
  refuseUnknownOptions(
    options,
    optionKeys<WebSerialScannerOptions>({
      onScan: true,
      onError: true,
      port: true,
      baudRate: true,
      signal: true,
      scan: true,
      terminator: true,
      idleMs: true,
      maxFrameBytes: true,
    }),
    'connectSerialScanner',
  );
  checkScanOptions(options.scan);
  const { onScan, onError, port: given, baudRate = 9600, signal, ...framerOptions } = options;
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'baudRate' });
  let port = given;
  if (!port) {
    const serial = (
      globalThis.navigator as { serial?: { requestPort(): Promise<SerialPortLike> } } | undefined
    )?.serial;
    if (!serial) throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'no Web Serial (navigator.serial)' });
    try {
      port = await serial.requestPort();
    } catch (error) {
      throw scannerDeviceError(error);
    }
  }
  const framer = createSerialFramer({
    ...framerOptions,
    clock: { now: () => performance.now() },
    onFrame: onScan,
    ...(onError ? { onError } : {}),
  });
  try {
    await port.open({ baudRate });
  } catch (error) {
    throw scannerDeviceError(error, { opening: true });
  }

  const the = port;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let closing = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const readLoop = async () => {
    reading: while (!closing && the.readable) {
      reader = the.readable.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break reading;
          if (value) framer.push(value);
          clearTimeout(idle);
          if (framer.pending && options.idleMs !== undefined) {
            idle = setTimeout(() => framer.flush(), options.idleMs + 5);
          }
        }
      } catch (error) {
        if (closing) break;
        const mapped = scannerDeviceError(error);
        onError?.(mapped);
        // Line faults leave the port readable again; a lost device does not.
        if (mapped.code === 'DEVICE_DISCONNECTED') break;
      } finally {
        reader.releaseLock();
      }
    }
    clearTimeout(idle);
    framer.flush();
  };
  const closed = readLoop();
  const close = async () => {
    if (closing) return closed;
    closing = true;
    signal?.removeEventListener('abort', close);
    await reader?.cancel().catch(() => undefined);
    await closed;
    await the.close().catch(() => undefined);
  };
  if (signal?.aborted) await close();
  else signal?.addEventListener('abort', close, { once: true });
  return { port: the, closed, close };
}
