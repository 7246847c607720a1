/**
 * Renders the two symbols a desk camera sees, as clean grey-scale images with a quiet zone: the QR code of a
 * document link (module matrix from the `qrcode` package, painted here) and an EAN-13 barcode painted from
 * the GS1 encoding tables (GS1 General Specifications, 5.2.1.2). Distortions are applied afterwards.
 */
import QRCode from 'qrcode';

/** A grey-scale image, one byte a pixel, row by row. */
export interface LumaImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

const DARK = 0;
const LIGHT = 255;

/** The QR code of `text` at one pixel a module, with a 4-module quiet zone (ISO/IEC 18004, 6.3.8). */
export function renderQr(text: string, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): LumaImage {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const quiet = 4;
  const size = modules.size + 2 * quiet;
  const data = new Uint8ClampedArray(size * size).fill(LIGHT);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (modules.get(r, c)) data[(r + quiet) * size + c + quiet] = DARK;
    }
  }
  return { data, width: size, height: size };
}

// Number sets A (L), B (G) and C (R), as bar patterns of 7 modules, 1 = dark.
const L_CODES = [
  '0001101',
  '0011001',
  '0010011',
  '0111101',
  '0100011',
  '0110001',
  '0101111',
  '0111011',
  '0110111',
  '0001011',
];
const G_CODES = [
  '0100111',
  '0110011',
  '0011011',
  '0100001',
  '0011101',
  '0111001',
  '0000101',
  '0010001',
  '0001001',
  '0010111',
];
const R_CODES = [
  '1110010',
  '1100110',
  '1101100',
  '1000010',
  '1011100',
  '1001110',
  '1010000',
  '1000100',
  '1001000',
  '1110100',
];
// The first digit is not drawn: it selects which of the six left digits use set B.
const PARITY = [
  'LLLLLL',
  'LLGLGG',
  'LLGGLG',
  'LLGGGL',
  'LGLLGG',
  'LGGLLG',
  'LGGGLL',
  'LGLGLG',
  'LGLGGL',
  'LGGLGL',
];

/** The 95 modules of an EAN-13 (guards included) as a string of 0 and 1. */
export function ean13Modules(code: string): string {
  if (!/^[0-9]{13}$/.test(code)) throw new RangeError('expected 13 digits');
  const digits = [...code].map(Number);
  const parity = PARITY[digits[0]!]!;
  let bars = '101';
  for (let i = 1; i <= 6; i++) {
    const d = digits[i]!;
    bars += parity[i - 1] === 'L' ? L_CODES[d] : G_CODES[d];
  }
  bars += '01010';
  for (let i = 7; i <= 12; i++) bars += R_CODES[digits[i]!];
  return `${bars}101`;
}

/**
 * An EAN-13 at one pixel a module, `barHeight` modules tall, with an 11-module quiet zone on each side (GS1
 * asks for 11 left and 7 right; both sides get 11 so that rotated copies keep enough margin).
 */
export function renderEan13(code: string, barHeight = 60): LumaImage {
  const bars = ean13Modules(code);
  const quiet = 11;
  const vertical = 8;
  const width = bars.length + 2 * quiet;
  const height = barHeight + 2 * vertical;
  const data = new Uint8ClampedArray(width * height).fill(LIGHT);
  for (let y = vertical; y < vertical + barHeight; y++) {
    for (let i = 0; i < bars.length; i++) {
      if (bars[i] === '1') data[y * width + quiet + i] = DARK;
    }
  }
  return { data, width, height };
}

/** Expands a grey-scale image to RGBA (opaque), the layout of a canvas `ImageData`. */
export function toRgba(
  image: LumaImage,
  tint: readonly [number, number, number] = [1, 1, 1],
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    const v = image.data[i]!;
    out[j] = v * tint[0];
    out[j + 1] = v * tint[1];
    out[j + 2] = v * tint[2];
    out[j + 3] = 255;
  }
  return out;
}
