// Token verification, per allowed algorithm, in one process: the SDK's whole path for a scanned token
// (parseScan, verifyDocumentToken, a memoryReplayGuard claim) and verifyDocumentToken alone, against bare
// jose.jwtVerify with the same cached key (the peer) and node:crypto's one-shot verify of the same
// signature (the limit: no parsing, no checks, synchronous). Run: npm run bench:verify [-- --quick]
import { constants, createPublicKey, KeyObject, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { manualClock } from '../src/clock.js';
import { parseScan } from '../src/scanner/parse.js';
import { memoryReplayGuard, type ReplayGuard } from '../src/verify/replay.js';
import { verifyDocumentToken } from '../src/verify/token.js';
import { pinnedKeys } from '../src/verify/trust.js';
import { header, num, quick, rateInTurns, ratio, table } from './lib/report.js';

const NOW = 1_790_000_000;
const clock = manualClock(NOW * 1000 + 1_000);
const ALGS = ['ES256', 'EdDSA', 'PS256'] as const;
const ROUNDS = quick ? 1 : 15;
const ROUND_MS = quick ? 60 : 1_000;

function sign(privateKey: CryptoKey, alg: string, kid: string): Promise<string> {
  return new SignJWT({ doc: 'passport', handle: '65f1c0a2b3d4e5f60718293a' })
    .setProtectedHeader({ alg, typ: 'diia-document+jwt', kid })
    .setIssuer('urn:diia-accept:sandbox')
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + 180)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}

/** node:crypto's own verification of the token's signature, with the parameters of each algorithm. */
function nodeVerifier(alg: (typeof ALGS)[number], publicKey: CryptoKey, token: string): () => boolean {
  const key = KeyObject.from(publicKey);
  const dot = token.lastIndexOf('.');
  const data = Buffer.from(token.slice(0, dot));
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (alg === 'ES256') return () => verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'EdDSA') return () => verify(null, data, key, signature);
  const pss = { key: createPublicKey(key.export({ format: 'pem', type: 'spki' })), saltLength: 32 };
  return () => verify('sha256', data, { ...pss, padding: constants.RSA_PKCS1_PSS_PADDING }, signature);
}

header(
  'Token verification',
  `${ROUNDS} rounds of ${ROUND_MS} ms, the tasks interleaved 16 calls at a time; operations per second (median over rounds), ratio = median of per-round ratios`,
);
const rows: string[][] = [];
for (const alg of ALGS) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `bench-${alg}`;
  const trust = await pinnedKeys([{ ...(await exportJWK(publicKey)), kid, alg }]);
  const token = await sign(privateKey, alg, kid);
  // The whole path claims each token once: a pool of distinct tokens, and a fresh guard for each pass
  // over it, so that every verification is a first use (the claim is paid for, not short-cut).
  const pool = await Promise.all(
    Array.from({ length: quick ? 50 : 2_000 }, () => sign(privateKey, alg, kid)),
  );
  let next = 0;
  let replay: ReplayGuard = memoryReplayGuard({ clock, maxEntries: pool.length });
  const joseOptions = { algorithms: [alg], typ: 'diia-document+jwt', currentDate: new Date(clock.now()) };
  const limit = nodeVerifier(alg, publicKey, token);
  if (!limit()) throw new Error('setup: node:crypto does not verify the token');

  const results = await rateInTurns(
    {
      jose: () => jwtVerify(token, publicKey, joseOptions),
      limit,
      sdk: async () => {
        const r = await verifyDocumentToken(token, { trust, clock });
        if (r.status !== 'valid') throw new Error(r.reason);
      },
      whole: async () => {
        if (next === pool.length) {
          next = 0;
          replay = memoryReplayGuard({ clock, maxEntries: pool.length });
        }
        const scan = parseScan(pool[next++]!);
        if (scan.kind !== 'document-token') throw new Error('setup: not read as a token');
        const r = await verifyDocumentToken(scan.token, { trust, clock, replay });
        if (r.status !== 'valid') throw new Error(r.reason);
      },
    },
    ROUNDS,
    ROUND_MS,
  );
  const [jose, limitR, sdk, whole] = [results.jose!, results.limit!, results.sdk!, results.whole!];
  rows.push([
    alg,
    num(limitR.perSecond),
    num(jose.perSecond),
    ratio(1 / limitR.ratio),
    num(sdk.perSecond),
    ratio(sdk.ratio),
    num(whole.perSecond),
    ratio(whole.ratio),
  ]);
}
table(
  [
    'alg',
    'node:crypto verify (limit)',
    'jose.jwtVerify (peer)',
    'jose ÷ limit',
    'verifyDocumentToken',
    '÷ jose',
    'whole path: parseScan + verify + replay claim',
    '÷ jose',
  ],
  rows,
);
// What the whole path adds to verifyDocumentToken: reading the scanned text (synchronous, so timed alone).
const sample = await sign((await generateKeyPair('ES256')).privateKey, 'ES256', 'bench-ES256');
const calls = quick ? 1_000 : 100_000;
for (let i = 0; i < 1_000; i++) parseScan(sample);
const started = performance.now();
for (let i = 0; i < calls; i++) parseScan(sample);
const parseUs = ((performance.now() - started) * 1000) / calls;
console.log(`\nparseScan of one token alone: ${num(parseUs)} µs. Target: the whole path at ≥ 0.90× jose.`);
