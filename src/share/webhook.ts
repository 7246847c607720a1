/**
 * The webhook receiver: `(Request) => Promise<Response>`, for any runtime with the Fetch API. It checks a
 * delivery completely, opens it through the profile's {@link Opener}, and stores copies, metadata and receipt
 * **before** it answers 200, so an acknowledged delivery is never lost. Every refusal is a 4xx (or 503 when
 * the platform should retry) with `{ "success": false, "error": CODE }` and stores nothing.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import { sha256Hex } from '../digest.js';
import { isDocumentType } from '../documents.js';
import { AcceptError, type AcceptErrorCode, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { Opener } from '../profiles/port.js';
import {
  checkCopyDigests,
  checkFileNames,
  checkMetadata,
  type PassedCheck,
  requireVerified,
  sortDeliveryParts,
  typedCopies,
} from './delivery-checks.js';
import { boundaryOf, DEFAULT_MULTIPART_LIMITS, type MultipartLimits, parseMultipart } from './multipart.js';
import { createReceipt, type DeliveryCheck } from './receipt.js';
import { isFinalState, transitionOf } from './state.js';
import type { DeliveredCopy, Delivery, ShareRecord, ShareStore } from './store.js';

/**
 * The header the platform puts the request id in.
 *
 * @example
 * ```ts
 * import { TRACE_ID_HEADER } from 'diia-accept/share';
 * const requestId = request.headers.get(TRACE_ID_HEADER);
 * ```
 */
export const TRACE_ID_HEADER = 'X-Document-Request-Trace-Id';

/**
 * One log line of the webhook: codes and request ids only, never personal data or file contents.
 *
 * @example
 * ```ts
 * import type { WebhookLogEntry } from 'diia-accept/share';
 * const logger = (e: WebhookLogEntry) => console.log(JSON.stringify(e));
 * ```
 */
export interface WebhookLogEntry {
  readonly event: 'delivery-stored' | 'delivery-duplicate' | 'delivery-refused';
  readonly status: number;
  /** The request id, when the trace-id header held a well-formed one. */
  readonly requestId?: string;
  readonly code?: AcceptErrorCode;
}

/**
 * Caps on a delivery's parts by kind, in bytes. A sealed PDF can be megabytes; the sealed metadata and the
 * file name cannot. A part over its cap is refused with `WEBHOOK_PART_TOO_LARGE` while it streams, before
 * anything opens it.
 *
 * @example
 * ```ts
 * const partLimits: DeliveryPartLimits = { file: 8 * 1024 * 1024, metadata: 256 * 1024 };
 * ```
 */
export interface DeliveryPartLimits {
  /** A sealed document file (`encryptedFile`, or a part named by its type). Default: `maxPartBytes` (16 MiB). */
  readonly file?: number;
  /** The sealed metadata (`encodeData`). Default 1 MiB (the official sample is 8 KB). */
  readonly metadata?: number;
  /** The `encryptedFileName` text. Default 1 KiB. */
  readonly fileName?: number;
  /** A part of any other name (refused anyway, once read). Default 64 KiB. */
  readonly other?: number;
}

/**
 * The part caps used when none are given (`file` falls back to the multipart `maxPartBytes`).
 *
 * @example
 * ```ts
 * import { DEFAULT_PART_LIMITS } from 'diia-accept/share';
 * const partLimits = { ...DEFAULT_PART_LIMITS, metadata: 256 * 1024 };
 * ```
 */
export const DEFAULT_PART_LIMITS: Readonly<Required<Omit<DeliveryPartLimits, 'file'>>> = Object.freeze({
  metadata: 1024 * 1024,
  fileName: 1024,
  other: 64 * 1024,
});

const PART_KINDS = ['file', 'metadata', 'fileName', 'other'];
const safeKey = (key: string) => (/^[A-Za-z0-9_]{1,32}$/.test(key) ? key : '(unprintable)');

/**
 * Options of {@link createWebhookHandler}.
 *
 * @example
 * ```ts
 * const options: WebhookOptions = { opener, store, limits: { maxTotalBytes: 16 * 1024 * 1024 }, branchIds: [branchId] };
 * ```
 */
export interface WebhookOptions {
  /** Opens sealed files: `joseOpener(…)` or the dstu profile's opener. */
  readonly opener: Opener;
  readonly store: ShareStore;
  readonly clock?: Clock;
  /** Caps on the body; defaults are {@link DEFAULT_MULTIPART_LIMITS}. */
  readonly limits?: MultipartLimits;
  /** Caps on each part by its kind; defaults are {@link DEFAULT_PART_LIMITS}. */
  readonly partLimits?: DeliveryPartLimits;
  /** Only sessions of these branches are accepted (the partner's own). Default: any branch in the store. */
  readonly branchIds?: readonly string[];
  /** Receives one entry per delivery. A throwing logger is ignored. */
  readonly logger?: (entry: WebhookLogEntry) => void;
}

