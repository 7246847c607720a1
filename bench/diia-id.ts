// Diia ID signature verification, each figure beside a peer measured in the same run:
// - one ECDSA P-256 CAdES-BES detached signature over a file hash through `diiaIdVerifier`, against a peer
//   that does the same CMS check with node:crypto (signed attributes re-tagged and verified with
//   `crypto.verify`, the messageDigest compared, the signer's certificate parsed as an `X509Certificate`,
//   checked against the CA with `checkIssued` + `verify` and its validity at the signing time);
// - one DSTU 4145 CAdES-BES (GOST 34.311, the 257-bit curve of the platform's test key) through
//   `verifyCadesDstu` and `diiaIdVerifier`, against OpenSSL ECDSA verification on the same binary curve (the
//   native limit of one curve verification: no installed package verifies DSTU 4145), with the share of
//   the time spent in the DSTU 4145 verification itself;
// - the whole Diia ID webhook (`createDiiaId` with the real verifier) for deliveries of 1, 10 and 32 files
//   (1 and 10 in the smoke run):
//   deliveries per second against the verifier alone on the same signatures, peak memory, and the longest
//   event-loop stall of one delivery (perf_hooks.monitorEventLoopDelay, as bench/stall.ts measures it).
// Run: npm run bench -- diia-id   (or npm run bench:diia-id; add --quick for a smoke run)
import { sign as opensslSign, verify as opensslVerify, X509Certificate } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sha256 } from '@noble/hashes/sha2.js';
import { manualClock } from '../src/clock.js';
import { children, type Der, octets, oid, readDer, TAG, time } from '../src/der.js';
import { encodeBase64 } from '../src/diia-id/base64.js';
import type { SignAlgo } from '../src/diia-id/digests.js';
import { createDiiaId } from '../src/diia-id/diia-id.js';
import { memoryDiiaIdStore } from '../src/diia-id/store.js';
import type { DiiaIdVerifyContext } from '../src/diia-id/types.js';
import { diiaIdVerifier } from '../src/diia-id/verify.js';
import { loadDstuKeys } from '../src/profiles/dstu/index.js';
import { keyFor, resolveKeys } from '../src/profiles/dstu/keys.js';
import { verifyCadesDstu } from '../src/profiles/dstu/lib/cades.js';
import { type Signer, writeCadesSignature } from '../src/profiles/dstu/lib/cades-write.js';
import { verify as dstuVerify } from '../src/profiles/dstu/lib/dstu4145.js';
import { gost34311 } from '../src/profiles/dstu/lib/gost34311.js';
import { webRandom } from '../src/profiles/dstu/lib/seal.js';
import { createEcTestCa, signCadesBes } from '../src/sandbox/citizen-ca.js';
import { DIIA } from '../test/unit/profiles/dstu/fixtures.js';
import { CITIZEN, citizenExtensions, citizenSubject, testCa } from '../test/unit/profiles/dstu/test-ca.js';
import { opensslKeys } from './lib/binary-curve.js';
import {
  collect,
  header,
  mb,
  median,
  num,
  peakAbove,
  quick,
  rateInTurns,
  ratio,
  table,
} from './lib/report.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-06-01T09:00:00Z');
const rounds = quick ? 1 : 5;
const roundMs = quick ? 100 : 1000;

header(
  'Diia ID signature verification',
  '2 cores shared; each figure interleaved with its peer, medians of 5 rounds (÷ peer: median of per-round ratios)',
);

// --- The signers ------------------------------------------------------------------------------------------
const ecCa = await createEcTestCa({ seed: 'bench-diia-id', now: NOW });
const ecCitizen = await ecCa.issueCitizen();

const platform = resolveKeys(await loadDstuKeys(DIIA));
const like = keyFor(platform, 'digitalSignature');
if (!like) throw new Error('setup: the platform test key');
const dstuCa = testCa(like.key, 'Тестовий ЦСК (бенчмарк)');
const issueDstuCitizen = (): Signer =>
  dstuCa.issue({
    subject: citizenSubject,
    extensions: citizenExtensions,
    notBefore: Date.parse('2026-01-01T00:00:00Z'),
  });
const dstuCitizen = issueDstuCitizen();

