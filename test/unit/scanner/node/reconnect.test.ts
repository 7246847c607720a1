import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcceptError, isAcceptError } from '../../../../src/errors.js';
import { KEYBOARD_LAYOUTS, type KeyboardLayoutId } from '../../../../src/scanner/layouts.js';
import { deviceError } from '../../../../src/scanner/node/device-errors.js';
import type { ScannerStatus } from '../../../../src/scanner/node/index.js';
import { type ConnectOnce, superviseScanner } from '../../../../src/scanner/node/reconnect.js';
import { terminalKeyEvents } from '../../../../src/scanner/node/terminal-keys.js';
import { createWedgeDecoder } from '../../../../src/scanner/wedge.js';

afterEach(() => {
  vi.useRealTimers();
});

const lostError = () => new AcceptError('DEVICE_DISCONNECTED');

describe('superviseScanner', () => {
  it('a device that fails while still opening counts as a failed attempt, not a connection', async () => {
    vi.useFakeTimers();
    const statuses: ScannerStatus[] = [];
    let attempts = 0;
    let lose: ((error: AcceptError) => void) | undefined;
    const closed: number[] = [];
    const connect: ConnectOnce = async (lost) => {
      const attempt = ++attempts;
      lose = lost;
      if (attempt === 2) lost(lostError()); // gone again before the open finished
      return { device: `/dev/x${attempt}`, close: async () => void closed.push(attempt) };
    };
    const connection = await superviseScanner(connect, { initialDelayMs: 10, maxDelayMs: 10 }, (s) =>
      statuses.push(s),
    );
    lose?.(lostError());
    await vi.advanceTimersByTimeAsync(10); // attempt 2: lost while opening, closed at once
    await vi.advanceTimersByTimeAsync(10); // attempt 3: stays
    expect(closed).toEqual([1, 2]);
    expect(connection.connected).toBe(true);
    expect(connection.device).toBe('/dev/x3');
    expect(statuses.map((s) => s.type)).toEqual([
      'connected',
      'disconnected',
      'reconnecting',
      'reconnecting',
      'connected',
    ]);
    await connection.close();
    expect(closed).toEqual([1, 2, 3]);
  });

  it('a late loss report from an old link is ignored', async () => {
    const statuses: ScannerStatus[] = [];
    const losers: ((error: AcceptError) => void)[] = [];
    const connection = await superviseScanner(
      async (lost) => {
        losers.push(lost);
        return { device: 'd', close: async () => {} };
      },
      { initialDelayMs: 0, maxDelayMs: 0 },
      (s) => statuses.push(s),
    );
    losers[0]?.(lostError());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(connection.connected).toBe(true);
    losers[0]?.(lostError()); // the first link again: already replaced
    expect(statuses.filter((s) => s.type === 'disconnected')).toHaveLength(1);
    await connection.close();
  });

  it('the first failure rejects (a wrong path shows at once); a throwing status listener is contained', async () => {
    await expect(
      superviseScanner(
        async () => {
          throw new AcceptError('DEVICE_NOT_FOUND');
        },
        undefined,
        undefined,
      ),
    ).rejects.toSatisfy((e) => isAcceptError(e, 'DEVICE_NOT_FOUND'));
    const connection = await superviseScanner(
      async () => ({ device: 'd', close: async () => {} }),
      false,
      () => {
        throw new Error('listener bug');
      },
    );
    expect(connection.connected).toBe(true);
    await connection.close();
  });
});

describe('properties', () => {
  it('any terminal input maps to key events and through the wedge decoder without throwing', () => {
    const layouts = Object.keys(KEYBOARD_LAYOUTS) as KeyboardLayoutId[];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(1000))),
        fc.constantFrom(...layouts),
        (chunks, desk) => {
          const decoder = createWedgeDecoder();
          let at = 0;
          for (const [text, gap] of chunks) {
            at += gap;
            for (const event of terminalKeyEvents(text, at, desk)) decoder.feed(event);
          }
          decoder.flush(at + 1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any failure maps to a device code, keeping the original as cause', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withObjectString: true }),
        fc.constantFrom('open' as const, 'read' as const),
        (cause, phase) => {
          const error = deviceError(cause, phase, { device: '/dev/hidraw0', subsystem: 'hidraw' });
          expect(
            isAcceptError(error, [
              'DEVICE_NOT_FOUND',
              'DEVICE_PERMISSION_DENIED',
              'DEVICE_BUSY',
              'DEVICE_DISCONNECTED',
            ]),
          ).toBe(true);
          expect(error.cause).toBe(cause);
        },
      ),
      { numRuns: 300 },
    );
  });
});
