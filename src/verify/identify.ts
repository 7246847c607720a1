/**
 * Identity confirmation: a scanned document code in, `valid` / `invalid` / `unknown` out, with the document
 * type and nothing else about the holder.
 *
 * @module
 */
import { type Clock, type Duration, systemClock } from '../clock.js';
import type { DocumentType } from '../documents.js';
import { type AcceptErrorCode, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { printDocumentLink } from '../scanner/links.js';
import type { ParsedScan } from '../scanner/scans.js';
import type { IdentificationCode, PlatformTransport } from '../transport/port.js';
import type { ReplayGuard } from './replay.js';
import { verifyDocumentToken } from './token.js';
import type { TrustStore } from './trust.js';

/**
 * Options of {@link identify}.
 *
 * @example
 * ```ts
 * import type { IdentifyOptions } from 'diia-accept/verify';
 * const options: IdentifyOptions = { transport, branchId: 'b-1', trust, replay, online: true };
 * ```
 */
export interface IdentifyOptions {
  /** The platform (only its `identify` call is used). */
  readonly transport: Pick<PlatformTransport, 'identify'>;
  /** The branch (desk or office) asking; also the audience a signed token must name if it names one. */
  readonly branchId: string;
  /** The platform's keys, for signed tokens. */
  readonly trust: TrustStore;
  /** Where used codes are remembered. */
  readonly replay: ReplayGuard;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Also confirm signed tokens with the platform (links and barcodes are always confirmed online). */
  readonly online?: boolean;
  /** Clock skew allowed for signed tokens. Default `'5s'`. */
  readonly clockTolerance?: Duration;
  /** Accepted token issuers. Default: any issuer whose key the trust store holds. */
  readonly issuer?: string | readonly string[];
  /** How long the platform call may take (the transport's default when absent). */
  readonly timeout?: Duration;
  /** Cancels the check; the answer is then `unknown` with `ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * The answer for the operator: never personal data, only the status, the document type when valid, how it
 * was checked and the code of the reason when not valid.
 *
 * @example
 * ```ts
 * import type { IdentifyResult } from 'diia-accept/verify';
 * const show = (r: IdentifyResult) => (r.status === 'valid' ? `✓ ${r.documentType}` : `${r.status}: ${r.reason}`);
 * ```
 */
export interface IdentifyResult {
  readonly status: 'valid' | 'invalid' | 'unknown';
  /** The document type, when `valid`. */
  readonly documentType?: DocumentType;
  /** `online` when the platform took part in the answer. */
  readonly method: 'offline' | 'online';
  /** When the answer was decided, ms since the epoch. */
  readonly checkedAt: number;
  /** Why it is not `valid`. */
  readonly reason?: AcceptErrorCode;
}

/** Codes the platform uses to say "this code is not good": the answer is `invalid`. */
const PLATFORM_INVALID: ReadonlySet<AcceptErrorCode> = new Set([
  'PLATFORM_CODE_USED',
  'PLATFORM_CODE_EXPIRED',
  'PLATFORM_BAD_BARCODE',
  'PLATFORM_CODE_UNKNOWN',
]);

/** A link or barcode lives 180 s from when it was shown; we cannot know when, so we guard it 180 s from now. */
const CODE_LIFETIME_MS = 180_000;

/**
 * Confirms a scanned document code. Never throws: every outcome is a result.
 *
 * - Document links and barcodes are asked of the platform (`transport.identify`); `{ success: false }`,
 *   `PLATFORM_CODE_UNKNOWN`, `PLATFORM_CODE_USED`, `PLATFORM_CODE_EXPIRED` and `PLATFORM_BAD_BARCODE` are
 *   `invalid`; timeouts,
 *   outages, rate limits and authorisation failures are `unknown` with their code.
 * - Signed tokens are verified offline ({@link verifyDocumentToken}, with `branchId` as audience) and, with
 *   `online`, confirmed with the platform as the document link they stand for: `qrcode` = `jti`, the
 *   link `https://diia.app/documents/{doc}/{handle}/verify/{jti}`.
 * - The code is claimed in the replay guard last, after every other check passed, and only then is the
 *   answer `valid`.
 *
 * Why claim last and not before the platform call: a claim cannot be taken back, so claiming first would
 * burn the code whenever the platform call ends `unknown` (a timeout, an outage) and the operator's retry
 * would wrongly say "already used". Claiming last is still single-use: the platform uses a code up on
 * success, so of two concurrent checks at most one gets past it, and the local claim decides any race the
 * platform does not see (one code scanned twice at this desk, offline tokens).
 *
 * @example
 * ```ts
 * import { parseScan } from 'diia-accept/scanner';
 * import { identify, memoryReplayGuard, remoteJwks } from 'diia-accept/verify';
 * const result = await identify(parseScan(text), {
 *   transport,
 *   branchId: 'branch-1',
 *   trust: remoteJwks('https://platform.example/.well-known/jwks.json'),
 *   replay: memoryReplayGuard(),
 * });
 * if (result.status === 'valid') console.log('confirmed', result.documentType);
 * ```
 */
export async function identify(scan: ParsedScan, options: IdentifyOptions): Promise<IdentifyResult> {
  refuseUnknownOptions(
    options,
    optionKeys<IdentifyOptions>({
      transport: true,
      branchId: true,
      trust: true,
      replay: true,
      clock: true,
      online: true,
      clockTolerance: true,
      issuer: true,
      timeout: true,
      signal: true,
    }),
    'identify',
  );
  const clock = options.clock ?? systemClock;
  const done = (
    status: IdentifyResult['status'],
    method: IdentifyResult['method'],
    extra: { reason?: AcceptErrorCode; documentType?: DocumentType } = {},
  ): IdentifyResult => ({ status, method, checkedAt: clock.now(), ...extra });

  try {
    // A hand-built scan without its single-use id would be confirmed (and used up) by the platform and then
    // fail to be claimed: refuse it before the call.
    if ((scan?.kind === 'barcode' || scan?.kind === 'document-link') && typeof scan.singleUseId !== 'string')
      return done('invalid', 'offline', { reason: 'SCAN_UNRECOGNISED' });
    switch (scan?.kind) {
      case 'barcode':
        return await confirmOnline({ kind: 'barcode', barcode: scan.barcode }, scan.singleUseId, undefined);
      case 'document-link':
        return await confirmOnline(
          { kind: 'document-link', otp: scan.otp, documentType: scan.documentType, link: scan.url },
          scan.singleUseId,
          scan.documentType,
        );
      case 'document-token':
        // The token's single-use id is the verified jti, never the scan's unverified claims.
        return await confirmToken(scan.token);
      case 'unknown':
        return done('invalid', 'offline', { reason: scan.reason ?? 'SCAN_UNRECOGNISED' });
      default:
        return done('invalid', 'offline', { reason: 'SCAN_UNRECOGNISED' });
    }
  } catch (cause) {
    // Only a broken dependency gets here (a transport or guard throwing outside its contract).
    return done('unknown', 'offline', { reason: isAcceptError(cause) ? cause.code : 'STORE_UNAVAILABLE' });
  }

  async function confirmOnline(
    code: IdentificationCode,
    singleUseId: string,
    documentType: DocumentType | undefined,
  ): Promise<IdentifyResult> {
    let success: boolean;
    try {
      const call: { signal?: AbortSignal; timeout?: Duration } = {};
      if (options.signal) call.signal = options.signal;
      if (options.timeout !== undefined) call.timeout = options.timeout;
      success =
        (await options.transport.identify({ branchId: options.branchId, code }, call)).success === true;
    } catch (cause) {
      if (!isAcceptError(cause)) return done('unknown', 'online', { reason: 'PLATFORM_UNAVAILABLE' });
      return done(PLATFORM_INVALID.has(cause.code) ? 'invalid' : 'unknown', 'online', { reason: cause.code });
    }
    if (!success) return done('invalid', 'online', { reason: 'CODE_NOT_CONFIRMED' });
    return claim(singleUseId, clock.now() + CODE_LIFETIME_MS, 'online', documentType);
  }

  async function confirmToken(token: string): Promise<IdentifyResult> {
    const tokenOptions = {
      trust: options.trust,
      clock,
      audience: options.branchId,
      ...(options.clockTolerance !== undefined ? { clockTolerance: options.clockTolerance } : {}),
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const verified = await verifyDocumentToken(token, tokenOptions);
    if (verified.status !== 'valid') return done(verified.status, 'offline', { reason: verified.reason });
    // Guard the jti as long as any verifier could still accept the token: exp plus the largest tolerance.
    const until = verified.expiresAt + 60_000;
    if (!options.online) return claim(verified.jti, until, 'offline', verified.documentType);
    const code: IdentificationCode = {
      kind: 'document-link',
      otp: verified.jti,
      documentType: verified.documentType,
      link: printDocumentLink({
        documentType: verified.documentType,
        documentId: verified.handle,
        otp: verified.jti,
      }),
    };
    return confirmOnline(code, verified.jti, verified.documentType);
  }

  async function claim(
    id: string,
    until: number,
    method: IdentifyResult['method'],
    documentType: DocumentType | undefined,
  ): Promise<IdentifyResult> {
    try {
      if (!(await options.replay.claim(id, until)))
        return done('invalid', method, { reason: 'CODE_ALREADY_USED' });
    } catch (cause) {
      return done('unknown', method, { reason: isAcceptError(cause) ? cause.code : 'STORE_UNAVAILABLE' });
    }
    return done('valid', method, documentType ? { documentType } : {});
  }
}
