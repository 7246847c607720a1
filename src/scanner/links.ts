/**
 * The platform's links, read strictly. The URL is taken apart by hand rather than by `new URL()`:
 * WHATWG URL parsing repairs exactly the tricks an attacker uses (it turns `\` into `/`, drops user-info
 * from view, maps Unicode hosts to punycode), so a link that only looks right would pass.
 *
 * @module
 */
import { type DocumentType, isDocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import { isUuid } from '../uuid.js';
import type { AppDeeplink, DocumentLink, ScanCommon } from './scans.js';

/** What a link on an allowed host turned out to be: the scan, before the parts every scan has. @internal */
export type PlatformLink =
  | Omit<DocumentLink, keyof ScanCommon | 'singleUseId'>
  | Omit<AppDeeplink, keyof ScanCommon>;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const HOST_PORT = /^([^:]*)(?::([0-9]{1,5}))?$/;
const ASCII_HOST = /^[a-z0-9.-]+$/;
const PUNYCODE_LABEL = /(?:^|\.)xn--/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]{1,128}$/;
const QUERY_OR_FRAGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
/** A deeplink's one-time id: a UUID, or (as in the official SDKs' test stubs) a short token such as `123`. */
const DEEPLINK_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** The schemes a platform link may use: `https`, and the app's own `diia` (the same link, scheme swapped). */
const SCHEMES: ReadonlySet<string> = new Set(['https', 'diia']);

/** The platform's own host: the default allow-list, and the host of the link a signed code stands for. @internal */
export const PLATFORM_HOST = 'diia.app';

/**
 * Prints a document link in the canonical form {@link readPlatformLink} reads back to the same parts:
 * `{scheme}://{host}/documents/{documentType}/{documentId}/verify/{otp}`.
 *
 * @internal
 */
export function printDocumentLink(link: {
  readonly scheme?: 'https' | 'diia';
  readonly host?: string;
  readonly documentType: DocumentType;
  readonly documentId: string;
  readonly otp: string;
}): string {
  return `${link.scheme ?? 'https'}://${link.host ?? PLATFORM_HOST}/documents/${link.documentType}/${link.documentId}/verify/${link.otp}`;
}

/** Tells whether the text starts like an absolute URL (`scheme:`). @internal */
export function looksLikeUrl(text: string): boolean {
  return SCHEME.test(text);
}

/**
 * Reads a document link (`https://{host}/documents/{type}/{id}/verify/{otp}`) or an app deeplink
 * (`https://{host}/acquirers/...`), also under the app's own `diia://` scheme (`diia://{host}/…`, the same
 * link with the scheme swapped, as the app registers it). `allowedHosts` holds lower-case `host` or
 * `host:port` entries; a `diia://` link must name an allowed host too.
 *
 * @internal
 */
