/**
 * Grey levels for the decoders: RGBA or luma frames are cropped to the region of interest and shrunk by an
 * integer factor in one pass over the pixels, so that a 1080p frame costs one read of its bytes and the
 * decoders then work on about a ninth of them. Internal to the scanner; {@link decodeFrame} is the API.
 *
 * @module
 */
import { InvertedLuminanceSource, LuminanceSource } from '@zxing/library';

/** A grey-scale image, one byte a pixel, row by row. */
export interface LumaPlane {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** A rectangle of frame pixels. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Crops `rect` out of the frame and averages `factor`×`factor` blocks into one grey level (ITU-R BT.601
 * weights in 8-bit fixed point: 77, 150, 29 over 256). Averaging, not sampling, so that the shrunk image is
 * also a little less noisy. A luma frame that needs neither crop nor shrink is used as it is.
 */
export function toLumaPlane(
  data: Uint8Array | Uint8ClampedArray,
  frameWidth: number,
  rgba: boolean,
  rect: PixelRect,
  factor: number,
): LumaPlane {
  const width = Math.floor(rect.width / factor);
  const height = Math.floor(rect.height / factor);
  if (!rgba && factor === 1 && rect.x === 0 && rect.y === 0 && rect.width === frameWidth) {
    const view = new Uint8ClampedArray(data.buffer, data.byteOffset, width * height);
    return { data: view, width, height };
  }
  const out = new Uint8ClampedArray(width * height);
  if (factor === 1) {
    for (let y = 0; y < height; y++) {
      let i = (rect.y + y) * frameWidth + rect.x;
      let o = y * width;
      if (rgba) {
        i *= 4;
        for (let x = 0; x < width; x++, i += 4)
          out[o++] = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
      } else {
        out.set(data.subarray(i, i + width), o);
      }
    }
    return { data: out, width, height };
  }
  // Column sums of one output row, reused row after row to avoid allocation per block.
  const sums = new Uint32Array(width);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      const row = (rect.y + y * factor + dy) * frameWidth + rect.x;
      if (rgba) {
        let i = row * 4;
        for (let x = 0; x < width; x++) {
          let s = 0;
          for (let dx = 0; dx < factor; dx++, i += 4)
            s += data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29;
          sums[x]! += s;
        }
      } else {
        let i = row;
        for (let x = 0; x < width; x++) {
          let s = 0;
          for (let dx = 0; dx < factor; dx++) s += data[i++]!;
          sums[x]! += s << 8;
        }
      }
    }
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = sums[x]! / area / 256;
  }
  return { data: out, width, height };
}

/** A 3×3 box average: takes the edge off sensor noise before a global threshold. Borders are copied. */
export function smoothPlane(plane: LumaPlane): LumaPlane {
  const { width: w, height: h, data: src } = plane;
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    rows[o] = src[o]! * 3;
    rows[o + w - 1] = src[o + w - 1]! * 3;
    for (let x = 1; x < w - 1; x++) rows[o + x] = src[o + x - 1]! + src[o + x]! + src[o + x + 1]!;
  }
  const out = new Uint8ClampedArray(w * h);
  out.set(src.subarray(0, w));
  out.set(src.subarray((h - 1) * w), (h - 1) * w);
  for (let y = 1; y < h - 1; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = (rows[o + x - w]! + rows[o + x]! + rows[o + x + w]!) / 9;
  }
  return { data: out, width: w, height: h };
}

/** `plane` turned by 90° counter-clockwise: output (x, y) shows source (w - 1 - y, x). */
export function quarterTurn(plane: LumaPlane): LumaPlane {
  const { width: w, height: h, data } = plane;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < w; y++) {
    const sx = w - 1 - y;
    for (let x = 0; x < h; x++) out[y * h + x] = data[x * w + sx]!;
  }
  return { data: out, width: h, height: w };
}

/**
 * `plane` turned by `degrees` about its centre (bilinear), into a canvas large enough to hold all of it,
 * background filled with the plane's mean grey. Used for 1-D symbols that no row crosses whole.
 */
export function rotatePlane(plane: LumaPlane, degrees: number): LumaPlane {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const { width: w, height: h, data: src } = plane;
  const width = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const height = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  let mean = 0;
  for (let i = 0; i < src.length; i += 7) mean += src[i]!;
  mean = mean / Math.ceil(src.length / 7);
  const out = new Uint8ClampedArray(width * height);
  const cx = w / 2;
  const cy = h / 2;
  const ox = width / 2;
  const oy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - oy;
    for (let x = 0; x < width; x++) {
      const dx = x - ox;
      // Inverse rotation: where in the source this output pixel comes from.
      const u = dx * cos + dy * sin + cx;
      const v = -dx * sin + dy * cos + cy;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * width + x] = mean;
        continue;
      }
      const fx = u - x0;
      const fy = v - y0;
      const p = y0 * w + x0;
      const top = src[p]! + (src[p + 1]! - src[p]!) * fx;
      const bottom = src[p + w]! + (src[p + w + 1]! - src[p + w]!) * fx;
      out[y * width + x] = top + (bottom - top) * fy;
    }
  }
  return { data: out, width, height };
}

/** Maps a point of {@link rotatePlane}'s output back into the unrotated plane. */
export function unrotatePoint(
  x: number,
  y: number,
  plane: LumaPlane,
  rotated: LumaPlane,
  degrees: number,
): readonly [number, number] {
  const a = (degrees * Math.PI) / 180;
  const dx = x - rotated.width / 2;
  const dy = y - rotated.height / 2;
  return [
    dx * Math.cos(a) + dy * Math.sin(a) + plane.width / 2,
    -dx * Math.sin(a) + dy * Math.cos(a) + plane.height / 2,
  ];
}

/**
 * A zxing luminance source over a {@link LumaPlane}. Unlike zxing's `RGBLuminanceSource` it can turn by
 * 90°, which the 1-D readers use on their try-harder path for vertical barcodes.
 */
export class LumaSource extends LuminanceSource {
  readonly #plane: LumaPlane;

  constructor(plane: LumaPlane) {
    super(plane.width, plane.height);
    this.#plane = plane;
  }

  override getRow(y: number, row?: Uint8ClampedArray): Uint8ClampedArray {
    const { width, data } = this.#plane;
    const target = row && row.length >= width ? row : new Uint8ClampedArray(width);
    target.set(data.subarray(y * width, (y + 1) * width));
    return target;
  }

  override getMatrix(): Uint8ClampedArray {
    return this.#plane.data;
  }

  override isRotateSupported(): boolean {
    return true;
  }

  override rotateCounterClockwise(): LuminanceSource {
    return new LumaSource(quarterTurn(this.#plane));
  }

  override invert(): LuminanceSource {
    return new InvertedLuminanceSource(this);
  }
}
