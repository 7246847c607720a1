/**
 * USB-serial scanners (USB CDC-ACM "virtual COM port" mode, or RS-232) through the `serialport` package:
 * the port's bytes go through the core's serial framer (CR, LF, CRLF, a suffix, or a pause for codes
 * that contain CR), the port is reopened after an unplug, and `serialport` is imported only here.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { ScanOptions } from '../parse.js';
import { createSerialFramer, type SerialFrame, type SerialFramerOptions } from '../serial-framing.js';
import { deviceError } from './device-errors.js';
import { loadOptionalPackage, type PackageLoader } from './optional.js';
import {
  type ReconnectOptions,
  type ScannerConnection,
  type ScannerStatus,
  superviseScanner,
} from './reconnect.js';

/**
 * Options of {@link openSerialScanner}. The line settings must match the scanner's (USB CDC-ACM scanners
 * ignore them; RS-232 ones are usually 9600 or 115200 baud, 8 data bits, no parity, 1 stop bit).
 *
 * @example
 * ```ts
 * import type { SerialScannerOptions } from 'diia-accept/scanner/node';
 * const options: SerialScannerOptions = { path: '/dev/ttyACM0', baudRate: 115200, framing: { idleMs: 50 } };
 * ```
 */
export interface SerialScannerOptions {
  /** The port: `/dev/ttyACM0`, `/dev/serial/by-id/usb-…` (stable across replugging), `COM3`. */
  readonly path: string;
  /** Baud rate. Default 9600. */
  readonly baudRate?: number;
  /** Data bits. Default 8. */
  readonly dataBits?: 5 | 6 | 7 | 8;
  /** Parity. Default `'none'`. */
  readonly parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  /** Stop bits. Default 1. */
  readonly stopBits?: 1 | 1.5 | 2;
  /** Flow control. Default `'none'`. */
  readonly flowControl?: 'none' | 'rtscts' | 'xonxoff';
  /** How codes are cut out of the byte stream (terminator, `idleMs` for codes with CR in them, limits). */
  readonly framing?: Pick<SerialFramerOptions, 'terminator' | 'idleMs' | 'maxFrameBytes'>;
  /** How each code is read (`parseScan`'s options: allowed link hosts, length). */
  readonly scan?: ScanOptions;
  /** Reconnection after an unplug. Default on (250 ms doubling to 5 s); `false` to stop instead. */
  readonly reconnect?: ReconnectOptions | false;
  /** Called with every code read. */
  readonly onScan?: (frame: SerialFrame) => void;
  /** Called with `SERIAL_FRAME_TOO_LONG` for an overlong frame. */
  readonly onError?: (error: AcceptError) => void;
  /** Called when the port connects, disconnects, reconnects or closes. */
  readonly onStatus?: (status: ScannerStatus) => void;
  /** How `serialport` is imported. Default `() => import('serialport')`. */
  readonly load?: PackageLoader;
}

interface PortLike {
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeAllListeners(): unknown;
  readonly isOpen: boolean;
}

interface SerialPortApi {
  SerialPort: new (options: Record<string, unknown>) => PortLike;
}

const isSerialPortApi = (value: unknown): value is SerialPortApi =>
  typeof (value as SerialPortApi | null)?.SerialPort === 'function';

/**
 * Opens a USB-serial scanner and reads codes from it until closed. Resolves once the port is open;
 * rejects with `DEVICE_NOT_FOUND`, `DEVICE_PERMISSION_DENIED` (with what to change) or `DEVICE_BUSY`
 * (another program holds the port's lock), or `OPTIONAL_DEPENDENCY_MISSING` without `serialport`.
 *
 * @example
 * ```ts
 * import { openSerialScanner } from 'diia-accept/scanner/node';
 * const scanner = await openSerialScanner({
 *   path: '/dev/ttyACM0',
 *   framing: { terminator: 'cr' },
 *   onScan: ({ scan }) => scan.kind === 'barcode' && console.log(scan.barcode),
 *   onStatus: (s) => console.log(s.type),
 * });
 * ```
 */
