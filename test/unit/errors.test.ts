import { describe, expect, it } from 'vitest';
import {
  AcceptError,
  type AcceptErrorCode,
  describeError,
  ERROR_MESSAGES,
  isAcceptError,
  isAcceptErrorCode,
} from '../../src/errors.js';

const codes = Object.keys(ERROR_MESSAGES) as AcceptErrorCode[];
const CYRILLIC = /[\u0400-\u04FF]/;

describe('the message catalog', () => {
  it.each(codes)('%s has an English and a Ukrainian text', (code) => {
    const { en, uk } = ERROR_MESSAGES[code];
    expect(en.trim().length).toBeGreaterThan(5);
    expect(uk.trim().length).toBeGreaterThan(5);
    expect(en).not.toMatch(CYRILLIC);
    expect(uk).toMatch(CYRILLIC);
    expect(en).not.toBe(uk);
  });

  it('codes are upper snake case, so they are safe in logs, JSON and URLs', () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});

describe('AcceptError', () => {
  it('keeps the code, the cause, and a message without the cause text', () => {
    const cause = new Error('ECONNREFUSED 10.0.0.1:443');
    const error = new AcceptError('PLATFORM_UNAVAILABLE', { cause, detail: 'after 3 attempts' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AcceptError');
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(`${ERROR_MESSAGES.PLATFORM_UNAVAILABLE.en} (after 3 attempts)`);
    expect(error.message).not.toContain('ECONNREFUSED');
  });

  it('has no cause property when none was given', () => {
    expect('cause' in new AcceptError('SCAN_EMPTY')).toBe(false);
  });
});

describe('isAcceptError', () => {
  it('recognises the error, by code and by a list of codes', () => {
    const error = new AcceptError('TOKEN_EXPIRED');
    expect(isAcceptError(error)).toBe(true);
    expect(isAcceptError(error, 'TOKEN_EXPIRED')).toBe(true);
    expect(isAcceptError(error, 'SCAN_EMPTY')).toBe(false);
    expect(isAcceptError(error, ['SCAN_EMPTY', 'TOKEN_EXPIRED'])).toBe(true);
  });

  it('works across duplicated copies of the package (a brand, not instanceof)', () => {
    // What a second copy of the package would construct: another class, the same global symbol.
    class OtherCopyError extends Error {
      code = 'CODE_ALREADY_USED';
    }
    const foreign = new OtherCopyError('x');
    Object.defineProperty(foreign, Symbol.for('diia-accept.AcceptError'), { value: true });
    expect(foreign instanceof AcceptError).toBe(false);
    expect(isAcceptError(foreign, 'CODE_ALREADY_USED')).toBe(true);
  });

  it('rejects look-alikes without the brand', () => {
    expect(isAcceptError({ code: 'TOKEN_EXPIRED', name: 'AcceptError' })).toBe(false);
    expect(isAcceptError(new Error('TOKEN_EXPIRED'))).toBe(false);
    expect(isAcceptError(null)).toBe(false);
    expect(isAcceptError('TOKEN_EXPIRED')).toBe(false);
  });
});

describe('describeError', () => {
  it('speaks Ukrainian and English', () => {
    const error = new AcceptError('CODE_ALREADY_USED');
    expect(describeError(error, 'uk')).toBe(ERROR_MESSAGES.CODE_ALREADY_USED.uk);
    expect(describeError(error, 'en')).toBe(ERROR_MESSAGES.CODE_ALREADY_USED.en);
    expect(describeError(error)).toBe(ERROR_MESSAGES.CODE_ALREADY_USED.en);
  });

  it('never shows the internals of a foreign error', () => {
    const text = describeError(new Error('secret token abc123'), 'en');
    expect(text).not.toContain('abc123');
    expect(describeError(new Error('x'), 'uk')).toMatch(CYRILLIC);
  });
});

describe('isAcceptErrorCode', () => {
  it('accepts only catalog codes', () => {
    expect(isAcceptErrorCode('TOKEN_EXPIRED')).toBe(true);
    expect(isAcceptErrorCode('toString')).toBe(false);
    expect(isAcceptErrorCode('__proto__')).toBe(false);
    expect(isAcceptErrorCode(42)).toBe(false);
  });
});
