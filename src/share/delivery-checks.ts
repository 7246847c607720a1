/**
 * What a delivery must look like, checked before and after opening: the parts of each delivery shape the
 * platform really posts (DIIA-PARTNER-API revision 2, docs/protocol.md §3), and the agreement between the
 * trace id, the opened metadata, the file names and the stored session. Pure functions; the webhook calls
 * them in order.
 *
 * - **Barcode flow**: parts `encryptedFile`, `encryptedFileName`, `encodeData`, each once. The metadata is
 *   `{ barcode, documentTypes: [type], data: { [type]: {…} } }` with no `requestId`: the request is known by
 *   the trace-id header alone, and the file's type is the metadata's one type.
 * - **Deeplink flow**: one or more file parts per concrete type, the part name being the type (repeated for
 *   several files of one type), plus `encodeData`. The metadata is `{ requestId, documentTypes, data: {
 *   [type]: [ {…}, … ] } }`: one entry per file, in the order the files came.
 *
 * @module
 */
import { type DocumentType, isDeliverableType, satisfiesDocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import type { OpenedFile } from '../profiles/port.js';
import { safeFileName } from './file-name.js';
import type { FormPart } from './multipart.js';
import type { DeliveryCheck } from './receipt.js';
import type { ShareRecord } from './store.js';

/**
 * A sealed file of a delivery as it arrived: its part's type (deeplink flow; the barcode flow learns it from
 * the metadata) and its sanitised file name.
 */
export interface SealedFile {
  readonly documentType?: DocumentType;
  /** The sender's file name, made safe by {@link safeFileName}. Never a path. */
  readonly fileName?: string;
  readonly sealed: Uint8Array;
}

/**
 * A sealed file matched to the document type it must contain and to its place among the files of that type
 * (`data[type][index]` in the deeplink flow's metadata).
 */
export interface SealedCopy {
  readonly documentType: DocumentType;
  /** Its position among the delivery's files of the same type, from 0. */
  readonly index: number;
  readonly fileName?: string;
  readonly sealed: Uint8Array;
}

/** A delivery's parts sorted out: the sealed metadata and the sealed files, in the order they came. */
export interface DeliveryParts {
  readonly encodeData: Uint8Array;
  readonly files: readonly SealedFile[];
}

/** The opened `encodeData`, checked. `data` is personal data; unknown fields pass through untouched. */
export interface DeliveryMetadata extends Record<string, unknown> {
  /** The deeplink flow's request id; the barcode flow's metadata has none. */
  readonly requestId?: string;
  readonly barcode?: string;
  /** The concrete types delivered (never `passport`). */
  readonly documentTypes: readonly DocumentType[];
}

/**
 * Records a check of the webhook as it passes: each check calls it with its own name once it has passed, so
 * the receipt lists exactly the checks that ran, in the order they ran.
 */
export type PassedCheck = (check: DeliveryCheck) => void;

const BARCODE_FLOW_PARTS = ['encryptedFile', 'encryptedFileName', 'encodeData'] as const;
/** `{type}-{barcode}-{date}-{time}…`: the type (lazy, it holds hyphens) and the 13-digit barcode. */
const FILE_NAME = /^([a-z-]+?)-(\d{13})-/;
const latin = new TextDecoder('utf-8', { fatal: false });

/**
 * Sorts the parts of a delivery by the session's flow. Barcode flow: exactly `encryptedFile`,
 * `encryptedFileName` and `encodeData`, each once. Deeplink flow: `encodeData` once and one or more file
 * parts named by a deliverable document type (a name may repeat). A missing part is `WEBHOOK_PART_MISSING`;
 * any other or repeated part is `WEBHOOK_PART_UNEXPECTED` (a part named `passport` too: that type is never
 * delivered under its own name).
 */
export function sortDeliveryParts(parts: readonly FormPart[], record: ShareRecord): DeliveryParts {
  const metadataParts = parts.filter((p) => p.name === 'encodeData');
  if (metadataParts.length > 1)
    throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: 'a repeated part' });
  if (record.flow === 'barcode') {
    const byName = new Map<string, FormPart>();
    for (const part of parts) {
      if (!(BARCODE_FLOW_PARTS as readonly string[]).includes(part.name))
        throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: safeName(part.name) });
      if (byName.has(part.name))
        throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: 'a repeated part' });
      byName.set(part.name, part);
    }
    for (const name of BARCODE_FLOW_PARTS) {
      if (!byName.has(name)) throw new AcceptError('WEBHOOK_PART_MISSING', { detail: name });
    }
    const file = byName.get('encryptedFile')!;
    const named = latin.decode(byName.get('encryptedFileName')!.bytes).trim();
    const fileName = safeFileName(named || file.filename);
    return {
      encodeData: byName.get('encodeData')!.bytes,
      files: [{ sealed: file.bytes, ...(fileName ? { fileName } : {}) }],
    };
  }
  const files: SealedFile[] = [];
  for (const part of parts) {
    if (part.name === 'encodeData') continue;
    if (!isDeliverableType(part.name))
      throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: safeName(part.name) });
    const fileName = safeFileName(part.filename);
    files.push({ documentType: part.name, sealed: part.bytes, ...(fileName ? { fileName } : {}) });
  }
  if (metadataParts.length === 0) throw new AcceptError('WEBHOOK_PART_MISSING', { detail: 'encodeData' });
  if (files.length === 0) throw new AcceptError('WEBHOOK_PART_MISSING', { detail: 'a document file' });
  return { encodeData: metadataParts[0]!.bytes, files };
}

