/**
 * Keyboard layouts as tables from a physical key (the DOM `code`, UI Events KeyboardEvent code values)
 * to what the layout types with and without Shift. A keyboard-wedge scanner presses physical keys as its
 * own layout setting says (US unless configured otherwise); the desk computer turns those keys into
 * characters with its own layout. With both tables the wedge decoder recovers the scanner's characters
 * and recognises which layout the desk uses.
 *
 * Only the two Shift levels are modelled: scanners type the ASCII that document codes need without AltGr.
 * `Dead` marks a dead key (the DOM reports `key: 'Dead'`), `Unidentified` a key that types nothing.
 *
 * @module
 */

/**
 * The layouts the SDK knows: US, UK, Ukrainian (Windows "Ukrainian (Enhanced)"), Russian (Windows ЙЦУКЕН),
 * German (T1 QWERTZ) and French (Windows AZERTY).
 *
 * @example
 * ```ts
 * import type { KeyboardLayoutId } from 'diia-accept/scanner';
 * const scannerLayout: KeyboardLayoutId = 'us';
 * ```
 */
export type KeyboardLayoutId = 'us' | 'uk' | 'ua' | 'ru' | 'de' | 'fr';

/**
 * A keyboard layout: for each physical key `code`, the key value without and with Shift.
 *
 * @example
 * ```ts
 * import { KEYBOARD_LAYOUTS } from 'diia-accept/scanner';
 * KEYBOARD_LAYOUTS.fr.keys.get('Digit1'); // ['&', '1']
 * ```
 */
export interface KeyboardLayout {
  readonly id: KeyboardLayoutId;
  /** The name people know it by. */
  readonly name: string;
  /** Physical key code → [key without Shift, key with Shift]. */
  readonly keys: ReadonlyMap<string, readonly [string, string]>;
}

// The four rows of the alphanumeric block, left to right, as DOM codes. `Backslash` is the key above
// Enter on ANSI keyboards and left of Enter on ISO ones (the UI Events spec names both `Backslash`).
const ROWS = [
  'Backquote Digit1 Digit2 Digit3 Digit4 Digit5 Digit6 Digit7 Digit8 Digit9 Digit0 Minus Equal',
  'KeyQ KeyW KeyE KeyR KeyT KeyY KeyU KeyI KeyO KeyP BracketLeft BracketRight Backslash',
  'KeyA KeyS KeyD KeyF KeyG KeyH KeyJ KeyK KeyL Semicolon Quote',
  'IntlBackslash KeyZ KeyX KeyC KeyV KeyB KeyN KeyM Comma Period Slash',
].map((row) => row.split(' '));

const NUMPAD: ReadonlyArray<[string, string]> = [
  ...Array.from({ length: 10 }, (_, digit): [string, string] => [`Numpad${digit}`, String(digit)]),
  ['NumpadAdd', '+'],
  ['NumpadSubtract', '-'],
  ['NumpadMultiply', '*'],
  ['NumpadDivide', '/'],
];

type RowText = readonly [plain: string, shifted: string];

function layout(
  id: KeyboardLayoutId,
  name: string,
  rows: readonly RowText[],
  numpadDecimal: string,
): KeyboardLayout {
  const keys = new Map<string, readonly [string, string]>();
  rows.forEach(([plain, shifted], r) => {
    const codes = ROWS[r]!;
    const lower = plain.split(' ');
    const upper = shifted.split(' ');
    if (lower.length !== codes.length || upper.length !== codes.length) {
      throw new Error(`layout ${id}: row ${r} has the wrong number of keys`);
    }
    codes.forEach((code, k) => {
      keys.set(code, [lower[k]!, upper[k]!]);
    });
  });
  keys.set('Space', [' ', ' ']);
  for (const [code, value] of NUMPAD) keys.set(code, [value, value]);
  keys.set('NumpadDecimal', [numpadDecimal, numpadDecimal]);
  return Object.freeze({ id, name, keys });
}

/**
 * Every layout the SDK knows, by id.
 *
 * @example
 * ```ts
 * import { KEYBOARD_LAYOUTS } from 'diia-accept/scanner';
 * KEYBOARD_LAYOUTS.ua.keys.get('KeyS'); // ['і', 'І']
 * ```
 */
