/**
 * A partner over loopback for the share tests: the sandbox platform, the partner's webhook on a real
 * `node:http` server (through toNodeListener), the HTTP transport, the JWKS fetched over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duration } from '../../src/clock.js';
import type { DocumentType } from '../../src/documents.js';
import { toNodeListener } from '../../src/node/listener.js';
import { joseOpener } from '../../src/profiles/jose/index.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import type { ShareSession } from '../../src/share/consent-session.js';
import { createShare, type Share } from '../../src/share/request.js';
import { memoryShareStore, type ShareStore } from '../../src/share/store.js';
import { createWebhookHandler, type WebhookLogEntry, type WebhookOptions } from '../../src/share/webhook.js';
import { diiaTransport } from '../../src/transport/diia.js';
import { remoteJwks } from '../../src/verify/remote-jwks.js';

export interface Partner {
  readonly sandbox: Sandbox;
  readonly store: ShareStore;
  readonly share: Share;
  readonly branchId: string;
  readonly webhookUrl: string;
  readonly logs: WebhookLogEntry[];
  close(): Promise<void>;
}

export async function startPartner(
  sandboxOptions: SandboxOptions = {},
  webhook: Partial<Pick<WebhookOptions, 'limits'>> = {},
  pollInterval: Duration = '100ms',
): Promise<Partner> {
  const sandbox = await createSandbox({
    seed: 'share-tests',
    delivery: { retry: { attempts: 2, initialDelay: '50ms' }, timeout: '10s' },
    ...sandboxOptions,
  });
  const store = memoryShareStore({ maxSessions: 1000 });
  const logs: WebhookLogEntry[] = [];
  const opener = joseOpener({
    decryptionKey: sandbox.partnerKeys.privateJwk,
    trust: remoteJwks(sandbox.jwksUrl),
  });
  const handler = createWebhookHandler({ opener, store, logger: (e) => logs.push(e), ...webhook });
  const server: Server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia/webhook`;
  const branch = sandbox.addBranch({}, { webhookUrl });
  const transport = diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken });
  const share = createShare({ transport, store, pollInterval });
  return {
    sandbox,
    store,
    share,
    branchId: branch.id,
    webhookUrl,
    logs,
    async close() {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A holder shows a document and the partner asks for a copy of it by its barcode. */
export async function requestByBarcode(
  partner: { readonly sandbox: Sandbox; readonly share: Share; readonly branchId: string },
  documentType: DocumentType = 'passport',
  timeout?: Duration,
): Promise<ShareSession> {
  const shown = await partner.sandbox.holder.showDocument(documentType);
  return partner.share.request({
    branchId: partner.branchId,
    barcode: shown.barcode,
    documentTypes: [documentType],
    ...(timeout === undefined ? {} : { timeout }),
  });
}
