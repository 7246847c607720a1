/**
 * zxing luminance sources over a {@link LumaPlane}: the plane as it is, and the plane turned by an angle
 * with its rows computed only when a reader asks for them. The 1-D readers look at about fifteen rows, so
 * trying a barcode at 45° or 90° costs a few thousand samples instead of a copy of the whole image.
 * Internal to the scanner.
 *
 * @module
 */
import { InvertedLuminanceSource, LuminanceSource } from '@zxing/library';
import type { LumaPlane } from './luma.js';

/** The plane as a zxing luminance source. */
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

  override invert(): LuminanceSource {
    return new InvertedLuminanceSource(this);
  }
}

/** The size of the canvas that holds `plane` turned by `degrees`. */
function turnedSize(plane: LumaPlane, degrees: number): readonly [number, number] {
  const a = (degrees * Math.PI) / 180;
  const c = Math.abs(Math.cos(a));
  const s = Math.abs(Math.sin(a));
  // Round away the 1e-16 that cos(90°) leaves, so a quarter turn is exactly h × w.
  return [
    Math.ceil(plane.width * c + plane.height * s - 1e-9),
    Math.ceil(plane.width * s + plane.height * c - 1e-9),
  ];
}

/**
 * The plane turned by `degrees` about its centre (bilinear), on a canvas large enough to hold all of it,
 * background filled with the plane's mean grey. Rows are sampled on demand.
 */
export class TurnedSource extends LuminanceSource {
  readonly #plane: LumaPlane;
  readonly #cos: number;
  readonly #sin: number;
  #background = -1;

  constructor(plane: LumaPlane, degrees: number) {
    const [width, height] = turnedSize(plane, degrees);
    super(width, height);
    this.#plane = plane;
    this.#cos = Math.cos((degrees * Math.PI) / 180);
    this.#sin = Math.sin((degrees * Math.PI) / 180);
  }

  override getRow(y: number, row?: Uint8ClampedArray): Uint8ClampedArray {
    const width = this.getWidth();
    const target = row && row.length >= width ? row : new Uint8ClampedArray(width);
    const { width: w, height: h, data } = this.#plane;
    const cos = this.#cos;
    const sin = this.#sin;
    const dy = y - this.getHeight() / 2;
    const background = this.#meanGrey();
    for (let x = 0; x < width; x++) {
      const dx = x - width / 2;
      // Inverse rotation: where in the plane this pixel comes from.
      const u = dx * cos + dy * sin + w / 2;
      const v = -dx * sin + dy * cos + h / 2;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        target[x] = background;
        continue;
      }
      const fx = u - x0;
      const fy = v - y0;
      const p = y0 * w + x0;
      const top = data[p]! + (data[p + 1]! - data[p]!) * fx;
      const bottom = data[p + w]! + (data[p + w + 1]! - data[p + w]!) * fx;
      target[x] = top + (bottom - top) * fy;
    }
    return target;
  }

  override getMatrix(): Uint8ClampedArray {
    const width = this.getWidth();
    const out = new Uint8ClampedArray(width * this.getHeight());
    const row = new Uint8ClampedArray(width);
    for (let y = 0; y < this.getHeight(); y++) out.set(this.getRow(y, row), y * width);
    return out;
  }

  override invert(): LuminanceSource {
    return new InvertedLuminanceSource(this);
  }

  /** Maps a point of this turned canvas back into the plane. */
  unturn(x: number, y: number): readonly [number, number] {
    const dx = x - this.getWidth() / 2;
    const dy = y - this.getHeight() / 2;
    const { width: w, height: h } = this.#plane;
    return [dx * this.#cos + dy * this.#sin + w / 2, -dx * this.#sin + dy * this.#cos + h / 2];
  }

  #meanGrey(): number {
    if (this.#background < 0) {
      const { data } = this.#plane;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < data.length; i += 61, n++) sum += data[i]!;
      this.#background = n > 0 ? sum / n : 128;
    }
    return this.#background;
  }
}
