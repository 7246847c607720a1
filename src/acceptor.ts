/**
 * The facade: one object per branch (desk or office) with a call for each flow at the desk, wired from
 * the ports the partner provides. Everything it does can also be done piece by piece through
 * `diia-accept/verify`, `diia-accept/share` and `diia-accept/scanner`.
 *
 * @module
 */
import { type Clock, type Duration, systemClock } from './clock.js';
import type { DigestAlgorithm, LoginHashRule, SignAlgo } from './diia-id/digests.js';
import {
  createDiiaId,
  type DiiaId,
  type DiiaIdSession,
  type LoginRequest,
  type SignFilesRequest,
} from './diia-id/diia-id.js';
import type { DiiaIdStore } from './diia-id/store.js';
import type { DiiaIdVerify, LoginResult, SigningResult } from './diia-id/types.js';
import { type DiiaIdLogEntry, dispatchDeliveries } from './diia-id/webhook.js';
import type { DocumentType } from './documents.js';
import { AcceptError } from './errors.js';
import { optionKeys, refuseUnknownOptions } from './options.js';
import type { Opener } from './profiles/port.js';
import { checkScanOptions, parseScan, printScan, type ScanOptions } from './scanner/parse.js';
import type { ParsedScan } from './scanner/scans.js';
import type { ShareSession } from './share/consent-session.js';
import type { MultipartLimits } from './share/multipart.js';
import { createShare, type Share } from './share/request.js';
import { memoryShareStore, type ShareStore } from './share/store.js';
import { createWebhookHandler, type DeliveryPartLimits, type WebhookLogEntry } from './share/webhook.js';
import type { PlatformTransport } from './transport/port.js';
import { type IdentifyOptions, type IdentifyResult, identify } from './verify/identify.js';
import { memoryReplayGuard, type ReplayGuard } from './verify/replay.js';
import type { TrustStore } from './verify/trust.js';

/**
 * Options of {@link createAcceptor}. Only `transport`, `trust` and `branchId` are required; stores are
 * in memory unless given (give shared ones, such as Redis, when several instances serve one branch).
 *
 * @example
 * ```ts
 * import type { AcceptorOptions } from 'diia-accept';
 * const options: AcceptorOptions = { transport, trust, branchId: 'branch-1', opener };
 * ```
 */
export interface AcceptorOptions {
  /** The platform's partner API (`diiaTransport(…)` from `diia-accept/transport`). */
  readonly transport: PlatformTransport;
  /** The platform's keys (`remoteJwks(…)` from `diia-accept/verify`). */
  readonly trust: TrustStore;
  /** The branch this acceptor works for. */
  readonly branchId: string;
  /** Where single-use codes and share sessions are kept. Default: in memory. */
  readonly stores?: { readonly replay?: ReplayGuard; readonly share?: ShareStore };
  /** Opens delivered copies (`joseOpener(…)` or the dstu profile's). Needed only by `webhook`. */
  readonly opener?: Opener;
  readonly clock?: Clock;
  /** How long the holder has to consent. Default `'180s'`. */
  readonly shareTimeout?: Duration;
  /** How often a waiting share asks the platform for its status. Default `'5s'`. */
  readonly pollInterval?: Duration;
  /** Caps on webhook bodies. */
  readonly webhookLimits?: MultipartLimits;
  /** Caps on each webhook part by kind (sealed file, metadata, file name). */
  readonly webhookPartLimits?: DeliveryPartLimits;
  /** Receives the webhook's log entries (codes and request ids only), of copies and of Diia ID. */
  readonly logger?: (entry: WebhookLogEntry | DiiaIdLogEntry) => void;
  /**
   * How scans are read (allowed link hosts, length). They govern every scan this acceptor takes: a scan
   * parsed elsewhere (a wedge's, a camera's) is read again under them.
   */
  readonly scan?: ScanOptions;
  /**
   * How codes are checked: `online: true` also confirms signed tokens with the platform; the accepted token
   * issuers, the clock skew allowed and the platform call's timeout.
   */
  readonly verify?: Pick<IdentifyOptions, 'online' | 'issuer' | 'clockTolerance' | 'timeout'>;
  /** Diia ID (the holder signs files, or logs in, in the app): enables `signFiles` and `login`. */
  readonly diiaId?: AcceptorDiiaIdOptions;
}

