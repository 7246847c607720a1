/**
 * Diia ID for one partner: `signFiles` (the holder signs the hashes of files in the app) and `login` (the
 * holder signs a hashed request id), both through the ordinary dynamic offer request
 * (`POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic` → `{ deeplink }`, every official SDK:
 * Java `DiiaIdApiImpl.java` L20-37, .NET `DiiaSharingApiImpl.cs` L85-107, JS `DeeplinkApi.ts` L21-37,
 * PHP `DiiaApi.php` L222-289, Python `diia_api.py` L276-312) with an offer whose scope is
 * `diiaId: ["hashedFilesSigning"]` or `["auth"]`; and the webhook that receives what the holder signed.
 *
 * @module
 */
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { AcceptError, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { Sleep } from '../share/consent-session.js';
import { safeFileName } from '../share/file-name.js';
import type { CallOptions, PlatformTransport } from '../transport/port.js';
import { sleep } from '../turn.js';
import { isUuid } from '../uuid.js';
import { encodeBase64 } from './base64.js';
import {
  checkLoginHashRule,
  type DigestAlgorithm,
  defaultFileDigest,
  digestOf,
  isDigestAlgorithm,
  type LoginHashRule,
  loginIds,
  partnerDigest,
  type SignAlgo,
} from './digests.js';
import { type DiiaIdRecord, type DiiaIdState, type DiiaIdStore, memoryDiiaIdStore } from './store.js';
import type { DiiaIdResult, DiiaIdVerify, LoginResult, SigningResult } from './types.js';
import {
  createDiiaIdWebhook,
  DIIA_ID_WEBHOOK_DEFAULTS,
  type DiiaIdLogEntry,
  type DiiaIdWebhookLimits,
} from './webhook.js';

/**
 * One file to sign: its bytes (hashed here), or the digest the partner computed (bytes or standard base64,
 * of the configured algorithm's length).
 *
 * @example
 * ```ts
 * const files: DiiaIdFile[] = [
 *   { name: 'application.pdf', bytes: pdf },
 *   { name: 'contract.pdf', digest: 'q1TgXw…=' },
 * ];
 * ```
 */
export type DiiaIdFile =
  | { readonly name: string; readonly bytes: Uint8Array }
  | { readonly name: string; readonly digest: Uint8Array | string };

/**
 * What {@link DiiaId.signFiles} takes.
 *
 * @example
 * ```ts
 * const request: SignFilesRequest = { branchId, offerId, files: [{ name: 'application.pdf', bytes: pdf }] };
 * ```
 */
export interface SignFilesRequest {
  readonly branchId: string;
  /** An offer with scope `diiaId: ["hashedFilesSigning"]`. */
  readonly offerId: string;
  readonly files: readonly DiiaIdFile[];
  /** Overrides the instance's `signAlgo` (and then is sent). */
  readonly signAlgo?: SignAlgo;
  /** Overrides the instance's digest for this request. */
  readonly fileDigest?: DigestAlgorithm;
  readonly returnLink?: string;
  /** The request id (a UUID); a random one when absent. */
  readonly requestId?: string;
  /** Overrides the instance's lifetime. */
  readonly lifetime?: Duration;
}

/**
 * What {@link DiiaId.login} takes.
 *
 * @example
 * ```ts
 * const request: LoginRequest = { branchId, offerId: authOfferId };
 * ```
 */
export interface LoginRequest {
  readonly branchId: string;
  /** An offer with scope `diiaId: ["auth"]`. */
  readonly offerId: string;
  readonly signAlgo?: SignAlgo;
  readonly returnLink?: string;
  /** The plain request id, which must suit the hash rule; made by the rule when absent. */
  readonly requestId?: string;
  readonly lifetime?: Duration;
}

/**
 * A pending Diia ID request at the desk: show `deeplink` (a QR code), then await `result()`.
 *
 * @example
 * ```ts
 * const session: DiiaIdSession<SigningResult> = await diiaId.signFiles(request);
 * showQrCode(session.deeplink);
 * const { files } = await session.result();
 * ```
 */
export interface DiiaIdSession<R extends DiiaIdResult> {
  /** The partner's plain request id. */
  readonly requestId: string;
  /** Login only: the hashed id sent to the platform (and echoed in the trace-id header). */
  readonly hashedRequestId?: string;
  readonly deeplink: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The request's state now, read from the store. */
  state(): Promise<DiiaIdState>;
  /**
   * Resolves with the verified result once delivered; rejects with `DIIA_ID_EXPIRED`, `DIIA_ID_CANCELLED`,
   * `DIIA_ID_SESSION_UNKNOWN`, or `ABORTED` (the wait only). **Personal data**: never log the result.
   */
  result(options?: { readonly signal?: AbortSignal }): Promise<R>;
  /** Ends a pending request; later deliveries are refused as late. True when it was pending. */
  cancel(): Promise<boolean>;
}

/**
 * Bounds of the request side.
 *
 * @example
 * ```ts
 * const limits: DiiaIdRequestLimits = { maxFiles: 4, maxFileBytes: 32 * 1024 * 1024 };
 * ```
 */
export interface DiiaIdRequestLimits {
  /** Files in one request. Default 32 (the PHP SDK sends exactly one; no source gives the platform's cap). */
  readonly maxFiles?: number;
  /** Bytes of one file hashed here. Default 64 MiB. */
  readonly maxFileBytes?: number;
}

/**
 * Options of {@link createDiiaId}.
 *
 * @example
 * ```ts
 * const options: DiiaIdOptions = { transport, verify, loginHash: 'java-py', lifetime: '180s' };
 * ```
 */
export interface DiiaIdOptions {
  readonly transport: Pick<PlatformTransport, 'createOfferRequest'>;
  /** The injected signature verifier (DSTU CAdES, ECDSA CMS). */
  readonly verify: DiiaIdVerify;
  /** Default: `memoryDiiaIdStore()` (one process). */
  readonly store?: DiiaIdStore;
  readonly clock?: Clock;
  /**
   * The holder's algorithm. When set (here or per request) it is sent as `signAlgo`, as only the PHP SDK
   * does; when absent nothing is sent, as the other four SDKs do, and signatures are verified as `DSTU`.
   */
  readonly signAlgo?: SignAlgo;
  /** The `fileHash` digest. Default: `gost34311` for DSTU, `sha256` for ECDSA (see `defaultFileDigest`). */
  readonly fileDigest?: DigestAlgorithm;
  /** The login's hash rule. Default `'java-py'`. */
  readonly loginHash?: LoginHashRule;
  /** How long a request waits for the holder. Default `'180s'`, the platform's request lifetime. */
  readonly lifetime?: Duration;
  readonly limits?: DiiaIdRequestLimits;
  /** Bounds of the webhook. */
  readonly webhookLimits?: DiiaIdWebhookLimits;
  /** Receives the webhook's log entries (codes and trace ids only, no personal data). */
  readonly logger?: (entry: DiiaIdLogEntry) => void;
  /** How a session waits out the lifetime; default `setTimeout`. */
  readonly sleep?: Sleep;
}

/**
 * Diia ID for one partner.
 *
 * @example
 * ```ts
 * const diiaId: DiiaId = createDiiaId({ transport, verify });
 * ```
 */
export interface DiiaId {
  /** Makes the signing offer request for `files` and opens its session. */
  signFiles(request: SignFilesRequest, options?: CallOptions): Promise<DiiaIdSession<SigningResult>>;
  /** Makes the login offer request with the hashed request id and opens its session. */
  login(request: LoginRequest, options?: CallOptions): Promise<DiiaIdSession<LoginResult>>;
  /**
   * Reattaches to a stored request by the id the platform echoes (the signing request id, or a login's
   * hashed id): another process, or after a restart with a shared store. Undefined when unknown.
   */
  session(id: string): Promise<DiiaIdSession<DiiaIdResult> | undefined>;
  /** The webhook for Diia ID deliveries (see `dispatchDeliveries` for one URL with documents). */
  readonly webhook: (request: Request) => Promise<Response>;
  /** The store the requests and results live in. */
  readonly store: DiiaIdStore;
}

/**
 * Creates Diia ID for one partner.
 *
 * @example
 * ```ts
 * const diiaId = createDiiaId({ transport: diiaTransport({ baseUrl, acquirerToken }), verify });
 * const session = await diiaId.signFiles({ branchId, offerId, files: [{ name: 'application.pdf', bytes }] });
 * showQrCode(session.deeplink);
 * const { files } = await session.result();
 * ```
 */
export function createDiiaId(options: DiiaIdOptions): DiiaId {
  refuseUnknownOptions(
    options,
    optionKeys<DiiaIdOptions>({
      transport: true,
      verify: true,
      store: true,
      clock: true,
      signAlgo: true,
      fileDigest: true,
      loginHash: true,
      lifetime: true,
      limits: true,
      webhookLimits: true,
      logger: true,
      sleep: true,
    }),
    'createDiiaId',
  );
  refuseUnknownOptions(
    options.limits,
    optionKeys<DiiaIdRequestLimits>({ maxFiles: true, maxFileBytes: true }),
    'createDiiaId limits',
  );
  const { transport, verify } = options;
  if (typeof transport?.createOfferRequest !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'createDiiaId: transport must have createOfferRequest',
    });
  checkSignAlgo(options.signAlgo);
  checkDigest(options.fileDigest);
  const clock = options.clock ?? systemClock;
  const store = options.store ?? memoryDiiaIdStore({ clock });
  const loginHash = options.loginHash ?? 'java-py';
  checkLoginHashRule(loginHash);
  const lifetimeMs = lifetimeOf(options.lifetime ?? '180s');
  const maxFiles = positive(options.limits?.maxFiles ?? 32, 'limits.maxFiles');
  const maxFileBytes = positive(options.limits?.maxFileBytes ?? 64 * 1024 * 1024, 'limits.maxFileBytes');
  // A request the webhook could never take back is refused here, not discovered when its delivery fails.
  const maxItems = options.webhookLimits?.maxItems ?? DIIA_ID_WEBHOOK_DEFAULTS.maxItems;
  if (maxFiles > maxItems)
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: `limits.maxFiles (${maxFiles}) is more than the webhook takes (webhookLimits.maxItems ${maxItems})`,
    });
  const wait = options.sleep ?? sleep;
  const webhook = createDiiaIdWebhook({
    store,
    verify,
    clock,
    ...(options.webhookLimits ? { limits: options.webhookLimits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });

  const open = async (
    record: Omit<DiiaIdRecord, 'deeplink' | 'state' | 'createdAt' | 'expiresAt' | 'updatedAt'>,
    sent: { readonly signAlgo?: SignAlgo; readonly returnLink?: string; readonly lifetime?: Duration },
    data:
      | { readonly hashedFilesSigning: { readonly hashedFiles: { fileName: string; fileHash: string }[] } }
      | undefined,
    callOptions: CallOptions | undefined,
  ) => {
    const lifetime = sent.lifetime === undefined ? lifetimeMs : lifetimeOf(sent.lifetime);
    const { deeplink } = await transport.createOfferRequest(
      {
        branchId: record.branchId,
        offerId: record.offerId,
        requestId: record.id,
        ...(sent.returnLink !== undefined ? { returnLink: sent.returnLink } : {}),
        ...(sent.signAlgo !== undefined ? { signAlgo: sent.signAlgo } : {}),
        ...(data ? { data } : {}),
      },
      callOptions,
    );
    // Stored before the deeplink is handed out: the holder cannot deliver for a link not yet shown.
    const now = clock.now();
    const stored: DiiaIdRecord = {
      ...record,
      deeplink,
      state: 'pending',
      createdAt: now,
      expiresAt: now + lifetime,
      updatedAt: now,
    };
    await store.create(stored);
    return stored;
  };

  return {
    webhook,
    store,
    async session(id) {
      if (typeof id !== 'string' || id.length < 1 || id.length > 256) return undefined;
      const record = await store.get(id);
      return record ? sessionOf<DiiaIdResult>(record) : undefined;
    },
    async signFiles(request, callOptions) {
      refuseUnknownOptions(
        request,
        optionKeys<SignFilesRequest>({
          branchId: true,
          offerId: true,
          files: true,
          signAlgo: true,
          fileDigest: true,
          returnLink: true,
          requestId: true,
          lifetime: true,
        }),
        'signFiles',
      );
      const sendAlgo = request.signAlgo ?? options.signAlgo;
      checkSignAlgo(sendAlgo);
      checkDigest(request.fileDigest);
      const signAlgo = sendAlgo ?? 'DSTU';
      const digestAlgorithm = request.fileDigest ?? options.fileDigest ?? defaultFileDigest(signAlgo);
      const requestId = request.requestId ?? crypto.randomUUID();
      if (!isUuid(requestId))
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'requestId must be a UUID' });
      const files = await hashFiles(request.files, digestAlgorithm, maxFiles, maxFileBytes);
      const record = await open(
        {
          id: requestId.toLowerCase(),
          flow: 'hashedFilesSigning',
          requestId: requestId.toLowerCase(),
          branchId: text(request.branchId, 'branchId'),
          offerId: text(request.offerId, 'offerId'),
          signAlgo,
          digestAlgorithm,
          files,
        },
        { ...optional(request), ...(sendAlgo ? { signAlgo: sendAlgo } : {}) },
        {
          hashedFilesSigning: {
            hashedFiles: files.map((file) => ({ fileName: file.name, fileHash: encodeBase64(file.digest) })),
          },
        },
        callOptions,
      );
      return sessionOf<SigningResult>(record);
    },
    async login(request, callOptions) {
      refuseUnknownOptions(
        request,
        optionKeys<LoginRequest>({
          branchId: true,
          offerId: true,
          signAlgo: true,
          returnLink: true,
          requestId: true,
          lifetime: true,
        }),
        'login',
      );
      const sendAlgo = request.signAlgo ?? options.signAlgo;
      checkSignAlgo(sendAlgo);
      const signAlgo = sendAlgo ?? 'DSTU';
      const ids = await loginIds(loginHash, signAlgo, request.requestId);
      const record = await open(
        {
          id: ids.hashedRequestId,
          flow: 'auth',
          requestId: ids.requestId,
          branchId: text(request.branchId, 'branchId'),
          offerId: text(request.offerId, 'offerId'),
          signAlgo,
          digestAlgorithm: ids.digestAlgorithm,
          files: [{ name: '', digest: ids.digest }],
        },
        { ...optional(request), ...(sendAlgo ? { signAlgo: sendAlgo } : {}) },
        undefined,
        callOptions,
      );
      return sessionOf<LoginResult>(record);
    },
  };

  function sessionOf<R extends DiiaIdResult>(record: DiiaIdRecord): DiiaIdSession<R> {
    const load = async () => {
      const current = await store.get(record.id);
      if (!current) throw new AcceptError('DIIA_ID_SESSION_UNKNOWN');
      return current;
    };
    return {
      requestId: record.requestId,
      ...(record.flow === 'auth' ? { hashedRequestId: record.id } : {}),
      deeplink: record.deeplink,
      expiresAt: record.expiresAt,
      async state() {
        return (await load()).state;
      },
      async cancel() {
        return (await store.end(record.id, 'cancelled')) !== undefined;
      },
      async result(waitOptions = {}) {
        const outer = waitOptions.signal;
        for (;;) {
          if (outer?.aborted) throw new AcceptError('ABORTED', { cause: outer.reason });
          const current = await load();
          if (current.state === 'delivered') {
            const result = await store.getResult(record.id);
            if (!result)
              throw new AcceptError('DIIA_ID_SESSION_UNKNOWN', { detail: 'delivered but not stored' });
            return result as R;
          }
          if (current.state === 'expired') throw new AcceptError('DIIA_ID_EXPIRED');
          if (current.state === 'cancelled') throw new AcceptError('DIIA_ID_CANCELLED');
          const left = current.expiresAt - clock.now();
          if (left <= 0) {
            await store.end(record.id, 'expired');
            continue;
          }
          const round = new AbortController();
          const stop = () => round.abort(outer?.reason);
          outer?.addEventListener('abort', stop, { once: true });
          try {
            await Promise.race([store.watch(record.id, { signal: round.signal }), wait(left, round.signal)]);
          } catch (error) {
            if (outer?.aborted) throw new AcceptError('ABORTED', { cause: outer.reason });
            if (!isAcceptError(error, 'ABORTED')) throw error;
          } finally {
            outer?.removeEventListener('abort', stop);
            round.abort();
          }
        }
      },
    };
  }
}

