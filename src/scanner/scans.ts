/**
 * The typed results of reading a scan: the three document codes, the app's own links, and rejections.
 *
 * @module
 */
import type { DocumentType } from '../documents.js';
import type { AcceptError, AcceptErrorCode } from '../errors.js';

/**
 * What every scan carries.
 *
 * @example
 * ```ts
 * import type { ScanCommon } from 'diia-accept/scanner';
 * const fromQr = (scan: ScanCommon) => scan.symbology?.startsWith(']Q') === true;
 * ```
 */
export interface ScanCommon {
  /** The AIM symbology identifier the scanner put in front (`]Q1` for QR, `]E0` for EAN-13), if any. */
  readonly symbology: string | undefined;
}

/**
 * The verify link of a document shown in the app: `https://diia.app/documents/{type}/{id}/verify/{otp}`.
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * const scan = parseScan(text);
 * if (scan.kind === 'document-link') console.log(scan.documentType, scan.otp);
 * ```
 */
export interface DocumentLink extends ScanCommon {
  readonly kind: 'document-link';
  /** The link in canonical form (lower-case host, no default port, lower-case UUID). */
  readonly url: string;
  /** The host (with the port, if not 443), lower case. */
  readonly host: string;
  /** The type of the document shown. */
  readonly documentType: DocumentType;
  /** The platform's id of the shown document. */
  readonly documentId: string;
  /** The one-time code (a UUID, lower case); it lives 180 seconds and works once. */
  readonly otp: string;
  /** The id that may be used only once: the `otp`. */
  readonly singleUseId: string;
}

/**
 * A signed document code (jose profile), decoded but NOT verified: its `header` and `claims` are what the
 * code says, signed by nobody yet. Believe them only from `verifyDocumentToken` (or `identify`) in
 * `diia-accept/verify`, which checks the signature, `typ`, `alg`, the times, `jti` and `doc`.
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * import { verifyDocumentToken } from 'diia-accept/verify';
 * const scan = parseScan(text);
 * if (scan.kind === 'document-token') {
 *   const verified = await verifyDocumentToken(scan.token, { trust });
 *   if (verified.status === 'valid') console.log(verified.documentType, verified.jti);
 * }
 * ```
 */
export interface DocumentToken extends ScanCommon {
  readonly kind: 'document-token';
  /** The compact JWS exactly as scanned (without whitespace or symbology prefix). */
  readonly token: string;
  /** The decoded protected header: UNVERIFIED (a strict JSON object, any members). */
  readonly header: Readonly<Record<string, unknown>>;
  /** The decoded claims: UNVERIFIED (a strict JSON object, any members). */
  readonly claims: Readonly<Record<string, unknown>>;
  /**
   * Always `undefined`: a token's single-use id is its `jti`, and an unverified `jti` is anyone's to write.
   * The verified one is `VerifiedDocumentToken.jti`, which `identify` claims in the replay guard.
   */
  readonly singleUseId: undefined;
}

/**
 * The 13-digit EAN-13 barcode from the back of a document in the app, check digit verified.
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * const scan = parseScan(']E02858364170864');
 * if (scan.kind === 'barcode') console.log(scan.barcode); // '2858364170864'
 * ```
 */
export interface DocumentBarcode extends ScanCommon {
  readonly kind: 'barcode';
  /** The 13 digits. */
  readonly barcode: string;
  /** The id that may be used only once: the 13 digits. */
  readonly singleUseId: string;
}

/**
 * A link of the app itself under `/acquirers/` (such as an offer request), on an allowed host.
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * const scan = parseScan('https://diia.app/acquirers/offer-request/dynamic/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
 * if (scan.kind === 'deeplink') console.log(scan.action, scan.otp);
 * ```
 */
export interface AppDeeplink extends ScanCommon {
  readonly kind: 'deeplink';
  /** The link in canonical form. */
  readonly url: string;
  /** The host (with the port, if not 443), lower case. */
  readonly host: string;
  /** The path, starting with `/acquirers/`. */
  readonly path: string;
  /** The path segment after `/acquirers/`, such as `'offer-request'`. */
  readonly action: string;
  /** The one-time code of a dynamic offer request, if this is one. */
  readonly otp: string | undefined;
}

/**
 * A scan the SDK does not accept, and why.
 *
 * @example
 * ```ts
 * import { describeError } from 'diia-accept';
 * import { parseScan } from 'diia-accept/scanner';
 * const scan = parseScan('http://diia.app/');
 * if (scan.kind === 'unknown') console.log(scan.reason, describeError(scan.error, 'uk')); // SCAN_NOT_HTTPS
 * ```
 */
export interface UnrecognisedScan extends ScanCommon {
  readonly kind: 'unknown';
  /** The code of the rejection (`SCAN_*`). */
  readonly reason: AcceptErrorCode;
  /** The rejection as an error, ready to throw or to show with `describeError`. */
  readonly error: AcceptError;
}

/**
 * A code that identifies a shown document: a link, a signed code or a barcode. `singleUseId` is the id
 * a replay guard claims: the link's `otp`, the barcode's digits; `undefined` for a signed code until it is
 * verified (see {@link DocumentToken}).
 *
 * @example
 * ```ts
 * import { parseDocumentCode, type DocumentCode } from 'diia-accept/scanner';
 * const code: DocumentCode = parseDocumentCode(text);
 * console.log(code.kind, code.singleUseId);
 * ```
 */
export type DocumentCode = DocumentLink | DocumentToken | DocumentBarcode;

/**
 * Everything {@link parseScan} can return; switch on `kind`.
 *
 * @example
 * ```ts
 * import { parseScan, type ParsedScan } from 'diia-accept/scanner';
 * const scan: ParsedScan = parseScan(text);
 * switch (scan.kind) { case 'barcode': requestCopy(scan.barcode); break; case 'unknown': warn(scan.reason); }
 * ```
 */
export type ParsedScan = DocumentCode | AppDeeplink | UnrecognisedScan;
