// Diia ID end to end over loopback: the partner's code (createDiiaId with the real verifier, its webhook
// served by node:http) against the sandbox, whose holder's app signs with the sandbox's own DSTU 4145 and
// ECDSA P-256 test CAs. Both flows (signing file hashes, login), both algorithms, CAdES-BES and CAdES-T;
// every fault of the app refused at the webhook with its own code, nothing stored, the session still
// pending; a duplicate delivery harmless. What the real platform sends is partly unconfirmed
// (docs/sandbox.md, "Diia ID"): these tests pin the SDK against the sandbox's reading of the sources.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAcceptor } from '../../src/acceptor.js';
import type { SignAlgo } from '../../src/diia-id/digests.js';
import { createDiiaId, type DiiaId } from '../../src/diia-id/diia-id.js';
import { diiaIdVerifier } from '../../src/diia-id/verify.js';
import type { DiiaIdLogEntry } from '../../src/diia-id/webhook.js';
import { isAcceptError } from '../../src/errors.js';
import { toNodeListener } from '../../src/node/listener.js';
import { verifyCadesDstu } from '../../src/profiles/dstu/lib/cades.js';
import {
  createSandbox,
  type Sandbox,
  type SandboxDeliveryFaults,
  type SandboxDiiaIdOptions,
} from '../../src/sandbox/index.js';
import { platformClients } from '../support/platform-clients.js';

interface Desk {
  readonly sandbox: Sandbox;
  readonly diiaId: DiiaId;
  readonly branchId: string;
  readonly signOffer: string;
  readonly loginOffer: string;
  readonly logs: DiiaIdLogEntry[];
  readonly seen: { action: string | null; traceId: string | null; contentType: string | null }[];
}

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const PDF = new TextEncoder().encode('%PDF-1.7\n% an application to sign\n%%EOF\n');
const CONTRACT = new TextEncoder().encode('%PDF-1.7\n% a contract to sign\n%%EOF\n');

