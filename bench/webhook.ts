// Webhook throughput: deliveries per second through the full handler (createWebhookHandler behind
// toNodeListener on node:http, with the jose opener and a memory store holding many pending sessions)
// against the peer: a bare node:http server that does the same cryptography with jose itself — splits the
// multipart body, and for each part compactDecrypt, then verifies the detached JWS inside (what
// compactVerify does, with the payload supplied) — and answers 200. A third server only reads the body
// (what HTTP on loopback costs by itself). Deliveries are sealed beforehand by the sandbox's sealer
// (joseSealer), one per session, and posted from a worker thread; the servers take turns batch by batch.
import { createHash } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import { compactDecrypt, decodeProtectedHeader, flattenedVerify, importJWK, type JWK } from 'jose';
import { toNodeListener } from '../src/node/listener.js';
import { encodeMultipart } from '../src/share/multipart-encoder.js';
import { memoryShareStore, type ShareRecord } from '../src/share/store.js';
import { createWebhookHandler, TRACE_ID_HEADER } from '../src/share/webhook.js';
import { copyOf, joseProfile, makeJoseKeys } from './lib/openers.js';
import { header, median, num, percentile, quick, ratio, table } from './lib/report.js';

const PENDING = quick ? 100 : 10_000;
const DELIVERIES = quick ? 20 : 400;
const BATCH = quick ? 10 : 50;
const COPY_BYTES = 100 * 1024;
const CONCURRENCY = 4;
const DEADLINE = Date.now() + (quick ? 20_000 : 120_000);

header(
  'Webhook throughput',
  `${DELIVERIES} deliveries of one ${COPY_BYTES / 1024} KB copy each, ${CONCURRENCY} in flight, batches of ${BATCH} in turns with the bare server; ${PENDING.toLocaleString('en-US')} other sessions pending in the store`,
);

const joseKeys = await makeJoseKeys();
const { sealer, opener } = await joseProfile(joseKeys);
const store = memoryShareStore({ maxSessions: PENDING + DELIVERIES + 1 });
const now = Date.now();
const record = (id: string): ShareRecord => ({
  id,
  flow: 'offer',
  branchId: 'branch-bench',
  documentTypes: ['passport'],
  offerId: 'offer-bench',
  otp: crypto.randomUUID(),
  state: 'awaiting-consent',
  createdAt: now,
  expiresAt: now + 3_600_000,
  updatedAt: now,
});
for (let i = 0; i < PENDING; i++) await store.create(record(crypto.randomUUID()));

const ascii = new TextDecoder();
const deliveries: { headers: Record<string, string>; body: Uint8Array }[] = [];
for (let i = 0; i < DELIVERIES; i++) {
  const id = crypto.randomUUID();
  await store.create(record(id));
  const copy = copyOf(COPY_BYTES);
  const fileName = `internal-passport-${i}.pdf`;
  const sha256 = createHash('sha256').update(copy).digest('hex');
  // A request for passport (request-only) is delivered as the concrete internal-passport.
  const metadata = {
    requestId: id,
    documentTypes: ['internal-passport'],
    data: { 'internal-passport': [{ fileName, sha256 }] },
  };
  const form = encodeMultipart([
    {
      name: 'internal-passport',
      filename: fileName,
      contentType: 'application/jose',
      value: await sealer.seal(copy),
    },
    {
      name: 'encodeData',
      value: ascii.decode(await sealer.seal(new TextEncoder().encode(JSON.stringify(metadata)))),
    },
  ]);
  deliveries.push({ headers: { 'content-type': form.contentType, [TRACE_ID_HEADER]: id }, body: form.body });
}

