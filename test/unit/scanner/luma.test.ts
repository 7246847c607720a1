import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busyBox, enlargeTwice, sharpenPlane, smoothPlane, toLumaPlane } from '../../../src/scanner/luma.js';
import { TurnedSource } from '../../../src/scanner/luma-source.js';

describe('toLumaPlane', () => {
  it('weighs RGBA with the BT.601 fixed-point weights', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
    const plane = toLumaPlane(rgba, 4, true, { x: 0, y: 0, width: 4, height: 1 }, 1);
    expect([...plane.data]).toEqual([(255 * 77) >> 8, (255 * 150) >> 8, (255 * 29) >> 8, 255]);
  });

  it('reads an unaligned RGBA view the same as an aligned one', () => {
    const backing = new Uint8Array(1 + 8 * 4);
    backing.set([10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255, 1, 2, 3, 255], 1);
    const unaligned = backing.subarray(1, 17);
    const aligned = unaligned.slice();
    const rect = { x: 0, y: 0, width: 4, height: 1 };
    expect(toLumaPlane(unaligned, 4, true, rect, 1).data).toEqual(
      toLumaPlane(aligned, 4, true, rect, 1).data,
    );
  });

  it('crops and shrinks blocks to the mean of four spread pixels, for RGBA and luma alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (w, h, factor, seed) => {
          const luma = Uint8Array.from({ length: w * h }, (_, i) => (i * 37 + seed) % 256);
          const rgba = new Uint8ClampedArray(w * h * 4);
          luma.forEach((v, i) => {
            rgba.set([v, v, v, 255], i * 4);
          });
          const rect = { x: 0, y: 0, width: w, height: h };
          const a = toLumaPlane(luma, w, false, rect, factor);
          const b = toLumaPlane(rgba, w, true, rect, factor);
          expect(a.width).toBe(Math.floor(w / factor));
          expect(a.height).toBe(Math.floor(h / factor));
          for (let y = 0; y < a.height; y++) {
            for (let x = 0; x < a.width; x++) {
              // The mean of four pixels spread over the block: rows and columns o0 and o1 of it.
              const o0 = Math.floor((0.5 * factor) / 2);
              const o1 = Math.floor((1.5 * factor) / 2);
              let sum = 0;
              for (const dy of factor === 1 ? [0] : [o0, o1])
                for (const dx of factor === 1 ? [0] : [o0, o1])
                  sum += luma[(y * factor + dy) * w + x * factor + dx]!;
              const mean = factor === 1 ? sum : sum / 4;
              expect(Math.abs(a.data[y * a.width + x]! - mean)).toBeLessThanOrEqual(0.5);
              // 77 + 150 + 29 = 256, so grey RGBA gives the same grey (within fixed-point rounding).
              expect(Math.abs(b.data[y * b.width + x]! - mean)).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
    );
  });
});

describe('plane filters', () => {
  const plane = { data: Uint8ClampedArray.from([0, 0, 0, 0, 90, 0, 0, 0, 0]), width: 3, height: 3 };

  it('smooths with a 3×3 box and sharpens by the difference', () => {
    const smooth = smoothPlane(plane);
    expect(smooth.data[4]).toBe(10);
    expect(sharpenPlane(plane, smooth).data[4]).toBe(170);
  });

  it('enlarges a rectangle twice, keeping flat areas flat', () => {
    const flat = { data: new Uint8ClampedArray(16).fill(77), width: 4, height: 4 };
    const big = enlargeTwice(flat, { x: 1, y: 1, width: 2, height: 3 });
    expect([big.width, big.height]).toEqual([4, 6]);
    expect(big.data.every((v) => v === 77)).toBe(true);
  });

  it('finds the busy tiles, and nothing on a blank plane', () => {
    const blank = { data: new Uint8ClampedArray(64 * 64).fill(200), width: 64, height: 64 };
    expect(busyBox(blank)).toBeNull();
    const spot = blank.data.slice();
    spot[40 * 64 + 40] = 0;
    expect(busyBox({ ...blank, data: spot })).toEqual({ x: 16, y: 16, width: 48, height: 48 });
  });
});

describe('TurnedSource', () => {
  it('a quarter turn shows source (w - 1 - y, x) at (x, y) and maps points back', () => {
    const plane = { data: Uint8ClampedArray.from({ length: 12 }, (_, i) => i * 10), width: 4, height: 3 };
    const turned = new TurnedSource(plane, 90);
    expect([turned.getWidth(), turned.getHeight()]).toEqual([3, 4]);
    const [x, y] = turned.unturn(1.5, 2);
    expect(x).toBeCloseTo(2);
    expect(y).toBeCloseTo(1.5);
    expect(turned.getMatrix()).toHaveLength(12);
  });
});