/**
 * Creates the webhook handler for the platform's deliveries.
 *
 * @example
 * ```ts
 * import { createWebhookHandler, memoryShareStore } from 'diia-accept/share';
 * import { joseOpener } from 'diia-accept/profiles/jose';
 * const webhook = createWebhookHandler({ opener: joseOpener({ partnerKey, trust }), store });
 * // Deno.serve(webhook), Bun.serve({ fetch: webhook }), or toNodeListener(webhook) from 'diia-accept/node'
 * ```
 */
export function createWebhookHandler(options: WebhookOptions): (request: Request) => Promise<Response> {
  refuseUnknownOptions(
    options,
    optionKeys<WebhookOptions>({
      opener: true,
      store: true,
      clock: true,
      limits: true,
      partLimits: true,
      branchIds: true,
      logger: true,
    }),
    'createWebhookHandler',
  );
  const { opener, store } = options;
  const clock = options.clock ?? systemClock;
  refuseUnknownOptions(
    options.limits,
    optionKeys<MultipartLimits>({
      maxTotalBytes: true,
      maxParts: true,
      maxPartBytes: true,
      maxHeaderBytes: true,
    }),
    'createWebhookHandler limits',
  );
  const limits = { ...DEFAULT_MULTIPART_LIMITS, ...options.limits };
  for (const key of Object.keys(options.partLimits ?? {})) {
    if (!PART_KINDS.includes(key)) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: `partLimits has an unknown key: ${safeKey(key)}` });
    }
  }
  const partLimits = { ...DEFAULT_PART_LIMITS, file: limits.maxPartBytes, ...options.partLimits };
  for (const [key, value] of Object.entries(partLimits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: `partLimits.${key} must be a positive whole number`,
      });
    }
  }
  const capOf = ({ name }: { readonly name: string }): number => {
    if (name === 'encodeData') return partLimits.metadata;
    if (name === 'encryptedFileName') return partLimits.fileName;
    if (name === 'encryptedFile' || isDocumentType(name)) return partLimits.file;
    return partLimits.other;
  };
  const log = (entry: WebhookLogEntry) => {
    try {
      options.logger?.(entry);
    } catch {
      // logging must never change the answer
    }
  };

  return async (request) => {
    const requestId = wellFormedId(request.headers.get(TRACE_ID_HEADER));
    try {
      const outcome = await receive(request, requestId);
      log({ event: outcome, status: 200, ...(requestId ? { requestId } : {}) });
      return json(200, { success: true });
    } catch (error) {
      const code: AcceptErrorCode = isAcceptError(error) ? error.code : 'SHARE_FAILED';
      const status = isAcceptError(error) ? webhookStatusOf(code) : 500;
      request.body?.cancel().catch(() => {});
      log({ event: 'delivery-refused', status, code, ...(requestId ? { requestId } : {}) });
      const headers: Record<string, string> = status === 405 ? { allow: 'POST' } : {};
      return json(status, { success: false, error: code }, headers);
    }
  };

  async function receive(request: Request, traceId: string | undefined) {
    if (request.method !== 'POST') throw new AcceptError('WEBHOOK_METHOD_NOT_ALLOWED');
    const boundary = boundaryOf(request.headers.get('content-type'));
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > limits.maxTotalBytes) throw new AcceptError('WEBHOOK_TOO_LARGE');
    if (!traceId) throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'no well-formed trace id' });

    const checks: DeliveryCheck[] = [];
    const pass: PassedCheck = (check) => {
      checks.push(check);
    };
    // The session first: a delivery nobody asked for, or too late, is refused before its body is read.
    const record = await pendingOrDelivered(traceId, pass);
    const signal = request.signal;
    const parts = await parseMultipart(request.body, boundary, limits, signal, { capOf });
    const sorted = sortDeliveryParts(parts, record);

    const openedMetadata = requireVerified(await opener.open(sorted.encodeData, { signal }), sha256Hex);
    const metadata = checkMetadata(openedMetadata.content, traceId, record, sorted, pass);
    const sealedCopies = typedCopies(sorted, metadata);
    checkFileNames(sealedCopies, metadata, pass);
    const copies: (DeliveredCopy & { readonly index: number })[] = [];
    for (const copy of sealedCopies) {
      const context = copy.fileName ? { fileName: copy.fileName, signal } : { signal };
      const file = requireVerified(await opener.open(copy.sealed, context), sha256Hex);
      copies.push({
        documentType: copy.documentType,
        index: copy.index,
        ...(copy.fileName ? { fileName: copy.fileName } : {}),
        content: file.content,
        sha256: file.sha256.toLowerCase(),
        signer: file.signer,
        ...(file.signedAt !== undefined ? { signedAt: file.signedAt } : {}),
        checks: file.checks,
      });
    }

    checkCopyDigests(metadata, copies, pass);

    const now = clock.now();
    const storedCopies: DeliveredCopy[] = copies.map(({ index: _, ...copy }) => copy);
    const delivery: Delivery = {
      requestId: traceId,
      receivedAt: now,
      profile: opener.profile,
      copies: storedCopies,
      metadata,
    };
    const receipt = createReceipt({
      requestId: record.id,
      branchId: record.branchId,
      flow: record.flow,
      ...(record.offerId !== undefined ? { offerId: record.offerId } : {}),
      ...(record.barcode !== undefined ? { barcode: record.barcode } : {}),
      documentTypes: metadata.documentTypes,
      ...(record.documentTypes?.length ? { requestedDocumentTypes: record.documentTypes } : {}),
      copies: storedCopies,
      metadata: {
        content: openedMetadata.content,
        ...(openedMetadata.signedAt !== undefined ? { signedAt: openedMetadata.signedAt } : {}),
      },
      profile: opener.profile,
      requestedAt: record.createdAt,
      deliveredAt: now,
      checks,
    });
    const stored = await store.putDelivery(traceId, delivery, receipt);
    switch (stored.status) {
      case 'stored':
        return 'delivery-stored' as const;
      case 'duplicate':
        return 'delivery-duplicate' as const;
      case 'late':
        throw new AcceptError('WEBHOOK_LATE_DELIVERY');
      case 'conflict':
        throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'other copies were delivered before' });
      default:
        throw new AcceptError('WEBHOOK_REQUEST_UNKNOWN');
    }
  }

  async function pendingOrDelivered(id: string, pass: PassedCheck): Promise<ShareRecord> {
    const record = await store.get(id);
    if (!record) throw new AcceptError('WEBHOOK_REQUEST_UNKNOWN');
    pass('request-known');
    if (options.branchIds) {
      if (!options.branchIds.includes(record.branchId)) throw new AcceptError('WEBHOOK_REQUEST_UNKNOWN');
      pass('branch-matches');
    }
    // A duplicate is verified again, then answered 200; the store keeps the first delivery's receipt.
    if (record.state === 'delivered') return record;
    if (isFinalState(record.state)) throw new AcceptError('WEBHOOK_LATE_DELIVERY');
    if (clock.now() >= record.expiresAt) {
      const { from, to } = transitionOf('expired');
      await store.transition(id, from, to);
      throw new AcceptError('WEBHOOK_LATE_DELIVERY');
    }
    pass('within-lifetime');
    return record;
  }
}