const verifier = diiaIdVerifier({
  caCertificates: [dstuCa.certificate.raw, ecCa.certificate.der],
  clock: { now: () => NOW },
});

const file = new TextEncoder().encode('%PDF-1.7 заява про видачу довідки\n'.repeat(3000));
const sha = sha256(file);
const gost = gost34311(file);
const context = (signAlgo: SignAlgo, digest: Uint8Array): DiiaIdVerifyContext => ({
  digest,
  digestAlgorithm: signAlgo === 'DSTU' ? 'gost34311' : 'sha256',
  signAlgo,
  at: NOW,
  requestedAt: NOW - 2 * MINUTE,
});
const ecContext = context('ECDSA', sha);
const dstuContext = context('DSTU', gost);

// --- (1) ECDSA P-256 against node:crypto ------------------------------------------------------------------
const ecSignature = await signCadesBes({ signer: ecCitizen, digest: sha, signingTime: NOW - MINUTE });

/** The peer's trust store: the CA certificate parsed once, as the SDK's store parses its anchors once. */
const peerAnchor = new X509Certificate(ecCa.certificate.der);
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

/**
 * The same CMS check with node:crypto: the SignedData's one SignerInfo, its signed attributes re-tagged as a
 * SET and verified with the signer certificate's key, the messageDigest equal to the file's hash, the
 * certificate issued by the CA (names and signature) and valid at the signing time. The DER walk uses the
 * SDK's reader (node:crypto has no CMS parser); everything cryptographic and X.509 is OpenSSL's.
 */
function peerVerifyEcdsa(cms: Uint8Array, digest: Uint8Array, now: number): boolean {
  const [, wrapper] = children(readDer(cms), TAG.SEQUENCE) as [Der, Der];
  const fields = children(children(wrapper, 0xa0)[0] as Der, TAG.SEQUENCE);
  const certs = fields.find((f) => f.tag === 0xa0);
  const infos = children(fields.at(-1) as Der, TAG.SET);
  if (!certs || infos.length !== 1) return false;
  const info = children(infos[0] as Der, TAG.SEQUENCE);
  const attrs = info.find((f) => f.tag === 0xa0);
  const signature = info.at(-1);
  if (!attrs || !signature) return false;
  let messageDigest: Uint8Array | undefined;
  let signedAt = now;
  for (const attribute of children(attrs)) {
    const [type, values] = children(attribute, TAG.SEQUENCE) as [Der, Der];
    const kind = oid(type);
    if (kind === MESSAGE_DIGEST) messageDigest = octets(children(values, TAG.SET)[0]);
    else if (kind === SIGNING_TIME) signedAt = time(children(values, TAG.SET)[0]);
  }
  if (!messageDigest || Buffer.compare(messageDigest, digest) !== 0) return false;
  const signed = new Uint8Array(attrs.raw);
  signed[0] = TAG.SET;
  const certificate = new X509Certificate(children(certs)[0]?.raw as Uint8Array);
  if (!certificate.checkIssued(peerAnchor) || !certificate.verify(peerAnchor.publicKey)) return false;
  if (signedAt < Date.parse(certificate.validFrom) || signedAt > Date.parse(certificate.validTo))
    return false;
  return opensslVerify('sha256', signed, certificate.publicKey, octets(signature));
}

if (!peerVerifyEcdsa(ecSignature, sha, NOW)) throw new Error('setup: the peer refuses the ECDSA signature');
if (peerVerifyEcdsa(ecSignature, gost, NOW)) throw new Error('setup: the peer takes another digest');
if ((await verifier(ecSignature, ecContext)).signer.taxId !== ecCitizen.citizen?.taxId)
  throw new Error('setup: the ECDSA signer');

// The limit: one ECDSA P-256 verification of the same signed attributes with a key already imported.
const citizenX509 = new X509Certificate(ecCitizen.der);
const ecSigned = (() => {
  const [, wrapper] = children(readDer(ecSignature), TAG.SEQUENCE) as [Der, Der];
  const fields = children(children(wrapper, 0xa0)[0] as Der, TAG.SEQUENCE);
  const info = children(children(fields.at(-1) as Der, TAG.SET)[0] as Der, TAG.SEQUENCE);
  const attrs = new Uint8Array((info.find((f) => f.tag === 0xa0) as Der).raw);
  attrs[0] = TAG.SET;
  return { attrs, signature: octets(info.at(-1)) };
})();

