// The shipped browser entry (dist/scanner/browser) in a plain HTML page: the custom element, the default
// module worker next to the entry, and the camera's decode time per frame.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumAvailable, launchChromium, root } from './chromium.js';
import { type StaticServer, serveDist } from './static-server.js';
import { writeQrY4m } from './y4m.js';

const LINK =
  'https://diia.app/documents/passport/374fc0527bb105607e9c6b49/verify/ba89d88c-720a-43a7-bac6-9fcd8b3cb9c1';
// The self-contained entry a page without a bundler loads; the worker is found next to it.
const ENTRY = '/dist/scanner/browser/standalone.js';

const PLAIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scanner element</title></head>
<body>
  <h1>Plain HTML</h1>
  <diia-accept-scanner camera keyboard lang="en" style="width: 480px; height: 360px"></diia-accept-scanner>
  <script type="module">
    window.scans = [];
    window.errors = [];
    const { defineScannerElement } = await import('${ENTRY}');
    window.definedBefore = customElements.get('diia-accept-scanner') !== undefined;
    defineScannerElement();
    const element = document.querySelector('diia-accept-scanner');
    element.addEventListener('scan', (event) => window.scans.push(event.detail));
    element.addEventListener('error', (event) => window.errors.push(event.detail.code));
  </script>
</body></html>`;

// As a framework may do it: the element is made and its properties set before it is defined.
const EARLY_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>properties first</title></head>
<body>
  <script type="module">
    window.scans = [];
    const element = document.createElement('diia-accept-scanner');
    element.camera = true;
    element.scanOptions = { allowedHosts: ['diia.app'] };
    element.addEventListener('scan', (event) => window.scans.push(event.detail));
    document.body.append(element);
    const { defineScannerElement } = await import('${ENTRY}');
    defineScannerElement();
  </script>
</body></html>`;

