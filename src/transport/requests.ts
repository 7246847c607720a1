/**
 * The request side of the partner API: bodies with only the documented fields, paging, and the checks of
 * arguments. A bad argument is `INVALID_ARGUMENT`, and the detail names the field, never its value.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { isUuid } from '../uuid.js';
import type { BranchInput, HashedFile, OfferInput, OfferRequest, Page } from './port.js';

// ── request bodies ───────────────────────────────────────────────────────────────────────────

export function branchBody(branch: BranchInput): BranchInput {
  if (typeof branch !== 'object' || branch === null) invalid('branch must be an object');
  const { name, email, region, district, location, street, house, customFullName, customFullAddress } =
    branch;
  if (typeof name !== 'string' || name.length < 1 || name.length > 32)
    invalid('branch name must be 1 to 32 characters');
  const scopes = branch.scopes ?? ({} as BranchInput['scopes']);
  // Only the documented fields, so that a partner's own properties never leave for the platform.
  return {
    name,
    email: text(email, 'email', true),
    region: text(region, 'region', true),
    district: text(district, 'district', true),
    location: text(location, 'location', true),
    street: text(street, 'street', true),
    house: text(house, 'house', true),
    customFullName: text(customFullName, 'customFullName', true),
    customFullAddress: text(customFullAddress, 'customFullAddress', true),
    deliveryTypes: branch.deliveryTypes ?? ['api'],
    offerRequestType: branch.offerRequestType ?? 'dynamic',
    scopes: {
      sharing: list(scopes.sharing, 'scopes.sharing'),
      identification: list(scopes.identification, 'scopes.identification'),
      documentIdentification: list(scopes.documentIdentification, 'scopes.documentIdentification'),
      diiaId: list(scopes.diiaId, 'scopes.diiaId'),
    },
  };
}

export function offerBody(offer: OfferInput): OfferInput {
  if (typeof offer !== 'object' || offer === null) invalid('offer must be an object');
  return {
    name: text(offer.name, 'offer name'),
    scopes: offerScopes(offer.scopes),
    ...(offer.returnLink === undefined ? {} : { returnLink: text(offer.returnLink, 'returnLink') }),
  };
}

/**
 * An offer's scopes: `{ sharing }` or `{ diiaId }` (`auth` and/or `hashedFilesSigning`, each once), as
 * `POST /api/v1/acquirers/branch/{branchId}/offer` takes them; never both.
 */
function offerScopes(scopes: OfferInput['scopes'] | undefined): OfferInput['scopes'] {
  if (scopes?.diiaId === undefined) return { sharing: list(scopes?.sharing, 'scopes.sharing') };
  if (scopes.sharing !== undefined) invalid('an offer has sharing or diiaId scopes, not both');
  const diiaId = list(scopes.diiaId, 'scopes.diiaId');
  const known = diiaId.every((scope) => scope === 'auth' || scope === 'hashedFilesSigning');
  if (diiaId.length === 0 || !known || new Set(diiaId).size !== diiaId.length)
    invalid('scopes.diiaId must list auth and/or hashedFilesSigning, each once');
  return { diiaId };
}

/**
 * The body of `POST …/offer-request/dynamic`: `{ offerId, requestId, returnLink?, useDiiaId?, signAlgo?, data? }`,
 * members absent when not given. `data` is the Diia ID signing shape of the official SDKs
 * (`{ hashedFilesSigning: { hashedFiles: [{ fileName, fileHash }] } }`), at least one file; the request id
 * is a UUID or, for a Diia ID login, a hashed id (standard base64).
 */
export function offerRequestBody(request: OfferRequest): Record<string, unknown> {
  if (typeof request !== 'object' || request === null) invalid('the offer request must be an object');
  const { offerId, requestId, returnLink, useDiiaId, signAlgo, data } = request;
  if (signAlgo !== undefined && signAlgo !== 'DSTU' && signAlgo !== 'ECDSA')
    invalid('signAlgo must be DSTU or ECDSA');
  return {
    offerId: text(offerId, 'offerId'),
    requestId: isUuid(requestId) ? requestId : hashedRequestId(requestId),
    ...(returnLink === undefined ? {} : { returnLink: text(returnLink, 'returnLink') }),
    ...(useDiiaId === undefined ? {} : { useDiiaId: Boolean(useDiiaId) }),
    ...(signAlgo === undefined ? {} : { signAlgo }),
    ...(data === undefined ? {} : { data: { hashedFilesSigning: { hashedFiles: hashedFiles(data) } } }),
  };
}

const MAX_HASHED_FILES = 1000;
/** Standard base64 with padding, 16 to 64 bytes (a digest): the hashed id of a login, a file's hash. */
const DIGEST_BASE64 = /^(?=(?:.{4})+$)[A-Za-z0-9+/]{22,86}={0,2}$/;

function hashedRequestId(value: unknown): string {
  if (typeof value !== 'string' || !DIGEST_BASE64.test(value))
    return invalid('requestId must be a UUID or a hashed id (standard base64 of a digest)');
  return value;
}

function hashedFiles(data: OfferRequest['data']): HashedFile[] {
  const files = (data as { hashedFilesSigning?: { hashedFiles?: unknown } })?.hashedFilesSigning?.hashedFiles;
  if (!Array.isArray(files) || files.length < 1 || files.length > MAX_HASHED_FILES)
    return invalid(`data.hashedFilesSigning.hashedFiles must list 1 to ${MAX_HASHED_FILES} files`);
  return files.map((file: Partial<HashedFile> | null, i) => {
    const fileHash = file?.fileHash;
    if (typeof fileHash !== 'string' || !DIGEST_BASE64.test(fileHash))
      invalid(`hashedFiles[${i}].fileHash must be standard base64 of a digest`);
    // Only the two documented members: a partner's own properties never leave for the platform.
    return { fileName: text(file?.fileName, `hashedFiles[${i}].fileName`), fileHash };
  });
}

// ── argument checks (INVALID_ARGUMENT, never quoting the value) ──────────────────────────────────────────

export function paging(page: Page | undefined): Record<string, number | undefined> {
  const { skip, limit } = page ?? {};
  if (skip !== undefined && (!Number.isInteger(skip) || skip < 0)) invalid('skip must be a whole number ≥ 0');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    invalid('limit must be a whole number ≥ 1');
  return { skip, limit };
}

export function text(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0) || value.length > 4096) {
    return invalid(`${what} must be a${allowEmpty ? '' : ' non-empty'} string`);
  }
  return value;
}

/** An id placed in the path: encoded, so `../` or `?` in it cannot reach another endpoint. */
export function segment(value: unknown, what: string): string {
  return encodeURIComponent(text(value, what));
}

function list<T extends string>(value: readonly T[] | undefined, what: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return invalid(`${what} must be a list of strings`);
  }
  return [...value] as T[];
}

export function uuid(value: unknown): string {
  if (!isUuid(value)) return invalid('requestId must be a UUID');
  return value;
}

export function invalid(detail: string): never {
  throw new AcceptError('INVALID_ARGUMENT', { detail });
}
