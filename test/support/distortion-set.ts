/**
 * The generated distortion set: document-link QR codes and EAN-13 barcodes under what desk cameras do to
 * them. Used by the unit tests (a few samples a distortion) and by the accuracy harness (more samples,
 * written to a folder as N.png + N.txt). Everything is derived from the sample index, so a set is the same
 * on every run.
 */
import { DOCUMENT_TYPES } from '../../src/documents.js';
import { withEan13CheckDigit } from '../../src/scanner/ean13.js';
import { qrOfBytes, qrWithEci, shiftJis, windows1251 } from './charset-codes.js';
import { blur, compose, invert, lowContrast, noise, type Placement, seeded } from './distort.js';
import { lossy } from './lossy.js';
import { type LumaImage, renderEan13, renderQr } from './symbols.js';

/**
 * Which symbol a sample carries: a document link, a barcode, or a QR code whose text is not UTF-8 (Shift_JIS
 * bytes without an ECI; windows-1251 bytes behind ECI 22), the codes a decoder forced to UTF-8 misreads.
 */
export type SymbolKind = 'qr' | 'ean13' | 'qr-sjis' | 'qr-eci';

/** One distortion: how to place the symbol and what to do to the frame afterwards. */
export interface Distortion {
  readonly name: string;
  readonly frame: readonly [number, number];
  /** Frame pixels per module for QR and for EAN-13. */
  readonly scale: { readonly qr: number; readonly ean13: number };
  readonly rotation?: number;
  readonly tilt?: number;
  readonly blur?: number;
  readonly noise?: number;
  readonly contrast?: readonly [number, number];
  readonly inverted?: boolean;
  readonly lossy?: readonly ['jpeg' | 'webp', number];
}

const VGA = [640, 480] as const;

/** The distortions, mildest first. */
export const DISTORTIONS: readonly Distortion[] = [
  { name: 'clean', frame: VGA, scale: { qr: 4, ean13: 3 } },
  { name: 'small', frame: VGA, scale: { qr: 2, ean13: 1.6 } },
  { name: 'large-in-720p', frame: [1280, 720], scale: { qr: 9, ean13: 7 } },
  { name: 'far-in-1080p', frame: [1920, 1080], scale: { qr: 3, ean13: 2.2 } },
  { name: 'rotated-20', frame: VGA, scale: { qr: 4, ean13: 3 }, rotation: 20 },
  { name: 'rotated-45', frame: VGA, scale: { qr: 4, ean13: 3 }, rotation: 45 },
  { name: 'rotated-90', frame: VGA, scale: { qr: 4, ean13: 3 }, rotation: 90 },
  { name: 'rotated-180', frame: VGA, scale: { qr: 4, ean13: 3 }, rotation: 180 },
  { name: 'perspective', frame: VGA, scale: { qr: 4, ean13: 3 }, rotation: 8, tilt: 0.3 },
  { name: 'blur-1', frame: VGA, scale: { qr: 4, ean13: 3 }, blur: 1 },
  { name: 'blur-2', frame: VGA, scale: { qr: 5, ean13: 3.5 }, blur: 2 },
  { name: 'noise-25', frame: VGA, scale: { qr: 4, ean13: 3 }, noise: 25 },
  { name: 'noise-50', frame: VGA, scale: { qr: 4, ean13: 3 }, noise: 50 },
  { name: 'low-contrast', frame: VGA, scale: { qr: 4, ean13: 3 }, contrast: [105, 150] },
  { name: 'inverted', frame: VGA, scale: { qr: 4, ean13: 3 }, inverted: true },
  { name: 'jpeg-15', frame: VGA, scale: { qr: 3, ean13: 2.5 }, lossy: ['jpeg', 15] },
  { name: 'webp-15', frame: VGA, scale: { qr: 3, ean13: 2.5 }, lossy: ['webp', 15] },
  {
    name: 'combined',
    frame: [1280, 720],
    scale: { qr: 5, ean13: 4 },
    rotation: 30,
    tilt: 0.2,
    blur: 1,
    noise: 15,
    lossy: ['jpeg', 40],
  },
];

/** One generated image and the text a reader must return for it. */
export interface Sample {
  readonly distortion: string;
  readonly kind: SymbolKind;
  readonly text: string;
  readonly image: LumaImage;
  /** Where the symbol's corners are in the frame (top-left, top-right, bottom-right, bottom-left). */
  readonly corners: readonly (readonly [number, number])[];
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The text of sample `index`: a sandbox-style document link or a 13-digit barcode. */
export function sampleText(kind: SymbolKind, index: number): string {
  const random = seeded(0x5eed + index * 7919);
  if (kind === 'ean13') {
    const digits = Array.from({ length: 12 }, () => Math.floor(random() * 10)).join('');
    return withEan13CheckDigit(digits);
  }
  if (kind === 'qr-sjis') return `日本語 ${Math.floor(random() * 1e6)} 東京 https://example.jp/あいう`;
  if (kind === 'qr-eci') return `Київ, вул. Хрещатик, ${1 + Math.floor(random() * 99)}: посвідчення водія`;
  const type = DOCUMENT_TYPES[Math.floor(random() * DOCUMENT_TYPES.length)]!;
  const id = String(100_000_000 + Math.floor(random() * 900_000_000));
  return `https://diia.app/documents/${type}/${id}/verify/${uuid(random)}`;
}

/** Builds one sample. `text` defaults to {@link sampleText}. */
export async function makeSample(
  distortion: Distortion,
  kind: SymbolKind,
  index: number,
  text = sampleText(kind, index),
): Promise<Sample> {
  const random = seeded(index * 104_729 + distortion.name.length);
  const symbol =
    kind === 'qr'
      ? renderQr(text)
      : kind === 'ean13'
        ? renderEan13(text)
        : kind === 'qr-sjis'
          ? qrOfBytes(shiftJis(text))
          : await qrWithEci(windows1251(text), 22);
  const placement: Placement = {
    frameWidth: distortion.frame[0],
    frameHeight: distortion.frame[1],
    scale: distortion.scale[kind === 'ean13' ? 'ean13' : 'qr'],
    rotation: (distortion.rotation ?? 0) + (random() - 0.5) * 4,
    tilt: distortion.tilt ?? 0,
    centre: [0.4 + random() * 0.2, 0.4 + random() * 0.2],
  };
  const scene = compose(symbol, placement);
  let image = scene.image;
  if (distortion.blur) image = blur(image, distortion.blur);
  if (distortion.contrast) image = lowContrast(image, distortion.contrast[0], distortion.contrast[1]);
  if (distortion.inverted) image = invert(image);
  if (distortion.noise) image = noise(image, distortion.noise, index + 1);
  if (distortion.lossy) image = await lossy(image, distortion.lossy[0], distortion.lossy[1]);
  return { distortion: distortion.name, kind, text, image, corners: scene.corners };
}

/** Every distortion × each of `kinds` (default: link and barcode) × `perDistortion` samples. */
export async function* distortionSet(
  perDistortion: number,
  kinds: readonly SymbolKind[] = ['qr', 'ean13'],
): AsyncGenerator<Sample> {
  for (const distortion of DISTORTIONS) {
    for (const kind of kinds) {
      for (let i = 0; i < perDistortion; i++) yield makeSample(distortion, kind, i);
    }
  }
}
