/**
 * A terminal gives characters, not key presses: what a keyboard-wedge scanner typed arrives on stdin as
 * text the desk's keyboard layout has already produced. This turns each character back into the key
 * press that typed it on the desk's layout (`'ф'` on a Ukrainian desk is the KeyA key), stamped with the
 * chunk's arrival time, so that the core's wedge decoder applies its own rules unchanged: burst timing,
 * prefix and suffix, and decoding by key position in the scanner's layout.
 *
 * @module
 */
import { KEYBOARD_LAYOUTS, type KeyboardLayoutId, strokeFor } from '../layouts.js';
import type { WedgeKeyEvent } from '../wedge.js';

const ESC = '\u001b';
const GS = '\u001d';
// CSI (ESC [ … final byte) and SS3 (ESC O x): what arrow, function and editing keys send.
const ESCAPE_SEQUENCE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/su;

/**
 * The key events a chunk of terminal input stands for: printable characters as the key press of the
 * desk's layout that types them, CR and LF as Enter, TAB as Tab, GS (Ctrl+]) as Ctrl+BracketRight, and
 * escape sequences and other control characters as keys only a person presses.
 *
 * @internal
 */
export function terminalKeyEvents(text: string, at: number, deskLayout: KeyboardLayoutId): WedgeKeyEvent[] {
  const layout = KEYBOARD_LAYOUTS[deskLayout];
  const events: WedgeKeyEvent[] = [];
  const press = (key: string, code: string, mods: { shift?: boolean; ctrl?: boolean } = {}) =>
    events.push({
      type: 'keydown',
      key,
      code,
      shiftKey: mods.shift === true,
      ctrlKey: mods.ctrl === true,
      altKey: false,
      metaKey: false,
      timeStamp: at,
    });
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith(ESC)) {
      const sequence = ESCAPE_SEQUENCE.exec(rest)?.[0] ?? ESC;
      press('Escape', 'Escape');
      rest = rest.slice(sequence.length);
      continue;
    }
    const char = String.fromCodePoint(rest.codePointAt(0)!);
    rest = rest.slice(char.length);
    if (char === '\r' || char === '\n') press('Enter', 'Enter');
    else if (char === '\t') press('Tab', 'Tab');
    else if (char === GS) press(']', 'BracketRight', { ctrl: true });
    else if (char < ' ' || char === '\u007f') press('Unidentified', '');
    else {
      const stroke = strokeFor(layout, char);
      // A character the desk's layout cannot type (AltGr, IME) is taken as it came.
      press(char, stroke?.code ?? '', { shift: stroke?.shift ?? false });
    }
  }
  return events;
}
