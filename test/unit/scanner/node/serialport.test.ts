import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../../src/errors.js';
import { openSerialScanner, scannerUdevRule } from '../../../../src/scanner/node/index.js';

describe('openSerialScanner without a device', () => {
  it('without serialport: OPTIONAL_DEPENDENCY_MISSING naming the package, the loader’s error as cause', async () => {
    const cause = new Error("Cannot find package 'serialport'");
    const error = await openSerialScanner({ path: '/dev/ttyACM0', load: () => Promise.reject(cause) }).catch(
      (e: unknown) => e,
    );
    expect(isAcceptError(error, 'OPTIONAL_DEPENDENCY_MISSING')).toBe(true);
    expect((error as Error).message).toContain('npm install serialport');
    expect((error as Error).cause).toBe(cause);
  });

  it.each([
    [{ path: '' }, 'path'],
    [{ path: '/dev/ttyACM0', baudRate: 0 }, 'baudRate'],
    [{ path: '/dev/ttyACM0', parity: 'maybe' as never }, 'parity'],
    [{ path: '/dev/ttyACM0', stopBits: 3 as never }, 'stopBits'],
    [{ path: '/dev/ttyACM0', framing: { terminator: 'none' as const } }, 'idleMs'],
    [{ path: '/dev/ttyACM0', framing: { scan: {} } as never }, "unknown option 'scan'"],
    [{ path: '/dev/ttyACM0', scan: { allowedHosts: ['Diia.App'] } }, 'allowedHosts'],
    [{ path: '/dev/ttyACM0', reconnect: { initialDelayMs: 500, maxDelayMs: 100 } }, 'reconnect'],
  ])('rejects bad settings before touching a port: %o', async (options, detail) => {
    const port = openSerialScanner({ ...options, load: async () => ({ SerialPort: class {} }) });
    await expect(port).rejects.toSatisfy((e) => isAcceptError(e, 'INVALID_ARGUMENT'));
    await expect(port).rejects.toThrow(detail);
  });

  it('maps serialport’s open failures: permission (with what to change), lock held, absent', async () => {
    const failing = (message: string) => ({
      SerialPort: class {
        isOpen = false;
        open(callback: (error: Error | null) => void) {
          setImmediate(() => callback(new Error(message)));
        }
        close() {}
        on() {}
        removeAllListeners() {}
      },
    });
    const open = (message: string) =>
      openSerialScanner({ path: '/dev/ttyACM0', load: async () => failing(message) }).catch(
        (e: unknown) => e,
      );
    const denied = await open('Error: Permission denied, cannot open /dev/ttyACM0');
    expect(isAcceptError(denied, 'DEVICE_PERMISSION_DENIED')).toBe(true);
    expect((denied as Error).message).toContain('dialout');
    expect(
      isAcceptError(await open('Error Resource temporarily unavailable Cannot lock port'), 'DEVICE_BUSY'),
    ).toBe(true);
    expect(
      isAcceptError(
        await open('Error: No such file or directory, cannot open /dev/ttyACM0'),
        'DEVICE_NOT_FOUND',
      ),
    ).toBe(true);
  });
});

describe('scannerUdevRule', () => {
  it('writes the rule for hidraw and tty devices, ids as four hex digits', () => {
    expect(scannerUdevRule({ vendorId: 0x5e0, productId: 0x1300 })).toBe(
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="05e0", ATTRS{idProduct}=="1300", MODE="0660", GROUP="plugdev", TAG+="uaccess"',
    );
    expect(scannerUdevRule({ vendorId: 0x0c2e, productId: 0x0b6a }, 'tty')).toContain('SUBSYSTEM=="tty"');
  });

  it('rejects ids that are not 16-bit numbers', () => {
    expect(() => scannerUdevRule({ vendorId: 0x10000, productId: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => scannerUdevRule({ vendorId: 1, productId: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