const ecRates = await rateInTurns(
  {
    'node:crypto CMS check (peer)': () => {
      if (!peerVerifyEcdsa(ecSignature, sha, NOW)) throw new Error('peer');
    },
    'diiaIdVerifier, ECDSA': () => verifier(ecSignature, ecContext),
    'node:crypto verify of the signed attributes alone (limit)': () =>
      opensslVerify('sha256', ecSigned.attrs, citizenX509.publicKey, ecSigned.signature),
  },
  rounds,
  roundMs,
);

// --- (2) DSTU 4145 --------------------------------------------------------------------------------------
const dstuSignature = writeCadesSignature(
  dstuCitizen,
  { digest: gost, signingTime: NOW - MINUTE },
  webRandom,
);
if ((await verifier(dstuSignature, dstuContext)).signer.taxId !== CITIZEN.taxId)
  throw new Error('setup: the DSTU signer');

// One DSTU 4145 verification on the same curve: the CA's signature over the citizen's certificate.
const caKey = dstuCa.certificate.key();
if (!caKey) throw new Error('setup: the CA key');
const curve = caKey.params.curve;
const tbsHash = gost34311(dstuCitizen.certificate.tbs, caKey.params.sbox);
const certSignature = octets(readDer(dstuCitizen.certificate.signature));
if (!dstuVerify(curve, caKey.q, tbsHash, certSignature)) throw new Error('setup: the certificate signature');
// OpenSSL ECDSA over the very same GF(2^m) curve (explicit parameters), a SHA-256 signature of the same tbs.
const ossl = opensslKeys(curve, 0x2f1e3d4c5b6a79880123456789abcdef0f1e2d3c4b5a6978n);
const tbs = Buffer.from(dstuCitizen.certificate.tbs);
const osslSignature = opensslSign('sha256', tbs, ossl.privateKey);
if (!opensslVerify('sha256', tbs, ossl.publicKey, osslSignature)) throw new Error('setup: OpenSSL');

const dstuRates = await rateInTurns(
  {
    [`OpenSSL ECDSA verify, the same ${curve.f.m}-bit curve (peer: native limit)`]: () =>
      opensslVerify('sha256', tbs, ossl.publicKey, osslSignature),
    'DSTU 4145 verify alone (one curve verification)': () =>
      dstuVerify(curve, caKey.q, tbsHash, certSignature),
    'verifyCadesDstu (chain remembered)': () =>
      verifyCadesDstu(dstuSignature, { digest: gost }, { trust: dstuCa.store, now: NOW }),
    'diiaIdVerifier, DSTU (chain remembered)': () => verifier(dstuSignature, dstuContext),
  },
  rounds,
  roundMs,
);

// A signer never seen: the chain is walked (the CA's signature over the citizen checked too). Each signer
// once, through one verifier.
const coldSigners = Array.from({ length: quick ? 2 : 12 }, () => {
  const signer = issueDstuCitizen();
  return writeCadesSignature(signer, { digest: gost, signingTime: NOW - MINUTE }, webRandom);
});
const coldMs: number[] = [];
for (const signature of coldSigners) {
  const started = performance.now();
  await verifier(signature, dstuContext);
  coldMs.push(performance.now() - started);
}

const rate = (rates: Record<string, { perSecond: number; ratio: number }>, name: string) =>
  rates[name] as { perSecond: number; ratio: number };
const dstuAlone = rate(dstuRates, 'DSTU 4145 verify alone (one curve verification)').perSecond;
const share = (verifications: number, msPerCall: number) =>
  `${Math.round(((verifications * 1000) / dstuAlone / msPerCall) * 100)} %`;

table(
  ['signature', 'verifications/s', '÷ peer', 'ms each', 'share in DSTU 4145 verify'],
  [
    ...Object.entries(ecRates).map(([name, r]) => [
      `ECDSA P-256: ${name}`,
      num(r.perSecond),
      ratio(r.ratio),
      num(1000 / r.perSecond),
      '',
    ]),
    ...Object.entries(dstuRates).map(([name, r]) => [
      `DSTU: ${name}`,
      num(r.perSecond),
      ratio(r.ratio),
      num(1000 / r.perSecond),
      name.startsWith('OpenSSL') ? '' : share(1, 1000 / r.perSecond),
    ]),
    [
      `DSTU: diiaIdVerifier, a signer not seen before (median of ${coldMs.length})`,
      num(1000 / median(coldMs)),
      '–',
      num(median(coldMs)),
      share(2, median(coldMs)),
    ],
  ],
);