async function startDesk(
  signAlgo: SignAlgo,
  diiaIdOptions: SandboxDiiaIdOptions = {},
  faults: SandboxDeliveryFaults = {},
): Promise<Desk> {
  const sandbox = await createSandbox({
    seed: 'diia-id-e2e',
    diiaId: diiaIdOptions,
    // One attempt: a refused delivery ends as failed at once instead of being retried for minutes.
    delivery: { retry: { attempts: 1 }, faults },
  });
  running.push(sandbox);
  const logs: DiiaIdLogEntry[] = [];
  const seen: Desk['seen'] = [];
  const transport = platformClients({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken });
  const diiaId = createDiiaId({
    transport,
    verify: diiaIdVerifier({ caCertificates: sandbox.diiaId!.caCertificates }),
    signAlgo,
    // An ECDSA signature cannot cover a GOST digest: the login hash follows the algorithm there.
    loginHash: signAlgo === 'ECDSA' ? 'platform' : 'java-py',
    logger: (entry) => logs.push(entry),
  });
  const server: Server = createServer(
    toNodeListener(async (request) => {
      seen.push({
        action: request.headers.get('x-diia-id-action'),
        traceId: request.headers.get('x-document-request-trace-id'),
        contentType: request.headers.get('content-type'),
      });
      return diiaId.webhook(request);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  const { port } = server.address() as AddressInfo;
  const branch = sandbox.addBranch({}, { webhookUrl: `http://127.0.0.1:${port}/diia` });
  return {
    sandbox,
    diiaId,
    branchId: branch.id,
    signOffer: sandbox.diiaId!.addOffer(branch.id, 'hashedFilesSigning'),
    loginOffer: sandbox.diiaId!.addOffer(branch.id, 'auth'),
    logs,
    seen,
  };
}

const ALGORITHMS: readonly SignAlgo[] = ['DSTU', 'ECDSA'];
const LEVELS = [
  { timestamp: false, level: 'BES' },
  { timestamp: true, level: 'T' },
] as const;

describe.each(ALGORITHMS)('Diia ID with the sandbox, %s', (signAlgo) => {
  describe.each(LEVELS)('CAdES-$level', ({ timestamp, level }) => {
    it('signs two files; each signature is verified against its own file and names the citizen', async () => {
      const desk = await startDesk(signAlgo, { timestamp });
      const session = await desk.diiaId.signFiles({
        branchId: desk.branchId,
        offerId: desk.signOffer,
        files: [
          { name: 'application.pdf', bytes: PDF },
          { name: 'contract.pdf', bytes: CONTRACT },
        ],
      });
      const result = await session.result();
      expect(result.flow).toBe('hashedFilesSigning');
      expect(result.files.map((f) => f.name)).toEqual(['application.pdf', 'contract.pdf']);
      for (const file of result.files) {
        expect(file.verification.level).toBe(level);
        expect(file.verification.signer.fullName).toBe(desk.sandbox.diiaId!.citizen.fullName);
        expect(file.verification.signer.taxId).toBe(desk.sandbox.diiaId!.citizen.taxId);
        expect(file.verification.signedAt).toBeTypeOf('number');
      }
      // What the platform sent: the action, the request id as the trace id, one multipart/mixed body.
      expect(desk.seen).toEqual([
        {
          action: 'hashedFilesSigning',
          traceId: session.requestId,
          contentType: expect.stringMatching(/^multipart\/mixed; boundary=/),
        },
      ]);
      const record = await desk.sandbox.delivered(session.requestId);
      expect(record.action).toBe('hashedFilesSigning');
      expect(desk.logs.map((e) => e.event)).toEqual(['diia-id-stored']);
    }, 30_000);

    it('logs in: the signature covers the hashed request id and names the person', async () => {
      const desk = await startDesk(signAlgo, { timestamp });
      const session = await desk.diiaId.login({ branchId: desk.branchId, offerId: desk.loginOffer });
      const result = await session.result();
      expect(result.flow).toBe('auth');
      expect(result.person).toEqual(desk.sandbox.diiaId!.citizen);
      expect(result.verification.level).toBe(level);
      expect(result.hashedRequestId).toBe(session.hashedRequestId);
      // The login's trace id is the hashed id, base64 (not a UUID).
      expect(desk.seen[0]?.action).toBe('auth');
      expect(desk.seen[0]?.traceId).toBe(session.hashedRequestId);
    }, 30_000);
  });

  const FAULTS = [
    { fault: 'other-file', code: 'SIGNATURE_DIGEST_MISMATCH' },
    { fault: 'untrusted-ca', code: 'CERTIFICATE_CHAIN_INVALID' },
    { fault: 'expired-certificate', code: 'CERTIFICATE_EXPIRED' },
    { fault: 'truncated-signature', code: 'SIGNATURE_MALFORMED' },
  ] as const;

  describe.each(FAULTS)('fault $fault', ({ fault, code }) => {
    it(`is refused with ${code}; nothing is stored and the session stays pending`, async () => {
      const desk = await startDesk(signAlgo, { fault });
      const session = await desk.diiaId.signFiles({
        branchId: desk.branchId,
        offerId: desk.signOffer,
        files: [
          { name: 'application.pdf', bytes: PDF },
          { name: 'contract.pdf', bytes: CONTRACT },
        ],
      });
      const failed = await desk.sandbox.delivered(session.requestId).catch((error: unknown) => error);
      expect(isAcceptError(failed, 'SHARE_FAILED')).toBe(true);
      expect(desk.logs).toEqual([
        expect.objectContaining({ event: 'diia-id-refused', code, requestId: session.requestId }),
      ]);
      expect(await session.state()).toBe('pending');
      expect(await desk.diiaId.store.getResult(session.requestId)).toBeUndefined();

      // The same fault in a login is refused with the same code.
      const login = await desk.diiaId.login({ branchId: desk.branchId, offerId: desk.loginOffer });
      const again = await desk.sandbox.delivered(login.hashedRequestId!).catch((error: unknown) => error);
      expect(isAcceptError(again, 'SHARE_FAILED')).toBe(true);
      expect(desk.logs.at(-1)).toEqual(expect.objectContaining({ event: 'diia-id-refused', code }));
      expect(await login.state()).toBe('pending');
    }, 30_000);
  });
});

describe('the sandbox Diia ID app', () => {
  it('delivers a duplicate harmlessly: stored once, the second answered 200 as a duplicate', async () => {
    const desk = await startDesk('DSTU', {}, { duplicate: 1 });
    const session = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
    });
    const first = await session.result();
    const record = await desk.sandbox.delivered(session.requestId);
    await desk.sandbox.settled();
    expect(record.attempts.map((a) => [a.success, a.duplicate])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(desk.logs.map((e) => e.event)).toEqual(['diia-id-stored', 'diia-id-duplicate']);
    expect(await desk.diiaId.store.getResult(session.requestId)).toEqual(first);
  }, 30_000);

  it('changes the fault per request with setFault, without a new sandbox', async () => {
    const desk = await startDesk('ECDSA');
    desk.sandbox.diiaId!.setFault('truncated-signature');
    const bad = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
    });
    await desk.sandbox.delivered(bad.requestId).catch(() => undefined);
    expect(desk.logs.at(-1)?.code).toBe('SIGNATURE_MALFORMED');
    desk.sandbox.diiaId!.setFault(undefined);
    const good = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
    });
    expect((await good.result()).files[0]?.verification.signer.taxId).toBe(
      desk.sandbox.diiaId!.citizen.taxId,
    );
  }, 30_000);

  it('signs a SHA-384 fileHash with ECDSA over SHA-384, sent as multipart/form-data when asked', async () => {
    const desk = await startDesk('ECDSA', { multipart: 'form-data' });
    const session = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
      fileDigest: 'sha384',
    });
    const [file] = (await session.result()).files;
    expect(file?.digest).toHaveLength(48);
    expect(file?.verification.signer.fullName).toBe(desk.sandbox.diiaId!.citizen.fullName);
    expect(desk.seen[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  }, 30_000);

  it('declines: nothing is delivered and the session runs out', async () => {
    const desk = await startDesk('DSTU', { answer: 'decline' });
    const session = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
      lifetime: '300ms',
    });
    const outcome = await session.result().catch((error: unknown) => error);
    expect(isAcceptError(outcome, 'DIIA_ID_EXPIRED')).toBe(true);
    expect(desk.sandbox.status(session.requestId)).toBe('declined');
    expect(desk.sandbox.deliveries).toEqual([]);
  }, 30_000);

  it('signs with the real DSTU check: the DSTU signature verifies on its own against the sandbox CA', async () => {
    const desk = await startDesk('DSTU');
    const session = await desk.diiaId.signFiles({
      branchId: desk.branchId,
      offerId: desk.signOffer,
      files: [{ name: 'application.pdf', bytes: PDF }],
    });
    const [file] = (await session.result()).files;
    const { caStore } = await import('../../src/profiles/dstu/lib/trust.js');
    const checked = verifyCadesDstu(
      file!.signature,
      { digest: file!.digest },
      { trust: caStore([desk.sandbox.diiaId!.caCertificates[0]!]) },
    );
    expect(checked.attached).toBe(false);
    expect(checked.cades.level).toBe('BES');
  }, 30_000);
});

