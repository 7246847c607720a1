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
 * Crops `rect` out of the frame and shrinks each `factor`×`factor` block into one grey level (ITU-R BT.601
 * weights in 8-bit fixed point: 77, 150, 29 over 256): the mean of four pixels spread over the block (the
 * whole block when the factor is 2). Averaging, not one sample, so that the shrunk image is less noisy and
 * less aliased. A luma frame that needs neither crop nor shrink is used as it is.
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
  // Two rows and two columns of each factor×factor block, spread across it: all four pixels when the factor
  // is 2, and for larger factors still an average (less aliasing than one sample) at a fraction of the
  // reads, which is what dominates the cost of a 1080p frame.
  const o0 = Math.floor((0.5 * factor) / 2);
  const o1 = Math.floor((1.5 * factor) / 2);
  for (let y = 0; y < height; y++) {
    const r0 = (rect.y + y * factor + o0) * frameWidth + rect.x;
    const r1 = (rect.y + y * factor + o1) * frameWidth + rect.x;
    const o = y * width;
    for (let x = 0, c = 0; x < width; x++, c += factor) {
      const a = words[r0 + c + o0]!;
      const b = words[r0 + c + o1]!;
      const d = words[r1 + c + o0]!;
      const e = words[r1 + c + o1]!;
      const red = (a & 255) + (b & 255) + (d & 255) + (e & 255);
      const green = ((a >>> 8) & 255) + ((b >>> 8) & 255) + ((d >>> 8) & 255) + ((e >>> 8) & 255);
      const blue = ((a >>> 16) & 255) + ((b >>> 16) & 255) + ((d >>> 16) & 255) + ((e >>> 16) & 255);
      out[o + x] = (red * 77 + green * 150 + blue * 29) >> 10;
    }
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
  const o0 = Math.floor((0.5 * factor) / 2);
  const o1 = Math.floor((1.5 * factor) / 2);
  for (let y = 0; y < height; y++) {
    const r0 = (rect.y + y * factor + o0) * frameWidth + rect.x;
    const r1 = (rect.y + y * factor + o1) * frameWidth + rect.x;
    const o = y * width;
    for (let x = 0, c = 0; x < width; x++, c += factor) {
      out[o + x] =
        (bytes[r0 + c + o0]! + bytes[r0 + c + o1]! + bytes[r1 + c + o0]! + bytes[r1 + c + o1]!) >> 2;
    }
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

/**
 * The bounding box of the plane's busy part: the `block`×`block` tiles whose grey levels span at least
 * `minRange` (24, the least contrast zxing's local binarizer accepts), grown by one tile. A symbol is
 * always busy; a wall or a blank frame is not. `null` when nothing is busy, so the costlier attempts can be
 * skipped.
 */
export function busyBox(plane: LumaPlane, block = 16, minRange = 24): PixelRect | null {
  const { width: w, height: h, data } = plane;
  const cols = Math.ceil(w / block);
  const rows = Math.ceil(h / block);
  const low = new Uint8Array(cols * rows).fill(255);
  const high = new Uint8Array(cols * rows);
  for (let y = 0; y < h; y++) {
    const t = ((y / block) | 0) * cols;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const v = data[i]!;
      const k = t + ((x / block) | 0);
      if (v < low[k]!) low[k] = v;
      if (v > high[k]!) high[k] = v;
    }
  }
  let x0 = cols;
  let y0 = rows;
  let x1 = -1;
  let y1 = -1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (high[r * cols + c]! - low[r * cols + c]! < minRange) continue;
      x0 = Math.min(x0, c);
      y0 = Math.min(y0, r);
      x1 = Math.max(x1, c);
      y1 = Math.max(y1, r);
    }
  }
  if (x1 < 0) return null;
  const x = Math.max(0, (x0 - 1) * block);
  const y = Math.max(0, (y0 - 1) * block);
  return { x, y, width: Math.min(w, (x1 + 2) * block) - x, height: Math.min(h, (y1 + 2) * block) - y };
}

/** `rect` of the plane enlarged twice in each direction (bilinear), for symbols with modules of 1–2 pixels. */
export function enlargeTwice(plane: LumaPlane, rect: PixelRect): LumaPlane {
  const { width: w, data } = plane;
  const width = rect.width * 2;
  const height = rect.height * 2;
  const out = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(rect.height - 1, Math.max(0, (y - 0.5) / 2));
    const y0 = Math.floor(sy);
    const y1 = Math.min(rect.height - 1, y0 + 1);
    const fy = sy - y0;
    const r0 = (rect.y + y0) * w + rect.x;
    const r1 = (rect.y + y1) * w + rect.x;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(rect.width - 1, Math.max(0, (x - 0.5) / 2));
      const x0 = Math.floor(sx);
      const x1 = Math.min(rect.width - 1, x0 + 1);
      const fx = sx - x0;
      const top = data[r0 + x0]! + (data[r0 + x1]! - data[r0 + x0]!) * fx;
      const bottom = data[r1 + x0]! + (data[r1 + x1]! - data[r1 + x0]!) * fx;
      out[y * width + x] = top + (bottom - top) * fy;
    }
  }
  return { data: out, width, height };
}
