/**
 * What the SDK asks of the platform's partner API, as plain async functions over plain objects: the flows
 * port `PlatformTransport` (`diiaTransport()`) and the admin client `PlatformAdmin` (`diiaAdmin()`); tests may
 * implement either in memory. Methods throw {@link AcceptError} with a `PLATFORM_*` code (or `ABORTED`) and
 * nothing else.
 *
 * @module
 */
import type { Duration } from '../clock.js';
import type { DocumentType } from '../documents.js';

/**
 * Options every call takes.
 *
 * @example
 * ```ts
 * const options: CallOptions = { signal: AbortSignal.timeout(20_000), timeout: '5s' };
 * await transport.identify({ branchId, code }, options);
 * ```
 */
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
 *
 * @example
 * ```ts
 * const code: IdentificationCode = { kind: 'barcode', barcode: '2858364170864' };
 * ```
 */
export type IdentificationCode =
  | { readonly kind: 'barcode'; readonly barcode: string }
  | {
      readonly kind: 'document-link';
      readonly otp: string;
      readonly documentType: DocumentType;
      readonly link: string;
    };

/**
 * `POST /api/v1/acquirers/document-identification`.
 *
 * @example
 * ```ts
 * const request: IdentifyRequest = { branchId, code: { kind: 'barcode', barcode: '2858364170864' } };
 * const { success } = await transport.identify(request);
 * ```
 */
export interface IdentifyRequest {
  readonly branchId: string;
  readonly code: IdentificationCode;
}

/**
 * The platform answers only whether the code is genuine and current: no personal data.
 *
 * @example
 * ```ts
 * const answer: IdentifyResponse = await transport.identify(request);
 * if (!answer.success) showNotGenuine();
 * ```
 */
export interface IdentifyResponse {
  readonly success: boolean;
}

/**
 * `POST /api/v1/acquirers/document-request`: ask for a copy by the barcode (or the QR code).
 *
 * @example
 * ```ts
 * const request: DocumentRequest = { branchId, barcode: '2858364170864', requestId: crypto.randomUUID() };
 * await transport.requestDocument(request);
 * ```
 */
export interface DocumentRequest {
  readonly branchId: string;
  /** The 13-digit barcode, or (in `qrcode`) the QR link's one-time code (`otp`). Exactly one of the two. */
  readonly barcode?: string;
  readonly qrcode?: string;
  /** A UUIDv4 the partner makes; it comes back in the delivery's trace-id header and metadata. */
  readonly requestId: string;
  readonly useDiiaId?: boolean;
}

/**
 * `POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic`: a deeplink for the holder to open.
 *
 * @example
 * ```ts
 * const request: OfferRequest = { branchId, offerId, requestId: crypto.randomUUID() };
 * const { deeplink } = await transport.createOfferRequest(request);
 * ```
 */
export interface OfferRequest {
  readonly branchId: string;
  readonly offerId: string;
  /**
   * A UUID the partner makes (sharing, Diia ID signing); for a Diia ID login, the hashed request id: standard
   * base64 of a digest (16 to 64 bytes), which the platform echoes in the delivery's trace-id header.
   */
  readonly requestId: string;
  readonly returnLink?: string;
  readonly useDiiaId?: boolean;
  /**
   * Diia ID: the holder's signature algorithm. Only the official PHP SDK sends it (`DiiaApi.php`
   * `getSignLink`/`getAuthLink`); the Java, .NET, JS and Python SDKs never do. Omitted when absent.
   */
  readonly signAlgo?: 'DSTU' | 'ECDSA';
  /** Diia ID signing (an offer with scope `diiaId: ["hashedFilesSigning"]`): the files whose hashes are signed. */
  readonly data?: OfferRequestData;
}

/**
 * The `data` member of a Diia ID signing request, as every official SDK sends it:
 * `{ hashedFilesSigning: { hashedFiles: [{ fileName, fileHash }] } }`.
 *
 * @example
 * ```ts
 * const data: OfferRequestData = {
 *   hashedFilesSigning: { hashedFiles: [{ fileName: 'application.pdf', fileHash: 'q1Tg…=' }] },
 * };
 * ```
 */
