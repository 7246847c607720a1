/**
 * The webhook of Diia ID deliveries, `(Request) => Promise<Response>`, and the dispatcher that routes a
 * platform delivery on `X-Diia-Id-Action` (absent: the document webhook). A delivery is read completely
 * (one `encodeData` part, form-data or multipart/mixed, text or file), matched to the request by its trace id
 * and, for signing, file by file by name; every signature is verified by the injected port against the
 * digest sent for it; the result is stored **before** the 200. Every refusal is coded and stores nothing.
 *
 * Header facts: `X-Diia-Id-Action` is `hashedFilesSigning` or `auth` (.NET `DocEndpointController.cs` L20,
 * L72, L183, compared case-insensitively in `DiiaSignApiImpl.cs` L61; Python `enums.py` L5-8); the trace id
 * is the request id for signing (a UUID in every example) and the **hashed** id for a login (standard
 * base64 with `+`, `/`, `=`: Java `UploadController.java` L138 and .NET L224-225 sanitise it before using
 * it as a path). Both are treated here as opaque bounded text.
 *
 * @module
 */
import { type Clock, systemClock } from '../clock.js';
import { sha256Hex } from '../digest.js';
import { AcceptError, type AcceptErrorCode, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { boundaryOf, DEFAULT_MULTIPART_LIMITS, parseMultipart } from '../share/multipart.js';
import { json, TRACE_ID_HEADER, webhookStatusOf } from '../share/webhook.js';
import { nextTask } from '../turn.js';
import { isUuid } from '../uuid.js';
import { readEncodeData, type SignedItem } from './encode-data.js';
import type { DiiaIdRecord, DiiaIdStore } from './store.js';
import type { DiiaIdResult, DiiaIdVerification, DiiaIdVerify, SignedFile } from './types.js';

/**
 * The header that marks a Diia ID delivery and names its action.
 *
 * @example
 * ```ts
 * const action = request.headers.get(DIIA_ID_ACTION_HEADER); // 'hashedFilesSigning' | 'auth' | null
 * ```
 */
export const DIIA_ID_ACTION_HEADER = 'X-Diia-Id-Action';

/**
 * One log line of the Diia ID webhook: codes and ids only. Never a name, a tax number, a signature or a
 * certificate.
 *
 * @example
 * ```ts
 * const logger = (entry: DiiaIdLogEntry) => console.log(JSON.stringify(entry));
 * ```
 */
export interface DiiaIdLogEntry {
  readonly event: 'diia-id-stored' | 'diia-id-duplicate' | 'diia-id-refused';
  readonly status: number;
  readonly action?: 'hashedFilesSigning' | 'auth';
  /** The trace id, when it was well-formed (a request id or a hashed id: no personal data). */
  readonly requestId?: string;
  readonly code?: AcceptErrorCode;
}

/**
 * Bounds of a Diia ID delivery.
 *
 * @example
 * ```ts
 * const limits: DiiaIdWebhookLimits = { maxBodyBytes: 4 * 1024 * 1024, maxSignatureBytes: 256 * 1024 };
 * ```
 */
export interface DiiaIdWebhookLimits {
  /** The whole body, bytes. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** The `encodeData` part, bytes. Default 8 MiB. */
  readonly maxEncodeDataBytes?: number;
  /** One decoded signature, bytes (a CAdES-X-Long with chain and revocation values is tens of KiB). Default 512 KiB. */
  readonly maxSignatureBytes?: number;
  /** Signed items in one delivery (never more than the files requested). Default 100. */
  readonly maxItems?: number;
}

/**
 * Options of {@link createDiiaIdWebhook}.
 *
 * @example
 * ```ts
 * const options: DiiaIdWebhookOptions = { store, verify, logger: (e) => console.log(e.event, e.code) };
 * ```
 */
export interface DiiaIdWebhookOptions {
  readonly store: DiiaIdStore;
  readonly verify: DiiaIdVerify;
  readonly clock?: Clock;
  readonly limits?: DiiaIdWebhookLimits;
  /** Receives one entry per delivery. A throwing logger is ignored. */
  readonly logger?: (entry: DiiaIdLogEntry) => void;
}

/** The webhook's default bounds. @internal */
export const DIIA_ID_WEBHOOK_DEFAULTS: Required<DiiaIdWebhookLimits> = Object.freeze({
  maxBodyBytes: 16 * 1024 * 1024,
  maxEncodeDataBytes: 8 * 1024 * 1024,
  maxSignatureBytes: 512 * 1024,
  maxItems: 100,
});
/** Any other part is refused once read; it may not be large. */
const OTHER_PART_BYTES = 4 * 1024;
/** A UUID, or standard (or sanitised) base64 of a digest: opaque, bounded, printable. */
const TRACE_ID = /^[A-Za-z0-9+/=_-]{1,128}$/;

const STATUS: Partial<Record<AcceptErrorCode, number>> = {
  DIIA_ID_ACTION_UNKNOWN: 400,
  DIIA_ID_ACTION_MISMATCH: 400,
  DIIA_ID_ENCODING: 400,
  DIIA_ID_PAYLOAD_MALFORMED: 400,
  // The verifier could not answer: the platform should try again.
  DIIA_ID_VERIFY_FAILED: 503,
};

/**
 * The HTTP status a Diia ID refusal is answered with: the share webhook's table
 * (400/404/405/409/410/413/415, 422 for a failed content check, 503 for "try again"), plus 400 for an
 * unknown action or a malformed `encodeData`, and 503 when the verifier itself failed.
 *
 * @example
 * ```ts
 * diiaIdStatusOf('DIIA_ID_FILE_UNKNOWN'); // 422
 * ```
 */
export function diiaIdStatusOf(code: AcceptErrorCode): number {
  return STATUS[code] ?? webhookStatusOf(code);
}

/**
 * The action a header names, or undefined for anything else (compared case-insensitively, as .NET does).
 *
 * @internal
 */
export function diiaIdActionOf(value: string | null): 'hashedFilesSigning' | 'auth' | undefined {
  const lower = value?.trim().toLowerCase();
  if (lower === 'hashedfilessigning') return 'hashedFilesSigning';
  if (lower === 'auth') return 'auth';
  return undefined;
}

/**
 * Creates the Diia ID webhook: `hashedFilesSigning` and `auth` deliveries; anything else is refused with
 * `DIIA_ID_ACTION_UNKNOWN`. Answers `200 { success: true }` once stored (or for a duplicate of what was
 * stored), otherwise `{ success: false, error: CODE }` with the status of its code (400, 404, 409, 410, 413, 422 or 503; see docs/errors.md).
 *
 * @example
 * ```ts
 * const webhook = createDiiaIdWebhook({ store, verify });
 * const response = await webhook(request);
 * ```
 */
export function createDiiaIdWebhook(options: DiiaIdWebhookOptions): (request: Request) => Promise<Response> {
  refuseUnknownOptions(
    options,
    optionKeys<DiiaIdWebhookOptions>({ store: true, verify: true, clock: true, limits: true, logger: true }),
    'createDiiaIdWebhook',
  );
  refuseUnknownOptions(
    options.limits,
    optionKeys<DiiaIdWebhookLimits>({
      maxBodyBytes: true,
      maxEncodeDataBytes: true,
      maxSignatureBytes: true,
      maxItems: true,
    }),
    'createDiiaIdWebhook limits',
  );
  const limits = { ...DIIA_ID_WEBHOOK_DEFAULTS, ...options.limits };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new AcceptError('INVALID_ARGUMENT', { detail: `limits.${key} must be a positive whole number` });
  }
  if (typeof options.verify !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'createDiiaIdWebhook: verify must be a function' });
  const { store, verify } = options;
  const clock = options.clock ?? systemClock;
  const log = (entry: DiiaIdLogEntry) => {
    try {
      options.logger?.(entry);
    } catch {
      // logging must never change the answer
    }
  };

  return async (request) => {
    const action = diiaIdActionOf(request.headers.get(DIIA_ID_ACTION_HEADER));
    const raw = request.headers.get(TRACE_ID_HEADER)?.trim();
    const traceId = raw && TRACE_ID.test(raw) ? raw : undefined;
    const ids = { ...(action ? { action } : {}), ...(traceId ? { requestId: traceId } : {}) };
    try {
      const outcome = await receive(request, action, traceId);
      log({ event: outcome, status: 200, ...ids });
      return json(200, { success: true });
    } catch (error) {
      // The verifier's own failures are wrapped where it is called; anything else uncoded is the store's.
      const code: AcceptErrorCode = isAcceptError(error) ? error.code : 'STORE_UNAVAILABLE';
      const status = diiaIdStatusOf(code);
      request.body?.cancel().catch(() => {});
      log({ event: 'diia-id-refused', status, code, ...ids });
      return json(status, { success: false, error: code }, status === 405 ? { allow: 'POST' } : {});
    }
  };

  async function receive(
    request: Request,
    action: 'hashedFilesSigning' | 'auth' | undefined,
    traceId: string | undefined,
  ): Promise<'diia-id-stored' | 'diia-id-duplicate'> {
    if (request.method !== 'POST') throw new AcceptError('WEBHOOK_METHOD_NOT_ALLOWED');
    if (!action) throw new AcceptError('DIIA_ID_ACTION_UNKNOWN');
    if (!traceId) throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'no well-formed trace id' });
    const boundary = boundaryOf(request.headers.get('content-type'));
    if (Number(request.headers.get('content-length') ?? '0') > limits.maxBodyBytes)
      throw new AcceptError('WEBHOOK_TOO_LARGE');

    // The request first: a delivery nobody asked for, or too late, is refused before its body is read.
    const record = await recordOf(traceId);
    if (record.flow !== action) throw new AcceptError('DIIA_ID_ACTION_MISMATCH');
    if (record.state === 'expired' || record.state === 'cancelled')
      throw new AcceptError('WEBHOOK_LATE_DELIVERY');
    if (record.state === 'pending' && clock.now() >= record.expiresAt) {
      await store.end(record.id, 'expired');
      throw new AcceptError('WEBHOOK_LATE_DELIVERY');
    }

    const parts = await parseMultipart(
      request.body,
      boundary,
      {
        maxTotalBytes: limits.maxBodyBytes,
        maxParts: 4,
        maxPartBytes: Math.max(limits.maxEncodeDataBytes, OTHER_PART_BYTES),
        maxHeaderBytes: DEFAULT_MULTIPART_LIMITS.maxHeaderBytes,
      },
      request.signal,
      { capOf: ({ name }) => (name === 'encodeData' ? limits.maxEncodeDataBytes : OTHER_PART_BYTES) },
    );
    const encodeData = parts.filter((part) => part.name === 'encodeData');
    if (encodeData.length === 0) throw new AcceptError('WEBHOOK_PART_MISSING', { detail: 'no encodeData' });
    if (encodeData.length > 1 || parts.length > 1)
      throw new AcceptError('WEBHOOK_PART_UNEXPECTED', { detail: 'only one encodeData part is expected' });
    const bytes = encodeData[0]!.bytes;
    const read = readEncodeData(bytes, action, {
      // One more than was sent, so that an extra item is refused by its name (unknown or twice), not by count.
      maxItems: Math.min(limits.maxItems, record.files.length + 1),
      maxSignatureBytes: limits.maxSignatureBytes,
    });
    const fingerprint = sha256Hex(bytes);

    // Delivered before: the same bytes are harmless, other bytes a conflict; nothing is verified again.
    if (record.state === 'delivered') {
      if ((await store.fingerprint(record.id)) === fingerprint) return 'diia-id-duplicate';
      throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'another delivery was stored before' });
    }

    const at = clock.now();
    const context = {
      digestAlgorithm: record.digestAlgorithm,
      signAlgo: record.signAlgo,
      at,
      requestedAt: record.createdAt,
      signal: request.signal,
    };
    let result: DiiaIdResult;
    if (action === 'auth') {
      if (read.requestId !== undefined && read.requestId !== record.id)
        throw new AcceptError('WEBHOOK_TRACE_ID_MISMATCH', { detail: 'encodeData.requestId is another id' });
      const signature = read.items[0]!.signature;
      const verification = await verified(signature, { ...context, digest: record.files[0]!.digest });
      const { signer } = verification;
      result = {
        flow: 'auth',
        requestId: record.requestId,
        hashedRequestId: record.id,
        person: { fullName: signer.fullName, ...(signer.taxId !== undefined ? { taxId: signer.taxId } : {}) },
        signature,
        verification,
        certificate: verification.certificate,
        ...(verification.signedAt !== undefined ? { signedAt: verification.signedAt } : {}),
        receivedAt: at,
      };
    } else {
      const matched = matchItems(read.items, record);
      const files: SignedFile[] = [];
      for (const { item, digest } of matched) {
        // One signature at a time, with a turn of the event loop between: a DSTU check is a few
        // milliseconds of synchronous work, and a delivery may carry dozens.
        if (files.length > 0) await nextTask();
        const verification = await verified(item.signature, { ...context, digest });
        files.push({
          name: item.name,
          digest,
          digestAlgorithm: record.digestAlgorithm,
          signature: item.signature,
          verification,
        });
      }
      result = { flow: 'hashedFilesSigning', requestId: record.requestId, files, receivedAt: at };
    }

    const stored = await store.putResult(record.id, result, fingerprint);
    switch (stored.status) {
      case 'stored':
        return 'diia-id-stored';
      case 'duplicate':
        return 'diia-id-duplicate';
      case 'late':
        throw new AcceptError('WEBHOOK_LATE_DELIVERY');
      case 'conflict':
        throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'another delivery was stored before' });
      default:
        throw new AcceptError('WEBHOOK_REQUEST_UNKNOWN');
    }
  }

  async function recordOf(traceId: string): Promise<DiiaIdRecord> {
    // A UUID may come back in another case (signing ids are stored lower-case); a base64 id never does.
    const record =
      (await store.get(traceId)) ?? (isUuid(traceId) ? await store.get(traceId.toLowerCase()) : undefined);
    if (!record) throw new AcceptError('WEBHOOK_REQUEST_UNKNOWN');
    return record;
  }

  async function verified(
    signature: Uint8Array,
    context: Parameters<DiiaIdVerify>[1],
  ): Promise<DiiaIdVerification> {
    let verification: DiiaIdVerification;
    try {
      verification = await verify(signature, context);
    } catch (error) {
      if (isAcceptError(error)) throw error;
      throw new AcceptError('DIIA_ID_VERIFY_FAILED', { cause: error });
    }
    if (
      typeof verification !== 'object' ||
      verification === null ||
      typeof verification.signer?.fullName !== 'string' ||
      !(verification.certificate instanceof Uint8Array)
    ) {
      throw new AcceptError('DIIA_ID_VERIFY_FAILED', { detail: 'the verifier answered without a signer' });
    }
    return verification;
  }
}

