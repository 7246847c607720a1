/**
 * `createSandbox()`: a local stand-in for the platform on loopback, speaking its partner API over real HTTP,
 * with controls for the holder's app, the platform's keys and faults (docs/sandbox.md).
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { DOCUMENT_TYPES } from '../documents.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import {
  type FileSignatureAlgorithm,
  type GeneratedKeys,
  generatePartnerKeys,
  generatePlatformKeys,
  joseOpener,
  joseSealer,
} from '../profiles/jose/index.js';
import type { Opener, Sealer } from '../profiles/port.js';
import type { Branch, BranchInput } from '../transport/port.js';
import type { TrustStore } from '../verify/trust.js';
import { handleApi } from './api.js';
import { createBranch, createOffer } from './api-setup.js';
import type { ApiCall, ApiFault, SandboxContext } from './context.js';
import { createCourier, type SandboxDeliveryOptions, type SandboxDeliveryRecord } from './courier.js';
import {
  checkFault,
  diiaIdApp,
  readDiiaIdOptions,
  type SandboxDiiaId,
  type SandboxDiiaIdFault,
  type SandboxDiiaIdOptions,
} from './diia-id.js';
import { DSTU_FORMAT, dstuSandboxSealer, type SandboxDstuOptions } from './dstu.js';
import { type ConsentPolicy, createHolder, type SandboxHolder } from './holder.js';
import { sandboxRandom } from './random.js';
import { createScheduler } from './scheduler.js';
import {
  currentStatus,
  emptyState,
  type PlatformShare,
  requestKey,
  type SandboxShareStatus,
} from './state.js';

/**
 * Options of {@link createSandbox}. Everything has a default; a seed and a manual clock make it deterministic.
 *
 * @example
 * ```ts
 * const options: SandboxOptions = { seed: 42, consent: 'approve', webhookUrl: 'http://127.0.0.1:8080/diia' };
 * ```
 */
export interface SandboxOptions {
  /** TCP port; 0 (any free port) by default. */
  readonly port?: number;
  /** A loopback address: `'127.0.0.1'` (default), `'::1'` or `'localhost'`. */
  readonly host?: '127.0.0.1' | '::1' | 'localhost';
  /** The sandbox's time. A manual clock (with `advance`) makes delayed work wait for {@link Sandbox.advance}. */
  readonly clock?: Clock;
  /** Seed of every id, barcode, one-time code and multipart boundary; random by default. */
  readonly seed?: string | number;
  /**
   * How deliveries are sealed: `'jose'` (the default, docs/protocol.md §4) or `'dstu'`, as the real platform
   * seals them (base64 CMS EnvelopedData around SignedData, files named `….pdf.p7s.p7e`), with the keys in
   * {@link SandboxOptions.dstu}. Either way the holder's signed document tokens stay jose-signed with the
   * sandbox's JWKS keys: the real platform shows no signed tokens at all, so there is no real format to copy.
   */
  readonly profile?: 'jose' | 'dstu';
  /** With `profile: 'dstu'`: the platform's key container and the partner's key-agreement certificate. */
  readonly dstu?: SandboxDstuOptions;
  /** The acquirer token to log in with; made from the seed by default. */
  readonly acquirerToken?: string;
  /** When set, login also needs `Authorization: Basic {authAcquirerToken}`. */
  readonly authAcquirerToken?: string;
  /** How the holder answers consent requests; `'approve'` by default. */
  readonly consent?: ConsentPolicy;
  /** Retries, time-outs and faults of deliveries. */
  readonly delivery?: SandboxDeliveryOptions;
  /** The webhook for every branch without its own (see {@link Sandbox.setWebhook}). */
  readonly webhookUrl?: string;
  /** The partner's key pair to seal to; made fresh (kid `sandbox-partner-1`) by default. */
  readonly partnerKeys?: GeneratedKeys;
  /** The platform's signature algorithm; `'ES256'` by default. */
  readonly signatureAlgorithm?: FileSignatureAlgorithm;
  /** `iss` of document tokens; `'urn:diia-accept:sandbox'` by default. */
  readonly issuer?: string;
  /** Lifetime of document codes; `'180s'`. */
  readonly codeLifetime?: Duration;
  /** How long a share request waits for consent (and a deeplink to be opened); `'180s'`. */
  readonly requestLifetime?: Duration;
  /** Lifetime of a session token; `'2h'`. */
  readonly sessionLifetime?: Duration;
  /** `'auto'` (default): a new deeplink is opened by the holder at once; `'manual'`: wait for `openDeeplink`. */
  readonly deeplinks?: 'auto' | 'manual';
  /**
   * The passport the holder has: a request for `passport` (a request-only type) is delivered as this.
   * `'internal-passport'` (the ID card) by default; `'foreign-passport'` for a holder who has only that.
   */
  readonly holderPassport?: 'internal-passport' | 'foreign-passport';
  /** Answer 429 beyond `limit` calls per `window` of the sandbox clock. */
  readonly rateLimit?: { readonly limit: number; readonly window: Duration };
  /**
   * Turns on Diia ID (`{}` for the defaults): the sandbox's own DSTU and ECDSA test CAs, and a holder's app
   * that signs the file hashes (or the login's hashed id) of a request for an offer with a `diiaId` scope
   * and delivers them to the branch's webhook. Off by default: making the CAs takes a moment.
   */
  readonly diiaId?: SandboxDiiaIdOptions;
}

