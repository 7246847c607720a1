/**
 * The holder's app, as the sandbox plays it: showing a document (link, signed token, barcode), opening a
 * deeplink, and answering consent requests by policy or by hand.
 *
 * @module
 */
import { SignJWT } from 'jose';
import { type Duration, parseDuration } from '../clock.js';
import type { DocumentType } from '../documents.js';
import { isDocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import type { GeneratedKeys } from '../profiles/jose/index.js';
import { DOCUMENT_TOKEN_TYPE } from '../scanner/document-token.js';
import type { SandboxContext } from './context.js';
import type { Scheduler } from './scheduler.js';
import { type CodeRecord, currentStatus, type PlatformShare, requestKey } from './state.js';

/**
 * A document as the holder's app shows it: the QR link, the signed token (jose profile), the barcode. Each
 * lives until `expiresAt` (180 s on the sandbox clock by default) and works once.
 *
 * @example
 * ```ts
 * const shown: ShownDocument = await sandbox.holder.showDocument('passport');
 * await transport.identify({ branchId, code: { kind: 'barcode', barcode: shown.barcode } });
 * ```
 */
export interface ShownDocument {
  readonly documentType: DocumentType;
  /** `https://diia.app/documents/{type}/{documentId}/verify/{otp}`. */
  readonly link: string;
  readonly documentId: string;
  readonly otp: string;
  /** The signed document token (compact JWS, docs/protocol.md §2.4). */
  readonly token: string;
  /** The EAN-13 barcode. */
  readonly barcode: string;
  /** Sandbox-clock time (ms) the codes stop working. */
  readonly expiresAt: number;
}

/**
 * The holder's answer to a consent request: at once, never, or after a delay on the sandbox clock.
 *
 * @example
 * ```ts
 * const slow: ConsentAnswer = { after: '20s', answer: 'approve' };
 * ```
 */
export type ConsentAnswer =
  | 'approve'
  | 'decline'
  | 'never'
  | { readonly after: Duration; readonly answer: 'approve' | 'decline' };

/**
 * What the holder is asked to share.
 *
 * @example
 * ```ts
 * const consent = (request: ConsentRequest): ConsentAnswer => (request.flow === 'deeplink' ? 'approve' : 'decline');
 * ```
 */
export interface ConsentRequest {
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'deeplink';
  readonly documentTypes: readonly DocumentType[];
}

/**
 * How the sandbox holder answers: always the same, or a function deciding per request.
 *
 * @example
 * ```ts
 * const consent: ConsentPolicy = (request) =>
 *   request.documentTypes.includes('taxpayer-card') ? 'decline' : { after: '2s', answer: 'approve' };
 * ```
 */
export type ConsentPolicy =
  | ConsentAnswer
  | ((request: ConsentRequest) => ConsentAnswer | Promise<ConsentAnswer>);

/**
 * The controls that stand in for the holder's app.
 *
 * @example
 * ```ts
 * const shown = await sandbox.holder.showDocument('driver-license');
 * sandbox.holder.answer(requestId, 'decline');
 * ```
 */
export interface SandboxHolder {
  /** Shows a document: new single-use codes for it. `audience` puts a branch id into the token's `aud`. */
  showDocument(type: DocumentType, options?: { readonly audience?: string }): Promise<ShownDocument>;
  /** Opens a deeplink (with `deeplinks: 'manual'`); the consent policy then runs. */
  openDeeplink(deeplink: string): void;
  /** Answers a pending consent request by hand (for example after the policy `'never'`). */
  answer(requestId: string, answer: 'approve' | 'decline'): void;
}

/** What the holder needs from the rest of the sandbox. */
export interface HolderDeps {
  readonly ctx: SandboxContext;
  readonly scheduler: Scheduler;
  readonly policy: ConsentPolicy;
  readonly signingKey: () => GeneratedKeys;
  readonly approve: (share: PlatformShare) => void;
}

/** Makes the holder controls and the consent runner the partner API calls. */
export function createHolder(deps: HolderDeps): {
  holder: SandboxHolder;
  startConsent(share: PlatformShare): void;
} {
  const { ctx, scheduler } = deps;

  const settle = (share: PlatformShare, answer: 'approve' | 'decline'): boolean => {
    if (currentStatus(share, ctx.clock.now()) !== 'pending') return false;
    if (answer === 'decline') {
      share.status = 'declined';
      return true;
    }
    share.status = 'approved';
    share.consentedAt = ctx.clock.now();
    deps.approve(share);
    return true;
  };

  const apply = (share: PlatformShare, answer: ConsentAnswer): void => {
    if (answer === 'never') return;
    if (typeof answer === 'object') {
      scheduler.after(parseDuration(answer.after), () => apply(share, answer.answer));
      return;
    }
    settle(share, answer);
  };

  const startConsent = (share: PlatformShare): void => {
    const { policy } = deps;
    const request: ConsentRequest = {
      requestId: share.requestId,
      branchId: share.branchId,
      flow: share.flow,
      documentTypes: share.documentTypes,
    };
    scheduler.after(0, async () =>
      apply(share, typeof policy === 'function' ? await policy(request) : policy),
    );
  };

  const holder: SandboxHolder = {
    async showDocument(type, options = {}) {
      if (!isDocumentType(type))
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'unknown document type' });
      const now = ctx.clock.now();
      const code: CodeRecord = {
        documentType: type,
        documentId: ctx.random.hex(24),
        otp: ctx.random.uuid(),
        barcode: ctx.random.barcode(),
        expiresAt: now + ctx.settings.codeLifetimeMs,
        barcodeUsed: false,
        otpUsed: false,
      };
      // A fresh barcode that collides with a live one would make two documents share a code.
      if (ctx.state.codesByBarcode.has(code.barcode)) return holder.showDocument(type, options);
      ctx.state.codesByBarcode.set(code.barcode, code);
      ctx.state.codesByOtp.set(code.otp, code);
      const key = deps.signingKey();
      const iat = Math.floor(now / 1000);
      let jwt = new SignJWT({ doc: type, handle: code.documentId })
        .setProtectedHeader({ alg: key.alg, typ: DOCUMENT_TOKEN_TYPE, kid: key.kid })
        .setIssuer(ctx.settings.issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + Math.floor(ctx.settings.codeLifetimeMs / 1000))
        // The token is another form of the same shown code: its jti is the link's one-time code, so the
        // code is used once whichever form is presented, and an online check can confirm it as that link.
        .setJti(code.otp);
      if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
      return {
        documentType: type,
        link: `https://diia.app/documents/${type}/${code.documentId}/verify/${code.otp}`,
        documentId: code.documentId,
        otp: code.otp,
        token: await jwt.sign(key.privateKey),
        barcode: code.barcode,
        expiresAt: code.expiresAt,
      };
    },
    openDeeplink(deeplink) {
      const otp = /\/acquirers\/offer-request\/dynamic\/([0-9a-f-]{36})$/i.exec(deeplink)?.[1]?.toLowerCase();
      const share = [...ctx.state.shares.values()].find((s) => s.flow === 'deeplink' && s.otp === otp);
      if (!share) throw new AcceptError('PLATFORM_NOT_FOUND', { detail: 'no such deeplink' });
      if (share.opened)
        throw new AcceptError('PLATFORM_CODE_USED', { detail: 'the deeplink was opened already' });
      if (currentStatus(share, ctx.clock.now()) === 'expired') throw new AcceptError('PLATFORM_CODE_EXPIRED');
      share.opened = true;
      // Through the context: a Diia ID request goes to the Diia ID app, not to the consent screen.
      ctx.startConsent(share);
    },
    answer(requestId, answer) {
      const share = ctx.state.shares.get(requestKey(requestId));
      if (!share) throw new AcceptError('SHARE_SESSION_UNKNOWN');
      // The holder answers on the consent screen, which a deeplink only reaches once opened.
      if (!share.opened)
        throw new AcceptError('SHARE_STATE_CONFLICT', { detail: 'the deeplink is not opened' });
      if (!settle(share, answer)) throw new AcceptError('SHARE_STATE_CONFLICT', { detail: share.status });
    },
  };
  return { holder, startConsent };
}
