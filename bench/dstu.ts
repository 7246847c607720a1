// The dstu profile's costs, each beside its peer in the same run (ratios travel between machines and
// survive a loaded one better than the raw numbers):
// - DSTU 4145 verification and key agreement on the 257-bit curve against OpenSSL (node:crypto) ECDSA and
//   ECDH on the same curve (explicit X9.62 parameters: same field, equation, base point and order) — the
//   native limit; both sides synchronous, interleaved in batches;
// - GOST 34.311-95 and GOST 28147-89 CFB over 10 MB against the `gost89` package (dev-only);
// - open + verify of the platform's 190 KB sample, warm and first, and deliveries per second per core;
// - opening a key container, and the subpath's size.
// Run: npm run bench:dstu  (add --quick for a smoke run)
import { diffieHellman, sign as opensslSign, verify as opensslVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import gost89 from 'gost89';
import { manualClock } from '../src/clock.js';
import { octets, readDer } from '../src/der.js';
import { dstuOpener, loadDstuKeys } from '../src/profiles/dstu/index.js';
import { certificatesOfBundle, parseCertificate } from '../src/profiles/dstu/lib/certificate.js';
import { namedCurve } from '../src/profiles/dstu/lib/curves.js';
import { agree, publicKeyOf, sign, verify } from '../src/profiles/dstu/lib/dstu4145.js';
import { cfbDecrypt, gostKey } from '../src/profiles/dstu/lib/gost28147.js';
import { gost34311 } from '../src/profiles/dstu/lib/gost34311.js';
import { opensslKeys } from './lib/binary-curve.js';
import { header, median, num, quick, rateInTurns, ratio, table } from './lib/report.js';

const dir = new URL('../test/fixtures/diia-sdk-js/', import.meta.url);
const file = (path: string) => new Uint8Array(readFileSync(new URL(path, dir)));

header(
  'dstu profile',
  '2 cores shared; each figure interleaved with its peer, medians of 5 rounds (÷ peer: median of per-round ratios)',
);

// --- Key container and the sample ------------------------------------------------------------------------
const t0 = performance.now();
const keys = await loadDstuKeys({ container: file('keys/Key-6.dat'), password: '12345677' });
const containerMs = performance.now() - t0;
const opener = dstuOpener({
  keys,
  trust: {
    caBundle: file('certificates/CACertificates.Test.All.p7b'),
    platformCertificates: [file('certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer')],
  },
  clock: manualClock('2025-01-01T00:00:00Z'),
});
const pdf = file('samples/internal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e');
const json = file('samples/encodedData.json.p7s.p7e');
const t1 = performance.now();
await opener.open(pdf);
const firstOpenMs = performance.now() - t1;
await opener.open(json);
const openRuns = quick ? 3 : 40;
const openMs: number[] = [];
const deliveryMs: number[] = [];
for (let i = 0; i < openRuns; i++) {
  const a = performance.now();
  await opener.open(pdf);
  const b = performance.now();
  await opener.open(json);
  openMs.push(b - a);
  deliveryMs.push(performance.now() - a);
}

// --- DSTU 4145 against OpenSSL on the same curve ---------------------------------------------------------
const rounds = quick ? 1 : 5;
const roundMs = quick ? 200 : 1500;
// A real signature: the test CA's 257-bit key over the partner's certificate.
const user = parseCertificate(file('certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer'));
const ca = certificatesOfBundle(file('certificates/CACertificates.Test.All.p7b'))
  .map(parseCertificate)
  .find((c) => c.subjectKeyId === user.authorityKeyId);
const caKey = ca?.key();
if (!caKey) throw new Error('setup: issuer not found');
const c257 = caKey.params.curve;
if (c257.f.m !== 257) throw new Error('setup: the CA key is not on the 257-bit curve');
const tbsHash = gost34311(user.tbs, caKey.params.sbox);
const certSig = octets(readDer(user.signature));
if (!verify(c257, caKey.q, tbsHash, certSig)) throw new Error('setup: signature');

const dA = 0x2f1e3d4c5b6a79880123456789abcdef0f1e2d3c4b5a6978n;
const dB = 0x3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69n;
const ossl = opensslKeys(c257, dA);
const osslPeer = opensslKeys(c257, dB);
const message = Buffer.from(user.tbs);
const osslSig = opensslSign('sha256', message, ossl.privateKey);
if (!opensslVerify('sha256', message, ossl.publicKey, osslSig)) throw new Error('setup: OpenSSL signature');
const qB = publicKeyOf(c257, dB);

const curveRates = await rateInTurns(
  {
    'OpenSSL ECDSA verify': () => opensslVerify('sha256', message, ossl.publicKey, osslSig),
    'DSTU 4145 verify': () => verify(c257, caKey.q, tbsHash, certSig),
  },
  rounds,
  roundMs,
);
const agreeRates = await rateInTurns(
  {
    'OpenSSL ECDH': () => diffieHellman({ privateKey: ossl.privateKey, publicKey: osslPeer.publicKey }),
    'DSTU 4145 key agreement (blinded ladder)': () => agree(c257, dA, qB),
  },
  rounds,
  roundMs,
);

const c431 = namedCurve(9);
if (!c431) throw new Error('setup: curve');
const d431 = 0x1234567890abcdef1234567890abcdefn;
const q431 = publicKeyOf(c431, d431);
const sig431 = sign(c431, d431, tbsHash, () => 0x42424242424242424242n);
const rates431 = await rateInTurns(
  { 'DSTU 4145 verify, 431-bit': () => verify(c431, q431, tbsHash, sig431) },
  rounds,
  roundMs / 2,
);

// --- GOST against gost89 ---------------------------------------------------------------------------------
const size = quick ? 1 << 20 : 10 << 20;
const data = new Uint8Array(size);
for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(data.subarray(at, at + 65_536));
const key = new Uint8Array(32).map((_, i) => i * 7 + 1);
const iv = new Uint8Array(8).map((_, i) => i + 1);
const peerCipher = gost89.init();
peerCipher.key(Buffer.from(key));
const dataBuffer = Buffer.from(data);
const ivBuffer = Buffer.from(iv);
if (!Buffer.from(gost34311(data)).equals(gost89.gosthash(dataBuffer))) throw new Error('setup: hash differs');
if (!Buffer.from(cfbDecrypt(gostKey(key), iv, data)).equals(peerCipher.decrypt_cfb(ivBuffer, dataBuffer))) {
  throw new Error('setup: CFB differs');
}
/** MB/s of each task, interleaved one call each per round; the ratio is against the first. */
function mbInTurns(tasks: Record<string, () => unknown>): Record<string, { mbs: number; ratio: number }> {
  const names = Object.keys(tasks);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const start = performance.now();
      tasks[name]?.();
      samples[name]?.push(size / 1024 / 1024 / ((performance.now() - start) / 1000));
    }
  }
  const peer = samples[names[0] as string] as number[];
  return Object.fromEntries(
    names.map((n) => {
      const s = samples[n] as number[];
      return [n, { mbs: median(s), ratio: median(s.map((v, i) => v / (peer[i] as number))) }];
    }),
  );
}
const hashRates = mbInTurns({
  'gost89 gosthash': () => gost89.gosthash(dataBuffer),
  'GOST 34.311-95': () => gost34311(data),
});
const cfbRates = mbInTurns({
  'gost89 decrypt_cfb': () => peerCipher.decrypt_cfb(ivBuffer, dataBuffer),
  'GOST 28147-89 CFB decrypt': () => cfbDecrypt(gostKey(key), iv, data),
});

