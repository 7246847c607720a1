// The front-desk example end to end: its server (a real child process started as `npm run demo:web` starts
// it, against the sandbox) and its page
// in Chromium with a fake camera playing a sandbox document's QR code.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
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

/**
 * Where a screenshot goes: test-artifacts/ always; with UPDATE_SCREENSHOTS=1 also docs/images/, the copies
 * the README shows (`UPDATE_SCREENSHOTS=1 npx vitest run test/browser/front-desk.test.ts`).
 */
async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: artifactPath(name), fullPage });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await page.screenshot({ path: join(root, 'docs/images', name), fullPage });
  }
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
    // Started as `npm run demo:web` starts it: scripts/demo.mjs compiles the SDK entries the server imports.
    server = spawn(process.execPath, ['scripts/demo.mjs', 'front-desk'], {
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
      expect(await card.textContent()).toContain('ДІЙСНИЙ');
      expect(await card.textContent()).toContain('Що далі: документ справжній і чинний');
      expect(await card.textContent()).toContain('паспорт');
      expect(await page.locator('#camera-status').textContent()).toContain('Камера працює');
      // The worker reads with ZXing-C++, its .wasm served by the desk from the installed package.
      expect(await page.locator('#camera-status').getAttribute('data-engine')).toBe('zxing-cpp');
      // Today's list has the check, with its outcome and no code or link of the holder.
      await page.locator('#journal td.outcome[data-outcome="valid"]').first().waitFor({ timeout: 10_000 });
      await screenshot(page, 'front-desk-valid.png');
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
      expect(await card.textContent()).toContain('VALID');
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
      // The receipt reads as sentences of the glossary, not as the SDK's identifiers.
      expect(text).toContain('Згоду надано');
      expect(text).toMatch(/Пройдені перевірки.*розшифровано, підпис дійсний/);
      expect(text).toMatch(/Розмір\d+ байт(и|ів)?/);
      expect(text).not.toMatch(/signature-valid|trace-id-matches/);
      // The copy is shown in the page: a preview frame of the PDF the server serves.
      const frame = done.locator('iframe.preview');
      expect(await frame.getAttribute('src')).toMatch(/^\/api\/copies\/[0-9a-f-]{36}\/copy$/);
      const receipt = await page.evaluate(
        async (h) => {
          const r = await fetch(h!);
          return { type: r.headers.get('content-type'), body: await r.json() };
        },
        await done.locator('a[download]').getAttribute('href'),
      );
      expect(receipt.type).toMatch(/^application\/json/);
      expect(receipt.body.copies[0].checks).toContain('signature-valid');
      const href = await done.locator('a[target="_blank"]').getAttribute('href');
      const pdf = await page.evaluate(async (h) => {
        const r = await fetch(h!);
        return {
          type: r.headers.get('content-type'),
          head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)),
        };
      }, href);
      expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
      await page
        .locator('#journal td.outcome[data-outcome="delivered"]')
        .first()
        .waitFor({ timeout: 10_000 });
      const journal = await page.evaluate(() => fetch('/api/journal').then((r) => r.text()));
      expect(journal).not.toContain(shown.barcode);
      expect(journal).toContain('"outcome":"delivered"');
      await screenshot(page, 'front-desk-copy.png', true);
    } finally {
      await browser.close();
    }
  });

  it('signing the application: a QR code for Diia, then who signed and when, verified; the day list names no one', async () => {
    const browser = await launchChromium();
    try {
      const page = await openDesk(browser);
      // Whether the QR code for Diia was on screen while waiting (the sandbox's app may sign quickly).
      await page.evaluate(() => {
        const seen = { qr: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => {
          if (
            document.querySelector(
              '#result .card[data-status="awaiting-signature"] .sign-qr img[src^="data:image/png"]',
            )
          )
            seen.qr = true;
        }).observe(document.querySelector('#result')!, { childList: true, subtree: true });
      });
      await page.click('#sign-application'); // shown once the server says signing is on (the sandbox's Diia ID)
      const done = page.locator('#result .card[data-status="signed"]');
      await done.waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { seen: { qr: boolean } }).seen.qr)).toBe(true);
      const text = (await done.textContent()) ?? '';
      expect(text).toContain('Підпис перевірено');
      expect(text).toMatch(/Файлapplication-\d{4}-\d\d-\d\d\.txt/);
      expect(text).toMatch(/Підписувач[А-ЯІЇЄҐ][а-яіїєґ’']+ [А-ЯІЇЄҐ]/);
      const taxId = /РНОКПП(\d{10})/.exec(text)?.[1];
      expect(taxId, text).toBeDefined();
      expect(text).toMatch(/Підписано\d/);
      expect(text).toContain('CAdES-BES');
      // The signature downloads as the CMS the app made (DER: a SEQUENCE).
      const p7s = await page.evaluate(
        async (h) => {
          const r = await fetch(h!);
          return { type: r.headers.get('content-type'), first: new Uint8Array(await r.arrayBuffer())[0] };
        },
        await done.locator('a.p7s').getAttribute('href'),
      );
      expect(p7s).toEqual({ type: 'application/pkcs7-signature', first: 0x30 });
      await page.locator('#journal td.outcome[data-outcome="signed"]').first().waitFor({ timeout: 10_000 });
      const journal = await page.evaluate(() => fetch('/api/journal').then((r) => r.text()));
      expect(journal).toContain('"kind":"sign"');
      expect(journal).not.toContain(taxId);
      await screenshot(page, 'front-desk-sign.png', true);
    } finally {
      await browser.close();
    }
  });

  it('a signature over another file’s hash is refused in the page with its code, and no one is named', async () => {
    const browser = await launchChromium();
    try {
      const page = await openDesk(browser);
      // The practice panel plays a faulty app; the server has it before the request is made.
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/sandbox/signing-fault') && r.ok()),
        page.selectOption('#signing-fault', 'other-file'),
      ]);
      await page.click('#sign-application');
      const refused = page.locator('#result .card[data-status="failed"]');
      await refused.waitFor({ timeout: 30_000 });
      const text = (await refused.textContent()) ?? '';
      expect(text).toContain('Заяву не підписано');
      expect(text).toContain('SIGNATURE_DIGEST_MISMATCH');
      expect(text).toContain('Що далі: заяву не підписано');
      expect(text).not.toMatch(/РНОКПП|Підписувач/);
      await page.locator('#journal td.outcome[data-outcome="failed"]').first().waitFor({ timeout: 10_000 });
    } finally {
      await fetch(`${url}/api/sandbox/signing-fault`, { method: 'POST', body: '{"fault":"none"}' });
      await browser.close();
    }
  });

  it('a declined copy request: a large refusal with what to do next, in the list of the day', async () => {
    const shown = await show();
    const browser = await launchChromium();
    try {
      await fetch(`${url}/api/sandbox/next-answer`, { method: 'POST', body: '{"answer":"decline"}' });
      const page = await openDesk(browser);
      // The empty camera picker stays hidden until a camera runs (`hidden` wins over `.row`).
      expect(await page.locator('.camera-controls').isVisible()).toBe(false);
      await page.keyboard.press('F3'); // copy mode
      expect(await page.locator('input[value="copy"]').isChecked()).toBe(true);
      await page.keyboard.press('F6'); // to the code field
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('code-input');
      await page.keyboard.type(shown.barcode);
      await page.keyboard.press('Enter');
      const refused = page.locator('#result .card[data-status="failed"]');
      await refused.waitFor({ timeout: 30_000 });
      const text = (await refused.textContent()) ?? '';
      expect(text).toContain('Власник відмовив');
      expect(text).toContain('SHARE_DECLINED');
      expect(text).toContain('Що далі: копії не буде');
      await page.locator('#journal td.outcome[data-outcome="failed"]').first().waitFor({ timeout: 10_000 });
      await screenshot(page, 'front-desk-refusal.png');
      await page.keyboard.press('Escape');
      expect(await page.locator('#result .card').count()).toBe(0);
    } finally {
      await fetch(`${url}/api/sandbox/next-answer`, { method: 'POST', body: '{"answer":"approve"}' });
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
