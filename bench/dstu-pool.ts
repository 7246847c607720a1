// The event loop while dstu deliveries are opened: the p50 and p99 latency of a cheap request (GET /ping
// on node:http, sent every 5 ms from a worker thread) while the same process opens the 190 KB sample, two
// deliveries in flight, with the opener on the event loop and with dstuOpenerPool (one worker thread: the
// machine has two cores), and with nothing opened (the floor). Opens per second are shown beside.
// Run: npm run bench:dstu-pool  (add --quick for a smoke run)
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Worker } from 'node:worker_threads';
import { manualClock } from '../src/clock.js';
import { dstuOpenerPool } from '../src/node/dstu-pool.js';
import { dstuOpener, loadDstuKeys } from '../src/profiles/dstu/index.js';
import type { Opener } from '../src/profiles/port.js';
import { header, num, percentile, quick, table } from './lib/report.js';

const MS = quick ? 2_000 : 10_000;
const IN_FLIGHT = 2;
const dir = new URL('../test/fixtures/diia-sdk-js/', import.meta.url);
const file = (path: string) => new Uint8Array(readFileSync(new URL(path, dir)));

header(
  'dstu opening and the event loop',
  `GET /ping every 5 ms for ${MS / 1000} s per line while the 190 KB sample is opened, ${IN_FLIGHT} in flight`,
);

const keySource = { container: file('keys/Key-6.dat'), password: '12345677' };
const trust = {
  caBundle: file('certificates/CACertificates.Test.All.p7b'),
  platformCertificates: [file('certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer')],
};
const clock = manualClock('2025-01-01T00:00:00Z');
const pdf = file('samples/internal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e');
const inline = dstuOpener({ keys: await loadDstuKeys(keySource), trust, clock });
const pool = dstuOpenerPool({ keys: keySource, trust, clock, threads: 1 });
// Warm both: keys opened, CA bundle parsed, chain remembered, code compiled.
for (let i = 0; i < 5; i++) await Promise.all([inline.open(pdf), pool.open(pdf)]);

const server = await new Promise<Server>((resolve) => {
  const s = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  s.listen(0, '127.0.0.1', () => resolve(s));
});
const port = (server.address() as { port: number }).port;
const client = new Worker(new URL('./lib/ping-client.mjs', import.meta.url));

async function run(opener: Opener | undefined): Promise<{ latencies: number[]; opens: number }> {
  let opens = 0;
  let stop = false;
  const lane = async () => {
    while (!stop) {
      await opener?.open(pdf);
      opens++;
      // Deliveries arrive from sockets: the event loop turns between them (without this, back-to-back
      // opens on the loop would be microtasks only and starve it completely). Nothing to open: idle.
      await new Promise((resolve) => (opener ? setImmediate(resolve) : setTimeout(resolve, 50)));
    }
  };
  const pings = new Promise<number[]>((resolve) => client.once('message', resolve));
  client.postMessage({ port, ms: MS, every: 5 });
  const lanes = Array.from({ length: IN_FLIGHT }, lane);
  const latencies = await pings;
  stop = true;
  await Promise.all(lanes);
  return { latencies, opens: opener ? (opens * 1000) / MS : 0 };
}

const rows: string[][] = [];
for (const [name, opener] of [
  ['nothing opened (floor)', undefined],
  ['dstuOpener on the event loop', inline],
  ['dstuOpenerPool, 1 worker thread', pool],
] as const) {
  const { latencies, opens } = await run(opener);
  rows.push([
    name,
    num(percentile(latencies, 50)),
    num(percentile(latencies, 99)),
    num(Math.max(...latencies)),
    opener ? num(opens) : '–',
  ]);
}
table(['opening', 'ping p50 ms', 'ping p99 ms', 'ping max ms', 'opens/s'], rows);
await client.terminate();
server.close();
await pool.close();