/**
 * The Diia ID settings of {@link createAcceptor}. Give `caCertificates` (the signers' CAs), or a verifier
 * of your own as `verify`.
 *
 * @example
 * ```ts
 * const diiaId: AcceptorDiiaIdOptions = { caCertificates: [await readFile('CACertificates.p7b')] };
 * ```
 */
export interface AcceptorDiiaIdOptions {
  /**
   * The CA certificates a signer's chain must reach: DER certificates and/or `.p7b` bundles (the
   * `CACertificates.p7b` of the Ukrainian qualified trust service providers holds the DSTU and the ECDSA
   * CAs). Used by `diiaIdVerifier` from `diia-accept/diia-id`, loaded when first needed.
   */
  readonly caCertificates?: readonly Uint8Array[];
  /** A verifier of your own instead (the `DiiaIdVerify` port). */
  readonly verify?: DiiaIdVerify;
  /** Where Diia ID requests and results are kept. Default: in memory. */
  readonly store?: DiiaIdStore;
  /** The holder's algorithm, sent as `signAlgo` when set. Default: not sent, verified as `DSTU`. */
  readonly signAlgo?: SignAlgo;
  /** The `fileHash` digest. Default `gost34311` for DSTU, `sha256` for ECDSA. */
  readonly fileDigest?: DigestAlgorithm;
  /** The login's hash rule. Default `'java-py'` (see the Diia ID guide for each official SDK's rule). */
  readonly loginHash?: LoginHashRule;
  /** How long a request waits for the holder. Default `'180s'`. */
  readonly lifetime?: Duration;
  /** How far a signing time may lie outside the request's lifetime. Default `'5m'`. */
  readonly maxClockSkew?: Duration;
}

/**
 * What a scan can be given as: the scanner's raw text or bytes, or an already parsed scan.
 *
 * @example
 * ```ts
 * await acceptor.identify('2858364170864\r\n'); // raw scanner text
 * await acceptor.identify(parseScan(text)); // or a parsed scan
 * ```
 */
export type ScanInput = string | Uint8Array | ParsedScan;

/**
 * The three things that happen at the desk, for one branch.
 *
 * @example
 * ```ts
 * const result = await acceptor.identify(scannedText);
 * if (result.status === 'valid') {
 *   const session = await acceptor.requestCopy(barcodeText); // what the holder shows is what comes
 *   const { copies, receipt } = await session.result();
 * }
 * ```
 */
export interface Acceptor {
  /** Validity check and identity confirmation of a scanned code; never throws, never returns personal data. */
  identify(scan: ScanInput, options?: { readonly signal?: AbortSignal }): Promise<IdentifyResult>;
  /**
   * Asks for a copy by the scanned barcode; the session resolves when the verified copy is stored. The
   * platform's request names no type: the document the holder shows is what comes. `documentTypes`, when
   * given, is what the desk accepts (`['passport']` takes an `internal-passport` or a `foreign-passport`);
   * anything else is refused at the webhook.
   */
  requestCopy(
    scan: ScanInput,
    documentTypes?: readonly DocumentType[],
    options?: { readonly timeout?: Duration; readonly signal?: AbortSignal },
  ): Promise<ShareSession>;
  /**
   * Makes a deeplink for one of the branch's offers; show `session.deeplink` as a QR code. The offer's
   * scopes decide what comes; `documentTypes`, when given, is checked against the delivery.
   */
  offer(request: {
    readonly offerId: string;
    readonly documentTypes?: readonly DocumentType[];
    readonly returnLink?: string;
    readonly timeout?: Duration;
    readonly signal?: AbortSignal;
  }): Promise<ShareSession>;
  /**
   * Diia ID: makes the signing request for the hashes of `files` (bytes are hashed here); show
   * `session.deeplink` as a QR code, then `await session.result()` for each file's verified signature and
   * signer. Needs the `diiaId` option. **Personal data** in the result: never log it.
   */
  signFiles(
    request: Omit<SignFilesRequest, 'branchId'>,
    options?: { readonly signal?: AbortSignal },
  ): Promise<DiiaIdSession<SigningResult>>;
  /**
   * Diia ID: makes the login request (the holder signs a hashed request id); the result names the person
   * (full name, tax number) on purpose. Needs the `diiaId` option. **Personal data**: never log it.
   */
  login(
    request: Omit<LoginRequest, 'branchId'>,
    options?: { readonly signal?: AbortSignal },
  ): Promise<DiiaIdSession<LoginResult>>;
  /**
   * The webhook for the platform's deliveries: mount it at the URL registered for the branch. With the
   * `diiaId` option it also takes Diia ID deliveries (those with an `X-Diia-Id-Action` header).
   */
  readonly webhook: (request: Request) => Promise<Response>;
  /** Share sessions: reattach by request id, and the store they live in. */
  readonly sessions: Pick<Share, 'session' | 'store'>;
  /**
   * Diia ID sessions: reattach by the id the platform echoes (a signing request id, or a login's hashed
   * id), and the store. Undefined without the `diiaId` option.
   */
  readonly diiaIdSessions: Pick<DiiaId, 'session' | 'store'> | undefined;
}