describe('the facade against the sandbox', () => {
  it('takes documents and Diia ID on one webhook, dispatched on X-Diia-Id-Action', async () => {
    const sandbox = await createSandbox({ seed: 'diia-id-facade', diiaId: {} });
    running.push(sandbox);
    const transport = platformClients({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken });
    const branch = sandbox.addBranch();
    const acceptor = createAcceptor({
      transport,
      trust: sandbox.trust,
      branchId: branch.id,
      opener: sandbox.opener(),
      pollInterval: '100ms',
      diiaId: { caCertificates: sandbox.diiaId!.caCertificates },
    });
    const server: Server = createServer(toNodeListener(acceptor.webhook));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    running.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    sandbox.setWebhook(branch.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia`);

    const { id: documentsOffer } = await transport.offers.create(branch.id, {
      name: 'Passport',
      scopes: { sharing: ['passport'] },
    });
    const copy = await (await acceptor.offer({ offerId: documentsOffer })).result();
    expect(copy.copies.map((c) => c.documentType)).toEqual(['internal-passport']);

    const signing = await acceptor.signFiles({
      offerId: sandbox.diiaId!.addOffer(branch.id, 'hashedFilesSigning'),
      files: [{ name: 'application.pdf', bytes: PDF }],
    });
    const signed = await signing.result();
    expect(signed.files[0]?.verification.signer.taxId).toBe(sandbox.diiaId!.citizen.taxId);

    const login = await acceptor.login({ offerId: sandbox.diiaId!.addOffer(branch.id, 'auth') });
    expect((await login.result()).person).toEqual(sandbox.diiaId!.citizen);

    // An offer for both operations, made through the partner API as a partner makes it.
    const { id: bothOffer } = await transport.offers.create(branch.id, {
      name: 'Sign or log in',
      scopes: { diiaId: ['auth', 'hashedFilesSigning'] },
    });
    const { offers } = await transport.offers.list(branch.id);
    expect(offers.find((o) => o.id === bothOffer)?.scopes).toEqual({
      diiaId: ['auth', 'hashedFilesSigning'],
    });
    const again = await acceptor.signFiles({
      offerId: bothOffer,
      files: [{ name: 'contract.pdf', bytes: PDF }],
    });
    expect((await again.result()).files[0]?.verification.signer.taxId).toBe(sandbox.diiaId!.citizen.taxId);
    const loginAgain = await acceptor.login({ offerId: bothOffer });
    expect((await loginAgain.result()).person).toEqual(sandbox.diiaId!.citizen);
  }, 30_000);
});
