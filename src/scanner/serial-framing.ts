/**
 * Serial framing for scanners on a USB virtual COM port (CDC-ACM) or RS-232: the bytes come in chunks of
 * any size, and a code ends with CR, LF, CRLF, a configured suffix, or, for codes that contain CR
 * themselves, a pause. Frames are cut on bytes and decoded afterwards, so a UTF-8 character split across
 * chunks arrives whole. Time comes from the `at` of each chunk or an injected clock, never from a timer.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { checkScanOptions, parseScan, type ScanOptions } from './parse.js';
import type { ParsedScan } from './scans.js';

/**
 * What ends a frame: `'any'` (CR, LF or CRLF; the default), `'cr'`, `'lf'`, `'crlf'`, `'none'` (pauses
 * only, with `idleMs`), or a suffix of your own (text or bytes, such as ETX `'\u0003'`).
 *
 * @example
 * ```ts
 * import type { SerialTerminator } from 'diia-accept/scanner';
 * const etx: SerialTerminator = '\u0003';
 * ```
 */
export type SerialTerminator = 'any' | 'cr' | 'lf' | 'crlf' | 'none' | (string & {}) | Uint8Array;

/**
 * Options of {@link createSerialFramer}.
 *
 * @example
 * ```ts
 * import { createSerialFramer } from 'diia-accept/scanner';
 * createSerialFramer({ terminator: 'none', idleMs: 50, clock: { now: () => performance.now() } });
 * ```
 */
export interface SerialFramerOptions {
  /** What ends a frame. Default `'any'`, or `'none'` when `idleMs` is set. */
  readonly terminator?: SerialTerminator;
  /** End a frame after this pause (ms) without bytes: for codes that contain CR or LF. */
  readonly idleMs?: number;
  /** The most bytes one frame may have; a longer one is dropped with `SERIAL_FRAME_TOO_LONG`. Default 8192. */
  readonly maxFrameBytes?: number;
  /** The time source when `push` gets no `at`; it must share the time base of any `at` given. */
  readonly clock?: Clock;
  /** Options for {@link parseScan}. */
  readonly scan?: ScanOptions;
  /** Called with every frame, in addition to the return value of `push` and `flush`. */
  readonly onFrame?: (frame: SerialFrame) => void;
  /** Called with `SERIAL_FRAME_TOO_LONG` when a frame is dropped. */
  readonly onError?: (error: AcceptError) => void;
}

/**
 * One frame: the bytes of one code, without its terminator.
 *
 * @example
 * ```ts
 * import { createSerialFramer } from 'diia-accept/scanner';
 * createSerialFramer({ onFrame: ({ scan }) => scan.kind === 'barcode' && requestCopy(scan.barcode) });
 * ```
 */
export interface SerialFrame {
  readonly bytes: Uint8Array;
  /** The bytes as text, for display (invalid UTF-8 shows as U+FFFD; `scan` is strict). */
  readonly text: string;
  /** The frame classified by {@link parseScan}. */
  readonly scan: ParsedScan;
}

/**
 * A push-based serial framer.
 *
 * @example
 * ```ts
 * import { createSerialFramer } from 'diia-accept/scanner';
 * const framer = createSerialFramer();
 * port.on('data', (chunk: Uint8Array) => framer.push(chunk));
 * ```
 */
export interface SerialFramer {
  /** Reads a chunk that arrived at `at` (default: the clock's time); returns the frames it completed. */
  push(chunk: Uint8Array, at?: number): readonly SerialFrame[];
  /**
   * Ends the pending frame if it has been idle for `idleMs` at `now` (default: the clock's time), or
   * unconditionally when no time is known or no `idleMs` is set (the port closed).
   */
  flush(now?: number): readonly SerialFrame[];
  /** Drops the pending bytes. */
  reset(): void;
  /** Whether bytes are waiting for the end of their frame. */
  readonly pending: boolean;
}

const CR = 0x0d;
const LF = 0x0a;
const TEXT = new TextDecoder();

/**
 * Creates a serial framer.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for invalid options (an empty suffix, `'none'` without `idleMs`).
 * @example
 * ```ts
 * import { createSerialFramer } from 'diia-accept/scanner';
 * const framer = createSerialFramer({ terminator: 'crlf' });
 * framer.push(new TextEncoder().encode('2858364170864\r\n')); // [{ scan: { kind: 'barcode', … } }]
 * ```
 */
