/**
 * The inside of the wedge decoder: what one key event means, and the burst of key presses that may be a
 * scan, with the key event and settings types both read. `wedge.ts` builds on it; it imports nothing back.
 *
 * @module
 */
import { characterFor, KEYBOARD_LAYOUTS, type KeyboardLayout, type KeyboardLayoutId } from './layouts.js';
import type { ScanOptions } from './parse.js';

/**
 * The part of a DOM `KeyboardEvent` the decoder reads. A DOM event fits as is; so does a plain object.
 *
 * @example
 * ```ts
 * import type { WedgeKeyEvent } from 'diia-accept/scanner';
 * const press: WedgeKeyEvent = { type: 'keydown', key: 'ф', code: 'KeyA', shiftKey: false, timeStamp: 1200.5 };
 * ```
 */
export interface WedgeKeyEvent {
  /** `'keydown'` (the default) or `'keyup'`; other types are ignored. */
  readonly type?: string;
  /** What the desk's layout made of the key (`'ф'`, `'Enter'`, `'Dead'`). */
  readonly key: string;
  /** The physical key (`'KeyA'`, `'Digit1'`, `'Numpad0'`, `'Enter'`). */
  readonly code: string;
  /** Whether Shift was held. */
  readonly shiftKey?: boolean;
  /** Whether Alt was held. */
  readonly altKey?: boolean;
  /** Whether Control was held. */
  readonly ctrlKey?: boolean;
  /** Whether Meta (Windows, Command) was held. */
  readonly metaKey?: boolean;
  /** Whether this is an auto-repeat of a held key (only people hold keys). */
  readonly repeat?: boolean;
  /** When the event happened, in milliseconds (any time base, as long as it is the same for all events). */
  readonly timeStamp: number;
  /** The lock-key state (`'CapsLock'`, `'AltGraph'`), as in the DOM. */
  getModifierState?(key: string): boolean;
}

/** The resolved options the burst logic reads. @internal */
export interface WedgeSettings {
  readonly layout: (typeof KEYBOARD_LAYOUTS)[KeyboardLayoutId];
  readonly maxGapMs: number;
  readonly maxAverageGapMs: number;
  readonly minLength: number;
  readonly prefix: string;
  readonly suffix: string;
  readonly enterEnds: boolean;
  readonly tabEnds: boolean;
  readonly gsKeys: ReadonlySet<string>;
  readonly capsLockCompensation: boolean;
  readonly scanOptions: ScanOptions;
}

/**
 * How a scan read from key presses ended: its terminator key, the configured suffix, or a pause.
 *
 * @example
 * ```ts
 * import type { BurstEnd } from 'diia-accept/scanner';
 * const endings: BurstEnd[] = ['Enter', 'Tab', 'suffix', 'pause'];
 * ```
 */
export type BurstEnd = 'Enter' | 'Tab' | 'suffix' | 'pause';

interface LayoutSample {
  readonly code: string;
  readonly shift: boolean;
  readonly caps: boolean;
  readonly key: string;
}

/** One key event, classified. @internal */
export type KeyRead =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'modifier'; readonly alt: boolean }
  | { readonly kind: 'human' }
  | { readonly kind: 'alt-digit'; readonly digit: string }
  | { readonly kind: 'alt-release' }
  | { readonly kind: 'gs' }
  | { readonly kind: 'enter' }
  | { readonly kind: 'tab' }
  | { readonly kind: 'char'; readonly char: string; readonly sample: LayoutSample | undefined };

const MODIFIER_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'CapsLock',
  'NumLock',
  'Dead',
]);
const MODIFIER_CODE = /^(?:(?:Shift|Control|Alt|Meta|OS)(?:Left|Right)|CapsLock|NumLock)$/;
const NUMPAD_DIGIT = /^Numpad([0-9])$/;
const GS = '\u001d';
// Longer bursts are not codes the SDK reads; stop collecting rather than grow without bound.
const MAX_CHARS = 16_384;
const MAX_SAMPLES = 256;

/** What a key event means to the decoder. @internal */
export function readKey(event: WedgeKeyEvent, settings: WedgeSettings): KeyRead {
  const type = event.type ?? 'keydown';
  const key = typeof event.key === 'string' ? event.key : '';
  const code = typeof event.code === 'string' ? event.code : '';
  const isAlt = key === 'Alt' || code === 'AltLeft' || code === 'AltRight';
  if (type === 'keyup') return isAlt ? { kind: 'alt-release' } : { kind: 'ignored' };
  if (type !== 'keydown') return { kind: 'ignored' };
  if (event.repeat === true) return { kind: 'human' };
  if (MODIFIER_KEYS.has(key) || MODIFIER_CODE.test(code)) return { kind: 'modifier', alt: isAlt };
  if (code === 'Enter' || code === 'NumpadEnter' || key === 'Enter') return { kind: 'enter' };
  if (code === 'Tab' || key === 'Tab') return { kind: 'tab' };

  const ctrl = event.ctrlKey === true;
  const alt = event.altKey === true;
  const altGraph = event.getModifierState?.('AltGraph') === true || (ctrl && alt);
  // Ctrl+] is how a keyboard types ASCII 29 (GS): the key is the one with HID usage 0x30 in any layout.
  if (ctrl && !altGraph) return code === 'BracketRight' ? { kind: 'gs' } : { kind: 'human' };
  if (event.metaKey === true) return { kind: 'human' };
  if (settings.gsKeys.has(code)) return { kind: 'gs' };
  if (alt && !altGraph) {
    const digit = NUMPAD_DIGIT.exec(code);
    return digit ? { kind: 'alt-digit', digit: digit[1]! } : { kind: 'human' };
  }
  if (altGraph) return key.length === 1 ? { kind: 'char', char: key, sample: undefined } : { kind: 'human' };

  const caps = event.getModifierState?.('CapsLock') === true;
  const shift = event.shiftKey === true;
  const flip = settings.capsLockCompensation && caps && isLetter(settings.layout, code);
  const char = characterFor(settings.layout, code, shift !== flip);
  if (char !== undefined) return { kind: 'char', char, sample: { code, shift, caps, key } };
  if ([...key].length === 1) return { kind: 'char', char: key, sample: undefined };
  // A dead key of the scanner's own layout waits for the next key, as it does on the desk.
  return key === 'Dead' ? { kind: 'modifier', alt: false } : { kind: 'human' };
}

