/**
 * Time per frame at 640×480, 1280×720 and 1920×1080 for each engine, on three frames a desk camera sees: the
 * document-link QR code held up to it, the EAN-13 barcode, and no symbol at all (most frames of a scanning
 * loop), once blank and once cluttered. Prints the median and the ratio to naive @zxing/library.
 *
 * The engines take turns frame by frame for many rounds (rather than one engine's whole run after
 * another's), so that the load of a shared machine, which changes from second to second, hits every engine
 * alike and the ratios stay meaningful even when the absolute times do not.
 *
 *   npm run bench:decode:speed [-- --rounds 40]
 */
import { compose, seeded } from '../test/support/distort.js';
import { sampleText } from '../test/support/distortion-set.js';
import { renderEan13, renderQr, toRgba } from '../test/support/symbols.js';
import { ENGINES, type RgbaFrame } from './engines.js';

const roundsFlag = process.argv.indexOf('--rounds');
const ROUNDS = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 40;
const SIZES = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
] as const;

function frames(width: number, height: number): [string, RgbaFrame, string | null][] {
  // The symbol spans about 40 % of the frame height, as when the holder shows the phone at arm's length.
  const qrSymbol = renderQr(sampleText('qr', 1));
  const qr = compose(qrSymbol, {
    frameWidth: width,
    frameHeight: height,
    scale: (0.4 * height) / qrSymbol.height,
  });
  const eanSymbol = renderEan13(sampleText('ean13', 1));
  const ean = compose(eanSymbol, {
    frameWidth: width,
    frameHeight: height,
    scale: (0.5 * width) / eanSymbol.width,
  });
  const empty = compose(
    { data: new Uint8ClampedArray(1).fill(210), width: 1, height: 1 },
    { frameWidth: width, frameHeight: height, scale: 1 },
  );
  const rgba = (image: typeof qr.image): RgbaFrame => ({ data: toRgba(image), width, height });
  return [
    ['QR', rgba(qr.image), sampleText('qr', 1)],
    ['EAN-13', rgba(ean.image), sampleText('ean13', 1)],
    ['none (blank)', rgba(empty.image), null],
    ['none (clutter)', rgba(clutter(empty.image)), null],
  ];
}

/** A desk without a symbol: a few hundred grey rectangles and strokes, the worst case for extra attempts. */
function clutter(image: { data: Uint8ClampedArray; width: number; height: number }) {
  const random = seeded(42);
  const data = image.data.slice();
  for (let n = 0; n < 300; n++) {
    const w = 4 + Math.floor(random() * image.width * 0.1);
    const h = 4 + Math.floor(random() * image.height * 0.1);
    const x0 = Math.floor(random() * (image.width - w));
    const y0 = Math.floor(random() * (image.height - h));
    const grey = Math.floor(random() * 256);
    for (let y = y0; y < y0 + h; y++) data.fill(grey, y * image.width + x0, y * image.width + x0 + w);
  }
  return { ...image, data };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`Node ${process.version}; ${ROUNDS} rounds; median ms per frame (zxing naive ÷ engine)`);
console.log(`| frame | symbol | ${ENGINES.map((e) => e.name).join(' | ')} |`);
console.log(`| --- | --- | ${ENGINES.map(() => '---:').join(' | ')} |`);
for (const [width, height] of SIZES) {
  for (const [label, frame, expected] of frames(width, height)) {
    const times = ENGINES.map(() => [] as number[]);
    const right = await Promise.all(ENGINES.map(async (e) => (await e.decode(frame)) === expected));
    for (let round = 0; round < ROUNDS; round++) {
      // The engine that goes first in a round pays for cold caches; the order turns from round to round.
      for (let k = 0; k < ENGINES.length; k++) {
        const i = (k + round) % ENGINES.length;
        const engine = ENGINES[i]!;
        const started = performance.now();
        await engine.decode(frame);
        times[i]!.push(performance.now() - started);
      }
    }
    const medians = times.map(median);
    const naive = medians[ENGINES.findIndex((e) => e.name === 'zxing naive')]!;
    const cells = medians.map(
      (m, i) => `${m.toFixed(1)} (${(naive / m).toFixed(1)}×)${right[i] ? '' : ' ✗'}`,
    );
    console.log(`| ${width}×${height} | ${label} | ${cells.join(' | ')} |`);
  }
}
console.log('✗ = the engine did not return the expected text for this frame');