// --- (3) The webhook --------------------------------------------------------------------------------------
interface Prepared {
  readonly requestId: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly signatures: readonly { readonly signature: Uint8Array; readonly digest: Uint8Array }[];
}

const boundary = 'diia-id-bench-7MA4YWxkTrZu0gW';
const enc = (s: string) => new TextEncoder().encode(s);

/** A Diia ID deployment with the real verifier, and `count` pending sessions of `files` files, signed. */
async function deployment(signAlgo: SignAlgo, files: number, count: number) {
  const clock = manualClock(NOW);
  const sent: (readonly { readonly fileName: string; readonly fileHash: string }[])[] = [];
  const diiaId = createDiiaId({
    transport: {
      async createOfferRequest(request) {
        sent.push(request.data?.hashedFilesSigning?.hashedFiles ?? []);
        return { deeplink: 'https://diia.app/acquirers/offer-request/dynamic/bench' };
      },
    },
    verify: verifier,
    store: memoryDiiaIdStore({ clock, maxRequests: 100_000 }),
    clock,
    signAlgo,
  });
  const prepared: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    const session = await diiaId.signFiles({
      branchId: 'b'.repeat(128),
      offerId: 'c'.repeat(128),
      files: Array.from({ length: files }, (_, k) => ({ name: `file-${k}.pdf`, bytes: enc(`${i}:${k}`) })),
    });
    const signatures = [];
    const items = [];
    for (const { fileName, fileHash } of sent.at(-1) ?? []) {
      const digest = new Uint8Array(Buffer.from(fileHash, 'base64'));
      const signature =
        signAlgo === 'DSTU'
          ? writeCadesSignature(dstuCitizen, { digest, signingTime: NOW - 1_000 }, webRandom)
          : await signCadesBes({ signer: ecCitizen, digest, signingTime: NOW - 1_000 });
      signatures.push({ signature, digest });
      items.push({ name: fileName, signature: encodeBase64(signature) });
    }
    const encodeData = encodeBase64(enc(JSON.stringify({ signedItems: items })));
    const body = enc(
      `--${boundary}\r\nContent-Disposition: form-data; name="encodeData"\r\n\r\n${encodeData}\r\n--${boundary}--\r\n`,
    );
    prepared.push({
      requestId: session.requestId,
      body,
      contentType: `multipart/form-data; boundary=${boundary}`,
      signatures,
    });
  }
  return { diiaId, prepared };
}

const deliver = async (webhook: (r: Request) => Promise<Response>, p: Prepared) => {
  const response = await webhook(
    new Request('https://partner.example/diia-id', {
      method: 'POST',
      headers: {
        'content-type': p.contentType,
        'x-diia-id-action': 'hashedFilesSigning',
        'x-document-request-trace-id': p.requestId,
      },
      body: p.body as Uint8Array<ArrayBuffer>,
    }),
  );
  if (response.status !== 200)
    throw new Error(`delivery refused: ${response.status} ${await response.text()}`);
};

const verifyAlone = async (signAlgo: SignAlgo, p: Prepared) => {
  for (const s of p.signatures) await verifier(s.signature, context(signAlgo, s.digest));
};

async function stallOf(run: () => Promise<unknown>): Promise<{ ms: number; cpu: number; stall: number }> {
  collect();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // Let the monitor's timer run once before the work starts: a block right after enable() is not seen.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await run();
  const cpuSpent = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  // CPU time of the whole process (WebCrypto's worker threads included): what the load does not inflate.
  return { ms, cpu: (cpuSpent.user + cpuSpent.system) / 1000, stall: histogram.max / 1e6 };
}