export const KEYBOARD_LAYOUTS: Readonly<Record<KeyboardLayoutId, KeyboardLayout>> = Object.freeze({
  us: layout(
    'us',
    'English (US)',
    [
      ['` 1 2 3 4 5 6 7 8 9 0 - =', '~ ! @ # $ % ^ & * ( ) _ +'],
      ['q w e r t y u i o p [ ] \\', 'Q W E R T Y U I O P { } |'],
      ["a s d f g h j k l ; '", 'A S D F G H J K L : "'],
      ['\\ z x c v b n m , . /', '| Z X C V B N M < > ?'],
    ],
    '.',
  ),
  uk: layout(
    'uk',
    'English (UK)',
    [
      ['` 1 2 3 4 5 6 7 8 9 0 - =', '¬ ! " £ $ % ^ & * ( ) _ +'],
      ['q w e r t y u i o p [ ] #', 'Q W E R T Y U I O P { } ~'],
      ["a s d f g h j k l ; '", 'A S D F G H J K L : @'],
      ['\\ z x c v b n m , . /', '| Z X C V B N M < > ?'],
    ],
    '.',
  ),
  ua: layout(
    'ua',
    'Українська (розширена)',
    [
      ["' 1 2 3 4 5 6 7 8 9 0 - =", '₴ ! " № ; % : ? * ( ) _ +'],
      ['й ц у к е н г ш щ з х ї ґ', 'Й Ц У К Е Н Г Ш Щ З Х Ї Ґ'],
      ['ф і в а п р о л д ж є', 'Ф І В А П Р О Л Д Ж Є'],
      ['\\ я ч с м и т ь б ю .', '/ Я Ч С М И Т Ь Б Ю ,'],
    ],
    ',',
  ),
  ru: layout(
    'ru',
    'Русская',
    [
      ['ё 1 2 3 4 5 6 7 8 9 0 - =', 'Ё ! " № ; % : ? * ( ) _ +'],
      ['й ц у к е н г ш щ з х ъ \\', 'Й Ц У К Е Н Г Ш Щ З Х Ъ /'],
      ['ф ы в а п р о л д ж э', 'Ф Ы В А П Р О Л Д Ж Э'],
      ['\\ я ч с м и т ь б ю .', '/ Я Ч С М И Т Ь Б Ю ,'],
    ],
    ',',
  ),
  de: layout(
    'de',
    'Deutsch',
    [
      ['Dead 1 2 3 4 5 6 7 8 9 0 ß Dead', '° ! " § $ % & / ( ) = ? Dead'],
      ['q w e r t z u i o p ü + #', "Q W E R T Z U I O P Ü * '"],
      ['a s d f g h j k l ö ä', 'A S D F G H J K L Ö Ä'],
      ['< y x c v b n m , . -', '> Y X C V B N M ; : _'],
    ],
    ',',
  ),
  fr: layout(
    'fr',
    'Français (AZERTY)',
    [
      ['² & é " \' ( - è _ ç à ) =', 'Unidentified 1 2 3 4 5 6 7 8 9 0 ° +'],
      ['a z e r t y u i o p Dead $ *', 'A Z E R T Y U I O P Dead £ µ'],
      ['q s d f g h j k l m ù', 'Q S D F G H J K L M %'],
      ['< w x c v b n , ; : !', '> W X C V B N ? . / §'],
    ],
    '.',
  ),
});

/**
 * The character a layout types for a physical key, or `undefined` for a dead, unknown or silent key.
 *
 * @example
 * ```ts
 * import { KEYBOARD_LAYOUTS, characterFor } from 'diia-accept/scanner';
 * characterFor(KEYBOARD_LAYOUTS.de, 'KeyY', false); // 'z'
 * ```
 */
export function characterFor(layout: KeyboardLayout, code: string, shift: boolean): string | undefined {
  const value = layout.keys.get(code)?.[shift ? 1 : 0];
  return value === undefined || value.length !== 1 ? undefined : value;
}

/**
 * One key press a layout needs to type a character.
 *
 * @example
 * ```ts
 * import type { KeyStroke } from 'diia-accept/scanner';
 * const colon: KeyStroke = { code: 'Semicolon', shift: true };
 * ```
 */
export interface KeyStroke {
  /** The physical key (DOM `code`). */
  readonly code: string;
  /** Whether Shift is held. */
  readonly shift: boolean;
}

const strokeTables = new WeakMap<KeyboardLayout, Map<string, KeyStroke>>();

/**
 * The physical key and Shift state that type a character in a layout (the first match in the order of the
 * rows, then the numpad), or `undefined` if the layout cannot type it without AltGr.
 *
 * @example
 * ```ts
 * import { KEYBOARD_LAYOUTS, strokeFor } from 'diia-accept/scanner';
 * strokeFor(KEYBOARD_LAYOUTS.us, ':'); // { code: 'Semicolon', shift: true }
 * ```
 */
export function strokeFor(layout: KeyboardLayout, character: string): KeyStroke | undefined {
  let table = strokeTables.get(layout);
  if (!table) {
    table = new Map();
    for (const [code, [plain, shifted]] of layout.keys) {
      if (plain.length === 1 && !table.has(plain)) table.set(plain, { code, shift: false });
      if (shifted.length === 1 && !table.has(shifted)) table.set(shifted, { code, shift: true });
    }
    strokeTables.set(layout, table);
  }
  return table.get(character);
}
