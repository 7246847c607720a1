import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import { withEan13CheckDigit } from '../../../src/scanner/ean13.js';
import {
  openSerialScanner,
  type ScannerConnection,
  type ScannerStatus,
} from '../../../src/scanner/node/index.js';
import type { SerialFrame } from '../../../src/scanner/serial-framing.js';
import { bytewise, hasSocat, type PtyPair, ptyPair, until } from './pty-pair.js';

const inCi = process.env.CI === 'true';
if (!hasSocat) {
  console.warn(
    inCi
      ? 'socat is missing: the serial scanner tests FAIL in CI (apt-get install socat)'
      : 'SKIPPED: the serial scanner tests need socat (apt-get install socat)',
  );
}
const barcode = withEan13CheckDigit('285836417086');
// A scanner at 9600 baud sends a byte about every millisecond; USB CDC scanners send in bursts, jittered.
const jitter = (index: number) => 1 + (index % 3);

describe.skipIf(!hasSocat && !inCi)('openSerialScanner over a real pseudo-terminal pair', () => {
  let pty: PtyPair;
  let scanner: ScannerConnection | undefined;
  const frames: SerialFrame[] = [];
  const statuses: ScannerStatus[] = [];

  beforeEach(async () => {
    expect(hasSocat, 'socat is required in CI').toBe(true);
    frames.length = 0;
    statuses.length = 0;
    pty = ptyPair();
    await pty.start();
  });
  afterEach(async () => {
    await scanner?.close();
    scanner = undefined;
    await pty.dispose();
  });

  const open = async (options: Partial<Parameters<typeof openSerialScanner>[0]> = {}) => {
    scanner = await openSerialScanner({
      path: pty.port,
      baudRate: 9600,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      onScan: (frame) => frames.push(frame),
      onStatus: (status) => statuses.push(status),
      ...options,
    });
    return scanner;
  };

  it('reads a barcode typed byte by byte, ending in CRLF', async () => {
    await open();
    await pty.type(bytewise(`${barcode}\r\n`), jitter);
    await until(() => frames.length === 1);
    expect(frames[0]?.scan).toMatchObject({ kind: 'barcode', barcode });
    expect(statuses[0]).toEqual({ type: 'connected', device: pty.port, reconnected: false });
  });

  it('ends codes that contain CR by the pause after them (idle-timeout mode)', async () => {
    // 150 ms: far above a scanner's byte gaps, and above what a loaded test machine stalls the writer.
    await open({ framing: { idleMs: 150 } });
    await pty.type(bytewise('LINE-ONE\rLINE-TWO'), jitter);
    await until(() => frames.length === 1);
    await pty.type(bytewise(barcode), jitter);
    await until(() => frames.length === 2);
    expect(frames.map((f) => f.text)).toEqual(['LINE-ONE\rLINE-TWO', barcode]);
    expect(frames[1]?.scan.kind).toBe('barcode');
  });

  it('reads each code under its scan options (the same `scan` key as every decoder)', async () => {
    const link =
      'https://test.diia.example/documents/passport/x1/verify/3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    await open({ framing: { terminator: 'cr' }, scan: { allowedHosts: ['test.diia.example'] } });
    await pty.type(bytewise(`${link}\r`), jitter);
    await until(() => frames.length === 1);
    expect(frames[0]?.scan).toMatchObject({ kind: 'document-link', host: 'test.diia.example' });
  });

  it('joins a UTF-8 character split across writes', async () => {
    await open({ framing: { terminator: 'cr' } });
    const bytes = Buffer.from('Дія-2025\r', 'utf8');
    // "Д" is two bytes: the first write ends in its middle.
    await pty.type([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)], 15);
    await until(() => frames.length === 1);
    expect(frames[0]?.text).toBe('Дія-2025');
    expect(frames[0]?.bytes).toEqual(new Uint8Array(bytes.subarray(0, bytes.length - 1)));
  });

  it('reports the unplug, reconnects when the device is back, and drops the code it cut', async () => {
    await open();
    await pty.type(bytewise('28583'), jitter);
    await pty.unplug();
    await until(
      () => statuses.some((s) => s.type === 'disconnected'),
      5000,
      () => statuses,
    );
    const lost = statuses.find((s) => s.type === 'disconnected');
    expect(lost?.type === 'disconnected' && lost.error.code).toBe('DEVICE_DISCONNECTED');
    expect(scanner?.connected).toBe(false);
    // While it is away, the attempts fail as DEVICE_NOT_FOUND with growing pauses.
    await until(
      () => statuses.filter((s) => s.type === 'reconnecting').length >= 3,
      5000,
      () => statuses,
    );
    const waits = statuses.flatMap((s) => (s.type === 'reconnecting' ? [s] : []));
    expect(waits.map((s) => s.delayMs).slice(0, 3)).toEqual([50, 100, 200]);
    expect(waits[1]?.error.code).toBe('DEVICE_NOT_FOUND');

    await pty.start();
    await until(
      () => statuses.some((s) => s.type === 'connected' && s.reconnected),
      5000,
      () => statuses,
    );
    expect(scanner?.connected).toBe(true);
    await pty.type(bytewise(`${barcode}\r`), jitter);
    await until(() => frames.length === 1);
    expect(frames.map((f) => f.text)).toEqual([barcode]);
  });

  it('applies the line settings to the port (as stty reads them back)', async () => {
    await open({ baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 2 });
    const settings = execFileSync('stty', ['-F', pty.port, '-a'], { encoding: 'utf8' }).split(/[\s;]+/);
    // Speed and stop bits reach the tty; a Linux pty forces 8 data bits without parity (pty_set_termios),
    // so data bits and parity can be read back only from a real UART.
    expect(settings).toEqual(expect.arrayContaining(['19200', 'cstopb', '-icanon', '-echo']));
  });

  it('says DEVICE_BUSY when another program holds the port', async () => {
    await open();
    const second = openSerialScanner({ path: pty.port });
    await expect(second).rejects.toSatisfy((e) => isAcceptError(e, 'DEVICE_BUSY'));
  });

  it('says DEVICE_NOT_FOUND for a port that does not exist, keeping the cause', async () => {
    const error = await openSerialScanner({ path: `${pty.port}-missing` }).catch((e: unknown) => e);
    expect(isAcceptError(error, 'DEVICE_NOT_FOUND')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('closes: no more statuses but closed, and the port is free again', async () => {
    await open();
    await scanner?.close();
    expect(statuses.at(-1)).toEqual({ type: 'closed' });
    scanner = await openSerialScanner({ path: pty.port });
    expect(scanner.connected).toBe(true);
  });
});
