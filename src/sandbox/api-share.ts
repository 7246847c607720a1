/**
 * Identification, document requests, deeplinks and the status calls of the sandbox's partner API
 * (docs/protocol.md §1.5 to §1.8): the code checks in the order the protocol fixes, answered as the real
 * gateway answers them (revision 2): an unknown code is 404 "No record with presented code!", a used one 400
 * "This code has been used already!", an expired one 400 "Code has been expired!" with `data: { now,
 * expirationDate }`.
 *
 * @module
 */
import type { DocumentType } from '../documents.js';
import { isValidEan13 } from '../scanner/ean13.js';
import { isUuid } from '../uuid.js';
import { branchOr404, offerOr404 } from './api-setup.js';
import type { SandboxContext } from './context.js';
import { isDigestBase64, readDiiaIdRequest } from './diia-id.js';
import { refuse } from './http.js';
import { type CodeRecord, currentStatus, type PlatformShare, requestKey } from './state.js';

const LINK_OTP = /^https:\/\/diia\.app\/documents\/[a-z-]+\/[A-Za-z0-9_-]+\/verify\/([0-9a-fA-F-]{36})$/;

type Lookup =
  | { readonly kind: 'barcode'; readonly value: string; readonly code: CodeRecord | undefined }
  | { readonly kind: 'qrcode'; readonly value: string; readonly code: CodeRecord | undefined };

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096)
    refuse(400, `${field} is required`);
  return value;
}

/** Finds the code a body names by `barcode` or `qrcode` (exactly one), checking its format. */
function lookupCode(ctx: SandboxContext, body: Record<string, unknown>): Lookup {
  const hasBarcode = body.barcode !== undefined;
  if (hasBarcode === (body.qrcode !== undefined)) refuse(400, 'give exactly one of barcode and qrcode');
  if (hasBarcode) {
    if (typeof body.barcode !== 'string' || !isValidEan13(body.barcode)) {
      refuse(400, 'barcode is not valid');
    }
    return { kind: 'barcode', value: body.barcode, code: ctx.state.codesByBarcode.get(body.barcode) };
  }
  const raw = typeof body.qrcode === 'string' ? body.qrcode : '';
  const otp = (LINK_OTP.exec(raw)?.[1] ?? raw).toLowerCase();
  if (!isUuid(otp)) refuse(400, 'qrcode must be the one-time code of a document link');
  return { kind: 'qrcode', value: otp, code: ctx.state.codesByOtp.get(otp) };
}

/** Unknown, then used, then expired (docs/protocol.md §1.2: 404, 400, 400 told apart by the body). */
function usableCode(ctx: SandboxContext, lookup: Lookup): CodeRecord {
  const code = lookup.code;
  if (!code) refuse(404, 'No record with presented code!');
  const used = lookup.kind === 'barcode' ? code.barcodeUsed : code.otpUsed;
  if (used) refuse(400, 'This code has been used already!');
  const now = ctx.clock.now();
  if (now >= code.expiresAt) {
    refuse(400, 'Code has been expired!', undefined, {
      now: new Date(now).toISOString(),
      expirationDate: new Date(code.expiresAt).toISOString(),
    });
  }
  return code;
}

/** The type a share delivers for a type asked or shown: `passport` is never delivered under that name. */
export function deliveredType(ctx: SandboxContext, type: DocumentType): DocumentType {
  return type === 'passport' ? ctx.settings.holderPassport : type;
}

function useUp(lookup: Lookup, code: CodeRecord): void {
  if (lookup.kind === 'barcode') code.barcodeUsed = true;
  else code.otpUsed = true;
}

/** `POST /api/v1/acquirers/document-identification`. */
export function identify(ctx: SandboxContext, body: Record<string, unknown>): { success: boolean } {
  const branch = branchOr404(ctx, requiredText(body, 'branchId'));
  const lookup = lookupCode(ctx, body);
  const code = usableCode(ctx, lookup);
  if (!branch.scopes.documentIdentification.includes(code.documentType)) {
    refuse(403, 'the branch has no documentIdentification scope for this document type');
  }
  useUp(lookup, code);
  return { success: true };
}

function newRequestId(ctx: SandboxContext, body: Record<string, unknown>): string {
  const requestId = requiredText(body, 'requestId');
  if (!isUuid(requestId)) refuse(400, 'requestId must be a UUID');
  if (ctx.state.shares.has(requestId.toLowerCase())) refuse(400, 'a request with this requestId exists');
  return requestId.toLowerCase();
}

function optionalFlag(body: Record<string, unknown>, field: string): void {
  if (body[field] !== undefined && typeof body[field] !== 'boolean')
    refuse(400, `${field} must be a boolean`);
}

