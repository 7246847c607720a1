// Web Serial through a fake SerialPort whose readable is a real ReadableStream.
import { describe, expect, it } from 'vitest';
import type { AcceptError } from '../../../../src/errors.js';
import { connectSerialScanner, type SerialPortLike } from '../../../../src/scanner/browser/web-serial.js';
import type { SerialFrame } from '../../../../src/scanner/serial-framing.js';

function fakePort() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const port: SerialPortLike & { opened: number | undefined } = {
    opened: undefined,
    readable,
    async open({ baudRate }) {
      this.opened = baudRate;
    },
    async close() {
      this.opened = undefined;
    },
  };
  return { port, send: (text: string) => controller.enqueue(new TextEncoder().encode(text)), controller };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('connectSerialScanner', () => {
  it('frames the bytes into scans across chunks, and closes the port', async () => {
    const { port, send } = fakePort();
    const frames: SerialFrame[] = [];
    const scanner = await connectSerialScanner({ port, baudRate: 115200, onScan: (f) => frames.push(f) });
    expect(port.opened).toBe(115200);
    send('28583641');
    send('70864\r\n2858364170864\r');
    await tick();
    expect(frames.map((f) => f.text)).toEqual(['2858364170864', '2858364170864']);
    expect(frames[0]?.scan.kind).toBe('barcode');
    await scanner.close();
    expect(port.opened).toBeUndefined();
  });

  it('a lost device is reported as disconnected and ends the read loop', async () => {
    const { port, controller } = fakePort();
    const errors: AcceptError[] = [];
    const scanner = await connectSerialScanner({ port, onScan: () => {}, onError: (e) => errors.push(e) });
    controller.error(Object.assign(new Error('gone'), { name: 'NetworkError' }));
    await scanner.closed;
    expect(errors.map((e) => e.code)).toEqual(['DEVICE_DISCONNECTED']);
  });

  it('a port already open elsewhere is busy', async () => {
    const { port } = fakePort();
    port.open = async () => {
      throw Object.assign(new Error('in use'), { name: 'NetworkError' });
    };
    await expect(connectSerialScanner({ port, onScan: () => {} })).rejects.toMatchObject({
      code: 'DEVICE_BUSY',
    });
  });

  it('rejects a nonsensical line speed', async () => {
    const { port } = fakePort();
    await expect(connectSerialScanner({ port, baudRate: 0, onScan: () => {} })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
