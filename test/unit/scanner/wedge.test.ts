import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { DOCUMENT_TYPES } from '../../../src/documents.js';
import { isAcceptError } from '../../../src/errors.js';
import { withEan13CheckDigit } from '../../../src/scanner/ean13.js';
import { scannerKeystrokes } from '../../../src/scanner/keystrokes.js';
import type { KeyboardLayoutId } from '../../../src/scanner/layouts.js';
import { createWedgeDecoder, type WedgeKeyEvent, type WedgeOptions } from '../../../src/scanner/wedge.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/driver-license/Xk_7-q/verify/${OTP}`;
const BARCODE = '2858364170864';
const TOKEN =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6ImRpaWEtZG9jdW1lbnQrand0Iiwia2lkIjoicGxhdGZvcm0tMjAyNiJ9.' +
  'eyJpc3MiOiJodHRwczovL2RpaWEuYXBwIiwiaWF0IjoxNzkwMDAwMDAwLCJleHAiOjE3OTAwMDAxODAsImp0aSI6IjliMmQ2ZjFlLTBjNGEtNGU4Yi04ZjNkLTJhMWIwYzlkOGU3ZiIsImRvYyI6InBhc3Nwb3J0IiwiaGFuZGxlIjoiaC01MWYwIn0.' +
  'c2lnbmF0dXJl';