/**
 * Reads and checks the opened metadata against the trace id, the session and the file parts: a `requestId`,
 * where the metadata has one, must be the trace id; the barcode (barcode flow) must be the requested one
 * (`WEBHOOK_BARCODE_MISMATCH`); the document types must be deliverable types that agree with the files
 * (one type in the barcode flow; the part names and one `data[type]` entry per file in the deeplink flow) and
 * answer what the session expected, if it named types (`passport` is answered by `internal-passport` or
 * `foreign-passport`). Everything else is `WEBHOOK_DOCUMENT_TYPES_MISMATCH`.
 */
export function checkMetadata(
  content: Uint8Array,
  traceId: string,
  record: ShareRecord,
  parts: DeliveryParts,
  pass: PassedCheck,
): DeliveryMetadata {
  const parsed = parseJsonObject(content);
  if (!parsed.ok) {
    const detail =
      parsed.failure === 'not-an-object' ? 'encodeData is not an object' : 'encodeData is not JSON';
    throw new AcceptError('ENVELOPE_MALFORMED', { detail });
  }
  const metadata = parsed.value;
  if (traceId !== record.id || (metadata.requestId !== undefined && metadata.requestId !== traceId)) {
    throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'requestId differs from the trace id' });
  }
  if (record.flow === 'offer' && metadata.requestId === undefined) {
    throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'the deeplink metadata has no requestId' });
  }
  pass('trace-id-matches');
  if (record.flow === 'barcode') {
    if (metadata.barcode !== record.barcode) throw new AcceptError('WEBHOOK_BARCODE_MISMATCH');
    pass('barcode-matches');
  }
  const mismatch = (detail: string) => new AcceptError('WEBHOOK_DOCUMENT_TYPES_MISMATCH', { detail });
  const types = metadata.documentTypes;
  if (!Array.isArray(types) || types.length === 0 || !types.every(isDeliverableType)) {
    throw mismatch('documentTypes must list delivered document types');
  }
  if (new Set(types).size !== types.length) throw mismatch('documentTypes has duplicates');
  const data = metadata.data;
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw mismatch('data is not an object');
  }
  if (record.flow === 'barcode') {
    if (types.length !== 1 || parts.files.length !== 1)
      throw mismatch('the barcode flow brings one document');
  } else {
    const counts = new Map<DocumentType, number>();
    for (const file of parts.files) counts.set(file.documentType!, (counts.get(file.documentType!) ?? 0) + 1);
    if (counts.size !== types.length || !types.every((t) => counts.has(t))) {
      throw mismatch('the file parts and documentTypes differ');
    }
    for (const type of types) {
      const entry = (data as Record<string, unknown> | undefined)?.[type];
      if (entry === undefined) continue;
      const entries = Array.isArray(entry) ? entry.length : 1;
      if (entries !== counts.get(type)) throw mismatch('the number of files differs from data[type]');
    }
  }
  const expected = record.documentTypes ?? [];
  if (expected.length > 0) {
    const answered = (delivered: DocumentType) => expected.some((e) => satisfiesDocumentType(e, delivered));
    const unanswered = expected.filter((e) => !types.some((d) => satisfiesDocumentType(e, d)));
    // Barcode flow: the one document shown must be one of those expected. Deeplink flow: every expected
    // type must come, and nothing else.
    if (!types.every(answered) || (record.flow === 'offer' && unanswered.length > 0)) {
      throw mismatch('the delivered types do not answer the request');
    }
  }
  pass('document-types-match');
  return metadata as DeliveryMetadata;
}