/**
 * Pairs each signed item with the file sent under that name: an unknown name, a name twice, or a file
 * without a signature refuses the delivery.
 */
function matchItems(
  items: readonly SignedItem[],
  record: DiiaIdRecord,
): { readonly item: SignedItem; readonly digest: Uint8Array }[] {
  const sent = new Map(record.files.map((file) => [file.name, file.digest]));
  const seen = new Set<string>();
  const matched = items.map((item) => {
    if (seen.has(item.name)) throw new AcceptError('DIIA_ID_FILE_DUPLICATE');
    seen.add(item.name);
    const digest = sent.get(item.name);
    if (!digest) throw new AcceptError('DIIA_ID_FILE_UNKNOWN');
    return { item, digest };
  });
  if (seen.size !== sent.size) throw new AcceptError('DIIA_ID_FILE_MISSING');
  return matched;
}

/**
 * Options of {@link dispatchDeliveries}.
 *
 * @example
 * ```ts
 * const options: DispatchOptions = { documents: createWebhookHandler(…), diiaId: diiaId.webhook };
 * ```
 */
export interface DispatchOptions {
  /** The document webhook (`createWebhookHandler` of the share flow). */
  readonly documents: (request: Request) => Promise<Response>;
  /** The Diia ID webhook ({@link createDiiaIdWebhook}). */
  readonly diiaId: (request: Request) => Promise<Response>;
}

/**
 * One webhook URL for every delivery: no `X-Diia-Id-Action` header → the document webhook; any value → the
 * Diia ID webhook, which refuses a value other than `hashedFilesSigning` or `auth` with
 * `DIIA_ID_ACTION_UNKNOWN` (the Java example routes the same way: `"!x-diia-id-action"` for documents,
 * `UploadController.java` L51, L104).
 *
 * @example
 * ```ts
 * const webhook = dispatchDeliveries({ documents: shareWebhook, diiaId: diiaId.webhook });
 * Deno.serve(webhook);
 * ```
 */
export function dispatchDeliveries(options: DispatchOptions): (request: Request) => Promise<Response> {
  refuseUnknownOptions(
    options,
    optionKeys<DispatchOptions>({ documents: true, diiaId: true }),
    'dispatchDeliveries',
  );
  const { documents, diiaId } = options;
  if (typeof documents !== 'function' || typeof diiaId !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'dispatchDeliveries: documents and diiaId must be handlers',
    });
  return (request) => (request.headers.has(DIIA_ID_ACTION_HEADER) ? diiaId(request) : documents(request));
}