export interface OfferRequestData {
  readonly hashedFilesSigning: { readonly hashedFiles: readonly HashedFile[] };
}

/**
 * One file to sign: its name (it comes back as `signedItems[].name`) and the standard base64 of its digest.
 *
 * @example
 * ```ts
 * const file: HashedFile = { fileName: 'contract.pdf', fileHash: 'MTIzNDU4Nzg4MDEyMzQ1Njc4OTAxMjM0NTY4ODkwMTI=' };
 * ```
 */
export interface HashedFile {
  readonly fileName: string;
  readonly fileHash: string;
}

/**
 * The deeplink (shown as a link on mobile, as a QR code on a desk screen).
 *
 * @example
 * ```ts
 * const { deeplink }: OfferRequestResponse = await transport.createOfferRequest(request);
 * showQrCode(deeplink);
 * ```
 */
export interface OfferRequestResponse {
  readonly deeplink: string;
}

/**
 * A share's status as the SDK understands it. The platform's sharing history uses `processing`, `refuse` and
 * `done`; the transport maps those (and a few other words) onto these, anything else to `unknown`, and
 * keeps the original in `raw`.
 *
 * @example
 * ```ts
 * const done: PlatformShareStatus[] = ['delivered', 'declined', 'expired'];
 * ```
 */
export type PlatformShareStatus =
  | 'awaiting-consent'
  | 'consented'
  | 'delivered'
  | 'declined'
  | 'expired'
  | 'unknown';

/**
 * The answer of both status calls.
 *
 * @example
 * ```ts
 * const { status, raw }: StatusResponse = await transport.documentRequestStatus({ barcode, requestId });
 * if (status === 'unknown') console.warn('new platform status', raw);
 * ```
 */
export interface StatusResponse {
  readonly status: PlatformShareStatus;
  /** The platform's own value, unmapped. */
  readonly raw: string;
}

/**
 * The scopes of a branch: what it may ask for.
 *
 * @example
 * ```ts
 * const scopes: BranchScopes = {
 *   sharing: ['passport'],
 *   identification: [],
 *   documentIdentification: ['passport'],
 *   diiaId: [],
 * };
 * ```
 */
export interface BranchScopes {
  readonly sharing: readonly DocumentType[];
  readonly identification: readonly string[];
  readonly documentIdentification: readonly DocumentType[];
  readonly diiaId: readonly string[];
}

/**
 * A branch (a desk or an office of the partner) as created or updated.
 *
 * @example
 * ```ts
 * const branch: BranchInput = {
 *   name: 'Viza Kryvyi Rih', email: 'desk@example.org', region: 'Dnipropetrovska',
 *   district: 'Kryvorizkyi', location: 'Kryvyi Rih', street: 'Main street', house: '1',
 *   customFullName: 'Viza', customFullAddress: 'Kryvyi Rih, Main street 1',
 *   deliveryTypes: ['api'], offerRequestType: 'dynamic', scopes,
 * };
 * const { id } = await admin.branches.create(branch);
 * ```
 */
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

/**
 * A branch as the platform returns it.
 *
 * @example
 * ```ts
 * const branch: Branch = await admin.branches.get(id);
 * console.log(branch.name, branch.scopes.sharing);
 * ```
 */
export interface Branch extends BranchInput {
  readonly id: string;
}

/**
 * What a Diia ID offer lets the holder do: sign file hashes, or log in.
 *
 * @example
 * ```ts
 * const scope: DiiaIdScope = 'hashedFilesSigning';
 * ```
 */
export type DiiaIdScope = 'auth' | 'hashedFilesSigning';

/**
 * An offer: what a branch asks for through deeplinks: a named set of documents (`sharing`), or a Diia ID
 * operation (`diiaId`: `auth` and/or `hashedFilesSigning`), never both.
 *
 * @example
 * ```ts
 * const offer: OfferInput = { name: 'Passport copy', scopes: { sharing: ['passport'] } };
 * const { id } = await admin.offers.create(branchId, offer);
 * const signing: OfferInput = { name: 'Sign the application', scopes: { diiaId: ['hashedFilesSigning'] } };
 * ```
 */
