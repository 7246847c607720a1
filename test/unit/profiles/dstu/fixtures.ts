import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../fixtures/diia-sdk-js/', import.meta.url));

/** Reads a fixture file as bytes. */
export const fixture = (path: string): Uint8Array => new Uint8Array(readFileSync(root + path));

/** Hex to bytes. */
export const unhex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);

/** Bytes to hex. */
export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
