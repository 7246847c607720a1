// The sandbox's partner API takes the Diia ID offer request bodies createDiiaId sends (a hashed login id,
// signAlgo, data.hashedFilesSigning) and answers a deeplink. The sandbox here runs without its Diia ID app:
// this pins only that the request side is accepted (the app is tested in test/integration/diia-id-sandbox).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { createDiiaId } from '../../../src/diia-id/diia-id.js';
import { createSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { platformClients } from '../../support/platform-clients.js';
import { fakeVerify } from './support.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox({
    seed: 'diia-id',
    clock: manualClock('2026-12-05T07:00:00Z'),
    consent: 'never',
  });
});
afterEach(() => sandbox.close());

describe('the sandbox and the Diia ID offer request', () => {
  it('answers a deeplink for signing (with signAlgo) and for a login with a hashed id', async () => {
    const branch = sandbox.addBranch({
      scopes: {
        sharing: ['passport'],
        documentIdentification: [],
        identification: [],
        diiaId: ['hashedFilesSigning', 'auth'],
      },
    });
    const transport = platformClients({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken });
    const { id: offerId } = await transport.offers.create(branch.id, {
      name: 'Sign',
      scopes: { diiaId: ['hashedFilesSigning'] },
    });
    const { id: authOfferId } = await transport.offers.create(branch.id, {
      name: 'Log in',
      scopes: { diiaId: ['auth'] },
    });
    const diiaId = createDiiaId({ transport, verify: fakeVerify(), signAlgo: 'DSTU' });
    const signing = await diiaId.signFiles({
      branchId: branch.id,
      offerId,
      files: [{ name: 'application.pdf', bytes: new Uint8Array([1, 2, 3]) }],
    });
    expect(signing.deeplink).toMatch(/^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\//);
    const login = await diiaId.login({ branchId: branch.id, offerId: authOfferId });
    expect(login.deeplink).toMatch(/^https:\/\/diia\.app\//);
    const body = sandbox.calls.filter((c) => c.path.endsWith('/offer-request/dynamic')).at(-1)!.body;
    expect(body).toEqual({ offerId: authOfferId, requestId: login.hashedRequestId, signAlgo: 'DSTU' });
    // A hashed id is a login's only: for a signing or a sharing offer the request id is a UUID.
    await expect(
      transport.createOfferRequest({ branchId: branch.id, offerId, requestId: login.hashedRequestId! }),
    ).rejects.toMatchObject({ code: 'PLATFORM_BAD_REQUEST' });
  });
});
