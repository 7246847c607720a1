/**
 * What a desk camera does to a symbol: places it in a frame at some scale, angle and tilt (one projective
 * warp, bilinear sampling), then blur, sensor noise, low contrast and inversion. Deterministic: noise comes
 * from a seeded generator, so every run sees the same pixels.
 */
import type { LumaImage } from './symbols.js';

/** Where and how the symbol lands in the frame. */
export interface Placement {
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Frame pixels per symbol pixel (one symbol pixel is one module). */
  readonly scale: number;
  /** Rotation in degrees, clockwise. */
  readonly rotation?: number;
  /** Perspective: the far (top) edge is shorter than the near one by this fraction (0 = none). */
  readonly tilt?: number;
  /** Centre of the symbol as fractions of the frame (default 0.5, 0.5). */
  readonly centre?: readonly [number, number];
}

/** A composed frame and where the symbol's corners ended up (top-left, top-right, bottom-right, bottom-left). */
export interface Scene {
  readonly image: LumaImage;
  readonly corners: readonly (readonly [number, number])[];
}

type Point = readonly [number, number];

/** The 3×3 homography (row-major, h22 = 1) that maps each `from` point onto the matching `to` point. */
function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gauss-Jordan elimination with partial pivoting on the 8×9 augmented matrix.
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let c = col; c < 9; c++) a[col]![c]! /= p;
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f !== 0) for (let c = col; c < 9; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return [...a.map((row) => row[8]!), 1];
}

/** Light grey with a soft gradient, so that the background is not a flat value a binarizer finds trivial. */
function backgroundAt(x: number, y: number, width: number, height: number): number {
  return 200 + 30 * (x / width) - 20 * (y / height);
}

/** Places `symbol` into a new frame. */
export function compose(symbol: LumaImage, placement: Placement): Scene {
  const { frameWidth: fw, frameHeight: fh, scale } = placement;
  const angle = ((placement.rotation ?? 0) * Math.PI) / 180;
  const tilt = placement.tilt ?? 0;
  const [cxf, cyf] = placement.centre ?? [0.5, 0.5];
  const cx = cxf * fw;
  const cy = cyf * fh;
  const hw = (symbol.width * scale) / 2;
  const hh = (symbol.height * scale) / 2;
  // Before rotation: the top edge is shortened by `tilt` and the height foreshortened a little with it.
  const local: Point[] = [
    [-hw * (1 - tilt), -hh * (1 - tilt / 2)],
    [hw * (1 - tilt), -hh * (1 - tilt / 2)],
    [hw, hh],
    [-hw, hh],
  ];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners = local.map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos] as const);
  const source: Point[] = [
    [0, 0],
    [symbol.width, 0],
    [symbol.width, symbol.height],
    [0, symbol.height],
  ];
  const h = homography(corners, source);
  const out = new Uint8ClampedArray(fw * fh);
  const sw = symbol.width;
  const sh = symbol.height;
  const src = symbol.data;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w = h[6]! * px + h[7]! * py + h[8]!;
      const u = (h[0]! * px + h[1]! * py + h[2]!) / w - 0.5;
      const v = (h[3]! * px + h[4]! * py + h[5]!) / w - 0.5;
      if (u < -0.5 || v < -0.5 || u > sw - 0.5 || v > sh - 0.5) {
        out[y * fw + x] = backgroundAt(x, y, fw, fh);
        continue;
      }
      const x0 = Math.max(0, Math.min(sw - 1, Math.floor(u)));
      const y0 = Math.max(0, Math.min(sh - 1, Math.floor(v)));
      const x1 = Math.min(sw - 1, x0 + 1);
      const y1 = Math.min(sh - 1, y0 + 1);
      const fx = Math.max(0, Math.min(1, u - x0));
      const fy = Math.max(0, Math.min(1, v - y0));
      const top = src[y0 * sw + x0]! * (1 - fx) + src[y0 * sw + x1]! * fx;
      const bottom = src[y1 * sw + x0]! * (1 - fx) + src[y1 * sw + x1]! * fx;
      out[y * fw + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { image: { data: out, width: fw, height: fh }, corners };
}

/** Box blur of the given radius applied twice in each direction (close to a Gaussian). */
export function blur(image: LumaImage, radius: number): LumaImage {
  let data = image.data;
  for (let pass = 0; pass < 2; pass++) {
    data = boxPass(data, image.width, image.height, radius, true);
    data = boxPass(data, image.width, image.height, radius, false);
  }
  return { ...image, data };
}

function boxPass(
  src: Uint8ClampedArray,
  w: number,
  h: number,
  r: number,
  horizontal: boolean,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(src.length);
  const lines = horizontal ? h : w;
  const len = horizontal ? w : h;
  const step = horizontal ? 1 : w;
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * w : line;
    for (let i = 0; i < len; i++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += src[base + Math.max(0, Math.min(len - 1, i + k)) * step]!;
      out[base + i * step] = sum / (2 * r + 1);
    }
  }
  return out;
}

/** A small deterministic generator (mulberry32), for noise and for picking test texts. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian sensor noise of the given standard deviation (grey levels). */
export function noise(image: LumaImage, sigma: number, seed: number): LumaImage {
  const random = seeded(seed);
  const data = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    data[i] = image.data[i]! + g * sigma;
  }
  return { ...image, data };
}

/** Squeezes the grey levels into [low, high]: a washed-out print or a dim screen. */
export function lowContrast(image: LumaImage, low: number, high: number): LumaImage {
  const data = image.data.map((v) => low + (v * (high - low)) / 255);
  return { ...image, data };
}

/** Light symbol on a dark ground, as a phone in dark mode shows it. */
export function invert(image: LumaImage): LumaImage {
  return { ...image, data: image.data.map((v) => 255 - v) };
}