/**
 * Gives each sealed file its document type (the barcode flow's from the metadata) and its index among the
 * files of that type.
 */
export function typedCopies(parts: DeliveryParts, metadata: DeliveryMetadata): SealedCopy[] {
  const seen = new Map<DocumentType, number>();
  return parts.files.map((file) => {
    const documentType = file.documentType ?? metadata.documentTypes[0]!;
    const index = seen.get(documentType) ?? 0;
    seen.set(documentType, index + 1);
    return {
      documentType,
      index,
      sealed: file.sealed,
      ...(file.fileName !== undefined ? { fileName: file.fileName } : {}),
    };
  });
}

/**
 * Checks the file names that follow `{type}-{barcode}-{date}-{time}…`: the type must be the file's and the
 * barcode, where the metadata has one, the metadata's (`WEBHOOK_FILE_NAME_MISMATCH`). Names that do not
 * follow the pattern are kept (sanitised) but tell nothing. Run after {@link checkMetadata}.
 */
export function checkFileNames(
  copies: readonly SealedCopy[],
  metadata: DeliveryMetadata,
  pass: PassedCheck,
): void {
  for (const copy of copies) {
    const match = copy.fileName ? FILE_NAME.exec(copy.fileName) : null;
    if (!match) continue;
    const [, type, barcode] = match;
    if (type !== copy.documentType) {
      throw new AcceptError('WEBHOOK_FILE_NAME_MISMATCH', { detail: 'the name gives another document type' });
    }
    if (typeof metadata.barcode === 'string' && barcode !== metadata.barcode) {
      throw new AcceptError('WEBHOOK_FILE_NAME_MISMATCH', { detail: 'the name gives another barcode' });
    }
  }
  pass('file-names-match');
}

/**
 * Binds the files to the signed metadata where the metadata carries digests: when a file's entry
 * (`data[type]`, an object in the barcode flow; `data[type][index]` in the deeplink flow) names a `sha256`,
 * the opened copy must have it (`SIGNATURE_DIGEST_MISMATCH`). The real platform's metadata carries no
 * digests; where it does not, nothing is bound and the receipt says so by leaving out
 * `copies-match-metadata`, which is recorded only when every copy was checked this way.
 */
export function checkCopyDigests(
  metadata: DeliveryMetadata,
  copies: readonly {
    readonly documentType: DocumentType;
    readonly index?: number;
    readonly sha256: string;
  }[],
  pass: PassedCheck,
): void {
  const data = metadata.data;
  if (typeof data !== 'object' || data === null) return;
  let all = copies.length > 0;
  for (const copy of copies) {
    const entry = (data as Record<string, unknown>)[copy.documentType];
    const own = Array.isArray(entry) ? entry[copy.index ?? 0] : entry;
    const digest = typeof own === 'object' && own !== null ? (own as { sha256?: unknown }).sha256 : undefined;
    if (typeof digest !== 'string') {
      all = false;
      continue;
    }
    if (digest.toLowerCase() !== copy.sha256) throw new AcceptError('SIGNATURE_DIGEST_MISMATCH');
  }
  if (all) pass('copies-match-metadata');
}

/**
 * Requires that an opener really verified what it returned: a valid signature, a trusted signer and a
 * digest that matches the bytes. A profile that forgets a check fails here rather than passing silently.
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

/** Part names come from the sender: only a short, plain form reaches an error detail. */
function safeName(name: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(name) ? name : '(unnamed)';
}
