// The DOM keyboard adapter in Chromium with real (trusted) key events: scanner bursts are read anywhere
// on the page, the operator's own typing in a field is left alone, and the scanner's Enter submits no form.
// The pause limits are widened so that a busy test machine cannot make the scanner look like a person; the
// person here types ten times slower still.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { type StaticServer, serveDist } from './static-server.js';

const PAGE = `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>wedge</title></head>
<body>
  <form id="form" action="/submitted"><input id="field" name="q"><button>Go</button></form>
  <script type="module">
    window.scans = [];
    window.submits = 0;
    document.querySelector('#form').addEventListener('submit', (e) => { e.preventDefault(); window.submits++; });
    const { attachKeyboardScanner } = await import('/dist/scanner/browser/standalone.js');
    window.attach = (inFields) => {
      window.keyboard?.detach();
      window.keyboard = attachKeyboardScanner({ inFields, maxGapMs: 250, maxAverageGapMs: 150, onScan: (s) => window.scans.push({ text: s.text, kind: s.scan.kind, endedBy: s.endedBy }) });
    };
    window.attach('ignore');
    window.ready = true;
  </script>
</body></html>`;

let server: StaticServer;
let browser: Browser;
let page: Page;

const state = () =>
  page.evaluate(() => {
    const w = window as unknown as { scans: unknown[]; submits: number };
    return {
      scans: w.scans,
      submits: w.submits,
      field: (document.querySelector('#field') as HTMLInputElement).value,
    };
  });
const reset = () =>
  page.evaluate(() => {
    const w = window as unknown as { scans: unknown[]; submits: number };
    w.scans = [];
    w.submits = 0;
    (document.querySelector('#field') as HTMLInputElement).value = '';
  });

describe.skipIf(!chromiumAvailable)('attachKeyboardScanner in Chromium', () => {
  beforeAll(async () => {
    server = await serveDist({ '/wedge.html': PAGE });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.url}/wedge.html`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads a scan typed at scanner speed on the page, and its Enter goes nowhere', async () => {
    await reset();
    await page.locator('body').click();
    await page.keyboard.type('2858364170864', { delay: 3 });
    await page.keyboard.press('Enter');
    expect(await state()).toEqual({
      scans: [{ text: '2858364170864', kind: 'barcode', endedBy: 'Enter' }],
      submits: 0,
      field: '',
    });
  });

  it('leaves a focused field alone by default: the keys land in it and Enter submits as usual', async () => {
    await reset();
    await page.focus('#field');
    await page.keyboard.type('2858364170864', { delay: 3 });
    await page.keyboard.press('Enter');
    expect(await state()).toEqual({ scans: [], submits: 1, field: '2858364170864' });
  });

  it('does not take a person typing slowly for a scanner', async () => {
    await reset();
    await page.locator('body').click();
    await page.keyboard.type('2858364170864', { delay: 400 });
    await page.keyboard.press('Enter');
    expect((await state()).scans).toEqual([]);
  });

  it("with inFields 'capture', takes a scan out of the focused field and stops its Enter submitting", async () => {
    await reset();
    await page.evaluate(() => (window as unknown as { attach(m: string): void }).attach('capture'));
    await page.fill('#field', 'note: ');
    await page.focus('#field');
    await page.waitForTimeout(300); // a pause, so that the scan starts a burst of its own
    await page.keyboard.type('2858364170864', { delay: 3 });
    await page.keyboard.press('Enter');
    expect(await state()).toEqual({
      scans: [{ text: '2858364170864', kind: 'barcode', endedBy: 'Enter' }],
      submits: 0,
      field: 'note: ',
    });
    await page.evaluate(() => (window as unknown as { attach(m: string): void }).attach('ignore'));
  });
});