const bare: RequestListener = (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"success":true}');
  });
};
// The peer: jose alone on the same parts. Keys imported once, as the SDK's opener does.
const partnerPrivate = joseKeys.partner.privateJwk as JWK;
const platformPublic = joseKeys.platform.publicJwk as JWK;
const decryptionKey = await importJWK(partnerPrivate, 'ECDH-ES+A256KW');
const verificationKey = await importJWK(
  platformPublic,
  (platformPublic.alg as string | undefined) ?? 'ES256',
);
function partsOf(contentType: string, body: Buffer): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error('no boundary');
  const text = body.toString('latin1');
  const parts: Uint8Array[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const start = chunk.indexOf('\r\n\r\n') + 4;
    const value = chunk.slice(start, chunk.length - 2);
    parts.push(Buffer.from(value, 'latin1'));
  }
  return parts;
}
async function openWithJose(part: Uint8Array): Promise<void> {
  const { plaintext } = await compactDecrypt(ascii.decode(part), decryptionKey);
  const newline = plaintext.indexOf(0x0a);
  const [protectedHeader, , signature] = ascii.decode(plaintext.subarray(0, newline)).split('.');
  const content = plaintext.subarray(newline + 1);
  const unencoded = decodeProtectedHeader(`${protectedHeader}..`).b64 === false;
  await flattenedVerify(
    {
      protected: protectedHeader as string,
      payload: unencoded ? content : Buffer.from(content).toString('base64url'),
      signature: signature as string,
    },
    verificationKey,
  );
}
const joseOnly: RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const parts = partsOf(req.headers['content-type'] ?? '', Buffer.concat(chunks));
    Promise.all(parts.map(openWithJose)).then(
      () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"success":true}');
      },
      () => {
        res.writeHead(400);
        res.end();
      },
    );
  });
};

const listen = (listener: RequestListener) =>
  new Promise<Server>((resolve) => {
    const server = createServer(listener);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;
const servers = {
  bare: await listen(bare),
  jose: await listen(joseOnly),
  sdk: await listen(toNodeListener(createWebhookHandler({ opener, store }))),
};

const client = new Worker(new URL('./lib/post-client.mjs', import.meta.url), {
  workerData: { deliveries, concurrency: CONCURRENCY },
});
type Batch = { ms: number; results: { status: number; ms: number }[] };
const send = (server: Server, from: number, to: number) =>
  new Promise<Batch>((resolve) => {
    client.once('message', resolve);
    client.postMessage({ port: portOf(server), from, to });
  });

const rates = { bare: [] as number[], jose: [] as number[], sdk: [] as number[] };
const latencies = { bare: [] as number[], jose: [] as number[], sdk: [] as number[] };
await send(servers.bare, 0, Math.min(BATCH, DELIVERIES)); // warm-up of the connections and the bare path
let sent = 0;
for (let from = 0; from < DELIVERIES && Date.now() < DEADLINE; from += BATCH) {
  const to = Math.min(from + BATCH, DELIVERIES);
  for (const name of ['bare', 'jose', 'sdk'] as const) {
    const batch = await send(servers[name], from, to);
    const refused = batch.results.filter((r) => r.status !== 200).length;
    if (refused > 0) throw new Error(`${name}: ${refused} deliveries refused`);
    rates[name].push(((to - from) * 1000) / batch.ms);
    latencies[name].push(...batch.results.map((r) => r.ms));
  }
  sent = to;
}
await client.terminate();
for (const server of Object.values(servers)) server.close();

const stored = (
  await Promise.all(deliveries.slice(0, sent).map((d) => store.getDelivery(d.headers[TRACE_ID_HEADER]!)))
).filter(Boolean).length;
if (stored !== sent) throw new Error(`only ${stored} of ${sent} deliveries were stored`);

const NAMES = {
  bare: 'bare node:http, body read only (HTTP cost)',
  jose: 'bare node:http + jose compactDecrypt and JWS verify of each part (peer)',
  sdk: 'createWebhookHandler + toNodeListener',
} as const;
const rows = (['bare', 'jose', 'sdk'] as const).map((name) => [
  NAMES[name],
  num(median(rates[name])),
  ratio(median(rates[name].map((r, i) => r / rates.jose[i]!))),
  num(percentile(latencies[name], 50)),
  num(percentile(latencies[name], 99)),
]);
table(['server', 'deliveries/s', '÷ peer', 'p50 ms', 'p99 ms'], rows);
console.log(`\n${sent} deliveries opened, verified and stored (each a distinct pending session).`);
