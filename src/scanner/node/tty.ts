/**
 * A keyboard-wedge scanner on a terminal kiosk: the scanner types into the terminal, the terminal is put
 * in raw mode so that every character arrives as soon as it is typed (with its arrival time), and the
 * characters go through the core's wedge decoder, which keeps the fast bursts that end with Enter and
 * ignores what a person types.
 *
 * @module
 */
import type { AcceptError } from '../../errors.js';
import { optionKeys, refuseUnknownOptions } from '../../options.js';
import type { KeyboardLayoutId } from '../layouts.js';
import { createWedgeDecoder, WEDGE_DECODING_KEYS, type WedgeOptions, type WedgeScan } from '../wedge.js';
import { terminalKeyEvents } from './terminal-keys.js';

/**
 * Options of {@link readTerminalScanner}: the wedge decoder's rules, plus the terminal's side.
 *
 * @example
 * ```ts
 * import type { TerminalScannerOptions } from 'diia-accept/scanner/node';
 * const options: TerminalScannerOptions = { deskLayout: 'ua', maxGapMs: 80, onScan: (s) => console.log(s.text) };
 * ```
 */
export interface TerminalScannerOptions extends Omit<WedgeOptions, 'onScan' | 'clock'> {
  /** The terminal to read. Default `process.stdin`. */
  readonly input?: NodeJS.ReadableStream & {
    /** Whether the stream is a terminal (only a terminal has a raw mode). */
    isTTY?: boolean;
    /** Switches the terminal's raw mode (`tty.ReadStream`). */
    setRawMode?: (raw: boolean) => unknown;
  };
  /**
   * The keyboard layout the desk's terminal types with (the layout switched on when the scanner types):
   * characters are mapped back to keys through it. Default `'us'`.
   */
  readonly deskLayout?: KeyboardLayoutId;
  /** Called with every scan. */
  readonly onScan?: (scan: WedgeScan) => void;
  /**
   * Called on Ctrl+C, which raw mode delivers as a character instead of a signal. Default: stop reading
   * and send SIGINT to this process, as the terminal would have.
   */
  readonly onInterrupt?: () => void;
  /** Called when reading fails (the terminal went away). */
  readonly onError?: (error: AcceptError | Error) => void;
}

/**
 * A terminal being read.
 *
 * @example
 * ```ts
 * import { readTerminalScanner } from 'diia-accept/scanner/node';
 * const terminal = readTerminalScanner({ onScan: (s) => console.log(s.scan.kind) });
 * terminal.close();
 * ```
 */
export interface TerminalScanner {
  /** Stops reading and gives the terminal its previous mode back. */
  close(): void;
}

const CTRL_C = '\u0003';

/**
 * Reads a keyboard-wedge scanner that types into this process's terminal. Nothing a person types is
 * echoed or acted upon: only bursts at scanner speed that end as the scanner ends them become scans.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for invalid wedge options.
 * @example
 * ```ts
 * import { readTerminalScanner } from 'diia-accept/scanner/node';
 * readTerminalScanner({
 *   deskLayout: 'ua',
 *   onScan: ({ scan, layoutMismatch }) => console.log(scan.kind, layoutMismatch ? '(layout corrected)' : ''),
 * });
 * ```
 */
export function readTerminalScanner(options: TerminalScannerOptions = {}): TerminalScanner {
  refuseUnknownOptions(
    options,
    optionKeys<TerminalScannerOptions>({
      input: true,
      deskLayout: true,
      onScan: true,
      onInterrupt: true,
      onError: true,
      ...WEDGE_DECODING_KEYS,
    }),
    'readTerminalScanner',
  );
  const { input: given, deskLayout = 'us', onInterrupt, onError, onScan, ...wedge } = options;
  const input = given ?? process.stdin;
  const decoder = createWedgeDecoder({ ...wedge, clock: { now: () => performance.now() } });
  const text = new TextDecoder('utf-8');
  const maxGapMs = wedge.maxGapMs ?? 60;
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  let pause: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const deliver = (scans: readonly WedgeScan[]) => {
    for (const scan of scans) onScan?.(scan);
  };
  const onData = (chunk: Uint8Array | string) => {
    const at = performance.now();
    let chars = typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
    if (chars.includes(CTRL_C)) {
      chars = chars.slice(0, chars.indexOf(CTRL_C));
      deliver(terminalKeyEvents(chars, at, deskLayout).flatMap((event) => decoder.feed(event)));
      interrupt();
      return;
    }
    deliver(terminalKeyEvents(chars, at, deskLayout).flatMap((event) => decoder.feed(event)));
    if (pause !== undefined) clearTimeout(pause);
    // A burst that just stops (a scanner without a terminator) ends when the pause is long enough.
    if (decoder.pending) pause = setTimeout(() => deliver(decoder.flush(performance.now())), maxGapMs + 1);
  };
  const onFailure = (error: Error) => onError?.(error);

  const close = () => {
    if (closed) return;
    closed = true;
    if (pause !== undefined) clearTimeout(pause);
    input.removeListener('data', onData);
    input.removeListener('error', onFailure);
    if (raw) input.setRawMode?.(false);
    input.pause();
  };
  const interrupt = () => {
    if (onInterrupt) return onInterrupt();
    close();
    process.kill(process.pid, 'SIGINT');
  };

  if (raw) input.setRawMode?.(true);
  input.on('data', onData);
  input.on('error', onFailure);
  input.resume();
  return { close };
}