// --- CPU time: on a shared machine the wall clock counts other processes' turns; CPU time much less so.
/** Calls per CPU-second (user + system of this process), median of three runs of `calls` calls. */
function perCpuSecond(fn: () => unknown, calls: number): number {
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(start);
    runs.push((calls * 1e6) / (used.user + used.system));
  }
  return median(runs);
}
const n = quick ? 20 : 200;
const cpu: Record<string, number> = {
  'OpenSSL ECDSA verify': perCpuSecond(() => opensslVerify('sha256', message, ossl.publicKey, osslSig), n),
  'DSTU 4145 verify': perCpuSecond(() => verify(c257, caKey.q, tbsHash, certSig), n),
  'OpenSSL ECDH': perCpuSecond(
    () => diffieHellman({ privateKey: ossl.privateKey, publicKey: osslPeer.publicKey }),
    n,
  ),
  'DSTU 4145 key agreement (blinded ladder)': perCpuSecond(() => agree(c257, dA, qB), n),
  'gost89 gosthash': (perCpuSecond(() => gost89.gosthash(dataBuffer), 1) * size) / 1024 / 1024,
  'GOST 34.311-95': (perCpuSecond(() => gost34311(data), 1) * size) / 1024 / 1024,
  'gost89 decrypt_cfb':
    (perCpuSecond(() => peerCipher.decrypt_cfb(ivBuffer, dataBuffer), 1) * size) / 1024 / 1024,
  'GOST 28147-89 CFB decrypt':
    (perCpuSecond(() => cfbDecrypt(gostKey(key), iv, data), 1) * size) / 1024 / 1024,
};
const openCpu: number[] = [];
for (let i = 0; i < (quick ? 3 : 20); i++) {
  const start = process.cpuUsage();
  await opener.open(pdf);
  const used = process.cpuUsage(start);
  openCpu.push((used.user + used.system) / 1000);
}