export interface OfferInput {
  readonly name: string;
  readonly scopes:
    | { readonly sharing: readonly DocumentType[]; readonly diiaId?: undefined }
    | { readonly diiaId: readonly DiiaIdScope[]; readonly sharing?: undefined };
  readonly returnLink?: string;
}

/**
 * An offer as the platform returns it.
 *
 * @example
 * ```ts
 * const { offers } = await admin.offers.list(branchId);
 * const first: Offer | undefined = offers[0];
 * ```
 */
export interface Offer extends OfferInput {
  readonly id: string;
}

/**
 * Paging of list calls (the platform allows `limit` up to 100).
 *
 * @example
 * ```ts
 * const page: Page = { skip: 100, limit: 100 };
 * const { branches } = await admin.branches.list(page);
 * ```
 */
export interface Page {
  readonly skip?: number;
  readonly limit?: number;
}

/**
 * The desk's flow calls of the platform's partner API: what the acceptor, identification and the share flow
 * need, and only that. Every method is one HTTP call (plus the login, which the implementation does by
 * itself). Branches and offers are in {@link PlatformAdmin}.
 *
 * @example
 * ```ts
 * import { diiaTransport, type PlatformTransport } from 'diia-accept/transport';
 * const transport: PlatformTransport = diiaTransport({ baseUrl, acquirerToken });
 * const { success } = await transport.identify({ branchId, code: { kind: 'barcode', barcode } });
 * ```
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
}

/**
 * The partner's administration of the platform: branches and offers, set up once and rarely changed. Apart
 * from {@link PlatformTransport} so that the desk's flows need, and are given, only the flow calls.
 *
 * @example
 * ```ts
 * import { diiaAdmin, type PlatformAdmin } from 'diia-accept/transport';
 * const admin: PlatformAdmin = diiaAdmin({ baseUrl, acquirerToken });
 * const { branches } = await admin.branches.list({ limit: 50 });
 * ```
 */
export interface PlatformAdmin {
  /** Branch set-up (`/api/v2/acquirers/branch…`). */
  readonly branches: {
    /** `POST /api/v2/acquirers/branch`: creates a branch; returns its id. */
    create(branch: BranchInput, options?: CallOptions): Promise<{ readonly id: string }>;
    /** `GET /api/v2/acquirers/branches?skip&limit`: one page of the partner's branches. */
    list(
      page?: Page,
      options?: CallOptions,
    ): Promise<{ readonly total?: number; readonly branches: readonly Branch[] }>;
    /** `GET /api/v2/acquirers/branch/{id}`. */
    get(id: string, options?: CallOptions): Promise<Branch>;
    /** `PUT /api/v2/acquirers/branch/{id}`: scopes cannot change in place (delete and create again). */
    update(id: string, branch: BranchInput, options?: CallOptions): Promise<{ readonly id: string }>;
    /** `DELETE /api/v2/acquirers/branch/{id}`. */
    delete(id: string, options?: CallOptions): Promise<void>;
  };
  /** Offer set-up (`/api/v1/acquirers/branch/{branchId}/offer…`). */
  readonly offers: {
    /** `POST /api/v1/acquirers/branch/{branchId}/offer`: creates an offer; returns its id. */
    create(branchId: string, offer: OfferInput, options?: CallOptions): Promise<{ readonly id: string }>;
    /** `GET /api/v1/acquirers/branch/{branchId}/offers?skip&limit`: one page of the branch's offers. */
    list(
      branchId: string,
      page?: Page,
      options?: CallOptions,
    ): Promise<{ readonly total?: number; readonly offers: readonly Offer[] }>;
    /** `DELETE /api/v1/acquirers/branch/{branchId}/offer/{offerId}`. */
    delete(branchId: string, offerId: string, options?: CallOptions): Promise<void>;
  };
}
