/**
 * Keeping a scanner connected: a scanner on a desk gets unplugged, knocked out, moved to another port.
 * The supervisor reports the loss, tries again with a growing pause, and reports the reconnection; the
 * adapters only say how to connect once and when the link was lost.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';

/**
 * How a lost scanner is reconnected: pauses from `initialDelayMs`, doubled after each failed attempt up
 * to `maxDelayMs`, until it is back or the connection is closed. `false` turns reconnection off.
 *
 * @example
 * ```ts
 * import type { ReconnectOptions } from 'diia-accept/scanner/node';
 * const reconnect: ReconnectOptions = { initialDelayMs: 200, maxDelayMs: 3000 };
 * ```
 */
export interface ReconnectOptions {
  /** The pause before the first attempt, in ms. Default 250. */
  readonly initialDelayMs?: number;
  /** The longest pause between attempts, in ms. Default 5000. */
  readonly maxDelayMs?: number;
}

/**
 * What happened to a scanner's connection: `connected` (first time or again), `disconnected` (with
 * `DEVICE_DISCONNECTED`), `reconnecting` (the next attempt, its pause and the last failure), `closed`.
 *
 * @example
 * ```ts
 * import { describeError } from 'diia-accept';
 * import type { ScannerStatus } from 'diia-accept/scanner/node';
 * const show = (s: ScannerStatus) => s.type === 'disconnected' && console.log(describeError(s.error, 'uk'));
 * ```
 */
export type ScannerStatus =
  | { readonly type: 'connected'; readonly device: string; readonly reconnected: boolean }
  | { readonly type: 'disconnected'; readonly device: string; readonly error: AcceptError }
  | {
      readonly type: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: AcceptError;
    }
  | { readonly type: 'closed' };

/**
 * An open scanner: reads until closed, reconnecting on its own.
 *
 * @example
 * ```ts
 * import { openSerialScanner } from 'diia-accept/scanner/node';
 * const scanner = await openSerialScanner({ path: '/dev/ttyACM0', onScan: (f) => console.log(f.scan.kind) });
 * process.on('SIGINT', () => scanner.close());
 * ```
 */
export interface ScannerConnection {
  /** The device now (or last) in use: a hidraw path, a serial port path. */
  readonly device: string;
  /** Whether the scanner is connected right now. */
  readonly connected: boolean;
  /** Stops reading, closes the device and stops reconnecting. */
  close(): Promise<void>;
}

/** One successful connection, as an adapter makes it. @internal */
export interface ScannerLink {
  readonly device: string;
  close(): Promise<void>;
}

/** Connects once; calls `lost` (once) when the link goes away. @internal */
export type ConnectOnce = (lost: (error: AcceptError) => void) => Promise<ScannerLink>;

/**
 * Connects (rejecting with the first failure, so that a wrong path or a missing udev rule shows at once),
 * then keeps the connection alive.
 *
 * @internal
 */
export async function superviseScanner(
  connect: ConnectOnce,
  reconnect: ReconnectOptions | false | undefined,
  onStatus: ((status: ScannerStatus) => void) | undefined,
): Promise<ScannerConnection> {
  if (reconnect !== false)
    refuseUnknownOptions(
      reconnect,
      optionKeys<ReconnectOptions>({ initialDelayMs: true, maxDelayMs: true }),
      'reconnect',
    );
  const initial = reconnect === false ? 0 : (reconnect?.initialDelayMs ?? 250);
  const max = reconnect === false ? 0 : (reconnect?.maxDelayMs ?? 5000);
  if (!(Number.isFinite(initial) && initial >= 0 && Number.isFinite(max) && max >= initial)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'reconnect delays' });
  }
  const report = (status: ScannerStatus) => {
    try {
      onStatus?.(status);
    } catch {
      // A failing status listener must not stop the scanner.
    }
  };

  let link: ScannerLink | undefined;
  let device = '';
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const attach = async (reconnected: boolean) => {
    const mine = ++generation;
    let ready = false;
    let early: AcceptError | undefined;
    const opened = await connect((error) => {
      if (mine !== generation || closed) return;
      if (ready) lose(error);
      else early ??= error;
    });
    ready = true;
    if (closed || early) {
      await opened.close().catch(() => {});
      if (early && !closed) throw early;
      return;
    }
    link = opened;
    device = opened.device;
    report({ type: 'connected', device, reconnected });
  };

  const schedule = (attempt: number, error: AcceptError) => {
    const delayMs = Math.min(max, initial * 2 ** (attempt - 1));
    report({ type: 'reconnecting', attempt, delayMs, error });
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      attach(true).catch((failure: unknown) => {
        if (closed) return;
        const next =
          failure instanceof AcceptError ? failure : new AcceptError('DEVICE_NOT_FOUND', { cause: failure });
        schedule(attempt + 1, next);
      });
    }, delayMs);
  };

  const lose = (error: AcceptError) => {
    const gone = link;
    link = undefined;
    generation++;
    gone?.close().catch(() => {});
    report({ type: 'disconnected', device, error });
    if (reconnect === false) {
      closed = true;
      report({ type: 'closed' });
      return;
    }
    schedule(1, error);
  };

  await attach(false);
  return {
    get device() {
      return device;
    },
    get connected() {
      return link !== undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const gone = link;
      link = undefined;
      generation++;
      await gone?.close().catch(() => {});
      report({ type: 'closed' });
    },
  };
}
