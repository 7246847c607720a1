import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from '../../../../src/scanner/browser/repeat-filter.js';

describe('createRepeatFilter', () => {
  it('reports a code held in view once, and again after it was away for the cool-down', () => {
    const filter = createRepeatFilter(1000);
    expect(filter.fresh('A', 0)).toBe(true);
    for (let at = 100; at <= 5000; at += 100) expect(filter.fresh('A', at)).toBe(false);
    expect(filter.fresh('B', 5100)).toBe(true);
    expect(filter.fresh('A', 6001)).toBe(true);
  });

  it('after a pause, the codes seen before it count as seen when it ends', () => {
    const filter = createRepeatFilter(1000);
    expect(filter.fresh('A', 0)).toBe(true);
    filter.touchAll(10_000);
    expect(filter.fresh('A', 10_500)).toBe(false);
    expect(filter.fresh('A', 11_400)).toBe(false);
    expect(filter.fresh('A', 12_401)).toBe(true);
  });

  it('a sequence of sightings yields each code at most once per run of close sightings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.integer({ min: 0, max: 3000 }))),
        (steps) => {
          const filter = createRepeatFilter(500);
          const last = new Map<string, number>();
          let at = 0;
          for (const [code, gap] of steps) {
            at += gap;
            const expected = !last.has(code) || at - last.get(code)! > 500;
            expect(filter.fresh(code, at)).toBe(expected);
            last.set(code, at);
          }
        },
      ),
    );
  });
});
