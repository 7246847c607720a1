/**
 * What the sandbox platform remembers: sessions, branches, offers, the codes the holder was shown, and the
 * share requests with their status.
 *
 * @module
 */
import type { DocumentType } from '../documents.js';
import type { BranchInput } from '../transport/port.js';
import { isUuid } from '../uuid.js';

/** A request id as shares are kept: a UUID in lower case; a Diia ID login's hashed id (base64) as it is. */
export const requestKey = (requestId: string): string =>
  isUuid(requestId) ? requestId.toLowerCase() : requestId;

/**
 * The sandbox's own record of a share's status (`sandbox.status()`); its HTTP answer uses the platform's words
 * `processing | refuse | done` (docs/protocol.md §1.8).
 *
 * @example
 * ```ts
 * const status: SandboxShareStatus | undefined = sandbox.status(requestId); // 'pending' | 'approved' | …
 * ```
 */
export type SandboxShareStatus = 'pending' | 'approved' | 'delivered' | 'declined' | 'expired';

/** A branch as stored: the platform's fields plus the sandbox's webhook registration. */
export interface BranchRecord extends BranchInput {
  readonly _id: string;
  webhookUrl?: string;
}

/** An offer as stored. */
export interface OfferRecord {
  readonly _id: string;
  readonly branchId: string;
  readonly name: string;
  readonly scopes: {
    readonly sharing: readonly DocumentType[];
    /**
     * `hashedFilesSigning` and/or `auth` (the partner API's offer set-up allows both; the official SDKs make
     * one per offer; how the platform tells them apart in one offer is unconfirmed: here by `data`).
     */
    readonly diiaId?: readonly ('hashedFilesSigning' | 'auth')[];
  };
  readonly returnLink?: string;
}

/** One showing of a document in the holder's app: its link, its barcode, both single-use. */
export interface CodeRecord {
  readonly documentType: DocumentType;
  readonly documentId: string;
  readonly otp: string;
  readonly barcode: string;
  readonly expiresAt: number;
  barcodeUsed: boolean;
  otpUsed: boolean;
}

/** The platform's record of a share request, by barcode (or QR code) or by deeplink (not the SDK's `ShareRecord`). */
export interface PlatformShare {
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'deeplink';
  readonly documentTypes: readonly DocumentType[];
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Barcode flow: the scanned document's barcode; deeplink flow: one the platform gives the shared document. */
  readonly barcode: string;
  /** Barcode flow asked with `qrcode`: that value. */
  readonly qrcode?: string;
  /** Deeplink flow. */
  readonly otp?: string;
  readonly offerId?: string;
  readonly deeplink?: string;
  opened: boolean;
  status: SandboxShareStatus;
  consentedAt?: number;
  /** The platform is through with sending the copy: accepted by the webhook, or every attempt failed. */
  sendingEnded?: boolean;
  /** A Diia ID request (an offer with a `diiaId` scope): what the holder signs. */
  readonly diiaId?: DiiaIdShare;
}

/** The Diia ID part of a platform share. */
export interface DiiaIdShare {
  readonly action: 'hashedFilesSigning' | 'auth';
  readonly signAlgo: 'DSTU' | 'ECDSA';
  /** The files to sign (a login: one, named '', whose hash is the hashed request id). */
  readonly files: readonly { readonly name: string; readonly hash: Uint8Array }[];
}

/** The sandbox platform's memory. */
export interface PlatformState {
  readonly sessions: Map<string, number>;
  readonly branches: Map<string, BranchRecord>;
  readonly offers: Map<string, OfferRecord>;
  readonly codesByBarcode: Map<string, CodeRecord>;
  readonly codesByOtp: Map<string, CodeRecord>;
  readonly shares: Map<string, PlatformShare>;
}

/** An empty memory. */
export function emptyState(): PlatformState {
  return {
    sessions: new Map(),
    branches: new Map(),
    offers: new Map(),
    codesByBarcode: new Map(),
    codesByOtp: new Map(),
    shares: new Map(),
  };
}

/** The status now: a pending share (or an unopened deeplink) past its end has expired. */
export function currentStatus(share: PlatformShare, now: number): SandboxShareStatus {
  if (share.status === 'pending' && now >= share.expiresAt) share.status = 'expired';
  return share.status;
}
