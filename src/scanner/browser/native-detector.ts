/**
 * The browser's own `BarcodeDetector` (Shape Detection API), used only after it has read a known QR code:
 * some browsers define the class but answer every frame with nothing (Chromium on desktop Linux and
 * Windows has no platform detector behind it), and a detector that silently finds nothing would leave the
 * operator waiting forever.
 *
 * @module
 */
import type { Symbology } from '../symbology.js';

/** The part of the Shape Detection API this module uses (not yet in TypeScript's DOM types). @internal */
export interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<readonly { rawValue: string; format: string }[]>;
}

interface BarcodeDetectorClass {
  new (options?: { formats?: string[] }): BarcodeDetectorLike;
  getSupportedFormats?(): Promise<string[]>;
}

const NATIVE_FORMAT: Readonly<Record<Symbology, string>> = {
  'qr-code': 'qr_code',
  'ean-13': 'ean_13',
  'code-128': 'code_128',
  pdf417: 'pdf417',
  'data-matrix': 'data_matrix',
  aztec: 'aztec',
};

/** The symbology of a native format name, if it is one of ours. @internal */
export function symbologyOfNative(format: string): Symbology | undefined {
  for (const [ours, native] of Object.entries(NATIVE_FORMAT)) if (native === format) return ours as Symbology;
  return undefined;
}

// "DIIA-ACCEPT" as a version-1 QR code (21×21 modules, level L), one row a number, most significant bit left.
const KNOWN_TEXT = 'DIIA-ACCEPT';
const KNOWN_ROWS = [
  2087295, 1067329, 1529181, 1528413, 1530973, 1065025, 2086271, 3072, 1987741, 663967, 217452, 983464,
  846354, 6284, 2080971, 1065978, 1526347, 1528990, 1529480, 1069924, 2086682,
];

/** The known QR code drawn black on white, 4 px a module, with the 4-module quiet zone. */
function knownFrame(): ImageData {
  const scale = 4;
  const side = (21 + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < 21; y++) {
    for (let x = 0; x < 21; x++) {
      if (((KNOWN_ROWS[y]! >> (20 - x)) & 1) === 0) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + 4) * scale + dy) * side;
        for (let dx = 0; dx < scale; dx++)
          pixels.fill(0, (row + (x + 4) * scale + dx) * 4, (row + (x + 4) * scale + dx) * 4 + 3);
      }
    }
  }
  return new ImageData(pixels, side, side);
}

/**
 * A native detector for `formats`, or `undefined` when the browser has none, lacks a format, or fails to
 * read the known QR code.
 *
 * @internal
 */
export async function workingBarcodeDetector(
  formats: readonly Symbology[],
  scope: { readonly BarcodeDetector?: unknown } = globalThis as { readonly BarcodeDetector?: unknown },
): Promise<BarcodeDetectorLike | undefined> {
  const Detector = scope.BarcodeDetector as BarcodeDetectorClass | undefined;
  if (typeof Detector !== 'function' || typeof ImageData !== 'function') return undefined;
  try {
    const supported = new Set((await Detector.getSupportedFormats?.()) ?? []);
    const wanted = formats.map((f) => NATIVE_FORMAT[f]);
    if (!supported.has('qr_code') || !wanted.every((f) => supported.has(f))) return undefined;
    const probe = await new Detector({ formats: ['qr_code'] }).detect(knownFrame());
    if (!probe.some((s) => s.rawValue === KNOWN_TEXT)) return undefined;
    return new Detector({ formats: wanted });
  } catch {
    return undefined;
  }
}