const stalls = quick ? 1 : 5;
const webhookRows: string[][] = [];
const stallRows: string[][] = [];
for (const signAlgo of ['DSTU', 'ECDSA'] as const) {
  for (const files of quick ? [1, 10] : [1, 10, 32]) {
    const count = quick ? 2 : Math.max(8, Math.round((signAlgo === 'DSTU' ? 120 : 200) / files));
    const { diiaId, prepared } = await deployment(signAlgo, files, count + 1 + 2 * stalls);
    // Throughput: the webhook and the verifier alone on the same deliveries' signatures, in turns (a session
    // takes one delivery: a second one of the same is a cheap duplicate). ÷ peer is the median of the
    // per-delivery ratios, which one descheduled delivery on a loaded machine does not move.
    const webhookMs: number[] = [];
    const aloneMs: number[] = [];
    const batch = prepared.slice(0, count);
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i] as Prepared;
      const order = i % 2 === 0;
      for (const which of order ? ['webhook', 'alone'] : ['alone', 'webhook']) {
        const started = performance.now();
        if (which === 'webhook') await deliver(diiaId.webhook, p);
        else await verifyAlone(signAlgo, p);
        (which === 'webhook' ? webhookMs : aloneMs).push(performance.now() - started);
      }
    }
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    const perSecond = (1000 * batch.length) / sum(webhookMs);
    const alonePerSecond = (1000 * batch.length) / sum(aloneMs);
    // Memory: one more delivery, its peak above the level before it.
    const one = await peakAbove(() => deliver(diiaId.webhook, prepared[count] as Prepared));
    webhookRows.push([
      `${signAlgo}, ${files} file${files > 1 ? 's' : ''} (${batch.length} deliveries)`,
      num(perSecond),
      num(alonePerSecond),
      ratio(median(webhookMs.map((w, i) => (aloneMs[i] as number) / w))),
      num(median(webhookMs)),
      mb(one.peak),
      mb(one.rss),
    ]);
    // The stall: each of `stalls` deliveries on its own, each followed by another delivery's signatures
    // through the verifier alone (a session takes one delivery, so the two use different sessions).
    const ms: number[] = [];
    const cpu: number[] = [];
    const stall: number[] = [];
    const aloneStall: number[] = [];
    for (let k = 0; k < stalls; k++) {
      const delivery = await stallOf(() => deliver(diiaId.webhook, prepared[count + 1 + k] as Prepared));
      const alone = await stallOf(() => verifyAlone(signAlgo, prepared[count + 1 + stalls + k] as Prepared));
      ms.push(delivery.ms);
      cpu.push(delivery.cpu);
      stall.push(delivery.stall);
      aloneStall.push(alone.stall);
    }
    const bodyBytes = (prepared[count + 1] as Prepared).body.length;
    stallRows.push([
      `${signAlgo}, ${files} file${files > 1 ? 's' : ''}`,
      `${(bodyBytes / 1024).toFixed(1)} KiB`,
      num(median(ms)),
      num(median(cpu)),
      `${num(median(stall))} (${num(Math.max(...stall))})`,
      num(median(stall) / files),
      `${num(median(aloneStall))} (${num(Math.max(...aloneStall))})`,
    ]);
  }
}

console.log('\nThe Diia ID webhook (createDiiaId, real verifier, memory store), one delivery at a time:\n');
table(
  [
    'deliveries',
    'deliveries/s',
    'the verifier alone on the same signatures, /s (peer)',
    '÷ peer',
    'median ms',
    'peak heap + buffers, one delivery',
    'peak RSS growth, one delivery',
  ],
  webhookRows,
);
// The floor: the same monitor over 5 ms of doing nothing (what the machine's load alone shows as a stall).
const idle: number[] = [];
for (let k = 0; k < stalls; k++) idle.push((await stallOf(async () => {})).stall);
stallRows.push([
  'nothing (the noise floor)',
  '–',
  '–',
  '–',
  `${num(median(idle))} (${num(Math.max(...idle))})`,
  '–',
  '–',
]);
console.log(
  `\nEvent-loop stall of one delivery (the longest time a 1 ms timer could not run; ${stalls} deliveries each):\n`,
);
table(
  [
    'delivery',
    'body',
    'handled in ms (median)',
    'CPU ms of the process (median)',
    'worst stall ms: median (max)',
    'stall ms per file',
    'the verifier alone: stall ms, median (max)',
  ],
  stallRows,
);
