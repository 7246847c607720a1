#!/usr/bin/env node
import { createAcceptor } from 'diia-accept';
import { toNodeListener } from 'diia-accept/node';
import { joseOpener } from 'diia-accept/profiles/jose';
import { diiaTransport } from 'diia-accept/transport';
import { remoteJwks } from 'diia-accept/verify';
// The share webhook mounted in Express 5. The handler is web-standard (`(Request) => Promise<Response>`);
// `toNodeListener` adapts it, and Express only routes to it.
//
// Run it after `npm run build`:  node examples/webhook-in-a-framework/server.mjs
// Without DIIA_BASE_URL it starts the local sandbox and asks it for one copy, so it runs on its own.
// Against the platform, set DIIA_BASE_URL, DIIA_ACQUIRER_TOKEN, DIIA_BRANCH_ID and DIIA_PARTNER_KEY (the
// partner's private key-agreement JWK with its kid, or a file holding it), optionally DIIA_JWKS_URL, and
// PORT (docs/guides/configuration.md).
import express from 'express';
import { missingSettings, platformSettings } from '../settings.mjs';

const env = process.env;
const settings = platformSettings(env);
if (settings.baseUrl && missingSettings(settings).length > 0) {
  console.error(`set ${missingSettings(settings).join(', ')} (docs/guides/configuration.md)`);
  process.exit(2);
}
const sandbox = settings.baseUrl ? undefined : await (await import('diia-accept/sandbox')).createSandbox();
const trust = remoteJwks(settings.jwksUrl ?? sandbox.jwksUrl);
const branchId = settings.branchId ?? sandbox.addBranch({ name: 'Express example' }).id;
const acceptor = createAcceptor({
  transport: diiaTransport({
    baseUrl: settings.baseUrl ?? sandbox.url,
    acquirerToken: settings.acquirerToken ?? sandbox.acquirerToken,
  }),
  trust,
  branchId,
  opener: joseOpener({ decryptionKey: settings.partnerKey ?? sandbox.partnerKeys.privateJwk, trust }),
  // Codes and request ids only: the webhook never hands personal data to a logger.
  logger: (entry) => console.log(JSON.stringify({ at: new Date().toISOString(), ...entry })),
});

const app = express();
// No body parser on this route: the webhook streams and caps the multipart body itself.
app.post('/diia/webhook', toNodeListener(acceptor.webhook));
app.get('/healthz', (_req, res) => res.json({ ok: true }));

const server = app.listen(Number(env.PORT ?? 0), '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/diia/webhook`;
  console.log(`webhook on ${url}`);
  if (!sandbox) return; // against the platform: register this URL for the branch and keep serving

  sandbox.setWebhook(branchId, url);
  const shown = await sandbox.holder.showDocument('passport');
  const session = await acceptor.requestCopy(shown.barcode, ['passport']);
  const { copies, receipt } = await session.result();
  console.log(`copy received: ${copies[0].documentType}, sha256 ${receipt.copies[0].sha256}`);
  server.close();
  await sandbox.close();
});
