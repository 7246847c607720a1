// A Y4M clip for Chromium's fake camera: a text header, then "FRAME\n" and the I420 planes (full-size Y,
// quarter-size U and V) of each frame. Chromium wants the C420jpeg chroma tag.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** Writes `frames` identical frames of `text` as a QR code in the middle of a white `width`×`height` picture. */
export async function writeQrY4m(
  path: string,
  text: string,
  { width = 640, height = 480, frames = 15, fps = 15 } = {},
): Promise<void> {
  const png = PNG.sync.read(
    await QRCode.toBuffer(text, { type: 'png', margin: 4, width: Math.min(width, height) - 80 }),
  );
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const left = Math.floor((width - png.width) / 2);
  const top = Math.floor((height - png.height) / 2);
  for (let y = 0; y < png.height; y++) {
    const from = y * png.width * 4;
    rgba.set(png.data.subarray(from, from + png.width * 4), ((top + y) * width + left) * 4);
  }
  const frame = toI420(rgba, width, height);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const parts: Uint8Array[] = [header];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), frame);
  writeFileSync(path, Buffer.concat(parts));
}

/** BT.601 full-range RGB to I420, chroma averaged over each 2×2 block. */
function toI420(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array((width * height * 3) / 2);
  const uOffset = width * height;
  const vOffset = uOffset + (width * height) / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      out[y * width + x] = Math.round(0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!);
    }
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y + dy) * width + x + dx) * 4;
        r += rgba[i]!;
        g += rgba[i + 1]!;
        b += rgba[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (y / 2) * (width / 2) + x / 2;
      out[uOffset + c] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[vOffset + c] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