const STATUS: Partial<Record<AcceptErrorCode, number>> = {
  WEBHOOK_METHOD_NOT_ALLOWED: 405,
  WEBHOOK_CONTENT_TYPE: 415,
  WEBHOOK_TOO_LARGE: 413,
  WEBHOOK_PART_TOO_LARGE: 413,
  WEBHOOK_REQUEST_UNKNOWN: 404,
  WEBHOOK_LATE_DELIVERY: 410,
  SHARE_STATE_CONFLICT: 409,
  WEBHOOK_MULTIPART_MALFORMED: 400,
  WEBHOOK_PART_MISSING: 400,
  WEBHOOK_PART_UNEXPECTED: 400,
  WEBHOOK_TRACE_ID_MISMATCH: 400,
  WEBHOOK_FILE_NAME_MISMATCH: 400,
  // "We cannot tell now": the platform should try again later.
  TRUST_UNAVAILABLE: 503,
  TRUST_STALE: 503,
  STORE_UNAVAILABLE: 503,
  ABORTED: 503,
};

/**
 * The HTTP status the webhook answers a refusal with: 400/404/405/409/410/413/415 for the request itself,
 * 422 for a delivery that fails a content check (envelope, signature, barcode, document types), 503 when
 * the answer is "unknown, try again" (keys or storage unavailable).
 */
export function webhookStatusOf(code: AcceptErrorCode): number {
  return STATUS[code] ?? 422;
}

/** Request ids are UUIDs; anything else is neither trusted nor logged. */
function wellFormedId(value: string | null): string | undefined {
  return value && /^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/.test(value.trim()) ? value.trim() : undefined;
}

/** A webhook's JSON answer, never cached (the share and the Diia ID webhooks answer alike). @internal */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}
