/**
 * The desk's cameras: which there are, and the controls (torch, zoom) a camera's track offers.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';
import { cameraError, cameraUnavailable } from './camera-errors.js';

/**
 * A camera the page may use.
 *
 * @example
 * ```ts
 * import { listCameras, type CameraDevice } from 'diia-accept/scanner/browser';
 * const cameras: CameraDevice[] = await listCameras();
 * ```
 */
export interface CameraDevice {
  /** Pass it as `deviceId` to {@link startCameraScanner}. */
  readonly deviceId: string;
  /** The name the system gives it; empty until the page has been allowed to use a camera once. */
  readonly label: string;
  /** Whether its name says it faces away from the user (the rear camera of a phone or tablet). */
  readonly rear: boolean;
}

/**
 * Lists the cameras. Before the user has allowed the camera once, browsers hide the labels (and some,
 * the number of cameras): call it again after {@link startCameraScanner} has started.
 *
 * @throws {AcceptError} `CAMERA_INSECURE_CONTEXT` or `CAMERA_UNSUPPORTED`.
 * @example
 * ```ts
 * import { listCameras } from 'diia-accept/scanner/browser';
 * for (const camera of await listCameras()) select.add(new Option(camera.label || camera.deviceId, camera.deviceId));
 * ```
 */
export async function listCameras(): Promise<CameraDevice[]> {
  const unavailable = cameraUnavailable(globalThis);
  if (unavailable) throw unavailable;
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === 'videoinput')
      .map((d) => ({
        deviceId: d.deviceId,
        label: d.label,
        rear: /back|rear|environment|задн/i.test(d.label),
      }));
  } catch (error) {
    throw cameraError(error);
  }
}

/**
 * What a started camera lets the page change.
 *
 * @example
 * ```ts
 * const { torch, zoom }: CameraControls = scanner.controls;
 * if (zoom) await scanner.setZoom(Math.min(zoom.max, 2));
 * ```
 */
export interface CameraControls {
  /** Whether the camera has a light that can be switched on. */
  readonly torch: boolean;
  /** The zoom range, when the camera can zoom. */
  readonly zoom: { readonly min: number; readonly max: number; readonly step: number } | undefined;
}

// torch and zoom are in Media Capture Image (https://w3c.github.io/mediacapture-image/), not in
// TypeScript's DOM types.
interface ImageCapabilities {
  torch?: boolean;
  zoom?: { min: number; max: number; step?: number };
}

/** @internal */
export function controlsOf(track: MediaStreamTrack): CameraControls {
  const caps = (
    typeof track.getCapabilities === 'function' ? track.getCapabilities() : {}
  ) as ImageCapabilities;
  const zoom = caps.zoom;
  return {
    torch: caps.torch === true,
    zoom:
      zoom && Number.isFinite(zoom.min) && Number.isFinite(zoom.max) && zoom.max > zoom.min
        ? { min: zoom.min, max: zoom.max, step: zoom.step ?? 0.1 }
        : undefined,
  };
}

/** Applies one Media Capture Image setting, or says the camera cannot. @internal */
export async function applySetting(
  track: MediaStreamTrack,
  setting: { torch: boolean } | { zoom: number },
): Promise<void> {
  const controls = controlsOf(track);
  if ('torch' in setting && !controls.torch) {
    throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'this camera has no torch' });
  }
  if ('zoom' in setting) {
    const zoom = controls.zoom;
    if (!zoom) throw new AcceptError('UNSUPPORTED_RUNTIME', { detail: 'this camera cannot zoom' });
    if (!Number.isFinite(setting.zoom) || setting.zoom < zoom.min || setting.zoom > zoom.max) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: `zoom outside ${zoom.min}…${zoom.max}` });
    }
  }
  try {
    await track.applyConstraints({ advanced: [setting as MediaTrackConstraintSet] });
  } catch (error) {
    throw cameraError(error);
  }
}