// --- Size of the subpath ---------------------------------------------------------------------------------
const bundle = await build({
  entryPoints: [new URL('../src/profiles/dstu/index.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});
const minified = bundle.outputFiles[0]?.contents ?? new Uint8Array();

const f1 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const rows: string[][] = [];
const pair = (rates: Record<string, { perSecond: number; ratio: number }>, unit: string) => {
  for (const [name, r] of Object.entries(rates))
    rows.push([name, `${num(r.perSecond)} ${unit}`, ratio(r.ratio), `${num(cpu[name] ?? 0)} ${unit}`]);
};
pair(curveRates, '/s');
pair(agreeRates, '/s');
rows.push([
  'DSTU 4145 verify, 431-bit curve',
  `${num(rates431['DSTU 4145 verify, 431-bit']?.perSecond ?? 0)} /s`,
  '–',
]);
for (const set of [hashRates, cfbRates]) {
  for (const [name, r] of Object.entries(set))
    rows.push([
      `${name}, ${size >> 20} MB`,
      `${f1(r.mbs)} MB/s`,
      ratio(r.ratio),
      `${f1(cpu[name] ?? 0)} MB/s`,
    ]);
}
rows.push([
  'open + verify the 190 KB PDF sample, warm (median)',
  `${f1(median(openMs))} ms`,
  '–',
  `${f1(median(openCpu))} ms of CPU`,
]);
rows.push([
  'first open (indexes the 1.2 MB CA bundle, validates the chain, checks the keys, compiles)',
  `${f1(firstOpenMs)} ms`,
  '–',
]);
rows.push([
  'deliveries per second per core (the PDF and the JSON part of one delivery, opened in turn)',
  `${f1(1000 / median(deliveryMs))} /s`,
  '–',
]);
rows.push(['open Key-6.dat (PBKDF2-GOST34311, 3 × 10 000 rounds)', `${f1(containerMs)} ms`, '–']);
rows.push(['diia-accept/profiles/dstu, minified', `${f1(minified.length / 1024)} KB`, '–']);
rows.push([
  'diia-accept/profiles/dstu, minified + gzip -9',
  `${f1(gzipSync(minified, { level: 9 }).length / 1024)} KB`,
  '–',
]);
table(
  ['figure', 'value (wall clock)', '÷ peer', 'per CPU-second'],
  rows.map((r) => (r.length === 3 ? [...r, ''] : r)),
);
