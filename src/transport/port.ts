/**
 * The `PlatformTransport` port: everything the SDK asks of the platform's partner API, as plain async
 * functions over plain objects. `diiaTransport()` implements it over HTTP; tests may implement it in
 * memory. Methods throw {@link AcceptError} with a `PLATFORM_*` code (or `ABORTED`) and nothing else.
 *
 * @module
 */
import type { Duration } from '../clock.js';
import type { DocumentType } from '../documents.js';

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call; the promise rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * How long one attempt of this call may take before it fails with `PLATFORM_TIMEOUT`; the transport's
   * own default when absent. Implementations without a network may ignore it.
   */
  readonly timeout?: Duration;
}

/**
 * What the platform is asked to identify: the barcode (EAN-13) or the one-time code of the QR link. The
 * HTTP transport sends the barcode as `barcode` and the link's `otp` as `qrcode` (docs/protocol.md §1.5).
 */
export type IdentificationCode =
  | { readonly kind: 'barcode'; readonly barcode: string }
  | {
      readonly kind: 'document-link';
      readonly otp: string;
      readonly documentType: DocumentType;
      readonly link: string;
    };

/** `POST /api/v1/acquirers/document-identification`. */
export interface IdentifyRequest {
  readonly branchId: string;
  readonly code: IdentificationCode;
}

/** The platform answers only whether the code is genuine and current: no personal data. */
export interface IdentifyResponse {
  readonly success: boolean;
}

/** `POST /api/v1/acquirers/document-request`: ask for a copy by the barcode (or the QR code). */
export interface DocumentRequest {
  readonly branchId: string;
  /** The 13-digit barcode, or (in `qrcode`) the QR link's one-time code (`otp`). Exactly one of the two. */
  readonly barcode?: string;
  readonly qrcode?: string;
  /** A UUIDv4 the partner makes; it comes back in the delivery's trace-id header and metadata. */
  readonly requestId: string;
  readonly useDiiaId?: boolean;
}

/** `POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic`: a deeplink for the holder to open. */
export interface OfferRequest {
  readonly branchId: string;
  readonly offerId: string;
  readonly requestId: string;
  readonly returnLink?: string;
  readonly useDiiaId?: boolean;
}

/** The deeplink (shown as a link on mobile, as a QR code on a desk screen). */
export interface OfferRequestResponse {
  readonly deeplink: string;
}

/**
 * A share's status as the SDK understands it. The platform's own values are unconfirmed; the transport
 * maps what it receives onto these and keeps the original in `raw`.
 */
export type PlatformShareStatus =
  | 'awaiting-consent'
  | 'consented'
  | 'delivered'
  | 'declined'
  | 'expired'
  | 'unknown';

/** The answer of both status calls. */
export interface StatusResponse {
  readonly status: PlatformShareStatus;
  /** The platform's own value, unmapped. */
  readonly raw: string;
}

/** The scopes of a branch: what it may ask for. */
export interface BranchScopes {
  readonly sharing: readonly DocumentType[];
  readonly identification: readonly string[];
  readonly documentIdentification: readonly DocumentType[];
  readonly diiaId: readonly string[];
}

/** A branch (a desk or an office of the partner) as created or updated. */
export interface BranchInput {
  /** At most 32 characters. */
  readonly name: string;
  readonly email: string;
  readonly region: string;
  readonly district: string;
  readonly location: string;
  readonly street: string;
  readonly house: string;
  readonly customFullName: string;
  readonly customFullAddress: string;
  readonly deliveryTypes: readonly 'api'[];
  readonly offerRequestType: 'dynamic';
  readonly scopes: BranchScopes;
}

/** A branch as the platform returns it. */
export interface Branch extends BranchInput {
  readonly id: string;
}

/** An offer: a named set of documents a branch asks for through deeplinks. */
export interface OfferInput {
  readonly name: string;
  readonly scopes: { readonly sharing: readonly DocumentType[] };
  readonly returnLink?: string;
}

/** An offer as the platform returns it. */
export interface Offer extends OfferInput {
  readonly id: string;
}

/** Paging of list calls. */
export interface Page {
  readonly skip?: number;
  readonly limit?: number;
}

/**
 * The platform's partner API. Every method is one HTTP call (plus the session login, which the
 * implementation does by itself).
 */
export interface PlatformTransport {
  /** Identity confirmation without personal data. */
  identify(request: IdentifyRequest, options?: CallOptions): Promise<IdentifyResponse>;
  /** Asks the holder for a copy by barcode or QR code. */
  requestDocument(request: DocumentRequest, options?: CallOptions): Promise<void>;
  /** Creates a deeplink for a dynamic offer request. */
  createOfferRequest(request: OfferRequest, options?: CallOptions): Promise<OfferRequestResponse>;
  /** `GET /api/v1/acquirers/document-request/status?barcode=&requestId=`. */
  documentRequestStatus(
    query: { readonly barcode: string; readonly requestId: string },
    options?: CallOptions,
  ): Promise<StatusResponse>;
  /** `GET /api/v1/acquirers/offer-request/status?otp=&requestId=`. */
  offerRequestStatus(
    query: { readonly otp: string; readonly requestId: string },
    options?: CallOptions,
  ): Promise<StatusResponse>;
  /** Branch set-up (`/api/v2/acquirers/branch…`). */
  readonly branches: {
    create(branch: BranchInput, options?: CallOptions): Promise<{ readonly id: string }>;
    list(
      page?: Page,
      options?: CallOptions,
    ): Promise<{ readonly total?: number; readonly branches: readonly Branch[] }>;
    get(id: string, options?: CallOptions): Promise<Branch>;
    update(id: string, branch: BranchInput, options?: CallOptions): Promise<{ readonly id: string }>;
    delete(id: string, options?: CallOptions): Promise<void>;
  };
  /** Offer set-up (`/api/v1/acquirers/branch/{branchId}/offer…`). */
  readonly offers: {
    create(branchId: string, offer: OfferInput, options?: CallOptions): Promise<{ readonly id: string }>;
    list(
      branchId: string,
      page?: Page,
      options?: CallOptions,
    ): Promise<{ readonly total: number; readonly offers: readonly Offer[] }>;
    delete(branchId: string, offerId: string, options?: CallOptions): Promise<void>;
  };
}
