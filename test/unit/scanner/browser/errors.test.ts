import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../../src/errors.js';
import { cameraError, cameraUnavailable } from '../../../../src/scanner/browser/camera-errors.js';
import { scannerDeviceError } from '../../../../src/scanner/browser/device-errors.js';

const domError = (name: string) => Object.assign(new Error('platform says no'), { name });

describe('cameraError', () => {
  it.each([
    ['NotAllowedError', 'CAMERA_PERMISSION_DENIED'],
    ['SecurityError', 'CAMERA_PERMISSION_DENIED'],
    ['NotFoundError', 'CAMERA_NOT_FOUND'],
    ['OverconstrainedError', 'CAMERA_NOT_FOUND'],
    ['NotReadableError', 'CAMERA_IN_USE'],
    ['AbortError', 'CAMERA_IN_USE'],
    ['TypeError', 'INVALID_ARGUMENT'],
    ['SomethingNew', 'CAMERA_UNSUPPORTED'],
  ])('%s -> %s, the original kept as cause', (name, code) => {
    const original = domError(name);
    const mapped = cameraError(original);
    expect(isAcceptError(mapped)).toBe(true);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(original);
  });

  it('takes anything thrown, not only errors', () => {
    expect(cameraError(undefined).code).toBe('CAMERA_UNSUPPORTED');
    expect(cameraError('boom').code).toBe('CAMERA_UNSUPPORTED');
  });

  it('says why the camera cannot be asked for at all', () => {
    expect(cameraUnavailable({ isSecureContext: false })?.code).toBe('CAMERA_INSECURE_CONTEXT');
    expect(cameraUnavailable({ isSecureContext: true, navigator: {} })?.code).toBe('CAMERA_UNSUPPORTED');
    expect(
      cameraUnavailable({ isSecureContext: true, navigator: { mediaDevices: { getUserMedia: () => 0 } } }),
    ).toBeUndefined();
  });
});

describe('scannerDeviceError', () => {
  it.each([
    ['NotFoundError', false, 'DEVICE_NOT_FOUND'],
    ['SecurityError', false, 'DEVICE_PERMISSION_DENIED'],
    ['InvalidStateError', true, 'DEVICE_BUSY'],
    ['NetworkError', true, 'DEVICE_BUSY'],
    ['NetworkError', false, 'DEVICE_DISCONNECTED'],
    ['BreakError', false, 'DEVICE_DISCONNECTED'],
  ])('%s (opening: %s) -> %s', (name, opening, code) => {
    const original = domError(name);
    const mapped = scannerDeviceError(original, { opening });
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(original);
  });
});