export function createSerialFramer(options: SerialFramerOptions = {}): SerialFramer {
  refuseUnknownOptions(
    options,
    optionKeys<SerialFramerOptions>({
      terminator: true,
      idleMs: true,
      maxFrameBytes: true,
      clock: true,
      scan: true,
      onFrame: true,
      onError: true,
    }),
    'createSerialFramer',
  );
  checkScanOptions(options.scan);
  const invalid = (detail: string) => new AcceptError('INVALID_ARGUMENT', { detail });
  const idleMs = options.idleMs;
  if (idleMs !== undefined && (!Number.isFinite(idleMs) || idleMs <= 0)) throw invalid('idleMs');
  const terminator = options.terminator ?? (idleMs === undefined ? 'any' : 'none');
  if (terminator === 'none' && idleMs === undefined) throw invalid('terminator none needs idleMs');
  const suffix = suffixBytes(terminator);
  if (suffix?.length === 0) throw invalid('empty terminator');
  const maxFrameBytes = options.maxFrameBytes ?? 8192;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1) throw invalid('maxFrameBytes');

  const keep = suffix ? suffix.length - 1 : 0;
  const buffer = new Uint8Array(maxFrameBytes + (suffix?.length ?? 0));
  let length = 0;
  let lastAt: number | undefined;
  let afterCr = false;
  let discarding = false;

  const emit = (end: number, out: SerialFrame[]) => {
    const wasDiscarding = discarding;
    discarding = false;
    const bytes = buffer.slice(0, end);
    length = 0;
    if (wasDiscarding || bytes.length === 0) return;
    const frame: SerialFrame = { bytes, text: TEXT.decode(bytes), scan: parseScan(bytes, options.scan) };
    options.onFrame?.(frame);
    out.push(frame);
  };

  const append = (byte: number) => {
    if (length === buffer.length) {
      if (!discarding) options.onError?.(new AcceptError('SERIAL_FRAME_TOO_LONG'));
      discarding = true;
      // Keep just enough of the tail to recognise a suffix that straddles the cut.
      buffer.copyWithin(0, length - keep, length);
      length = keep;
    }
    buffer[length++] = byte;
  };

  const endsWithSuffix = (): boolean => {
    if (!suffix || length < suffix.length) return false;
    for (let i = 1; i <= suffix.length; i++)
      if (buffer[length - i] !== suffix[suffix.length - i]) return false;
    return true;
  };

  const idleExpired = (now: number | undefined) =>
    idleMs !== undefined &&
    length + Number(discarding) > 0 &&
    lastAt !== undefined &&
    now !== undefined &&
    now - lastAt >= idleMs;

  return {
    push(chunk, at = options.clock?.now()) {
      if (!(chunk instanceof Uint8Array)) throw invalid('chunk must be a Uint8Array');
      const out: SerialFrame[] = [];
      if (idleExpired(at)) emit(length, out);
      for (const byte of chunk) {
        if (terminator === 'any' && (byte === CR || byte === LF)) {
          // The LF of a CRLF, even when the CR came in the previous chunk, ends nothing new.
          if (!(byte === LF && afterCr && length === 0 && !discarding)) emit(length, out);
          afterCr = byte === CR;
          continue;
        }
        afterCr = false;
        if ((terminator === 'cr' && byte === CR) || (terminator === 'lf' && byte === LF)) {
          emit(length, out);
          continue;
        }
        append(byte);
        if (endsWithSuffix()) emit(length - suffix!.length, out);
      }
      if (chunk.length > 0 && at !== undefined) lastAt = at;
      return out;
    },
    flush(now = options.clock?.now()) {
      const out: SerialFrame[] = [];
      if (length === 0 && !discarding) return out;
      if (idleMs === undefined || now === undefined || idleExpired(now)) emit(length, out);
      return out;
    },
    reset() {
      length = 0;
      discarding = false;
      afterCr = false;
    },
    get pending() {
      return length > 0;
    },
  };
}

function suffixBytes(terminator: SerialTerminator): Uint8Array | undefined {
  if (terminator instanceof Uint8Array) return terminator;
  if (terminator === 'crlf') return Uint8Array.of(CR, LF);
  if (terminator === 'any' || terminator === 'cr' || terminator === 'lf' || terminator === 'none')
    return undefined;
  if (typeof terminator !== 'string') throw new AcceptError('INVALID_ARGUMENT', { detail: 'terminator' });
  return new TextEncoder().encode(terminator);
}
