/**
 * The writing half of {@link parseMultipart}: builds a `multipart/form-data` body as the platform sends it.
 * The sandbox uses it to deliver copies and the tests use it as the parser's oracle.
 *
 * @module
 */
import { concatBytes } from '../bytes.js';
import { AcceptError } from '../errors.js';
import type { FormPart } from './multipart.js';

/** A part to encode: text or bytes, with an optional file name and content type. */
export interface FormPartInput {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly value: string | Uint8Array;
}

/** An encoded body and the `Content-Type` header that goes with it. */
export interface EncodedForm {
  /** ArrayBuffer-backed, so it can be passed to `fetch` as is. */
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

const encoder = new TextEncoder();

/**
 * Encodes parts as `multipart/form-data` (RFC 7578). The boundary is random unless given, and is checked
 * not to occur in any part. Names and file names are quoted with `"` and `\` escaped; CR and LF are refused.
 */
export function encodeMultipart(
  parts: readonly (FormPartInput | FormPart)[],
  options: { readonly boundary?: string } = {},
): EncodedForm {
  const values = parts.map((p) => ('bytes' in p ? p.bytes : toBytes(p.value)));
  const boundary = options.boundary ?? randomBoundary();
  const marker = encoder.encode(`--${boundary}`);
  for (const value of values) {
    if (contains(value, marker)) {
      if (options.boundary !== undefined) {
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'the boundary occurs in a part' });
      }
      return encodeMultipart(parts, options); // a fresh random boundary; a collision is vanishingly rare
    }
  }
  const chunks: Uint8Array[] = [];
  parts.forEach((part, i) => {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${quote(part.filename)}"`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${headerValue(part.contentType)}\r\n`;
    chunks.push(encoder.encode(`${head}\r\n`), values[i]!, encoder.encode('\r\n'));
  });
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: concatBytes(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

function quote(value: string): string {
  return headerValue(value).replace(/["\\]/g, '\\$&');
}

function headerValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new AcceptError('INVALID_ARGUMENT', { detail: 'CR or LF in a header' });
  return value;
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `diia-accept-${hex}`;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first); i !== -1 && i + needle.byteLength <= haystack.byteLength; ) {
    let j = 1;
    while (j < needle.byteLength && haystack[i + j] === needle[j]) j++;
    if (j === needle.byteLength) return true;
    i = haystack.indexOf(first, i + 1);
  }
  return false;
}
