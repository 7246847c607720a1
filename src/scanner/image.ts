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
 * 5. the local-block (hybrid) binarizer, for uneven light;
 * 6. the unshrunk frame, for symbols too small to survive shrinking.
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
import { AcceptError } from '../errors.js';
import { type PixelRect, smoothPlane, toLumaPlane } from './luma.js';
import { LumaSource, TurnedSource } from './luma-source.js';
import { readersFor, SYMBOLOGIES, type Symbology, type SymbolReader, symbologyOf } from './symbologies.js';

/** One camera frame: RGBA (4 bytes a pixel, as in `ImageData`) or luma (1 byte a pixel), rows packed. */
export interface ImageFrame {
  /** The pixels, row by row without padding: `width * height * 4` bytes for RGBA, `width * height` for luma. */
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `'rgba'` (alpha ignored) or `'luma'`. */
  readonly format: 'rgba' | 'luma';
}

/** A rectangle of the frame, in frame pixels. */
export interface FrameRegion {
  /** Left edge. */
  readonly x: number;
  /** Top edge. */
  readonly y: number;
  /** Width. */
  readonly width: number;
  /** Height. */
  readonly height: number;
}

/** Options of {@link decodeFrame}. */
export interface DecodeFrameOptions {
  /**
   * The symbologies to look for, tried in this order (2-D before 1-D). Default `['qr-code', 'ean-13']`,
   * the two Diia shows; every extra one costs time on frames that hold nothing.
   */
  readonly formats?: readonly Symbology[];
  /**
   * `'fast'` makes one attempt on the shrunk frame (for a camera loop at full frame rate: a few
   * milliseconds); `'thorough'` (default) adds inverted, rotated, smoothed, local-threshold and
   * full-resolution attempts when the first one fails (about 10 ms more on a 640×480 frame that holds
   * nothing, see docs/benchmarks.md).
   */
  readonly effort?: 'fast' | 'thorough';
  /** Only this part of the frame is searched (for example the viewfinder box of the scanning page). */
  readonly region?: FrameRegion;
  /** The frame (or region) is shrunk by an integer factor until its long side is at most this. Default 640. */
  readonly maxSide?: number;
}

/** A point in frame pixels. */
export interface FramePoint {
  /** From the left edge. */
  readonly x: number;
  /** From the top edge. */
  readonly y: number;
}

/** A symbol read from a frame. */
export interface DecodedSymbol {
  /** The decoded text (byte segments of QR codes read as UTF-8). */
  readonly text: string;
  /** The symbology. */
  readonly format: Symbology;
  /**
   * Where the symbol was found, in frame pixels: the finder pattern centres (and alignment pattern) for QR,
   * the ends of the scanned row for 1-D barcodes, corners for the other 2-D symbols.
   */
  readonly points: readonly FramePoint[];
  /**
   * The payload as bytes, when the whole payload is QR byte segments (for `parseScan` on raw bytes);
   * `undefined` for other symbols and for QR codes that mix in numeric or alphanumeric segments.
   */
  readonly bytes: Uint8Array | undefined;
}

