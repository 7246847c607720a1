// decodeFrame runs unchanged in a browser page and in a Web Worker (Chromium through playwright-core):
// the scanner core is bundled once for the browser and given frames rendered here.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../support/distort.js';
import { renderEan13, renderQr, toRgba } from '../support/symbols.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { bundleForBrowser, type StaticServer, serveDist } from './static-server.js';

const LINK = 'https://diia.app/documents/passport/123456789/verify/7a1f3c9e-2b4d-4e8f-9a6b-0c1d2e3f4a5b';
const BARCODE = '2858364170864';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable) return; // skipped loudly by ./chromium.js
  const bundle = await bundleForBrowser(join(import.meta.dirname, 'scanner-image.entry.ts'), 'iife');
  server = await serveDist({
    '/': '<!doctype html><script src="/scanner.js"></script>',
    '/scanner.js': bundle,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function job(data: Uint8ClampedArray, width: number, height: number, format: 'rgba' | 'luma') {
  return {
    pixels: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
    width,
    height,
    format,
  };
}

const qr = compose(renderQr(LINK), { frameWidth: 640, frameHeight: 480, scale: 4 }).image;
const ean = compose(renderEan13(BARCODE), { frameWidth: 640, frameHeight: 480, scale: 3 }).image;
const jobs = [
  { job: job(toRgba(qr), 640, 480, 'rgba'), want: { text: LINK } },
  { job: job(ean.data, 640, 480, 'luma'), want: { text: BARCODE } },
  { job: job(new Uint8ClampedArray(10), 640, 480, 'luma'), want: { text: null, code: 'IMAGE_INVALID' } },
];

describe.skipIf(!chromiumAvailable)('decodeFrame in Chromium', () => {
  it('reads the document link and the barcode in a page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    for (const { job: j, want } of jobs) {
      // A string, not a function: Vitest rewrites code inside functions it compiles.
      const got = await page.evaluate(`self.decodeJob(${JSON.stringify(j)})`);
      expect(got).toEqual(want);
    }
    await page.close();
  });

  it('reads them in a Web Worker', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    for (const { job: j, want } of jobs) {
      const got = await page.evaluate(`new Promise((ok, fail) => {
        const worker = new Worker('/scanner.js');
        worker.onmessage = (event) => { ok(event.data); worker.terminate(); };
        worker.onerror = (event) => fail(new Error(event.message));
        worker.postMessage(${JSON.stringify(j)});
      })`);
      expect(got).toEqual(want);
    }
    await page.close();
  });
});