/** Names checked (safe as they are, unique), count and sizes bounded, each file's digest computed or checked. */
async function hashFiles(
  files: readonly DiiaIdFile[],
  algorithm: DigestAlgorithm,
  maxFiles: number,
  maxFileBytes: number,
): Promise<{ readonly name: string; readonly digest: Uint8Array }[]> {
  if (!Array.isArray(files) || files.length < 1 || files.length > maxFiles)
    throw new AcceptError('INVALID_ARGUMENT', { detail: `files must list 1 to ${maxFiles} files` });
  const names = new Set<string>();
  const out: { readonly name: string; readonly digest: Uint8Array }[] = [];
  for (const [i, file] of files.entries()) {
    if (typeof file !== 'object' || file === null)
      throw new AcceptError('INVALID_ARGUMENT', { detail: `files[${i}] must be an object` });
    refuseUnknownOptions(file, FILE_KEYS, `files[${i}]`);
    const { name } = file;
    // The name comes back as signedItems[].name and may end up as a file name: it must be safe as it is.
    if (typeof name !== 'string' || safeFileName(name) !== name)
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: `files[${i}].name must be 1 to 128 characters, no path, control characters or :*?"<>|`,
      });
    if (names.has(name))
      throw new AcceptError('INVALID_ARGUMENT', { detail: `files[${i}].name is not unique` });
    names.add(name);
    const hasBytes = 'bytes' in file && file.bytes !== undefined;
    const hasDigest = 'digest' in file && file.digest !== undefined;
    if (hasBytes === hasDigest)
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: `files[${i}] must have exactly one of bytes and digest`,
      });
    let digest: Uint8Array;
    if (hasBytes) {
      const { bytes } = file as { bytes: unknown };
      if (!(bytes instanceof Uint8Array))
        throw new AcceptError('INVALID_ARGUMENT', { detail: `files[${i}].bytes must be a Uint8Array` });
      if (bytes.length > maxFileBytes)
        throw new AcceptError('INVALID_ARGUMENT', { detail: `files[${i}] is over ${maxFileBytes} bytes` });
      digest = await digestOf(bytes, algorithm);
    } else {
      digest = partnerDigest((file as { digest: unknown }).digest, algorithm, `files[${i}].digest`);
    }
    out.push({ name, digest });
  }
  return out;
}

const FILE_KEYS: ReadonlySet<string> = new Set(['name', 'bytes', 'digest']);

function optional(request: { readonly returnLink?: string; readonly lifetime?: Duration }) {
  return {
    ...(request.returnLink !== undefined ? { returnLink: request.returnLink } : {}),
    ...(request.lifetime !== undefined ? { lifetime: request.lifetime } : {}),
  };
}

function checkSignAlgo(value: unknown): void {
  if (value !== undefined && value !== 'DSTU' && value !== 'ECDSA')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'signAlgo must be DSTU or ECDSA' });
}

function checkDigest(value: unknown): void {
  if (value !== undefined && !isDigestAlgorithm(value))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'fileDigest must be gost34311, sha256 or sha384' });
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 256)
    throw new AcceptError('INVALID_ARGUMENT', { detail: `${what} must be 1 to 256 characters` });
  return value;
}

function positive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new AcceptError('INVALID_ARGUMENT', { detail: `${what} must be a positive whole number` });
  return value;
}

function lifetimeOf(value: Duration): number {
  const ms = parseDuration(value);
  if (ms < 1) throw new AcceptError('INVALID_ARGUMENT', { detail: 'lifetime must be positive' });
  return ms;
}
