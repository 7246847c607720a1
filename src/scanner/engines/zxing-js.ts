/**
 * Reads a QR code or barcode out of one camera frame. Pure: the same call runs in Node, a browser page and a
 * Web Worker, on the RGBA bytes of a canvas `ImageData` or on a grey-scale (luma) plane such as the Y plane
 * of a video frame.
 *
 * Strategy, cheapest first, stopping at the first symbol. The order and every step were chosen by measuring
 * the generated distortion set (docs/benchmarks.md); steps that never found a symbol no earlier step found
 * (zxing's try-harder mode, the local-block binarizer on the unshrunk frame) were dropped.
 * 1. crop to the region of interest and shrink so that the long side is at most `maxSide` (one pass over
 *    the bytes); threshold with one global histogram (in zxing's JavaScript port this finds QR codes in
 *    blurred, tilted and low-contrast frames far more often than the local-block binarizer, and costs less);
 *    2-D readers first, then a 1-D row scan. This is the `'fast'` effort;
 * 2. the same image inverted, for light-on-dark screens;
 * 3. 1-D symbols turned by 90° and ±45° (rows sampled on demand, so this costs little);
 * 4. a 3×3 smoothed copy, for sensor noise;
 * 5. a sharpened copy (unsharp mask), for blur and perspective;
 * 6. the local-block (hybrid) binarizer, for uneven light;
 * 7. for symbols too small to survive shrinking, the busy part of the frame (tiles with contrast) at full
 *    size, or enlarged twice when the frame was not shrunk; skipped when nothing in the frame is busy.
 *
 * @module
 */
import {
  BinaryBitmap,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  type LuminanceSource,
  type Result,
  ResultMetadataType,
} from '@zxing/library';
import { trustworthyText } from '../charset.js';
import {
  checkDecodeCall,
  type DecodedSymbol,
  type DecodeFrameOptions,
  type FramePoint,
  type ImageFrame,
} from '../decode-contract.js';
import { busyBox, enlargeTwice, type LumaPlane, sharpenPlane, smoothPlane, toLumaPlane } from '../luma.js';
import { LumaSource, TurnedSource } from '../luma-source.js';
import { readersFor, type SymbolRead, type SymbolReader, symbologyOf } from '../symbologies.js';

const ONE_D_ANGLES = [90, 45, -45] as const;
// An enlarged busy box of at most 320×320 plane pixels: about 2 ms more, and only when something is there.
const MAX_ENLARGED_AREA = 320 * 320;
/** A plane smaller than this on its short side holds no symbol a halved frame could still show. */
const MIN_HALF_SIDE = 64;

/**
 * Looks for one symbol in a frame. Returns `null` when there is none, so that a camera loop pays no
 * exception for the common empty frame; throws only for a frame or options that cannot be valid.
 *
 * @throws {AcceptError} `IMAGE_INVALID` if the size is not a positive integer, the pixels are not a
 *   `Uint8Array`/`Uint8ClampedArray` of exactly the right length, or the format is unknown;
 *   `INVALID_ARGUMENT` for an unknown symbology, a region outside the frame or a bad `maxSide`.
 * @example
 * ```ts
 * import { decodeFrame } from 'diia-accept/scanner';
 * const image = context.getImageData(0, 0, canvas.width, canvas.height);
 * const symbol = decodeFrame({ data: image.data, width: image.width, height: image.height, format: 'rgba' });
 * if (symbol) console.log(symbol.format, symbol.text);
 * ```
 */
