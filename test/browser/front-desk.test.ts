// The front-desk example end to end: its server (a real child process, against the sandbox) and its page
// in Chromium with a fake camera playing a sandbox document's QR code.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannerKeystrokes } from '../../src/scanner/keystrokes.js';
import { artifactPath, chromiumAvailable, launchChromium, root } from './chromium.js';
import { writeQrY4m } from './y4m.js';

interface Shown {
  readonly link: string;
  readonly barcode: string;
}

let server: ChildProcess | undefined;
let url = '';
const work = mkdtempSync(join(tmpdir(), 'front-desk-'));

async function show(): Promise<Shown> {
  const response = await fetch(`${url}/api/sandbox/show`, { method: 'POST', body: '{"type":"passport"}' });
  return (await response.json()) as Shown;
}

async function openDesk(browser: Browser, lang = 'uk'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${url}/?lang=${lang}`);
  await page.waitForFunction(() => document.querySelector('.holder') !== null);
  return page;
}

describe.skipIf(!chromiumAvailable)('front desk in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/index.js')))
      throw new Error('build first (npx tsup): the server imports dist/');
    server = spawn(process.execPath, ['examples/front-desk/server.mjs'], {
      cwd: root,
      env: { ...process.env, PORT: '0', SANDBOX_CONSENT_AFTER: '1s' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    server.stdout!.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      server!.once('exit', (code) => reject(new Error(`front desk exited ${code}`)));
      server!.stdout!.on('data', (chunk: string) => {
        out += chunk;
        const m = /Front desk: (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          url = m[1];
          resolve();
        }
      });
    });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGINT');
      await once(server, 'exit');
    }
  });

  it('the camera reads a sandbox document and the page says valid', async () => {
    const shown = await show();
    const video = join(work, 'document.y4m');
    await writeQrY4m(video, shown.link);
    const browser = await launchChromium({ fakeVideo: video });
    try {
      const page = await openDesk(browser);
      await page.click('#camera');
      const card = page.locator('#result .card[data-status="valid"]');
      await card.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
        // Keep what the operator would have seen, so a failure here can be read afterwards.
        await page.screenshot({ path: artifactPath('front-desk-camera-failed.png') });
        const seen = await page.evaluate(() => ({
          result: document.querySelector('#result')?.textContent?.trim(),
          camera: document.querySelector('#camera-status')?.textContent?.trim(),
        }));
        throw new Error(`no valid card: ${JSON.stringify(seen)}`, { cause: error });
      });
      expect(await card.textContent()).toContain('Дійсний');
      expect(await page.locator('#camera-status').textContent()).toContain('Камера працює');
      await page.screenshot({ path: artifactPath('front-desk-camera-valid.png') });
      // Held under the camera, the code is not checked again (it would now be "used").
      await page.waitForTimeout(1500);
      expect(await page.locator('#result .card').getAttribute('data-status')).toBe('valid');
      await page.click('#camera');
      // stop() released the camera: no live video track is left.
      const live = await page.evaluate(
        () =>
          ((document.querySelector('#preview') as HTMLVideoElement).srcObject as MediaStream | null)
            ?.getTracks()
            .filter((t) => t.readyState === 'live').length ?? 0,
      );
      expect(live).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('a keyboard-wedge scan on a Ukrainian layout is decoded by key position', async () => {
    const shown = await show();
    const browser = await launchChromium();
    try {
      const page = await openDesk(browser, 'en');
      const events = scannerKeystrokes(shown.link, { deskLayout: 'ua' });
      // The desk really reports Cyrillic keys: the scanner's "h" (KeyH) arrives as "р".
      expect(events.find((e) => e.code === 'KeyH')?.key).toBe('р');
      await typeAtScannerSpeed(page, events);
      await page.locator('#result .card').waitFor({ timeout: 15_000 });
      const card = page.locator('#result .card');
      expect(await card.getAttribute('data-status'), (await card.textContent()) ?? '').toBe('valid');
      expect(await card.textContent()).toContain('Valid');
      await page.screenshot({ path: artifactPath('front-desk-wedge-valid.png') });

      // The same code again (typed into the field this time): not valid, and the card says why.
      await page.fill('#code-input', shown.link);
      await page.press('#code-input', 'Enter');
      const used = page.locator('#result .card[data-status="invalid"]');
      await used.waitFor({ timeout: 15_000 });
      expect(await used.textContent()).toContain('This code has been used already');
      expect(await used.textContent()).toContain('PLATFORM_CODE_USED');
    } finally {
      await browser.close();
    }
  });

  it('a denied camera permission shows the operator why', async () => {
    const browser = await launchChromium({ fakeVideo: join(work, 'document.y4m'), allowCamera: false });
    try {
      const page = await openDesk(browser);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Browser.setPermission', {
        origin: new URL(url).origin,
        permission: { name: 'camera' },
        setting: 'denied',
      });
      await page.click('#camera');
      const status = page.locator('#camera-status[data-code="CAMERA_PERMISSION_DENIED"]');
      await status.waitFor({ timeout: 15_000 });
      expect(await status.textContent()).toBe(
        'Доступ до камери заборонено. Дозвольте його в налаштуваннях браузера.',
      );
      await page.click('#lang');
      await page.click('#camera');
      await page.locator('#camera-status', { hasText: 'Access to the camera was denied' }).waitFor();
      await page.screenshot({ path: artifactPath('front-desk-camera-denied.png') });
    } finally {
      await browser.close();
    }
  });

  it('a copy request completes in the page: consent, receipt, verified copy', async () => {
    const shown = await show();
    const browser = await launchChromium();
    try {
      const page = await openDesk(browser);
      await page.click('#show'); // the sandbox holder's panel, for the screenshot
      await page.check('input[value="copy"]');
      await page.fill('#code-input', shown.barcode);
      await page.press('#code-input', 'Enter');
      await page.locator('#result .card[data-status="awaiting-consent"]').waitFor({ timeout: 10_000 });
      const done = page.locator('#result .card[data-status="delivered"]');
      await done.waitFor({ timeout: 30_000 });
      const text = (await done.textContent()) ?? '';
      expect(text).toContain('Підпис перевірено');
      expect(text).toContain('Перевірену копію збережено');
      expect(text).toMatch(/[0-9a-f]{64}/);
      const href = await done.locator('a').getAttribute('href');
      const pdf = await page.evaluate(async (h) => {
        const r = await fetch(h!);
        return {
          type: r.headers.get('content-type'),
          head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)),
        };
      }, href);
      expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
      await page.screenshot({ path: artifactPath('front-desk-copy.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

/**
 * Key events dispatched in the page, stamped 3 ms apart as a scanner types them. The stamps are set rather
 * than waited for: on a loaded two-core machine the page's thread can stall for longer than the pause
 * that ends a scan, in a page as much as through the DevTools protocol (keyboard.test.ts types trusted
 * keys with wider limits).
 */
async function typeAtScannerSpeed(page: Page, events: ReturnType<typeof scannerKeystrokes>) {
  const keys = events
    .filter((e) => e.type !== 'keyup')
    .map((e) => ({ key: e.key, code: e.code, shiftKey: e.shiftKey === true, altKey: e.altKey === true }));
  await page.evaluate((list) => {
    const start = performance.now();
    list.forEach((init, i) => {
      const event = new KeyboardEvent('keydown', {
        ...init,
        bubbles: true,
        cancelable: true,
        composed: true,
      });
      Object.defineProperty(event, 'timeStamp', { value: start + i * 3 });
      (document.activeElement ?? document.body).dispatchEvent(event);
    });
  }, keys);
}
