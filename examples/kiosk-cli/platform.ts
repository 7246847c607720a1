// Where the kiosk sends its questions: a sandbox platform in this process (the default), or a configured
// platform (--base-url or DIIA_BASE_URL, the acquirer token from DIIA_ACQUIRER_TOKEN, the partner key from
// --partner-key or DIIA_PARTNER_KEY: docs/guides/configuration.md).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Acceptor, createAcceptor } from '../../src/index.js';
import { toNodeListener } from '../../src/node/index.js';
import { joseOpener } from '../../src/profiles/jose/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { diiaTransport } from '../../src/transport/index.js';
import { remoteJwks } from '../../src/verify/index.js';
import { type PlatformSettings, platformSettings } from '../settings.mjs';
import type { KioskArgs } from './args.js';
import type { Messages } from './messages.js';

export interface Platform {
  readonly acceptor: Acceptor;
  /** The in-process sandbox, when there is no configured platform. */
  readonly sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

export async function openPlatform(
  args: KioskArgs,
  t: Messages,
  print: (line: string) => void,
): Promise<Platform> {
  const settings = platformSettings(process.env, {
    baseUrl: args.baseUrl,
    branchId: args.branchId,
    partnerKey: args.partnerKey,
  });
  if (settings.baseUrl) return configured(settings, args, t, print);
  // The holder taps "Share" a second after the request, as a person would.
  const sandbox = await createSandbox({ consent: { after: '1s', answer: 'approve' } });
  print(t.sandbox(sandbox.url));
  const branch = sandbox.addBranch({ name: 'Kiosk' });
  const trust = remoteJwks(sandbox.jwksUrl);
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken }),
    trust,
    branchId: branch.id,
    pollInterval: '500ms',
    opener: joseOpener({ decryptionKey: sandbox.partnerKeys.privateJwk, trust }),
  });
  const server = await listen(acceptor, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia/webhook`;
  sandbox.setWebhook(branch.id, url);
  print(t.webhook(url));
  return {
    acceptor,
    sandbox,
    async close() {
      server.closeAllConnections();
      server.close();
      await sandbox.close();
    },
  };
}

async function configured(
  settings: PlatformSettings,
  args: KioskArgs,
  t: Messages,
  print: (line: string) => void,
): Promise<Platform> {
  const { acquirerToken, branchId, partnerKey } = settings;
  if (!acquirerToken) throw new Error('set DIIA_ACQUIRER_TOKEN to the acquirer token');
  if (!branchId) throw new Error('--branch <id> (or DIIA_BRANCH_ID) is required with --base-url');
  const baseUrl = settings.baseUrl!;
  const trust = remoteJwks(settings.jwksUrl!);
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl, acquirerToken }),
    trust,
    branchId,
    ...(partnerKey ? { opener: joseOpener({ decryptionKey: partnerKey, trust }) } : {}),
  });
  print(t.platform(baseUrl));
  const server =
    args.webhookPort === undefined ? undefined : await listen(acceptor, args.webhookPort, '0.0.0.0');
  print(
    server
      ? t.webhook(`http://<this host>:${(server.address() as AddressInfo).port}/diia/webhook`)
      : t.noWebhook,
  );
  return {
    acceptor,
    sandbox: undefined,
    async close() {
      server?.closeAllConnections();
      server?.close();
    },
  };
}

async function listen(acceptor: Acceptor, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(toNodeListener(acceptor.webhook));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
