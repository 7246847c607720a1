/**
 * Time per frame at 640×480, 1280×720 and 1920×1080 for each engine, on three frames a desk camera sees: the
 * document-link QR code held up to it, the EAN-13 barcode, and no symbol at all (most frames of a scanning
 * loop). Prints the median (tinybench p50) and the ratio to naive @zxing/library measured in the same run.
 *
 *   npm run bench:decode:speed [-- --quick]
 */
import { Bench } from 'tinybench';
import { compose } from '../test/support/distort.js';
import { sampleText } from '../test/support/distortion-set.js';
import { renderEan13, renderQr, toRgba } from '../test/support/symbols.js';
import { ENGINES, type RgbaFrame } from './engines.js';

const quick = process.argv.includes('--quick');
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
    ['none', rgba(empty.image), null],
  ];
}

console.log(`Node ${process.version}; median time per frame (ms), ratio = zxing naive ÷ engine`);
console.log(`| frame | symbol | ${ENGINES.map((e) => e.name).join(' | ')} |`);
console.log(`| --- | --- | ${ENGINES.map(() => '---:').join(' | ')} |`);
for (const [width, height] of SIZES) {
  for (const [label, frame, expected] of frames(width, height)) {
    const bench = new Bench({ time: quick ? 50 : 600, iterations: quick ? 2 : 10, warmupIterations: 2 });
    for (const engine of ENGINES) {
      const got = await engine.decode(frame);
      const ok = got === expected ? '' : ' (miss)';
      bench.add(engine.name + ok, async () => {
        await engine.decode(frame);
      });
    }
    await bench.run();
    const medians = bench.tasks.map((t) => ({
      name: t.name,
      ms: (t.result as { latency: { p50: number } }).latency.p50,
    }));
    const naive = medians.find((m) => m.name.startsWith('zxing naive'))!.ms;
    const cells = medians.map((m) => {
      const miss = m.name.endsWith('(miss)') ? ' ✗' : '';
      return `${m.ms.toFixed(1)} (${(naive / m.ms).toFixed(1)}×)${miss}`;
    });
    console.log(`| ${width}×${height} | ${label} | ${cells.join(' | ')} |`);
  }
}
console.log('✗ = the engine did not return the expected text for this frame');