/**
 * Creates the acceptor for one branch.
 *
 * @example
 * ```ts
 * import { createAcceptor } from 'diia-accept';
 * import { diiaTransport } from 'diia-accept/transport';
 * import { remoteJwks } from 'diia-accept/verify';
 * import { joseOpener } from 'diia-accept/profiles/jose';
 *
 * const trust = remoteJwks('https://platform.example/.well-known/jwks.json');
 * const acceptor = createAcceptor({
 *   transport: diiaTransport({ baseUrl: 'https://api2s.diia.gov.ua', acquirerToken }),
 *   trust,
 *   branchId: 'branch-1',
 *   opener: joseOpener({ decryptionKey: partnerPrivateJwk, trust }),
 * });
 * ```
 */
export function createAcceptor(options: AcceptorOptions): Acceptor {
  refuseUnknownOptions(
    options,
    optionKeys<AcceptorOptions>({
      transport: true,
      trust: true,
      branchId: true,
      stores: true,
      opener: true,
      clock: true,
      shareTimeout: true,
      pollInterval: true,
      webhookLimits: true,
      webhookPartLimits: true,
      logger: true,
      scan: true,
      verify: true,
      diiaId: true,
    }),
    'createAcceptor',
  );
  const { transport, trust, branchId } = options;
  if (typeof branchId !== 'string' || branchId.length === 0) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'branchId is required' });
  }
  const clock = options.clock ?? systemClock;
  const replay = options.stores?.replay ?? memoryReplayGuard({ clock });
  const store = options.stores?.share ?? memoryShareStore({ clock });
  const share = createShare({
    transport,
    store,
    clock,
    ...(options.shareTimeout !== undefined ? { timeout: options.shareTimeout } : {}),
    ...(options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {}),
  });
  checkScanOptions(options.scan);
  // A scan parsed elsewhere was read under someone else's options (a wedge that allows another host): read
  // its printed text again under this acceptor's own.
  const parse = (scan: ScanInput): ParsedScan => {
    if (typeof scan === 'string' || scan instanceof Uint8Array) return parseScan(scan, options.scan);
    if (typeof scan !== 'object' || scan === null || scan.kind === 'unknown') return scan;
    const again = parseScan(printScan(scan), options.scan);
    return again.kind === 'unknown' ? again : { ...again, symbology: scan.symbology };
  };

  const opener = options.opener;
  const webhook = opener
    ? createWebhookHandler({
        opener,
        store,
        clock,
        branchIds: [branchId],
        ...(options.webhookLimits ? { limits: options.webhookLimits } : {}),
        ...(options.webhookPartLimits ? { partLimits: options.webhookPartLimits } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      })
    : async () => {
        throw new AcceptError('INVALID_ARGUMENT', {
          detail: 'createAcceptor needs an opener for the webhook',
        });
      };

  const diiaId = options.diiaId
    ? acceptorDiiaId(options.diiaId, transport, clock, options.logger)
    : undefined;
  // The verifier is ready (and its CA certificates read) before the platform is asked to sign.
  const needDiiaId = async (): Promise<DiiaId> => {
    if (!diiaId)
      throw new AcceptError('INVALID_ARGUMENT', {
        detail: 'createAcceptor needs the diiaId option for Diia ID',
      });
    await diiaId.ready();
    return diiaId.flows;
  };

  return {
    identify(scan, callOptions = {}) {
      return identify(parse(scan), {
        ...options.verify,
        transport,
        branchId,
        trust,
        replay,
        clock,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
    },
    async requestCopy(scan, documentTypes, callOptions = {}) {
      const parsed = parse(scan);
      if (parsed.kind === 'unknown') throw parsed.error;
      if (parsed.kind !== 'barcode') {
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'a copy is requested by the barcode' });
      }
      return share.request({
        branchId,
        barcode: parsed.barcode,
        ...(documentTypes !== undefined ? { documentTypes } : {}),
        ...(callOptions.timeout !== undefined ? { timeout: callOptions.timeout } : {}),
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      });
    },
    offer(request) {
      return share.offer({ ...request, branchId });
    },
    async signFiles(request, callOptions = {}) {
      return (await needDiiaId()).signFiles({ ...request, branchId }, callOptions);
    },
    async login(request, callOptions = {}) {
      return (await needDiiaId()).login({ ...request, branchId }, callOptions);
    },
    webhook: diiaId ? dispatchDeliveries({ documents: webhook, diiaId: diiaId.flows.webhook }) : webhook,
    sessions: { session: share.session, store },
    diiaIdSessions: diiaId ? { session: diiaId.flows.session, store: diiaId.flows.store } : undefined,
  };
}

