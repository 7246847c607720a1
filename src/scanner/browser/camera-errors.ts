/**
 * Why the camera could not be opened, in the SDK's codes. The platform's exception is kept as `cause`
 * so that nothing the browser said is lost.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode } from '../../errors.js';

/**
 * Maps a `getUserMedia()` rejection (or any failure while opening the camera) to an {@link AcceptError}.
 *
 * The names come from Media Capture and Streams, §9.2 "MediaDevices", the algorithm of `getUserMedia()`
 * (https://www.w3.org/TR/mediacapture-streams/#dom-mediadevices-getusermedia):
 * - `NotAllowedError`: the user or the browser refused permission (also a permissions policy without
 *   `camera`); older engines say `PermissionDeniedError` or `SecurityError` for the same thing.
 * - `NotFoundError`: no device of the requested kind; `OverconstrainedError`: none satisfies the
 *   constraints (a `deviceId` that is gone). Both mean "no camera we can use".
 * - `NotReadableError`: "a hardware error such as an OS/program/webpage lock" kept the device from being
 *   opened; `AbortError`: "the device access fails for any reason other than those listed", which Chromium
 *   raises when starting a busy camera times out. Both mean "in use".
 * - `TypeError` (an empty constraint set) is our own mistake: `INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { cameraError } from 'diia-accept/scanner/browser';
 * try {
 *   await navigator.mediaDevices.getUserMedia({ video: true });
 * } catch (error) {
 *   console.log(cameraError(error).code); // 'CAMERA_PERMISSION_DENIED', …
 * }
 * ```
 */
export function cameraError(error: unknown): AcceptError {
  if (error instanceof AcceptError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const code = typeof name === 'string' ? CODES[name] : undefined;
  return new AcceptError(code ?? 'CAMERA_UNSUPPORTED', {
    cause: error,
    detail: typeof name === 'string' ? name : 'unknown failure',
  });
}

const CODES: Readonly<Record<string, AcceptErrorCode>> = {
  NotAllowedError: 'CAMERA_PERMISSION_DENIED',
  PermissionDeniedError: 'CAMERA_PERMISSION_DENIED',
  SecurityError: 'CAMERA_PERMISSION_DENIED',
  NotFoundError: 'CAMERA_NOT_FOUND',
  DevicesNotFoundError: 'CAMERA_NOT_FOUND',
  OverconstrainedError: 'CAMERA_NOT_FOUND',
  ConstraintNotSatisfiedError: 'CAMERA_NOT_FOUND',
  NotReadableError: 'CAMERA_IN_USE',
  TrackStartError: 'CAMERA_IN_USE',
  AbortError: 'CAMERA_IN_USE',
  TypeError: 'INVALID_ARGUMENT',
};

/**
 * The camera cannot be asked for at all: `getUserMedia` exists only in secure contexts (HTTPS or
 * localhost; Media Capture and Streams §9.2 marks `navigator.mediaDevices` `[SecureContext]`), and not in
 * every browser or embedded web view. Returns the error to raise, or `undefined` when asking makes sense.
 *
 * @internal
 */
export function cameraUnavailable(scope: {
  readonly isSecureContext?: boolean;
  readonly navigator?: { readonly mediaDevices?: { getUserMedia?: unknown } };
}): AcceptError | undefined {
  if (scope.isSecureContext === false) return new AcceptError('CAMERA_INSECURE_CONTEXT');
  if (typeof scope.navigator?.mediaDevices?.getUserMedia !== 'function') {
    return new AcceptError('CAMERA_UNSUPPORTED', { detail: 'no navigator.mediaDevices.getUserMedia' });
  }
  return undefined;
}
