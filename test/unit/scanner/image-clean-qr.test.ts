// Clean document links, as the fake camera of the front-desk test shows them: a 400-pixel QR code (the
// qrcode package's own PNG, fractional module size) in the middle of a white 640×480 frame. zxing's QR finder
// misses about one in eight of these at full size; decodeFrame must read every one, on both paths.

import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { ImageFrame } from '../../../src/scanner/decode-contract.js';
import { decodeFrame } from '../../../src/scanner/engines/zxing-js.js';

/** A deterministic stream of hex digits (a linear congruential generator), so every run sees the same links. */
function hexDigits(seed: number): () => string {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 28).toString(16);
  };
}

function links(count: number): string[] {
  const next = hexDigits(20261130);
  const hex = (n: number) => Array.from({ length: n }, next).join('');
  return Array.from(
    { length: count },
    () =>
      `https://diia.app/documents/passport/${hex(24)}/verify/${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  );
}

async function frameOf(text: string): Promise<ImageFrame> {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', margin: 4, width: 400 }));
  const width = 640;
  const height = 480;
  const data = new Uint8Array(width * height).fill(255);
  const left = (width - png.width) >> 1;
  const top = (height - png.height) >> 1;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++)
      data[(top + y) * width + left + x] = png.data[(y * png.width + x) * 4]!;
  }
  return { data, width, height, format: 'luma' };
}

describe('clean QR codes at 640×480', () => {
  // 40 frames rendered and decoded: about 1.5 s on an idle core, over 5 s beside a busy one. The budget
  // is for a loaded machine, not a claim about speed (bench/ measures that).
  it.each(['thorough', 'fast'] as const)(
    'every one of 40 links is read (%s)',
    async (effort) => {
      const unread: string[] = [];
      for (const link of links(40)) {
        const found = decodeFrame(await frameOf(link), { formats: ['qr-code', 'ean-13'], effort });
        if (found?.text !== link) unread.push(link);
      }
      expect(unread).toEqual([]);
    },
    30_000,
  );
});