const LAYOUTS: KeyboardLayoutId[] = ['us', 'uk', 'ua', 'ru', 'de', 'fr'];

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/keystrokes/${name}.json`, import.meta.url), 'utf8')) as {
    text?: string;
    deskLayout?: KeyboardLayoutId;
    events: WedgeKeyEvent[];
  };

const run = (events: readonly WedgeKeyEvent[], options?: WedgeOptions) => {
  const decoder = createWedgeDecoder(options);
  return events.flatMap((event) => decoder.feed(event));
};

describe('wedge decoder: recorded streams', () => {
  it("French desk: the barcode typed as é_(_\"-'&èà_-' reads as digits, with a layout warning", () => {
    const { events, text } = fixture('fr-barcode');
    const scans = run(events);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({
      text,
      endedBy: 'Enter',
      layoutMismatch: true,
      deskLayout: 'fr',
      scan: { kind: 'barcode', barcode: BARCODE },
      startedAt: 1000,
    });
    expect(scans[0]!.warnings.map((w) => w.code)).toEqual(['WEDGE_LAYOUT_MISMATCH']);
  });

  it.each(['ua-link-head', 'ru-link-head'])('%s: Cyrillic output decodes back to the link', (name) => {
    const { events, text, deskLayout } = fixture(name);
    const scans = run(events);
    expect(scans.map((s) => [s.text, s.layoutMismatch, s.deskLayout])).toEqual([[text, true, deskLayout]]);
  });
});

describe('wedge decoder: recorded links', () => {
  it('German desk, 8-40 ms with jitter: z/y swapped, Ö for colon, - for slash; decoded by position', () => {
    const { events, text } = fixture('de-link');
    expect(events.some((e) => e.key === 'Ö')).toBe(true);
    expect(run(events)).toMatchObject([
      { text, layoutMismatch: true, deskLayout: 'de', scan: { kind: 'document-link', otp: OTP } },
    ]);
  });

  it('UK desk, 1-2 ms: the same characters as US, so no warning', () => {
    const { events, text } = fixture('uk-link');
    expect(run(events)).toMatchObject([{ text, layoutMismatch: false, deskLayout: 'us', warnings: [] }]);
  });
});

describe('wedge decoder: generated scanner bursts in every desk layout at 1-40 ms', () => {
  const cases = LAYOUTS.flatMap((desk) =>
    [1, 2, 5, 10, 20, 40].flatMap((gap) =>
      (
        [
          ['link', LINK],
          ['barcode', BARCODE],
          ['token', TOKEN],
        ] as const
      ).map(([name, text]) => [desk, gap, name, text] as const),
    ),
  );
  it.each(cases)('%s desk, %i ms, %s', (desk, gap, _name, text) => {
    const events = scannerKeystrokes(text, { deskLayout: desk, gapMs: gap, startAt: 500 });
    const scans = run(events);
    expect(scans).toHaveLength(1);
    const scan = scans[0]!;
    expect(scan.text).toBe(text);
    expect(scan.scan.kind).toBe(
      text === LINK ? 'document-link' : text === BARCODE ? 'barcode' : 'document-token',
    );
    // Digits, '-', '_', '.', ':' and '/' type alike on US and UK; Latin letters or digits differ elsewhere.
    const differs = desk === 'fr' || (text !== BARCODE && desk !== 'us' && desk !== 'uk');
    expect(scan.layoutMismatch).toBe(differs);
    expect(scan.deskLayout).toBe(differs ? desk : 'us');
    expect(scan.warnings).toHaveLength(differs ? 1 : 0);
  });

  it('a scanner configured for the French layout, on a French desk, needs scannerLayout: fr', () => {
    const events = scannerKeystrokes(LINK, { scannerLayout: 'fr', deskLayout: 'fr', gapMs: 3 });
    expect(run(events, { scannerLayout: 'fr' }).map((s) => [s.text, s.layoutMismatch])).toEqual([
      [LINK, false],
    ]);
    expect(run(events)[0]?.text).not.toBe(LINK);
  });

  it('loses nothing at 0-2 ms, including equal and out-of-order timestamps', () => {
    const events = scannerKeystrokes(LINK, { gapMs: (i) => [0, 1, 2, -1][i % 4]! });
    expect(run(events).map((s) => s.text)).toEqual([LINK]);
  });

  it('reads two scans back to back', () => {
    const first = scannerKeystrokes(BARCODE, { gapMs: 2 });
    const second = scannerKeystrokes(LINK, {
      gapMs: 2,
      startAt: first.at(-1)!.timeStamp + 3,
      terminator: 'Tab',
    });
    expect(run([...first, ...second]).map((s) => [s.text, s.endedBy])).toEqual([
      [BARCODE, 'Enter'],
      [LINK, 'Tab'],
    ]);
  });

  it('handles Caps Lock on the desk, with and without the scanner compensating', () => {
    const plain = scannerKeystrokes(LINK, { deskLayout: 'us', capsLock: true, gapMs: 4 });
    expect(plain.find((e) => e.code === 'KeyH')?.key).toBe('H');
    expect(run(plain).map((s) => [s.text, s.layoutMismatch])).toEqual([[LINK, false]]);
    const compensated = scannerKeystrokes(LINK, { capsLock: true, capsLockCompensation: true, gapMs: 4 });
    expect(compensated.find((e) => e.code === 'KeyH')?.key).toBe('h');
    expect(run(compensated, { capsLockCompensation: true }).map((s) => s.text)).toEqual([LINK]);
    const ru = scannerKeystrokes(LINK, { deskLayout: 'ru', capsLock: true, gapMs: 4 });
    expect(run(ru).map((s) => [s.text, s.deskLayout])).toEqual([[LINK, 'ru']]);
  });

  it('reads Alt+numpad codes and the GS separator of GS1 codes', () => {
    const gs1 = '(01)09501101530003\u001d(10)ABC\u001d(17)251231';
    expect(run(scannerKeystrokes(gs1, { gapMs: 2 })).map((s) => s.text)).toEqual([gs1]);
    // Characters the scanner's layout lacks come as Alt+0nnn.
    const accented = 'café-crème-123';
    const altEvents = scannerKeystrokes(accented, { gapMs: 2 });
    expect(altEvents.some((e) => e.altKey && e.code === 'Numpad2')).toBe(true);
    expect(run(altEvents).map((s) => s.text)).toEqual([accented]);
    // Alt+029 for GS, Alt released without a keyup event reaching the decoder.
    const at = (t: number, code: string, key: string, altKey: boolean): WedgeKeyEvent => ({
      code,
      key,
      altKey,
      timeStamp: t,
    });
    const events = [
      ...scannerKeystrokes('0109501101', { gapMs: 2, terminator: 'none' }),
      at(30, 'AltLeft', 'Alt', true),
      at(31, 'Numpad0', '0', true),
      at(32, 'Numpad2', '2', true),
      at(33, 'Numpad9', '9', true),
      at(34, 'Digit1', '1', false),
      at(35, 'Digit0', '0', false),
      at(36, 'Enter', 'Enter', false),
    ];
    expect(run(events).map((s) => s.text)).toEqual(['0109501101\u001d10']);
    // Only keydowns forwarded: each new Alt press ends the previous code.
    const keydownsOnly = scannerKeystrokes('àéè-12345678', { gapMs: 2 }).filter((e) => e.type !== 'keyup');
    expect(run(keydownsOnly).map((s) => s.text)).toEqual(['àéè-12345678']);
    // A scanner set to send GS as F8.
    const f8 = scannerKeystrokes('0109501101', { gapMs: 2, terminator: 'none' });
    f8.push(
      { code: 'F8', key: 'F8', timeStamp: 30 },
      ...scannerKeystrokes('10ABC', { startAt: 31, gapMs: 2 }),
    );
    expect(run(f8, { gsKeys: ['F8'] }).map((s) => s.text)).toEqual(['0109501101\u001d10ABC']);
    expect(run(f8)).toEqual([]);
  });

  it('strips a configured prefix and suffix, and requires them', () => {
    const withBoth = scannerKeystrokes(`~${BARCODE}#`, { gapMs: 3, terminator: 'none' });
    expect(run(withBoth, { prefix: '~', suffix: '#' }).map((s) => [s.text, s.endedBy])).toEqual([
      [BARCODE, 'suffix'],
    ]);
    expect(run(scannerKeystrokes(BARCODE, { gapMs: 3 }), { prefix: '~' })).toEqual([]);
    expect(run(scannerKeystrokes(`~${BARCODE}`, { gapMs: 3 }), { prefix: '~', suffix: '#' })).toEqual([]);
  });

  it('without terminators, a scan ends by a pause: on the next key or on flush', () => {
    const clock = manualClock(0);
    const seen: string[] = [];
    const decoder = createWedgeDecoder({ terminators: [], clock, onScan: (s) => seen.push(s.text) });
    for (const event of scannerKeystrokes(BARCODE, { gapMs: 2, startAt: 100, terminator: 'none' }))
      decoder.feed(event);
    clock.set(100 + 24 + 60);
    expect(decoder.flush()).toEqual([]);
    expect(decoder.pending).toBe(true);
    clock.set(100 + 24 + 61);
    expect(decoder.flush().map((s) => [s.text, s.endedBy, s.endedAt])).toEqual([[BARCODE, 'pause', 124]]);
    expect(decoder.pending).toBe(false);
    const next = scannerKeystrokes(LINK, { gapMs: 2, startAt: 1000, terminator: 'none' });
    for (const event of next) decoder.feed(event);
    expect(decoder.feed({ code: 'KeyA', key: 'a', timeStamp: 5000 }).map((s) => s.text)).toEqual([LINK]);
    expect(seen).toEqual([BARCODE, LINK]);
    decoder.reset();
    expect(decoder.pending).toBe(false);
  });

  it('a terminated scanner burst cut short by a pause is dropped, and flush() without a time forces the end', () => {
    const decoder = createWedgeDecoder();
    for (const event of scannerKeystrokes(BARCODE, { gapMs: 2, terminator: 'none' })) decoder.feed(event);
    expect(decoder.flush()).toEqual([]);
    const idle = createWedgeDecoder({ terminators: [] });
    for (const event of scannerKeystrokes(BARCODE, { gapMs: 2, terminator: 'none' })) idle.feed(event);
    expect(idle.flush().map((s) => s.text)).toEqual([BARCODE]);
  });
});

