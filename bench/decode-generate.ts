/**
 * Writes the generated distortion set to a folder in the layout the accuracy harness reads: N.png with the
 * symbol, N.txt with the exact text it holds, and distortions.json saying which distortion and symbol each
 * N is (for the per-distortion table). Symbols: the document link, the barcode, and QR codes whose text is
 * not UTF-8 (Shift_JIS without ECI, windows-1251 behind ECI 22).
 *
 *   npm run bench:decode:generate -- <folder> [samples per distortion and symbol, default 8]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { distortionSet } from '../test/support/distortion-set.js';

const [folder, perArg] = process.argv.slice(2);
if (!folder) {
  console.error('usage: npm run bench:decode:generate -- <folder> [samples per distortion, default 8]');
  process.exit(2);
}
const per = Number(perArg ?? 8);
await mkdir(folder, { recursive: true });
const manifest: Record<string, { distortion: string; kind: string }> = {};
let n = 0;
for await (const sample of distortionSet(per, ['qr', 'ean13', 'qr-sjis', 'qr-eci'])) {
  n++;
  const { data, width, height } = sample.image;
  await sharp(Buffer.from(data), { raw: { width, height, channels: 1 } })
    .png()
    .toFile(join(folder, `${n}.png`));
  await writeFile(join(folder, `${n}.txt`), sample.text);
  manifest[n] = { distortion: sample.distortion, kind: sample.kind };
}
await writeFile(join(folder, 'distortions.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`wrote ${n} images to ${folder}`);
