import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scannerKeystrokes } from '../../../../src/scanner/keystrokes.js';
import type { KeyboardLayoutId } from '../../../../src/scanner/layouts.js';
import { readTerminalScanner } from '../../../../src/scanner/node/index.js';
import { terminalKeyEvents } from '../../../../src/scanner/node/terminal-keys.js';
import { createWedgeDecoder, type WedgeOptions, type WedgeScan } from '../../../../src/scanner/wedge.js';

const OTP = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const LINK = `https://diia.app/documents/passport/8a7d1c/verify/${OTP}`;
const BARCODE = '2858364170864';

/** What a terminal shows when a US-layout scanner types `text` on a desk with `desk` switched on. */
function typedOnTerminal(text: string, desk: KeyboardLayoutId): string {
  return scannerKeystrokes(text, { deskLayout: desk })
    .filter((e) => e.key.length === 1 || e.key === 'Enter')
    .map((e) => (e.key === 'Enter' ? '\r' : e.key))
    .join('');
}

/** Terminal chunks (text, arrival ms) through the key mapping and the core's wedge decoder. */
function decode(chunks: readonly [string, number][], desk: KeyboardLayoutId, options: WedgeOptions = {}) {
  const decoder = createWedgeDecoder(options);
  const scans: WedgeScan[] = [];
  for (const [text, at] of chunks) {
    for (const event of terminalKeyEvents(text, at, desk)) scans.push(...decoder.feed(event));
  }
  return { scans, decoder };
}

describe('terminal characters as key presses', () => {
  it('a burst that ends with CR is a scan', () => {
    const { scans } = decode([[`${BARCODE}\r`, 1000]], 'us');
    expect(scans.map((s) => s.scan.kind)).toEqual(['barcode']);
  });

  it('a burst split over chunks a few ms apart is one scan', () => {
    const chunks: [string, number][] = [...`${LINK}\r`].map((c, i) => [c, 1000 + i * 3]);
    const { scans } = decode(chunks, 'us');
    expect(scans.map((s) => s.text)).toEqual([LINK]);
  });

  it.each(['ua', 'ru', 'de', 'fr'] as const)(
    'a %s desk layout garbles the characters; decoding by key position gives the code back',
    (desk) => {
      const shown = typedOnTerminal(LINK, desk);
      expect(shown).not.toBe(`${LINK}\r`);
      const { scans } = decode([[shown, 1000]], desk);
      expect(scans.map((s) => s.text)).toEqual([LINK]);
      expect(scans[0]?.scan.kind).toBe('document-link');
    },
  );

  it('what a person types (pauses over 60 ms) is not a scan', () => {
    const chunks: [string, number][] = [...`${BARCODE}\r`].map((c, i) => [c, 1000 + i * 150]);
    expect(decode(chunks, 'us').scans).toEqual([]);
  });

  it('arrow keys and other control keys inside a burst spoil it; the next burst reads', () => {
    const { scans } = decode(
      [
        [`28583\u001b[A64170864\r`, 1000],
        [`\u007f${BARCODE}\r`, 2000],
        [`${BARCODE}\r`, 3000],
      ],
      'us',
    );
    expect(scans.map((s) => s.text)).toEqual([BARCODE]);
  });

  it('TAB ends a scan; GS (Ctrl+]) stays in the code', () => {
    const events = terminalKeyEvents('01\u001d17\t', 0, 'us');
    expect(events.map((e) => e.code)).toEqual([
      'Digit0',
      'Digit1',
      'BracketRight',
      'Digit1',
      'Digit7',
      'Tab',
    ]);
    const { scans } = decode([['0104607\u001d1725\t', 5]], 'us');
    expect(scans.map((s) => [s.text, s.endedBy])).toEqual([['0104607\u001d1725', 'Tab']]);
  });

  it('scanners without a terminator: the pause ends the burst', () => {
    const { scans, decoder } = decode([[BARCODE, 1000]], 'us', { terminators: [] });
    expect(scans).toEqual([]);
    expect(decoder.flush(1100).map((s) => s.text)).toEqual([BARCODE]);
  });
});

describe('readTerminalScanner', () => {
  it('reads bursts from the input stream, UTF-8 split across chunks included', async () => {
    const input = new PassThrough();
    const scans: WedgeScan[] = [];
    const terminal = readTerminalScanner({ input, deskLayout: 'ua', onScan: (s) => scans.push(s) });
    const bytes = Buffer.from(typedOnTerminal(LINK, 'ua'), 'utf8');
    // Cut inside a two-byte Cyrillic character.
    const cut = bytes.indexOf(0xd0) + 1;
    input.write(bytes.subarray(0, cut));
    input.write(bytes.subarray(cut));
    await new Promise((resolve) => setImmediate(resolve));
    terminal.close();
    expect(scans.map((s) => [s.text, s.layoutMismatch, s.deskLayout])).toEqual([[LINK, true, 'ua']]);
  });

  it('Ctrl+C calls onInterrupt (raw mode turns it into a character)', async () => {
    const input = new PassThrough();
    let interrupted = 0;
    const terminal = readTerminalScanner({ input, onInterrupt: () => interrupted++ });
    input.write('\u0003');
    await new Promise((resolve) => setImmediate(resolve));
    terminal.close();
    expect(interrupted).toBe(1);
  });

  it('rejects invalid wedge options', () => {
    expect(() => readTerminalScanner({ input: new PassThrough(), maxGapMs: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