describe('wedge decoder: people typing never become scans', () => {
  const typed = (text: string, gaps: (i: number) => number, extra: Partial<WedgeKeyEvent> = {}) =>
    scannerKeystrokes(text, { gapMs: gaps }).map((e) => ({ ...e, ...extra }));

  it('the recorded hand-typed barcode', () => {
    expect(run(fixture('human-barcode').events)).toEqual([]);
  });

  it.each([
    ['a steady typist, 120 ms', (_: number) => 120],
    ['a fast typist, 60-90 ms with 15 ms rollovers', (i: number) => (i % 5 === 0 ? 15 : 60 + ((i * 7) % 31))],
    ['a burst of fast keys, then a pause before Enter', (i: number) => (i === 13 ? 400 : 20)],
    ['a very fast typist averaging 50 ms', (i: number) => (i % 2 ? 30 : 70)],
  ])('%s', (_name, gaps) => {
    expect(run(typed(BARCODE, gaps))).toEqual([]);
    expect(run(typed('https://diia.app/', gaps))).toEqual([]);
  });

  it('short entries, held keys, shortcuts and corrections', () => {
    expect(run(typed('1234567', () => 5))).toEqual([]); // fewer than 8 characters
    expect(run(typed(BARCODE, () => 33, { repeat: true }))).toEqual([]);
    const paste: WedgeKeyEvent[] = [
      { code: 'ControlLeft', key: 'Control', ctrlKey: true, timeStamp: 0 },
      { code: 'KeyV', key: 'v', ctrlKey: true, timeStamp: 5 },
      ...scannerKeystrokes(BARCODE, { gapMs: 5, startAt: 10 }),
    ];
    expect(run(paste)).toEqual([]);
    const corrected = scannerKeystrokes(BARCODE, { gapMs: 5 });
    corrected.splice(5, 0, { code: 'Backspace', key: 'Backspace', timeStamp: corrected[4]!.timeStamp });
    expect(run(corrected)).toEqual([]);
    const menu = scannerKeystrokes(BARCODE, { gapMs: 5 }).map((e, i) =>
      i === 3 ? { ...e, altKey: true } : e,
    );
    expect(run(menu)).toEqual([]);
  });

  it('typing before a scan does not spoil the scan', () => {
    const person = typed('hello', () => 150);
    const scanner = scannerKeystrokes(BARCODE, { gapMs: 3, startAt: person.at(-1)!.timeStamp + 200 });
    expect(run([...person, ...scanner]).map((s) => s.text)).toEqual([BARCODE]);
  });
});

