/**
 * Grey levels for the decoders: RGBA or luma frames are cropped to the region of interest and shrunk by an
 * integer factor in one pass over the pixels, so that a 1080p frame costs one read of its bytes and the
 * decoders then work on about a ninth of them. Internal to the scanner; `decodeFrame` is the API.
 *
 * @module
 */
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
 *
 * This is the one loop that touches every byte of the frame, so it reads RGBA a pixel at a time as one
 * 32-bit word and sees a single array type (V8 keeps such loops monomorphic and fast).
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
    return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, width * height), width, height };
  }
  const out = new Uint8ClampedArray(width * height);
  if (rgba) {
    shrinkRgba(rgbaWords(data), frameWidth, rect, factor, out, width, height);
  } else {
    shrinkLuma(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      frameWidth,
      rect,
      factor,
      out,
      width,
      height,
    );
  }
  return { data: out, width, height };
}

/** The RGBA bytes as 32-bit words in R, G, B, A order from the low byte (copied if unaligned or big-endian). */
function rgbaWords(data: Uint8Array | Uint8ClampedArray): Uint32Array {
  const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  if (littleEndian && data.byteOffset % 4 === 0)
    return new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const words = new Uint32Array(data.byteLength >> 2);
  for (let i = 0, j = 0; i < words.length; i++, j += 4) {
    words[i] = (data[j]! | (data[j + 1]! << 8) | (data[j + 2]! << 16) | (data[j + 3]! << 24)) >>> 0;
  }
  return words;
}

function shrinkRgba(
  words: Uint32Array,
  frameWidth: number,
  rect: PixelRect,
  factor: number,
  out: Uint8ClampedArray,
  width: number,
  height: number,
): void {
  if (factor === 1) {
    for (let y = 0; y < height; y++) {
      let i = (rect.y + y) * frameWidth + rect.x;
      const o = y * width;
      for (let x = 0; x < width; x++, i++) {
        const v = words[i]!;
        out[o + x] = ((v & 255) * 77 + ((v >>> 8) & 255) * 150 + ((v >>> 16) & 255) * 29) >> 8;
      }
    }
    return;
  }
  // Column sums of one output row, reused row after row.
  const sums = new Uint32Array(width);
  const scale = 1 / (factor * factor * 256);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (rect.y + y * factor + dy) * frameWidth + rect.x;
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let dx = 0; dx < factor; dx++, i++) {
          const v = words[i]!;
          s += (v & 255) * 77 + ((v >>> 8) & 255) * 150 + ((v >>> 16) & 255) * 29;
        }
        sums[x]! += s;
      }
    }
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = sums[x]! * scale;
  }
}

function shrinkLuma(
  bytes: Uint8Array,
  frameWidth: number,
  rect: PixelRect,
  factor: number,
  out: Uint8ClampedArray,
  width: number,
  height: number,
): void {
  if (factor === 1) {
    for (let y = 0; y < height; y++) {
      const i = (rect.y + y) * frameWidth + rect.x;
      out.set(bytes.subarray(i, i + width), y * width);
    }
    return;
  }
  const sums = new Uint32Array(width);
  const scale = 1 / (factor * factor);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (rect.y + y * factor + dy) * frameWidth + rect.x;
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let dx = 0; dx < factor; dx++) s += bytes[i++]!;
        sums[x]! += s;
      }
    }
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = sums[x]! * scale;
  }
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

/**
 * Unsharp masking (the plane plus its difference from `smoothed`): steepens the module edges that blur and
 * perspective soften, which is what zxing's finder-pattern search needs.
 */
export function sharpenPlane(plane: LumaPlane, smoothed: LumaPlane): LumaPlane {
  const out = new Uint8ClampedArray(plane.data.length);
  const a = plane.data;
  const b = smoothed.data;
  for (let i = 0; i < out.length; i++) out[i] = 2 * a[i]! - b[i]!;
  return { data: out, width: plane.width, height: plane.height };
}
