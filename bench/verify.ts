// Token verification throughput: verifyDocumentToken next to bare jose.jwtVerify with the same key and
// the same token, per algorithm. Run: npm run bench:verify  (add --quick for a smoke run)
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { Bench } from 'tinybench';
import { manualClock } from '../src/clock.js';
import { memoryReplayGuard } from '../src/verify/replay.js';
import { verifyDocumentToken } from '../src/verify/token.js';
import { pinnedKeys } from '../src/verify/trust.js';

const quick = process.argv.includes('--quick');
const NOW = 1_790_000_000;
const clock = manualClock(NOW * 1000 + 1_000);
const ALGS = ['ES256', 'EdDSA', 'PS256'] as const;

function sign(privateKey: CryptoKey, alg: string, kid: string, jti: string): Promise<string> {
  return new SignJWT({ doc: 'passport', handle: '65f1c0a2b3d4e5f60718293a' })
    .setProtectedHeader({ alg, typ: 'diia-document+jwt', kid })
    .setIssuer('urn:diia-accept:sandbox')
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + 180)
    .setJti(jti)
    .sign(privateKey);
}

console.log(
  `Node ${process.version}, ${quick ? 'quick run' : 'full run'}; operations per second (mean), ratio = SDK ÷ bare jose (median over rounds)`,
);
console.log('| alg | jose.jwtVerify | verifyDocumentToken | ratio | with memoryReplayGuard | ratio |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const alg of ALGS) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `bench-${alg}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg };
  const trust = await pinnedKeys([jwk]);
  const token = await sign(privateKey, alg, kid, crypto.randomUUID());
  // Fresh tokens for the replay-guarded run: each verification claims its own jti.
  const fresh = await Promise.all(
    Array.from({ length: quick ? 200 : 4_000 }, () => sign(privateKey, alg, kid, crypto.randomUUID())),
  );
  let next = 0;
  const replay = memoryReplayGuard({ clock, maxEntries: 1_000_000 });

  const joseOptions = { algorithms: [alg], typ: 'diia-document+jwt', currentDate: new Date(clock.now()) };
  if ((await verifyDocumentToken(token, { trust, clock })).status !== 'valid')
    throw new Error('setup: token not valid');
  await jwtVerify(token, publicKey, joseOptions);

  // The machine may be busy: rounds alternate the three tasks, and the medians over rounds are reported.
  const rounds: Record<'jose' | 'sdk' | 'sdk+replay', number[]> = { jose: [], sdk: [], 'sdk+replay': [] };
  for (let round = 0; round < (quick ? 2 : 9); round++) {
    const bench = new Bench({ time: quick ? 100 : 300, warmupIterations: 20 });
    bench.add('jose', async () => {
      await jwtVerify(token, publicKey, joseOptions);
    });
    bench.add('sdk', async () => {
      const r = await verifyDocumentToken(token, { trust, clock });
      if (r.status !== 'valid') throw new Error(r.reason);
    });
    bench.add('sdk+replay', async () => {
      const t = fresh[next++ % fresh.length]!;
      await verifyDocumentToken(t, { trust, clock, replay });
    });
    await bench.run();
    for (const name of ['jose', 'sdk', 'sdk+replay'] as const)
      rounds[name].push((bench.getTask(name)!.result as { throughput: { mean: number } }).throughput.mean);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratio = (name: 'sdk' | 'sdk+replay') => median(rounds[name].map((v, i) => v / rounds.jose[i]!));
  const [jose, sdk, guarded] = [median(rounds.jose), median(rounds.sdk), median(rounds['sdk+replay'])];
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `| ${alg} | ${f(jose)} | ${f(sdk)} | ${ratio('sdk').toFixed(2)} | ${f(guarded)} | ${ratio('sdk+replay').toFixed(2)} |`,
  );
}
console.log(
  'The guarded column verifies distinct tokens (after the first pass over the pool, as already-used codes).',
);
