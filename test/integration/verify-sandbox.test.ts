// identify() and the remote JWKS against the real sandbox over loopback HTTP: the platform's keys from
// its JWKS, its identification endpoint through diiaTransport, one manual clock for all of them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/clock.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { parseScan } from '../../src/scanner/parse.js';
import { diiaTransport } from '../../src/transport/index.js';
import type { PlatformTransport } from '../../src/transport/port.js';
import { type IdentifyOptions, identify } from '../../src/verify/identify.js';
import { remoteJwks } from '../../src/verify/remote-jwks.js';
import { memoryReplayGuard } from '../../src/verify/replay.js';

let clock: ManualClock;
let sandbox: Sandbox;
let transport: PlatformTransport;
let options: IdentifyOptions;

beforeEach(async () => {
  clock = manualClock('2026-11-30T09:00:00Z');
  sandbox = await createSandbox({ seed: 'verify', clock, consent: 'never' });
  transport = diiaTransport({
    baseUrl: sandbox.url,
    acquirerToken: sandbox.acquirerToken,
    clock,
    sleep: async () => {},
  });
  const branch = sandbox.addBranch();
  options = {
    transport,
    branchId: branch.id,
    trust: remoteJwks(sandbox.jwksUrl, { clock, cooldown: '30s' }),
    replay: memoryReplayGuard({ clock }),
    clock,
  };
});

afterEach(() => sandbox.close());

describe('identify against the sandbox', () => {
  it('a signed token verifies offline with the keys of the JWKS, once', async () => {
    const shown = await sandbox.holder.showDocument('driver-license');
    expect(await identify(parseScan(shown.token), options)).toMatchObject({
      status: 'valid',
      method: 'offline',
      documentType: 'driver-license',
    });
    expect(await identify(parseScan(shown.token), options)).toMatchObject({
      status: 'invalid',
      reason: 'CODE_ALREADY_USED',
    });
  });

  it('a signed token checked online is confirmed as its document link; then the link is used up', async () => {
    const shown = await sandbox.holder.showDocument('taxpayer-card');
    expect(await identify(parseScan(shown.token), { ...options, online: true })).toMatchObject({
      status: 'valid',
      method: 'online',
      documentType: 'taxpayer-card',
    });
    // One code in two forms: the link with the same one-time code no longer works, here or at another desk.
    const otherDesk = { ...options, replay: memoryReplayGuard({ clock }) };
    expect(await identify(parseScan(shown.link), otherDesk)).toMatchObject({
      status: 'invalid',
      reason: 'PLATFORM_CODE_USED',
    });
  });

  it('a document link and a barcode are confirmed online; the platform uses them up', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    expect(await identify(parseScan(shown.link), options)).toMatchObject({
      status: 'valid',
      method: 'online',
      documentType: 'passport',
    });
    expect(await identify(parseScan(shown.barcode), options)).toMatchObject({
      status: 'valid',
      method: 'online',
    });
    // Another desk with its own replay guard: the platform itself refuses the used code.
    const otherDesk = { ...options, replay: memoryReplayGuard({ clock }) };
    expect(await identify(parseScan(shown.barcode), otherDesk)).toMatchObject({
      status: 'invalid',
      reason: 'PLATFORM_CODE_USED',
    });
  });

  it('codes past their 180 seconds are invalid, offline and online', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    await sandbox.advance('186s');
    expect(await identify(parseScan(shown.token), options)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_EXPIRED',
    });
    expect(await identify(parseScan(shown.barcode), options)).toMatchObject({
      status: 'invalid',
      reason: 'PLATFORM_CODE_EXPIRED',
    });
  });

  it('a platform outage is unknown and does not burn the code', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    sandbox.injectFault({ path: '/api/v1/acquirers/document-identification', status: 503, times: 12 });
    expect(await identify(parseScan(shown.barcode), options)).toMatchObject({
      status: 'unknown',
      reason: 'PLATFORM_UNAVAILABLE',
    });
    // The operator retries until the platform is back (the transport uses up a few faults per call); the
    // first answer that is not unknown is valid: the failed attempts did not claim the code.
    let result = await identify(parseScan(shown.barcode), options);
    for (let i = 0; i < 12 && result.status === 'unknown'; i++)
      result = await identify(parseScan(shown.barcode), options);
    expect(result).toMatchObject({ status: 'valid', method: 'online' });
  });

  it('a token for another branch is refused', async () => {
    const shown = await sandbox.holder.showDocument('passport', { audience: 'some-other-branch' });
    expect(await identify(parseScan(shown.token), options)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_AUDIENCE_MISMATCH',
    });
  });

  it('key rotation: a token under the new key verifies after one JWKS refresh; the dropped key is unknown', async () => {
    const before = await sandbox.holder.showDocument('passport');
    expect(
      (await identify(parseScan((await sandbox.holder.showDocument('passport')).token), options)).status,
    ).toBe('valid');
    await sandbox.rotateKeys({ keepPrevious: false });
    await sandbox.advance('31s');
    const after = await sandbox.holder.showDocument('passport');
    expect(await identify(parseScan(after.token), options)).toMatchObject({ status: 'valid' });
    expect(await identify(parseScan(before.token), options)).toMatchObject({
      status: 'invalid',
      reason: 'TOKEN_KEY_UNKNOWN',
    });
  });

  it('no JWKS reachable: unknown, not invalid', async () => {
    const shown = await sandbox.holder.showDocument('passport');
    const url = sandbox.jwksUrl;
    await sandbox.close();
    const result = await identify(parseScan(shown.token), {
      ...options,
      trust: remoteJwks(url, { clock, timeout: 2_000 }),
    });
    expect(result).toMatchObject({ status: 'unknown', reason: 'TRUST_UNAVAILABLE' });
  });
});
