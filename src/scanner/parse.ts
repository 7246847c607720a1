/**
 * What a scan says: a document link, a signed document code, an EAN-13 barcode, an app deeplink, or
 * nothing the SDK accepts (with the reason). Strict where it protects the partner (length, control and
 * invisible characters, non-HTTPS, hosts outside the allow-list, look-alike hosts, bad UUIDs, wrong check
 * digits, a signed code that does not decode); tolerant where scanners differ (surrounding whitespace,
 * trailing CR/LF/Tab, an AIM symbology identifier such as `]Q1`, upper-case hosts). A signed code is only
 * decoded here: its claims are checked by the verifier.
 *
 * Two ways to call it: {@link parseScan} never throws for any input and returns `kind: 'unknown'` with the
 * error; {@link parseDocumentCode} throws that {@link AcceptError} and returns only document codes.
 *
 * @module
 */
import { AcceptError, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { decodeDocumentToken } from './document-token.js';
import { assertEan13 } from './ean13.js';
import { looksLikeUrl, PLATFORM_HOST, readPlatformLink } from './links.js';
import type { AppDeeplink, DocumentCode, ParsedScan, ScanCommon, UnrecognisedScan } from './scans.js';

/**
 * Options of {@link parseScan}.
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * parseScan(text, { allowedHosts: ['diia.app', 'test.diia.example:8443'] });
 * ```
 */
export interface ScanOptions {
  /** Hosts whose links are accepted: lower-case `host` or `host:port`, compared exactly. Default `['diia.app']`. */
  readonly allowedHosts?: readonly string[];
  /** The longest accepted scan in characters, after trimming. Default 4096 (the limit of a signed code). */
  readonly maxLength?: number;
}

/**
 * The default host allow-list: the platform's own host only.
 *
 * @example
 * ```ts
 * import { DEFAULT_ALLOWED_HOSTS, parseScan } from 'diia-accept/scanner';
 * parseScan(text, { allowedHosts: [...DEFAULT_ALLOWED_HOSTS, 'test.diia.example'] });
 * ```
 */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = Object.freeze([PLATFORM_HOST]);

// One shared default, so calls without options hit the cache of resolved options (`resolveOptions`).
const NO_OPTIONS: ScanOptions = Object.freeze({});
const DIGITS = /^[0-9]+$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
// ISO/IEC 15424: `]`, a symbology letter, a modifier character.
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
// C0, DEL, C1, and the invisible format characters that make a link read differently than it routes
// (soft hyphen, zero-width, bidirectional overrides and isolates, BOM, interlinear annotations).
const CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const HOST_ENTRY = /^[a-z0-9.-]+(?::[0-9]{1,5})?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
// Whitespace a scanner or a wedge adds around the data is allowed for, but not unlimited amounts of it.
const WHITESPACE_ALLOWANCE = 64;

/**
 * Classifies what a scanner, camera or wedge produced. Never throws for any `input`: a rejection comes
 * back as `kind: 'unknown'` with its `SCAN_*` code. Bytes are read as strict UTF-8.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` only for invalid `options`.
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * parseScan('2858364170864\r\n'); // { kind: 'barcode', barcode: '2858364170864', … }
 * parseScan('https://diia.app.evil.example/documents/passport/1/verify/…').kind; // 'unknown'
 * ```
 */
export function parseScan(input: string | Uint8Array, options: ScanOptions = NO_OPTIONS): ParsedScan {
  const { allowedHosts, maxLength } = resolveOptions(options);
  let symbology: string | undefined;
  try {
    let text = toText(input, maxLength);
    text = text.trim();
    const prefix = AIM_PREFIX.exec(text);
    if (prefix) {
      symbology = prefix[0];
      text = text.slice(3);
    }
    return { ...classify(text, allowedHosts, maxLength), symbology };
  } catch (error) {
    const rejection = isAcceptError(error)
      ? error
      : new AcceptError('SCAN_UNRECOGNISED', { detail: 'unexpected failure', cause: error });
    return { kind: 'unknown', reason: rejection.code, error: rejection, symbology };
  }
}

/**
 * Like {@link parseScan}, but returns only a {@link DocumentCode} and throws the rejection otherwise (an
 * app deeplink is not a document code: `SCAN_UNRECOGNISED`).
 *
 * @throws {AcceptError} the `SCAN_*` code of the rejection, or `INVALID_ARGUMENT` for invalid `options`.
 * @example
 * ```ts
 * import { parseDocumentCode } from 'diia-accept/scanner';
 * const code = parseDocumentCode(']E02858364170864'); // { kind: 'barcode', … }
 * ```
 */
export function parseDocumentCode(input: string | Uint8Array, options?: ScanOptions): DocumentCode {
  const scan = parseScan(input, options);
  if (scan.kind === 'unknown') throw scan.error;
  if (scan.kind === 'deeplink') {
    throw new AcceptError('SCAN_UNRECOGNISED', { detail: 'an app link, not a document code' });
  }
  return scan;
}

/**
 * The text a scanner would produce for a scan (its canonical form, without symbology prefix):
 * `parseScan(printScan(scan))` gives the same scan back.
 *
 * @example
 * ```ts
 * import { parseScan, printScan } from 'diia-accept/scanner';
 * printScan(parseScan(' ]E02858364170864\r\n') as never); // '2858364170864'
 * ```
 */
export function printScan(scan: DocumentCode | AppDeeplink): string {
  switch (scan.kind) {
    case 'barcode':
      return scan.barcode;
    case 'document-token':
      return scan.token;
    default:
      return scan.url;
  }
}

/**
 * Checks scan options when a decoder is made, so a bad one fails there (`INVALID_ARGUMENT` naming the key)
 * and not at the first scan.
 *
 * @internal
 */
export function checkScanOptions(options: ScanOptions | undefined): void {
  if (options !== undefined) resolveOptions(options);
}

function toText(input: string | Uint8Array, maxLength: number): string {
  const limit = maxLength + WHITESPACE_ALLOWANCE;
  if (typeof input === 'string') {
    if (input.length > limit) throw new AcceptError('SCAN_TOO_LONG');
    if (LONE_SURROGATE.test(input)) throw new AcceptError('SCAN_INVALID_ENCODING');
    return input;
  }
  if (!(input instanceof Uint8Array)) {
    throw new AcceptError('SCAN_INVALID_ENCODING', { detail: 'expected a string or a Uint8Array' });
  }
  // A UTF-8 character is at most 4 bytes: anything longer cannot be within the limit.
  if (input.length > limit * 4) throw new AcceptError('SCAN_TOO_LONG');
  try {
    return UTF8.decode(input);
  } catch (cause) {
    throw new AcceptError('SCAN_INVALID_ENCODING', { cause });
  }
}

type Classified =
  Exclude<ParsedScan, UnrecognisedScan> extends infer S
    ? S extends ScanCommon
      ? Omit<S, 'symbology'>
      : never
    : never;

function classify(text: string, allowedHosts: ReadonlySet<string>, maxLength: number): Classified {
  if (text === '') throw new AcceptError('SCAN_EMPTY');
  if (text.length > maxLength) throw new AcceptError('SCAN_TOO_LONG');
  if (CONTROL.test(text)) throw new AcceptError('SCAN_CONTROL_CHARACTER');
  if (DIGITS.test(text)) {
    if (text.length !== 13) throw new AcceptError('SCAN_BARCODE_MALFORMED');
    const barcode = assertEan13(text);
    return { kind: 'barcode', barcode, singleUseId: barcode };
  }
  if (COMPACT_JWS.test(text)) {
    const { header, claims } = decodeDocumentToken(text);
    return { kind: 'document-token', token: text, header, claims, singleUseId: undefined };
  }
  if (looksLikeUrl(text)) {
    const link = readPlatformLink(text, allowedHosts);
    return link.kind === 'document-link' ? { ...link, singleUseId: link.otp } : link;
  }
  throw new AcceptError('SCAN_UNRECOGNISED');
}

const resolved = new WeakMap<ScanOptions, { allowedHosts: ReadonlySet<string>; maxLength: number }>();

function resolveOptions(options: ScanOptions): { allowedHosts: ReadonlySet<string>; maxLength: number } {
  const cached = resolved.get(options);
  if (cached) return cached;
  refuseUnknownOptions(
    options,
    optionKeys<ScanOptions>({ allowedHosts: true, maxLength: true }),
    'parseScan',
  );
  const hosts = options.allowedHosts ?? DEFAULT_ALLOWED_HOSTS;
  if (!Array.isArray(hosts) || !hosts.every((host) => typeof host === 'string' && HOST_ENTRY.test(host))) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'allowedHosts: lower-case ASCII host or host:port entries',
    });
  }
  const maxLength = options.maxLength ?? 4096;
  if (!Number.isInteger(maxLength) || maxLength < 13 || maxLength > 65_536) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxLength: an integer from 13 to 65536' });
  }
  const result = {
    allowedHosts: new Set(hosts.map((host) => host.replace(/:443$/, ''))),
    maxLength,
  };
  resolved.set(options, result);
  return result;
}