export function readPlatformLink(text: string, allowedHosts: ReadonlySet<string>): PlatformLink {
  const scheme = SCHEME.exec(text);
  const schemeName = scheme?.[1]?.toLowerCase();
  if (!scheme || schemeName === undefined || !SCHEMES.has(schemeName)) {
    throw new AcceptError('SCAN_NOT_HTTPS');
  }
  if (text.includes('\\')) throw urlMalformed('backslash');
  const rest = text.slice(scheme[0].length);
  if (!rest.startsWith('//')) throw urlMalformed('no authority');
  const afterSlashes = rest.slice(2);
  const authorityEnd = afterSlashes.search(/[/?#]/);
  const authority = authorityEnd < 0 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : afterSlashes.slice(authorityEnd);

  // `https://diia.app@evil.example/` goes to evil.example; no real link carries user-info.
  if (authority.includes('@')) throw urlMalformed('user-info');
  const hostPort = HOST_PORT.exec(authority.toLowerCase());
  if (!hostPort || hostPort[1] === '') throw urlMalformed('host');
  const host = hostPort[1]!;
  if (/[^\x21-\x7e]/.test(host)) throw hostNotAllowed('non-ASCII host');
  if (!ASCII_HOST.test(host)) throw urlMalformed('host characters');
  const port = hostPort[2] === '443' && schemeName === 'https' ? undefined : hostPort[2];
  const origin = port === undefined ? host : `${host}:${port}`;
  if (!allowedHosts.has(origin)) {
    throw hostNotAllowed(PUNYCODE_LABEL.test(host) ? 'punycode host' : 'host not in the allow-list');
  }

  const queryAt = tail.search(/[?#]/);
  const path = queryAt < 0 ? tail : tail.slice(0, queryAt);
  const suffix = queryAt < 0 ? '' : tail.slice(queryAt);
  const segments = path.split('/').slice(1);
  if (path === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('%'))) {
    throw urlMalformed('path');
  }
  if (!QUERY_OR_FRAGMENT.test(suffix.slice(1)) || suffix.indexOf('#') !== suffix.lastIndexOf('#')) {
    throw urlMalformed('query');
  }

  if (segments[0] === 'documents') return readDocumentLink(schemeName, origin, segments, suffix);
  if (segments[0] === 'acquirers')
    return readDeeplink(`${schemeName}://${origin}`, origin, path, segments, suffix);
  throw new AcceptError('SCAN_UNRECOGNISED', { detail: 'a link of an allowed host, not a document code' });
}

function readDocumentLink(scheme: string, origin: string, segments: string[], suffix: string): PlatformLink {
  // The verify link of the platform has exactly this shape and no query: anything else is not ours.
  if (segments.length !== 5 || segments[3] !== 'verify' || suffix !== '') {
    throw urlMalformed('document link shape');
  }
  const [, documentType, documentId, , otp] = segments as [string, string, string, string, string];
  if (!isDocumentType(documentType)) throw new AcceptError('SCAN_DOCUMENT_TYPE_UNKNOWN');
  if (!isDocumentId(documentId)) throw urlMalformed('document id');
  if (!isUuid(otp)) throw new AcceptError('SCAN_OTP_MALFORMED');
  const parts = { host: origin, documentType, documentId, otp: otp.toLowerCase() };
  return {
    kind: 'document-link',
    url: printDocumentLink({ ...parts, scheme: scheme as 'https' | 'diia' }),
    ...parts,
  };
}

function readDeeplink(
  prefix: string,
  origin: string,
  path: string,
  segments: string[],
  suffix: string,
): PlatformLink {
  if (segments.length < 2 || !segments.every((segment) => PATH_SEGMENT.test(segment))) {
    throw new AcceptError('SCAN_DEEPLINK_MALFORMED', { detail: 'path' });
  }
  const action = segments[1]!;
  let otp: string | undefined;
  let canonicalPath = path;
  if (action === 'offer-request' && segments[2] === 'dynamic') {
    const last = segments[3];
    if (segments.length !== 4 || last === undefined || !DEEPLINK_ID.test(last))
      throw new AcceptError('SCAN_OTP_MALFORMED');
    // A UUID is compared without case; another id is kept exactly as the platform made it.
    otp = isUuid(last) ? last.toLowerCase() : last;
    canonicalPath = `/acquirers/offer-request/dynamic/${otp}`;
  }
  return {
    kind: 'deeplink',
    url: `${prefix}${canonicalPath}${suffix}`,
    host: origin,
    path: canonicalPath,
    action,
    otp,
  };
}

function urlMalformed(detail: string): AcceptError {
  return new AcceptError('SCAN_URL_MALFORMED', { detail });
}

function hostNotAllowed(detail: string): AcceptError {
  return new AcceptError('SCAN_HOST_NOT_ALLOWED', { detail });
}

/**
 * The one rule for a document id (the `{documentId}` of a document link, and the `handle` of a signed code
 * that an online check turns into such a link): 1 to 128 characters of `[A-Za-z0-9_-]`.
 *
 * @internal
 */
export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID.test(value);
}