export function decodeFrame(frame: ImageFrame, options: DecodeFrameOptions = {}): DecodedSymbol | null {
  const { rgba, formats, region, maxSide } = checkDecodeCall(frame, options);
  const readers = readersFor(formats);
  const factor = Math.max(1, Math.ceil(Math.max(region.width, region.height) / maxSide));
  const small = toLumaPlane(frame.data, frame.width, rgba, region, factor);
  const place = (x: number, y: number): FramePoint => ({
    x: region.x + x * factor,
    y: region.y + y * factor,
  });

  const first = attempt(new LumaSource(small), readers);
  if (first) return symbolOf(first, place);
  // zxing's QR finder misses some clean symbols at one module size and finds them at another: about one
  // clean 400-pixel QR code in eight at 640×480 (measured on generated links), every one of them read at half
  // the size. A camera shows the same code frame after frame, so even the fast path tries it (a quarter of
  // the first attempt's pixels).
  if (Math.min(region.width, region.height) / (factor * 2) >= MIN_HALF_SIDE) {
    const half = toLumaPlane(frame.data, frame.width, rgba, region, factor * 2);
    const second = attempt(new LumaSource(half), readers);
    if (second) return symbolOf(second, (x, y) => place(x * 2, y * 2));
  }
  if (options.effort === 'fast') return null;
  // No tile of the frame has the contrast of a symbol's modules (a blank wall, the desk, a covered lens):
  // none of the costlier attempts could find one either.
  const box = busyBox(small);
  if (!box) return null;

  const oneD = readers.filter((r) => r.oneD);
  let smooth: LumaPlane | undefined;
  const smoothed = () => (smooth ??= smoothPlane(small));
  const steps: (() => DecodedSymbol | null)[] = [
    () => found(attempt(new LumaSource(small).invert(), readers), place),
    () => {
      for (const angle of oneD.length > 0 ? ONE_D_ANGLES : []) {
        const turned = new TurnedSource(small, angle);
        const symbol = found(attempt(turned, oneD), (x, y) => place(...turned.unturn(x, y)));
        if (symbol) return symbol;
      }
      return null;
    },
    () => found(attempt(new LumaSource(smoothed()), readers), place),
    () => found(attempt(new LumaSource(sharpenPlane(small, smoothed())), readers), place),
    () => found(attempt(new LumaSource(small), readers, true), place),
    () => {
      // Symbols too small to survive shrinking: look at the busy part of the frame at full size, or, when
      // the frame was not shrunk, at the busy part enlarged twice. A frame with nothing busy skips this.
      if (factor === 1) {
        if (box.width * box.height > MAX_ENLARGED_AREA) return null;
        const big = enlargeTwice(small, box);
        const source = new LumaSource(big);
        const result = attempt(source, readers) ?? attempt(source, readers, true);
        return found(result, (x, y) => place(box.x + x / 2, box.y + y / 2));
      }
      const rect = {
        x: region.x + box.x * factor,
        y: region.y + box.y * factor,
        width: Math.min(box.width * factor, region.x + region.width - (region.x + box.x * factor)),
        height: Math.min(box.height * factor, region.y + region.height - (region.y + box.y * factor)),
      };
      const full = toLumaPlane(frame.data, frame.width, rgba, rect, 1);
      // Both binarizers on a tight crop: around a clean symbol zxing's global histogram sometimes finds no
      // threshold at all, while the local one does. A cluttered frame is busy nearly everywhere; there the
      // local one alone keeps this step to one full-size pass.
      const source = new LumaSource(full);
      const cluttered = box.width * box.height > (small.width * small.height) / 2;
      const result = (cluttered ? null : attempt(source, readers)) ?? attempt(source, readers, true);
      return found(result, (x, y) => ({ x: rect.x + x, y: rect.y + y }));
    },
  ];
  for (const step of steps) {
    const symbol = step();
    if (symbol) return symbol;
  }
  return null;
}

function attempt(
  source: LuminanceSource,
  readers: readonly SymbolReader[],
  hybrid = false,
): SymbolRead | null {
  const bitmap = new BinaryBitmap(
    hybrid ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source),
  );
  for (const reader of readers) {
    const result = reader.decode(bitmap);
    if (result) return result;
  }
  return null;
}

function found(read: SymbolRead | null, place: (x: number, y: number) => FramePoint): DecodedSymbol | null {
  return read ? symbolOf(read, place) : null;
}

function symbolOf(read: SymbolRead, place: (x: number, y: number) => FramePoint): DecodedSymbol | null {
  const { result } = read;
  const format = symbologyOf(result.getBarcodeFormat());
  if (!format) return null;
  const points = (result.getResultPoints() ?? []).filter(Boolean).map((p) => place(p.getX(), p.getY()));
  const text = result.getText();
  const raw = allByteSegments(result);
  if (read.undecodable || !trustworthyText(text, raw)) {
    return { text: null, format, points, bytes: raw ?? new Uint8Array(0) };
  }
  return { text, format, points, bytes: byteSegments(result, raw) };
}

function allByteSegments(result: Result): Uint8Array | undefined {
  const segments = result.getResultMetadata()?.get(ResultMetadataType.BYTE_SEGMENTS) as
    | Uint8Array[]
    | undefined;
  if (!Array.isArray(segments) || segments.length === 0) return undefined;
  const out = new Uint8Array(segments.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of segments) {
    out.set(s, offset);
    offset += s.length;
  }
  return out;
}

function byteSegments(result: Result, out: Uint8Array | undefined): Uint8Array | undefined {
  // Encoders mix numeric and alphanumeric segments with byte ones; only when the byte segments are the
  // whole payload (read as UTF-8) are they the symbol's bytes.
  return out && new TextDecoder().decode(out) === result.getText() ? out : undefined;
}