let server: StaticServer;
let browser: Browser;

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${server.url}${path}`);
  return page;
}

describe.skipIf(!chromiumAvailable)('diia-accept/scanner/browser in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist', ENTRY.slice('/dist/'.length))))
      throw new Error('build first (npx tsup)');
    const video = join(mkdtempSync(join(tmpdir(), 'scanner-element-')), 'qr.y4m');
    await writeQrY4m(video, LINK);
    server = await serveDist({
      '/plain.html': PLAIN_PAGE,
      '/early.html': EARLY_PAGE,
      '/blank.html': '<!doctype html><title>blank</title>',
    });
    browser = await launchChromium({ fakeVideo: video });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('<diia-accept-scanner> reports a camera scan and a keyboard scan in a plain HTML page', async () => {
    const page = await open('/plain.html');
    await page.waitForFunction(
      () => (window as unknown as { scans: unknown[] }).scans?.length > 0,
      undefined,
      {
        timeout: 30_000,
      },
    );
    const first = await page.evaluate(() => (window as unknown as { scans: unknown[] }).scans[0]);
    expect(first).toMatchObject({
      source: 'camera',
      format: 'qr-code',
      text: LINK,
      scan: { kind: 'document-link' },
    });
    // Defining is explicit: importing the entry registered nothing.
    expect(await page.evaluate(() => (window as unknown as { definedBefore: boolean }).definedBefore)).toBe(
      false,
    );
    // Shadow DOM only: the page has no style sheet of ours.
    expect(await page.evaluate(() => document.styleSheets.length)).toBe(0);
    expect(
      await page.evaluate(
        () => document.querySelector('diia-accept-scanner')?.shadowRoot?.querySelector('video') !== null,
      ),
    ).toBe(true);

    // A scanner's keys, stamped 3 ms apart (waiting for real pauses is at the mercy of a busy machine).
    await page.evaluate(() => {
      const start = performance.now();
      [...'2858364170864', 'Enter'].forEach((key, i) => {
        const code = key === 'Enter' ? 'Enter' : `Digit${key}`;
        const event = new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true });
        Object.defineProperty(event, 'timeStamp', { value: start + i * 3 });
        document.body.dispatchEvent(event);
      });
    });
    await page.waitForFunction(() => (window as unknown as { scans: unknown[] }).scans.length > 1);
    const second = await page.evaluate(() => (window as unknown as { scans: unknown[] }).scans[1]);
    expect(second).toMatchObject({ source: 'keyboard', scan: { kind: 'barcode', barcode: '2858364170864' } });
    expect(await page.evaluate(() => (window as unknown as { errors: unknown[] }).errors)).toEqual([]);
    await page.screenshot({ path: artifactPath('scanner-element-plain-html.png') });

    // camera="false" (as React 18 writes a false prop) turns the camera off; the attribute back turns it on.
    const off = await page.evaluate(async () => {
      const element = document.querySelector('diia-accept-scanner') as HTMLElement & {
        cameraScanner?: unknown;
      };
      const stream = element.shadowRoot!.querySelector('video')!.srcObject as MediaStream;
      element.setAttribute('camera', 'false');
      await new Promise((r) => setTimeout(r, 50));
      return {
        live: stream.getTracks().filter((t) => t.readyState === 'live').length,
        on: (element as unknown as { camera: boolean }).camera,
      };
    });
    expect(off).toEqual({ live: 0, on: false });
    await page.evaluate(() => document.querySelector('diia-accept-scanner')!.setAttribute('camera', ''));
    await page.waitForFunction(
      () =>
        (document.querySelector('diia-accept-scanner') as unknown as { cameraScanner?: unknown })
          .cameraScanner !== undefined,
    );

    // Removing the element releases the camera.
    const live = await page.evaluate(async () => {
      const element = document.querySelector('diia-accept-scanner')!;
      const video = element.shadowRoot!.querySelector('video')!;
      const stream = video.srcObject as MediaStream;
      element.remove();
      return stream.getTracks().filter((t) => t.readyState === 'live').length;
    });
    expect(live).toBe(0);
  });

  it('takes properties set before it was defined (as frameworks may set them)', async () => {
    const page = await open('/early.html');
    await page.waitForFunction(
      () => (window as unknown as { scans: unknown[] }).scans?.length > 0,
      undefined,
      {
        timeout: 30_000,
      },
    );
    expect(await page.evaluate(() => (window as unknown as { scans: unknown[] }).scans[0])).toMatchObject({
      source: 'camera',
      scan: { kind: 'document-link' },
    });
    expect(
      await page.evaluate(() => document.querySelector('diia-accept-scanner')?.hasAttribute('camera')),
    ).toBe(true);
    await page.close();
  });

  it('measures the camera decode time per frame (worker and page thread)', async () => {
    const page = await open('/blank.html');
    // A string, so that Vitest leaves the dynamic import alone.
    const measure = (worker: boolean) => `(async () => {
      const { startCameraScanner } = await import('${ENTRY}');
      const times = [];
      let found = 0;
      let scanned;
      const video = document.createElement('video');
      document.body.append(video);
      const scanner = await startCameraScanner({
        video, ${worker ? '' : 'worker: false,'} decode: 'zxing', maxFps: 30,
        onScan: (scan) => { scanned = scan; },
        onFrame: ({ decodeMs, found: hit }) => { times.push(decodeMs); if (hit) found++; },
      });
      while (times.length < 40) await new Promise((r) => setTimeout(r, 50));
      const tracks = scanner.video.srcObject.getTracks();
      const controls = scanner.controls;
      const torch = await scanner.setTorch(true).then(() => 'on', (e) => e.code);
      const { width, height } = scanner.track.getSettings();
      scanner.stop();
      video.remove();
      times.sort((a, b) => a - b);
      return {
        decodedBy: scanner.decodedBy,
        engine: scanner.engine,
        frames: times.length,
        found,
        scannedKind: scanned?.scan.kind,
        medianMs: times[Math.floor(times.length / 2)],
        p95Ms: times[Math.floor(times.length * 0.95)],
        width,
        height,
        live: tracks.filter((t) => t.readyState === 'live').length,
        controls,
        torch,
      };
    })()`;
    const inWorker = (await page.evaluate(measure(true))) as Record<string, unknown>;
    const onPage = (await page.evaluate(measure(false))) as Record<string, unknown>;
    console.log('camera decode per frame (Chromium, fake camera):', { worker: inWorker, page: onPage });
    writeFileSync(
      artifactPath('camera-decode.json'),
      JSON.stringify({ worker: inWorker, page: onPage }, null, 2),
    );
    // The worker loads ZXing-C++ from the zxing_reader.wasm shipped next to it; the page's thread keeps
    // @zxing/library.
    expect(inWorker).toMatchObject({
      decodedBy: 'worker',
      engine: 'zxing-cpp',
      scannedKind: 'document-link',
    });
    expect(onPage).toMatchObject({ decodedBy: 'main', engine: 'zxing-js', scannedKind: 'document-link' });
    expect(inWorker.live).toBe(0);
    expect(onPage.live).toBe(0);
    expect(inWorker.found).toBeGreaterThan(30);
    // Chromium's fake camera has no light: asking for it is a clear refusal, not a silent no-op.
    expect(inWorker).toMatchObject({ controls: { torch: false }, torch: 'UNSUPPORTED_RUNTIME' });
  });

  it('on an insecure origin the camera says why it cannot start', async () => {
    // desk.example is not a secure context (plain HTTP, not localhost): no navigator.mediaDevices at all.
    const insecure = await launchChromium({ hostRules: `MAP desk.example 127.0.0.1` });
    try {
      const page = await insecure.newPage();
      await page.goto(`${server.url.replace('localhost', 'desk.example')}/blank.html`);
      // Module scripts and dynamic import work on plain HTTP; only the camera is refused.
      const code = await page.evaluate(`(async () => {
        const { startCameraScanner } = await import('${ENTRY}');
        return startCameraScanner({ onScan() {} }).then(() => 'started', (e) => e.code);
      })()`);
      expect(code).toBe('CAMERA_INSECURE_CONTEXT');
    } finally {
      await insecure.close();
    }
  });
});
