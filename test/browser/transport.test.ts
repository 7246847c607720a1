// The transport in a Chromium page (playwright-core), over the browser's own fetch, against a loopback server
// that answers like the platform. The page is served by that server, so the calls are same-origin.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerExercise, EXERCISE_RESULT } from '../integration/transport-exercise-platform.js';
import { ACQUIRER_TOKEN, type FakePlatform, startFakePlatform } from '../unit/transport/fake-platform.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { bundleForBrowser } from './static-server.js';

let platform: FakePlatform;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable) return; // skipped loudly by ./chromium.js
  const bundle = await bundleForBrowser(join(import.meta.dirname, 'transport.entry.ts'), 'iife');
  platform = await startFakePlatform();
  platform.on('GET', '/transport.js', () => ({
    raw: bundle,
    headers: { 'content-type': 'text/javascript' },
  }));
  platform.on('GET', '/', () => ({
    raw: '<!doctype html><script src="/transport.js"></script>',
    headers: { 'content-type': 'text/html' },
  }));
  answerExercise(platform);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe.skipIf(!chromiumAvailable)('diiaTransport in Chromium', () => {
  it('logs in once, maps codes, times out and aborts as on Node', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.url}/`);
    const result = await page.evaluate(
      ([token]) =>
        (
          globalThis as unknown as { exerciseTransport: (u: string, t: string) => Promise<unknown> }
        ).exerciseTransport(location.origin, token!),
      [ACQUIRER_TOKEN],
    );
    expect(result).toEqual(EXERCISE_RESULT);
    expect(platform.logins()).toHaveLength(1);
    await page.close();
  });
});