/** `POST /api/v1/acquirers/document-request`. */
export function requestDocument(ctx: SandboxContext, body: Record<string, unknown>): { success: true } {
  const branch = branchOr404(ctx, requiredText(body, 'branchId'));
  const requestId = newRequestId(ctx, body);
  optionalFlag(body, 'useDiiaId');
  const lookup = lookupCode(ctx, body);
  const code = usableCode(ctx, lookup);
  if (!branch.scopes.sharing.includes(code.documentType)) {
    refuse(403, 'the branch has no sharing scope for this document type');
  }
  useUp(lookup, code);
  const now = ctx.clock.now();
  const share: PlatformShare = {
    requestId,
    branchId: branch._id,
    flow: 'barcode',
    // The request names no type: the document shown is what comes, a passport as the concrete one.
    documentTypes: [deliveredType(ctx, code.documentType)],
    createdAt: now,
    expiresAt: now + ctx.settings.requestLifetimeMs,
    barcode: code.barcode,
    ...(lookup.kind === 'qrcode' ? { qrcode: lookup.value } : {}),
    opened: true,
    status: 'pending',
  };
  ctx.state.shares.set(requestId, share);
  ctx.startConsent(share);
  return { success: true };
}

/** `POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic`. */
export function requestOffer(
  ctx: SandboxContext,
  branchId: string,
  body: Record<string, unknown>,
): { deeplink: string } {
  const branch = branchOr404(ctx, branchId);
  const offer = offerOr404(ctx, branch._id, requiredText(body, 'offerId'));
  // An offer for both operations: a body with files to sign is a signing request, else a login.
  const scopes = offer.scopes.diiaId ?? [];
  const scope = scopes.length > 1 ? (body.data !== undefined ? 'hashedFilesSigning' : 'auth') : scopes[0];
  // A Diia ID offer, on a sandbox with Diia ID on: the holder signs what the body names.
  const diiaId = scope && ctx.diiaIdOn ? readDiiaIdRequest(scope, body) : undefined;
  // A Diia ID login's requestId is a hashed id (standard base64), kept as sent; every other request id is a
  // UUID. `signAlgo` and `data` pass.
  const hashed = scope === 'auth' && isDigestBase64(body.requestId);
  if (hashed && ctx.state.shares.has(String(body.requestId)))
    refuse(400, 'a request with this requestId exists');
  const requestId = hashed ? String(body.requestId) : newRequestId(ctx, body);
  optionalFlag(body, 'useDiiaId');
  if (body.returnLink !== undefined && typeof body.returnLink !== 'string')
    refuse(400, 'returnLink must be a string');
  const otp = ctx.random.uuid();
  const deeplink = `https://diia.app/acquirers/offer-request/dynamic/${otp}`;
  const now = ctx.clock.now();
  const share: PlatformShare = {
    requestId,
    branchId: branch._id,
    flow: 'deeplink',
    // The offer's scopes decide what comes; `passport` comes as the holder's concrete passport.
    documentTypes: [...new Set(offer.scopes.sharing.map((t) => deliveredType(ctx, t)))],
    createdAt: now,
    expiresAt: now + ctx.settings.requestLifetimeMs,
    barcode: ctx.random.barcode(),
    otp,
    offerId: offer._id,
    deeplink,
    opened: false,
    status: 'pending',
    ...(diiaId ? { diiaId } : {}),
  };
  ctx.state.shares.set(requestId, share);
  // A Diia ID offer on a sandbox without Diia ID: nobody signs, and no documents come (the request expires).
  if (scope && !diiaId) return { deeplink };
  if (ctx.settings.deeplinks === 'auto') {
    share.opened = true;
    ctx.startConsent(share);
  }
  return { deeplink };
}

/**
 * The platform's words for a share's status, as its sharing history uses them: `processing`, `refuse`,
 * `done`. `done` once the holder shared and the platform is through with sending the copy (the webhook took
 * it, or every attempt failed); until then `processing`. An expired request has no word of its own there, so
 * it stays `processing` (the partner's session ends it by its own clock).
 */
function statusWord(share: PlatformShare, now: number): 'processing' | 'refuse' | 'done' {
  const status = currentStatus(share, now);
  if (status === 'declined') return 'refuse';
  if (status === 'delivered' || (status === 'approved' && share.sendingEnded)) return 'done';
  return 'processing';
}

/** Both status calls: the share whose request id and code match, or 404. */
export function shareStatus(
  ctx: SandboxContext,
  query: URLSearchParams,
  by: 'barcode' | 'otp',
): { status: string } {
  const requestId = query.get('requestId');
  const value = query.get(by);
  if (!requestId || !value) refuse(400, `${by} and requestId are required`);
  const share = ctx.state.shares.get(requestKey(requestId));
  const matches =
    share &&
    (by === 'otp'
      ? share.flow === 'deeplink' && share.otp === value.toLowerCase()
      : share.flow === 'barcode' && (share.barcode === value || share.qrcode === value.toLowerCase()));
  if (!share || !matches) refuse(404, 'no such request');
  return { status: statusWord(share, ctx.clock.now()) };
}