const MAX_FRAME_SIDE = 16_384;
const DEFAULT_FORMATS: readonly Symbology[] = ['qr-code', 'ean-13'];
const ONE_D_ANGLES = [90, 45, -45] as const;

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
  const rgba = checkFrame(frame);
  const formats = checkFormats(options.formats ?? DEFAULT_FORMATS);
  const region = checkRegion(options.region, frame);
  const maxSide = options.maxSide ?? 640;
  if (!Number.isInteger(maxSide) || maxSide < 64) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxSide must be an integer of at least 64' });
  }
  const readers = readersFor(formats);
  const factor = Math.max(1, Math.ceil(Math.max(region.width, region.height) / maxSide));
  const small = toLumaPlane(frame.data, frame.width, rgba, region, factor);
  const place = (x: number, y: number): FramePoint => ({
    x: region.x + x * factor,
    y: region.y + y * factor,
  });

  const first = attempt(new LumaSource(small), readers);
  if (first) return symbolOf(first, place);
  if (options.effort === 'fast') return null;

  const oneD = readers.filter((r) => r.oneD);
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
    () => found(attempt(new LumaSource(smoothPlane(small)), readers), place),
    () => found(attempt(new LumaSource(small), readers, true), place),
    () => {
      if (factor === 1) return null;
      const full = toLumaPlane(frame.data, frame.width, rgba, region, 1);
      return found(attempt(new LumaSource(full), readers), (x, y) => ({ x: region.x + x, y: region.y + y }));
    },
  ];
  for (const step of steps) {
    const symbol = step();
    if (symbol) return symbol;
  }
  return null;
}

function attempt(source: LuminanceSource, readers: readonly SymbolReader[], hybrid = false): Result | null {
  const bitmap = new BinaryBitmap(
    hybrid ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source),
  );
  for (const reader of readers) {
    const result = reader.decode(bitmap);
    if (result) return result;
  }
  return null;
}

function found(result: Result | null, place: (x: number, y: number) => FramePoint): DecodedSymbol | null {
  return result ? symbolOf(result, place) : null;
}

function symbolOf(result: Result, place: (x: number, y: number) => FramePoint): DecodedSymbol | null {
  const format = symbologyOf(result.getBarcodeFormat());
  if (!format) return null;
  const points = (result.getResultPoints() ?? []).filter(Boolean).map((p) => place(p.getX(), p.getY()));
  return { text: result.getText(), format, points, bytes: byteSegments(result) };
}

function byteSegments(result: Result): Uint8Array | undefined {
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
  // Encoders mix numeric and alphanumeric segments with byte ones; only when the byte segments are the
  // whole payload are they the symbol's bytes.
  return new TextDecoder().decode(out) === result.getText() ? out : undefined;
}

function checkFrame(frame: ImageFrame): boolean {
  if (typeof frame !== 'object' || frame === null) throw invalid('the frame must be an object');
  const { data, width, height, format } = frame;
  if (format !== 'rgba' && format !== 'luma') throw invalid("format must be 'rgba' or 'luma'");
  for (const side of [width, height]) {
    if (!Number.isInteger(side) || side < 1 || side > MAX_FRAME_SIDE) {
      throw invalid(`width and height must be integers from 1 to ${MAX_FRAME_SIDE}`);
    }
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw invalid('data must be a Uint8Array or Uint8ClampedArray');
  }
  const expected = width * height * (format === 'rgba' ? 4 : 1);
  if (data.length !== expected) throw invalid(`expected ${expected} bytes of ${format}, got ${data.length}`);
  return format === 'rgba';
}

function checkFormats(formats: readonly Symbology[]): readonly Symbology[] {
  if (!Array.isArray(formats) || formats.length === 0) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'formats must be a non-empty array' });
  }
  for (const f of formats) {
    if (!SYMBOLOGIES.includes(f)) throw new AcceptError('INVALID_ARGUMENT', { detail: 'unknown symbology' });
  }
  return formats;
}

function checkRegion(region: FrameRegion | undefined, frame: ImageFrame): PixelRect {
  if (region === undefined) return { x: 0, y: 0, width: frame.width, height: frame.height };
  const { x, y, width, height } = region;
  const ok =
    [x, y, width, height].every(Number.isInteger) &&
    x >= 0 &&
    y >= 0 &&
    width >= 1 &&
    height >= 1 &&
    x + width <= frame.width &&
    y + height <= frame.height;
  if (!ok) throw new AcceptError('INVALID_ARGUMENT', { detail: 'region must be integers inside the frame' });
  return { x, y, width, height };
}

function invalid(detail: string): AcceptError {
  return new AcceptError('IMAGE_INVALID', { detail });
}
