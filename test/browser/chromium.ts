// Debian's Chromium through playwright-core, with the arguments that work on this kind of machine. When
// Chromium is missing, the browser tests fail in CI and are skipped (loudly) elsewhere.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts');

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist`);
  console.warn(`\n⚠ SKIPPING browser tests: Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)\n`);
}

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** A Y4M file the fake camera plays. */
  readonly fakeVideo?: string;
  /** Answer the camera prompt with "allow" (default true when there is a fake video). */
  readonly allowCamera?: boolean;
  /** Host resolver rules, to reach loopback under another name (`MAP desk.example 127.0.0.1`). */
  readonly hostRules?: string;
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const args = [...BASE_ARGS];
  if (options.fakeVideo) {
    args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeVideo}`);
    if (options.allowCamera !== false) args.push('--use-fake-ui-for-media-stream');
  }
  if (options.hostRules) args.push(`--host-resolver-rules=${options.hostRules}`);
  return chromium.launch({ executablePath: CHROMIUM, args, headless: true });
}

export function artifactPath(name: string): string {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, name);
}
