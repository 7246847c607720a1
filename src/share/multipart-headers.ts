/**
 * The header side of multipart parsing: a part's header block (RFC 7578 §4.2 `Content-Disposition`,
 * §4.4 `Content-Type`), header parameters with quoted strings, and the byte searches the parser shares.
 *
 * @module
 */
import { AcceptError } from '../errors.js';

/** What a part's header block says: its name, file name and type. */
export interface PartHeaders {
  /** The `name` of its `Content-Disposition`. */
  readonly name: string;
  /** The `filename` of its `Content-Disposition`, if any. */
  readonly filename?: string;
  /** Its `Content-Type`, if any (RFC 7578 §4.4 defaults it to `text/plain`; we do not invent it). */
  readonly contentType?: string;
}

const CRLF = new Uint8Array([13, 10]);
const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const malformed = (detail: string) => new AcceptError('WEBHOOK_MULTIPART_MALFORMED', { detail });

/** @internal Reads a part's header block (without the blank line) into its name, file name and type. */
export function parsePartHeaders(block: Uint8Array): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const raw of splitLines(block)) {
    // Header values are ASCII, but RFC 7578 §4.2 lets file names be raw UTF-8.
    let line: string;
    try {
      line = utf8.decode(raw);
    } catch {
      line = latin1(raw);
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /^\s/.test(line)) throw malformed('a part header line is not "name: value"');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (disposition !== undefined) throw malformed('two Content-Disposition headers');
      disposition = value;
    } else if (key === 'content-type') {
      contentType = value;
    }
  }
  if (disposition === undefined) throw malformed('a part has no Content-Disposition');
  const [type, ...params] = splitParams(disposition);
  // `multipart/mixed` bodies (which the platform may also send) name their parts with `attachment` or
  // `inline`; the name is still what matters.
  if (!['form-data', 'attachment', 'inline'].includes(type.toLowerCase()))
    throw malformed('a part is not form-data');
  let name: string | undefined;
  let filename: string | undefined;
  for (const [key, value] of params) {
    if (key === 'name') name = value;
    else if (key === 'filename') filename = value;
    else if (key === 'filename*' && filename === undefined) filename = decodeExtValue(value);
  }
  if (name === undefined || name.length === 0) throw malformed('a part has no name');
  return {
    name,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}

function splitLines(block: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (;;) {
    const at = indexOf(block, CRLF, start);
    if (at === -1) break;
    lines.push(block.subarray(start, at));
    start = at + 2;
  }
  lines.push(block.subarray(start));
  return lines;
}

/** @internal Splits `type; key=value; key="quoted \\" value"` into the type and its (lower-cased) parameters. */
export function splitParams(header: string): [string, ...[string, string][]] {
  const semi = header.indexOf(';');
  const type = (semi === -1 ? header : header.slice(0, semi)).trim();
  const params: [string, string][] = [];
  let rest = semi === -1 ? '' : header.slice(semi);
  while (rest.length > 0) {
    const match = /^;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;"]*)\s*/.exec(rest);
    if (!match) {
      if (/^;?\s*$/.test(rest)) break;
      throw malformed('a header parameter is malformed');
    }
    const raw = match[2]!;
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw.trim();
    params.push([match[1]!.toLowerCase(), value]);
    rest = rest.slice(match[0].length);
  }
  return [type, ...params];
}

/** RFC 8187 `charset'lang'percent-encoded`; only UTF-8 is accepted. */
function decodeExtValue(value: string): string {
  const match = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!match) throw malformed('filename* is not UTF-8');
  try {
    return decodeURIComponent(match[1]!);
  } catch (cause) {
    throw new AcceptError('WEBHOOK_MULTIPART_MALFORMED', { cause, detail: 'filename* is malformed' });
  }
}

/** @internal The first index of `needle` in `haystack` at or after `from`, or -1. */
export function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = haystack.byteLength - needle.byteLength;
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    if (startsWith(haystack, needle, i)) return i;
  }
  return -1;
}

/** @internal Whether `needle` occurs in `haystack` at `at`. */
export function startsWith(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.byteLength > haystack.byteLength) return false;
  for (let j = 0; j < needle.byteLength; j++) if (haystack[at + j] !== needle[j]) return false;
  return true;
}