/**
 * A running sandbox.
 *
 * @example
 * ```ts
 * const sandbox = await createSandbox({ seed: 1 });
 * const branch = sandbox.addBranch({}, { webhookUrl });
 * const shown = await sandbox.holder.showDocument('passport');
 * // … the partner's code under test talks to sandbox.url with sandbox.acquirerToken …
 * await sandbox.close();
 * ```
 */
export interface Sandbox {
  /** `http://127.0.0.1:{port}`: the base URL of the partner API. */
  readonly url: string;
  /** `{url}/.well-known/jwks.json`. */
  readonly jwksUrl: string;
  /** The acquirer token that logs in. */
  readonly acquirerToken: string;
  /** The sandbox's clock. */
  readonly clock: Clock;
  /** The holder's app. */
  readonly holder: SandboxHolder;
  /** The partner's key pair the deliveries are sealed to (the private half opens them). */
  readonly partnerKeys: GeneratedKeys;
  /** The platform's current signing key (public and private; the private half is for tests only). */
  readonly platformKey: GeneratedKeys;
  /** A trust store of the platform's listed keys, resolved in-process. */
  readonly trust: TrustStore;
  /** Every call of the partner API so far (without headers). */
  readonly calls: readonly ApiCall[];
  /** Every delivery so far. */
  readonly deliveries: readonly SandboxDeliveryRecord[];
  /** Diia ID, when the sandbox was made with {@link SandboxOptions.diiaId}; undefined otherwise. */
  readonly diiaId: SandboxDiiaId | undefined;
  /** The JWKS the sandbox publishes. */
  jwks(): { readonly keys: readonly object[] };
  /** A jose opener with the partner's private key and {@link Sandbox.trust} (for jose deliveries only). */
  opener(): Opener;
  /** Starts using a new signing key; the previous stay listed unless `keepPrevious` is false. Returns its kid. */
  rotateKeys(options?: { readonly keepPrevious?: boolean }): Promise<string>;
  /** Creates a branch without the API (all document scopes by default), optionally with its webhook. */
  addBranch(input?: Partial<BranchInput>, options?: { readonly webhookUrl?: string }): Branch;
  /** Sets or removes a branch's webhook URL. */
  setWebhook(branchId: string, url: string | undefined): void;
  /** The status the sandbox would answer for a request. */
  status(requestId: string): SandboxShareStatus | undefined;
  /** Resolves when the request's delivery was accepted (with duplicates sent); rejects `SHARE_FAILED` otherwise. */
  delivered(requestId: string, options?: { readonly signal?: AbortSignal }): Promise<SandboxDeliveryRecord>;
  /** Answers the next matching API call(s) with a fault. */
  injectFault(fault: ApiFault): void;
  /** Ends every session: the next call answers 401. */
  revokeSessions(): void;
  /** Manual clock only: moves time and runs what fell due (consent, retries, delayed deliveries). */
  advance(duration: Duration): Promise<void>;
  /** Resolves when no work of the sandbox is running or due now. */
  settled(): Promise<void>;
  /** Stops the server and all pending work. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function holderPassportOf(value: unknown): 'internal-passport' | 'foreign-passport' {
  if (value === undefined) return 'internal-passport';
  if (value === 'internal-passport' || value === 'foreign-passport') return value;
  throw new AcceptError('INVALID_ARGUMENT', {
    detail: 'holderPassport must be internal-passport or foreign-passport',
  });
}

/**
 * Starts a sandbox platform on loopback. See docs/sandbox.md for what it does and does not emulate.
 *
 * @example
 * ```ts
 * import { createSandbox } from 'diia-accept/sandbox';
 * const sandbox = await createSandbox({ seed: 'demo', consent: { after: '2s', answer: 'approve' } });
 * console.log(sandbox.url, sandbox.acquirerToken);
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  refuseUnknownOptions(
    options,
    optionKeys<SandboxOptions>({
      port: true,
      host: true,
      clock: true,
      seed: true,
      holderPassport: true,
      profile: true,
      dstu: true,
      acquirerToken: true,
      authAcquirerToken: true,
      consent: true,
      delivery: true,
      webhookUrl: true,
      partnerKeys: true,
      signatureAlgorithm: true,
      issuer: true,
      codeLifetime: true,
      requestLifetime: true,
      sessionLifetime: true,
      deeplinks: true,
      rateLimit: true,
      diiaId: true,
    }),
    'createSandbox',
  );
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'the sandbox listens on loopback only' });
  const profile = options.profile ?? 'jose';
  if (profile !== 'jose' && profile !== 'dstu')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'profile must be jose or dstu' });
  const clock = options.clock ?? systemClock;
  refuseUnknownOptions(
    options.rateLimit,
    optionKeys<NonNullable<SandboxOptions['rateLimit']>>({ limit: true, window: true }),
    'createSandbox rateLimit',
  );
  refuseUnknownOptions(
    options.dstu,
    optionKeys<SandboxDstuOptions>({ platformKeys: true, partnerCertificate: true }),
    'createSandbox dstu',
  );
  const dstuSealer = profile === 'dstu' ? await dstuSandboxSealer(options.dstu, clock) : undefined;
  const manual =
    options.clock !== undefined && typeof (options.clock as { advance?: unknown }).advance === 'function';
  const seed = String(options.seed ?? crypto.randomUUID());
  const random = sandboxRandom(seed);
  const diiaIdOptions = options.diiaId === undefined ? undefined : readDiiaIdOptions(options.diiaId);
  let diiaIdFault = diiaIdOptions?.fault;
  // The signing code (and DSTU) is loaded only for a sandbox with Diia ID on.
  const diiaIdSigning = diiaIdOptions ? await import('./diia-id-sign.js') : undefined;
  const diiaIdSigner = diiaIdSigning ? await diiaIdSigning.diiaIdSigner(seed, clock.now()) : undefined;
  const alg = options.signatureAlgorithm ?? 'ES256';
  const partnerKeys = options.partnerKeys ?? (await generatePartnerKeys({ kid: 'sandbox-partner-1' }));
  const platformKeys: GeneratedKeys[] = [await generatePlatformKeys({ alg, kid: 'sandbox-platform-1' })];
  let rotations = 1;
  let rogue: GeneratedKeys | undefined;
  const sealers = new Map<string, Sealer>();
  const current = () => platformKeys[platformKeys.length - 1]!;
  const sealerFor = (key: GeneratedKeys) => {
    let sealer = sealers.get(key.kid);
    if (!sealer) {
      sealer = joseSealer({ signingKey: key.privateJwk, recipientKey: partnerKeys.publicJwk, clock });
      sealers.set(key.kid, sealer);
    }
    return sealer;
  };
  const rateLimit = options.rateLimit;
  const acquirerToken = options.acquirerToken ?? `sandbox-acquirer-${random.hex(32)}`;
  const state = emptyState();
  const calls: ApiCall[] = [];
  const waiters = new Map<string, { resolve(r: SandboxDeliveryRecord): void; reject(e: unknown): void }[]>();

  const scheduler = createScheduler(clock, manual, () => {
    // Failures inside deferred work are recorded on the delivery; nothing escapes to the process.
  });
  const ctx: SandboxContext = {
    clock,
    random,
    state,
    settings: {
      acquirerToken,
      ...(options.authAcquirerToken === undefined ? {} : { authAcquirerToken: options.authAcquirerToken }),
      issuer: options.issuer ?? 'urn:diia-accept:sandbox',
      codeLifetimeMs: parseDuration(options.codeLifetime ?? '180s'),
      requestLifetimeMs: parseDuration(options.requestLifetime ?? '180s'),
      sessionLifetimeMs: parseDuration(options.sessionLifetime ?? '2h'),
      deeplinks: options.deeplinks ?? 'auto',
      holderPassport: holderPassportOf(options.holderPassport),
      ...(rateLimit
        ? { rateLimit: { limit: rateLimit.limit, windowMs: parseDuration(rateLimit.window) } }
        : {}),
    },
    calls,
    apiFaults: [],
    rate: { windowStart: clock.now(), count: 0 },
    // A share with no documents is a Diia ID request on a sandbox without Diia ID: nobody answers it.
    startConsent: (share) =>
      share.diiaId
        ? diiaIdHolder?.start(share)
        : share.documentTypes.length > 0
          ? consent.startConsent(share)
          : undefined,
    diiaIdOn: diiaIdSigner !== undefined,
    jwks: () => ({ keys: platformKeys.map((k) => k.publicJwk) }),
  };

  const settle = (record: SandboxDeliveryRecord) => {
    const share = state.shares.get(record.requestId);
    if (share) share.sendingEnded = true;
    for (const waiter of waiters.get(record.requestId) ?? []) {
      if (record.state === 'delivered') waiter.resolve(record);
      else waiter.reject(new AcceptError('SHARE_FAILED', { detail: `the delivery was ${record.state}` }));
    }
    waiters.delete(record.requestId);
  };
  const courier = createCourier({
    ctx,
    scheduler,
    options: options.delivery ?? {},
    webhookFor: (branchId) => state.branches.get(branchId)?.webhookUrl ?? options.webhookUrl,
    ...(dstuSealer ? { format: DSTU_FORMAT } : {}),
    sealer: async (untrusted) => {
      if (dstuSealer) {
        if (untrusted)
          throw new AcceptError('INVALID_ARGUMENT', { detail: 'untrustedSigner needs the jose profile' });
        return dstuSealer;
      }
      if (!untrusted) return sealerFor(current());
      rogue ??= await generatePlatformKeys({ alg, kid: 'sandbox-untrusted-1' });
      return sealerFor(rogue);
    },
    onDelivered: (share) => {
      share.status = 'delivered';
    },
    onSettled: settle,
  });
  const consent = createHolder({
    ctx,
    scheduler,
    policy: options.consent ?? 'approve',
    signingKey: current,
    // An answer by hand (`holder.answer`) to a Diia ID request signs it.
    approve: (share) => (share.diiaId ? deliverDiiaId(share) : courier.start(share)),
  });
  const deliverDiiaId = (share: PlatformShare) => {
    const sign = diiaIdSigning;
    const signer = diiaIdSigner;
    const settings = diiaIdOptions;
    if (!sign || !signer || !settings) return;
    const fault = diiaIdFault;
    courier.startDiiaId(share, () =>
      sign.diiaIdBody(signer, share, {
        at: clock.now(),
        timestamp: settings.timestamp,
        fault,
        multipart: settings.multipart,
      }),
    );
  };
  const diiaIdHolder = diiaIdOptions
    ? diiaIdApp({ ctx, scheduler, answer: diiaIdOptions.answer, deliver: deliverDiiaId })
    : undefined;
  const diiaId: SandboxDiiaId | undefined = diiaIdSigner && {
    caCertificates: Object.freeze([diiaIdSigner.cast.dstu.ca, diiaIdSigner.cast.ecdsa.ca]),
    citizen: Object.freeze({
      fullName: diiaIdSigner.cast.person.fullName,
      taxId: diiaIdSigner.cast.person.taxId,
    }),
    setFault(fault: SandboxDiiaIdFault | undefined) {
      checkFault(fault);
      diiaIdFault = fault;
    },
    addOffer(branchId, scope, name = scope === 'auth' ? 'Sandbox Diia ID login' : 'Sandbox Diia ID signing') {
      const branch = state.branches.get(branchId);
      if (!branch) throw new AcceptError('PLATFORM_NOT_FOUND', { detail: 'no such branch' });
      if (scope !== 'hashedFilesSigning' && scope !== 'auth')
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'scope must be hashedFilesSigning or auth' });
      if (!branch.scopes.diiaId.includes(scope))
        state.branches.set(branchId, {
          ...branch,
          scopes: { ...branch.scopes, diiaId: [...branch.scopes.diiaId, scope] },
        });
      return createOffer(ctx, branchId, { name, scopes: { diiaId: [scope] } })._id;
    },
  };

  const trust: TrustStore = {
    async resolve(kid, requestedAlg) {
      const key = platformKeys.find((k) => k.kid === kid && k.alg === requestedAlg);
      return key ? { status: 'found', key: key.publicKey, kid } : { status: 'unknown-key' };
    },
  };

  const server = createServer((req, res) => void handleApi(ctx, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new AcceptError('INVALID_ARGUMENT', { cause, detail: 'the sandbox cannot listen on that port' }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    acquirerToken,
    clock,
    holder: consent.holder,
    partnerKeys,
    get platformKey() {
      return current();
    },
    trust,
    calls,
    deliveries: courier.records,
    diiaId,
    jwks: ctx.jwks,
    opener: () => joseOpener({ decryptionKey: partnerKeys.privateJwk, trust, clock }),
    async rotateKeys(rotation = {}) {
      rotations++;
      const next = await generatePlatformKeys({ alg, kid: `sandbox-platform-${rotations}` });
      if (rotation.keepPrevious === false) platformKeys.splice(0, platformKeys.length);
      platformKeys.push(next);
      return next.kid;
    },
    addBranch(input = {}, branchOptions = {}) {
      const all = [...DOCUMENT_TYPES];
      const record = createBranch(ctx, {
        name: 'Sandbox branch',
        email: 'desk@example.org',
        region: 'Dnipropetrovska',
        district: 'Kryvorizkyi',
        location: 'Kryvyi Rih',
        street: 'Sandbox street',
        house: '1',
        customFullName: 'Sandbox partner',
        customFullAddress: 'Kryvyi Rih, Sandbox street 1',
        deliveryTypes: ['api'],
        offerRequestType: 'dynamic',
        ...input,
        scopes: {
          sharing: all,
          documentIdentification: all,
          identification: [],
          diiaId: [],
          ...input.scopes,
        },
      });
      if (branchOptions.webhookUrl !== undefined) record.webhookUrl = branchOptions.webhookUrl;
      const { _id, webhookUrl: _, ...fields } = record;
      return { id: _id, ...fields };
    },
    setWebhook(branchId, webhookUrl) {
      const branch = state.branches.get(branchId);
      if (!branch) throw new AcceptError('PLATFORM_NOT_FOUND', { detail: 'no such branch' });
      if (webhookUrl === undefined) delete branch.webhookUrl;
      else branch.webhookUrl = webhookUrl;
    },
    status(requestId) {
      const share = state.shares.get(requestKey(requestId));
      return share ? currentStatus(share, clock.now()) : undefined;
    },
    delivered(requestId, waitOptions = {}) {
      const id = requestKey(requestId);
      const done = courier.records.find(
        (r) => r.requestId === id && r.state !== 'scheduled' && r.state !== 'sending',
      );
      if (done) {
        return done.state === 'delivered'
          ? Promise.resolve(done)
          : Promise.reject(new AcceptError('SHARE_FAILED', { detail: `the delivery was ${done.state}` }));
      }
      return new Promise((resolve, reject) => {
        const signal = waitOptions.signal;
        if (signal?.aborted) return reject(new AcceptError('ABORTED', { cause: signal.reason }));
        const waiter = { resolve, reject };
        signal?.addEventListener(
          'abort',
          () => reject(new AcceptError('ABORTED', { cause: signal.reason })),
          {
            once: true,
          },
        );
        waiters.set(id, [...(waiters.get(id) ?? []), waiter]);
      });
    },
    injectFault(fault) {
      ctx.apiFaults.push({ ...fault, left: fault.times ?? 1 });
    },
    revokeSessions() {
      state.sessions.clear();
    },
    advance: (duration) => scheduler.advance(duration),
    settled: () => scheduler.settled(),
    async close() {
      scheduler.close();
      for (const [id, list] of waiters) {
        for (const waiter of list)
          waiter.reject(new AcceptError('SHARE_FAILED', { detail: 'the sandbox closed' }));
        waiters.delete(id);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
