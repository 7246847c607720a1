// Opening deliveries: copies of 1 MB and 10 MB sealed by each profile's sealer and opened by its opener,
// in MB/s of copy against node:crypto SHA-256 over the same bytes (the limit: every opener at least hashes
// the copy once, and decrypts and verifies it besides). Peak memory of one open is measured in a fresh
// child process (bench/open-memory.ts) so that nothing else this process holds is counted.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyOf, dstuProfile, joseProfile, makeJoseKeys, type Profile } from './lib/openers.js';
import { header, mb, median, num, quick, ratio, table } from './lib/report.js';

const MiB = 1024 * 1024;
const joseSizes = quick ? [256 * 1024] : [MiB, 10 * MiB];
const dstuSizes = quick ? [16 * 1024] : [MiB, 10 * MiB];
// The dstu profile is pure-JS GOST cryptography: a size whose open would take longer than this, going by
// the smaller size's rate, is reported as skipped rather than left to hold up the whole run.
const MAX_PROJECTED_MS = 90_000;
const budgetMs = quick ? 200 : 4_000;
const dir = join(process.cwd(), '.tmp', 'bench-open');
mkdirSync(dir, { recursive: true });

header('Opening deliveries', 'each row: median of the opens that fit in about 4 s, hash in turns with them');

/** Median ms per call of `fn`, running it until `budgetMs` is spent (at least twice). */
async function msPer(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + budgetMs;
  while (times.length < 2 || (performance.now() < until && times.length < 50)) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

function memoryOf(profile: Profile, file: string): { peak: number; rss: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/open-memory.ts', profile, file, join(dir, 'jose-keys.json')],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

const joseKeys = await makeJoseKeys();
writeFileSync(join(dir, 'jose-keys.json'), JSON.stringify(joseKeys));
const profiles = { jose: await joseProfile(joseKeys), dstu: await dstuProfile() };

const rows: string[][] = [];
for (const [profile, sizes] of [
  ['jose', joseSizes],
  ['dstu', dstuSizes],
] as const) {
  const { sealer, opener } = profiles[profile];
  let msPerByte = 0;
  for (const size of sizes) {
    if (msPerByte * size > MAX_PROJECTED_MS) {
      rows.push([`${profile} ${mb(size)}`, `skipped: about ${num((msPerByte * size) / 1000)} s an open`]);
      continue;
    }
    const copy = copyOf(size);
    const sealed = await sealer.seal(copy, { fileName: 'copy.pdf' });
    const opened = await opener.open(sealed);
    if (opened.content.length !== size) throw new Error(`${profile}: the opened copy differs`);
    const file = join(dir, `${profile}-${size}.sealed`);
    writeFileSync(file, sealed);

    const openMs = await msPer(() => opener.open(sealed));
    msPerByte = openMs / size;
    const hashMs = await msPer(() => createHash('sha256').update(copy).digest());
    const memory = memoryOf(profile, file);
    const openRate = size / MiB / (openMs / 1000);
    const hashRate = size / MiB / (hashMs / 1000);
    rows.push([
      `${profile} ${mb(size)}`,
      num(openMs),
      num(openRate),
      num(hashRate),
      ratio(openRate / hashRate),
      mb(sealed.length),
      mb(memory.peak),
      ratio(memory.peak / size),
      mb(memory.rss),
    ]);
  }
}
table(
  [
    'copy',
    'open ms',
    'open MB/s',
    'sha256 MB/s (limit)',
    'ratio',
    'sealed size',
    'peak memory of one open',
    '÷ copy size',
    'peak RSS growth',
  ],
  rows,
);
console.log(
  '\nPeak memory: heap + ArrayBuffers above the level before the open, sampled in a fresh process with the sealed bytes already read (they are not counted); RSS growth is the high-water mark of the process (maxRSS) after minus before.',
);
