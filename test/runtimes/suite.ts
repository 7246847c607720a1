// The conformance suite: the SDK's pure parts, exercised through their public entry points, on every runtime.
import { AcceptError, describeError, isAcceptError, manualClock, parseDuration } from '../../src/index.js';
import { assertEan13, isValidEan13 } from '../../src/scanner/index.js';
import { assert, assertEqual, assertRejectsWith, check } from './harness.js';

export { run } from './harness.js';

check('errors carry stable codes and speak Ukrainian', () => {
  const error = new AcceptError('CODE_ALREADY_USED');
  assert(isAcceptError(error, 'CODE_ALREADY_USED'), 'brand check');
  assert(describeError(error, 'uk').startsWith('Цей код уже використано'), 'Ukrainian text');
});

check('an injected clock and durations', () => {
  const clock = manualClock('2026-01-01T00:00:00Z');
  clock.advance('3m');
  assertEqual(clock.now(), Date.parse('2026-01-01T00:03:00Z'), 'advanced by three minutes');
  assertEqual(parseDuration('2h'), 7_200_000, 'two hours');
});

check('EAN-13 check digits', async () => {
  assert(isValidEan13('2858364170864'), 'the sample barcode is valid');
  await assertRejectsWith(() => assertEan13('2858364170865'), 'SCAN_CHECK_DIGIT', 'a wrong check digit');
});

check('web-standard crypto is there (the verify and share code need it)', async () => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  assertEqual(
    hex,
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'SHA-256("abc"), FIPS 180-2',
  );
});
