// <diia-accept-scanner> inside a React 19 app and a Vue 3 app, each bundled with esbuild from the SDK
// source and run in Chromium: the framework passes props and listens for `scan`, a keyboard-wedge scan
// lands in the framework's state, and the element's styles stay inside its shadow root.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { bundleForBrowser, type StaticServer, serveDist } from './static-server.js';

const BARCODE = '2858364170864';
const FRAMEWORKS = ['react', 'vue'] as const;
type Framework = (typeof FRAMEWORKS)[number];

const page = (framework: Framework) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${framework}</title></head>
<body><div id="app"></div><script type="module" src="/${framework}.js"></script></body></html>`;

/** A scanner's keys, stamped 3 ms apart (waiting for real pauses is at the mercy of a busy machine). */
function typeScan(target: Page, text: string): Promise<void> {
  return target.evaluate((keys) => {
    const start = performance.now();
    [...keys, 'Enter'].forEach((key, i) => {
      const code = key === 'Enter' ? 'Enter' : `Digit${key}`;
      const event = new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true });
      Object.defineProperty(event, 'timeStamp', { value: start + i * 3 });
      document.body.dispatchEvent(event);
    });
  }, text);
}

let browser: Browser;
let server: StaticServer;
const pageErrors: string[] = [];

describe.skipIf(!chromiumAvailable)('<diia-accept-scanner> in framework pages (Chromium)', () => {
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const framework of FRAMEWORKS) {
      files[`/${framework}.html`] = page(framework);
      files[`/${framework}.js`] = await bundleForBrowser(
        join(import.meta.dirname, 'frameworks', `${framework}-app.ts`),
        'esm',
        { 'process.env.NODE_ENV': '"production"' },
      );
    }
    server = await serveDist(files);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(FRAMEWORKS)(
    '%s: props reach the element and a keyboard scan reaches the app state',
    async (framework) => {
      const tab = await browser.newPage();
      tab.on('pageerror', (error) => pageErrors.push(`${framework}: ${error.message}`));
      try {
        await tab.goto(`${server.url}/${framework}.html`);
        await tab.waitForFunction(() => document.querySelector('diia-accept-scanner')?.shadowRoot !== null);

        const element = await tab.evaluate(() => {
          const scanner = document.querySelector('diia-accept-scanner') as HTMLElement & {
            camera: boolean;
            keyboard: boolean;
            scanOptions: unknown;
          };
          return {
            upgraded: customElements.get('diia-accept-scanner') === scanner.constructor,
            camera: scanner.camera,
            cameraAttribute: scanner.getAttribute('camera'),
            keyboard: scanner.keyboard,
            scanOptions: scanner.scanOptions,
            // An object prop went to the property, not to a stringified attribute.
            attributes: scanner.getAttributeNames().sort(),
          };
        });
        expect(element).toEqual({
          upgraded: true,
          camera: false,
          cameraAttribute: null,
          keyboard: true,
          scanOptions: { allowedHosts: ['diia.app', 'desk.example'], maxLength: 512 },
          attributes: ['keyboard', 'lang'],
        });

        await typeScan(tab, BARCODE);
        await tab.waitForFunction(() => document.getElementById('last-scan')?.textContent !== '');
        const shown = await tab.evaluate(() => {
          const output = document.getElementById('last-scan')!;
          return { text: output.textContent, kind: output.dataset.kind };
        });
        expect(shown).toEqual({ text: BARCODE, kind: 'barcode' });

        // The element's look lives in its shadow root: nothing added to the page's style sheets.
        const styles = await tab.evaluate(() => ({
          pageSheets: document.styleSheets.length,
          pageStyleElements: document.querySelectorAll('style, link[rel="stylesheet"]').length,
          shadowStyleElements:
            document.querySelector('diia-accept-scanner')?.shadowRoot?.querySelectorAll('style').length ?? 0,
        }));
        expect(styles).toEqual({ pageSheets: 0, pageStyleElements: 0, shadowStyleElements: 1 });

        expect(await tab.evaluate(() => document.getElementById('errors')?.textContent)).toBe('');
        expect(pageErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    },
  );
});