const DIIA_ID_KEYS = optionKeys<AcceptorDiiaIdOptions>({
  caCertificates: true,
  verify: true,
  store: true,
  signAlgo: true,
  fileDigest: true,
  loginHash: true,
  lifetime: true,
  maxClockSkew: true,
});

/**
 * Diia ID for the acceptor. The verifier (DSTU CAdES and ECDSA; the DSTU code is the larger part of the
 * SDK) is a separate chunk loaded on the first `signFiles` or `login`, so an acceptor that never uses
 * Diia ID does not load it; a bad CA certificate refuses that first call, before the platform is asked.
 */
function acceptorDiiaId(
  settings: AcceptorDiiaIdOptions,
  transport: PlatformTransport,
  clock: Clock,
  logger: AcceptorOptions['logger'],
): { readonly flows: DiiaId; readonly ready: () => Promise<unknown> } {
  refuseUnknownOptions(settings, DIIA_ID_KEYS, 'createAcceptor diiaId');
  const { caCertificates, verify: own, maxClockSkew } = settings;
  if ((caCertificates === undefined) === (own === undefined))
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'createAcceptor diiaId: give caCertificates or verify (one of them)',
    });
  if (own !== undefined && typeof own !== 'function')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'createAcceptor diiaId.verify must be a function' });
  if (
    caCertificates !== undefined &&
    (!Array.isArray(caCertificates) ||
      caCertificates.length === 0 ||
      !caCertificates.every((c) => c instanceof Uint8Array))
  )
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'createAcceptor diiaId.caCertificates must be a non-empty array of Uint8Array',
    });
  let loaded: Promise<DiiaIdVerify> | undefined;
  const ready = (): Promise<DiiaIdVerify> => {
    loaded ??= own
      ? Promise.resolve(own)
      : import('./diia-id/verify.js').then(({ diiaIdVerifier }) =>
          diiaIdVerifier({
            caCertificates: caCertificates as readonly Uint8Array[],
            clock,
            ...(maxClockSkew !== undefined ? { maxClockSkew } : {}),
          }),
        );
    return loaded;
  };
  const verify: DiiaIdVerify = async (signature, context) => (await ready())(signature, context);
  const flows = createDiiaId({
    transport,
    verify,
    clock,
    ...(settings.store ? { store: settings.store } : {}),
    ...(settings.signAlgo ? { signAlgo: settings.signAlgo } : {}),
    ...(settings.fileDigest ? { fileDigest: settings.fileDigest } : {}),
    ...(settings.loginHash ? { loginHash: settings.loginHash } : {}),
    ...(settings.lifetime !== undefined ? { lifetime: settings.lifetime } : {}),
    ...(logger ? { logger } : {}),
  });
  return { flows, ready };
}
