/**
 * Keyboard-wedge scanners: a USB scanner that pretends to be a keyboard and types the code, fast, ending
 * with Enter or Tab. The decoder reads key events, keeps only bursts that no person types (every pause
 * short, the average pause shorter still, enough characters, the configured prefix and terminator), and
 * decodes each key from its physical position (`code` and Shift) in the scanner's layout, so a
 * Ukrainian, Russian, German or French layout on the desk computer cannot garble the code. Time comes
 * only from the events' `timeStamp` (and, for {@link WedgeDecoder.flush}, an injected clock).
 *
 * @module
 */
import type { Clock } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { KEYBOARD_LAYOUTS, type KeyboardLayoutId } from './layouts.js';
import { checkScanOptions, parseScan, type ScanOptions } from './parse.js';
import type { ParsedScan } from './scans.js';
import {
  type Burst,
  type BurstEnd,
  createBurst,
  readKey,
  type WedgeKeyEvent,
  type WedgeSettings,
} from './wedge-keys.js';

export type { WedgeKeyEvent } from './wedge-keys.js';

/**
 * Options of {@link createWedgeDecoder}.
 *
 * @example
 * ```ts
 * import { createWedgeDecoder } from 'diia-accept/scanner';
 * createWedgeDecoder({ scannerLayout: 'us', maxGapMs: 60, terminators: ['Enter'], prefix: '~' });
 * ```
 */
export interface WedgeOptions {
  /** The layout the scanner is configured to type in. Default `'us'` (the factory setting of most scanners). */
  readonly scannerLayout?: KeyboardLayoutId;
  /** The longest pause between two key presses of one scan, in ms. Default 60. */
  readonly maxGapMs?: number;
  /** The longest average pause between key presses of one scan, in ms. Default 45. */
  readonly maxAverageGapMs?: number;
  /** The fewest characters a scan has (without prefix and suffix). Default 8. */
  readonly minLength?: number;
  /** Characters the scanner is configured to send before each code; a burst without them is not a scan. */
  readonly prefix?: string;
  /** Characters the scanner is configured to send after each code; they end the scan. */
  readonly suffix?: string;
  /** The keys that end a scan. Default `['Enter', 'Tab']`; `[]` ends scans by a pause instead. */
  readonly terminators?: readonly ('Enter' | 'Tab')[];
  /** Physical keys the scanner presses for the GS separator of GS1 codes (such as `['F8']`); Ctrl+] always is. */
  readonly gsKeys?: readonly string[];
  /** The scanner flips Shift for letters while Caps Lock is on (the "caps lock compensation" setting). */
  readonly capsLockCompensation?: boolean;
  /** Options for {@link parseScan}, applied to every scan. */
  readonly scan?: ScanOptions;
  /** The time source for {@link WedgeDecoder.flush}; it must share the events' time base (`performance.now()`). */
  readonly clock?: Clock;
  /** Called with every scan, in addition to the return value of `feed` and `flush`. */
  readonly onScan?: (scan: WedgeScan) => void;
}

/**
 * A scan read from key presses.
 *
 * @example
 * ```ts
 * import { createWedgeDecoder } from 'diia-accept/scanner';
 * const decoder = createWedgeDecoder({ onScan: (s) => console.log(s.text, s.scan.kind, s.layoutMismatch) });
 * ```
 */
export interface WedgeScan {
  /** The characters the scanner sent, without prefix, suffix and terminator. */
  readonly text: string;
  /** `text` classified by {@link parseScan}. */
  readonly scan: ParsedScan;
  /** The `timeStamp` of the first key press. */
  readonly startedAt: number;
  /** The `timeStamp` of the last key press (the terminator, if any). */
  readonly endedAt: number;
  /** How the scan ended. */
  readonly endedBy: BurstEnd;
  /** True when the desk's layout typed other characters than the scanner meant (decoded by position). */
  readonly layoutMismatch: boolean;
  /** A known layout consistent with what the desk typed, if one is (the scanner's own when they agree). */
  readonly deskLayout: KeyboardLayoutId | undefined;
  /** `WEDGE_LAYOUT_MISMATCH` when `layoutMismatch`; never a failure, the text is already corrected. */
  readonly warnings: readonly AcceptError[];
}

/**
 * A push-based wedge decoder. Feed it every key event of the page (or of the focused field).
 *
 * @example
 * ```ts
 * import { createWedgeDecoder } from 'diia-accept/scanner';
 * const decoder = createWedgeDecoder();
 * window.addEventListener('keydown', (event) => decoder.feed(event));
 * ```
 */
