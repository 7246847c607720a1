import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAcceptor } from '../../src/index.js';
import { toNodeListener } from '../../src/node/listener.js';
import { joseOpener } from '../../src/profiles/jose/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { scannerKeystrokes } from '../../src/scanner/keystrokes.js';
import { createWedgeDecoder } from '../../src/scanner/wedge.js';
import { diiaTransport } from '../../src/transport/diia.js';
import { remoteJwks } from '../../src/verify/remote-jwks.js';
import { codeOf } from '../support/codes.js';

let sandbox: Sandbox | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function setUp(
  consent: 'approve' | 'decline' = 'approve',
  verify?: Parameters<typeof createAcceptor>[0]['verify'],
) {
  sandbox = await createSandbox({ seed: 'acceptor', consent });
  const trust = remoteJwks(sandbox.jwksUrl);
  const branch = sandbox.addBranch();
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken }),
    trust,
    branchId: branch.id,
    opener: joseOpener({ decryptionKey: sandbox.partnerKeys.privateJwk, trust }),
    pollInterval: '100ms',
    ...(verify ? { verify } : {}),
  });
  server = createServer(toNodeListener(acceptor.webhook));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  sandbox.setWebhook(branch.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia`);
  return { acceptor, sandbox, branchId: branch.id };
}

describe('createAcceptor, the one-call facade', () => {
  it('identifies a shown document once, then gets a verified copy by its barcode', async () => {
    const { acceptor, sandbox, branchId } = await setUp();
    const shown = await sandbox.holder.showDocument('passport');
    const first = await acceptor.identify(shown.link);
    expect(first).toMatchObject({ status: 'valid', documentType: 'passport', method: 'online' });
    expect(Object.keys(first).sort()).toEqual(['checkedAt', 'documentType', 'method', 'status']);
    expect((await acceptor.identify(shown.link)).status).toBe('invalid');

    const session = await acceptor.requestCopy(`${shown.barcode}\r\n`, ['passport']);
    const { copies, receipt } = await session.result();
    expect(copies[0]?.checks).toContain('signer-trusted');
    expect(receipt.branchId).toBe(branchId);
    expect((await sandbox.delivered(session.id)).files[0]?.sha256).toBe(copies[0]?.sha256);
    expect((await acceptor.sessions.session(session.id)).id).toBe(session.id);
  });

  it('reads a scan made elsewhere again under its own scan options: a host only the wedge allows is refused', async () => {
    const { acceptor, sandbox } = await setUp();
    const shown = await sandbox.holder.showDocument('passport');
    const url = new URL(shown.link);
    const lookAlike = shown.link.replace(url.host, 'diia.example');
    const wedge = createWedgeDecoder({ scan: { allowedHosts: ['diia.example', url.host] } });
    const read = (text: string) => {
      const scans = scannerKeystrokes(`${text}\r`, { gapMs: 2 }).flatMap((event) => wedge.feed(event));
      expect(scans).toHaveLength(1);
      return scans[0]!.scan;
    };
    const elsewhere = read(lookAlike);
    expect(elsewhere).toMatchObject({ kind: 'document-link', host: 'diia.example' });
    expect(await acceptor.identify(elsewhere)).toMatchObject({
      status: 'invalid',
      reason: 'SCAN_HOST_NOT_ALLOWED',
    });
    expect(await acceptor.identify(read(shown.link))).toMatchObject({
      status: 'valid',
      documentType: 'passport',
    });
  });

  it('refuses to request a copy by anything but a barcode', async () => {
    const { acceptor, sandbox } = await setUp();
    const shown = await sandbox.holder.showDocument('passport');
    expect(await codeOf(acceptor.requestCopy(shown.link, ['passport']))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(acceptor.requestCopy('4820000000001', ['passport']))).toBe('SCAN_CHECK_DIGIT');
  });

  it('checks signed tokens offline by default', async () => {
    const { acceptor, sandbox } = await setUp();
    const shown = await sandbox.holder.showDocument('driver-license');
    expect(await acceptor.identify(shown.token)).toMatchObject({ status: 'valid', method: 'offline' });
  });

  it('confirms signed tokens with the platform when configured; the platform then holds the code used', async () => {
    const { acceptor, sandbox } = await setUp('approve', { online: true });
    const shown = await sandbox.holder.showDocument('driver-license');
    expect(await acceptor.identify(shown.token)).toMatchObject({ status: 'valid', method: 'online' });
    expect(await acceptor.identify(shown.link)).toMatchObject({ status: 'invalid' });
  });

  it('passes the decline through', async () => {
    const { acceptor, sandbox } = await setUp('decline');
    const shown = await sandbox.holder.showDocument('passport');
    const session = await acceptor.requestCopy(shown.barcode, ['passport']);
    expect(await codeOf(session.result())).toBe('SHARE_DECLINED');
  });
});