describe('wedge decoder: properties and options', () => {
  const uuid = fc.uuid({ version: 4 });
  const text = fc.oneof(
    fc.stringMatching(/^[0-9]{12}$/).map(withEan13CheckDigit),
    fc
      .tuple(fc.constantFrom(...DOCUMENT_TYPES), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), uuid)
      .map(([type, id, otp]) => `https://diia.app/documents/${type}/${id}/verify/${otp}`),
  );

  it('what a scanner types in any layout, at any pace from 1 to 40 ms, decodes back to itself', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(...LAYOUTS),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (value, desk, gaps, capsLock) => {
          const events = scannerKeystrokes(value, {
            deskLayout: desk,
            capsLock,
            gapMs: (i) => gaps[i % gaps.length]!,
          });
          const avg = (events.at(-1)!.timeStamp - events[0]!.timeStamp) / (events.length - 1);
          const scans = run(events);
          if (avg > 45) return; // slower than the default average: not a scanner by definition
          expect(scans.map((s) => s.text)).toEqual([value]);
          expect(scans[0]!.scan.kind === 'barcode' || scans[0]!.scan.kind === 'document-link').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary events never throw', () => {
    const event = fc.record(
      {
        type: fc.constantFrom('keydown', 'keyup', 'keypress'),
        key: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('Enter', 'Tab', 'Alt', 'Shift', 'Dead')),
        code: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom('KeyA', 'Numpad1', 'AltLeft', 'BracketRight'),
        ),
        shiftKey: fc.boolean(),
        altKey: fc.boolean(),
        ctrlKey: fc.boolean(),
        repeat: fc.boolean(),
        timeStamp: fc.oneof(fc.double(), fc.integer({ min: 0, max: 10_000 })),
      },
      { requiredKeys: ['key', 'code', 'timeStamp'] },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const decoder = createWedgeDecoder({ minLength: 1, terminators: [] });
        for (const e of events) decoder.feed(e as WedgeKeyEvent);
        decoder.flush();
      }),
    );
  });

  it('rejects invalid options with INVALID_ARGUMENT', () => {
    for (const options of [
      { scannerLayout: 'xx' as never },
      { maxGapMs: 0 },
      { maxAverageGapMs: Number.NaN },
      { minLength: -1 },
      { terminators: ['Escape' as never] },
      { prefix: 1 as never },
    ]) {
      let error: unknown;
      try {
        createWedgeDecoder(options);
      } catch (e) {
        error = e;
      }
      expect(isAcceptError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
