/**
 * Accuracy harness: decodes every N.png / N.jpg / N.webp of a folder whose N.txt holds the expected text,
 * with each engine, and prints correct reads, wrong texts (a text that is not the expected one), nothing
 * read, the total and median time, and the ratio of each to zxing-wasm's (ZXing-C++ used directly). When
 * the folder has the distortions.json that bench:decode:generate writes, it also prints the decode rate per
 * symbol kind and per distortion.
 *
 *   npm run bench:decode -- <folder>
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ENGINES, type RgbaFrame } from './engines.js';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: npm run bench:decode -- <folder>');
  process.exit(2);
}

interface Item {
  readonly id: string;
  readonly frame: RgbaFrame;
  readonly expected: string;
}

const files = (await readdir(folder)).filter((f) => /^[^.]+\.(png|jpe?g|webp)$/i.test(f));
const items: Item[] = [];
for (const file of files) {
  const id = file.replace(/\.[^.]+$/, '');
  const expected = (await readFile(join(folder, `${id}.txt`), 'utf8').catch(() => null))?.replace(
    /\r?\n$/,
    '',
  );
  if (expected == null) continue;
  const { data, info } = await sharp(join(folder, file))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  items.push({ id, frame: { data: pixels, width: info.width, height: info.height }, expected });
}
items.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
const manifest: Record<string, { distortion: string; kind: string }> | null = await readFile(
  join(folder, 'distortions.json'),
  'utf8',
)
  .then((t) => JSON.parse(t))
  .catch(() => null);

interface Outcome {
  correct: number;
  misread: number;
  times: number[];
  byGroup: Map<string, [number, number]>;
  byKind: Map<string, [number, number, number]>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// Engines take turns on each image, so that a change in the machine's load hits all of them alike.
const outcomes = new Map<string, Outcome>();
for (const engine of ENGINES) {
  outcomes.set(engine.name, { correct: 0, misread: 0, times: [], byGroup: new Map(), byKind: new Map() });
  await engine.decode(items[0]!.frame); // load and warm up (zxing-wasm compiles its module on first use)
}
for (const [index, item] of items.entries()) {
  // The engine that goes first on an image pays for cold caches; the order turns from image to image.
  const order = ENGINES.map((_, i) => ENGINES[(i + index) % ENGINES.length]!);
  for (const engine of order) {
    const outcome = outcomes.get(engine.name)!;
    const started = performance.now();
    const text = await engine.decode(item.frame);
    outcome.times.push(performance.now() - started);
    const ok = text === item.expected;
    if (ok) outcome.correct++;
    else if (text !== null) outcome.misread++;
    const meta = manifest?.[item.id];
    if (meta) {
      const kind = outcome.byKind.get(meta.kind) ?? [0, 0, 0];
      kind[0] += ok ? 1 : 0;
      kind[1] += !ok && text !== null ? 1 : 0;
      kind[2]++;
      outcome.byKind.set(meta.kind, kind);
      const key = `${meta.distortion} ${meta.kind}`;
      const group = outcome.byGroup.get(key) ?? [0, 0];
      group[0] += ok ? 1 : 0;
      group[1]++;
      outcome.byGroup.set(key, group);
    }
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const peer = outcomes.get('zxing-wasm')!;
const peerTotal = sum(peer.times);
const peerMedian = median(peer.times);
console.log(`${items.length} images from ${folder}; Node ${process.version}`);
console.log(
  '| engine | read right | wrong text | nothing | total s | median ms/image | total vs zxing-wasm | median vs zxing-wasm |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, o] of outcomes) {
  const m = median(o.times);
  const total = sum(o.times);
  const pct = ((100 * o.correct) / items.length).toFixed(1);
  const nothing = items.length - o.correct - o.misread;
  console.log(
    `| ${name} | ${o.correct} (${pct} %) | ${o.misread} | ${nothing} | ${(total / 1000).toFixed(2)} | ${m.toFixed(2)} | ${(total / peerTotal).toFixed(2)}× | ${(m / peerMedian).toFixed(2)}× |`,
  );
}
console.log('(time ratios: engine ÷ zxing-wasm, below 1 is faster)');
if (manifest) {
  const names = [...outcomes.keys()];
  console.log(`\n| symbol (right / wrong text of all) | ${names.join(' | ')} |`);
  console.log(`| --- | ${names.map(() => '---:').join(' | ')} |`);
  for (const kind of outcomes.get(names[0]!)!.byKind.keys()) {
    const cells = names.map((n) => {
      const [ok, wrong, total] = outcomes.get(n)!.byKind.get(kind)!;
      return `${ok} / ${wrong} of ${total}`;
    });
    console.log(`| ${kind} | ${cells.join(' | ')} |`);
  }
  console.log(`\n| distortion | ${names.join(' | ')} |`);
  console.log(`| --- | ${names.map(() => '---:').join(' | ')} |`);
  for (const key of outcomes.get(names[0]!)!.byGroup.keys()) {
    const cells = names.map((n) => {
      const [ok, total] = outcomes.get(n)!.byGroup.get(key)!;
      return `${ok}/${total}`;
    });
    console.log(`| ${key} | ${cells.join(' | ')} |`);
  }
}
