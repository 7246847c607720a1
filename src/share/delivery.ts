/**
 * What a delivery must look like, checked before and after opening: the parts of each delivery shape
 * (DIIA-PARTNER-API.md "Delivery"), and the agreement between the trace id, the opened metadata and the
 * stored session. Pure functions; the webhook calls them in order.
 *
 * @module
 */
import { type DocumentType, isDocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import type { OpenedFile } from '../profiles/port.js';
import type { FormPart } from './multipart.js';
import type { DeliveryCheck } from './receipt.js';
import type { ShareRecord } from './store.js';

/**
 * A sealed file of a delivery, matched to the document type it must contain.
 *
 * @example
 * ```ts
 * const copy: SealedCopy = { documentType: 'passport', fileName: 'passport.pdf.p7s.p7e', sealed };
 * ```
 */
export interface SealedCopy {
  readonly documentType: DocumentType;
  readonly fileName?: string;
  readonly sealed: Uint8Array;
}

/**
 * A delivery's parts sorted out: the sealed metadata and one sealed file per document type.
 *
 * @example
 * ```ts
 * const { encodeData, copies }: DeliveryParts = sortDeliveryParts(parts, record);
 * ```
 */
export interface DeliveryParts {
  readonly encodeData: Uint8Array;
  readonly copies: readonly SealedCopy[];
}

/**
 * The opened `encodeData`, checked. `data` is personal data.
 *
 * @example
 * ```ts
 * const metadata: DeliveryMetadata = checkMetadata(opened.content, traceId, record);
 * console.log(metadata.documentTypes); // never log metadata.data: it is personal data
 * ```
 */
export interface DeliveryMetadata extends Record<string, unknown> {
  readonly requestId: string;
  readonly barcode?: string;
  readonly documentTypes: readonly DocumentType[];
}

const BARCODE_FLOW_PARTS = ['encryptedFile', 'encryptedFileName', 'encodeData'];
const FILE_NAME = /^([a-z-]+?)-(\d{13})-/;
const latin = new TextDecoder('utf-8', { fatal: false });

/**
 * Sorts the parts of a delivery by the session's flow. Barcode flow: exactly `encryptedFile`,
 * `encryptedFileName` and `encodeData`; deeplink flow: `encodeData` and one part per requested document
 * type. A missing part is `WEBHOOK_PART_MISSING`; any other or repeated part is `WEBHOOK_PART_UNEXPECTED`.
 *
 * @example
 * ```ts
 * import { sortDeliveryParts } from 'diia-accept/share';
 * const { encodeData, copies } = sortDeliveryParts(parts, record);
 * ```
 */
export function sortDeliveryParts(parts: readonly FormPart[], record: ShareRecord): DeliveryParts {
  const byName = new Map<string, FormPart>();
  for (const part of parts) {
    if (byName.has(part.name))
      throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: 'a repeated part' });
    byName.set(part.name, part);
  }
  const expected = record.flow === 'barcode' ? BARCODE_FLOW_PARTS : ['encodeData', ...record.documentTypes];
  for (const name of expected) {
    if (!byName.has(name)) throw new AcceptError('WEBHOOK_PART_MISSING', { detail: safeName(name) });
  }
  for (const name of byName.keys()) {
    if (!expected.includes(name))
      throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: safeName(name) });
  }
  const encodeData = byName.get('encodeData')!.bytes;
  if (record.flow === 'offer') {
    return {
      encodeData,
      copies: record.documentTypes.map((documentType) => {
        const part = byName.get(documentType)!;
        return withName({ documentType, sealed: part.bytes }, part.filename);
      }),
    };
  }
  const file = byName.get('encryptedFile')!;
  const fileName = latin.decode(byName.get('encryptedFileName')!.bytes).trim() || file.filename;
  return {
    encodeData,
    copies: [withName({ documentType: typeOfFile(fileName, record), sealed: file.bytes }, fileName)],
  };
}

/**
 * Reads and checks the opened metadata against the trace id and the session: the request id, the barcode
 * (barcode flow) and the set of document types must all agree.
 *
 * @example
 * ```ts
 * import { checkMetadata } from 'diia-accept/share';
 * const metadata = checkMetadata(openedEncodeData.content, traceId, record);
 * ```
 */
export function checkMetadata(content: Uint8Array, traceId: string, record: ShareRecord): DeliveryMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content));
  } catch (cause) {
    throw new AcceptError('ENVELOPE_MALFORMED', { cause, detail: 'encodeData is not JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AcceptError('ENVELOPE_MALFORMED', { detail: 'encodeData is not an object' });
  }
  const metadata = parsed as Record<string, unknown>;
  if (metadata.requestId !== traceId || traceId !== record.id) {
    throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'requestId differs from the trace id' });
  }
  if (record.flow === 'barcode' && metadata.barcode !== record.barcode) {
    throw new AcceptError('WEBHOOK_BARCODE_MISMATCH');
  }
  const types = metadata.documentTypes;
  if (!Array.isArray(types) || !types.every(isDocumentType) || !sameSet(types, record.documentTypes)) {
    throw new AcceptError('WEBHOOK_DOCUMENT_TYPES_MISMATCH');
  }
  return metadata as DeliveryMetadata;
}

