// The Node side of the transport exercise (transport-exercise.ts): the answers the loopback platform gives it,
// and what the exercise must return on every runtime.
import { error, type FakePlatform } from '../unit/transport/fake-platform.js';

/** What `exerciseTransport` must return on every runtime. */
export const EXERCISE_RESULT = {
  identified: { success: true },
  lists: 10,
  used: 'PLATFORM_CODE_USED',
  status: { status: 'consented', raw: 'approved' },
  timeout: 'PLATFORM_TIMEOUT',
  aborted: 'ABORTED',
  malformed: 'PLATFORM_MALFORMED_RESPONSE',
};

/** The platform's answers `exerciseTransport` expects. */
export function answerExercise(platform: FakePlatform): void {
  platform.on('POST', '/api/v1/acquirers/document-identification', (r) =>
    (r.body as { branchId?: string }).branchId === 'used' ? error(409) : undefined,
  );
  platform.on('GET', '/api/v2/acquirers/branch/slow', () => ({ hang: true }));
  platform.on('GET', '/api/v2/acquirers/branch/broken', () => ({ raw: '{' }));
  platform.on('GET', '/api/v1/acquirers/document-request/status', () => ({ body: { status: 'approved' } }));
}
