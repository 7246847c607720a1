// The dstu profile's costs: opening and verifying the platform's 190 KB sample, DSTU 4145 signature checks
// per second next to WebCrypto ECDSA P-256 on the same machine (the ratio travels between machines better
// than the raw number), GOST 34.311 throughput, opening a key container, and the gzipped size of the
// subpath. Run: npm run bench:dstu  (add --quick for a smoke run)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { manualClock } from '../src/clock.js';
import { dstuOpener, loadDstuKeys } from '../src/profiles/dstu/index.js';
import { certificatesOfBundle, parseCertificate } from '../src/profiles/dstu/lib/certificate.js';
import { namedCurve } from '../src/profiles/dstu/lib/curves.js';
import { octets, readDer } from '../src/profiles/dstu/lib/der.js';
import { publicKeyOf, sign, verify } from '../src/profiles/dstu/lib/dstu4145.js';
import { gost34311 } from '../src/profiles/dstu/lib/gost34311.js';

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 5;
const dir = new URL('../test/fixtures/diia-sdk-js/', import.meta.url);
const file = (path: string) => new Uint8Array(readFileSync(new URL(path, dir)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Median over rounds of the mean milliseconds per call. */
async function time(fn: () => unknown, calls: number): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    samples.push((performance.now() - start) / calls);
  }
  return median(samples);
}

console.log(`Node ${process.version}, ${quick ? 'quick run' : `${rounds} rounds, medians`}`);

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
const t1 = performance.now();
await opener.open(pdf);
const firstOpenMs = performance.now() - t1;
const openMs = await time(() => opener.open(pdf), quick ? 2 : 10);

// A real signature: the test CA's 257-bit key over the partner's certificate.
const user = parseCertificate(file('certificates/EU-5B63D88375D9201804000000E0BA0500B4810D00.cer'));
const ca = certificatesOfBundle(file('certificates/CACertificates.Test.All.p7b'))
  .map(parseCertificate)
  .find((c) => c.subjectKeyId === user.authorityKeyId);
const caKey = ca?.key();
if (!caKey) throw new Error('setup: issuer not found');
const tbsHash = gost34311(user.tbs, caKey.params.sbox);
const certSig = octets(readDer(user.signature));
if (!verify(caKey.params.curve, caKey.q, tbsHash, certSig)) throw new Error('setup: signature');
const verify257Ms = await time(() => verify(caKey.params.curve, caKey.q, tbsHash, certSig), quick ? 5 : 30);

const c431 = namedCurve(9);
if (!c431) throw new Error('setup: curve');
const d431 = 0x1234567890abcdef1234567890abcdefn;
const q431 = publicKeyOf(c431, d431);
const sig431 = sign(c431, d431, tbsHash, () => 0x42424242424242424242n);
const verify431Ms = await time(() => verify(c431, q431, tbsHash, sig431), quick ? 3 : 15);

const ecdsa = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
  'sign',
  'verify',
]);
const ecdsaAlg = { name: 'ECDSA', hash: 'SHA-256' };
const tbs = new Uint8Array(user.tbs);
const ecdsaSig = await crypto.subtle.sign(ecdsaAlg, ecdsa.privateKey, tbs);
const ecdsaMs = await time(
  () => crypto.subtle.verify(ecdsaAlg, ecdsa.publicKey, ecdsaSig, tbs),
  quick ? 50 : 500,
);

const plain = file('samples/internal-passport-2858364170864-02.04.2021-09_48_26.pdf');
const hashMs = await time(() => gost34311(plain), quick ? 2 : 10);

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
console.log('| figure | value |');
console.log('| --- | ---: |');
console.log(`| open + verify the 190 KB PDF sample (keys and CA bundle ready) | ${f1(openMs)} ms |`);
console.log(
  `| first open (also parses the 1.2 MB CA bundle, checks key subgroups) | ${f1(firstOpenMs)} ms |`,
);
console.log(`| open Key-6.dat (PBKDF2-GOST34311, 3 × 10 000 rounds) | ${f1(containerMs)} ms |`);
console.log(`| DSTU 4145 verify, 257-bit curve | ${f1(1000 / verify257Ms)} /s |`);
console.log(`| DSTU 4145 verify, 431-bit curve | ${f1(1000 / verify431Ms)} /s |`);
console.log(`| WebCrypto ECDSA P-256 verify (native, for scale) | ${f1(1000 / ecdsaMs)} /s |`);
console.log(`| ratio DSTU-257 ÷ P-256 | ${(ecdsaMs / verify257Ms).toFixed(4)} |`);
console.log(
  `| GOST 34.311-95 over the 137 KB PDF | ${f1(plain.length / 1024 / 1024 / (hashMs / 1000))} MB/s |`,
);
console.log(`| diia-accept/profiles/dstu, minified | ${f1(minified.length / 1024)} KB |`);
console.log(
  `| diia-accept/profiles/dstu, minified + gzip -9 | ${f1(gzipSync(minified, { level: 9 }).length / 1024)} KB |`,
);
