import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock, parseDuration, systemClock } from '../../src/clock.js';
import { isAcceptError } from '../../src/errors.js';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [1500, 1500],
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['3m', 180_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ] as const)('%j is %i ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    '',
    '30',
    's',
    '-5s',
    '5 s',
    '5S',
    '1e3ms',
    '5sec',
    'NaNs',
    '367d',
    ' 5s',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])('rejects %j with INVALID_DURATION', (input) => {
    expect(() => parseDuration(input as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', name: 'AcceptError' }),
    );
  });

  it('rejects values of other types', () => {
    for (const value of [null, undefined, {}, [], true]) {
      expect(() => parseDuration(value as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_DURATION' }),
      );
    }
  });

  it('never throws anything but an AcceptError (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer()), (input) => {
        try {
          const ms = parseDuration(input as never);
          expect(Number.isInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(isAcceptError(error, 'INVALID_DURATION')).toBe(true);
        }
      }),
    );
  });

  it('reads back what it prints (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom('ms', 's', 'm', 'h'), (n, unit) => {
        const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
        expect(parseDuration(`${n}${unit}` as never)).toBe(n * factor);
      }),
    );
  });
});

describe('clocks', () => {
  it('the manual clock stands still until moved', () => {
    const clock = manualClock('2026-01-01T10:00:00Z');
    const start = Date.parse('2026-01-01T10:00:00Z');
    expect(clock.now()).toBe(start);
    expect(clock.now()).toBe(start);
    clock.advance('3m');
    expect(clock.now()).toBe(start + 180_000);
    clock.advance(1);
    expect(clock.now()).toBe(start + 180_001);
    clock.set(new Date(0));
    expect(clock.now()).toBe(0);
  });

  it('rejects an invalid start time', () => {
    expect(() => manualClock('not a date')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('the system clock follows Date.now', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
