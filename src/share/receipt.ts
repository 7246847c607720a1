/**
 * The consent receipt: what the partner keeps in its case file to show that a copy was requested, that the
 * holder consented, and exactly which bytes arrived and who signed them. It holds digests, not documents,
 * and the barcode only as a hash.
 *
 * @module
 */
import { sha256Hex } from '../digest.js';
import type { DocumentType } from '../documents.js';
import type { OpenCheck, Signer } from '../profiles/port.js';
import { safeFileName } from './file-name.js';

/**
 * The checks the webhook itself performed on a delivery, on top of each file's {@link OpenCheck}s.
 *
 * @example
 * ```ts
 * const passed: DeliveryCheck[] = receipt.checks.filter((c) => c !== 'within-lifetime');
 * ```
 */
export type DeliveryCheck =
  | 'trace-id-matches'
  | 'request-known'
  | 'branch-matches'
  | 'barcode-matches'
  | 'document-types-match'
  | 'file-names-match'
  | 'copies-match-metadata'
  | 'within-lifetime';

/**
 * One delivered copy as the receipt records it.
 *
 * @example
 * ```ts
 * for (const copy of receipt.copies) console.log(copy.documentType, copy.sha256, copy.signer.keyId);
 * ```
 */
export interface ReceiptCopy {
  readonly documentType: DocumentType;
  /**
   * The file name the platform sent, made safe (no path, control or bidi characters, at most 128
   * characters), with the barcode in it masked (`{type}-{barcode}-{date}-{time}…`).
   */
  readonly fileName?: string;
  /** Size of the opened copy, bytes. */
  readonly size: number;
  /** SHA-256 of the opened copy, lowercase hex. */
  readonly sha256: string;
  readonly signer: Signer;
  /** The signing time, ISO 8601, where the signature carries one. */
  readonly signedAt?: string;
  /** What the profile checked and passed when it opened the copy. */
  readonly checks: readonly OpenCheck[];
}

/**
 * A consent receipt, ready for `JSON.stringify`. Times are ISO 8601 (UTC).
 *
 * @example
 * ```ts
 * import type { ConsentReceipt } from 'diia-accept/share';
 * function file(receipt: ConsentReceipt) {
 *   caseFile.attach(`receipt-${receipt.requestId}.json`, JSON.stringify(receipt, null, 2));
 * }
 * ```
 */
export interface ConsentReceipt {
  readonly version: 1;
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'offer';
  readonly offerId?: string;
  /** SHA-256 of the 13-digit barcode, lowercase hex: it ties the receipt to a scan without keeping the code. */
  readonly barcodeSha256?: string;
  /** The types delivered, as the signed metadata lists them (concrete: never `passport`). */
  readonly documentTypes: readonly DocumentType[];
  /** The types the request expected, where it named any (`passport` is answered by either passport). */
  readonly requestedDocumentTypes?: readonly DocumentType[];
  /** Every delivered file, in the order it came. */
  readonly copies: readonly ReceiptCopy[];
  /** SHA-256 of the opened metadata (`encodeData`), lowercase hex. */
  readonly metadataSha256: string;
  /** The profile that opened the delivery (`jose`, `dstu`). */
  readonly profile: string;
  readonly requestedAt: string;
  /**
   * When the holder consented: the earliest signing time of the delivery (the platform signs only after
   * consent), or the delivery time where no signature carries a time.
   */
  readonly consentedAt: string;
  readonly deliveredAt: string;
  /** The webhook's own checks, all passed. */
  readonly checks: readonly DeliveryCheck[];
}

/** What {@link createReceipt} needs. */
export interface ReceiptInput {
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'offer';
  readonly offerId?: string;
  readonly barcode?: string;
  /** The delivered types. */
  readonly documentTypes: readonly DocumentType[];
  /** The expected types, if the request named any. */
  readonly requestedDocumentTypes?: readonly DocumentType[];
  readonly copies: readonly {
    readonly documentType: DocumentType;
    readonly fileName?: string;
    readonly content: Uint8Array;
    readonly sha256?: string;
    readonly signer: Signer;
    readonly signedAt?: number;
    readonly checks: readonly OpenCheck[];
  }[];
  readonly metadata: { readonly content: Uint8Array; readonly signedAt?: number };
  readonly profile: string;
  /** Milliseconds since the epoch. */
  readonly requestedAt: number;
  /** Milliseconds since the epoch. */
  readonly deliveredAt: number;
  readonly checks: readonly DeliveryCheck[];
}

/**
 * Builds the receipt of a verified delivery. Digests are computed here from the opened bytes, so a
 * profile's own `sha256` is cross-checked rather than trusted.
 */
export function createReceipt(input: ReceiptInput): ConsentReceipt {
  const times = [input.metadata.signedAt, ...input.copies.map((c) => c.signedAt)].filter(
    (t): t is number => typeof t === 'number' && Number.isFinite(t),
  );
  // The platform seals right after the holder consents, so the earliest signing time stands for the consent.
  // Signing times have whole seconds (JWS `iat`), so one can read up to a second before the request was made:
  // consent never precedes the request.
  const consentedAt = times.length > 0 ? Math.max(input.requestedAt, Math.min(...times)) : input.deliveredAt;
  return {
    version: 1,
    requestId: input.requestId,
    branchId: input.branchId,
    flow: input.flow,
    ...(input.offerId !== undefined ? { offerId: input.offerId } : {}),
    ...(input.barcode !== undefined ? { barcodeSha256: sha256Hex(input.barcode) } : {}),
    documentTypes: [...input.documentTypes],
    ...(input.requestedDocumentTypes && input.requestedDocumentTypes.length > 0
      ? { requestedDocumentTypes: [...input.requestedDocumentTypes] }
      : {}),
    copies: input.copies.map((c) => ({
      documentType: c.documentType,
      ...(safeFileName(c.fileName) !== undefined
        ? { fileName: redact(safeFileName(c.fileName)!, input.barcode) }
        : {}),
      size: c.content.byteLength,
      sha256: sha256Hex(c.content),
      signer: { ...c.signer },
      ...(c.signedAt !== undefined ? { signedAt: iso(c.signedAt) } : {}),
      checks: [...c.checks],
    })),
    metadataSha256: sha256Hex(input.metadata.content),
    profile: input.profile,
    requestedAt: iso(input.requestedAt),
    consentedAt: iso(consentedAt),
    deliveredAt: iso(input.deliveredAt),
    checks: [...input.checks],
  };
}

/**
 * The receipt as indented JSON, for the partner's case file.
 *
 * @example
 * ```ts
 * import { receiptToJson } from 'diia-accept/share';
 * await writeFile(`receipt-${receipt.requestId}.json`, receiptToJson(receipt));
 * ```
 */
export function receiptToJson(receipt: ConsentReceipt): string {
  return `${JSON.stringify(receipt, null, 2)}\n`;
}

function redact(fileName: string, barcode: string | undefined): string {
  return barcode ? fileName.split(barcode).join('*'.repeat(barcode.length)) : fileName;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
