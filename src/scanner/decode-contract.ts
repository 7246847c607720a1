/**
 * What every frame decoder takes and gives: the frame, the options, the symbol found, and the checks that
 * turn a bad frame into `IMAGE_INVALID` before any decoder sees it. Shared by `decodeFrame` and the
 * optional engines.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { PixelRect } from './luma.js';
import { SYMBOLOGIES, type Symbology } from './symbology.js';

/**
 * One camera frame: RGBA (4 bytes a pixel, as in `ImageData`) or luma (1 byte a pixel), rows packed.
 *
 * @example
 * ```ts
 * import type { ImageFrame } from 'diia-accept/scanner';
 * const image = context.getImageData(0, 0, 1280, 720);
 * const frame: ImageFrame = { data: image.data, width: image.width, height: image.height, format: 'rgba' };
 * ```
 */
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

/**
 * A rectangle of the frame, in frame pixels.
 *
 * @example
 * ```ts
 * import type { FrameRegion } from 'diia-accept/scanner';
 * // The square viewfinder in the middle of a 1280×720 preview.
 * const viewfinder: FrameRegion = { x: 320, y: 40, width: 640, height: 640 };
 * ```
 */
export interface FrameRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Options of {@link decodeFrame}.
 *
 * @example
 * ```ts
 * import { decodeFrame, type DecodeFrameOptions } from 'diia-accept/scanner';
 * // Every frame of a camera loop: QR only, one cheap attempt inside the viewfinder.
 * const perFrame: DecodeFrameOptions = { formats: ['qr-code'], effort: 'fast', region: viewfinder };
 * const symbol = decodeFrame(frame, perFrame);
 * ```
 */
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

/**
 * A point in frame pixels.
 *
 * @example
 * ```ts
 * import { decodeFrame, type FramePoint } from 'diia-accept/scanner';
 * const points: readonly FramePoint[] = decodeFrame(frame)?.points ?? [];
 * for (const { x, y } of points) context.fillRect(x - 2, y - 2, 4, 4);
 * ```
 */
export interface FramePoint {
  readonly x: number;
  readonly y: number;
}

/**
 * A symbol read from a frame.
 *
 * @example
 * ```ts
 * import { decodeFrame, parseScan, type DecodedSymbol } from 'diia-accept/scanner';
 * const symbol: DecodedSymbol | null = decodeFrame(frame);
 * if (symbol?.text != null) console.log(parseScan(symbol.text));
 * else if (symbol) console.warn('read, but its text cannot be told', symbol.bytes);
 * ```
 */
export interface DecodedSymbol {
  /**
   * The decoded text: byte segments in the character set their ECI names, or else the one their bytes
   * show (UTF-8, Shift_JIS, ISO-8859-1). `null` when the bytes are not valid text in that character set
   * (a binary payload, an unknown ECI, a wrong guess): the symbol was read, but no text can be told from it
   * safely; its bytes are in `bytes`. Never a text with U+FFFD replacement characters.
   */
  readonly text: string | null;
  readonly format: Symbology;
  /**
   * Where the symbol was found, in frame pixels: the finder pattern centres (and alignment pattern) for QR,
   * the ends of the scanned row for 1-D barcodes, corners for the other 2-D symbols.
   */
  readonly points: readonly FramePoint[];
  /**
   * The payload as bytes, when the whole payload is QR byte segments that read as UTF-8 (for `parseScan`
   * on raw bytes); when `text` is `null`, the bytes of the symbol's byte segments, always set. `undefined`
   * otherwise (other symbols, QR codes that mix in numeric or alphanumeric segments).
   */
  readonly bytes: Uint8Array | undefined;
}

const MAX_FRAME_SIDE = 16_384;
const DECODE_OPTION_KEYS = optionKeys<DecodeFrameOptions>({
  formats: true,
  effort: true,
  region: true,
  maxSide: true,
});
const RECT_KEYS = optionKeys<FrameRegion>({ x: true, y: true, width: true, height: true });
const DEFAULT_FORMATS: readonly Symbology[] = ['qr-code', 'ean-13'];
/** A decode call after its checks: what the decoders work with. */
export interface CheckedDecodeCall {
  readonly rgba: boolean;
  readonly formats: readonly Symbology[];
  readonly region: PixelRect;
  readonly maxSide: number;
}

/**
 * Checks a frame and its options.
 *
 * @throws {AcceptError} `IMAGE_INVALID` for a bad frame, `INVALID_ARGUMENT` for bad options.
 */
export function checkDecodeCall(frame: ImageFrame, options: DecodeFrameOptions): CheckedDecodeCall {
  const rgba = checkFrame(frame);
  if (typeof options !== 'object' || options === null) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'options must be an object' });
  }
  refuseUnknownOptions(options, DECODE_OPTION_KEYS, 'decodeFrame');
  const formats = checkFormats(options.formats ?? DEFAULT_FORMATS);
  const region = checkRegion(options.region, frame);
  const maxSide = options.maxSide ?? 640;
  if (!Number.isInteger(maxSide) || maxSide < 64) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxSide must be an integer of at least 64' });
  }
  return { rgba, formats, region, maxSide };
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
  refuseUnknownOptions(region, RECT_KEYS, 'region');
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
