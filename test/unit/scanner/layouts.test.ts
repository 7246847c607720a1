import { describe, expect, it } from 'vitest';
import {
  characterFor,
  KEYBOARD_LAYOUTS,
  type KeyboardLayoutId,
  strokeFor,
} from '../../../src/scanner/layouts.js';

const IDS = Object.keys(KEYBOARD_LAYOUTS) as KeyboardLayoutId[];

describe('keyboard layouts', () => {
  it('knows US, UK, Ukrainian, Russian, German and French', () => {
    expect(IDS).toEqual(['us', 'uk', 'ua', 'ru', 'de', 'fr']);
  });

  it('every layout maps the same 53 physical keys plus the numpad', () => {
    for (const id of IDS) {
      expect(KEYBOARD_LAYOUTS[id].keys.size).toBe(48 + 1 + 15);
      expect(KEYBOARD_LAYOUTS[id].id).toBe(id);
    }
  });

  // Spot checks written from the printed keycaps, independent of the tables' row strings.
  it.each([
    ['us', 'Semicolon', true, ':'],
    ['us', 'Slash', false, '/'],
    ['us', 'Digit2', true, '@'],
    ['uk', 'Digit2', true, '"'],
    ['uk', 'Digit3', true, '£'],
    ['uk', 'Quote', true, '@'],
    ['uk', 'Backslash', false, '#'],
    ['ua', 'KeyS', false, 'і'],
    ['ua', 'BracketRight', false, 'ї'],
    ['ua', 'Quote', false, 'є'],
    ['ua', 'Backquote', false, "'"],
    ['ua', 'Slash', false, '.'],
    ['ua', 'Slash', true, ','],
    ['ua', 'Digit3', true, '№'],
    ['ru', 'KeyS', false, 'ы'],
    ['ru', 'Backquote', false, 'ё'],
    ['ru', 'BracketRight', false, 'ъ'],
    ['ru', 'Semicolon', true, 'Ж'],
    ['de', 'KeyY', false, 'z'],
    ['de', 'KeyZ', false, 'y'],
    ['de', 'Semicolon', true, 'Ö'],
    ['de', 'Slash', false, '-'],
    ['de', 'Slash', true, '_'],
    ['de', 'Digit7', true, '/'],
    ['de', 'Minus', false, 'ß'],
    ['fr', 'KeyQ', false, 'a'],
    ['fr', 'KeyA', false, 'q'],
    ['fr', 'KeyM', false, ','],
    ['fr', 'Semicolon', false, 'm'],
    ['fr', 'Digit1', false, '&'],
    ['fr', 'Digit1', true, '1'],
    ['fr', 'Digit2', false, 'é'],
    ['fr', 'Digit8', false, '_'],
    ['fr', 'Period', false, ':'],
    ['fr', 'Period', true, '/'],
    ['fr', 'Comma', true, '.'],
    ['fr', 'Digit6', false, '-'],
  ] as const)('%s %s shift=%s types %j', (id, code, shift, char) => {
    expect(characterFor(KEYBOARD_LAYOUTS[id], code, shift)).toBe(char);
  });

  it('dead and silent keys type no character', () => {
    expect(characterFor(KEYBOARD_LAYOUTS.de, 'Backquote', false)).toBeUndefined();
    expect(characterFor(KEYBOARD_LAYOUTS.fr, 'BracketLeft', false)).toBeUndefined();
    expect(characterFor(KEYBOARD_LAYOUTS.fr, 'Backquote', true)).toBeUndefined();
    expect(characterFor(KEYBOARD_LAYOUTS.us, 'F8', false)).toBeUndefined();
  });

  it('the US layout types every printable ASCII character, and strokeFor inverts characterFor', () => {
    for (let c = 0x20; c < 0x7f; c++) {
      const char = String.fromCharCode(c);
      const stroke = strokeFor(KEYBOARD_LAYOUTS.us, char);
      expect(stroke, char).toBeDefined();
      expect(characterFor(KEYBOARD_LAYOUTS.us, stroke!.code, stroke!.shift)).toBe(char);
    }
    for (const id of IDS) {
      for (const [code, [plain, shifted]] of KEYBOARD_LAYOUTS[id].keys) {
        for (const [value, shift] of [
          [plain, false],
          [shifted, true],
        ] as const) {
          if (value.length !== 1) continue;
          const stroke = strokeFor(KEYBOARD_LAYOUTS[id], value)!;
          expect(characterFor(KEYBOARD_LAYOUTS[id], stroke.code, stroke.shift), `${id} ${code}`).toBe(value);
          if (shift) expect(typeof stroke.shift).toBe('boolean');
        }
      }
    }
  });

  it('Cyrillic layouts cannot type the Latin letters of a link: the reason for decoding by position', () => {
    expect(strokeFor(KEYBOARD_LAYOUTS.ua, 'h')).toBeUndefined();
    expect(strokeFor(KEYBOARD_LAYOUTS.ru, 'd')).toBeUndefined();
    expect(strokeFor(KEYBOARD_LAYOUTS.fr, '[')).toBeUndefined();
  });
});