/**
 * Checks the file names of the barcode flow (`{type}-{barcode}-{date}-{time}…`): a barcode in a name must
 * be the session's (`WEBHOOK_BARCODE_MISMATCH`). Run after {@link checkMetadata}, so a delivery for another
 * request is reported as that.
 *
 * @example
 * ```ts
 * import { checkFileNames } from 'diia-accept/share';
 * checkFileNames(sorted, record);
 * ```
 */
export function checkFileNames(parts: DeliveryParts, record: ShareRecord): void {
  if (record.flow !== 'barcode') return;
  for (const copy of parts.copies) {
    const match = copy.fileName ? FILE_NAME.exec(copy.fileName) : null;
    if (match && match[2] !== record.barcode) throw new AcceptError('WEBHOOK_BARCODE_MISMATCH');
  }
}

/**
 * Binds the files to the signed metadata where the metadata carries digests: when `data[type]` (an object,
 * or an array in the deeplink flow) names a `sha256`, the opened copy of that type must have it
 * (`SIGNATURE_DIGEST_MISMATCH`). Without it a validly sealed file from another delivery could be slipped in
 * beside this delivery's metadata. Returns whether every copy was checked this way.
 *
 * @example
 * ```ts
 * import { checkCopyDigests } from 'diia-accept/share';
 * const bound = checkCopyDigests(metadata, [{ documentType: 'passport', sha256 }]);
 * ```
 */
export function checkCopyDigests(
  metadata: DeliveryMetadata,
  copies: readonly { readonly documentType: DocumentType; readonly sha256: string }[],
): boolean {
  const data = metadata.data;
  if (typeof data !== 'object' || data === null) return false;
  let all = copies.length > 0;
  for (const copy of copies) {
    const entry = (data as Record<string, unknown>)[copy.documentType];
    const listed = (Array.isArray(entry) ? entry : [entry])
      .map((e) => (typeof e === 'object' && e !== null ? (e as { sha256?: unknown }).sha256 : undefined))
      .filter((d): d is string => typeof d === 'string');
    if (listed.length === 0) {
      all = false;
      continue;
    }
    if (!listed.some((d) => d.toLowerCase() === copy.sha256))
      throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');
  }
  return all;
}

/**
 * Requires that an opener really verified what it returned: a valid signature, a trusted signer and a
 * digest that matches the bytes. A profile that forgets a check fails here rather than passing silently.
 *
 * @example
 * ```ts
 * import { requireVerified } from 'diia-accept/share';
 * requireVerified(await opener.open(sealed), sha256Hex);
 * ```
 */
export function requireVerified(file: OpenedFile, sha256Hex: (bytes: Uint8Array) => string): OpenedFile {
  if (!file.checks.includes('signature-valid')) throw new AcceptError('SIGNATURE_INVALID');
  if (!file.checks.includes('signer-trusted') && !file.checks.includes('certificate-chain-valid')) {
    throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED');
  }
  if (sha256Hex(file.content) !== file.sha256.toLowerCase())
    throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');
  return file;
}

/**
 * The checks the webhook performed, for the receipt, once every step above has passed.
 *
 * @example
 * ```ts
 * import { deliveryChecks } from 'diia-accept/share';
 * deliveryChecks(record, true); // ['trace-id-matches', 'request-known', 'branch-matches', …]
 * ```
 */
export function deliveryChecks(
  record: ShareRecord,
  branchChecked: boolean,
  digestsBound = false,
): DeliveryCheck[] {
  return [
    'trace-id-matches',
    'request-known',
    ...(branchChecked ? (['branch-matches'] as const) : []),
    ...(record.flow === 'barcode' ? (['barcode-matches'] as const) : []),
    'document-types-match',
    ...(digestsBound ? (['copies-match-metadata'] as const) : []),
    'within-lifetime',
  ];
}

/**
 * The barcode flow's single file: its type is the requested one, or, when several were requested, the
 * one its file name begins with.
 */
function typeOfFile(fileName: string | undefined, record: ShareRecord): DocumentType {
  const match = fileName ? FILE_NAME.exec(fileName) : null;
  if (record.documentTypes.length === 1) return record.documentTypes[0]!;
  const named = match?.[1];
  if (isDocumentType(named) && record.documentTypes.includes(named)) return named;
  throw new AcceptError('WEBHOOK_DOCUMENT_TYPES_MISMATCH', { detail: 'cannot tell the file type' });
}

function withName(copy: SealedCopy, fileName: string | undefined): SealedCopy {
  return fileName ? { ...copy, fileName } : copy;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === a.length && sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/** Part names come from the sender: only a short, plain form reaches an error detail. */
function safeName(name: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(name) ? name : '(unnamed)';
}