/** The key presses since the last pause, terminator or scan. @internal */
export interface Burst {
  readonly lastAt: number;
  push(key: KeyRead, at: number): BurstEnd | undefined;
  complete(
    end: BurstEnd,
    at: number,
  ):
    | {
        text: string;
        startedAt: number;
        endedAt: number;
        endedBy: BurstEnd;
        layoutMismatch: boolean;
        deskLayout: KeyboardLayoutId | undefined;
      }
    | undefined;
}

/** Starts a burst at the time of its first key press. @internal */
export function createBurst(startedAt: number, settings: WedgeSettings): Burst {
  let lastAt = startedAt;
  let events = 0;
  let spoiled = false;
  let altDigits: string | undefined;
  const chars: string[] = [];
  const samples: LayoutSample[] = [];

  const append = (char: string) => {
    if (chars.length >= MAX_CHARS) spoiled = true;
    else chars.push(char);
  };
  const commitAlt = () => {
    if (altDigits) append(altNumpadCharacter(altDigits));
    altDigits = undefined;
  };

  return {
    get lastAt() {
      return lastAt;
    },
    push(key, at) {
      events++;
      lastAt = Math.max(lastAt, at);
      // A new Alt press also ends the previous Alt+numpad code when the adapter does not forward keyups.
      const keepsAlt = key.kind === 'alt-digit' || (key.kind === 'modifier' && !key.alt);
      if (altDigits !== undefined && !keepsAlt) commitAlt();
      switch (key.kind) {
        case 'human':
          spoiled = true;
          break;
        case 'modifier':
          if (key.alt) altDigits = '';
          break;
        case 'alt-digit':
          altDigits = (altDigits ?? '') + key.digit;
          break;
        case 'gs':
          append(GS);
          break;
        case 'enter':
          if (settings.enterEnds) return 'Enter';
          append('\r');
          break;
        case 'tab':
          if (settings.tabEnds) return 'Tab';
          append('\t');
          break;
        case 'char':
          append(key.char);
          if (key.sample && samples.length < MAX_SAMPLES) samples.push(key.sample);
          break;
      }
      const suffix = settings.suffix;
      if (suffix && chars.length >= suffix.length && chars.slice(-suffix.length).join('') === suffix) {
        return 'suffix';
      }
      return undefined;
    },
    complete(end, at) {
      commitAlt();
      if (spoiled) return undefined;
      let text = chars.join('');
      if (settings.suffix) {
        if (!text.endsWith(settings.suffix)) return undefined;
        text = text.slice(0, -settings.suffix.length);
      } else if (end === 'pause' && (settings.enterEnds || settings.tabEnds)) {
        // The scanner ends its codes with a terminator: a burst without one was cut short or typed.
        return undefined;
      }
      if (!text.startsWith(settings.prefix)) return undefined;
      text = text.slice(settings.prefix.length);
      if ([...text].length < settings.minLength) return undefined;
      if (events > 1 && (lastAt - startedAt) / (events - 1) > settings.maxAverageGapMs) return undefined;
      const { mismatch, desk } = detectDeskLayout(samples, settings.layout);
      return { text, startedAt, endedAt: at, endedBy: end, layoutMismatch: mismatch, deskLayout: desk };
    },
  };
}

function isLetter(layout: KeyboardLayout, code: string): boolean {
  const pair = layout.keys.get(code);
  return pair !== undefined && pair[0] !== pair[1] && pair[0].toUpperCase() === pair[1];
}

function deskKey(layout: KeyboardLayout, sample: LayoutSample): string | undefined {
  const pair = layout.keys.get(sample.code);
  if (!pair) return undefined;
  const upper = sample.caps && isLetter(layout, sample.code) ? !sample.shift : sample.shift;
  return pair[upper ? 1 : 0];
}

/** Which known layouts would have typed what the desk reported; a mismatch if the scanner's would not. */
function detectDeskLayout(
  samples: readonly LayoutSample[],
  scanner: KeyboardLayout,
): { mismatch: boolean; desk: KeyboardLayoutId | undefined } {
  const informative = samples.filter((s) => s.key !== '' && s.key !== 'Unidentified');
  if (informative.length === 0) return { mismatch: false, desk: undefined };
  const fits = (layout: KeyboardLayout) => informative.every((s) => deskKey(layout, s) === s.key);
  if (fits(scanner)) return { mismatch: false, desk: scanner.id };
  const desk = Object.values(KEYBOARD_LAYOUTS).find(fits);
  return { mismatch: true, desk: desk?.id };
}

const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * The character of an Alt+numpad code. Windows reads the number modulo 256; codes up to 127 are ASCII
 * (Alt+029 is GS) and codes 128-255 are taken as Windows-1252, what Alt+0nnn types.
 */
function altNumpadCharacter(digits: string): string {
  const value = Number(digits.slice(-6)) % 256;
  return value < 128 ? String.fromCharCode(value) : WINDOWS_1252.decode(new Uint8Array([value]));
}
