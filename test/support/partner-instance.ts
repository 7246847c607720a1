/**
 * One instance of a partner's front-desk server, run as a child process by the scale-out tests and the load
 * benchmark (`node --import tsx test/support/partner-instance.ts`). It is what a partner would deploy several
 * times behind a load balancer: the SDK's webhook handler on `node:http` through `toNodeListener`, the Redis
 * replay guard and share store, the HTTP transport to the platform (here the sandbox).
 *
 * Configuration: the JSON in the environment variable `PARTNER_CONFIG` (see {@link InstanceConfig}).
 * Output: one JSON object per line on stdout: `{ "event": "listening", "port" }` first, then the webhook's
 * log entries (`delivery-stored`, `delivery-duplicate`, `delivery-refused`) and the test hooks' events.
 *
 * Routes besides the webhook (a stand-in for the partner's own desk API):
 * - `POST /share` `{ barcode, documentTypes }` → `{ id }` once the platform accepted the request;
 * - `GET /share/{id}/result` → `{ state, copies: [{ documentType, sha256, size }], receipt }` or
 *   `{ error: CODE }`, awaited on this instance whichever instance received the delivery;
 * - `POST /identify` `{ text }` → the identify result (status, reason);
 * - `GET /memory` (`?gc=1` to collect garbage first) → this process's memory usage.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { isAcceptError } from '../../src/errors.js';
import { toNodeListener } from '../../src/node/listener.js';
import { redisReplayGuard, redisShareStore } from '../../src/node/redis.js';
import { joseOpener } from '../../src/profiles/jose/index.js';
import { parseScan } from '../../src/scanner/parse.js';
import { createShare } from '../../src/share/request.js';
import { createWebhookHandler } from '../../src/share/webhook.js';
import { diiaTransport } from '../../src/transport/diia.js';
import { identify } from '../../src/verify/identify.js';
import { remoteJwks } from '../../src/verify/remote-jwks.js';

/** What an instance is told at start. */
export interface InstanceConfig {
  readonly name: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly sandboxUrl: string;
  readonly jwksUrl: string;
  readonly acquirerToken: string;
  readonly partnerPrivateJwk: JWK & { kid: string };
  readonly branchId: string;
  /** Test hook: hold each webhook request this long before handling it (to be killed mid-request). */
  readonly holdBeforeMs?: number;
  /** Test hook: hold each webhook answer this long after the delivery was stored. */
  readonly holdAfterMs?: number;
  /** How often watched sessions are read again (the pub/sub fallback). */
  readonly pollInterval?: number;
  /** How long ended sessions and their copies stay in Redis (ms). */
  readonly retention?: number;
  /** How long receipts stay in Redis (ms). */
  readonly receiptRetention?: number;
  /** How long the holder has to answer (ms); the SDK's default (180 s) otherwise. */
  readonly shareTimeout?: number;
}

const config = JSON.parse(process.env.PARTNER_CONFIG ?? '{}') as InstanceConfig;
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const replay = redisReplayGuard({ redis: config.redisUrl, prefix: config.prefix });
const store = redisShareStore({
  redis: config.redisUrl,
  prefix: config.prefix,
  ...(config.pollInterval ? { pollInterval: config.pollInterval } : {}),
  ...(config.retention ? { retention: config.retention } : {}),
  ...(config.receiptRetention ? { receiptRetention: config.receiptRetention } : {}),
});
const trust = remoteJwks(config.jwksUrl);
const transport = diiaTransport({ baseUrl: config.sandboxUrl, acquirerToken: config.acquirerToken });
const share = createShare({
  transport,
  store,
  ...(config.shareTimeout ? { timeout: config.shareTimeout } : {}),
});
const webhook = createWebhookHandler({
  opener: joseOpener({ decryptionKey: config.partnerPrivateJwk, trust }),
  store,
  logger: (entry) => emit({ ...entry, instance: config.name }),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function routes(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/diia/webhook') {
    emit({ event: 'webhook-received', instance: config.name });
    if (config.holdBeforeMs) await sleep(config.holdBeforeMs);
    const response = await webhook(request);
    if (config.holdAfterMs) {
      emit({ event: 'webhook-held', instance: config.name, status: response.status });
      await sleep(config.holdAfterMs);
    }
    return response;
  }
  try {
    if (request.method === 'POST' && url.pathname === '/share') {
      const ask = (await request.json()) as { barcode: string; documentTypes: ['passport'] };
      const session = await share.request({ branchId: config.branchId, ...ask });
      return Response.json({ id: session.id });
    }
    const result = /^\/share\/([0-9a-f-]{36})\/result$/.exec(url.pathname);
    if (request.method === 'GET' && result) {
      const session = await share.session(result[1]!);
      const outcome = await session.result({ signal: request.signal });
      return Response.json({
        state: outcome.record.state,
        copies: outcome.copies.map((c) => ({
          documentType: c.documentType,
          sha256: c.sha256,
          size: c.content.length,
        })),
        receipt: outcome.receipt,
      });
    }
    if (request.method === 'POST' && url.pathname === '/identify') {
      const { text } = (await request.json()) as { text: string };
      const answer = await identify(parseScan(text), { transport, branchId: config.branchId, trust, replay });
      return Response.json(answer);
    }
    if (url.pathname === '/memory') {
      // With --expose-gc (the fleet starts instances so) `?gc=1` measures what is live, not what is garbage.
      if (url.searchParams.has('gc')) (globalThis as { gc?: () => void }).gc?.();
      return Response.json(process.memoryUsage());
    }
    return Response.json({ error: 'no such route' }, { status: 404 });
  } catch (error) {
    return Response.json({ error: isAcceptError(error) ? error.code : 'UNEXPECTED' }, { status: 500 });
  }
}

const server = createServer(toNodeListener(routes));
server.keepAliveTimeout = 1_000;
server.listen(0, '127.0.0.1', () => {
  emit({ event: 'listening', instance: config.name, port: (server.address() as AddressInfo).port });
});

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await Promise.allSettled([store.close(), replay.close()]);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