export async function openSerialScanner(options: SerialScannerOptions): Promise<ScannerConnection> {
  refuseUnknownOptions(
    options,
    optionKeys<SerialScannerOptions>({
      path: true,
      baudRate: true,
      dataBits: true,
      parity: true,
      stopBits: true,
      flowControl: true,
      framing: true,
      scan: true,
      reconnect: true,
      onScan: true,
      onError: true,
      onStatus: true,
      load: true,
    }),
    'openSerialScanner',
  );
  if (typeof options?.path !== 'string' || options.path === '') {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'path' });
  }
  const settings = portSettings(options);
  const idleMs = options.framing?.idleMs;
  refuseUnknownOptions(
    options.framing,
    optionKeys<NonNullable<SerialScannerOptions['framing']>>({
      terminator: true,
      idleMs: true,
      maxFrameBytes: true,
    }),
    'openSerialScanner framing',
  );
  const framer = createSerialFramer({
    ...options.framing,
    ...(options.scan ? { scan: options.scan } : {}),
    clock: { now: () => performance.now() },
    ...(options.onScan ? { onFrame: options.onScan } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const api = await loadOptionalPackage(
    options.load ?? (() => import('serialport')),
    'serialport',
    'Reading a USB-serial scanner',
    isSerialPortApi,
  );
  const where = { device: options.path, subsystem: 'tty' as const };

  return superviseScanner(
    async (lost) => {
      const port = new api.SerialPort(settings);
      await new Promise<void>((resolve, reject) => {
        port.open((error) => (error ? reject(deviceError(error, 'open', where)) : resolve()));
      });
      const node = await deviceNumber(options.path);
      let idle: ReturnType<typeof setTimeout> | undefined;
      let watch: ReturnType<typeof setInterval> | undefined;
      let closing = false;
      const stop = () => {
        if (idle !== undefined) clearTimeout(idle);
        if (watch !== undefined) clearInterval(watch);
        // A code cut by the unplug is incomplete: drop it rather than act on half a barcode.
        framer.reset();
        port.removeAllListeners();
        port.on('error', () => {});
      };
      const fail = (error: AcceptError) => {
        if (closing) return;
        closing = true;
        stop();
        if (port.isOpen) port.close();
        lost(error);
      };
      const gone = (cause: unknown) =>
        new AcceptError('DEVICE_DISCONNECTED', { cause, detail: options.path });
      port.on('data', (chunk: Uint8Array) => {
        framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), performance.now());
        if (idleMs === undefined) return;
        if (idle !== undefined) clearTimeout(idle);
        // The framer ends a frame on a pause only when asked; this timer asks just after the pause.
        idle = setTimeout(() => framer.flush(performance.now()), idleMs + 1);
      });
      port.on('close', (error: Error | null) => fail(gone(error)));
      port.on('error', (error: Error) => fail(deviceError(error, 'read', where)));
      if (node !== undefined) {
        // Linux hangs up a tty whose device went away, and a hung-up tty reads as zero bytes rather than
        // an error: serialport then keeps reading nothing instead of closing (a pty whose other end
        // closed does the same). So the device node is watched too: gone, or another device under the
        // same path, is an unplug.
        watch = setInterval(() => {
          stat(options.path).then(
            (now) => now.rdev !== node && fail(gone(new Error('another device under this path'))),
            (cause: unknown) => fail(gone(cause)),
          );
        }, PRESENCE_CHECK_MS);
      }
      return {
        device: options.path,
        close: () =>
          new Promise<void>((resolve) => {
            closing = true;
            stop();
            if (!port.isOpen) resolve();
            else port.close(() => resolve());
          }),
      };
    },
    options.reconnect,
    options.onStatus,
  );
}

const PRESENCE_CHECK_MS = 500;

/** The device number behind a path (following links), or `undefined` where paths are no files (`COM3`). */
async function deviceNumber(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isCharacterDevice() ? info.rdev : undefined;
  } catch {
    return undefined;
  }
}

function portSettings(options: SerialScannerOptions): Record<string, unknown> {
  const invalid = (detail: string) => new AcceptError('INVALID_ARGUMENT', { detail });
  const baudRate = options.baudRate ?? 9600;
  if (!Number.isInteger(baudRate) || baudRate <= 0) throw invalid('baudRate');
  const dataBits = options.dataBits ?? 8;
  if (![5, 6, 7, 8].includes(dataBits)) throw invalid('dataBits');
  const parity = options.parity ?? 'none';
  if (!['none', 'even', 'odd', 'mark', 'space'].includes(parity)) throw invalid('parity');
  const stopBits = options.stopBits ?? 1;
  if (![1, 1.5, 2].includes(stopBits)) throw invalid('stopBits');
  const flow = options.flowControl ?? 'none';
  if (!['none', 'rtscts', 'xonxoff'].includes(flow)) throw invalid('flowControl');
  return {
    path: options.path,
    baudRate,
    dataBits,
    parity,
    stopBits,
    rtscts: flow === 'rtscts',
    xon: flow === 'xonxoff',
    xoff: flow === 'xonxoff',
    autoOpen: false,
    // An exclusive lock: a second program opening the scanner gets DEVICE_BUSY instead of half the bytes.
    lock: true,
  };
}