export interface WedgeDecoder {
  /** Reads one key event; returns the scans it completed (usually none or one). */
  feed(event: WedgeKeyEvent): readonly WedgeScan[];
  /**
   * Ends a burst that has been quiet for longer than `maxGapMs` at `now` (default: the clock's time), or
   * unconditionally when no time is known. Only scanners without a terminator produce scans this way.
   */
  flush(now?: number): readonly WedgeScan[];
  /** Forgets a burst in progress. */
  reset(): void;
  /** Whether key presses are waiting for their burst to end. */
  readonly pending: boolean;
}

/**
 * The decoding settings of {@link WedgeOptions} (all but `clock` and `onScan`), which the DOM keyboard and
 * terminal adapters take as well: one list for the three unknown-key checks.
 *
 * @internal
 */
export const WEDGE_DECODING_KEYS: {
  readonly [K in keyof Required<Omit<WedgeOptions, 'clock' | 'onScan'>>]: true;
} = {
  scannerLayout: true,
  maxGapMs: true,
  maxAverageGapMs: true,
  minLength: true,
  prefix: true,
  suffix: true,
  terminators: true,
  gsKeys: true,
  capsLockCompensation: true,
  scan: true,
};

/**
 * Creates a keyboard-wedge decoder.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for invalid options.
 * @example
 * ```ts
 * import { createWedgeDecoder } from 'diia-accept/scanner';
 * const decoder = createWedgeDecoder({ scannerLayout: 'us', onScan: ({ scan }) => handle(scan) });
 * for (const event of recordedEvents) decoder.feed(event);
 * ```
 */
export function createWedgeDecoder(options: WedgeOptions = {}): WedgeDecoder {
  refuseUnknownOptions(
    options,
    optionKeys<WedgeOptions>({ ...WEDGE_DECODING_KEYS, clock: true, onScan: true }),
    'createWedgeDecoder',
  );
  const settings = resolve(options);
  let burst: Burst | undefined;

  const finish = (end: BurstEnd, at: number): WedgeScan[] => {
    const ended = burst;
    burst = undefined;
    if (!ended) return [];
    const scan = ended.complete(end, at);
    if (!scan) return [];
    const text = scan.text;
    const result: WedgeScan = {
      ...scan,
      scan: parseScan(text, settings.scanOptions),
      warnings: scan.layoutMismatch
        ? [
            new AcceptError('WEDGE_LAYOUT_MISMATCH', {
              detail: `desk layout: ${scan.deskLayout ?? 'unknown'}`,
            }),
          ]
        : [],
    };
    options.onScan?.(result);
    return [result];
  };

  return {
    feed(event) {
      const key = readKey(event, settings);
      if (key.kind === 'ignored') return [];
      const out: WedgeScan[] = [];
      const at = Number.isFinite(event.timeStamp) ? event.timeStamp : 0;
      if (burst && at - burst.lastAt > settings.maxGapMs) {
        out.push(...finish('pause', burst.lastAt));
      }
      burst ??= createBurst(at, settings);
      const end = burst.push(key, at);
      if (end) out.push(...finish(end, at));
      return out;
    },
    flush(now = options.clock?.now()) {
      if (!burst) return [];
      if (now !== undefined && now - burst.lastAt <= settings.maxGapMs) return [];
      return finish('pause', burst.lastAt);
    },
    reset() {
      burst = undefined;
    },
    get pending() {
      return burst !== undefined;
    },
  };
}

function resolve(options: WedgeOptions): WedgeSettings {
  const invalid = (detail: string) => new AcceptError('INVALID_ARGUMENT', { detail });
  checkScanOptions(options.scan);
  const layoutId = options.scannerLayout ?? 'us';
  if (!Object.hasOwn(KEYBOARD_LAYOUTS, layoutId)) throw invalid('scannerLayout');
  const positive = (value: number | undefined, fallback: number, name: string) => {
    const result = value ?? fallback;
    if (!Number.isFinite(result) || result <= 0) throw invalid(name);
    return result;
  };
  const terminators = options.terminators ?? ['Enter', 'Tab'];
  if (!terminators.every((t) => t === 'Enter' || t === 'Tab')) throw invalid('terminators');
  for (const name of ['prefix', 'suffix'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') throw invalid(name);
  }
  return {
    layout: KEYBOARD_LAYOUTS[layoutId],
    maxGapMs: positive(options.maxGapMs, 60, 'maxGapMs'),
    maxAverageGapMs: positive(options.maxAverageGapMs, 45, 'maxAverageGapMs'),
    minLength: positive(options.minLength, 8, 'minLength'),
    prefix: options.prefix ?? '',
    suffix: options.suffix ?? '',
    enterEnds: terminators.includes('Enter'),
    tabEnds: terminators.includes('Tab'),
    gsKeys: new Set(options.gsKeys ?? []),
    capsLockCompensation: options.capsLockCompensation === true,
    scanOptions: options.scan ?? {},
  };
}
