/**
 * The key events a keyboard-wedge scanner produces for a text, as the desk computer reports them: the
 * inverse of the wedge decoder. Useful to simulate a scanner in a demo, a kiosk test or an adapter test.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { KEYBOARD_LAYOUTS, type KeyboardLayoutId, strokeFor } from './layouts.js';
import type { WedgeKeyEvent } from './wedge.js';

/**
 * Options of {@link scannerKeystrokes}.
 *
 * @example
 * ```ts
 * import { scannerKeystrokes } from 'diia-accept/scanner';
 * scannerKeystrokes('2858364170864', { deskLayout: 'fr', gapMs: (i) => 1 + (i % 3) });
 * ```
 */
export interface KeystrokeOptions {
  /** The layout the scanner types in. Default `'us'`. */
  readonly scannerLayout?: KeyboardLayoutId;
  /** The layout of the desk computer, which decides the events' `key`. Default: the scanner's. */
  readonly deskLayout?: KeyboardLayoutId;
  /** The `timeStamp` of the first event. Default 0. */
  readonly startAt?: number;
  /** The pause before each event after the first, in ms: a number or a function of the event index. Default 5. */
  readonly gapMs?: number | ((index: number) => number);
  /** Whether Caps Lock is on at the desk. Default false. */
  readonly capsLock?: boolean;
  /** Whether the scanner flips Shift for letters while Caps Lock is on. Default false. */
  readonly capsLockCompensation?: boolean;
  /** The key sent after the text. Default `'Enter'`. */
  readonly terminator?: 'Enter' | 'Tab' | 'none';
}

/**
 * The keydown events (and the Alt keyups of Alt+numpad codes) a scanner sends for `text`. Characters the
 * scanner's layout cannot type are sent as Alt+numpad codes (up to 255), GS as Ctrl+].
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for a character that cannot be sent at all.
 * @example
 * ```ts
 * import { createWedgeDecoder, scannerKeystrokes } from 'diia-accept/scanner';
 * const decoder = createWedgeDecoder();
 * const [scan] = scannerKeystrokes('2858364170864', { deskLayout: 'ua' }).flatMap((e) => decoder.feed(e));
 * ```
 */
export function scannerKeystrokes(text: string, options: KeystrokeOptions = {}): WedgeKeyEvent[] {
  refuseUnknownOptions(
    options,
    optionKeys<KeystrokeOptions>({
      scannerLayout: true,
      deskLayout: true,
      startAt: true,
      gapMs: true,
      capsLock: true,
      capsLockCompensation: true,
      terminator: true,
    }),
    'scannerKeystrokes',
  );
  const scanner = KEYBOARD_LAYOUTS[options.scannerLayout ?? 'us'];
  const desk = KEYBOARD_LAYOUTS[options.deskLayout ?? scanner.id];
  if (!scanner || !desk) throw new AcceptError('INVALID_ARGUMENT', { detail: 'layout' });
  const capsLock = options.capsLock === true;
  const gap = options.gapMs ?? 5;
  const events: WedgeKeyEvent[] = [];
  let at = options.startAt ?? 0;

  const press = (
    code: string,
    key: string,
    mods: Partial<Record<'shift' | 'alt' | 'ctrl', boolean>> = {},
  ) => {
    if (events.length > 0) at += typeof gap === 'number' ? gap : gap(events.length);
    events.push({
      type: 'keydown',
      key,
      code,
      shiftKey: mods.shift === true,
      altKey: mods.alt === true,
      ctrlKey: mods.ctrl === true,
      metaKey: false,
      repeat: false,
      timeStamp: at,
      getModifierState: (name: string) => name === 'CapsLock' && capsLock,
    });
  };

  for (const char of text) {
    if (char === '\u001d') {
      press('ControlLeft', 'Control', { ctrl: true });
      press('BracketRight', deskKeyOf(desk.id, 'BracketRight', false, false), { ctrl: true });
      continue;
    }
    const stroke = strokeFor(scanner, char);
    if (!stroke) {
      pressAltCode(char, press, () => {
        events.push({ type: 'keyup', key: 'Alt', code: 'AltLeft', altKey: false, timeStamp: at });
      });
      continue;
    }
    const letter = isLetterKey(scanner.id, stroke.code);
    const shift = options.capsLockCompensation && capsLock && letter ? !stroke.shift : stroke.shift;
    if (shift) press('ShiftLeft', 'Shift', { shift: true });
    press(stroke.code, deskKeyOf(desk.id, stroke.code, shift, capsLock), { shift });
  }
  if (options.terminator !== 'none') {
    const terminator = options.terminator ?? 'Enter';
    press(terminator, terminator);
  }
  return events;
}

function pressAltCode(
  char: string,
  press: (code: string, key: string, mods: { alt: boolean }) => void,
  release: () => void,
): void {
  const value = char.codePointAt(0)!;
  if (value > 255 || (value >= 128 && value < 160)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'a character a scanner cannot send' });
  }
  press('AltLeft', 'Alt', { alt: true });
  // A leading zero selects the ANSI code page on Windows, which is what the decoder reads above 127.
  for (const digit of value.toString().padStart(4, '0')) press(`Numpad${digit}`, digit, { alt: true });
  release();
}

function isLetterKey(layout: KeyboardLayoutId, code: string): boolean {
  const pair = KEYBOARD_LAYOUTS[layout].keys.get(code);
  return pair !== undefined && pair[0] !== pair[1] && pair[0].toUpperCase() === pair[1];
}

function deskKeyOf(layout: KeyboardLayoutId, code: string, shift: boolean, capsLock: boolean): string {
  const pair = KEYBOARD_LAYOUTS[layout].keys.get(code);
  if (!pair) return 'Unidentified';
  const upper = capsLock && isLetterKey(layout, code) ? !shift : shift;
  return pair[upper ? 1 : 0];
}
