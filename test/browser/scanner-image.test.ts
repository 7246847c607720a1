// decodeFrame runs unchanged in a browser page and in a Web Worker (Chromium through playwright-core):
// the scanner core is bundled once for the browser and given frames rendered here.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../support/distort.js';
import { renderEan13, renderQr, toRgba } from '../support/symbols.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.tmp', 'browser-scanner');
const LINK = 'https://diia.app/documents/passport/123456789/verify/7a1f3c9e-2b4d-4e8f-9a6b-0c1d2e3f4a5b';
const BARCODE = '2858364170864';

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!chromiumAvailable) return; // skipped loudly by ./chromium.js
  await build({
    entryPoints: { scanner: join(root, 'test/browser/scanner-image.entry.ts') },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: out,
    logLevel: 'error',
  });
  const bundle = await readFile(join(out, 'scanner.js'));
  server = createServer((req, res) => {
    if (req.url === '/scanner.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/scanner.js"></script>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
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
    await page.goto(`${origin}/`);
    for (const { job: j, want } of jobs) {
      // A string, not a function: Vitest rewrites code inside functions it compiles.
      const got = await page.evaluate(`self.decodeJob(${JSON.stringify(j)})`);
      expect(got).toEqual(want);
    }
    await page.close();
  });

  it('reads them in a Web Worker', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
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
